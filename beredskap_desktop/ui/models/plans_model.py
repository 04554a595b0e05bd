"""The list of plans: sub-plans under their parent, status and revision badges."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from beredskap_desktop.domain.clock import show_date
from beredskap_desktop.domain.plans import DEFAULT_REVISION_MONTHS, PlanStatus, PlanSummary, is_overdue, next_revision_due
from beredskap_desktop.i18n import N_, _

TITLE, STATUS, DUE, VERSION = range(4)
_COLUMNS = (N_("Plan"), N_("Status"), N_("Next revision"), N_("Version"))
DEPTH_ROLE = Qt.ItemDataRole.UserRole + 1  # how deep under its parent a plan stands (0: top level)
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 2  # the plan type's label, shown under the title
STATUS_COLOURS = {  # (text, background)
    PlanStatus.DRAFT: ("#92400e", "#fef3c7"),
    PlanStatus.ADOPTED: ("#166534", "#dcfce7"),
    PlanStatus.ARCHIVED: ("#4b5563", "#e5e7eb"),
}
OVERDUE_COLOURS = ("#b91c1c", "#fee2e2")


def overdue_badge() -> str:
    return _("⚠ Overdue")


def plan_label(plan: PlanSummary, months: int, on: date) -> str:
    """The plan's title, with the overdue badge when its revision is overdue (wherever a plan is named)."""
    return f"{plan.title}  {overdue_badge()}" if is_overdue(plan, on, months) else plan.title


def in_tree_order(plans: list[PlanSummary]) -> list[tuple[PlanSummary, int]]:
    """``plans`` with their depth, each sub-plan right under its parent (in the given order);
    a plan whose parent is not in ``plans`` stands at the top level."""
    shown = {p.id for p in plans}
    children: dict[str | None, list[PlanSummary]] = {}
    for plan in plans:
        children.setdefault(plan.parent_id if plan.parent_id in shown else None, []).append(plan)
    ordered: list[tuple[PlanSummary, int]] = []
    seen: set[str] = set()

    def add(parent_id: str | None, depth: int) -> None:
        for plan in children.get(parent_id, []):
            if plan.id not in seen:
                seen.add(plan.id)
                ordered.append((plan, depth))
                add(plan.id, depth + 1)

    add(None, 0)
    return ordered


class PlansModel(QAbstractTableModel):
    """Plans as rows; ``set_plans`` takes every plan, ``set_filter`` limits what is shown."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[PlanSummary] = []
        self._rows: list[tuple[PlanSummary, int]] = []
        self._ids: set[str] | None = None
        self._archived = False
        self._overdue = 0
        self.months = DEFAULT_REVISION_MONTHS
        self.today = date.today()

    def set_plans(self, plans: list[PlanSummary], today: date, months: int) -> None:
        self._all, self.today, self.months = plans, today, months
        self._overdue = sum(is_overdue(p, today, months) for p in plans)
        self._refill()

    def set_filter(self, ids: set[str] | None, show_archived: bool) -> None:
        """Show only plans in ``ids`` (all when ``None``); archived plans only with ``show_archived``."""
        self._ids, self._archived = ids, show_archived
        self._refill()

    def _refill(self) -> None:
        self.beginResetModel()
        shown = [p for p in self._all if (self._ids is None or p.id in self._ids)
                 and (self._archived or p.status is not PlanStatus.ARCHIVED)]
        self._rows = in_tree_order(shown)
        self.endResetModel()

    def total(self) -> int:
        return len(self._all)

    def overdue_count(self) -> int:
        return self._overdue

    def plan_at(self, row: int) -> PlanSummary:
        return self._rows[row][0]

    def row_of(self, plan_id: str) -> int | None:
        return next((row for row, (plan, _depth) in enumerate(self._rows) if plan.id == plan_id), None)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        plan, depth = self._rows[index.row()]
        column = index.column()
        overdue = column == DUE and is_overdue(plan, self.today, self.months)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(plan, column, overdue)
        if role == DEPTH_ROLE:
            return depth
        if role == SUBTITLE_ROLE and column == TITLE:
            return plan.plan_type.label
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            return f"{plan.title}\n{plan.plan_type.label}"
        if role == Qt.ItemDataRole.ToolTipRole and overdue:
            return _("Overdue for revision: the plan must be revised and adopted again.")
        if role == Qt.ItemDataRole.ForegroundRole and (column == STATUS or overdue):
            return QBrush(QColor(OVERDUE_COLOURS[0] if overdue else STATUS_COLOURS[plan.status][0]))
        if role == Qt.ItemDataRole.BackgroundRole and (column == STATUS or overdue):
            return QBrush(QColor(OVERDUE_COLOURS[1] if overdue else STATUS_COLOURS[plan.status][1]))
        if role == Qt.ItemDataRole.FontRole and (overdue or (column == TITLE and depth == 0)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == VERSION:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, plan: PlanSummary, column: int, overdue: bool) -> str:
        if column == TITLE:
            return plan.title
        if column == STATUS:
            return plan.status.label
        if column == DUE:
            due = next_revision_due(plan.revised_at, self.months)
            if due is None or plan.status is not PlanStatus.ADOPTED:  # only a plan in force is due
                return "–"
            return (overdue_badge() + "\n" if overdue else "") + show_date(due)
        return str(plan.version) if plan.version else "–"
