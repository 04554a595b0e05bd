"""Who saves a new revision of an adopted plan, and why."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from beredskap_desktop.i18n import _
from beredskap_desktop.storage import municipality
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.widgets.common import dialog_buttons

LAST_AUTHOR = "last_author"
ERROR_STYLE = "color: #b91c1c;"


def last_author(store: Store) -> str:
    return municipality.setting(store, LAST_AUTHOR, "")


def remember_author(store: Store, name: str) -> None:
    """Prefill ``name`` the next time (only in a writable database)."""
    if not store.read_only and name.strip() and name.strip() != last_author(store):
        municipality.set_setting(store, LAST_AUTHOR, name.strip())


def author_field(store: Store) -> QLineEdit:
    edit = QLineEdit(last_author(store))
    edit.setObjectName("author")
    edit.setPlaceholderText(_("First and last name"))
    return edit


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("dialog_error")
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class RevisionDialog(QDialog):
    """Asks for the author's name and the reason; both are required."""

    def __init__(self, store: Store, title: str, intro: str, ok_text: str, reason: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.author = author_field(store)
        self.reason = QPlainTextEdit(reason)
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(_("e.g. New members of the crisis management after the election"))
        self.reason.setMinimumHeight(90)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(_("Your name"), self.author)
        form.addRow(_("What changed and why"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, ok_text))
        (self.reason if self.author.text() else self.author).setFocus()

    def author_name(self) -> str:
        return " ".join(self.author.text().split())

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def accept(self) -> None:
        missing = [label for label, value in ((_("Your name"), self.author_name()), (_("What changed and why"), self.reason_text())) if not value]
        if missing:
            self.error.setText(_("Required: {fields}.").format(fields=", ".join(missing)))
            self.error.show()
            (self.author if not self.author_name() else self.reason).setFocus()
            return
        super().accept()
