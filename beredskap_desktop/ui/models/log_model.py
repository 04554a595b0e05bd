"""The incident log as a table: entries by event time, read in pages as the view shows them.

The whole log is ``storage.log.count`` rows; painting a row reads the page of ``PAGE``
entries holding it (``storage.log.entries(offset, limit)``) and keeps the last
``KEEP_PAGES`` pages. Pages are counted from the end, so the last screen, where a log
opens, lies in one page: opening a log of 100,000 entries reads one page. A filter (search
words, a category, key events only) is the list of matching entry ids in log order,
worked out by ``matching_ids`` (on a worker when the log is large); its rows are read by id.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from beredskap_desktop.domain.clock import OSLO, show
from beredskap_desktop.domain.log import Category, LogEntry
from beredskap_desktop.i18n import N_, _
from beredskap_desktop.storage import log as log_store
from beredskap_desktop.storage.database import Store

PAGE = 200
KEEP_PAGES = 50
SCAN = 5_000  # entries read at a time while filtering
DIRECT = 1_000  # search hits up to this many are read by id instead of scanning the log

ENTRY_ROLE = Qt.ItemDataRole.UserRole
TIME, CATEGORY, CHANNEL, TEXT, OPERATOR, KEY, CORRECTION = range(7)
_HEADERS = (N_("Time"), N_("Category"), N_("Channel / source"), N_("Text"), N_("Operator"), "★", N_("Correction"))
_GREY = QBrush(QColor("#6b7280"))
_AMBER = QBrush(QColor("#b45309"))
_CORRECTION = QBrush(QColor("#1d4ed8"))


@dataclass(frozen=True)
class LogFilter:
    query: str = ""
    category: Category | None = None
    key_only: bool = False

    @property
    def active(self) -> bool:
        return bool(self.query.strip()) or self.category is not None or self.key_only

    def matches(self, entry: LogEntry) -> bool:
        return (self.category is None or entry.category is self.category) and (entry.key_event or not self.key_only)


@dataclass(frozen=True)
class LogRow:
    """An entry with the entries correcting it and the one it corrects (both stay visible)."""

    entry: LogEntry
    corrected_by: tuple[LogEntry, ...] = ()
    corrects: LogEntry | None = None


def order_key(entry: LogEntry) -> tuple:
    """The log's order, as ``storage.log.entries`` reads it."""
    return entry.event_at, entry.recorded_at, entry.device_id, entry.seq


def matching_ids(store: Store, incident_id: str, log_filter: LogFilter, report: Callable[[int, int], None]) -> list[str]:
    """Ids of the entries passing ``log_filter``, in log order; ``report(done, total)`` as it reads."""
    hits = log_store.search(store, incident_id, log_filter.query)
    if hits is not None and len(hits) <= DIRECT:
        found = [entry for entry in map(lambda id_: log_store.get(store, id_), hits) if entry and log_filter.matches(entry)]
        return [entry.id for entry in sorted(found, key=order_key)]
    total = log_store.count(store, incident_id)
    ids = []
    for offset in range(0, total, SCAN):
        report(offset, total)
        ids += [entry.id for entry in log_store.entries(store, incident_id, offset=offset, limit=SCAN)
                if log_filter.matches(entry) and (hits is None or entry.id in hits)]
    return ids


def when(moment) -> str:
    """``21.11.2026 22:41:07`` in Oslo time."""
    return moment.astimezone(OSLO).strftime("%d.%m.%Y %H:%M:%S")


def first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0]


def _near(moment, entry: LogEntry) -> str:
    """``22:47``, with the date when it is not the day of ``entry``'s event."""
    text = show(moment)
    return text[-5:] if text[:10] == show(entry.event_at)[:10] else text


def mark(row: LogRow) -> str:
    """What the correction column says: who corrected the entry, or which entry it corrects."""
    entry = row.entry
    parts = [_("corrected by {time} {operator}").format(time=_near(c.recorded_at, entry), operator=c.operator) for c in row.corrected_by]
    if row.corrects is not None:
        parts.insert(0, _("corrects {time} {operator}").format(time=_near(row.corrects.event_at, entry), operator=row.corrects.operator))
    return "; ".join(parts)


