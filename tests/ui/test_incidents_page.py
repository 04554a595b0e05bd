"""The Incidents page: starting, who is at the keyboard, the log tab, status and phase, closing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QRadioButton

from beredskap_desktop.domain.cards import Phase
from beredskap_desktop.domain.clock import now_utc, show
from beredskap_desktop.domain.incidents import Severity, Status
from beredskap_desktop.domain.log import Category, Draft, Operator
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import incidents, log
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui.dialogs.close_incident import CloseIncidentDialog
from beredskap_desktop.ui.dialogs.log_entry import LogEntryDialog
from beredskap_desktop.ui.dialogs.operator import OperatorDialog
from beredskap_desktop.ui.dialogs.start_incident import StartIncidentDialog
from beredskap_desktop.ui.models import log_model
from beredskap_desktop.ui.models.log_model import CORRECTION, ENTRY_ROLE
from beredskap_desktop.ui.pages.incidents_page import IncidentsPage
from beredskap_desktop.ui.widgets import incident_log
from beredskap_desktop.domain.log import grouped
from beredskap_desktop.ui.widgets.incident_style import ERROR_COLOUR, OK_COLOUR
from tests.gui_fixtures import answer_next_dialog

DEVICE = "laptop-test"
KARI = Operator("Kari Ødegård", "Kriseleder")
WHO = {"device_id": DEVICE, "operator": KARI}


@pytest.fixture(autouse=True)
def device(monkeypatch):
    monkeypatch.setenv("BEREDSKAP_DEVICE_ID", DEVICE)


def start(store, title="Flom i Elvedalen", **fields):
    return incidents.start(store, title=title, incident_types=("flom",), severity=Severity.RED, **{**WHO, **fields})


def shown_page(qtbot, store, operator=KARI) -> IncidentsPage:
    page = IncidentsPage(store)
    page.operator = operator
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def save_entry(qtbot, dialog: LogEntryDialog) -> None:
    """Ctrl+Enter in the text (the offscreen platform activates no dialog by itself)."""
    dialog.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def rows(page) -> list:
    model = page.log_tab.model
    return [model.row(r) for r in range(model.rowCount())]


def test_an_empty_page_starts_an_incident_after_checking_every_field(qtbot, store):
    page = shown_page(qtbot, store, operator=None)
    assert page.stack.currentIndex() == 0 and page.empty.isVisible()
    qtbot.mouseClick(page.empty_start, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, StartIncidentDialog) and dialog.isVisible() and not dialog.exercise.isChecked()
    assert show(now_utc())[:10] in dialog.clock.text()  # the laptop's clock, to confirm
    ok(qtbot, dialog)
    assert set(dialog.errors.messages()) == {"title", "incident_types", "severity", "clock", "operator"}
    assert dialog.isVisible() and incidents.list_all(store) == []

    qtbot.keyClicks(dialog.title, "Flom i Elvedalen")
    dialog.type_boxes["flom"].setChecked(True)
    dialog.type_boxes["skred"].setChecked(True)
    dialog.findChild(QRadioButton, "severity_rod").setChecked(True)
    qtbot.keyClicks(dialog.crisis_room, "Rådhuset, møterom 2")
    ok(qtbot, dialog)
    assert set(dialog.errors.messages()) == {"clock", "operator"}  # what was fixed is no longer shown
    dialog.clock_confirmed.setChecked(True)
    qtbot.keyClicks(dialog.operator_fields.name, "  Kari   Ødegård ")
    dialog.operator_fields.role.setCurrentText("Loggfører")
    ok(qtbot, dialog)
    assert not dialog.isVisible()

    [started] = incidents.list_all(store)
    assert (started.title, started.incident_types, started.severity, started.crisis_room, started.exercise, started.started_by) == (
        "Flom i Elvedalen", ("flom", "skred"), Severity.RED, "Rådhuset, møterom 2", False, "Kari Ødegård")
    first = log.entries(store, started.id)[0]
    assert (first.device_id, first.operator, first.role) == (DEVICE, "Kari Ødegård", "Loggfører")
    assert page.operator == Operator("Kari Ødegård", "Loggfører") and "Kari Ødegård" in page.operator_label.text()
    assert page.stack.currentIndex() == 1 and page.incident.id == started.id and page.title.text() == "Flom i Elvedalen"
    assert not page.exercise_badge.isVisible() and page.log_tab.model.rowCount() == log.count(store, started.id)


def test_who_is_at_the_keyboard_is_asked_when_an_open_incident_shows_and_can_change(qtbot, store):
    started = start(store)
    page = shown_page(qtbot, store, operator=None)
    dialog = page.dialog
    assert isinstance(dialog, OperatorDialog) and dialog.isVisible()
    ok(qtbot, dialog)
    assert "operator" in dialog.errors.messages() and dialog.isVisible()
    qtbot.keyClicks(dialog.fields.name, "Ola Berg")
    dialog.fields.role.setCurrentText("Loggfører")
    ok(qtbot, dialog)
    assert page.operator == Operator("Ola Berg", "Loggfører") and "Ola Berg (Loggfører)" in page.operator_label.text()

    qtbot.mouseClick(page.change_operator, Qt.MouseButton.LeftButton)
    change = page.dialog
    assert change.fields.name.text() == "Ola Berg"  # filled with who was there
    change.fields.name.setText("Åse Nilsen")
    change.fields.role.setCurrentText("Stabssjef")
    ok(qtbot, change)
    qtbot.mouseClick(page.log_tab.new_button, Qt.MouseButton.LeftButton)
    entry_dialog = page.dialog
    qtbot.keyClicks(entry_dialog.text, "Vakthavende i Nødnett informert")
    save_entry(qtbot, entry_dialog)
    latest = log.entries(store, started.id)[-1]
    assert (latest.operator, latest.role) == ("Åse Nilsen", "Stabssjef")
    assert [o.name for o in page.recent] == ["Ola Berg", "Åse Nilsen"]


def test_a_decision_needs_who_and_why_and_is_on_disk_when_the_dialog_closes(qtbot, store, db_path):
    started = start(store)
    page = shown_page(qtbot, store)
    before = log.count(store, started.id)
    qtbot.mouseClick(page.log_tab.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, LogEntryDialog) and dialog.time_hint.text()  # "now", until the time is edited
    assert not dialog.decided_by.isVisibleTo(dialog)
    dialog.category.setCurrentIndex(dialog.category.findData(Category.DECISION.value))
    assert dialog.decided_by.isVisibleTo(dialog) and dialog.rationale.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.text, "Evakuere Elvegata 1-20")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.text, "Oppmøte på skolen")
    save_entry(qtbot, dialog)
    assert set(dialog.errors.messages()) == {"decided_by", "rationale"}
    assert dialog.isVisible() and dialog.text.toPlainText() == "Evakuere Elvegata 1-20\nOppmøte på skolen"
    assert log.count(store, started.id) == before

    qtbot.keyClicks(dialog.decided_by, "Kriseleder Kari Ødegård")
    qtbot.keyClicks(dialog.rationale, "Vannstanden stiger 10 cm i timen")
    dialog.key_event.setChecked(True)
    dialog.channel.setCurrentIndex(dialog.channel.findData("mote"))
    save_entry(qtbot, dialog)
    assert not dialog.isVisible()
    with open_store(db_path, read_only=True) as other:  # committed: another connection sees it
        saved = log.entries(other, started.id)[-1]
    assert (saved.category, saved.text, saved.decided_by, saved.key_event, saved.operator) == (
        Category.DECISION, "Evakuere Elvegata 1-20\nOppmøte på skolen", "Kriseleder Kari Ødegård", True, "Kari Ødegård")
    assert abs(saved.event_at - saved.recorded_at) < timedelta(seconds=1)  # "now" is the moment of saving
    assert page.log_tab.current_entry().id == saved.id
    assert "Evakuere Elvegata 1-20" in page.log_tab.saved_label.text()
    assert "Evakuere Elvegata 1-20" in page.log_tab.detail.toPlainText()


def test_an_edited_time_of_event_is_kept_and_a_future_one_refused(qtbot, store):
    started = start(store, now=now_utc() - timedelta(hours=2))
    page = shown_page(qtbot, store)
    qtbot.mouseClick(page.log_tab.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.keyClicks(dialog.text, "Melding fra innsatsleder")
    dialog.event_time.setDateTime(dialog.event_time.dateTime().addSecs(3 * 3600))
    save_entry(qtbot, dialog)
    assert set(dialog.errors.messages()) == {"event_at"} and dialog.isVisible()
    dialog.event_time.setDateTime(dialog.event_time.dateTime().addSecs(-4 * 3600))
    save_entry(qtbot, dialog)
    entries = log.entries(store, started.id)
    backdated = next(e for e in entries if e.text == "Melding fra innsatsleder")
    assert now_utc() - backdated.event_at > timedelta(minutes=55)
    assert page.log_tab.current_entry().id == backdated.id  # found where it sorts, not at the end


def test_a_correction_is_a_new_entry_and_both_stay_visible(qtbot, store):
    started = start(store)
    wrong = log.append(store, started.id, Draft("Evakuere Elvegata 1-20", category=Category.DECISION, decided_by="Kari",
                                                rationale="Flom"), **WHO)
    page = shown_page(qtbot, store)
    tab = page.log_tab
    assert tab.current_entry().id == wrong.id  # the latest entry is selected
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.corrects == wrong and dialog.text.toPlainText() == "Evakuere Elvegata 1-20"
    dialog.text.selectAll()
    qtbot.keyClicks(dialog.text, "Evakuere Elvegata 1-30")
    save_entry(qtbot, dialog)
    correction = log.entries(store, started.id)[-1]
    assert (correction.corrects, correction.event_at, correction.text) == (wrong.id, wrong.event_at, "Evakuere Elvegata 1-30")
    assert log.get(store, wrong.id) == wrong  # never edited
    shown = {row.entry.id: row for row in rows(page)}
    assert [c.id for c in shown[wrong.id].corrected_by] == [correction.id] and shown[correction.id].corrects == wrong
    model = tab.model
    marks = {model.index(r, 0).data(ENTRY_ROLE).id: model.index(r, CORRECTION).data() for r in range(model.rowCount())}
    assert "Kari Ødegård" in marks[wrong.id] and "Kari Ødegård" in marks[correction.id]
    assert tab.current_entry().id == correction.id


def test_status_and_phase_changes_are_written_with_who_made_them(qtbot, store):
    started = start(store)
    page = shown_page(qtbot, store, operator=None)
    page.dialog.reject()  # not now
    standing_down = page.status.findData(Status.STANDING_DOWN.value)
    page.status.setCurrentIndex(standing_down)
    page.status.activated.emit(standing_down)
    asked = page.dialog
    assert isinstance(asked, OperatorDialog) and page.status.currentData() == Status.ACTIVE.value  # not written yet
    asked.reject()
    assert incidents.get(store, started.id).status is Status.ACTIVE

    page.status.setCurrentIndex(standing_down)
    page.status.activated.emit(standing_down)
    page.dialog.fields.name.setText("Ola Berg")
    ok(qtbot, page.dialog)
    assert incidents.get(store, started.id).status is Status.STANDING_DOWN
    assert page.status.currentData() == Status.STANDING_DOWN.value
    latest = page.log_tab.current_entry()
    assert latest.key_event and latest.operator == "Ola Berg" and Status.STANDING_DOWN.label in latest.text

    response = page.phase.findData(Phase.RESPONSE.value)
    page.phase.setCurrentIndex(response)
    page.phase.activated.emit(response)
    assert incidents.get(store, started.id).phase is Phase.RESPONSE
    assert Phase.RESPONSE.label in page.log_tab.current_entry().text
    assert page.log_tab.model.rowCount() == log.count(store, started.id) == 3


def test_search_category_and_key_event_filters(qtbot, store):
    started = start(store)
    for text, category, key in (("Strømmen er borte på Vikøy", Category.INFORMATION, False),
                                ("Aggregat til sykehjemmet", Category.DECISION, True),
                                ("NRK ringer om strømmen", Category.MEDIA, False)):
        log.append(store, started.id, Draft(text, category=category, key_event=key, decided_by="Kari", rationale="Strøm"), **WHO)
    page = shown_page(qtbot, store)
    tab = page.log_tab
    qtbot.keyClicks(tab.search, "strommen")  # folded: ø matches o
    assert sorted(r.entry.text for r in rows(page)) == ["NRK ringer om strømmen", "Strømmen er borte på Vikøy"]
    tab.category.setCurrentIndex(tab.category.findData(Category.MEDIA.value))
    assert [r.entry.text for r in rows(page)] == ["NRK ringer om strømmen"]
    tab.search.clear()
    tab.category.setCurrentIndex(0)
    tab.key_only.setChecked(True)
    assert [r.entry.category for r in rows(page)] == [Category.INFORMATION, Category.DECISION]  # the start and the decision
    tab.key_only.setChecked(False)
    assert tab.model.rowCount() == 4 and not tab.model.filtered()


def test_verification_shows_the_chain_heads_and_names_the_first_broken_entry(qtbot, store):
    started = start(store)
    second = log.append(store, started.id, Draft("Vannstanden er 2,1 m"), **WHO)
    log.append(store, started.id, Draft("Vannstanden er 2,3 m"), **WHO)
    page = shown_page(qtbot, store)
    tab = page.log_tab
    [chain] = log.chains(store, started.id)
    assert grouped(chain.head) in tab.heads.text() and DEVICE in tab.heads.text()
    assert tab.chain_status.text().startswith("✔") and OK_COLOUR in tab.chain_status.styleSheet()

    store.conn.execute("DROP TRIGGER log_entry_refuse_update")
    store.conn.execute("UPDATE log_entry SET text = 'Vannstanden er 1,1 m' WHERE id = ?", [second.id])
    store.conn.commit()
    qtbot.mouseClick(tab.verify_button, Qt.MouseButton.LeftButton)
    assert tab.chain_status.text().startswith("✖") and ERROR_COLOUR in tab.chain_status.styleSheet()
    assert "Vannstanden er 1,1 m" in tab.chain_status.text() and DEVICE in tab.chain_status.text()


def test_closing_needs_notes_and_then_the_log_takes_only_corrections(qtbot, store):
    started = start(store)
    page = shown_page(qtbot, store)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, CloseIncidentDialog)
    ok(qtbot, dialog)
    assert set(dialog.errors.messages()) == {"evaluation_notes"} and not incidents.get(store, started.id).closed
    qtbot.keyClicks(dialog.notes, "Varslingen gikk raskt; loggføringen kom sent i gang.")
    qtbot.keyClicks(dialog.point, "Revider tiltakskort TK-03")
    qtbot.keyClick(dialog.point, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.point, "Øvelse på loggføring i mars")  # typed, not added: still counts
    ok(qtbot, dialog)
    closed = incidents.get(store, started.id)
    assert closed.closed and closed.follow_up == ("Revider tiltakskort TK-03", "Øvelse på loggføring i mars")
    assert page.closed_info.isVisible() and "TK-03" in page.closed_info.text()
    assert not page.status.isEnabled() and not page.phase.isEnabled() and not page.close_button.isEnabled()
    tab = page.log_tab
    assert not tab.new_button.isEnabled() and tab.correct_button.isEnabled()
    assert "Varslingen gikk raskt" in tab.current_entry().text

    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    correction = page.dialog
    correction.text.setPlainText("Evaluering: varslingen gikk raskt.")
    save_entry(qtbot, correction)
    assert not correction.isVisible() and log.entries(store, started.id)[-1].corrects is not None


def test_the_list_puts_open_incidents_first_and_marks_exercises(qtbot, store):
    exercise = start(store, "Øvelse Storm", exercise=True)
    done = start(store, "Strømbrudd Vikøy")
    incidents.close(store, done.id, notes="Ferdig", **WHO)
    page = shown_page(qtbot, store)
    titles = [page.list.item(r).text() for r in range(page.list.count())]
    assert titles == ["Øvelse Storm", "Strømbrudd Vikøy"]
    assert page.incident.id == exercise.id and page.exercise_badge.isVisible()
    page.list.setCurrentRow(1)
    assert page.incident.id == done.id and not page.exercise_badge.isVisible() and page.closed_info.isVisible()


def test_a_large_log_reads_only_the_pages_shown_and_filters_and_verifies_in_the_background(qtbot, store, monkeypatch):
    started = start(store)
    with log.immediate(store):
        for number in range(1, 1500):
            log.append_in_transaction(store, started.id, Draft(f"Melding {number}", key_event=number % 100 == 0), **WHO)
    reads = []
    entries = log.entries
    monkeypatch.setattr(log, "entries", lambda *args, **kwargs: reads.append(kwargs) or entries(*args, **kwargs))
    monkeypatch.setattr(incident_log, "INLINE", 100)
    page = shown_page(qtbot, store)
    tab = page.log_tab
    assert tab.chain_status.text() and tab.results is None  # verified once the first screen is painted
    qtbot.waitUntil(lambda: tab.results is not None)
    assert tab.model.rowCount() == 1500 and tab.current_entry().text == "Melding 1499"
    assert reads and all(r["limit"] == log_model.PAGE for r in reads) and len(reads) <= 2  # the latest page, not 1,500 rows
    assert tab.chain_status.text().startswith("✔")

    tab.key_only.setChecked(True)
    qtbot.waitUntil(lambda: tab._scan is None)
    assert [r.entry.text for r in rows(page)][:2] == [log.entries(store, started.id, limit=1)[0].text, "Melding 100"]
    assert tab.model.rowCount() == 1 + 14


def test_ctrl_l_asks_which_open_incident_when_several_and_offers_to_start_one_when_none(qtbot, store):
    flood = start(store, "Flom i Elvedalen")
    exercise = start(store, "Øvelse Storm", exercise=True)
    page = IncidentsPage(store)  # not on screen: Ctrl+L pressed on another page
    page.operator = KARI
    qtbot.addWidget(page)
    answer_next_dialog(_("EXERCISE: {title}").format(title="Øvelse Storm"))
    page.quick_entry()
    assert isinstance(page.dialog, LogEntryDialog) and page.dialog.incident.id == exercise.id
    page.dialog.reject()

    for incident in (flood, exercise):
        incidents.close(store, incident.id, notes="Ferdig", **WHO)
    answer_next_dialog(_("Start exercise…"))
    page.quick_entry()
    assert isinstance(page.dialog, StartIncidentDialog) and page.dialog.exercise.isChecked()


def test_a_read_only_database_shows_the_log_and_offers_no_writing(qtbot, store, db_path):
    started = start(store)
    with open_store(db_path, read_only=True) as reader:
        page = shown_page(qtbot, reader, operator=None)
        assert page.dialog is None  # nobody is asked who they are
        assert page.incident.id == started.id and page.log_tab.model.rowCount() == 1
        assert page.log_tab.chain_status.text().startswith("✔")
        writing = (page.start_button, page.exercise_button, page.status, page.phase, page.close_button, page.change_operator,
                   page.log_tab.new_button, page.log_tab.correct_button)
        assert not any(widget.isEnabled() for widget in writing)
        page.quick_entry()
        assert page.dialog is None
        page.close()


def test_a_device_with_a_wrong_clock_is_named_over_the_log(qtbot, store):
    from beredskap_desktop.domain.clock import to_iso
    from beredskap_desktop.domain.wrong_clocks import ClockFlag, ClockProblem
    from beredskap_desktop.storage import imports

    incident = start(store)
    page = shown_page(qtbot, store)
    assert not page.log_tab.clock_warning.isVisible()
    with store.conn:
        imports.record_in_transaction(
            store, kind=imports.INCIDENTS, imported_at=to_iso(now_utc()), imported_by="", fingerprint="f" * 64,
            sequence=None, created_at=to_iso(now_utc()), data_as_of=None, source_device="rom-2", file_sha256="0" * 64,
            summary={}, flags=[ClockFlag(incident.id, "rom-2", ClockProblem.AHEAD, 4, 95)])
    page.reload()
    page.log_tab.show_incident(None)
    page.log_tab.show_incident(incidents.get(store, incident.id))
    assert page.log_tab.clock_warning.isVisible()
    assert "rom-2" in page.log_tab.clock_warning.text() and "95" in page.log_tab.clock_warning.text()
