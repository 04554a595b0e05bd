"""An incident's actions as a tree: each activated card (then the ad-hoc actions) with its
steps below it, each step with its status, role, assignee, deadline, times and comment.

The model holds the actions it was given (already filtered); overdue steps are worked out
from the incident's start and the ``now`` last set, so a timer can repaint them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from beredskap_desktop.domain.actions import Action, ActionStatus, Progress
from beredskap_desktop.domain.clock import OSLO, show
from beredskap_desktop.i18n import N_, _

ACTION_ROLE = Qt.ItemDataRole.UserRole  # a step's Action (None on a card row)
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1  # a card row's group key

STEP, STATUS, ROLE, ASSIGNEE, DEADLINE, TIMES, COMMENT = range(7)
_HEADERS = (N_("Action"), N_("Status"), N_("Responsible"), N_("Assigned to"), N_("Deadline"), N_("Started / done"),
            N_("Comment"))

STATUS_COLOURS = {
    ActionStatus.NOT_STARTED: "#4b5563",
    ActionStatus.STARTED: "#1d4ed8",
    ActionStatus.DONE: "#15803d",
    ActionStatus.NOT_RELEVANT: "#9ca3af",
}
STATUS_MARKS = {ActionStatus.NOT_STARTED: "○", ActionStatus.STARTED: "◐", ActionStatus.DONE: "●", ActionStatus.NOT_RELEVANT: "⊘"}
OVERDUE_COLOUR = "#b91c1c"
_GROUP_BACKGROUND = QBrush(QColor("#eef2f7"))
_NO_GROUP = 0  # internal id of a card row; a step row's is its card row + 1


def group_key(action: Action) -> str:
    """The card an action belongs to ("" for the ad-hoc actions)."""
    return "" if action.ad_hoc else (action.card_id or action.card_code)


def clock_time(moment: datetime, today_of: datetime) -> str:
    """``14:05``, or ``22.11. 00:53`` when it is not the day of ``today_of``."""
    local = moment.astimezone(OSLO)
    return local.strftime("%H:%M" if local.date() == today_of.astimezone(OSLO).date() else "%d.%m. %H:%M")


@dataclass
class _Group:
    key: str
    actions: list[Action]

    @property
    def title(self) -> str:
        first = self.actions[0]
        return _("Ad-hoc actions") if first.ad_hoc else f"{first.card_code}  {first.card_title}"

    def progress(self, started_at: datetime | None, now: datetime) -> Progress:
        progress = Progress()
        for action in self.actions:
            progress = progress.with_action(action, started_at is not None and action.overdue(started_at, now))
        return progress


class ActionsModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._groups: list[_Group] = []
        self._started_at: datetime | None = None
        self._now = datetime.now(OSLO)

    # Filling
    def set_actions(self, actions: list[Action], started_at: datetime | None, now: datetime) -> None:
        """Show ``actions`` (in board order) grouped by card, the ad-hoc ones last."""
        self.beginResetModel()
        groups: dict[str, _Group] = {}
        for action in sorted(actions, key=lambda a: (a.ad_hoc, a.position)):
            groups.setdefault(group_key(action), _Group(group_key(action), [])).actions.append(action)
        self._groups = list(groups.values())
        self._started_at, self._now = started_at, now
        self.endResetModel()

    def set_now(self, now: datetime) -> None:
        """Work out overdue steps for ``now`` (the view repaints what it shows)."""
        self._now = now
        if self._groups:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._groups) - 1, len(_HEADERS) - 1))

    # Finding
    def actions(self) -> list[Action]:
        return [action for group in self._groups for action in group.actions]

    def group_keys(self) -> list[str]:
        return [group.key for group in self._groups]

    def index_of(self, action_id: str) -> QModelIndex:
        for row, group in enumerate(self._groups):
            for child, action in enumerate(group.actions):
                if action.id == action_id:
                    return self.index(child, 0, self.index(row, 0))
        return QModelIndex()

    def group_index(self, key: str) -> QModelIndex:
        rows = [row for row, group in enumerate(self._groups) if group.key == key]
        return self.index(rows[0], 0) if rows else QModelIndex()

    def action(self, index: QModelIndex) -> Action | None:
        if not index.isValid() or index.internalId() == _NO_GROUP:
            return None
        return self._groups[index.internalId() - 1].actions[index.row()]

    # The tree
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(_HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _NO_GROUP) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _NO_GROUP or row >= len(self._groups[parent.row()].actions):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:
        if not index.isValid() or index.internalId() == _NO_GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _NO_GROUP)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _NO_GROUP and parent.column() == 0:
            return len(self._groups[parent.row()].actions)
        return 0

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(_HEADERS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == _NO_GROUP:
            return self._group_data(self._groups[index.row()], index.column(), role)
        return self._action_data(self.action(index), index.column(), role)

    def _group_data(self, group: _Group, column: int, role):
        """A card row spans the tree (the view spans its first column): code, title, role, progress."""
        if role == GROUP_ROLE:
            return group.key
        if role == Qt.ItemDataRole.BackgroundRole:
            return _GROUP_BACKGROUND
        if column != STEP:
            return None
        progress = group.progress(self._started_at, self._now)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and progress.overdue:
            return QBrush(QColor(OVERDUE_COLOUR))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            parts = [group.title]
            if group.actions[0].card_role:
                parts.append(group.actions[0].card_role)
            parts.append(_("{done} of {relevant} done").format(done=progress.done, relevant=progress.relevant))
            if progress.overdue:
                parts.append("⚠ " + _("{count} overdue").format(count=progress.overdue))
            return "   ·   ".join(parts)
        return None

    def _action_data(self, action: Action, column: int, role):
        if role == ACTION_ROLE:
            return action
        overdue = self._started_at is not None and action.overdue(self._started_at, self._now)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(action, column, overdue)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STATUS:
                return QBrush(QColor(STATUS_COLOURS[action.status]))
            if column == DEADLINE and overdue:
                return QBrush(QColor(OVERDUE_COLOUR))
            if action.status is ActionStatus.NOT_RELEVANT:
                return QBrush(QColor(STATUS_COLOURS[ActionStatus.NOT_RELEVANT]))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(column == STATUS and action.status is not ActionStatus.NOT_STARTED or column == DEADLINE and overdue)
            font.setStrikeOut(column == STEP and action.status is ActionStatus.NOT_RELEVANT)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == STEP:
                return action.text
            if column == COMMENT and action.comment:
                return action.comment
            if column == DEADLINE and action.deadline:
                due = action.due_at(self._started_at) if self._started_at else None
                return f"{action.deadline} ({show(due)})" if due else action.deadline
        return None

    def _text(self, action: Action, column: int, overdue: bool) -> str:
        if column == STEP:
            number = f"{action.step_number}." if action.step_number is not None else "•"
            return f"{number}  {action.text.splitlines()[0] if action.text else ''}"
        if column == STATUS:
            return f"{STATUS_MARKS[action.status]} {action.status.label}"
        if column == ROLE:
            return action.role
        if column == ASSIGNEE:
            return action.assignee
        if column == DEADLINE:
            due = action.due_at(self._started_at) if self._started_at else None
            if due is None:
                return ""
            text = clock_time(due, self._now)
            return f"⚠ {text}" if overdue else text
        if column == TIMES:
            parts = []
            if action.started_at:
                parts.append(clock_time(action.started_at, self._now))
            if action.done_at:
                parts.append("✔ " + clock_time(action.done_at, self._now))
            return " → ".join(parts)
        if column == COMMENT:
            return action.comment.replace("\n", " ")
        return ""
