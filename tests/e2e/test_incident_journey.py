"""An exercise run through the real main window on the demo municipality: start it, see
ØVELSE, change who is at the keyboard, log a decision with Ctrl+L from another page,
correct it, change the status, verify the chains and close it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QRadioButton

from beredskap_desktop.domain.incidents import Severity, Status
from beredskap_desktop.domain.log import Category
from beredskap_desktop.i18n import _
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.storage import incidents, log
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui.dialogs.log_entry import LogEntryDialog
from beredskap_desktop.ui.dialogs.operator import OperatorDialog
from beredskap_desktop.ui.dialogs.start_incident import StartIncidentDialog
from beredskap_desktop.ui.main_window import MainWindow
from beredskap_desktop.ui.models.log_model import CORRECTION
from beredskap_desktop.domain.log import grouped
from tests.gui_fixtures import answer_next_dialog

DEVICE = "krisestab-laptop-1"


@pytest.fixture
def demo_window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("BEREDSKAP_DEVICE_ID", DEVICE)
    path = tmp_path / "fjordvik.sqlite"
    load_demo(path)
    with open_store(path) as store:
        main = MainWindow(store)
        main.show()
        qtbot.waitExposed(main)
        yield main, store
        main.close()
        main.deleteLater()


def ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def ctrl(qtbot, widget, key) -> None:
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.ControlModifier)


def save_entry(qtbot, dialog: LogEntryDialog) -> None:
    dialog.windowHandle().requestActivate()  # the offscreen platform activates no dialog by itself
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.text.setFocus()
    ctrl(qtbot, dialog.text, Qt.Key.Key_Return)


def test_run_an_exercise_from_start_to_closing(qtbot, demo_window):
    window, store = demo_window
    assert not window.exercise_banner.isVisibleTo(window)

    # File → Start exercise…
    next(a for a in window.findChildren(QAction) if a.text() == _("Start exercise…")).trigger()
    page = window.incidents_page
    assert window.pages.currentWidget() is page
    dialog = page.dialog
    assert isinstance(dialog, StartIncidentDialog) and dialog.exercise.isChecked() and dialog.banner.isVisible()
    qtbot.keyClicks(dialog.title, "Øvelse Storm")
    dialog.type_boxes["flom"].setChecked(True)
    dialog.findChild(QRadioButton, "severity_gul").setChecked(True)
    qtbot.keyClicks(dialog.crisis_room, "Rådhuset, møterom 2")
    dialog.clock_confirmed.setChecked(True)
    qtbot.keyClicks(dialog.operator_fields.name, "Kari Ødegård")
    dialog.operator_fields.role.setCurrentText("Kriseleder")
    ok(qtbot, dialog)
    [exercise] = incidents.list_all(store)
    assert exercise.exercise and exercise.severity is Severity.YELLOW and exercise.started_by == "Kari Ødegård"
    assert window.exercise_banner.isVisible() and "Øvelse Storm" in window.exercise_banner.text()
    assert page.incident.id == exercise.id and page.exercise_badge.isVisible()
    tab = page.log_tab
    assert tab.model.rowCount() == log.count(store, exercise.id) >= 1

    # Someone else takes the keyboard
    qtbot.mouseClick(page.change_operator, Qt.MouseButton.LeftButton)
    who = page.dialog
    assert isinstance(who, OperatorDialog) and who.fields.name.text() == "Kari Ødegård"
    who.fields.name.setText("Ola Berg")
    who.fields.role.setCurrentText("Loggfører")
    ok(qtbot, who)
    assert "Ola Berg (Loggfører)" in page.operator_label.text()

    # Ctrl+L from the Contacts page: the only open incident, no question asked
    ctrl(qtbot, window, Qt.Key.Key_1)
    assert window.pages.currentWidget() is window.contacts_page
    ctrl(qtbot, window, Qt.Key.Key_L)
    entry = page.dialog
    assert isinstance(entry, LogEntryDialog) and entry.incident.id == exercise.id
    entry.category.setCurrentIndex(entry.category.findData(Category.DECISION.value))
    qtbot.keyClicks(entry.text, "Evakuere Elvegata 1-20")
    qtbot.keyClicks(entry.decided_by, "Kriseleder Kari Ødegård")
    qtbot.keyClicks(entry.rationale, "Vannstanden stiger")
    entry.key_event.setChecked(True)
    save_entry(qtbot, entry)
    decision = log.entries(store, exercise.id)[-1]
    assert (decision.category, decision.operator, decision.role, decision.device_id) == (Category.DECISION, "Ola Berg", "Loggfører", DEVICE)
    assert window.pages.currentWidget() is window.contacts_page  # it stayed where it was

    # Correct it on the incident's log: both stay visible
    ctrl(qtbot, window, Qt.Key.Key_5)
    assert tab.current_entry().id == decision.id
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    correction = page.dialog
    correction.text.selectAll()
    qtbot.keyClicks(correction.text, "Evakuere Elvegata 1-30")
    save_entry(qtbot, correction)
    fixed = log.entries(store, exercise.id)[-1]
    assert fixed.corrects == decision.id and log.get(store, decision.id) == decision
    marks = {tab.model.entry_at(r).id: tab.model.index(r, CORRECTION).data() for r in range(tab.model.rowCount())}
    assert "Ola Berg" in marks[decision.id] and "Ola Berg" in marks[fixed.id]

    # Status: standing down, written in the log by who is at the keyboard
    row = page.status.findData(Status.STANDING_DOWN.value)
    page.status.setCurrentIndex(row)
    page.status.activated.emit(row)
    assert incidents.get(store, exercise.id).status is Status.STANDING_DOWN
    change = tab.current_entry()
    assert Status.STANDING_DOWN.label in change.text and change.operator == "Ola Berg"

    # The chains verify; the head shown is the stored one
    qtbot.mouseClick(tab.verify_button, Qt.MouseButton.LeftButton)
    assert tab.chain_status.text().startswith("✔")
    [chain] = log.chains(store, exercise.id)
    assert grouped(chain.head) in tab.heads.text() and chain.count == log.count(store, exercise.id)

    # Ctrl+L on this page writes to the incident shown
    ctrl(qtbot, window, Qt.Key.Key_L)
    assert isinstance(page.dialog, LogEntryDialog) and page.dialog.incident.id == exercise.id
    page.dialog.reject()

    # Close the exercise: ØVELSE goes, and Ctrl+L offers to start one
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    closing = page.dialog
    qtbot.keyClicks(closing.notes, "Varslingen gikk raskt.")
    ok(qtbot, closing)
    assert incidents.get(store, exercise.id).closed and not window.exercise_banner.isVisible()
    answer_next_dialog(_("Cancel"))
    ctrl(qtbot, window, Qt.Key.Key_L)
    assert page.dialog is closing  # nothing else opened
