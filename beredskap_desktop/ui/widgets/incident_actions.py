"""The incident workspace's actions tab (tiltak): the board at the top, the activated cards'
steps and the ad-hoc actions below it, and the chosen step with its status buttons,
assignee and comment beside them.

Keys 1–4 on a step set its status (not started, started, done, not relevant). Every change
goes through ``storage.actions`` – which logs it – with the workspace's operator and device.
An assignee or comment typed but not saved is kept for its step until it is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QSplitter, QTreeView, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.actions import Action, ActionStatus, board
from beredskap_desktop.domain.clock import now_utc, show
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.storage import actions as action_store
from beredskap_desktop.ui.models.actions_model import (
    ASSIGNEE, COMMENT, DEADLINE, GROUP_ROLE, OVERDUE_COLOUR, ROLE, STATUS, STATUS_COLOURS, STEP, TIMES, ActionsModel,
    clock_time, group_key,
)
from beredskap_desktop.ui.widgets.action_board import ActionBoard
from beredskap_desktop.ui.widgets.field_errors import FieldErrors

TICK_MS = 15_000  # how often to look whether a deadline has passed
STATUS_KEYS = {Qt.Key.Key_1: ActionStatus.NOT_STARTED, Qt.Key.Key_2: ActionStatus.STARTED, Qt.Key.Key_3: ActionStatus.DONE,
               Qt.Key.Key_4: ActionStatus.NOT_RELEVANT}
ALL_ROLES = "\x00all"


class ActionsTab(QWidget):
    """Shows the actions of ``page.incident``; ``show_incident`` is called by the page."""

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        self.store = page.store
        self.incident: Incident | None = None
        self.all_actions: list[Action] = []
        self.dialog = None  # the dialog last opened (tests reach it here)
        self.current: Action | None = None  # the step shown in the detail
        self._drafts: dict[str, tuple[str, str]] = {}  # action id -> (assignee, comment) typed, not saved
        self._filling = False
        self._collapsed: set[str] = set()
        self._next_due: datetime | None = None  # the first deadline of an open step still ahead
        self.model = ActionsModel(self)
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _build(self) -> None:
        self.add_button = QPushButton(_("Add action…"))
        self.add_button.setObjectName("add_action")
        self.add_button.setToolTip(_("An action that no card has; it is logged"))
        self.activate_button = QPushButton(_("Activate action card…"))
        self.activate_button.setObjectName("activate_card")
        self.activate_button.setToolTip(_("Add the steps of one more action card to this incident; it is logged"))
        self.add_button.clicked.connect(self.add_action)
        self.activate_button.clicked.connect(self.activate_card)
        self.role_filter = QComboBox()
        self.role_filter.setObjectName("action_role_filter")
        self.role_filter.setMinimumWidth(180)
        self.role_filter.currentIndexChanged.connect(lambda _index: self._refill())
        self.open_only = QCheckBox(_("Only open"))
        self.open_only.setObjectName("actions_open_only")
        self.open_only.setToolTip(_("Hide steps that are done or not relevant"))
        self.open_only.toggled.connect(lambda _checked: self._refill())
        self.count_label = QLabel()
        self.count_label.setObjectName("actions_count")
        self.count_label.setStyleSheet("color: #4b5563;")
        tools = QHBoxLayout()
        tools.addWidget(self.add_button)
        tools.addWidget(self.activate_button)
        tools.addStretch(1)
        tools.addWidget(QLabel(_("Role")))
        tools.addWidget(self.role_filter)
        tools.addWidget(self.open_only)
        tools.addSpacing(8)
        tools.addWidget(self.count_label)

        self.board = ActionBoard()
        self.board.card_chosen.connect(self.go_to_card)
        self.board.role_chosen.connect(self.filter_role)

        self.tree = QTreeView()
        self.tree.setObjectName("actions_tree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(STEP, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        for column, width in ((STATUS, 122), (ROLE, 112), (ASSIGNEE, 92), (DEADLINE, 98), (TIMES, 84), (COMMENT, 80)):
            self.tree.setColumnWidth(column, width)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.expanded.connect(lambda index: self._collapsed.discard(index.data(GROUP_ROLE)))
        self.tree.collapsed.connect(lambda index: self._collapsed.add(index.data(GROUP_ROLE)))
        self.tree.installEventFilter(self)
        self.empty = QLabel()
        self.empty.setObjectName("actions_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #555; font-size: 12pt; padding: 16px;")
        self.empty.hide()
        tree_box = QWidget()
        tree_column = QVBoxLayout(tree_box)
        tree_column.setContentsMargins(0, 0, 0, 0)
        tree_column.addWidget(self.tree, 1)
        tree_column.addWidget(self.empty)

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.board)
        body.addWidget(tree_box)
        body.addWidget(self._build_detail())
        body.setStretchFactor(0, 1)
        body.setStretchFactor(1, 3)
        body.setStretchFactor(2, 0)
        body.setSizes([170, 330, 150])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(tools)
        layout.addWidget(body, 1)

    def _build_detail(self) -> QFrame:
        self.detail = QFrame()
        self.detail.setObjectName("action_detail")
        self.detail.setStyleSheet("QFrame#action_detail { background: #f8fafc; border: 1px solid #d1d5db; }")
        self.detail_heading = QLabel()
        self.detail_heading.setObjectName("action_heading")
        self.detail_heading.setWordWrap(True)
        self.detail_heading.setStyleSheet("color: #374151; font-weight: 600;")
        self.detail_text = QLabel()
        self.detail_text.setObjectName("action_full_text")
        self.detail_text.setWordWrap(True)
        self.detail_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_text.setStyleSheet("font-size: 12pt;")
        self.detail_facts = QLabel()
        self.detail_facts.setObjectName("action_facts")
        self.detail_facts.setWordWrap(True)
        self.detail_facts.setTextFormat(Qt.TextFormat.RichText)
        self.status_buttons: dict[ActionStatus, QPushButton] = {}
        buttons = QGridLayout()
        buttons.setSpacing(4)
        for number, status in enumerate(ActionStatus, start=1):
            button = QPushButton(f"{number}  {status.label}")
            button.setObjectName(f"status_{status.value}")
            button.setMinimumHeight(34)
            button.setToolTip(_("Set the status (key {key} in the list)").format(key=number))
            button.clicked.connect(lambda _checked=False, status=status: self.set_status(status))
            self.status_buttons[status] = button
            buttons.addWidget(button, (number - 1) // 2, (number - 1) % 2)
        self.errors = FieldErrors()
        self.assignee = QLineEdit()
        self.assignee.setObjectName("action_assignee_edit")
        self.assignee.setPlaceholderText(_("Who does it"))
        self.assignee.textEdited.connect(self._edited)
        self.assignee.returnPressed.connect(self.save_detail)
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("action_comment")
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(52)
        self.comment.setPlaceholderText(_("Comment, e.g. what was agreed"))
        self.comment.textChanged.connect(self._edited)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self.comment, self.save_detail, context=Qt.ShortcutContext.WidgetShortcut)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("save_action")
        self.save_button.setToolTip(_("Save the assignee and the comment (Enter, or Ctrl+Enter in the comment)"))
        self.save_button.clicked.connect(self.save_detail)
        self.unsaved = QLabel(_("Not saved yet"))
        self.unsaved.setObjectName("action_unsaved")
        self.unsaved.setStyleSheet("color: #b45309; font-weight: 600;")
        self.unsaved.hide()
        save_row = QHBoxLayout()
        save_row.addWidget(self.unsaved, 1)
        save_row.addWidget(self.save_button)
        self.detail_times = QLabel()
        self.detail_times.setObjectName("action_times")
        self.detail_times.setWordWrap(True)
        self.detail_times.setStyleSheet("color: #4b5563;")
        about = QVBoxLayout()
        about.setSpacing(4)
        about.addWidget(self.detail_heading)
        about.addWidget(self.detail_text)
        about.addWidget(self.detail_facts)
        about.addWidget(self.detail_times)
        about.addStretch(1)
        status_column = QVBoxLayout()
        status_column.addLayout(buttons)
        status_column.addStretch(1)
        fields = QVBoxLayout()
        fields.setSpacing(2)
        fields.addWidget(QLabel(_("Assigned to")))
        fields.addWidget(self.errors.wrap("assignee", self.assignee))
        fields.addWidget(QLabel(_("Comment")))
        fields.addWidget(self.errors.wrap("comment", self.comment))
        fields.addLayout(save_row)
        fields.addWidget(self.errors.general)
        fields.addStretch(1)
        row = QHBoxLayout(self.detail)
        row.setContentsMargins(10, 8, 10, 8)
        row.setSpacing(14)
        row.addLayout(about, 5)
        row.addLayout(status_column, 3)
        row.addLayout(fields, 4)
        return self.detail

    # Showing
    def show_incident(self, incident: Incident | None) -> None:
        """Show ``incident``'s actions (read again: its state may have changed), keeping the step chosen."""
        changed = incident is None or self.incident is None or incident.id != self.incident.id
        self._keep_draft()
        self.incident = incident
        if changed:
            self._drafts.clear()
            self._collapsed.clear()
            self.current = None
        self.all_actions = action_store.list_for(self.store, incident.id) if incident else []
        self._fill_roles()
        self._refill()
        self._update_buttons()

    def _fill_roles(self) -> None:
        chosen = self.role_filter.currentData()
        roles = list(dict.fromkeys(action.role for action in self.all_actions))
        self.role_filter.blockSignals(True)
        self.role_filter.clear()
        self.role_filter.addItem(_("All roles"), ALL_ROLES)
        for role in roles:
            self.role_filter.addItem(role or _("No role"), role)
        self.role_filter.setCurrentIndex(max(0, self.role_filter.findData(chosen)))
        self.role_filter.blockSignals(False)

    def _shown(self, action: Action) -> bool:
        role = self.role_filter.currentData()
        return (role in (None, ALL_ROLES) or action.role == role) and (action.status.is_open or not self.open_only.isChecked())

    def _refill(self, keep: str | None = None) -> None:
        """Fill the tree with the actions the filters let through; select ``keep``, the step
        shown before, or – when the filters now hide it – the next one."""
        self._keep_draft()
        keep = keep or (self.current.id if self.current else None)
        now = now_utc()
        started = self.incident.started_at if self.incident else None
        shown = [action for action in self.all_actions if self._shown(action)]
        self.model.set_actions(shown, started, now)
        self.tree.blockSignals(True)  # expanding is not the user's doing: keep what they collapsed
        self.tree.expandAll()
        for row, key in enumerate(self.model.group_keys()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            if key in self._collapsed:
                self.tree.collapse(self.model.index(row, 0))
        self.tree.blockSignals(False)
        self._show_board(now)
        self._select(self._successor(keep, shown))
        total = len(self.all_actions)
        self.count_label.setText(_("{shown} of {total} actions").format(shown=len(shown), total=total) if len(shown) != total
                                 else ngettext("{count} action", "{count} actions", total).format(count=total))
        self._show_empty(shown)

    def _show_empty(self, shown: list[Action]) -> None:
        if self.incident is None:
            text = ""
        elif not self.all_actions:
            text = _("No action cards are activated: the incident's types have none linked. "
                     "Activate a card or add an action when something needs doing.")
        elif not shown:
            text = _("No actions match the filters.")
        else:
            text = ""
        self.empty.setText(text)
        self.empty.setVisible(bool(text))

    def _successor(self, keep: str | None, shown: list[Action]) -> str | None:
        """``keep`` if shown, else the first shown step after it in board order (else the last
        before it); with nothing kept, the first open step."""
        if not shown:
            return None
        if keep is None:
            ordered = sorted(shown, key=lambda a: (a.ad_hoc, a.position))
            return next((action.id for action in ordered if action.status.is_open), ordered[0].id)
        shown_ids = {action.id for action in shown}
        if keep in shown_ids:
            return keep
        order = [action.id for action in sorted(self.all_actions, key=lambda a: (a.ad_hoc, a.position))]
        if keep not in order:
            return None
        at = order.index(keep)
        after = [id_ for id_ in order[at:] if id_ in shown_ids]
        before = [id_ for id_ in order[:at] if id_ in shown_ids]
        return after[0] if after else before[-1]

    def _select(self, action_id: str | None) -> None:
        index = self.model.index_of(action_id) if action_id else None
        if index is not None and index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.tree.scrollTo(index)
        else:
            self.tree.selectionModel().clear()
            self._show_action(None)

    def select_action(self, action_id: str) -> None:
        """Show the step ``action_id`` (clearing filters that hide it)."""
        if not self.model.index_of(action_id).isValid():
            self._clear_filters()
        self._select(action_id)

    def _clear_filters(self) -> None:
        self.role_filter.blockSignals(True)
        self.role_filter.setCurrentIndex(0)
        self.role_filter.blockSignals(False)
        self.open_only.blockSignals(True)
        self.open_only.setChecked(False)
        self.open_only.blockSignals(False)
        self._refill()

    def go_to_card(self, key: str) -> None:
        """The first step of the card ``key`` (from the board), the filters cleared when they hide any of its steps."""
        group = self.model.group_index(key)
        steps = sum(group_key(action) == key for action in self.all_actions)
        if not group.isValid() or self.model.rowCount(group) < steps:
            self._clear_filters()
        group = self.model.group_index(key)
        if not group.isValid():
            return
        self.tree.setExpanded(group, True)
        first = self.model.index(0, 0, group)
        self._select(self.model.action(first).id if first.isValid() else None)
        self.tree.scrollTo(group, QAbstractItemView.ScrollHint.PositionAtTop)
        self.tree.setFocus()

    def filter_role(self, role: str) -> None:
        self.role_filter.setCurrentIndex(max(0, self.role_filter.findData(role)))

    def _current_changed(self, current, _previous) -> None:
        self._keep_draft()
        self._show_action(self.model.action(current))

    def _show_board(self, now: datetime) -> None:
        started = self.incident.started_at if self.incident else None
        self.board.show_board(board(self.all_actions, incident_started_at=started, now=now))
        dues = [due for action in self.all_actions if action.status.is_open and started is not None
                for due in (action.due_at(started),) if due is not None and due >= now]
        self._next_due = min(dues, default=None)

    def _tick(self) -> None:
        """Once an open step's deadline has passed, show it overdue (nothing to do till then)."""
        now = now_utc()
        if self.incident is not None and self._next_due is not None and now > self._next_due and self.isVisible():
            self.model.set_now(now)
            self.tree.viewport().update()
            self._show_board(now)

    # The chosen step
    def _show_action(self, action: Action | None) -> None:
        self.current = action
        self.errors.clear()
        self._filling = True
        draft = self._drafts.get(action.id) if action else None
        self.assignee.setText(draft[0] if draft else action.assignee if action else "")
        self.comment.setPlainText(draft[1] if draft else action.comment if action else "")
        self._filling = False
        self.unsaved.setVisible(draft is not None)
        if action is None:
            self.detail_heading.setText(_("Choose a step in the list."))
            for label in (self.detail_text, self.detail_facts, self.detail_times):
                label.clear()
        else:
            self.detail_heading.setText(
                _("Ad-hoc action") if action.ad_hoc else _("{code} «{title}» · step {number}").format(
                    code=action.card_code, title=action.card_title, number=action.step_number))
            self.detail_text.setText(action.text)
            self.detail_facts.setText(self._facts(action))
            self.detail_times.setText(self._times(action))
        self._update_buttons()

    def _facts(self, action: Action) -> str:
        facts = []
        if action.role:
            facts.append(_("Responsible: {role}").format(role=action.role))
        due = action.due_at(self.incident.started_at) if action.deadline_minutes is not None else None
        if due is not None:
            text = _("Deadline: {deadline} ({time})").format(deadline=action.deadline, time=clock_time(due, now_utc()))
            if action.overdue(self.incident.started_at, now_utc()):
                overdue = _("overdue")
                text = f"<span style='color:{OVERDUE_COLOUR}; font-weight:700'>⚠ {text} · {overdue}</span>"
            facts.append(text)
        if action.notify:
            facts.append(_("Notify: {name}").format(name=action.notify))
        return "<br>".join(facts)

    @staticmethod
    def _times(action: Action) -> str:
        times = []
        if action.started_at:
            times.append(_("Started {time}").format(time=show(action.started_at)))
        if action.done_at:
            times.append(_("Done {time}").format(time=show(action.done_at)))
        if action.changed_at and action.changed_by:
            who = f"{action.changed_by.name} ({action.changed_by.role})" if action.changed_by.role else action.changed_by.name
            times.append(_("Last changed {time} by {name}").format(time=show(action.changed_at), name=who))
        return "\n".join(times)

    def _edited(self, *_args) -> None:
        if not self._filling and self.current is not None:
            self.unsaved.setVisible(self._typed() != (self.current.assignee, self.current.comment))

    def _typed(self) -> tuple[str, str]:
        return self.assignee.text(), self.comment.toPlainText()

    def _keep_draft(self) -> None:
        """Remember the assignee and comment typed for the step shown, unless they are as stored."""
        if self.current is None:
            return
        typed = self._typed()
        if typed != (self.current.assignee, self.current.comment):
            self._drafts[self.current.id] = typed
        else:
            self._drafts.pop(self.current.id, None)

    def _update_buttons(self) -> None:
        writable = self.incident is not None and not self.incident.closed and not self.store.read_only
        self.add_button.setEnabled(writable)
        self.activate_button.setEnabled(writable)
        editable = writable and self.current is not None
        for status, button in self.status_buttons.items():
            button.setEnabled(editable)
            current = self.current is not None and self.current.status is status
            button.setStyleSheet(
                f"background: {STATUS_COLOURS[status]}; color: white; font-weight: 700; border-radius: 3px;" if current else "")
        for widget in (self.assignee, self.comment):
            widget.setReadOnly(not editable)
        self.save_button.setEnabled(editable)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.tree and event.type() == QEvent.Type.KeyPress and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            status = STATUS_KEYS.get(event.key())
            if status is not None:
                self.set_status(status)
                return True
        return super().eventFilter(watched, event)

    # Writing
    def set_status(self, status: ActionStatus) -> None:
        """Set the chosen step's status, saving a typed assignee and comment along with it."""
        action = self.current
        if action is None or not self.status_buttons[status].isEnabled():
            return
        assignee, comment = self._typed()
        self._write(lambda who: action_store.change(self.store, action.id, status=status, assignee=assignee,
                                                    comment=comment, **who), action.id)

    def save_detail(self) -> None:
        action = self.current
        if action is None or not self.save_button.isEnabled():
            return
        assignee, comment = self._typed()
        self._write(lambda who: action_store.change(self.store, action.id, assignee=assignee, comment=comment, **who), action.id)

    def _write(self, write: Callable[[dict], object], action_id: str) -> None:
        incident = self.incident
        device = self.page.device()
        if device is None:
            return

        def run() -> None:
            try:
                write({"device_id": device, "operator": self.page.operator})
            except FieldError as error:
                self.errors.show([error])
                return
            except UserError as error:
                self.errors.show([FieldError("general", str(error))])
                return
            self._drafts.pop(action_id, None)
            if self.current is not None and self.current.id == action_id:
                self.current = None  # what was typed is saved: show the stored step
            self.page._after_change(incident)
            self.select_after_write(action_id)

        self.page.with_operator(run)

    def select_after_write(self, action_id: str) -> None:
        """Keep the step written on screen, or the next one when the filters now hide it."""
        shown = [action for action in self.all_actions if self._shown(action)]
        self._select(self._successor(action_id, shown))
        self.tree.setFocus()

    def add_action(self) -> None:
        self._open(lambda incident, device: _dialogs().AdHocActionDialog(self.store, incident, device, self.page.operator, self.window()),
                   lambda dialog: dialog.action.id)

    def activate_card(self) -> None:
        self._open(lambda incident, device: _dialogs().ActivateCardDialog(self.store, incident, device, self.page.operator, self.window()),
                   lambda dialog: dialog.actions[0].id if dialog.actions else None)

    def _open(self, make, first_new: Callable) -> None:
        incident = self.incident
        if incident is None or incident.closed or self.store.read_only:
            return
        device = self.page.device()
        if device is None:
            return

        def open_dialog() -> None:
            dialog = self.dialog = make(incident, device)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._added(incident, first_new(dialog)))
            dialog.open()

        self.page.with_operator(open_dialog)

    def _added(self, incident: Incident, action_id: str | None) -> None:
        self.page._after_change(incident)
        if action_id:
            self.select_action(action_id)


def _dialogs():
    from beredskap_desktop.ui.dialogs import incident_actions

    return incident_actions
