"""What a snapshot export needs: where to write it, private numbers or not, an optional
passphrase for the file, and the publisher key's passphrase."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
)

from beredskap_desktop.i18n import _
from beredskap_desktop.ui.widgets.common import dialog_buttons
from beredskap_desktop.ui.widgets.incident_style import ERROR_COLOUR

SUFFIX = ".beredskap"
SNAPSHOT_FILTER = "{snapshots} (*.beredskap);;{all} (*)"


def passphrase_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(320)
    return field


def snapshot_filter() -> str:
    return SNAPSHOT_FILTER.format(snapshots=_("Snapshots"), all=_("All files"))


@dataclass(frozen=True)
class ExportChoice:
    out: Path
    include_private: bool
    encrypt_passphrase: str | None
    key_passphrase: str


class ExportSnapshotDialog(QDialog):
    """The export's choices; ``choice`` once accepted."""

    def __init__(self, suggested: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Export snapshot"))
        self.file = QLineEdit(str(suggested))
        self.file.setObjectName("snapshot_file")
        self.file.setMinimumWidth(460)
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.private = QCheckBox(_("Include private phone numbers"))
        self.private.setObjectName("include_private")
        self.private_warning = QLabel(_(
            "The snapshot will hold people's private numbers. Only for a stick that stays with the coordinator "
            "or in the crisis room – and encrypt it."))
        self.private_warning.setWordWrap(True)
        self.private_warning.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.private_warning.hide()
        self.private.toggled.connect(self.private_warning.setVisible)
        self.encrypt = QCheckBox(_("Encrypt the file with a passphrase (for a stick that may be lost)"))
        self.encrypt.setObjectName("encrypt")
        self.file_passphrase = passphrase_field("file_passphrase")
        self.file_passphrase_again = passphrase_field("file_passphrase_again")
        self.key_passphrase = passphrase_field("key_passphrase")
        self.problem = QLabel()
        self.problem.setObjectName("export_problem")
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR};")
        form = QFormLayout()
        form.addRow(_("Write to:"), file_row)
        form.addRow("", self.private)
        form.addRow("", self.private_warning)
        form.addRow("", self.encrypt)
        form.addRow(_("File passphrase:"), self.file_passphrase)
        form.addRow(_("File passphrase again:"), self.file_passphrase_again)
        form.addRow(_("Publisher key passphrase:"), self.key_passphrase)
        self.buttons = dialog_buttons(self, _("Export"))
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addWidget(self.buttons)
        for field in (self.file, self.file_passphrase, self.file_passphrase_again, self.key_passphrase):
            field.textChanged.connect(self._check)
        self.encrypt.toggled.connect(self._check)
        self._check()

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Export snapshot"), self.file.text(), snapshot_filter())
        if path:
            self.file.setText(path if Path(path).suffix else path + SUFFIX)

    def _check(self) -> None:
        encrypt = self.encrypt.isChecked()
        self.file_passphrase.setEnabled(encrypt)
        self.file_passphrase_again.setEnabled(encrypt)
        problem = ""
        if encrypt and self.file_passphrase_again.text() and self.file_passphrase.text() != self.file_passphrase_again.text():
            problem = _("The two file passphrases differ.")
        self.problem.setText(problem)
        ready = (bool(self.file.text().strip()) and bool(self.key_passphrase.text()) and not problem
                 and (not encrypt or bool(self.file_passphrase.text()) and bool(self.file_passphrase_again.text())))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    @property
    def choice(self) -> ExportChoice:
        return ExportChoice(
            out=Path(self.file.text().strip()), include_private=self.private.isChecked(),
            encrypt_passphrase=self.file_passphrase.text() if self.encrypt.isChecked() else None,
            key_passphrase=self.key_passphrase.text())
