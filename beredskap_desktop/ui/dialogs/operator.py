"""Who is at the keyboard: a name and a role, written on every log entry and change (no passwords)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.widgets.common import dialog_buttons
from beredskap_desktop.ui.widgets.field_errors import FieldErrors


class OperatorFields:
    """Name and role fields, filled with ``current``; a name used earlier in the session
    (``recent``) completes and brings its role along."""

    def __init__(self, store: Store, current: Operator | None, recent: list[Operator], errors: FieldErrors):
        self._errors = errors
        self._roles = {o.name: o.role for o in reversed(recent)}
        self.name = QLineEdit(current.name if current else "")
        self.name.setObjectName("operator_name")
        self.name.setPlaceholderText(_("First and last name"))
        completer = QCompleter(list(self._roles), self.name)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.activated.connect(self._recent_chosen)
        self.name.setCompleter(completer)
        self.role = QComboBox()
        self.role.setObjectName("operator_role")
        self.role.setEditable(True)
        self.role.addItems([role.name for role in contact_store.roles(store)])
        self.role.setCurrentText(current.role if current else "")
        self.role.lineEdit().setPlaceholderText(_("e.g. Loggfører"))

    def add_to(self, form: QFormLayout) -> None:
        form.addRow(_("Your name"), self._errors.wrap("operator", self.name))
        form.addRow(_("Your role"), self.role)

    def _recent_chosen(self, name: str) -> None:
        self.role.setCurrentText(self._roles.get(name, self.role.currentText()))

    def operator(self) -> Operator:
        return Operator(" ".join(self.name.text().split()), " ".join(self.role.currentText().split()))

    def check(self) -> list[FieldError]:
        return [] if self.operator().name else [FieldError("operator", _("Your name: required. It is written on every entry."))]


class OperatorDialog(QDialog):
    """Asks who is at the keyboard; ``chosen()`` once accepted."""

    def __init__(self, store: Store, current: Operator | None, recent: list[Operator], parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Who is at the keyboard?"))
        self.setMinimumWidth(460)
        intro = QLabel(_("Your name and role are written on every log entry, decision and change you make "
                         "in the incident. Change them when someone else takes over the keyboard."))
        intro.setWordWrap(True)
        self.errors = FieldErrors()
        self.fields = OperatorFields(store, current, recent, self.errors)
        form = QFormLayout()
        self.fields.add_to(form)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, _("Use")))
        self.fields.name.setFocus()
        self.fields.name.selectAll()

    def chosen(self) -> Operator:
        return self.fields.operator()

    def accept(self) -> None:
        errors = self.fields.check()
        if errors:
            self.errors.show(errors)
            return
        super().accept()
