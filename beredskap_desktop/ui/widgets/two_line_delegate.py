"""A list or table cell of two lines: the text, and a smaller grey subtitle below it."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem


class TwoLineDelegate(QStyledItemDelegate):
    """An item's text on one line and, below it in grey, the text of ``subtitle_role``; both
    elided to fit. With ``depth_role`` an item is indented under its parent (bold at the top level)."""

    INDENT = 22

    def __init__(self, subtitle_role: int, depth_role: int | None = None, parent=None):
        super().__init__(parent)
        self._subtitle_role = subtitle_role
        self._depth_role = depth_role

    def paint(self, painter, option, index) -> None:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        text, view_option.text = view_option.text, ""
        style = view_option.widget.style() if view_option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter, view_option.widget)
        depth = (index.data(self._depth_role) or 0) if self._depth_role is not None else None
        selected = bool(view_option.state & QStyle.StateFlag.State_Selected)
        area = view_option.rect.adjusted(6 + self.INDENT * (depth or 0), 3, -4, -3)
        upper = QRect(area.left(), area.top(), area.width(), area.height() // 2 + 1)
        lower = QRect(area.left(), upper.bottom(), area.width(), area.height() - upper.height())
        painter.save()
        font = QFont(view_option.font)
        font.setBold(depth == 0)
        painter.setFont(font)
        painter.setPen(view_option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        text = ("↳ " if depth else "") + text
        painter.drawText(upper, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, upper.width()))
        small = QFont(view_option.font)
        small.setBold(False)
        small.setPointSizeF(view_option.font.pointSizeF() * 0.9)
        painter.setFont(small)
        painter.setPen(view_option.palette.color(QPalette.ColorRole.HighlightedText) if selected else QColor("#555555"))
        lower.setLeft(lower.left() + (QFontMetrics(font).horizontalAdvance("↳ ") if depth else 0))
        painter.drawText(lower, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(small).elidedText(index.data(self._subtitle_role) or "", Qt.TextElideMode.ElideRight, lower.width()))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        return QSize(super().sizeHint(option, index).width(), QFontMetrics(option.font).height() * 2 + 10)