class LogModel(QAbstractTableModel):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self._store = store
        self._incident_id: str | None = None
        self._count = 0
        self._ids: list[str] | None = None  # the filter's matches; None: the whole log
        self._pages: OrderedDict[int, list[LogRow]] = OrderedDict()
        self._bold = QFont()
        self._bold.setBold(True)

    # Loading
    def show_incident(self, incident_id: str | None, ids: list[str] | None = None) -> None:
        """Show the log of ``incident_id`` (``None``: nothing): all of it, or the entries ``ids``."""
        self.beginResetModel()
        self._incident_id = incident_id
        self._count = log_store.count(self._store, incident_id) if incident_id else 0
        self._ids = ids if incident_id else None
        self._pages.clear()
        self.endResetModel()

    def refresh(self, ids: list[str] | None = None) -> None:
        """Read the log again (after an append), all of it or the entries ``ids``."""
        self.show_incident(self._incident_id, ids)

    @property
    def incident_id(self) -> str | None:
        return self._incident_id

    def total(self) -> int:
        """Entries in the whole log, whatever the filter shows."""
        return self._count

    def filtered(self) -> bool:
        return self._ids is not None

    def _page(self, number: int) -> list[LogRow]:
        """Page ``number``: the rows from ``number * PAGE - shift``, the first page short."""
        page = self._pages.get(number)
        if page is None:
            first = max(0, number * PAGE - self._shift())
            size = number * PAGE - self._shift() + PAGE - first
            if self._ids is None:
                entries = log_store.entries(self._store, self._incident_id, offset=first, limit=size)
            else:
                entries = [e for e in (log_store.get(self._store, id_) for id_ in self._ids[first:first + size]) if e]
            page = self._pages[number] = [self._decorate(entry) for entry in entries]
            while len(self._pages) > KEEP_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def _decorate(self, entry: LogEntry) -> LogRow:
        target = log_store.get(self._store, entry.corrects) if entry.corrects else None
        return LogRow(entry, tuple(log_store.corrections(self._store, entry.id)), target)

    def _shift(self) -> int:
        return -self.rowCount() % PAGE

    def row(self, row: int) -> LogRow | None:
        number = (row + self._shift()) // PAGE
        page = self._page(number)
        at = row - max(0, number * PAGE - self._shift())
        return page[at] if 0 <= at < len(page) else None

    def entry_at(self, row: int) -> LogEntry | None:
        found = self.row(row)
        return found.entry if found else None

    def locate(self, entry: LogEntry) -> int | None:
        """The row of ``entry``: the last row first (new entries mostly land there), else a
        binary search by log order, reading only the pages it passes."""
        if self._ids is not None:
            return self._ids.index(entry.id) if entry.id in self._ids else None
        count = self.rowCount()
        if count == 0:
            return None
        key, low, high = order_key(entry), 0, count - 1
        last = self.entry_at(high)
        if last is not None and last.id == entry.id:
            return high
        while low <= high:
            middle = (low + high) // 2
            found = self.entry_at(middle)
            if found is None:
                return None
            if found.id == entry.id:
                return middle
            if order_key(found) < key:
                low = middle + 1
            else:
                high = middle - 1
        return None

    # Qt model interface
    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self._ids) if self._ids is not None else self._count

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == KEY:
            return _("Key event")
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in _ROLES:
            return None
        found = self.row(index.row())
        if found is None:
            return None
        entry, column = found.entry, index.column()
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(found, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(found, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == KEY:
                return _AMBER
            if column == CORRECTION and found.corrects is not None:
                return _CORRECTION
            return _GREY if found.corrected_by else None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if (column == CATEGORY and entry.category is Category.DECISION) or column == KEY else None
        return Qt.AlignmentFlag.AlignCenter if column == KEY else None

    @staticmethod
    def _display(row: LogRow, column: int) -> str:
        entry = row.entry
        if column == TIME:
            return show(entry.event_at)
        if column == CATEGORY:
            return entry.category.label
        if column == CHANNEL:
            return " · ".join(part for part in (entry.channel.label if entry.channel else "", entry.source) if part)
        if column == TEXT:
            return first_line(entry.text)
        if column == OPERATOR:
            return entry.operator
        if column == KEY:
            return "★" if entry.key_event else ""
        return mark(row)

    @staticmethod
    def _tooltip(row: LogRow, column: int) -> str | None:
        entry = row.entry
        if column == TIME:
            return _("Recorded {time}").format(time=when(entry.recorded_at))
        if column == TEXT:
            return entry.text[:1000]
        if column == OPERATOR:
            return f"{entry.operator} ({entry.role})" if entry.role else entry.operator
        if column == KEY and entry.key_event:
            return _("Key event")
        if column in (CHANNEL, CORRECTION):
            return LogModel._display(row, column) or None
        return None


_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
          Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole, ENTRY_ROLE)
