"""The Ctrl+K search dialog and the incident types dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt

from beredskap_desktop.domain.cards import ActionCard, Step
from beredskap_desktop.domain.plans import Plan, PlanType, Section
from beredskap_desktop.storage import cards, incident_types, plans
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui.dialogs.find_everywhere import FindEverywhere
from beredskap_desktop.ui.dialogs.incident_types import CODE, NAME, IncidentTypesDialog


def _texts(widget) -> list[str]:
    return [widget.item(row).text() for row in range(widget.count())]


def test_typing_lists_hits_under_headings_and_enter_opens_the_first(qtbot, store):
    plan = plans.save(store, Plan("", PlanType.EPS, "EPS-plan", sections=(Section("", "Pårørendesenter", "Åpnes i Fjordvik-hallen."),)))
    card = cards.save(store, ActionCard("", "TK-07", "EPS-leder – åpne senteret", "eps-leder", steps=(Step("", "Åpne Fjordvik-hallen."),)))
    dialog = FindEverywhere(store)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.query, "fjordvik hall")
    assert _texts(dialog.results) == ["Planavsnitt", "EPS-plan › Pårørendesenter", "Tiltakskort", "TK-07  EPS-leder – åpne senteret"]
    with qtbot.waitSignal(dialog.chosen) as opened:
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert opened.args == ["plan", plan.id, plan.sections[0].id]
    dialog.query.setText("TK-07")
    with qtbot.waitSignal(dialog.chosen) as opened:
        dialog.results.itemActivated.emit(dialog.results.item(1))
    assert opened.args == ["card", card.id, ""]


def test_no_hits_says_so(qtbot, store):
    dialog = FindEverywhere(store)
    qtbot.addWidget(dialog)
    dialog.query.setText("finnesikke")
    assert dialog.results.count() == 0
    assert "finnesikke" in dialog.status.text()


def test_add_rename_and_delete_incident_types(qtbot, store, monkeypatch):
    monkeypatch.setattr("beredskap_desktop.ui.dialogs.incident_types.ask", lambda *args, **kwargs: 0)
    dialog = IncidentTypesDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 13
    dialog.new_code.setText("Dambrudd!")
    dialog.new_name.setText("Dambrudd")
    dialog.add_button.click()
    assert "a–z" in dialog.message.text()
    assert "Dambrudd!" not in incident_types.names(store)
    dialog.new_code.setText("dambrudd")
    dialog.add_button.click()
    assert incident_types.names(store)["dambrudd"] == "Dambrudd"
    assert dialog.new_code.text() == ""
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, CODE).text() == "flom")
    dialog.table.item(row, NAME).setText("Flom og stormflo")
    assert incident_types.names(store)["flom"] == "Flom og stormflo"
    dialog.table.item(row, NAME).setText("  ")
    assert incident_types.names(store)["flom"] == "Flom og stormflo"
    assert dialog.message.text()
    cards.save(store, ActionCard("", "TK-01", "Flom", "kriseleder", ("flom",), steps=(Step("", "Evakuer."),)))
    dialog.reload()
    dialog.table.selectRow(row)
    dialog.delete_selected()
    assert "flom" in incident_types.names(store)
    assert "TK" not in dialog.message.text() and "1" in dialog.message.text()
    last = dialog.table.rowCount() - 1
    assert dialog.table.item(last, CODE).text() == "dambrudd"
    dialog.table.selectRow(last)
    dialog.delete_selected()
    assert "dambrudd" not in incident_types.names(store)


def test_read_only_database_lists_types_but_cannot_change_them(qtbot, db_path, store):
    store.close()
    with open_store(db_path, read_only=True) as read_only:
        dialog = IncidentTypesDialog(read_only)
        qtbot.addWidget(dialog)
        assert dialog.table.rowCount() == 13
        assert not dialog.add_button.isEnabled() and not dialog.delete_button.isEnabled()
        assert dialog.table.editTriggers() == dialog.table.EditTrigger.NoEditTriggers
        dialog.close()


def test_an_overdue_plan_is_marked_in_the_hits(qtbot, store):
    from datetime import date

    from beredskap_desktop.domain.plans import PlanStatus

    plans.save(store, Plan("", PlanType.POWER, "Strømbruddsplan", status=PlanStatus.ADOPTED, adopted_on=date(2020, 1, 1),
                           sections=(Section("", "Aggregat", "Aggregatet på sykehjemmet."),)),
               author="Per", reason="Vedtatt", on=date(2020, 1, 1))
    dialog = FindEverywhere(store)
    qtbot.addWidget(dialog)
    dialog.query.setText("aggregat")
    assert _texts(dialog.results) == ["Planavsnitt", "Strømbruddsplan › Aggregat  ⚠ Forfalt"]
