"""Trusting a publisher key: its fingerprint shown large, and the one the coordinator reads
aloud typed in to compare. ``fingerprint_label`` and ``FingerprintEntry`` also serve the
import preview."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain import snapshots as domain
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services import snapshots
from beredskap_desktop.ui.widgets.common import dialog_buttons
from beredskap_desktop.ui.widgets.incident_style import ERROR_COLOUR, OK_COLOUR

KEY_FILTER = "{keys} (*.pub *.beredskap);;{all} (*)"


def fingerprint_text(hex_fingerprint: str) -> str:
    """Sixteen groups of four on two lines of eight, to read aloud."""
    groups = domain.format_fingerprint(hex_fingerprint).split()
    return " ".join(groups[:8]) + "\n" + " ".join(groups[8:])


def fingerprint_label(hex_fingerprint: str = "", name: str = "") -> QLabel:
    """A fingerprint in large monospace, selectable so it can be copied."""
    label = QLabel(fingerprint_text(hex_fingerprint) if hex_fingerprint else "")
    if name:
        label.setObjectName(name)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(16)
    font.setBold(True)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("padding: 6px 10px; background: #f1f5f9; border: 1px solid #cbd5e1; border-radius: 4px;")
    return label


class FingerprintEntry(QWidget):
    """A field for the fingerprint read aloud, compared with ``expected`` as it is typed;
    ``matched`` fires with whether the two are the same."""

    matched = Signal(bool)

    def __init__(self, expected: str = "", parent=None):
        super().__init__(parent)
        self.expected = expected
        self.field = QLineEdit()
        self.field.setObjectName("typed_fingerprint")
        self.field.setPlaceholderText(_("Type the 64 characters the coordinator reads aloud (spaces do not matter)"))
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(12)
        self.field.setFont(font)
        self.field.setMinimumWidth(560)
        self.verdict = QLabel()
        self.verdict.setObjectName("fingerprint_verdict")
        self.verdict.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.field)
        column.addWidget(self.verdict)
        self.field.textChanged.connect(self._compare)

    @property
    def matches(self) -> bool:
        try:
            return bool(self.expected) and domain.parse_fingerprint(self.field.text()) == self.expected
        except UserError:
            return False

    def set_expected(self, expected: str) -> None:
        self.expected = expected
        self._compare()

    def _compare(self) -> None:
        text = self.field.text().strip()
        if not text or not self.expected:
            self.verdict.setText("")
        elif self.matches:
            self.verdict.setText("✔ " + _("The fingerprints are the same."))
            self.verdict.setStyleSheet(f"color: {OK_COLOUR}; font-weight: 600;")
        elif self.expected.startswith(typed := re.sub(r"[\s:-]", "", text).lower()):
            self.verdict.setText(_("{count} of 64 characters typed; so far the same.").format(count=len(typed)))
            self.verdict.setStyleSheet("color: #555;")
        else:
            self.verdict.setText("✘ " + _("Not the same fingerprint. Do not trust this key: ask the coordinator."))
            self.verdict.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.matched.emit(self.matches)


class TrustKeyDialog(QDialog):
    """Choose a ``publisher.pub`` or a snapshot, see its fingerprint, type the one read aloud;
    OK only when they are the same. ``public_key`` holds the key once accepted."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Trust a publisher key"))
        self.public_key: bytes | None = None
        intro = QLabel(_(
            "Choose the coordinator's public key file (publisher.pub) or a snapshot they made. "
            "Then ask the coordinator to read the fingerprint aloud and type it below. "
            "The key is trusted only when the two are the same."))
        intro.setWordWrap(True)
        self.file = QLineEdit()
        self.file.setObjectName("key_file")
        self.file.setPlaceholderText(_("publisher.pub or a .beredskap snapshot"))
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("key_file_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(_("Only for an encrypted snapshot"))
        read = QPushButton(_("&Read the key"))
        read.setObjectName("read_key")
        read.clicked.connect(self.read_key)
        self.file.returnPressed.connect(self.read_key)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        file_row.addWidget(read)
        self.problem = QLabel()
        self.problem.setObjectName("key_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.found = fingerprint_label(name="found_fingerprint")
        self.found.hide()
        self.entry = FingerprintEntry()
        self.entry.matched.connect(self._update)
        form = QFormLayout()
        form.addRow(_("File:"), file_row)
        form.addRow(_("Passphrase:"), self.passphrase)
        form.addRow(_("Fingerprint in the file:"), self.found)
        form.addRow(_("Fingerprint read aloud:"), self.entry)
        self.buttons = dialog_buttons(self, _("Trust this key"))
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addWidget(self.buttons)
        self._update()

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose the publisher's key or a snapshot"), "",
                                                    KEY_FILTER.format(keys=_("Keys and snapshots"), all=_("All files")))
        if path:
            self.file.setText(path)
            self.read_key()

    def read_key(self) -> None:
        """Read the public key from the chosen file and show its fingerprint."""
        self.public_key = None
        self.problem.setText("")
        path = Path(self.file.text().strip())
        try:
            secret = self.passphrase.text() or None
            if snapshots.is_encrypted(path) and not secret:
                raise UserError(_("{path} is encrypted: type its passphrase first.").format(path=path))
            self.public_key = snapshots.public_key_from_file(path, secret)
        except UserError as error:
            self.problem.setText(str(error))
        fingerprint = domain.fingerprint(self.public_key) if self.public_key else ""
        self.found.setText(fingerprint_text(fingerprint) if fingerprint else "")
        self.found.setVisible(bool(fingerprint))
        self.entry.set_expected(fingerprint)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.public_key is not None and self.entry.matches)

    def accept(self) -> None:
        """Only with a key read and the fingerprint typed the same (Enter cannot go around OK)."""
        if self.public_key is not None and self.entry.matches:
            super().accept()
