"""Creating this laptop's publisher key: a passphrase typed twice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from beredskap_desktop.i18n import _
from beredskap_desktop.ui.dialogs.snapshot_export import passphrase_field
from beredskap_desktop.ui.widgets.incident_style import ERROR_COLOUR

MIN_LENGTH = 8


class CreateKeyDialog(QDialog):
    """OK once the passphrase is long enough and typed the same twice (``passphrase``)."""

    def __init__(self, key_dir: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Create publisher key"))
        intro = QLabel(_(
            "Only the coordinator's laptop needs a publisher key: it signs the snapshots other laptops import.\n"
            "The key is kept in {path}, sealed with the passphrase. Without the passphrase no snapshot can be "
            "signed, and it cannot be recovered: write it down and keep it locked away.").format(path=key_dir))
        intro.setWordWrap(True)
        intro.setMinimumWidth(520)
        self.first = passphrase_field("key_passphrase")
        self.second = passphrase_field("key_passphrase_again")
        self.problem = QLabel()
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR};")
        form = QFormLayout()
        form.addRow(_("Passphrase:"), self.first)
        form.addRow(_("Passphrase again:"), self.second)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create key"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addWidget(self.buttons)
        for field in (self.first, self.second):
            field.textChanged.connect(self._check)
        self._check()

    @property
    def passphrase(self) -> str:
        return self.first.text()

    def _check(self) -> None:
        first, second = self.first.text(), self.second.text()
        if first and len(first) < MIN_LENGTH:
            problem = _("Use at least {count} characters.").format(count=MIN_LENGTH)
        elif second and first != second:
            problem = _("The two passphrases differ.")
        else:
            problem = ""
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem and bool(first) and first == second)
