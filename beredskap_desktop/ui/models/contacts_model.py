"""The contact table over an index of every contact, fetching only the rows it shows.

At start the model reads a light index (rowid, kind, staleness, roles) of all contacts in
name order; the columns it displays are fetched in blocks as the view asks for them. Search
narrows the visible rows to a set of rowids from FTS5; kind and role filters apply on top.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from beredskap_desktop.domain.clock import from_iso, show
from beredskap_desktop.domain.contacts import OrgKind
from beredskap_desktop.domain.phones import format_phone
from beredskap_desktop.domain.text import sort_key
from beredskap_desktop.i18n import N_, _
from beredskap_desktop.storage.contacts import ContactIndex, ContactRow

SORT_ROLE = Qt.ItemDataRole.UserRole
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
STALE_ROLE = Qt.ItemDataRole.UserRole + 2
BLOCK = 200

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

Fetch = Callable[[list[int]], dict[int, ContactRow]]


class ContactsModel(QAbstractTableModel):
    """``fetch(rowids)`` returns the table rows of those contacts."""

    def __init__(self, fetch: Fetch, stale_months: int, parent=None):
        super().__init__(parent)
        self._fetch = fetch
        self._stale_months = stale_months
        self._index = ContactIndex([], [], [], {})
        self._order: list[int] = []  # positions in the index, in the current sort order
        self._visible: list[int] = []  # positions in the index that pass the filter, in order
        self._cache: dict[int, ContactRow] = {}
        self._filter: tuple[set[int] | None, OrgKind | None, str | None] = (None, None, None)
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    # Loading and filtering
    def set_index(self, index: ContactIndex) -> None:
        """Show the contacts of ``index``; rows shown before are fetched again."""
        self.beginResetModel()
        self._index = index
        self._cache = {}
        self._order = self._ordered()
        self._visible = self._filtered()
        self.endResetModel()

    def set_filter(self, rowids: set[int] | None = None, kind: OrgKind | None = None, role: str | None = None) -> None:
        """Show contacts whose rowid is in ``rowids`` (None: all) that match kind and role."""
        self._filter = (rowids, kind, role)
        self.beginResetModel()
        self._visible = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[int]:
        rowids, kind, role = self._filter
        index = self._index
        if rowids is None and kind is None and role is None:
            return self._order
        all_rowids, kinds, roles = index.rowids, index.kinds, index.roles
        return [
            i for i in self._order
            if (rowids is None or all_rowids[i] in rowids)
            and (kind is None or kinds[i] is kind)
            and (role is None or role in roles.get(all_rowids[i], ()))
        ]

    def total(self) -> int:
        return len(self._index.rowids)

    def stale_count(self) -> int:
        return sum(self._index.stale)

    def row_of(self, rowid: int) -> int | None:
        rowids = self._index.rowids
        for visible_row, position in enumerate(self._visible):
            if rowids[position] == rowid:
                return visible_row
        return None

    def contact_at(self, row: int) -> ContactRow:
        return self._row(row)

    def _row(self, row: int) -> ContactRow:
        rowid = self._index.rowids[self._visible[row]]
        found = self._cache.get(rowid)
        if found is None:
            block = [self._index.rowids[p] for p in self._visible[max(0, row - BLOCK // 4): row + BLOCK]]
            self._cache.update(self._fetch([r for r in block if r not in self._cache]))
            found = self._cache[rowid]
        return found

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
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, OBJECT_ROLE, STALE_ROLE,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
            return None
        field = _COLUMNS[index.column()][0]
        stale = self._index.stale[self._visible[index.row()]]
        if role == STALE_ROLE:
            return stale
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
            if field != "verified_at" or not stale:
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                return _STALE_BRUSH
            return _("Not verified in the last {months} months: check the details.").format(months=self._stale_months)
        row = self._row(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, field, stale)
        if role == SORT_ROLE:
            return self._sort_key(index.column())(row)
        return row

    @staticmethod
    def _display(row: ContactRow, field: str, stale: bool) -> str:
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

    def _ordered(self) -> list[int]:
        column, order = self._sort
        positions = list(range(len(self._index.rowids)))
        if column != 0:
            missing = [r for r in self._index.rowids if r not in self._cache]
            self._cache.update(self._fetch(missing))
            key, rowids = self._sort_key(column), self._index.rowids
            positions.sort(key=lambda p: key(self._cache[rowids[p]]))
        if order == Qt.SortOrder.DescendingOrder:
            positions.reverse()
        return positions

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Name order comes from the index; other columns fetch every row once, then sort."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._order = self._ordered()
        self._visible = self._filtered()
        self.layoutChanged.emit()
