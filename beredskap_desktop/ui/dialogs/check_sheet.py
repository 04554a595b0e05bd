"""Check a printed action card sheet: type the code under its QR code or scan it (a USB scanner
types like a keyboard and ends with Enter)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services.sheet_check import check_sheet
from beredskap_desktop.storage.database import Store

_CURRENT = "color: #1b5e20; font-weight: bold;"
_NOT_CURRENT = "color: #b00020; font-weight: bold;"


class CheckSheetDialog(QDialog):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Check a printed action card"))
        self.setMinimumWidth(520)
        self.code = QLineEdit()
        self.code.setObjectName("sheet_code")
        self.code.setPlaceholderText(_("TK-03 v4, or scan the QR code"))
        self.code.returnPressed.connect(self.check)
        self.result = QLabel(_("Type the code printed under the QR code in the sheet's top right corner, then Enter."))
        self.result.setObjectName("sheet_result")
        self.result.setWordWrap(True)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Check"), QDialogButtonBox.ButtonRole.ActionRole).clicked.connect(self.check)
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code)
        layout.addWidget(self.result)
        layout.addWidget(buttons)

    def check(self) -> None:
        try:
            outcome = check_sheet(self.store, self.code.text())
        except UserError as error:
            self.result.setStyleSheet("")
            self.result.setText(str(error))
            return
        self.result.setStyleSheet(_CURRENT if outcome.current else _NOT_CURRENT)
        self.result.setText(("✔ " if outcome.current else "✖ ") + outcome.message)
        self.code.selectAll()  # the next scan replaces the text
