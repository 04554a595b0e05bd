"""The incident workspace's call-outs tab (varsling): the incident's call-outs, and the one
chosen worked down person by person.

Always in view: how long the call-out has run (a clock updated every few seconds), how many
are reached, who is not, and whom to try on the deputy. The person chosen shows the number
to call in large type (copyable), the method and the deputy, with a button per result on
the person and on the deputy; the time is now unless edited. Each attempt goes through
``storage.callouts`` (which logs it), then the next person not reached is chosen – unless
the deputy is the one to try next.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QScrollArea,
    QSplitter, QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.callouts import AttemptResult, Callee, Callout, CalloutStatus, LineStatus, duration_text, status
from beredskap_desktop.domain.clock import now_utc, show
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.storage import callouts as callout_store
from beredskap_desktop.ui.models.actions_model import clock_time
from beredskap_desktop.ui.models.callout_model import (
    ADDRESS, DEPUTY, DEPUTY_COLOUR, FAILED_COLOUR, METHOD, NUMBER, PERSON, REACHED_COLOUR, RESULT, CalloutLinesModel,
    elapsed_clock, person_text,
)
from beredskap_desktop.ui.widgets.common import ask
from beredskap_desktop.ui.widgets.field_errors import FieldErrors
from beredskap_desktop.ui.widgets.time_field import TimeField

TICK_MS = 5_000  # the clock and the status are worked out again this often
NAMES_SHOWN = 8  # people named in the "not reached" line; the rest are counted
_RESULT_STYLE = {
    AttemptResult.REACHED: REACHED_COLOUR, AttemptResult.ACKNOWLEDGED: REACHED_COLOUR,
    AttemptResult.NO_ANSWER: DEPUTY_COLOUR, AttemptResult.WRONG_NUMBER: FAILED_COLOUR,
}


def _mono(size: float) -> QFont:
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(size)
    font.setBold(True)
    return font


class CalleeBox(QFrame):
    """One person to reach (the person or the deputy): name, the number in large type with a
    copy button, other numbers, and a button per attempt result."""

    def __init__(self, name: str, title: str, number_size: float, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.title = QLabel(title)
        self.title.setStyleSheet("color: #4b5563; font-weight: 700; letter-spacing: 1px;")
        self.name = QLabel()
        self.name.setObjectName(f"{name}_name")
        self.name.setWordWrap(True)
        self.name.setStyleSheet("font-size: 14pt; font-weight: 700;")
        self.number = QLabel()
        self.number.setObjectName(f"{name}_number")
        self.number.setFont(_mono(number_size))
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.setObjectName(f"{name}_copy")
        self.copy_button.setToolTip(_("Copy the number or address"))
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.number.text()))
        number_row = QHBoxLayout()
        number_row.addWidget(self.number, 1)
        number_row.addWidget(self.copy_button)
        self.facts = QLabel()
        self.facts.setObjectName(f"{name}_facts")
        self.facts.setWordWrap(True)
        self.facts.setStyleSheet("color: #374151;")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons: dict[AttemptResult, QPushButton] = {}
        row = QGridLayout()
        row.setSpacing(4)
        for number, result in enumerate(AttemptResult):
            button = QPushButton(result.label)
            button.setObjectName(f"{name}_{result.value}")
            button.setMinimumHeight(32)
            colour = _RESULT_STYLE[result]
            button.setStyleSheet(f"QPushButton:enabled {{ color: {colour}; font-weight: 700; }}")
            self.buttons[result] = button
            row.addWidget(button, number // 2, number % 2)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 8)
        column.setSpacing(3)
        column.addWidget(self.title)
        column.addWidget(self.name)
        column.addLayout(number_row)
        column.addWidget(self.facts)
        column.addLayout(row)
        self.highlight(False)

    def show_callee(self, callee: Callee | None, facts: list[str]) -> None:
        self.name.setText(callee.name if callee else "")
        self.number.setText(callee.number if callee else "")
        self.copy_button.setEnabled(bool(callee and callee.number))
        self.facts.setText("\n".join(facts))
        self.facts.setVisible(bool(facts))

    def highlight(self, on: bool) -> None:
        colour = DEPUTY_COLOUR if on else "#d1d5db"
        self.setStyleSheet(f"QFrame#{self.objectName()} {{ border: {3 if on else 1}px solid {colour}; background: "
                           f"{'#fffbeb' if on else '#f8fafc'}; }}")


class CalloutsTab(QWidget):
    """Shows the call-outs of ``page.incident``; ``show_incident`` is called by the page."""

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        self.store = page.store
        self.incident: Incident | None = None
        self.callouts: list[Callout] = []
        self.callout: Callout | None = None  # the one shown
        self.status: CalloutStatus | None = None
        self.dialog = None  # the dialog last opened (tests reach it here)
        self.model = CalloutLinesModel(self)
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _build(self) -> None:
        self.start_button = QPushButton(_("Start call-out…"))
        self.start_button.setObjectName("start_callout")
        self.start_button.setStyleSheet("font-weight: 600; padding: 6px 14px;")
        self.start_button.clicked.connect(self.start_callout)
        self.list = QTableWidget(0, 5)
        self.list.setObjectName("callout_list")
        self.list.setHorizontalHeaderLabels([_("Alert list"), _("Started"), _("Reached"), _("Time"), _("State")])
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().hide()
        self.list.verticalHeader().setDefaultSectionSize(24)
        self.list.setShowGrid(False)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 130), (2, 80), (3, 80), (4, 150)):
            self.list.setColumnWidth(column, width)
        self.list.currentCellChanged.connect(lambda row, *_rest: self._choose(row))
        tools = QHBoxLayout()
        tools.addWidget(self.start_button)
        tools.addStretch(1)

        self.heading = QLabel()
        self.heading.setObjectName("callout_heading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 700;")
        self.started_label = QLabel()
        self.started_label.setObjectName("callout_started")
        self.started_label.setStyleSheet("color: #4b5563;")
        self.clock = QLabel()
        self.clock.setObjectName("callout_clock")
        self.clock.setFont(_mono(18))
        self.clock.setToolTip(_("Time since the call-out started"))
        self.reached_label = QLabel()
        self.reached_label.setObjectName("callout_reached")
        self.reached_label.setStyleSheet("font-size: 13pt; font-weight: 700;")
        self.finish_button = QPushButton(_("Finish call-out…"))
        self.finish_button.setObjectName("finish_callout")
        self.finish_button.clicked.connect(self.finish)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.heading)
        titles.addWidget(self.started_label)
        top = QHBoxLayout()
        top.addLayout(titles, 1)
        top.addWidget(self.reached_label)
        top.addSpacing(16)
        top.addWidget(self.clock)
        top.addSpacing(16)
        top.addWidget(self.finish_button)
        self.missing = QLabel()
        self.missing.setObjectName("callout_not_reached")
        self.missing.setWordWrap(True)
        self.missing.setTextFormat(Qt.TextFormat.RichText)
        self.missing.setStyleSheet("background: #fef2f2; border-left: 5px solid #b91c1c; padding: 5px 8px;")

        self.table = QTableView()
        self.table.setObjectName("callout_lines")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        lines_header = self.table.horizontalHeader()
        lines_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        lines_header.setSectionResizeMode(PERSON, QHeaderView.ResizeMode.Stretch)
        lines_header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in ((NUMBER, 30), (METHOD, 76), (ADDRESS, 112), (RESULT, 156)):
            self.table.setColumnWidth(column, width)
        self.table.setColumnHidden(DEPUTY, True)  # the deputy is in the panel and in the hints
        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show_line())

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_panel())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([540, 330])
        self.work = QWidget()
        work_column = QVBoxLayout(self.work)
        work_column.setContentsMargins(0, 0, 0, 0)
        work_column.addLayout(top)
        work_column.addWidget(self.missing)
        work_column.addWidget(splitter, 1)
        self.empty = QLabel(_("No call-out yet. Start one to work down an alert list: each attempt is logged with its time."))
        self.empty.setObjectName("callouts_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #555; font-size: 12pt; padding: 24px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(tools)
        layout.addWidget(self.list)
        layout.addWidget(self.work, 1)
        layout.addWidget(self.empty, 1)

    def _build_panel(self) -> QScrollArea:
        self.person = CalleeBox("callee_person", "", 20)
        self.deputy = CalleeBox("callee_deputy", _("DEPUTY"), 15)
        for box, on_deputy in ((self.person, False), (self.deputy, True)):
            for result, button in box.buttons.items():
                button.clicked.connect(lambda _checked=False, result=result, on_deputy=on_deputy: self.record(result, on_deputy))
        self.errors = FieldErrors()
        self.time = TimeField("attempt_time")
        self.note = QLineEdit()
        self.note.setObjectName("attempt_note")
        self.note.setPlaceholderText(_("Note, e.g. left a message"))
        fields = QGridLayout()
        fields.addWidget(QLabel(_("Time")), 0, 0)
        fields.addWidget(self.errors.wrap("at", self.time), 0, 1)
        fields.addWidget(QLabel(_("Note")), 1, 0)
        fields.addWidget(self.errors.wrap("note", self.note), 1, 1)
        self.history = QLabel()
        self.history.setObjectName("attempt_history")
        self.history.setWordWrap(True)
        self.history.setStyleSheet("color: #374151;")
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(4, 0, 4, 4)
        column.addWidget(self.person)
        column.addWidget(self.deputy)
        column.addLayout(fields)
        column.addWidget(self.errors.general)
        column.addWidget(self.history)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("callee_panel")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(panel)
        return scroll

    # Showing
    def show_incident(self, incident: Incident | None) -> None:
        """Show ``incident``'s call-outs (read again), keeping the one and the person chosen."""
        changed = incident is None or self.incident is None or incident.id != self.incident.id
        self.incident = incident
        keep = None if changed or self.callout is None else self.callout.id
        self.callouts = callout_store.list_for(self.store, incident.id) if incident else []
        self._fill_list(keep)
        self.start_button.setEnabled(incident is not None and not incident.closed and not self.store.read_only)

    def _fill_list(self, keep: str | None) -> None:
        now = now_utc()
        self.list.blockSignals(True)
        self.list.setRowCount(len(self.callouts))
        for row, callout in enumerate(self.callouts):
            self._fill_row(row, callout, status(callout, now))
        ids = [callout.id for callout in self.callouts]
        row = ids.index(keep) if keep in ids else self._default_row()
        if row is not None:
            self.list.setCurrentCell(row, 0)
        self.list.blockSignals(False)
        self.list.setVisible(bool(self.callouts))
        shown_rows = min(max(len(self.callouts), 1), 4)
        self.list.setFixedHeight(self.list.horizontalHeader().height() + shown_rows * 24 + 4)
        self.work.setVisible(bool(self.callouts))
        self.empty.setVisible(self.incident is not None and not self.callouts)
        self._choose(row if row is not None else -1)

    def _default_row(self) -> int | None:
        """The latest call-out still running, else the latest."""
        if not self.callouts:
            return None
        running = [row for row, callout in enumerate(self.callouts) if not callout.finished]
        return running[-1] if running else len(self.callouts) - 1

    def _fill_row(self, row: int, callout: Callout, callout_status: CalloutStatus) -> None:
        reached = f"{callout_status.reached_count}/{len(callout_status.lines)}"
        state = (_("Finished {time}").format(time=clock_time(callout.finished_at, now_utc())) if callout.finished
                 else _("Running"))
        for column, text in enumerate((callout.list_name, show(callout.started_at), reached,
                                       duration_text(callout_status.elapsed), state)):
            item = self.list.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                self.list.setItem(row, column, item)
            item.setText(text)
            if column == 4:
                item.setForeground(Qt.GlobalColor.darkGray if callout.finished else Qt.GlobalColor.darkGreen)

    def _choose(self, row: int) -> None:
        callout = self.callouts[row] if 0 <= row < len(self.callouts) else None
        same = callout is not None and self.callout is not None and callout.id == self.callout.id
        line = self.current_line()
        keep_line = line.line.id if same and line else None
        self.callout = callout
        self._refresh(keep_line, reset=not same)

    def _refresh(self, keep_line: str | None, *, reset: bool) -> None:
        """Work out the status of the call-out shown and show it; select ``keep_line`` or the first person not reached."""
        now = now_utc()
        callout = self.callout
        self.status = status(callout, now) if callout else None
        self.model.set_status(self.status, now)
        if callout is None:
            self._show_line()
            return
        row = self.model.row_of(keep_line) if keep_line else None
        if row is None:
            row = next((r for r, line in enumerate(self.status.lines) if line.reached is None and not line.line.no_one), 0)
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0))
        if reset:
            self.time.set_now()
            self.note.clear()
            self.errors.clear()
        self._show_header(now)
        self._show_line()

    def _show_header(self, now: datetime) -> None:
        callout, callout_status = self.callout, self.status
        self.heading.setText(callout.list_name)
        by = callout.started_by
        started = _("Started {time} by {name}").format(time=show(callout.started_at), name=f"{by.name} ({by.role})" if by.role else by.name)
        if callout.finished:
            started += " · " + _("finished {time} by {name}").format(time=show(callout.finished_at), name=callout.finished_by.name)
        self.started_label.setText(started)
        self.clock.setText(elapsed_clock(callout_status.elapsed))
        self.clock.setStyleSheet(f"color: {'#6b7280' if callout.finished else '#111827'};")
        total = len(callout_status.lines)
        self.reached_label.setText(_("{reached} of {total} reached").format(reached=callout_status.reached_count, total=total))
        colour = REACHED_COLOUR if callout_status.reached_count == total else FAILED_COLOUR
        self.reached_label.setStyleSheet(f"font-size: 13pt; font-weight: 700; color: {colour};")
        missing = callout_status.not_reached
        if not missing:
            after = callout_status.all_reached_after
            self.missing.setText("✔ " + _("Everyone is reached") + (
                " – " + _("after {duration}").format(duration=duration_text(after)) if after is not None else ""))
            self.missing.setStyleSheet("background: #ecfdf5; border-left: 5px solid #15803d; padding: 5px 8px;")
        else:
            names = []
            for line in missing[:NAMES_SHOWN]:
                name = person_text(line)
                if line.try_deputy:
                    name += f" <span style='color:{DEPUTY_COLOUR}'>→ " + _("try the deputy {name}").format(name=line.line.deputy.name) + "</span>"
                names.append(name)
            if len(missing) > NAMES_SHOWN:
                names.append(_("and {count} more").format(count=len(missing) - NAMES_SHOWN))
            self.missing.setText("<b>" + ngettext("Not reached ({count}):", "Not reached ({count}):", len(missing)).format(count=len(missing))
                                 + "</b> " + " · ".join(names))
            self.missing.setStyleSheet("background: #fef2f2; border-left: 5px solid #b91c1c; padding: 5px 8px;")
        self.finish_button.setEnabled(self._writable() and not callout.finished)
        if callout in self.callouts:
            self._fill_row(self.callouts.index(callout), callout, callout_status)

    def current_line(self) -> LineStatus | None:
        index = self.table.currentIndex()
        return self.model.line(index.row()) if index.isValid() else None

    def select_line(self, line_id: str) -> None:
        row = self.model.row_of(line_id)
        if row is not None:
            self.table.selectRow(row)

    def _show_line(self) -> None:
        line = self.current_line()
        writable = self._writable() and self.callout is not None and not self.callout.finished
        person = line.line.person if line and not line.line.no_one else None
        facts = []
        if line is not None:
            if line.line.role:
                facts.append(line.line.role)
            if line.line.person.other_numbers:
                facts.append(_("Other: {numbers}").format(numbers=", ".join(line.line.person.other_numbers)))
            if line.line.note:
                facts.append(line.line.note)
            if line.line.no_one:
                facts.append(_("No one held the role {role} when the call-out started.").format(role=line.line.role))
            elif not line.line.person.number:
                facts.append(_("No number or address for this method: use another way."))
        self.person.show_callee(person, facts)
        self.person.title.setText(line.line.method.label.upper() if line else "")
        deputy = line.line.deputy if line else None
        deputy_facts = []
        if deputy is not None and deputy.other_numbers:
            deputy_facts.append(_("Other: {numbers}").format(numbers=", ".join(deputy.other_numbers)))
        if line is not None and line.line.deputy_missing:
            deputy_facts.append(_("The list uses deputies, but {name} has none.").format(name=line.line.person.name))
        self.deputy.show_callee(deputy, deputy_facts)
        self.deputy.setVisible(line is not None and (deputy is not None or line.line.deputy_missing))
        self.deputy.title.setText("→ " + _("TRY THE DEPUTY NOW") if line and line.try_deputy else _("DEPUTY"))
        self.deputy.highlight(bool(line and line.try_deputy))
        for button in self.person.buttons.values():
            button.setEnabled(writable and person is not None)
        for button in self.deputy.buttons.values():
            button.setEnabled(writable and deputy is not None)
        for widget in (self.time, self.note):
            widget.setEnabled(writable and line is not None)
        self.history.setText(self._history(line))

    @staticmethod
    def _history(line: LineStatus | None) -> str:
        if line is None or not line.attempts:
            return ""
        rows = [_("Attempts:")]
        for attempt in reversed(line.attempts):
            who = line.line.deputy.name if attempt.on_deputy and line.line.deputy else line.line.person.name
            text = f"{show(attempt.at)[-5:]}  {attempt.result.label} – {who} ({attempt.operator.name})"
            rows.append(text + (f": {attempt.note}" if attempt.note else ""))
        return "\n".join(rows)

    def _tick(self) -> None:
        if self.callout is not None and self.isVisible():
            now = now_utc()
            self.status = status(self.callout, now)
            self._show_header(now)

    def _writable(self) -> bool:
        return self.incident is not None and not self.incident.closed and not self.store.read_only

    # Writing
    def start_callout(self) -> None:
        from beredskap_desktop.ui.dialogs.start_callout import StartCalloutDialog

        incident = self.incident
        if not self._writable():
            return
        device = self.page.device()
        if device is None:
            return

        def open_dialog() -> None:
            dialog = self.dialog = StartCalloutDialog(self.store, incident, device, self.page.operator, self.window())
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._started(incident, dialog.callout))
            dialog.open()

        self.page.with_operator(open_dialog)

    def _started(self, incident: Incident, callout: Callout) -> None:
        self.callout = callout  # shown once the page has read everything again
        self.page._after_change(incident)

    def record(self, result: AttemptResult, on_deputy: bool = False) -> None:
        """Record an attempt with ``result`` on the chosen person (or the deputy) at the time given."""
        line, callout, incident = self.current_line(), self.callout, self.incident
        if line is None or callout is None or not self._writable():
            return
        device = self.page.device()
        if device is None:
            return
        at, note = self.time.value(), self.note.text()

        def write() -> None:
            try:
                callout_store.record_attempt(self.store, callout.id, line.line.id, result, on_deputy=on_deputy, note=note,
                                             at=at, device_id=device, operator=self.page.operator)
            except FieldError as error:
                self.errors.show([error])
                return
            except UserError as error:
                self.errors.show([FieldError("general", str(error))])
                return
            self.time.set_now()
            self.note.clear()
            self.errors.clear()
            self.page._after_change(incident)
            self._next_after(line.line.id)

        self.page.with_operator(write)

    def _next_after(self, line_id: str) -> None:
        """After an attempt: stay when the deputy is next, else the next person not reached (round the list)."""
        if self.status is None:
            return
        lines = self.status.lines
        row = self.model.row_of(line_id)
        if row is None or lines[row].try_deputy:
            return
        order = list(range(row + 1, len(lines))) + list(range(0, row + 1))
        target = next((r for r in order if lines[r].reached is None and not lines[r].line.no_one), row)
        self.table.selectRow(target)
        self.table.setFocus()

    def finish(self) -> None:
        callout, incident = self.callout, self.incident
        if callout is None or callout.finished or not self._writable():
            return
        missing = len(self.status.not_reached) if self.status else 0
        if missing:
            answer = ask(self.window(), _("Finish call-out"),
                         ngettext("{count} person is not reached. Finish the call-out anyway? No more attempts can be recorded.",
                                  "{count} people are not reached. Finish the call-out anyway? No more attempts can be recorded.",
                                  missing).format(count=missing),
                         [_("Finish call-out"), _("Cancel")])
            if answer != 0:
                return
        device = self.page.device()
        if device is None:
            return

        def write() -> None:
            try:
                callout_store.finish(self.store, callout.id, device_id=device, operator=self.page.operator)
            except UserError as error:
                self.errors.show([FieldError("general", str(error))])
                return
            self.page._after_change(incident)

        self.page.with_operator(write)
