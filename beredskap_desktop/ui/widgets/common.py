"""Small widgets every page and dialog uses the same way."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QLabel, QMessageBox, QStyle, QStyledItemDelegate, QStyleOptionViewItem,
)

from beredskap_desktop.i18n import _


def dialog_buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK and Cancel in the app's language (Qt ships no bokmål for its own buttons)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def empty_state(name: str) -> QLabel:
    """The large grey text shown instead of an empty table."""
    label = QLabel()
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555; font-size: 13pt; padding: 24px;")
    return label


def ask(parent, title: str, text: str, choices: list[str], *, warning: bool = False) -> int | None:
    """Ask with buttons in the app's language; the index of the chosen one, None if cancelled.

    The last choice is the safe one (Escape picks it); with ``warning`` the first is destructive.
    """
    box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question, title, text, parent=parent)
    first_role = QMessageBox.ButtonRole.DestructiveRole if warning else QMessageBox.ButtonRole.AcceptRole
    buttons = [box.addButton(choice, first_role if i == 0 else QMessageBox.ButtonRole.ActionRole)
               for i, choice in enumerate(choices[:-1])]
    buttons.append(box.addButton(choices[-1], QMessageBox.ButtonRole.RejectRole))
    box.setDefaultButton(buttons[-1] if warning else buttons[0])
    box.exec()
    clicked = box.clickedButton()
    chosen = choices.index(clicked.text()) if clicked is not None and clicked.text() in choices else None
    return None if chosen == len(choices) - 1 else chosen


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
