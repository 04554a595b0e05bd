"""What Ctrl+P prints on each page, after asking which items and which options, and the File
menu's other printouts (blank forms, the binder, checking a printed card, an incident's archive package)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox

from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services.printing.printouts import Options, make
from beredskap_desktop.ui.dialogs.print_options import PrintOptionsDialog


def _private() -> tuple[str, str]:
    return "include_private", _("Include private phone numbers (the pages are marked as containing personal data)")


def print_page(window, row: int) -> None:
    """Ask, then preview the printout of navigation page ``row``."""
    if row == 4:
        ask_incident_printout(window, window.incidents_page.incident)
    elif row == 3:
        page = window.cards_page
        selected = tuple(page.selected_ids())
        shown = tuple(page.model.card_at(i).id for i in range(page.model.rowCount()))
        scopes = _scopes(selected, _("The selected card") if len(selected) == 1 else _("The {count} selected cards"),
                         (_("The {count} cards shown").format(count=len(shown)), shown), (_("All action cards"), None))
        _ask_and_preview(window, "cards", _("Print action cards"), scopes, [_private()], page_sizes=True,
                         name=_("action-cards"))
    elif row == 2:
        selected = tuple(window.plans_page.selected_ids())
        scopes = _scopes(selected, _("The selected plan") if len(selected) == 1 else _("The {count} selected plans"),
                         (_("All plans in use (not archived)"), None))
        public = ("public", _("Public version: without sections exempt from public access (offl. § 24) and private numbers"))
        _ask_and_preview(window, "plans", _("Print plans"), scopes, [public], name=_("plans"))
    elif row == 1:
        current = window.alert_lists_page.current
        scopes = ([(_("The alert list «{name}»").format(name=current.name), (current.id,))] if current else []) + [
            (_("All alert lists"), None)]
        _ask_and_preview(window, "contacts", _("Print alert lists"), scopes, [_private()], name=_("alert-lists"),
                         note=_("The contact directory is printed after the lists."))
    else:
        _ask_and_preview(window, "contacts", _("Print alert lists and contacts"), [(_("All alert lists and the contact directory"), None)],
                         [_private()], name=_("contacts"))


def _scopes(selected: tuple[str, ...], selected_label: str, *others) -> list:
    return ([(selected_label.format(count=len(selected)), selected)] if selected else []) + list(others)


def _ask_and_preview(window, what: str, title: str, scopes, checks, *, name: str, page_sizes: bool = False, note: str = "") -> None:
    dialog = PrintOptionsDialog(window, title, scopes, checks, page_sizes=page_sizes, note=note)
    window.print_options = dialog  # for tests
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    options = Options(include_private=dialog.checked("include_private"), public=dialog.checked("public"),
                      page_size=dialog.page_size.currentData(), ids=dialog.ids)
    preview(window, what, options, title, name)


def preview(window, what: str, options: Options, title: str, name: str) -> None:
    from beredskap_desktop.ui.dialogs.print_preview import show_print_preview

    show_print_preview(window, window.store, title, lambda worker, report: make(worker, what, options, report).pdf,
                       suggested_name=f"{name}.pdf")


def ask_incident_printout(window, incident, what: str = "log") -> None:
    """Ask what to print for ``incident`` (the one the Incidents page shows), then preview it."""
    from beredskap_desktop.ui.dialogs.incident_print import IncidentPrintDialog

    if incident is None:
        QMessageBox.information(window, _("Print"), _("There is no incident to print: start one, or choose one in the list."))
        return
    dialog = IncidentPrintDialog(window.store, incident, window, what=what)
    window.print_options = dialog  # for tests
    dialog.accepted.connect(lambda: print_incident(window, incident, *dialog.choice()))
    dialog.open()


def print_incident(window, incident, what: str, report: int | None = None) -> None:
    """Preview printout ``what`` (log, sitrep, incident-cards, board, callouts) of ``incident``;
    a situation report by ``report`` number, the latest for ``None``."""
    titles = {
        "log": (_("The log of «{title}»"), _("incident-log")),
        "sitrep": ((_("Situation report {number} of «{title}»") if report else _("The latest situation report of «{title}»")),
                   _("situation-report")),
        "incident-cards": (_("The activated action cards of «{title}»"), _("activated-cards")),
        "board": (_("The action board of «{title}»"), _("action-board")),
        "callouts": (_("The call-outs of «{title}»"), _("call-outs")),
    }
    title, name = titles[what]
    preview(window, what, Options(incident=incident.id, report=report), title.format(title=incident.title, number=report),
            f"{name}-{report}" if report else name)


def print_forms(window) -> None:
    preview(window, "forms", Options(), _("Print blank forms"), _("blank-forms"))


def print_binder(window) -> None:
    from beredskap_desktop.ui.dialogs.binder_dialog import BinderDialog

    window.binder_dialog = BinderDialog(window.store, window)
    window.binder_dialog.open()


def check_sheet(window) -> None:
    from beredskap_desktop.ui.dialogs.check_sheet import CheckSheetDialog

    window.check_sheet_dialog = CheckSheetDialog(window.store, window)
    window.check_sheet_dialog.open()


def export_archive(window, incident) -> None:
    """Write the incident's archive package (arkivplikt) into a new folder in a chosen one."""
    from PySide6.QtWidgets import QFileDialog

    from beredskap_desktop.services.archive import export_archive as write_package
    from beredskap_desktop.ui.jobs import start_job

    if incident is None:
        return
    parent = QFileDialog.getExistingDirectory(window, _("Where shall the archive package go?"))
    if not parent:
        return
    name = _("archive-package") + "-" + re.sub(r"[^\w-]+", "-", incident.title).strip("-").lower() + incident.started_at.strftime("-%Y%m%d")
    folder = Path(parent) / name

    def done(archived) -> None:
        text = ngettext("Wrote the archive package ({count} file) to {path}.", "Wrote the archive package ({count} files) to {path}.",
                        len(archived.files)).format(count=len(archived.files), path=archived.folder)
        if archived.chains_verified:
            QMessageBox.information(window, _("Archive package"), text)
        else:
            QMessageBox.warning(window, _("Archive package"), text + "\n\n" + _("The log's chains do NOT verify: see chains.txt in the package."))

    start_job(window, _("Writing the archive package…"), window.store,
              lambda worker, report: write_package(worker, incident.id, folder), done,
              lambda message: QMessageBox.warning(window, _("Archive package"), message), cancellable=False)
