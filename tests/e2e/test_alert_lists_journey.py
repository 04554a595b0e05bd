"""Working an alert list through the main window: reorder, add a role, change method, undo, shortcuts, and the
action cards that notify a list."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from beredskap_desktop.domain.alerts import AlertMethod
from beredskap_desktop.domain.cards import ActionCard, Step
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.storage import alerts, cards


def open_page(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.alert_lists_page
    assert window.pages.currentWidget() is page
    return page


def member_names(store):
    members = alerts.list_all(store)[0].members
    return [m.contact_id or m.role_id for m in members]


def test_reorder_with_keyboard_persists_and_undoes(qtbot, window, seeded):
    store = seeded["store"]
    page = open_page(qtbot, window)
    kari, aase = seeded["kari"].id, seeded["aase"].id
    assert member_names(store) == [kari, aase, "loggforer"]
    page.table.selectRow(0)
    page.table.setFocus()  # table shortcuts act where the focus is
    qtbot.keyClick(page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert member_names(store) == [aase, kari, "loggforer"]
    assert page.table.currentIndex().row() == 1  # the moved member stays selected
    qtbot.mouseClick(page.down_button, Qt.MouseButton.LeftButton)
    assert member_names(store) == [aase, "loggforer", kari]
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert member_names(store) == [aase, kari, "loggforer"]


def test_add_role_and_change_method(qtbot, window, seeded, monkeypatch):
    store = seeded["store"]
    page = open_page(qtbot, window)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Kriseleder", True))
    qtbot.mouseClick(page.add_role_button, Qt.MouseButton.LeftButton)
    last = alerts.list_all(store)[0].members[-1]
    assert last.role_id == "kriseleder"
    assert "Kari Ødegård" in page.model.index(3, 1).data()  # the role resolves to its holder
    page.method.setCurrentIndex(page.method.findData(AlertMethod.NODNETT.value))
    page.method.activated.emit(page.method.currentIndex())
    assert alerts.list_all(store)[0].members[-1].method is AlertMethod.NODNETT


def test_removing_a_member_can_be_undone(qtbot, window, seeded):
    store = seeded["store"]
    page = open_page(qtbot, window)
    page.table.selectRow(1)
    page.table.setFocus()  # table shortcuts act where the focus is
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(alerts.list_all(store)[0].members) == 2
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert member_names(store)[1] == seeded["aase"].id


def test_ctrl_n_makes_a_list_and_ctrl_s_saves_the_name_being_typed(qtbot, window, seeded, monkeypatch):
    store = seeded["store"]
    page = open_page(qtbot, window)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Skolene", True))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert sorted(a.name for a in alerts.list_all(store)) == ["Kriseledelsen", "Skolene"]
    assert page.current.name == "Skolene"
    page.name.setFocus()
    qtbot.keyClicks(page.name, " i Fjordtest")
    qtbot.keyClick(page.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert alerts.get(store, page.current.id).name == "Skolene i Fjordtest"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.contacts_page and window.contacts_page.search.hasFocus()


def test_a_new_or_renamed_list_reaches_an_open_action_card(qtbot, window, seeded, monkeypatch):
    store = seeded["store"]
    card = cards.save(store, ActionCard("", "TK-01", "Varsle", "kriseleder", steps=(Step("", "Varsle kriseledelsen"),)))
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # the cards page is built first
    window.cards_page.show_card(card.id)
    page = open_page(qtbot, window)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Skolene", True))
    page.new_list_button.click()
    page.name.setText("Skoler og barnehager")
    page.name.editingFinished.emit()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    notify = window.cards_page.editor.steps.notify
    assert notify.findText(_("List: {name}").format(name="Skoler og barnehager")) >= 0
    assert notify.findData(f"list:{page.current.id}") >= 0


def test_deleting_a_list_says_which_cards_notify_it(qtbot, window, seeded, monkeypatch):
    store = seeded["store"]
    [crisis] = alerts.list_all(store)
    for code in ("TK-01", "TK-02"):
        cards.save(store, ActionCard("", code, "Varsle", "kriseleder", steps=(Step("", "Varsle", notify_alert_list_id=crisis.id),)))
    page = open_page(qtbot, window)
    asked = []
    monkeypatch.setattr("beredskap_desktop.ui.pages.alert_lists_page.ask", lambda parent, title, text, *a, **k: asked.append(text))
    page.delete_list()
    notified = ngettext("{count} action card notifies this list; it loses that notification and gets a new version.",
                        "{count} action cards notify this list; they lose that notification and get a new version.", 2)
    assert notified.format(count=2) in asked[0]
    assert alerts.get(store, crisis.id) is not None  # not answered: kept
