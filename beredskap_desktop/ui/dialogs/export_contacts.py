"""Export contacts to vCard, CSV or Excel, private numbers only when asked for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFileDialog, QLabel, QMessageBox, QRadioButton, QVBoxLayout, QWidget,
)

from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services.exporters.contacts import export_contacts as write_export
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.jobs import start_job
from beredskap_desktop.ui.widgets.common import dialog_buttons

FORMATS = (
    ("xlsx", "Excel (.xlsx)"),
    ("csv", "CSV (.csv)"),
    ("vcf", "vCard (.vcf)"),
)


class ExportOptions(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Export contacts"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Format")))
        self.buttons: dict[str, QRadioButton] = {}
        for code, text in FORMATS:
            self.buttons[code] = QRadioButton(text)
            layout.addWidget(self.buttons[code])
        self.buttons["xlsx"].setChecked(True)
        self.include_private = QCheckBox(_("Include private phone numbers"))
        warning = QLabel(_("Private numbers are personal data: only include them for the crisis management's own use, and store the file safely."))
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #92400e;")
        layout.addWidget(self.include_private)
        layout.addWidget(warning)
        layout.addWidget(dialog_buttons(self, _("Export…")))

    def chosen_format(self) -> str:
        return next(code for code, button in self.buttons.items() if button.isChecked())


def export_contacts(parent: QWidget, store: Store) -> None:
    options = ExportOptions(parent)
    if not options.exec():
        return
    fmt = options.chosen_format()
    include_private = options.include_private.isChecked()
    chosen, _filter = QFileDialog.getSaveFileName(parent, _("Export contacts"), f"kontakter.{fmt}", f"*.{fmt}")
    if not chosen:
        return
    path = Path(chosen)

    def done(count: int) -> None:
        parent.statusBar().showMessage(ngettext("Exported {n} contact to {path}.", "Exported {n} contacts to {path}.", count).format(n=count, path=path), 8000)

    start_job(parent, _("Exporting contacts…"), store,
              lambda worker, report: write_export(worker, path, fmt, include_private=include_private), done,
              lambda message: QMessageBox.warning(parent, _("Export contacts"), message))
