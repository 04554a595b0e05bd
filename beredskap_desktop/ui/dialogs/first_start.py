"""First start without a database: the demo municipality, a new empty one, or open a file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog, QFileDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
)

from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.i18n import _
from beredskap_desktop.services.municipality import check_municipality
from beredskap_desktop.ui.widgets.common import dialog_buttons

DB_FILTER = "Beredskap (*.sqlite *.db *.beredskap);;*"


class NewMunicipalityDialog(QDialog):
    """Asks for the name and kommunenummer, with inline validation."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("New empty municipality"))
        self.name = QLineEdit()
        self.name.setObjectName("municipality_name")
        self.number = QLineEdit()
        self.number.setObjectName("kommunenummer")
        self.number.setPlaceholderText("0301")
        self.number.setMaxLength(4)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(_("Name of the municipality"), self.name)
        form.addRow(_("Municipality number"), self.number)
        buttons = dialog_buttons(self, _("Create"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.values: tuple[str, str] | None = None

    def accept(self) -> None:
        try:
            self.values = check_municipality(self.name.text(), self.number.text())
        except FieldError as error:
            self.error.setText(error.message)
            self.error.show()
            (self.name if error.field == "name" else self.number).setFocus()
            return
        super().accept()


class FirstStartDialog(QDialog):
    """``choice`` is "demo", "new" (with ``values``) or "open" (with ``opened``)."""

    def __init__(self, db_path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Welcome"))
        self.choice: str | None = None
        self.values: tuple[str, str] | None = None
        self.opened: Path | None = None
        intro = QLabel(_("There is no database at {path} yet. What do you want to start with?").format(path=db_path))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for text, detail, slot, name in (
            (_("Demo municipality"), _("Fjordvik kommune: fictional contacts and alert lists to try the program with."), self._demo, "choose_demo"),
            (_("New empty municipality"), _("Start from scratch with your municipality's name and number."), self._new, "choose_new"),
            (_("Open an existing file…"), _("A database from this or another laptop."), self._open, "choose_open"),
        ):
            button = QPushButton(f"{text}\n{detail}")
            button.setObjectName(name)
            button.setMinimumHeight(64)
            button.setStyleSheet("text-align: left; padding: 8px 14px; font-size: 11pt;")
            button.clicked.connect(slot)
            layout.addWidget(button)
        cancel = QPushButton(_("Quit"))
        cancel.clicked.connect(self.reject)
        layout.addWidget(cancel)

    def _demo(self) -> None:
        self.choice = "demo"
        self.accept()

    def _new(self) -> None:
        dialog = NewMunicipalityDialog(self)
        if dialog.exec():
            self.choice, self.values = "new", dialog.values
            self.accept()

    def _open(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open database"), "", DB_FILTER)
        if path:
            self.choice, self.opened = "open", Path(path)
            self.accept()
