"""An exercise worked through the real main window on the demo municipality: tick three steps
and see the board move, call down an alert list (one reached, one not answering and then the
deputy reached), write and approve a situation report and print it, and find all of it in
the log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QRadioButton
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from shiboken6 import isValid

from beredskap_desktop.domain.actions import ActionStatus
from beredskap_desktop.domain.callouts import AttemptResult
from beredskap_desktop.domain.clock import now_utc
from beredskap_desktop.domain.log import Category
from beredskap_desktop.domain.sitreps import SitrepStatus
from beredskap_desktop.i18n import _
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.storage import actions, callouts, incidents, log, sitreps
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui.dialogs.incident_print import IncidentPrintDialog
from beredskap_desktop.ui.main_window import MainWindow
from tests.pdf_text import page_texts

DEVICE = "krisestab-laptop-1"
LIST = "Kriseledelsen – full varsling"


@pytest.fixture
def demo_window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("BEREDSKAP_DEVICE_ID", DEVICE)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: pytest.fail(text))
    path = tmp_path / "fjordvik.sqlite"
    load_demo(path)
    with open_store(path) as store:
        main = MainWindow(store)
        main.show()
        qtbot.waitExposed(main)
        yield main, store
        main.incidents_page.sitreps_tab.editor.dirty = False  # closing must not stop on a question
        main.close()
        main.deleteLater()


def ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def preview_of(qtbot, owner):
    shown = lambda: getattr(owner, "print_preview", None) is not None and isValid(owner.print_preview) and owner.print_preview.isVisible()
    qtbot.waitUntil(shown, timeout=20000)
    return owner.print_preview


def test_work_an_exercise_actions_call_out_and_situation_report(qtbot, demo_window, tmp_path, monkeypatch):
    window, store = demo_window

    # Start an exercise
    next(a for a in window.findChildren(QAction) if a.text() == _("Start exercise…")).trigger()
    page = window.incidents_page
    dialog = page.dialog
    qtbot.keyClicks(dialog.title, "Øvelse Storm")
    dialog.type_boxes["flom"].setChecked(True)
    dialog.findChild(QRadioButton, "severity_gul").setChecked(True)
    dialog.clock_confirmed.setChecked(True)
    qtbot.keyClicks(dialog.operator_fields.name, "Kari Ødegård")
    dialog.operator_fields.role.setCurrentText("Kriseleder")
    ok(qtbot, dialog)
    [exercise] = incidents.list_all(store)
    assert exercise.exercise and page.incident.id == exercise.id

    # Tick three steps with the keyboard; the board follows
    tab = page.actions_tab
    page.tabs.setCurrentWidget(tab)
    steps = actions.list_for(store, exercise.id)
    assert tab.current.id == steps[0].id and tab.board.board.total.done == 0
    tab.tree.setFocus()
    for _step in range(3):
        qtbot.keyClick(tab.tree, Qt.Key.Key_3)
        qtbot.keyClick(tab.tree, Qt.Key.Key_Down)
    assert [a.status for a in actions.list_for(store, exercise.id)[:4]] == [ActionStatus.DONE] * 3 + [ActionStatus.NOT_STARTED]
    first_card = tab.board.board.cards[0]
    assert tab.board.board.total.done == 3 and first_card.progress.done == 3
    assert tab.board.cards.item(0, 3).text() == f"3/{first_card.progress.relevant}"

    # Call down an alert list
    calls = page.callouts_tab
    page.tabs.setCurrentWidget(calls)
    click(qtbot, calls.start_button)
    calls.dialog.choose(LIST)
    ok(qtbot, calls.dialog)
    [callout] = callouts.list_for(store, exercise.id)
    reached_person = calls.current_line().line
    click(qtbot, calls.person.buttons[AttemptResult.REACHED])
    with_deputy = calls.current_line().line
    assert with_deputy.deputy is not None
    click(qtbot, calls.person.buttons[AttemptResult.NO_ANSWER])
    assert calls.current_line().try_deputy and calls.deputy.name.text() == with_deputy.deputy.name
    click(qtbot, calls.deputy.buttons[AttemptResult.REACHED])
    attempts = callouts.get(store, callout.id).attempts
    assert [(a.line_id, a.result, a.on_deputy) for a in attempts] == [
        (reached_person.id, AttemptResult.REACHED, False), (with_deputy.id, AttemptResult.NO_ANSWER, False),
        (with_deputy.id, AttemptResult.REACHED, True)]
    assert calls.status.reached_count == 2 and reached_person.person.name not in calls.missing.text()

    # Write and approve a situation report
    reports = page.sitreps_tab
    page.tabs.setCurrentWidget(reports)
    click(qtbot, reports.new_button)
    editor = reports.editor
    qtbot.keyClicks(editor.report_to, "Statsforvalteren i Vestland")
    qtbot.keyClicks(editor.contact_name, "Kari Ødegård")
    qtbot.keyClicks(editor.contact_phone, "412 34 567")
    qtbot.keyClicks(editor.situation, "Øvelse: Elva går over sine bredder i Elvegata.")
    editor.counts["evacuated"].setValue(40)
    editor.set_next_report(now_utc() + timedelta(hours=2))
    click(qtbot, reports.approve_button)
    approval = reports.dialog
    approval.fields.name.setText("Åse Nilsen")
    approval.fields.role.setCurrentText("Ordfører")
    ok(qtbot, approval)
    [report] = sitreps.list_for(store, exercise.id)
    assert report.status is SitrepStatus.APPROVED and report.approved_by.name == "Åse Nilsen"
    assert report.content.casualties.evacuated == 40 and editor.read_only

    # Print it: Ctrl+P asks what, the preview opens, the pages go to the printer
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    choice = window.print_options
    assert isinstance(choice, IncidentPrintDialog) and choice.isVisible()
    choice.choose("sitrep", report.number)
    ok(qtbot, choice)
    preview = preview_of(qtbot, window)
    shown = page_texts(preview._pdf)
    assert "Øvelse: Elva går over sine bredder" in shown[0] and all("ØVELSE" in text for text in shown)
    out = tmp_path / "sitrep.pdf"

    def exec_(print_dialog) -> int:
        print_dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        print_dialog.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    preview.print_pages()
    assert out.exists() and out.stat().st_size > 0
    preview.close()

    # The log tells it all, in the workspace's log tab
    page.tabs.setCurrentWidget(page.log_tab)
    entries = log.entries(store, exercise.id, limit=1000)
    assert page.log_tab.model.total() == len(entries)
    texts = {category: [e.text for e in entries if e.category is category] for category in Category}
    assert sum(steps[i].text in text for i in range(3) for text in texts[Category.ACTION]) == 3
    assert len(texts[Category.ALERT]) == 4  # started and three attempts
    assert any(with_deputy.deputy.name in text for text in texts[Category.ALERT])
    assert any("Åse Nilsen" in text for text in texts[Category.REPORT])
    assert {e.operator for e in entries} == {"Kari Ødegård"} and {e.device_id for e in entries} == {DEVICE}


def test_the_archive_package_from_the_incident_menu(qtbot, tmp_path, monkeypatch):
    """Print → Archive package writes the package into a new folder in the chosen one."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from beredskap_desktop.domain.incidents import Severity
    from beredskap_desktop.domain.log import Operator
    from beredskap_desktop.services.demo import load_demo
    from beredskap_desktop.storage import incidents
    from beredskap_desktop.storage.database import open_store
    from beredskap_desktop.ui import print_actions
    from beredskap_desktop.ui.main_window import MainWindow

    load_demo(tmp_path / "demo.sqlite")
    store = open_store(tmp_path / "demo.sqlite")
    incident = incidents.start(store, title="Flom på Øyra", incident_types=("flom",), severity=Severity.YELLOW, device_id="laptop-1",
                               operator=Operator("Kari"), exercise=True)
    shown = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(tmp_path))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *rest: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: shown.append("WARNING " + text))
    window = MainWindow(store)
    window.show()
    print_actions.export_archive(window, incident)
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    folders = [path for path in tmp_path.iterdir() if path.is_dir()]
    assert len(folders) == 1 and "flom-p" in folders[0].name and not shown[0].startswith("WARNING")
    assert (folders[0] / "hendelseslogg.pdf").exists() and (folders[0] / "hendelseslogg.csv").exists()
    window.close()
    store.close()
