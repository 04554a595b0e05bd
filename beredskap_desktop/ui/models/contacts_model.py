"""The contact table: every contact in memory, filtered and sorted without a proxy.

Search narrows the visible rows to a set of ids from FTS5; filters by organisation kind
and role apply on top. Filtering and sorting work on a list of row indices, so a
keystroke at 20,000 contacts costs a set lookup per row, not a database round trip.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from beredskap_desktop.domain.clock import from_iso, now_utc, show, to_iso
from beredskap_desktop.domain.contacts import OrgKind, stale_cutoff
from beredskap_desktop.domain.phones import format_phone
from beredskap_desktop.domain.text import sort_key
from beredskap_desktop.i18n import N_, _
from beredskap_desktop.storage.contacts import ContactRow

SORT_ROLE = Qt.ItemDataRole.UserRole
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
STALE_ROLE = Qt.ItemDataRole.UserRole + 2

_COLUMNS = (
    ("name", N_("Name")),
    ("work_mobile", N_("Work mobile")),
    ("work_landline", N_("Work landline")),
    ("organisation", N_("Organisation")),
    ("org_kind", N_("Kind")),
    ("position", N_("Position")),
    ("roles", N_("Roles")),
    ("email", N_("E-mail")),
    ("verified_at", N_("Verified")),
    ("private_phone", N_("Private phone")),
)
PRIVATE_COLUMN = len(_COLUMNS) - 1
_STALE_BRUSH = QBrush(QColor("#b45309"))


class ContactsModel(QAbstractTableModel):
    def __init__(self, stale_months: int, parent=None):
        super().__init__(parent)
        self._rows: list[ContactRow] = []
        self._visible: list[int] = []
        self._stale: set[str] = set()
        self._stale_months = stale_months
        self._ids: set[str] | None = None
        self._kind: OrgKind | None = None
        self._role: str | None = None
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    # Loading and filtering
    def set_rows(self, rows: list[ContactRow]) -> None:
        self.beginResetModel()
        self._rows = self._sorted(rows)
        cutoff = to_iso(stale_cutoff(now_utc(), self._stale_months))
        self._stale = {r.id for r in rows if r.verified_at is None or r.verified_at < cutoff}
        self._visible = self._filtered()
        self.endResetModel()

    def set_filter(self, ids: set[str] | None = None, kind: OrgKind | None = None, role: str | None = None) -> None:
        """Show rows whose id is in ``ids`` (None: all) and that match kind and role."""
        self._ids, self._kind, self._role = ids, kind, role
        self.beginResetModel()
        self._visible = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[int]:
        ids, kind, role = self._ids, self._kind, self._role
        return [
            i for i, row in enumerate(self._rows)
            if (ids is None or row.id in ids)
            and (kind is None or row.org_kind is kind)
            and (role is None or role in row.role_ids)
        ]

    def total(self) -> int:
        return len(self._rows)

    def stale_count(self) -> int:
        return len(self._stale)

    def row_of(self, contact_id: str) -> int | None:
        for visible_row, index in enumerate(self._visible):
            if self._rows[index].id == contact_id:
                return visible_row
        return None

    def contact_at(self, row: int) -> ContactRow:
        return self._rows[self._visible[row]]

    # Qt model interface
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_COLUMNS[section][1])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[self._visible[index.row()]]
        field = _COLUMNS[index.column()][0]
        stale = row.id in self._stale
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, field, stale)
        if role == SORT_ROLE:
            return self._sort_key(index.column())(row)
        if role == OBJECT_ROLE:
            return row
        if role == STALE_ROLE:
            return stale
        if role == Qt.ItemDataRole.ForegroundRole and field == "verified_at" and stale:
            return _STALE_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and field == "verified_at" and stale:
            return _("Not verified in the last {months} months: check the details.").format(months=self._stale_months)
        return None

    @staticmethod
    def _display(row: ContactRow, field: str, stale: bool) -> str:
        if field == "name":
            return row.name
        if field == "roles":
            return ", ".join(row.roles)
        if field in ("work_mobile", "work_landline", "private_phone"):
            return format_phone(getattr(row, field))
        if field == "verified_at":
            moment = from_iso(row.verified_at)
            text = show(moment, with_time=False) if moment else _("never")
            return f"⚠ {text}" if stale else text
        if field == "org_kind":
            return row.org_kind.label if row.org_kind else ""
        return getattr(row, field) or ""

    def _sort_key(self, column: int):
        field = _COLUMNS[column][0]
        if field == "verified_at":
            return lambda row: row.verified_at or ""
        if field == "roles":
            return lambda row: sort_key(", ".join(row.roles))
        if field == "org_kind":
            return lambda row: sort_key(row.org_kind.label if row.org_kind else "")
        return lambda row: sort_key(getattr(row, field) or "")

    def _sorted(self, rows: list[ContactRow]) -> list[ContactRow]:
        column, order = self._sort
        if (column, order) == (0, Qt.SortOrder.AscendingOrder):
            return rows  # storage already returns them in Norwegian name order
        return sorted(rows, key=self._sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort all rows; filtering keeps their order."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._rows = sorted(self._rows, key=self._sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self._visible = self._filtered()
        self.layoutChanged.emit()
