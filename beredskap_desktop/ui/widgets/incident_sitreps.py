"""The incident workspace's situation reports tab (situasjonsrapporter): the reports by
number beside the one chosen, its status and the steps it can take, and its fields.

A report goes utkast → til godkjenning → godkjent → sendt; an approved or sent report is
read-only (a new one is made by copying it). Saving a draft is not logged; submitting,
approving and sending are (``storage.sitreps``), with the workspace's operator and device.
Unsaved edits are asked about before another report, incident or page is shown. The next
report time turns red once it has passed without a newer report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.callouts import duration_text
from beredskap_desktop.domain.clock import now_utc, show
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.domain.sitreps import Sitrep, SitrepStatus, check_complete
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import sitreps as sitrep_store
from beredskap_desktop.ui.models.actions_model import OVERDUE_COLOUR, clock_time
from beredskap_desktop.ui.widgets.common import ask
from beredskap_desktop.ui.widgets.sitrep_editor import SitrepEditor

TICK_MS = 30_000  # the next report time is checked again this often
STATUS_COLOURS = {SitrepStatus.DRAFT: "#6b7280", SitrepStatus.FOR_APPROVAL: "#1d4ed8", SitrepStatus.APPROVED: "#15803d",
                  SitrepStatus.SENT: "#166534"}
NUMBER, STATUS, CREATED, NEXT = range(4)


def _who(operator: Operator | None) -> str:
    if operator is None:
        return ""
    return f"{operator.name} ({operator.role})" if operator.role else operator.name


def next_overdue(report: Sitrep, reports: list[Sitrep], now: datetime) -> bool:
    """The next report time of ``report`` has passed and no newer report exists."""
    due = report.content.next_report_at
    return due is not None and due < now and all(other.number <= report.number for other in reports)


class SitrepsTab(QWidget):
    """Shows the situation reports of ``page.incident``; ``show_incident`` is called by the page."""

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        self.store = page.store
        self.incident: Incident | None = None
        self.reports: list[Sitrep] = []
        self.sitrep: Sitrep | None = None  # the report in the editor
        self.dialog = None  # the dialog last opened (tests reach it here)
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _build(self) -> None:
        self.new_button = QPushButton(_("New report"))
        self.new_button.setObjectName("new_sitrep")
        self.new_button.setToolTip(_("An empty report with the next number"))
        self.new_button.clicked.connect(self.new_report)
        self.copy_button = QPushButton(_("Copy previous"))
        self.copy_button.setObjectName("copy_sitrep")
        self.copy_button.setToolTip(_("A new report with the content of the latest one (without its next report time)"))
        self.copy_button.clicked.connect(self.copy_previous)
        self.next_due = QLabel()
        self.next_due.setObjectName("sitrep_next_due")
        self.next_due.setTextFormat(Qt.TextFormat.RichText)
        tools = QHBoxLayout()
        tools.addWidget(self.new_button)
        tools.addWidget(self.copy_button)
        tools.addSpacing(16)
        tools.addWidget(self.next_due, 1)

        self.list = QTableWidget(0, 4)
        self.list.setObjectName("sitrep_list")
        self.list.setHorizontalHeaderLabels([_("No."), _("Status"), _("Created"), _("Next report")])
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().hide()
        self.list.verticalHeader().setDefaultSectionSize(26)
        self.list.setShowGrid(False)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in ((NUMBER, 36), (CREATED, 76), (NEXT, 100)):
            self.list.setColumnWidth(column, width)
        self.list.currentCellChanged.connect(self._row_changed)
        self.list.setMinimumWidth(280)

        self.banner = QLabel()
        self.banner.setObjectName("sitrep_banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("save_sitrep")
        self.save_button.setToolTip(_("Save the report (Ctrl+S); saving a draft is not logged"))
        self.submit_button = QPushButton(_("Submit for approval"))
        self.submit_button.setObjectName("submit_sitrep")
        self.approve_button = QPushButton(_("Approve…"))
        self.approve_button.setObjectName("approve_sitrep")
        self.sent_button = QPushButton(_("Mark as sent…"))
        self.sent_button.setObjectName("sent_sitrep")
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("print_sitrep")
        self.print_button.setToolTip(_("Preview the report as printed, then print it or save the PDF"))
        self.save_button.clicked.connect(self.save)
        self.submit_button.clicked.connect(self.submit)
        self.approve_button.clicked.connect(self.approve)
        self.sent_button.clicked.connect(self.mark_sent)
        self.print_button.clicked.connect(self.print_report)
        steps = QHBoxLayout()
        for button in (self.save_button, self.submit_button, self.approve_button, self.sent_button):
            steps.addWidget(button)
        steps.addStretch(1)
        steps.addWidget(self.print_button)
        self.editor = SitrepEditor()
        self.editor.edited.connect(self._update_buttons)
        self.empty = QLabel(_("No situation report yet. Make one with «New report»; later reports usually start as a copy of the previous."))
        self.empty.setObjectName("sitreps_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #555; font-size: 12pt; padding: 24px;")
        self.report = QFrame()
        self.report.setObjectName("sitrep_report")
        report_column = QVBoxLayout(self.report)
        report_column.setContentsMargins(0, 0, 0, 0)
        report_column.addWidget(self.banner)
        report_column.addLayout(steps)
        report_column.addWidget(self.editor, 1)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.report, 1)
        right_column.addWidget(self.empty, 1)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([300, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)

    # Showing
    def show_incident(self, incident: Incident | None) -> None:
        """Show ``incident``'s reports (read again), keeping the report chosen and what is typed in it."""
        changed = incident is None or self.incident is None or incident.id != self.incident.id
        self.incident = incident
        keep = None if changed or self.sitrep is None else self.sitrep.id
        if changed:
            self.editor.dirty = False
        self._reload(keep)

    def _reload(self, keep: str | None) -> None:
        self.reports = sitrep_store.list_for(self.store, self.incident.id) if self.incident else []
        self._fill_list()
        ids = [report.id for report in self.reports]
        row = ids.index(keep) if keep in ids else len(ids) - 1
        self.list.blockSignals(True)
        if row >= 0:
            self.list.setCurrentCell(row, 0)
        self.list.blockSignals(False)
        self._show(self.reports[row] if row >= 0 else None)

    def _fill_list(self) -> None:
        now = now_utc()
        self.list.setRowCount(len(self.reports))
        bold = QFont()
        bold.setBold(True)
        for row, report in enumerate(self.reports):
            due = report.content.next_report_at
            cells = (str(report.number), report.status.label, clock_time(report.created_at, now), clock_time(due, now) if due else "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                self.list.setItem(row, column, item)
            self.list.item(row, NUMBER).setFont(bold)
            self.list.item(row, NUMBER).setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.list.item(row, STATUS).setForeground(QColor(STATUS_COLOURS[report.status]))
            self.list.item(row, STATUS).setFont(bold)
            self.list.item(row, CREATED).setToolTip(show(report.created_at))
            late = self.list.item(row, NEXT)
            if due is not None:
                late.setToolTip(show(due))
            if next_overdue(report, self.reports, now):
                late.setText("⚠ " + late.text())
                late.setForeground(QColor(OVERDUE_COLOUR))
                late.setFont(bold)
                late.setToolTip(_("The next report was due {time} and none is made yet").format(time=show(due)))
        self._show_next_due(now)

    def _show_next_due(self, now: datetime) -> None:
        latest = self.reports[-1] if self.reports else None
        due = latest.content.next_report_at if latest else None
        if due is None:
            self.next_due.clear()
        elif due < now:
            self.next_due.setText(f"<span style='color:{OVERDUE_COLOUR}; font-weight:700; font-size:12pt'>⚠ "
                                  + _("The next report was due {time}: {late} late").format(time=clock_time(due, now), late=duration_text(now - due))
                                  + "</span>")
        else:
            self.next_due.setText("<span style='font-size:12pt'>" + _("Next report due {time} (in {left})").format(
                time=clock_time(due, now), left=duration_text(due - now)) + "</span>")

    def _show(self, sitrep: Sitrep | None) -> None:
        """Show ``sitrep``; what is typed in the editor stays when it is the report already shown."""
        same = sitrep is not None and self.sitrep is not None and sitrep.id == self.sitrep.id
        self.sitrep = sitrep
        if not (same and self.editor.dirty):
            self.editor.fill(sitrep.content if sitrep else None)
        self.editor.set_read_only(sitrep is None or not sitrep.status.editable or not self._writable())
        self.report.setVisible(sitrep is not None)
        self.empty.setVisible(self.incident is not None and sitrep is None)
        self._show_banner()
        self._update_buttons()

    def _show_banner(self) -> None:
        sitrep = self.sitrep
        if sitrep is None:
            self.banner.clear()
            return
        colour = STATUS_COLOURS[sitrep.status]
        lines = [_("Created {time} by {name}").format(time=show(sitrep.created_at), name=_who(sitrep.created_by))]
        if sitrep.updated_at != sitrep.created_at:
            lines.append(_("last saved {time} by {name}").format(time=show(sitrep.updated_at), name=_who(sitrep.updated_by)))
        if sitrep.submitted_at:
            lines.append(_("submitted {time} by {name}").format(time=show(sitrep.submitted_at), name=_who(sitrep.submitted_by)))
        if sitrep.approved_at:
            lines.append(_("approved {time} by {name}").format(time=show(sitrep.approved_at), name=_who(sitrep.approved_by)))
        if sitrep.sent_at:
            lines.append(_("sent {time} via {via} by {name}").format(time=show(sitrep.sent_at), via=sitrep.sent_via.label,
                                                                     name=_who(sitrep.sent_by)))
        note = ""
        if not sitrep.status.editable:
            note = ("<br><b>" + _("This report is {status} and cannot be changed. Make a new one with «Copy previous».").format(
                status=sitrep.status.label.lower()) + "</b>")
        title = _("Situation report {number}").format(number=sitrep.number)
        self.banner.setText(f"<span style='font-size:14pt; font-weight:700'>{title}</span> &nbsp; "
                            f"<span style='background:{colour}; color:white; font-weight:700'>&nbsp;{sitrep.status.label.upper()}&nbsp;</span>"
                            f"<br><span style='color:#374151'>{' · '.join(lines)}</span>{note}")
        self.banner.setStyleSheet(f"QLabel#sitrep_banner {{ border-left: 6px solid {colour}; background: #f8fafc; padding: 6px 10px; }}")

    def _writable(self) -> bool:
        return self.incident is not None and not self.incident.closed and not self.store.read_only

    def _update_buttons(self) -> None:
        writable = self._writable()
        status = self.sitrep.status if self.sitrep else None
        self.new_button.setEnabled(writable)
        self.copy_button.setEnabled(writable and bool(self.reports))
        self.save_button.setEnabled(writable and status is not None and status.editable)
        self.save_button.setText(_("Save") + (" *" if self.editor.dirty else ""))
        self.submit_button.setEnabled(writable and status is SitrepStatus.DRAFT)
        self.approve_button.setEnabled(writable and status is not None and status.editable)
        self.sent_button.setEnabled(writable and status is SitrepStatus.APPROVED)
        self.print_button.setEnabled(self.sitrep is not None)

    def _tick(self) -> None:
        if self.incident is not None and self.isVisible():
            self._fill_list()

    def _row_changed(self, row: int, _column: int, previous: int, _previous_column: int) -> None:
        wanted = self.reports[row] if 0 <= row < len(self.reports) else None
        if wanted is not None and self.sitrep is not None and wanted.id != self.sitrep.id and not self.confirm_leave():
            self.list.blockSignals(True)
            self.list.setCurrentCell(previous, 0)
            self.list.blockSignals(False)
            return
        self._show(wanted)

    def select_report(self, number: int) -> None:
        row = next((row for row, report in enumerate(self.reports) if report.number == number), None)
        if row is not None:
            self.list.setCurrentCell(row, 0)

    # Unsaved edits
    def confirm_leave(self) -> bool:
        """Whether the report shown may be left: asks to save or discard what is typed."""
        if not self.editor.dirty or self.sitrep is None:
            return True
        answer = ask(self.window(), _("Situation report"),
                     _("Situation report {number} has changes that are not saved.").format(number=self.sitrep.number),
                     [_("Save"), _("Discard changes"), _("Cancel")])
        if answer == 0:
            if self.page.operator is None:
                self.page.with_operator(self._save_now)
                return False
            return self._save_now()
        if answer == 1:
            self.editor.fill(self.sitrep.content)
            self._update_buttons()
            return True
        return False

    # Writing
    def save(self) -> None:
        """Save what is typed in the report (Ctrl+S)."""
        if self.sitrep is not None and self.save_button.isEnabled():
            self.page.with_operator(self._save_now)

    def _save_now(self) -> bool:
        """Save the editor's content now (someone is at the keyboard); ``False`` after saying why not."""
        sitrep = self.sitrep
        if sitrep is None:
            return False
        if not self.editor.dirty:
            return True
        try:
            saved = sitrep_store.save(self.store, sitrep.id, self.editor.content(), operator=self.page.operator)
        except FieldError as error:
            self.editor.errors.show([error])
            return False
        except UserError as error:
            self.editor.errors.show([FieldError("general", str(error))])
            return False
        self.editor.dirty = False
        self.editor.errors.clear()
        self.sitrep = None  # shown again as stored
        self._reload(saved.id)  # not logged: only this tab changes
        return True

    def _ready(self, then: Callable[[], None]) -> None:
        """Save what is typed, check that the report is complete, then ``then()``; a
        missing field is shown under it and nothing more happens."""
        def run() -> None:
            if not self._save_now():
                return
            errors = check_complete(self.sitrep.content, now_utc())
            if errors:
                self.editor.errors.show(errors)
                return
            then()

        self.page.with_operator(run)

    def _step(self, write: Callable[[dict], Sitrep]) -> None:
        incident, device = self.incident, self.page.device()
        if device is None:
            return
        try:
            write({"device_id": device, "operator": self.page.operator})
        except FieldError as error:
            self.editor.errors.show([error])
            return
        except UserError as error:
            self.editor.errors.show([FieldError("general", str(error))])
            return
        self.page._after_change(incident)

    def new_report(self) -> None:
        self._create(lambda: sitrep_store.create(self.store, self.incident.id, operator=self.page.operator))

    def copy_previous(self) -> None:
        self._create(lambda: sitrep_store.copy_previous(self.store, self.incident.id, operator=self.page.operator))

    def _create(self, make: Callable[[], Sitrep]) -> None:
        incident = self.incident
        if not self._writable() or not self.confirm_leave():
            return

        def run() -> None:
            try:
                made = make()
            except UserError as error:
                self.editor.errors.show([FieldError("general", str(error))])
                return
            self.sitrep = made
            self.editor.dirty = False
            self.page._after_change(incident)
            self.editor.situation.setFocus()

        self.page.with_operator(run)

    def submit(self) -> None:
        sitrep = self.sitrep
        if sitrep is not None and self.submit_button.isEnabled():
            self._ready(lambda: self._step(lambda who: sitrep_store.submit(self.store, sitrep.id, **who)))

    def approve(self) -> None:
        if self.sitrep is not None and self.approve_button.isEnabled():
            self._ready(self._open_approval)

    def _open_approval(self) -> None:
        from beredskap_desktop.ui.dialogs.sitrep_steps import ApproveSitrepDialog

        incident, device = self.incident, self.page.device()
        if device is None:
            return
        dialog = self.dialog = ApproveSitrepDialog(self.store, self.sitrep, device, self.page.operator, self.page.recent, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.page._after_change(incident))
        dialog.open()

    def mark_sent(self) -> None:
        from beredskap_desktop.ui.dialogs.sitrep_steps import SentSitrepDialog

        sitrep, incident = self.sitrep, self.incident
        if sitrep is None or not self.sent_button.isEnabled():
            return
        device = self.page.device()
        if device is None:
            return

        def open_dialog() -> None:
            dialog = self.dialog = SentSitrepDialog(self.store, sitrep, device, self.page.operator, self.window())
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self.page._after_change(incident))
            dialog.open()

        self.page.with_operator(open_dialog)

    def print_report(self) -> None:
        """Preview the report as printed (what is typed is saved first)."""
        sitrep = self.sitrep
        if sitrep is None:
            return
        if self.editor.dirty:
            self.page.with_operator(lambda: self._save_now() and self._preview(sitrep))
        else:
            self._preview(sitrep)

    def _preview(self, sitrep: Sitrep) -> None:
        from beredskap_desktop.ui import print_actions

        print_actions.print_incident(self.window(), self.incident, "sitrep", sitrep.number)
