"""Journeys on the Contacts page through the real main window, as a user does them."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from beredskap_desktop.domain.cards import ActionCard, Step
from beredskap_desktop.i18n import ngettext
from beredskap_desktop.storage import alerts, cards, contacts
from tests.gui_fixtures import answer_next_dialog


def visible_names(page):
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_a_bad_number_is_explained_and_nothing_is_saved(qtbot, window, seeded):
    store = seeded["store"]
    before = contacts.count(store)
    window.new_action.trigger()
    editor = window.contacts_page.editor
    qtbot.keyClicks(editor.lines["name"], "Per Hansen")
    qtbot.keyClicks(editor.lines["work_mobile"], "1234")
    editor.lines["work_mobile"].editingFinished.emit()
    message = editor.messages["work_mobile"]
    assert message.isVisible() and "Mobil (arbeid)" in message.text() and "1234" in message.text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert contacts.count(store) == before
    assert editor.summary.isVisible()
    assert editor.lines["name"].text() == "Per Hansen"  # nothing typed is lost

    editor.lines["work_mobile"].clear()
    qtbot.keyClicks(editor.lines["work_mobile"], "+47 412 00 111")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert contacts.count(store) == before + 1
    saved = contacts.get(store, editor.contact.id)
    assert saved.work_mobile == "+4741200111"
    assert "Per Hansen" in visible_names(window.contacts_page)
    assert editor.lines["work_mobile"].text() == "412 00 111"


def test_short_numbers_are_refused_for_people(qtbot, window, seeded):
    window.new_action.trigger()
    editor = window.contacts_page.editor
    qtbot.keyClicks(editor.lines["name"], "Per Hansen")
    qtbot.keyClicks(editor.lines["work_landline"], "112")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.messages["work_landline"].isVisible()
    assert "organisasjon" in editor.messages["work_landline"].text()
    assert contacts.count(seeded["store"]) == 4


def test_search_as_you_type_finds_without_norwegian_letters(qtbot, window):
    page = window.contacts_page
    qtbot.keyClicks(page.search, "odegard")
    assert visible_names(page) == ["Kari Ødegård"]
    page.search.clear()
    qtbot.keyClicks(page.search, "aase")
    assert visible_names(page) == ["Åse Nilsen"]
    page.search.clear()
    qtbot.keyClicks(page.search, "zzz")
    assert page.model.rowCount() == 0 and page.empty.isVisible() and "zzz" in page.empty.text()


def test_ctrl_f_focuses_search_and_filters_combine(qtbot, window):
    page = window.contacts_page
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    page.role_filter.setCurrentIndex(page.role_filter.findData("kriseleder"))
    assert visible_names(page) == ["Kari Ødegård"]


def test_editing_and_saving_updates_the_table(qtbot, window, seeded):
    page = window.contacts_page
    page.select(seeded["ola"].id)
    editor = page.editor
    assert editor.lines["name"].text() == "Ola Berg"
    editor.lines["position"].clear()
    qtbot.keyClicks(editor.lines["position"], "Loggfører og arkivar")
    qtbot.keyClick(editor.lines["position"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert contacts.get(seeded["store"], seeded["ola"].id).position == "Loggfører og arkivar"


def test_copy_number_puts_digits_on_the_clipboard(qtbot, window, seeded):
    page = window.contacts_page
    page.select(seeded["kari"].id)
    copy = page.editor.findChild(type(page.editor.show_private), "copy_work_mobile")
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "41234567"


def test_delete_asks_first_and_clears_alert_lists(qtbot, window, seeded):
    store = seeded["store"]
    page = window.contacts_page
    page.select(seeded["kari"].id)
    answer_next_dialog("Avbryt")
    page.table.setFocus()  # table shortcuts act where the focus is
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert contacts.get(store, seeded["kari"].id) is not None
    answer_next_dialog("Slett")
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert contacts.get(store, seeded["kari"].id) is None
    assert all(m.contact_id != seeded["kari"].id for m in alerts.list_all(store)[0].members)
    assert contacts.get(store, seeded["aase"].id).deputy_id is None


def test_stale_badge_in_the_editor(qtbot, window, seeded):
    page = window.contacts_page
    page.select(seeded["ola"].id)
    assert page.editor.verified_label.text().startswith("⚠")
    confirm = next(b for b in page.editor.findChildren(type(page.editor.save_button)) if b.text() == "Bekreft at opplysningene stemmer i dag")
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    page.editor.save()
    assert contacts.get(seeded["store"], seeded["ola"].id).verified_at is not None
    assert not page.editor.verified_label.text().startswith("⚠")


def test_deleting_a_contact_says_which_cards_notify_it(qtbot, window, seeded, monkeypatch):
    store = seeded["store"]
    cards.save(store, ActionCard("", "TK-01", "Ring brannsjefen", "kriseleder",
                                 steps=(Step("", "Ring", notify_contact_id=seeded["kari"].id),)))
    page = window.contacts_page
    asked = []
    monkeypatch.setattr("beredskap_desktop.ui.pages.contacts_page.ask", lambda parent, title, text, *a, **k: asked.append(text))
    notified = ngettext("{count} action card notifies this contact; it loses that notification and gets a new version.",
                        "{count} action cards notify this contact; they lose that notification and get a new version.", 1).format(count=1)
    page.select(seeded["ola"].id)
    page.delete_selected()
    page.select(seeded["kari"].id)
    page.delete_selected()
    assert notified not in asked[0] and notified in asked[1]
    assert contacts.get(store, seeded["kari"].id) is not None  # not answered: kept
