"""The steps of the action card being edited, in order, as the user types them.

A deadline is kept as typed (``T+30 min``) until the card is saved, so a mistyped one is
shown in red and never lost; ``problems`` lists the steps that cannot be saved yet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from beredskap_desktop.domain.alerts import move
from beredskap_desktop.domain.cards import Step, format_offset, parse_offset
from beredskap_desktop.i18n import N_, _
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage.database import Store

_COLUMNS = (N_("Step"), N_("Responsible"), N_("Notify"), N_("Deadline"))
ROLE_COLUMN, DEADLINE_COLUMN = 1, 3
_ERROR = QBrush(QColor("#b91c1c"))
_INHERITED = QBrush(QColor("#6b7280"))


@dataclass(frozen=True)
class DraftStep:
    """A step as edited: ``deadline`` is the text typed, read with ``parse_offset`` on save."""

    step: Step
    deadline: str = ""

    @classmethod
    def of(cls, step: Step) -> DraftStep:
        return cls(step, format_offset(step.deadline_minutes))

    def deadline_error(self) -> str | None:
        try:
            parse_offset(self.deadline)
        except ValueError as error:
            return str(error)
        return None

    def saved(self) -> Step:
        """The step to save (only when ``deadline_error`` is None)."""
        return replace(self.step, deadline_minutes=parse_offset(self.deadline))


class CardStepsModel(QAbstractTableModel):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self._store = store
        self._rows: list[DraftStep] = []
        self._card_role: str | None = None
        self._role_names: dict[str, str] = {}
        self._list_names: dict[str, str] = {}
        self._contact_names: dict[str, str] = {}

    # Names shown for ids
    def set_names(self, role_names: dict[str, str], list_names: dict[str, str]) -> None:
        """Role and alert list names by id (contacts are looked up when shown)."""
        self._role_names, self._list_names, self._contact_names = role_names, list_names, {}
        self._refresh(ROLE_COLUMN, ROLE_COLUMN + 1)

    def set_card_role(self, role_id: str | None) -> None:
        """The card's role, shown for steps without a responsible role of their own."""
        self._card_role = role_id
        self._refresh(ROLE_COLUMN, ROLE_COLUMN)

    def role_name(self, role_id: str | None) -> str:
        return self._role_names.get(role_id, role_id or "")

    def notify_text(self, step: Step) -> str:
        if step.notify_alert_list_id:
            return _("List: {name}").format(name=self._list_names.get(step.notify_alert_list_id, _("(deleted list)")))
        if step.notify_contact_id:
            return self.contact_name(step.notify_contact_id)
        return ""

    def contact_name(self, contact_id: str) -> str:
        if contact_id not in self._contact_names:
            contact = contact_store.get(self._store, contact_id)
            self._contact_names[contact_id] = contact.name if contact else _("(deleted contact)")
        return self._contact_names[contact_id]

    # The steps
    def set_steps(self, steps) -> None:
        """Show ``steps`` (Steps or DraftSteps)."""
        self.beginResetModel()
        self._rows = [s if isinstance(s, DraftStep) else DraftStep.of(s) for s in steps]
        self.endResetModel()

    def drafts(self) -> tuple[DraftStep, ...]:
        return tuple(self._rows)

    def draft_at(self, row: int) -> DraftStep:
        return self._rows[row]

    def steps(self) -> tuple[Step, ...]:
        """The steps to save; call when ``problems`` is empty."""
        return tuple(d.saved() for d in self._rows)

    def problems(self) -> list[tuple[int, str]]:
        """(row, message) for every step whose deadline cannot be read."""
        return [
            (row, _("Step {number}: {problem}").format(number=row + 1, problem=error))
            for row, draft in enumerate(self._rows) if (error := draft.deadline_error())
        ]

    def insert(self, row: int, draft: DraftStep) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, draft)
        self.endInsertRows()
        self._renumber(row)

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self._renumber(row)

    def move(self, row: int, offset: int) -> int:
        """Move the step at ``row`` by ``offset`` places (clamped); its new row."""
        target = max(0, min(len(self._rows) - 1, row + offset))
        if target == row:
            return row
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + 1 if target > row else target)
        self._rows = move(self._rows, row, offset)
        self.endMoveRows()
        self._renumber(min(row, target))
        return target

    def update(self, row: int, draft: DraftStep) -> None:
        self._rows[row] = draft
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(_COLUMNS) - 1))

    def _refresh(self, first_column: int, last_column: int) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, first_column), self.index(len(self._rows) - 1, last_column))

    def _renumber(self, first_row: int) -> None:
        """The steps are numbered in the vertical header."""
        if first_row < len(self._rows):
            self.headerDataChanged.emit(Qt.Orientation.Vertical, first_row, len(self._rows) - 1)

    # Qt
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return _(_COLUMNS[section]) if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        draft, column = self._rows[index.row()], index.column()
        step = draft.step
        if role == Qt.ItemDataRole.DisplayRole:
            responsible = self.role_name(step.responsible_role_id or self._card_role)
            return (" ".join(step.text.split()), responsible, self.notify_text(step),
                    ("⚠ " if draft.deadline_error() else "") + draft.deadline)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == DEADLINE_COLUMN:
                return draft.deadline_error()
            if column == ROLE_COLUMN and not step.responsible_role_id:
                return _("The card's role")
            return step.text if column == 0 else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == DEADLINE_COLUMN and draft.deadline_error():
                return _ERROR
            if column == ROLE_COLUMN and not step.responsible_role_id:
                return _INHERITED
        return None
