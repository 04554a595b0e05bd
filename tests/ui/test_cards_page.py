"""The Action cards page on its own: filters, search, duplicate, delete, errors that keep the typing, read-only."""

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from beredskap_desktop.domain.cards import Phase
from beredskap_desktop.domain.plans import Plan, PlanStatus, PlanType
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import alerts, cards, plans
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui.pages.cards_page import CardsPage
from tests.ui.test_cards_models import add_cards


@pytest.fixture
def library(seeded):
    return add_cards(seeded)


@pytest.fixture
def page(qtbot, library):
    widget = CardsPage(library["store"])
    qtbot.addWidget(widget)
    widget.resize(1170, 760)
    widget.show()
    return widget


def listed(page) -> list[str]:
    return [page.model.card_at(row).code for row in range(page.model.rowCount())]


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def answer(monkeypatch, choice: int | None, asked: list | None = None) -> None:
    """Answer the page's next questions with the button at ``choice`` (None: cancel)."""

    def reply(parent, title, text, choices, **kwargs):
        if asked is not None:
            asked.append(text)
        return choice

    monkeypatch.setattr("beredskap_desktop.ui.pages.cards_page.ask", reply)


def click_step(qtbot, steps, row: int) -> None:
    """Choose a step in the table with the mouse (the table then has the keyboard)."""
    qtbot.mouseClick(steps.table.viewport(), Qt.MouseButton.LeftButton, pos=steps.table.visualRect(steps.model.index(row, 0)).center())
    assert steps.current_row() == row


def test_filters_by_role_incident_type_and_phase(page):
    assert listed(page) == ["LOG-1", "TK-01", "TK-2", "TK-10"]
    choose(page.role_filter, "kriseleder")
    assert listed(page) == ["TK-01", "TK-10"]
    choose(page.role_filter, None)
    choose(page.type_filter, "strombrudd")
    assert listed(page) == ["TK-01", "TK-2"]  # the always-activated card matches every type
    assert page.type_filter.toolTip() == _("Cards that are always activated count as matching every incident type.")
    choose(page.phase_filter, Phase.RESPONSE.value)
    assert listed(page) == ["TK-2"]
    assert page.count_label.text().startswith("1 ") and " 4 " in page.count_label.text()
    choose(page.type_filter, "cbrne")
    assert listed(page) == [] and page.empty.isVisible() and not page.table.isVisible()


def test_search_as_you_type(qtbot, page):
    qtbot.keyClicks(page.search, "aggregat")
    assert listed(page) == ["TK-2"]
    page.search.clear()
    qtbot.keyClicks(page.search, "loggf")
    assert listed(page) == ["LOG-1"]


def test_choosing_a_card_opens_it_with_its_steps_and_where_used(page, library):
    page.show_card(library["flood"].id)
    editor = page.editor
    assert editor.code.text() == "TK-10" and editor.title.text() == "Evakuering ved flom"
    assert editor.checked_types() == ("flom", "skred")
    assert editor.phases[Phase.RECOVERY].isChecked() and not editor.phases[Phase.ALERT].isChecked()
    assert editor.steps.model.rowCount() == 1
    assert "Flom" in editor.where_used.text() and "Skred" in editor.where_used.text()
    assert page.table.currentIndex().row() == page.model.row_of(library["flood"].id)
    page.show_card(library["first"].id)
    assert _("all incidents") in editor.where_used.text()


def test_where_used_follows_the_plan_chain(page, library):
    store = library["store"]
    overall = plans.save(store, Plan("", PlanType.OVERALL, "Overordnet beredskapsplan"))
    evacuation = plans.save(store, Plan("", PlanType("evakuering"), "Evakueringsplan", parent_id=overall.id))
    page.reload()  # as after a change on the Plans page
    page.show_card(library["flood"].id)
    page.editor.plan.setCurrentIndex(page.editor.plan.findData(evacuation.id))
    assert "Overordnet beredskapsplan › Evakueringsplan" in page.editor.where_used.text()
    page.save()
    assert cards.get(store, library["flood"].id).plan_id == evacuation.id


def test_an_overdue_plan_is_marked_where_the_card_names_it(page, library):
    store = library["store"]
    stale = plans.save(store, Plan("", PlanType.POWER, "Strømbruddsplan", status=PlanStatus.ADOPTED, adopted_on=date(2020, 1, 1)),
                       author="Per", reason="Vedtatt", on=date(2020, 1, 1))
    page.reload()
    page.show_card(library["flood"].id)
    combo = page.editor.plan
    assert combo.itemText(combo.findData(stale.id)) == "Strømbruddsplan  ⚠ Forfalt"
    combo.setCurrentIndex(combo.findData(stale.id))
    assert "Strømbruddsplan  ⚠ Forfalt" in page.editor.where_used.text()


