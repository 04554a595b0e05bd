"""Import contacts from a file: read and plan in the background, preview, then import."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import (
    QDialog, QFileDialog, QLabel, QMessageBox,
    QTabWidget, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.phones import format_phone
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services.contact_import import ImportPlan, apply_import, plan_import
from beredskap_desktop.services.importers import read_contacts
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.jobs import start_job
from beredskap_desktop.ui.widgets.common import import_buttons, text_table

FILE_FILTER = "{contacts} (*.vcf *.csv *.xlsx);;{all} (*)"


class ImportPreview(QDialog):
    """What the import will do: new, updated, rejected (with reasons) and warnings."""

    def __init__(self, path: Path, plan: ImportPlan, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Import contacts: preview"))
        self.resize(900, 560)
        summary = QLabel(_("{file}: {new} new, {updated} updated, {unchanged} unchanged, {rejected} rejected.").format(
            file=path.name, new=len(plan.new), updated=len(plan.updated), unchanged=len(plan.unchanged), rejected=len(plan.rejected)))
        summary.setObjectName("import_summary")
        summary.setWordWrap(True)
        summary.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.tabs = QTabWidget()
        self.tabs.addTab(text_table(
            [_("Name"), _("Position"), _("Work mobile"), _("E-mail"), _("From")],
            [[p.contact.name, p.contact.position, format_phone(p.contact.work_mobile), p.contact.email, p.where] for p in plan.new],
        ), _("New ({count})").format(count=len(plan.new)))
        self.tabs.addTab(text_table(
            [_("Name"), _("Changes"), _("From")],
            [[p.contact.name, "\n".join(f"{c.field}: {c.old or '–'} → {c.new or '–'}" for c in p.changes), p.where] for p in plan.updated],
        ), _("Updated ({count})").format(count=len(plan.updated)))
        self.tabs.addTab(text_table(
            [_("From"), _("Name"), _("Reasons")],
            [[r.where, r.name, "\n".join(r.reasons)] for r in plan.rejected],
        ), _("Rejected ({count})").format(count=len(plan.rejected)))
        self.tabs.addTab(text_table(
            [_("From"), _("Name"), _("Warning")],
            [[w.where, w.name, w.message] for w in plan.warnings],
        ), _("Warnings ({count})").format(count=len(plan.warnings)))
        extras = []
        if plan.new_organisations:
            extras.append(_("New organisations: {names}").format(names=", ".join(o.name for o in plan.new_organisations)))
        if plan.new_roles:
            extras.append(_("New roles: {names}").format(names=", ".join(r.name for r in plan.new_roles)))
        note = QLabel("\n".join(extras + [_("Rejected records are not imported; everything else is imported in one go.")]))
        note.setWordWrap(True)
        count = len(plan.new) + len(plan.updated)
        buttons, self.import_button = import_buttons(
            self, ngettext("Import {n} contact", "Import {n} contacts", count).format(n=count) if plan.has_changes else None)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        if plan.rejected and not plan.new and not plan.updated:
            self.tabs.setCurrentIndex(2)


def import_contacts(parent: QWidget, store: Store, after: Callable[[], None], path: Path | None = None) -> None:
    """The whole import: choose a file, preview in a dialog, import on confirmation."""
    if store.read_only:
        return
    if path is None:
        chosen, _filter = QFileDialog.getOpenFileName(
            parent, _("Import contacts"), "", FILE_FILTER.format(contacts=_("Contacts"), all=_("All files")))
        if not chosen:
            return
        path = Path(chosen)

    def failed(message: str) -> None:
        QMessageBox.warning(parent, _("Import contacts"), message)

    def planned(plan: ImportPlan) -> None:
        parent.import_preview = ImportPreview(path, plan, parent)
        parent.import_preview.accepted.connect(lambda: start_job(
            parent, _("Importing contacts…"), store, lambda worker, report: apply_import(worker, plan), lambda _result: done(plan), failed))
        parent.import_preview.open()

    def done(plan: ImportPlan) -> None:
        after()
        count = len(plan.new) + len(plan.updated)
        parent.statusBar().showMessage(ngettext("Imported {n} contact.", "Imported {n} contacts.", count).format(n=count), 8000)

    start_job(parent, _("Reading {file}…").format(file=path.name), store,
              lambda worker, report: plan_import(worker, read_contacts(path)), planned, failed)
