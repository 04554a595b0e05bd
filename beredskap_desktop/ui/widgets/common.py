"""Small widgets every page and dialog uses the same way."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem

from beredskap_desktop.i18n import _


def dialog_buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK and Cancel in the app's language (Qt ships no bokmål for its own buttons)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def import_buttons(dialog: QDialog, import_text: str | None) -> tuple[QDialogButtonBox, QPushButton | None]:
    """An import preview's buttons: ``import_text`` and Cancel, or only Close when there is
    nothing to import (``None``); the box and the import button."""
    buttons = QDialogButtonBox()
    import_button = None
    if import_text is not None:
        import_button = buttons.addButton(import_text, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    else:
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, import_button


def wrapped_label(text: str = "", style: str = "", name: str = "") -> QLabel:
    """A label that wraps, with an optional style sheet and object name."""
    label = QLabel(text)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    if name:
        label.setObjectName(name)
    return label


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


def text_table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    """A read-only table of text (import previews), columns fitted to their content."""
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.resizeRowsToContents()
    return table
