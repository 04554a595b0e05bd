"""Small widgets every page and dialog uses the same way."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

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
