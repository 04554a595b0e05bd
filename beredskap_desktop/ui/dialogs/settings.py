"""Settings of this municipality's database: how old a contact verification and a plan revision may get."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QSpinBox, QVBoxLayout

from beredskap_desktop.domain.contacts import DEFAULT_STALE_MONTHS
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import municipality
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.widgets.common import dialog_buttons


def stale_months(store: Store) -> int:
    return int(municipality.setting(store, municipality.STALE_MONTHS, str(DEFAULT_STALE_MONTHS)))


class SettingsDialog(QDialog):
    def __init__(self, store: Store, parent=None):
        from beredskap_desktop.storage import plans  # not needed to start the program

        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Settings"))
        self.months = QSpinBox()
        self.months.setRange(1, 60)
        self.months.setSuffix(" " + _("months"))
        self.months.setValue(stale_months(store))
        self.revision_months = QSpinBox()
        self.revision_months.setObjectName("revision_months")
        self.revision_months.setRange(1, 60)
        self.revision_months.setSuffix(" " + _("months"))
        self.revision_months.setValue(plans.revision_months(store))
        hint = QLabel(_("Contacts not verified for longer than this are marked for checking. "
                        "Adopted plans not revised within their revision interval are marked overdue "
                        "(the regulation asks for at least a yearly revision)."))
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Verification is valid for"), self.months)
        form.addRow(_("Plan revision interval"), self.revision_months)
        buttons = dialog_buttons(self, _("Save"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def accept(self) -> None:
        municipality.set_setting(self.store, municipality.STALE_MONTHS, str(self.months.value()))
        municipality.set_setting(self.store, municipality.REVISION_MONTHS, str(self.revision_months.value()))
        super().accept()
