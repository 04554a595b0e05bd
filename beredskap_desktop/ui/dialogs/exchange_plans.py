"""Sharing plans and action cards with neighbouring municipalities: export to a file, and
import one after a preview of what it will do (docs/formats/plans-and-cards.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFileDialog, QLabel, QMessageBox, QRadioButton,
    QTabWidget, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services.exchange.document import CARDS
from beredskap_desktop.services.exchange.export import export_cards, export_plans, suggested_file_name
from beredskap_desktop.services.exchange.importing import ExchangeImport, apply_import, plan_file
from beredskap_desktop.storage import cards, plans
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.jobs import start_job
from beredskap_desktop.ui.widgets.common import dialog_buttons, import_buttons, text_table

FILE_FILTER = "{files} (*.json);;{all} (*)"


def _file_filter() -> str:
    return FILE_FILTER.format(files=_("Plans and action cards"), all=_("All files"))


def _export_title(kind: str) -> str:
    return _("Export action cards") if kind == CARDS else _("Export plans")


class ExportChoice(QDialog):
    """Export the selected plans or cards, or all of them."""

    def __init__(self, kind: str, selected: int, total: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_export_title(kind))
        self.setMinimumWidth(420)
        if kind == CARDS:
            self.selected = QRadioButton(ngettext("{n} selected action card", "{n} selected action cards", selected).format(n=selected))
            self.everything = QRadioButton(_("All action cards ({count})").format(count=total))
        else:
            self.selected = QRadioButton(ngettext("{n} selected plan", "{n} selected plans", selected).format(n=selected))
            self.everything = QRadioButton(_("All plans ({count})").format(count=total))
        self.selected.setChecked(bool(selected))
        self.selected.setVisible(bool(selected))
        self.everything.setChecked(not selected)
        self.include_exempt = QCheckBox(_("Include sections exempt from public access (offl. § 24)"))
        self.include_exempt.setToolTip(_("Left out by default, so exempt content does not reach a neighbour by accident."))
        self.include_exempt.setVisible(kind != CARDS)
        note = QLabel(_("The file names the roles, incident types, plans, alert lists and contacts the records use, "
                        "so a neighbouring municipality can import it into its own database."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.selected)
        layout.addWidget(self.everything)
        layout.addWidget(self.include_exempt)
        layout.addWidget(note)
        layout.addWidget(dialog_buttons(self, _("Export…")))


def export_plans_or_cards(parent: QWidget, store: Store, kind: str, ids: list[str] | None) -> None:
    """Export plans or action cards (``kind`` plans or cards): the records with ``ids`` or
    all of them (a choice when ``ids`` is given), to a file the user picks."""
    def to_file(chosen_ids: list[str] | None, **options) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(parent, _export_title(kind), suggested_file_name(store, kind), _file_filter())
        if not chosen:
            return
        path = Path(chosen)
        write = export_cards if kind == CARDS else export_plans

        def done(count: int) -> None:
            message = (ngettext("Exported {n} action card to {path}.", "Exported {n} action cards to {path}.", count) if kind == CARDS
                       else ngettext("Exported {n} plan to {path}.", "Exported {n} plans to {path}.", count))
            parent.statusBar().showMessage(message.format(n=count, path=path), 8000)

        start_job(parent, _("Exporting…"), store, lambda worker, report: write(worker, path, chosen_ids, **options), done,
                  lambda message: QMessageBox.warning(parent, _export_title(kind), message), cancellable=False)

    if not ids and kind == CARDS:
        to_file(None)
        return
    total = cards.count(store) if kind == CARDS else plans.count(store)
    choice = parent.exchange_export = ExportChoice(kind, len(ids or ()), total, parent)
    choice.accepted.connect(lambda: to_file(
        list(ids) if choice.selected.isChecked() else None,
        **({} if kind == CARDS else {"include_exempt": choice.include_exempt.isChecked()})))
    choice.open()


class ExchangePreview(QDialog):
    """What importing a file will do: new, updated, unchanged, codes that change, warnings."""

    def __init__(self, result: ExchangeImport, parent=None):
        super().__init__(parent)
        is_cards = result.kind == CARDS
        self.setWindowTitle(_("Import action cards: preview") if is_cards else _("Import plans: preview"))
        self.resize(900, 560)
        counts = _("{file}: {new} new, {updated} updated, {unchanged} unchanged, {renamed} with a new code, {warnings} warnings.").format(
            file=result.file_name, new=len(result.new), updated=len(result.updated), unchanged=len(result.unchanged),
            renamed=len(result.renamed), warnings=len(result.warnings))
        summary = QLabel(counts)
        summary.setObjectName("exchange_summary")
        summary.setWordWrap(True)
        summary.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.tabs = QTabWidget()
        self.tabs.addTab(text_table([_("Name"), _("From")], [[p.label, p.where] for p in result.new]),
                         _("New ({count})").format(count=len(result.new)))
        self.tabs.addTab(text_table([_("Name"), _("Changes"), _("From")], [[p.label, ", ".join(p.changes), p.where] for p in result.updated]),
                         _("Updated ({count})").format(count=len(result.updated)))
        self.tabs.addTab(text_table([_("Name"), _("From")], [[p.label, p.where] for p in result.unchanged]),
                         _("Unchanged ({count})").format(count=len(result.unchanged)))
        if is_cards:
            self.tabs.addTab(text_table([_("Code in the file"), _("Code here"), _("Title")],
                                    [[r.code_in_file, r.code_here, r.title] for r in result.renamed]),
                             _("New codes ({count})").format(count=len(result.renamed)))
        self.tabs.addTab(text_table([_("Warning")], [[warning] for warning in result.warnings]),
                         _("Warnings ({count})").format(count=len(result.warnings)))
        lines = []
        if result.source.municipality:
            lines.append(_("From: {municipality} ({number})").format(municipality=result.source.municipality, number=result.source.kommunenummer))
        if result.new_roles:
            lines.append(_("New roles: {names}").format(names=", ".join(role.name for role in result.new_roles)))
        if result.new_incident_types:
            lines.append(_("New incident types: {names}").format(names=", ".join(t.name for t in result.new_incident_types)))
        lines.append(_("Everything is imported in one go, or nothing."))
        note = QLabel("\n".join(lines))
        note.setWordWrap(True)
        count = len(result.new) + len(result.updated)
        buttons, self.import_button = import_buttons(self, _("Import ({count})").format(count=count) if result.has_changes else None)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)


def import_plans_or_cards(parent: QWidget, store: Store, after: Callable[[], None]) -> None:
    """Choose a plans or cards file, preview what it does, import it on confirmation, then ``after()``."""
    title = _("Import plans or action cards")
    try:
        store.require_writable()
    except UserError as error:
        QMessageBox.warning(parent, title, str(error))
        return
    chosen, _filter = QFileDialog.getOpenFileName(parent, title, "", _file_filter())
    if not chosen:
        return
    path = Path(chosen)

    def failed(message: str) -> None:
        QMessageBox.warning(parent, title, message)

    def planned(result: ExchangeImport) -> None:
        parent.exchange_preview = ExchangePreview(result, parent)
        parent.exchange_preview.accepted.connect(lambda: start_job(
            parent, _("Importing…"), store, lambda worker, report: apply_import(worker, result), lambda _none: done(result), failed,
            cancellable=False))
        parent.exchange_preview.open()

    def done(result: ExchangeImport) -> None:
        after()
        parent.statusBar().showMessage(_("Imported {new} new and {updated} updated from {file}.").format(
            new=len(result.new), updated=len(result.updated), file=result.file_name), 8000)

    def read(worker: Store, report: Callable[[int, int], None]) -> ExchangeImport:
        result = plan_file(worker, path)
        report(1, 1)  # raises Cancelled when Cancel was pressed meanwhile: then no preview opens
        return result

    start_job(parent, _("Reading {file}…").format(file=path.name), store, read, planned, failed)
