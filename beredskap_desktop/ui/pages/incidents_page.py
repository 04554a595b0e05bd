"""The Incidents page: incidents and exercises (open first) beside the workspace of the one
chosen – its header with status, phase, who is at the keyboard and what to print, and its
tabs (the log, the actions, the call-outs, the situation reports).

Each tab widget gets ``show_incident(incident)`` when the shown incident or its state
changes, and writes through ``with_operator`` and ``device``, as the log tab does, calling
``_after_change`` after a write.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMenu, QMessageBox, QPushButton, QSplitter,
    QStackedWidget, QTabWidget, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.cards import Phase
from beredskap_desktop.domain.clock import show
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.incidents import Incident, Status
from beredskap_desktop.domain.log import LogEntry, Operator
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import incident_types as type_store
from beredskap_desktop.storage import incidents as incident_store
from beredskap_desktop.storage import log as log_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.widgets.common import ask, empty_state
from beredskap_desktop.ui.widgets.incident_list import INCIDENT_ROLE, IncidentDelegate
from beredskap_desktop.ui.widgets.incident_actions import ActionsTab
from beredskap_desktop.ui.widgets.incident_callouts import CalloutsTab
from beredskap_desktop.ui.widgets.incident_log import LogTab
from beredskap_desktop.ui.widgets.incident_sitreps import SitrepsTab
from beredskap_desktop.ui.widgets.incident_style import (
    CLOSED_COLOUR, ERROR_COLOUR, EXERCISE_COLOUR, SEVERITY_COLOURS, badge, set_badge,
)


class IncidentsPage(QWidget):
    """``changed`` fires after an incident was started, changed or closed."""

    changed = Signal()

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.incident: Incident | None = None
        self.operator: Operator | None = None
        self.recent: list[Operator] = []  # who was at the keyboard this session, latest last
        self.dialog = None  # the dialog last opened (tests reach it here)
        self._device: str | None = None
        self.type_names = type_store.names(store)
        self._build()
        self.reload()

    def _build(self) -> None:
        writable = not self.store.read_only
        self.empty = empty_state("incidents_empty")
        self.empty.setText(_("No incidents yet.\nStart one when something happens, or start an exercise to practise."))
        self.empty_start = QPushButton(_("Start incident…"))
        self.empty_start.setObjectName("empty_start_incident")
        self.empty_exercise = QPushButton(_("Start exercise…"))
        for button, exercise in ((self.empty_start, False), (self.empty_exercise, True)):
            button.setMinimumSize(220, 48)
            button.setStyleSheet("font-size: 13pt; font-weight: 600;")
            button.setEnabled(writable)
            button.clicked.connect(lambda _checked=False, exercise=exercise: self.start_incident(exercise))
        empty_buttons = QHBoxLayout()
        empty_buttons.addStretch(1)
        empty_buttons.addWidget(self.empty_start)
        empty_buttons.addWidget(self.empty_exercise)
        empty_buttons.addStretch(1)
        empty_page = QWidget()
        empty_column = QVBoxLayout(empty_page)
        empty_column.addStretch(1)
        empty_column.addWidget(self.empty)
        empty_column.addLayout(empty_buttons)
        empty_column.addStretch(2)

        self.start_button = QPushButton(_("Start incident…"))
        self.start_button.setObjectName("start_incident")
        self.exercise_button = QPushButton(_("Start exercise…"))
        for button, exercise in ((self.start_button, False), (self.exercise_button, True)):
            button.setMinimumHeight(32)
            button.setEnabled(writable)
            button.clicked.connect(lambda _checked=False, exercise=exercise: self.start_incident(exercise))
        self.list = QListWidget()
        self.list.setObjectName("incident_list")
        self.list.setItemDelegate(IncidentDelegate(self.type_names, self.list))
        self.list.currentItemChanged.connect(self._chosen)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.exercise_button)
        left_column.addLayout(buttons)
        left_column.addWidget(self.list, 1)

        self.log_tab = LogTab(self.store)
        self.log_tab.new_requested.connect(lambda: self.write_entry(self.incident))
        self.log_tab.correct_requested.connect(lambda entry: self.write_entry(self.incident, entry))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("incident_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.log_tab, _("Log"))
        self.actions_tab = ActionsTab(self)
        self.tabs.addTab(self.actions_tab, _("Actions"))
        self.callouts_tab = CalloutsTab(self)
        self.tabs.addTab(self.callouts_tab, _("Call-outs"))
        self.sitreps_tab = SitrepsTab(self)
        self.tabs.addTab(self.sitreps_tab, _("Situation reports"))
        workspace = QWidget()
        workspace_column = QVBoxLayout(workspace)
        workspace_column.setContentsMargins(0, 0, 0, 0)
        workspace_column.setSpacing(6)
        workspace_column.addWidget(self._build_header())
        workspace_column.addWidget(self.tabs, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(workspace)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([290, 880])
        self.stack = QStackedWidget()
        self.stack.addWidget(empty_page)
        self.stack.addWidget(splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

    def _build_header(self) -> QFrame:
        self.header = QFrame()
        self.header.setObjectName("incident_header")
        self.title = QLabel()
        self.title.setObjectName("incident_heading")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 17pt; font-weight: 700;")
        self.exercise_badge = badge(_("EXERCISE"), EXERCISE_COLOUR, "incident_exercise_badge")
        self.severity_badge = badge("", SEVERITY_COLOURS[next(iter(SEVERITY_COLOURS))], "incident_severity")
        self.close_button = QPushButton(_("Close incident…"))
        self.close_button.setObjectName("close_incident")
        self.close_button.clicked.connect(self.close_incident)
        self.print_button = QPushButton(_("Print"))
        self.print_button.setObjectName("print_incident")
        self.print_button.setToolTip(_("Print for this incident (Ctrl+P asks what)"))
        self.print_menu = QMenu(self.print_button)
        for what, text in (("log", _("The log")), ("sitrep", _("The latest situation report")),
                           ("incident-cards", _("The activated action cards with status")), ("board", _("The action board")),
                           ("callouts", _("The call-outs"))):
            self.print_menu.addAction(text, lambda what=what: self._print(what))
        self.print_menu.addSeparator()
        self.print_menu.addAction(_("Choose…"), lambda: self._printing().ask_incident_printout(self.window(), self.incident))
        self.print_menu.addSeparator()
        self.print_menu.addAction(_("Archive package (PDF and CSV)…"), lambda: self._printing().export_archive(self.window(), self.incident))
        self.print_button.setMenu(self.print_menu)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.exercise_badge)
        top.addWidget(self.severity_badge)
        top.addSpacing(12)
        top.addWidget(self.print_button)
        top.addWidget(self.close_button)
        self.facts = QLabel()
        self.facts.setObjectName("incident_facts")
        self.facts.setWordWrap(True)
        self.facts.setStyleSheet("color: #374151;")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.status = QComboBox()
        self.status.setObjectName("incident_status")
        self.status.activated.connect(self._status_chosen)
        self.phase = QComboBox()
        self.phase.setObjectName("incident_phase")
        for phase in Phase:
            self.phase.addItem(phase.label, phase.value)
        self.phase.activated.connect(self._phase_chosen)
        for combo in (self.status, self.phase):
            combo.setMinimumHeight(30)
            combo.setStyleSheet("font-size: 11pt;")
        self.operator_label = QLabel()
        self.operator_label.setObjectName("operator_label")
        self.operator_label.setStyleSheet("font-size: 11pt;")
        self.change_operator = QPushButton(_("Change"))
        self.change_operator.setObjectName("change_operator")
        self.change_operator.setToolTip(_("Someone else takes over the keyboard"))
        self.change_operator.clicked.connect(lambda: self.ask_operator())
        controls = QHBoxLayout()
        controls.addWidget(QLabel(_("Status")))
        controls.addWidget(self.status)
        controls.addSpacing(12)
        controls.addWidget(QLabel(_("Phase")))
        controls.addWidget(self.phase)
        controls.addStretch(1)
        controls.addWidget(self.operator_label)
        controls.addWidget(self.change_operator)
        self.closed_info = QLabel()
        self.closed_info.setObjectName("closed_info")
        self.closed_info.setWordWrap(True)
        self.closed_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.closed_info.setStyleSheet("background: #f3f4f6; padding: 6px;")
        self.message = QLabel()
        self.message.setObjectName("incident_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.hide()
        column = QVBoxLayout(self.header)
        column.setContentsMargins(14, 10, 10, 10)
        column.addLayout(top)
        column.addWidget(self.facts)
        column.addLayout(controls)
        column.addWidget(self.closed_info)
        column.addWidget(self.message)
        return self.header

    # The list
    def reload(self, select: str | None = None) -> None:
        """Read the incidents again; keep the one shown (or show ``select``)."""
        self.type_names = type_store.names(self.store)
        self.list.itemDelegate().type_names = self.type_names
        incidents = incident_store.list_all(self.store)
        select = select or (self.incident.id if self.incident else None)
        self.list.blockSignals(True)
        self.list.clear()
        for incident in incidents:
            item = QListWidgetItem(incident.title)
            item.setData(INCIDENT_ROLE, incident)
            item.setToolTip(incident.title)
            self.list.addItem(item)
        row = next((i for i, incident in enumerate(incidents) if incident.id == select), 0 if incidents else None)
        if row is not None:
            self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self.stack.setCurrentIndex(1 if incidents else 0)
        self._chosen(self.list.currentItem())

    def _chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        incident = item.data(INCIDENT_ROLE) if item else None
        shown = self.incident
        if shown is not None and (incident is None or incident.id != shown.id) and not self.confirm_leave():
            rows = [row for row in range(self.list.count()) if self.list.item(row).data(INCIDENT_ROLE).id == shown.id]
            self.list.blockSignals(True)
            self.list.setCurrentRow(rows[0] if rows else -1)
            self.list.blockSignals(False)
            return
        self._show(incident)

    def show_incident(self, incident_id: str) -> None:
        self.reload(select=incident_id)

    def _show(self, incident: Incident | None) -> None:
        self.incident = incident
        self.message.hide()
        if incident is not None:
            self._fill_header(incident)
        for index in range(self.tabs.count()):
            self.tabs.widget(index).show_incident(incident)
        if incident is not None and not incident.closed and self.isVisible():
            self._ask_if_nobody()

    def _fill_header(self, incident: Incident) -> None:
        colour = CLOSED_COLOUR if incident.closed else SEVERITY_COLOURS[incident.severity]
        self.header.setStyleSheet(f"QFrame#incident_header {{ border-left: 8px solid {colour}; background: #f8fafc; }}")
        self.title.setText(incident.title)
        self.exercise_badge.setVisible(incident.exercise)
        set_badge(self.severity_badge, incident.severity.label.upper(), SEVERITY_COLOURS[incident.severity])
        self.severity_badge.setToolTip(incident.severity.meaning)
        facts = [", ".join(self.type_names.get(code, code) for code in incident.incident_types)]
        if incident.location:
            facts.append(_("Location: {value}").format(value=incident.location))
        if incident.crisis_room:
            facts.append(_("Crisis room: {value}").format(value=incident.crisis_room))
        facts.append(_("Started {time} by {name}").format(time=show(incident.started_at), name=incident.started_by))
        self.facts.setText(" · ".join(facts))
        self.facts.setToolTip(incident.description)
        self.status.clear()
        for status in Status:
            if status is not Status.CLOSED or incident.closed:
                self.status.addItem(status.label, status.value)
        self.status.setCurrentIndex(self.status.findData(incident.status.value))
        self.phase.setCurrentIndex(self.phase.findData(incident.phase.value))
        writable = not self.store.read_only and not incident.closed
        for widget in (self.status, self.phase, self.close_button):
            widget.setEnabled(writable)
        self.close_button.setText(_("Close exercise…") if incident.exercise else _("Close incident…"))
        self.closed_info.setVisible(incident.closed)
        if incident.closed:
            lines = [_("Closed {time}.").format(time=show(incident.closed_at)),
                     _("Evaluation notes: {notes}").format(notes=incident.evaluation_notes)]
            lines += [_("Follow-up: {point}").format(point=point) for point in incident.follow_up]
            self.closed_info.setText("\n".join(lines))
        self._show_operator()

    def _show_operator(self) -> None:
        operator = self.operator
        text = (f"{operator.name} ({operator.role})" if operator.role else operator.name) if operator else _("nobody chosen")
        self.operator_label.setText(_("At the keyboard: {operator}").format(operator=text))
        self.change_operator.setText(_("Change") if operator else _("Choose…"))
        self.change_operator.setEnabled(not self.store.read_only)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.incident is not None and not self.incident.closed:
            self._ask_if_nobody()

    # Who is at the keyboard
    def _ask_if_nobody(self) -> None:
        if self.operator is None and not self.store.read_only and not (self.dialog is not None and self.dialog.isVisible()):
            self.ask_operator()

    def ask_operator(self, then: Callable[[], None] | None = None) -> None:
        """Ask who is at the keyboard (filled with who was); ``then`` runs once they said."""
        from beredskap_desktop.ui.dialogs.operator import OperatorDialog

        dialog = self.dialog = OperatorDialog(self.store, self.operator, self.recent, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._set_operator(dialog.chosen()))
        if then is not None:
            dialog.accepted.connect(then)
        dialog.open()

    def _set_operator(self, operator: Operator) -> None:
        self.operator = operator
        self.recent = [o for o in self.recent if o.name != operator.name] + [operator]
        self._show_operator()

    def with_operator(self, then: Callable[[], None]) -> None:
        """Run ``then`` now if someone is at the keyboard, else once they have said who they are."""
        if self.operator is not None:
            then()
        else:
            self.ask_operator(then)

    def device(self) -> str | None:
        """This laptop's device id (its log chain); ``None`` after saying why there is none."""
        if self._device is None:
            from beredskap_desktop.services.device import device_id

            try:
                self._device = device_id()
            except UserError as error:
                QMessageBox.warning(self.window(), _("Device id"), str(error))
        return self._device

    # Commands
    def new_item(self) -> None:
        """Ctrl+N on this page starts an incident."""
        self.start_incident(False)

    def start_incident(self, exercise: bool = False) -> None:
        from beredskap_desktop.ui.dialogs.start_incident import StartIncidentDialog

        device = None if self.store.read_only else self.device()
        if device is None:
            return
        dialog = self.dialog = StartIncidentDialog(self.store, device, self.operator, self.recent, exercise, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._started(dialog.incident, dialog.operator))
        dialog.open()

    def _started(self, incident: Incident, operator: Operator) -> None:
        self._set_operator(operator)
        self.reload(select=incident.id)
        self.changed.emit()

    def quick_entry(self) -> None:
        """Ctrl+L from any page: a log entry in the open incident shown here, the only open
        one, or the one chosen; with none open, offer to start one."""
        if self.store.read_only:
            return
        shown = self.incident if self.isVisible() and self.incident and not self.incident.closed else None
        candidates = [shown] if shown else incident_store.list_all(self.store, include_closed=False)
        if not candidates:
            answer = ask(self.window(), _("Log entry"), _("No incident is open. Start one?"),
                         [_("Start incident…"), _("Start exercise…"), _("Cancel")])
            if answer is not None:
                self.start_incident(exercise=answer == 1)
            return
        if len(candidates) > 1:
            titles = [_("EXERCISE: {title}").format(title=i.title) if i.exercise else i.title for i in candidates]
            answer = ask(self.window(), _("Log entry"), _("Which incident is the entry about?"), [*titles, _("Cancel")])
            if answer is None:
                return
            candidates = [candidates[answer]]
        self.write_entry(candidates[0])

    def write_entry(self, incident: Incident | None, corrects: LogEntry | None = None) -> None:
        """Open the log entry dialog for ``incident`` (a correction of ``corrects``)."""
        if incident is None or self.store.read_only or self.device() is None:
            return
        self.with_operator(lambda: self._open_entry(incident, corrects))

    def _open_entry(self, incident: Incident, corrects: LogEntry | None) -> None:
        from beredskap_desktop.ui.dialogs.log_entry import LogEntryDialog

        dialog = self.dialog = LogEntryDialog(self.store, incident, self.device(), self.operator, corrects, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._entry_saved)
        dialog.open()

    def _entry_saved(self, entry: LogEntry) -> None:
        if self.incident is not None and entry.incident_id == self.incident.id:
            self.log_tab.show_saved(entry)

    def _status_chosen(self, index: int) -> None:
        status = Status(self.status.itemData(index))
        self._change(lambda incident, who: incident_store.set_status(self.store, incident.id, status, **who), self.status,
                     lambda incident: incident.status.value)

    def _phase_chosen(self, index: int) -> None:
        phase = Phase(self.phase.itemData(index))
        self._change(lambda incident, who: incident_store.set_phase(self.store, incident.id, phase, **who), self.phase,
                     lambda incident: incident.phase.value)

    def _change(self, write: Callable, combo: QComboBox, stored: Callable[[Incident], str]) -> None:
        """Write a status or phase change (storage logs it). The combo shows the stored value
        until it is written, so it stays there if nobody says who they are or it is refused."""
        incident = self.incident
        combo.setCurrentIndex(combo.findData(stored(incident)))
        device = self.device()
        if device is None:
            return

        def write_it() -> None:
            try:
                changed = write(incident, {"device_id": device, "operator": self.operator})
            except UserError as error:
                self.message.setText(str(error))
                self.message.show()
                return
            self._after_change(changed)

        self.with_operator(write_it)

    def _after_change(self, incident: Incident) -> None:
        self.reload(select=incident.id)
        self.log_tab.reload(latest=True)  # the entry the change wrote
        self.changed.emit()

    def close_incident(self) -> None:
        from beredskap_desktop.ui.dialogs.close_incident import CloseIncidentDialog

        incident = self.incident
        if incident is None or incident.closed or self.store.read_only or self.device() is None:
            return

        def open_dialog() -> None:
            dialog = self.dialog = CloseIncidentDialog(self.store, incident, self.device(), self.operator,
                                                       log_store.count(self.store, incident.id), self.window())
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._after_change(dialog.incident))
            dialog.open()

        self.with_operator(open_dialog)

    def confirm_leave(self) -> bool:
        """Whether the incident shown may be left: the situation report being edited asks."""
        return self.sitreps_tab.confirm_leave()

    def save(self) -> None:
        """Ctrl+S saves the situation report being edited."""
        if self.tabs.currentWidget() is self.sitreps_tab:
            self.sitreps_tab.save()

    @staticmethod
    def _printing():
        from beredskap_desktop.ui import print_actions  # reportlab is not needed to show the page

        return print_actions

    def _print(self, what: str) -> None:
        if self.incident is not None:
            self._printing().print_incident(self.window(), self.incident, what)

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.log_tab)
        self.log_tab.focus_search()
