"""A full-width coloured banner (SKRIVEBESKYTTET / READ-ONLY, later ØVELSE)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


class Banner(QLabel):
    def __init__(self, text: str, background: str, parent=None):
        super().__init__(text, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet(
            f"background: {background}; color: white; font-weight: 700; font-size: 13pt; padding: 6px;"
        )
