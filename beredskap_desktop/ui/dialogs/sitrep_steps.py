"""The two steps of a situation report that say who and how: approving it (who approves, as
that may not be the one at the keyboard) and marking it sent (how and when).

Each dialog writes through ``storage.sitreps`` (which logs it) before it closes; a refused
step keeps what was chosen and says why under the field."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QDialog, QFormLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.domain.sitreps import SentVia, Sitrep
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import sitreps as sitrep_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.dialogs.operator import OperatorFields
from beredskap_desktop.ui.widgets.common import dialog_buttons
from beredskap_desktop.ui.widgets.field_errors import FieldErrors
from beredskap_desktop.ui.widgets.time_field import TimeField


def _general(errors: FieldErrors, error: UserError) -> None:
    """A refusal under its field (under the dialog when the field is not in it)."""
    errors.show([error if isinstance(error, FieldError) else FieldError("general", str(error))])


class ApproveSitrepDialog(QDialog):
    """Who approves report ``sitrep`` (filled with who is at the keyboard); ``sitrep`` is the approved one once accepted."""

    def __init__(self, store: Store, sitrep: Sitrep, device_id: str, operator: Operator, recent: list[Operator], parent=None):
        super().__init__(parent)
        self.store, self.sitrep, self.device_id, self.operator = store, sitrep, device_id, operator
        self.setWindowTitle(_("Approve situation report {number}").format(number=sitrep.number))
        self.setMinimumWidth(480)
        intro = QLabel(_("Who approves the report? Once approved it cannot be changed; the approval is logged with "
                         "the report's fingerprint (SHA-256)."))
        intro.setWordWrap(True)
        self.errors = FieldErrors()
        self.fields = OperatorFields(store, operator, recent, self.errors)
        self.fields.name.setObjectName("approver_name")
        self.fields.role.setObjectName("approver_role")
        form = QFormLayout()
        form.addRow(_("Approved by"), self.errors.wrap("operator", self.fields.name))
        form.addRow(_("Role"), self.fields.role)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(dialog_buttons(self, _("Approve")))
        self.fields.name.setFocus()
        self.fields.name.selectAll()

    def accept(self) -> None:
        approver = self.fields.operator()
        if not approver.name:
            self.errors.show([FieldError("operator", _("Approved by: required."))])
            return
        try:
            self.sitrep = sitrep_store.approve(self.store, self.sitrep.id, approver=approver, device_id=self.device_id,
                                               operator=self.operator)
        except UserError as error:
            _general(self.errors, error)
            return
        super().accept()


class SentSitrepDialog(QDialog):
    """How and when report ``sitrep`` was sent; ``sitrep`` is the sent one once accepted."""

    def __init__(self, store: Store, sitrep: Sitrep, device_id: str, operator: Operator, parent=None):
        super().__init__(parent)
        self.store, self.sitrep, self.device_id, self.operator = store, sitrep, device_id, operator
        self.setWindowTitle(_("Situation report {number} sent").format(number=sitrep.number))
        self.setMinimumWidth(480)
        intro = QLabel(_("To {to}. The sending is logged as a key event.").format(to=sitrep.content.report_to))
        intro.setWordWrap(True)
        self.errors = FieldErrors()
        self.via = QButtonGroup(self)
        ways = QWidget()
        column = QVBoxLayout(ways)
        column.setContentsMargins(0, 0, 0, 0)
        for index, via in enumerate(SentVia):
            button = QRadioButton(via.label)
            button.setObjectName(f"sent_via_{via.value}")
            self.via.addButton(button, index)
            column.addWidget(button)
        self.when = TimeField("sent_at")
        form = QFormLayout()
        form.addRow(_("How"), self.errors.wrap("via", ways))
        form.addRow(_("When"), self.errors.wrap("sent_at", self.when))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(dialog_buttons(self, _("Mark as sent")))

    def choose(self, via: SentVia) -> None:
        self.via.button(list(SentVia).index(via)).setChecked(True)

    def accept(self) -> None:
        if self.via.checkedId() < 0:
            self.errors.show([FieldError("via", _("How: choose how the report was sent."))])
            return
        try:
            self.sitrep = sitrep_store.mark_sent(self.store, self.sitrep.id, list(SentVia)[self.via.checkedId()],
                                                 sent_at=self.when.value(), device_id=self.device_id, operator=self.operator)
        except UserError as error:
            _general(self.errors, error)
            return
        super().accept()
