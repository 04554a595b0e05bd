"""A call-out's people as a table: who, how, what to dial, the deputy, and where they stand
(reached, acknowledged, the last failed attempt, try the deputy, not tried yet)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from beredskap_desktop.domain.callouts import AttemptResult, CalloutStatus, LineStatus
from beredskap_desktop.i18n import N_, _, ngettext
from beredskap_desktop.ui.models.actions_model import clock_time

LINE_ROLE = Qt.ItemDataRole.UserRole  # the row's LineStatus
NUMBER, PERSON, METHOD, ADDRESS, DEPUTY, RESULT = range(6)
_HEADERS = ("#", N_("Person"), N_("Method"), N_("Number / address"), N_("Deputy"), N_("Status"))

REACHED_COLOUR = "#15803d"
FAILED_COLOUR = "#b91c1c"
DEPUTY_COLOUR = "#b45309"
WAITING_COLOUR = "#6b7280"
_BACKGROUNDS = {REACHED_COLOUR: QBrush(QColor("#ecfdf5")), FAILED_COLOUR: QBrush(QColor("#fef2f2")),
                DEPUTY_COLOUR: QBrush(QColor("#fffbeb"))}


def elapsed_clock(elapsed: timedelta) -> str:
    """``1:05:09``: hours, minutes and seconds since the start."""
    seconds = max(int(elapsed.total_seconds()), 0)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def person_text(line: LineStatus) -> str:
    """The name, with the role for a role member ("no one holds the role" for an empty one)."""
    if line.line.no_one:
        return _("{role}: no one holds the role").format(role=line.line.role)
    return f"{line.line.person.name} ({line.line.role})" if line.line.role else line.line.person.name


def line_state(line: LineStatus, now: datetime) -> tuple[str, str]:
    """What the status column says about ``line``, and its colour."""
    if line.line.no_one:
        return _("No one to call"), WAITING_COLOUR
    if line.reached is not None:
        attempt = line.reached
        label = AttemptResult.ACKNOWLEDGED.label if line.acknowledged else attempt.result.label
        who = " · " + _("deputy") if attempt.on_deputy else ""
        return f"✔ {label} {clock_time(attempt.at, now)}{who}", REACHED_COLOUR
    if line.try_deputy:
        return "→ " + _("Try the deputy"), DEPUTY_COLOUR
    if line.attempts:
        last = line.attempts[-1]
        tries = ngettext("{count} attempt", "{count} attempts", len(line.attempts)).format(count=len(line.attempts))
        return f"✖ {last.result.label} {clock_time(last.at, now)} · {tries}", FAILED_COLOUR
    return _("Not tried yet"), WAITING_COLOUR


class CalloutLinesModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._lines: tuple[LineStatus, ...] = ()
        self._now: datetime | None = None

    def set_status(self, callout_status: CalloutStatus | None, now: datetime) -> None:
        self.beginResetModel()
        self._lines = callout_status.lines if callout_status else ()
        self._now = now
        self.endResetModel()

    def line(self, row: int) -> LineStatus | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def row_of(self, line_id: str) -> int | None:
        return next((row for row, line in enumerate(self._lines) if line.line.id == line_id), None)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(_HEADERS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role == LINE_ROLE:
            return line
        state, colour = line_state(line, self._now)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NUMBER:
                return f"{line.line.member_number}."
            if column == PERSON:
                return person_text(line)
            if column == METHOD:
                return line.line.method.label
            if column == ADDRESS:
                return line.line.person.number or ("" if line.line.no_one else "–")
            if column == DEPUTY:
                deputy = line.line.deputy
                if deputy is None:
                    return _("none") if line.line.deputy_missing else ""
                return f"{deputy.name} · {deputy.number}" if deputy.number else deputy.name
            if column == RESULT:
                return state
        if role == Qt.ItemDataRole.ToolTipRole and column in (PERSON, DEPUTY, RESULT):
            return self.data(index)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _BACKGROUNDS.get(colour)
        if role == Qt.ItemDataRole.ForegroundRole and column == RESULT:
            return QBrush(QColor(colour))
        if role == Qt.ItemDataRole.FontRole and column in (PERSON, ADDRESS, RESULT):
            font = QFont()
            font.setBold(column == RESULT or line.reached is None)
            return font
        return None