def test_show_card_clears_filters_that_hide_it(qtbot, page, library):
    qtbot.keyClicks(page.search, "aggregat")
    choose(page.phase_filter, Phase.RESPONSE.value)
    page.show_card(library["log"].id)
    assert page.search.text() == "" and page.phase_filter.currentData() is None
    assert page.editor.code.text() == "LOG-1"
    assert page.model.card_at(page.table.currentIndex().row()).code == "LOG-1"


def test_duplicate_selects_the_copy_under_the_next_code(qtbot, page, library):
    store = library["store"]
    page.show_card(library["flood"].id)
    with qtbot.waitSignal(page.changed, timeout=1000):
        qtbot.mouseClick(page.duplicate_button, Qt.MouseButton.LeftButton)
    assert cards.count(store) == 5
    assert page.editor.code.text() == "TK-11"
    copy = cards.get(store, page.editor.card_id())
    assert copy.incident_types == ("flom", "skred") and [s.text for s in copy.steps] == ["Avklar evakueringsområde"]
    assert listed(page)[-1] == "TK-11" and page.table.currentIndex().row() == 4


def test_delete_asks_with_code_and_title(qtbot, page, library, monkeypatch):
    store = library["store"]
    page.show_card(library["power"].id)
    asked = []
    answer(monkeypatch, None, asked)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "TK-2" in asked[0] and "Strømbrudd i sykehjem" in asked[0]
    assert cards.count(store) == 4
    answer(monkeypatch, 0)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert cards.get(store, library["power"].id) is None
    assert listed(page) == ["LOG-1", "TK-01", "TK-10"]
    assert page.editor.code.text() == "TK-10"  # the next card in the list is opened


def test_a_bad_deadline_is_explained_and_nothing_is_lost(qtbot, page, library):
    store = library["store"]
    page.show_card(library["power"].id)
    editor, steps = page.editor, page.editor.steps
    qtbot.keyClicks(editor.title, " (ny)")
    steps.select(1)
    qtbot.keyClicks(steps.deadline, "T+ tretti")
    steps.deadline.editingFinished.emit()
    assert steps.deadline_message.isVisible() and "T+30 min" in steps.deadline_message.text()
    steps.select(2)
    assert not steps.deadline_message.isVisible()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert cards.get(store, library["power"].id).version == 1  # nothing saved
    assert steps.current_row() == 1 and steps.deadline_message.isVisible()  # the step to fix is shown
    assert "2" in editor.summary.text() and editor.summary.isVisible()
    assert steps.deadline.text() == "T+ tretti" and editor.title.text() == "Strømbrudd i sykehjem (ny)"
    steps.deadline.clear()
    qtbot.keyClicks(steps.deadline, "T+30 min")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = cards.get(store, library["power"].id)
    assert saved.version == 2 and saved.steps[1].deadline_minutes == 30 and saved.title.endswith("(ny)")
    assert "2" in editor.version.text()


def test_a_taken_code_is_refused_and_the_card_kept(qtbot, page, library):
    store = library["store"]
    page.new_item()
    editor = page.editor
    assert editor.code.text() == "TK-11" and editor.is_new()
    editor.code.setText("tk-2")
    qtbot.keyClicks(editor.title, "Reserveaggregat")
    qtbot.mouseClick(editor.steps.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.steps.text, "Start reserveaggregatet")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert cards.count(store) == 4
    assert "TK-2" in editor.summary.text() and "Strømbrudd i sykehjem" in editor.summary.text()
    assert editor.title.text() == "Reserveaggregat" and editor.steps.model.rowCount() == 1
    editor.code.setText("TK-20")
    page.save()
    assert cards.count(store) == 5 and listed(page)[-1] == "TK-20"


def test_new_card_starts_in_the_filtered_role_type_and_phase(page):
    choose(page.role_filter, "stabssjef")
    choose(page.type_filter, "flom")
    choose(page.phase_filter, Phase.ALERT.value)
    page.new_item()
    editor = page.editor
    assert editor.role.currentData() == "stabssjef" and editor.checked_types() == ("flom",)
    assert editor.phases[Phase.ALERT].isChecked() and not page.table.selectionModel().hasSelection()
    assert not page.delete_button.isEnabled() and not page.duplicate_button.isEnabled()


def test_leaving_unsaved_edits_asks_and_cancel_stays(qtbot, page, library, monkeypatch):
    page.show_card(library["flood"].id)
    qtbot.keyClicks(page.editor.title, "!")
    answer(monkeypatch, None)
    page.table.selectRow(page.model.row_of(library["log"].id))
    assert page.editor.title.text() == "Evakuering ved flom!"
    assert page.table.currentIndex().row() == page.model.row_of(library["flood"].id)  # the list follows the editor
    answer(monkeypatch, 1)  # discard
    page.table.selectRow(page.model.row_of(library["log"].id))
    assert page.editor.code.text() == "LOG-1" and not page.editor.dirty
    assert cards.get(library["store"], library["flood"].id).title == "Evakuering ved flom"


