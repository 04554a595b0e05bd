"""The action board: progress per activated card and per role at a glance (``domain.actions.board``).

Each row has a bar – done in green, started in blue, out of the relevant steps – the count
done / relevant, and the overdue steps in red. Clicking a card row asks for that card,
clicking a role row for that role.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QStyledItemDelegate, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.actions import ActionStatus, Board, Progress
from beredskap_desktop.i18n import _
from beredskap_desktop.ui.models.actions_model import OVERDUE_COLOUR, STATUS_COLOURS

PROGRESS_ROLE = Qt.ItemDataRole.UserRole  # the row's Progress
KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the card's group key or the role's name
_TRACK = QColor("#e5e7eb")
ROW_HEIGHT = 24


def progress_text(progress: Progress) -> str:
    return f"{progress.done}/{progress.relevant}"


class ProgressDelegate(QStyledItemDelegate):
    """A bar of the row's ``Progress``: done green, started blue, the rest grey (not relevant left out)."""

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)
        progress: Progress | None = index.data(PROGRESS_ROLE)
        if progress is None:
            return
        rect = option.rect.adjusted(4, 6, -4, -6)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(rect, _TRACK)
        relevant = max(progress.relevant, 1)
        done_width = round(rect.width() * progress.done / relevant)
        started_width = round(rect.width() * progress.started / relevant)
        painter.fillRect(QRect(rect.left(), rect.top(), done_width, rect.height()), QColor(STATUS_COLOURS[ActionStatus.DONE]))
        painter.fillRect(QRect(rect.left() + done_width, rect.top(), started_width, rect.height()),
                         QColor(STATUS_COLOURS[ActionStatus.STARTED]))
        if progress.overdue:
            painter.setPen(QColor(OVERDUE_COLOUR))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        return QSize(120, ROW_HEIGHT)


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes past the board to the actions
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.setShowGrid(False)
    table.setWordWrap(False)
    return table


class ActionBoard(QWidget):
    """``card_chosen(key)`` and ``role_chosen(role)`` when a row is clicked."""

    card_chosen = Signal(str)
    role_chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.board: Board | None = None
        self.total = QLabel()
        self.total.setObjectName("board_total")
        self.total.setTextFormat(Qt.TextFormat.RichText)
        self.total.setStyleSheet("font-size: 12pt;")
        self.cards = _table("board_cards", [_("Card"), _("Title"), _("Progress"), _("Done"), _("Overdue")])
        self.roles = _table("board_roles", [_("Role"), _("Progress"), _("Done"), _("Overdue")])
        self.cards.setItemDelegateForColumn(2, ProgressDelegate(self.cards))
        self.roles.setItemDelegateForColumn(1, ProgressDelegate(self.roles))
        for table, stretch, widths in ((self.cards, 1, {0: 64, 2: 130, 3: 52, 4: 64}), (self.roles, 0, {1: 100, 2: 52, 3: 64})):
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
            for column, width in widths.items():
                table.setColumnWidth(column, width)
        self.cards.cellClicked.connect(lambda row, _column: self.card_chosen.emit(self.cards.item(row, 0).data(KEY_ROLE)))
        self.roles.cellClicked.connect(lambda row, _column: self.role_chosen.emit(self.roles.item(row, 0).data(KEY_ROLE)))
        self.cards.setToolTip(_("Click a card to go to its steps"))
        self.roles.setToolTip(_("Click a role to show only its actions"))
        tables = QHBoxLayout()
        tables.setContentsMargins(0, 0, 0, 0)
        tables.addWidget(self.cards, 3)
        tables.addWidget(self.roles, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.total)
        layout.addLayout(tables, 1)

    def show_board(self, board: Board) -> None:
        self.board = board
        total = board.total
        parts = [_("<b>{done}</b> of {relevant} done").format(done=total.done, relevant=total.relevant),
                 _("{count} started").format(count=total.started), _("{count} not started").format(count=total.open - total.started)]
        if total.not_relevant:
            parts.append(_("{count} not relevant").format(count=total.not_relevant))
        if total.overdue:
            parts.append(f"<span style='color:{OVERDUE_COLOUR}; font-weight:700'>⚠ "
                         + _("{count} overdue").format(count=total.overdue) + "</span>")
        self.total.setText(" · ".join(parts))
        self._fill(self.cards, [((_("Ad-hoc") if card.ad_hoc else card.card_code), card.card_title or _("Actions without a card"),
                                 card.card_id or card.card_code, card.progress) for card in board.cards], title_column=True)
        self._fill(self.roles, [(role.role or _("No role"), None, role.role, role.progress) for role in board.roles],
                   title_column=False)

    @staticmethod
    def _fill(table: QTableWidget, rows: list, *, title_column: bool) -> None:
        table.setRowCount(len(rows))
        bold = QFont()
        bold.setBold(True)
        for row, (name, title, key, progress) in enumerate(rows):
            cells = [name] + ([title] if title_column else []) + ["", progress_text(progress),
                                                                  f"⚠ {progress.overdue}" if progress.overdue else ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
            table.item(row, 0).setData(KEY_ROLE, key)
            table.item(row, 0).setFont(bold)
            bar = len(cells) - 3
            table.item(row, bar).setData(PROGRESS_ROLE, progress)
            table.item(row, bar).setToolTip(_("{done} done, {started} started, {open} open of {relevant} relevant").format(
                done=progress.done, started=progress.started, open=progress.open, relevant=progress.relevant))
            done_item = table.item(row, bar + 1)
            done_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if progress.finished:
                done_item.setForeground(QColor(STATUS_COLOURS[ActionStatus.DONE]))
                done_item.setFont(bold)
            if progress.overdue:
                late = table.item(row, bar + 2)
                late.setForeground(QColor(OVERDUE_COLOUR))
                late.setFont(bold)
