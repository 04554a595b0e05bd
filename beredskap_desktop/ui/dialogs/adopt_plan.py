"""Record that a plan was adopted: by whom (the council and its case number), when, entered by whom."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from beredskap_desktop.domain.clock import show_date, today
from beredskap_desktop.i18n import _
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.dialogs.revision_details import author_field, error_label
from beredskap_desktop.ui.widgets.common import dialog_buttons


class AdoptPlanDialog(QDialog):
    def __init__(self, store: Store, plan_title: str, adopted_by: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Adopt plan"))
        self.setMinimumWidth(520)
        intro = QLabel(_("Record the decision that adopted “{title}”. The plan becomes adopted, gets a new version, "
                         "and is due for revision again after the revision period.").format(title=plan_title))
        intro.setWordWrap(True)
        self.adopted_by = QLineEdit(adopted_by)
        self.adopted_by.setObjectName("adopted_by")
        self.adopted_by.setPlaceholderText(_("e.g. Kommunestyret, sak 23/26"))
        self.adopted_on = QDateEdit()
        self.adopted_on.setObjectName("adopted_on")
        self.adopted_on.setCalendarPopup(True)
        self.adopted_on.setDisplayFormat("dd.MM.yyyy")
        now = today()
        self.adopted_on.setDate(QDate(now.year, now.month, now.day))
        self.adopted_on.setMaximumDate(QDate(now.year, now.month, now.day))
        self.author = author_field(store)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(_("Adopted by"), self.adopted_by)
        form.addRow(_("Adopted on"), self.adopted_on)
        form.addRow(_("Your name"), self.author)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, _("Adopt")))
        self.adopted_by.setFocus()

    def decided_by(self) -> str:
        return " ".join(self.adopted_by.text().split())

    def decided_on(self) -> date:
        return self.adopted_on.date().toPython()

    def author_name(self) -> str:
        return " ".join(self.author.text().split())

    def reason_text(self) -> str:
        return _("Adopted by {by} on {date}.").format(by=self.decided_by(), date=show_date(self.decided_on()))

    def accept(self) -> None:
        missing = [label for label, value in ((_("Adopted by"), self.decided_by()), (_("Your name"), self.author_name())) if not value]
        if missing:
            self.error.setText(_("Required: {fields}.").format(fields=", ".join(missing)))
            self.error.show()
            (self.adopted_by if not self.decided_by() else self.author).setFocus()
            return
        super().accept()