def test_steps_add_move_undo_and_notify(qtbot, page, library, monkeypatch):
    store = library["store"]
    page.show_card(library["power"].id)
    steps = page.editor.steps
    click_step(qtbot, steps, 0)
    qtbot.keyClick(steps.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [d.step.text for d in steps.model.drafts()] == ["Sjekk medisinsk utstyr", "Start aggregat", "Meld status"]
    assert steps.current_row() == 1
    qtbot.keyClick(steps.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert steps.model.drafts()[0].step.text == "Start aggregat"
    list_id = alerts.list_all(store)[0].id
    steps.notify.setCurrentIndex(steps.notify.findData(f"list:{list_id}"))
    steps.notify.activated.emit(steps.notify.currentIndex())

    class Picker:  # the contact picker, answered with Åse
        def __init__(self, *args):
            pass

        def exec(self):
            return 1

        def chosen_id(self):
            return library["aase"].id

    monkeypatch.setattr("beredskap_desktop.ui.widgets.step_editor.ContactPicker", Picker)
    steps.select(2)
    steps.notify.setCurrentIndex(steps.notify.count() - 1)  # "Choose a contact…"
    steps.notify.activated.emit(steps.notify.currentIndex())
    assert steps.notify.currentText() == "Åse Nilsen"
    steps.role.setCurrentIndex(steps.role.findData("loggforer"))
    steps.role.activated.emit(steps.role.currentIndex())
    page.save()
    saved = cards.get(store, library["power"].id).steps
    assert saved[0].notify_alert_list_id == list_id
    assert saved[2].notify_contact_id == library["aase"].id and saved[2].responsible_role_id == "loggforer"


def test_reload_keeps_what_is_typed(qtbot, page, library):
    page.show_card(library["flood"].id)
    qtbot.keyClicks(page.editor.purpose, "Få alle ut")
    page.editor.incident_types.item(0).setCheckState(Qt.CheckState.Checked)
    page.reload()
    assert page.editor.purpose.toPlainText() == "Få alle ut" and page.editor.dirty
    assert page.editor.checked_types() == ("strombrudd", "flom", "skred")


def test_read_only_shows_cards_without_editing(qtbot, library, db_path):
    library["store"].close()
    with open_store(db_path, read_only=True) as store:
        page = CardsPage(store)
        qtbot.addWidget(page)
        page.show_card(library["power"].id)
        assert page.editor.title.text() == "Strømbrudd i sykehjem" and page.editor.title.isReadOnly()
        assert not page.editor.save_button.isEnabled() and not page.editor.role.isEnabled()
        assert not any(b.isEnabled() for b in (page.new_button, page.duplicate_button, page.delete_button))
        steps = page.editor.steps
        assert steps.text.isReadOnly() and not steps.add_button.isEnabled() and not steps.down_button.isEnabled()
        page.new_item()
        page.duplicate()
        assert cards.count(store) == 4


def test_removing_a_step_and_typing_can_be_undone(qtbot, page, library):
    page.show_card(library["power"].id)
    steps = page.editor.steps
    click_step(qtbot, steps, 1)
    qtbot.keyClick(steps.table, Qt.Key.Key_Delete)
    assert [d.step.text for d in steps.model.drafts()] == ["Start aggregat", "Meld status"] and page.editor.dirty
    qtbot.mouseClick(steps.undo_button, Qt.MouseButton.LeftButton)
    assert [d.step.text for d in steps.model.drafts()] == ["Start aggregat", "Sjekk medisinsk utstyr", "Meld status"]
    steps.select(0)
    qtbot.keyClicks(steps.text, " nå")
    assert steps.model.index(0, 0).data() == "Start aggregat nå"
    qtbot.keyClick(steps.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo for the whole typing
    assert steps.model.index(0, 0).data() == "Start aggregat" and steps.text.toPlainText() == "Start aggregat"
    assert not steps.undo_button.isEnabled()
    assert cards.get(library["store"], library["power"].id).steps[0].text == "Start aggregat"


def test_reload_says_when_a_card_with_unsaved_edits_changed_meanwhile(qtbot, page, library):
    store = library["store"]
    page.show_card(library["flood"].id)
    qtbot.keyClicks(page.editor.purpose, "Få alle ut")
    changed = cards.save(store, replace(library["flood"], title="Evakuering ved flom og skred"))
    page.reload()  # what File → Import does
    editor = page.editor
    assert editor.purpose.toPlainText() == "Få alle ut" and editor.dirty
    assert editor.base == changed and str(changed.version) in editor.version.text()
    assert editor.summary.text()
    qtbot.mouseClick(editor.revert_button, Qt.MouseButton.LeftButton)
    assert editor.title.text() == "Evakuering ved flom og skred" and not editor.dirty
