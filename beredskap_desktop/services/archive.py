"""The archive package of an incident (arkivplikt): one folder with the log, the key events
and decisions, the situation reports, the call-outs and the activated action cards, each as
PDF and as CSV (UTF-8 with BOM and semicolons, as Norwegian Excel opens it), a ``chains.txt``
with the log's chain heads and their verification, and a ``README.txt`` saying what each file
is. Everything is read from one snapshot of the database and written to a temporary folder
renamed into place, so the folder is either complete or not there."""

from __future__ import annotations

import csv
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from beredskap_desktop.domain.clock import OSLO, now_utc, show
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.log import iso_utc
from beredskap_desktop.domain.sitreps import label as sitrep_label
from beredskap_desktop.i18n import _
from beredskap_desktop.services.printing.incident import count_text, snapshot, verification_lines
from beredskap_desktop.services.printing.incident_callouts import CalloutsPrintout, build_callouts, render_callouts
from beredskap_desktop.services.printing.incident_cards import (
    IncidentCardsPrintout, build_incident_cards, render_incident_cards,
)
from beredskap_desktop.services.printing.incident_log import LogPrintout, build_incident_log, key_events, render_incident_log
from beredskap_desktop.services.printing.sitrep import SitrepPrintout, render_sitreps
from beredskap_desktop.storage import log, municipality, sitreps
from beredskap_desktop.storage.database import Store

_READ_PAGE = 10_000


@dataclass(frozen=True)
class Archived:
    folder: Path
    files: tuple[str, ...]  # names, in the order README.txt lists them
    chains_verified: bool


def export_archive(store: Store, incident_id: str, folder: Path, *, now: datetime | None = None) -> Archived:
    """Write the incident's archive package to ``folder``, which must not exist or be empty.

    ``UnknownIncident`` for no such incident; ``UserError`` for a folder in the way or one
    that cannot be written."""
    folder = Path(folder)
    _check_target(folder)
    now = now or now_utc()
    with snapshot(store):
        log_model = build_incident_log(store, incident_id, now=now)
        key_model = key_events(log_model)
        own = municipality.get(store)
        sitrep_model = SitrepPrintout(log_model.municipality, own.kommunenummer if own else "", now, log_model.incident,
                                      log_model.type_names, tuple(sitreps.list_for(store, incident_id)))
        cards_model = build_incident_cards(store, incident_id, now=now)
        callouts_model = build_callouts(store, incident_id, now=now)
        temporary = folder.parent / f".{folder.name}.{secrets.token_hex(6)}.part"
        try:
            temporary.mkdir()  # the usual permissions, unlike mkdtemp's owner-only ones
        except OSError as error:
            raise UserError(_("Cannot write {path}: {reason}").format(path=folder, reason=error.strerror or error)) from None
        try:
            files = _write_all(store, temporary, log_model, key_model, sitrep_model, cards_model, callouts_model)
            _sync(temporary)
            if folder.exists():
                folder.rmdir()  # empty, checked above
            os.rename(temporary, folder)
        except BaseException as error:
            shutil.rmtree(temporary, ignore_errors=True)
            if isinstance(error, OSError):
                raise UserError(_("Cannot write {path}: {reason}").format(path=folder, reason=error.strerror or error)) from None
            raise
    return Archived(folder, files, log_model.verified)


def _check_target(folder: Path) -> None:
    if folder.is_dir():
        if any(folder.iterdir()):
            raise UserError(_("{path} already holds files: choose a new or an empty folder for the archive.").format(path=folder))
    elif folder.exists():
        raise UserError(_("{path} is a file: choose a new or an empty folder for the archive.").format(path=folder))
    elif not folder.parent.is_dir():
        raise UserError(_("Cannot write {path}: the folder {parent} does not exist.").format(path=folder, parent=folder.parent))


def _sync(folder: Path) -> None:
    """Every file and the folder itself on disk before the rename makes them visible."""
    for path in folder.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
    if hasattr(os, "O_DIRECTORY"):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _write_all(store: Store, folder: Path, log_model: LogPrintout, key_model: LogPrintout, sitrep_model: SitrepPrintout,
               cards_model: IncidentCardsPrintout, callouts_model: CalloutsPrintout) -> tuple[str, ...]:
    names = file_names()
    path = {key: folder / name for key, name in names.items()}
    path["log-pdf"].write_bytes(render_incident_log(log_model))
    path["key-pdf"].write_bytes(render_incident_log(key_model))
    _write_log_csvs(store, log_model, {line.number for line in key_model.lines}, path["log-csv"], path["key-csv"])
    if sitrep_model.reports:
        path["sitreps-pdf"].write_bytes(render_sitreps(sitrep_model))
    _write_csv(path["sitreps-csv"], _sitrep_header(), _sitrep_rows(sitrep_model))
    path["callouts-pdf"].write_bytes(render_callouts(callouts_model))
    _write_csv(path["callouts-csv"], _callout_header(), _callout_rows(callouts_model))
    path["actions-pdf"].write_bytes(render_incident_cards(cards_model))
    _write_csv(path["actions-csv"], _action_header(), _action_rows(cards_model))
    path["chains"].write_text(_chains_text(log_model), encoding="utf-8")
    described = [(names[key], description) for key, description in _descriptions().items()
                 if key != "sitreps-pdf" or sitrep_model.reports]
    path["readme"].write_text(_readme(log_model, described, len(sitrep_model.reports)), encoding="utf-8")
    return (names["readme"], *(name for name, _description in described))


def _descriptions() -> dict[str, str]:
    """What each file of the package is, in the order README.txt lists them."""
    return {
        "log-pdf": _("The incident log: every entry by time of event, with the chain heads on every page."),
        "log-csv": _("The incident log as a table, one row per entry, with each entry's hash: enough to verify the chains again."),
        "key-pdf": _("Key events and decisions: the entries marked as key events, the decisions (who decided and why) and their corrections."),
        "key-csv": _("Key events and decisions as a table (the same columns as the log)."),
        "sitreps-pdf": _("The situation reports, each as printed (one page when it fits)."),
        "sitreps-csv": _("The situation reports as a table, one row per report (empty when there were none)."),
        "callouts-pdf": _("The call-outs: each person to reach, the number used, the deputy, every attempt and who was not reached."),
        "callouts-csv": _("The call-outs as a table, one row per attempt (a person never tried has a row without one)."),
        "actions-pdf": _("The activated action cards: the action board, then every card's steps with status, assignee, times and comment."),
        "actions-csv": _("The actions as a table, one row per step or ad-hoc action."),
        "chains": _("The log's chains: device, number of entries and head (SHA-256), and whether they verified."),
    }


def file_names() -> dict[str, str]:
    """The package's file names (translated)."""
    return {
        "readme": _("README.txt"), "chains": _("chains.txt"),
        "log-pdf": _("incident-log.pdf"), "log-csv": _("incident-log.csv"),
        "key-pdf": _("key-events-and-decisions.pdf"), "key-csv": _("key-events-and-decisions.csv"),
        "sitreps-pdf": _("situation-reports.pdf"), "sitreps-csv": _("situation-reports.csv"),
        "callouts-pdf": _("call-outs.pdf"), "callouts-csv": _("call-outs.csv"),
        "actions-pdf": _("action-cards.pdf"), "actions-csv": _("action-cards.csv"),
    }


def _write_csv(path: Path, header: list[str], rows: Iterable[list]) -> None:
    with _csv_writer(path) as writer:
        writer.writerow(header)
        writer.writerows(rows)


@contextmanager
def _csv_writer(path: Path) -> Iterator:
    """UTF-8 with a byte order mark and semicolons: Excel set up for Norway opens it with æøå."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        yield csv.writer(handle, delimiter=";", lineterminator="\r\n")


def _local(moment: datetime | None) -> str:
    """``2026-11-21 17:42:05`` in Norwegian time, as Excel reads a date and time."""
    return moment.astimezone(OSLO).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def _yes(flag: bool) -> str:
    return _("yes") if flag else ""


def _log_header() -> list[str]:
    return [_("No."), _("Time of event"), _("Recorded"), _("Category"), _("Channel"), _("Source"), _("Text"), _("Key event"),
            _("Decided by"), _("Rationale"), _("Corrects no."), _("Corrected by no."), _("Operator"), _("Role"), _("Device"),
            _("Entry in chain"), _("Entry id"), _("Corrects entry id"), _("Time of event (UTC)"), _("Recorded (UTC)"),
            _("Category code"), _("Channel code"), _("Format"), _("Previous hash"), _("Hash")]


def _write_log_csvs(store: Store, model: LogPrintout, key_numbers: set[int], log_path: Path, key_path: Path) -> None:
    """Every entry to ``log_path`` and those numbered in ``key_numbers`` to ``key_path``, in
    one pass in the order and numbering of the printed log, with the exact values the hashes cover."""
    with _csv_writer(log_path) as everything, _csv_writer(key_path) as key_events:
        everything.writerow(_log_header())
        key_events.writerow(_log_header())
        number = 0
        while page := log.entries(store, model.incident.id, offset=number, limit=_READ_PAGE):
            for entry in page:
                number += 1
                row = [
                    number, _local(entry.event_at), _local(entry.recorded_at), entry.category.label,
                    entry.channel.label if entry.channel else "", entry.source, entry.text, _yes(entry.key_event),
                    entry.decided_by, entry.rationale, model.corrects.get(number, ""),
                    " ".join(map(str, model.corrected_by.get(number, ()))), entry.operator, entry.role, entry.device_id,
                    entry.seq, entry.id, entry.corrects or "", iso_utc(entry.event_at), iso_utc(entry.recorded_at),
                    entry.category.value, entry.channel.value if entry.channel else "", entry.format_version,
                    entry.prev_hash, entry.hash,
                ]
                everything.writerow(row)
                if number in key_numbers:
                    key_events.writerow(row)


def _sitrep_header() -> list[str]:
    return [_("Number"), _("Status"), sitrep_label("report_to"), sitrep_label("contact_name"), sitrep_label("contact_phone"),
            sitrep_label("contact_email"), sitrep_label("situation"), sitrep_label("dead"), sitrep_label("injured"),
            sitrep_label("evacuated"), sitrep_label("missing"), _("Critical functions"), sitrep_label("measures_taken"),
            sitrep_label("planned_measures"), sitrep_label("needs"), sitrep_label("communication"), sitrep_label("other"),
            sitrep_label("next_report_at"), _("Created"), _("Created by"), _("Changed"), _("Changed by"), _("Approved"),
            _("Approved by"), _("Sent"), _("Sent by"), _("Sent via")]


def _sitrep_rows(model: SitrepPrintout) -> Iterable[list]:
    def who(operator) -> str:
        return "" if operator is None else f"{operator.name} ({operator.role})" if operator.role else operator.name

    def count(value: int | None) -> str:
        return _("unknown") if value is None else str(value)

    for report in model.reports:
        content = report.content
        functions = "\n".join(
            f"{status.function.label}: {status.state.label if status.state else _('Not assessed')}"
            + (f" – {status.comment}" if status.comment else "") for status in content.functions)
        c = content.casualties
        yield [report.number, report.status.label, content.report_to, content.contact_name, content.contact_phone,
               content.contact_email, content.situation, count(c.dead), count(c.injured), count(c.evacuated), count(c.missing),
               functions, content.measures_taken, content.planned_measures, content.needs, content.communication, content.other,
               _local(content.next_report_at), _local(report.created_at), who(report.created_by), _local(report.updated_at),
               who(report.updated_by), _local(report.approved_at), who(report.approved_by), _local(report.sent_at),
               who(report.sent_by), report.sent_via.label if report.sent_via else ""]


def _callout_header() -> list[str]:
    return [_("Alert list"), _("Call-out started"), _("Call-out finished"), _("No."), _("Person"), _("Role"), _("Method"),
            _("Number or address"), _("Deputy"), _("Deputy's number"), _("Attempt at"), _("Result"), _("On the deputy"),
            _("Operator"), _("Note"), _("Reached")]


def _callout_rows(model: CalloutsPrintout) -> Iterable[list]:
    for callout, callout_status in model.callouts:
        for line in callout_status.lines:
            person, deputy = line.line.person, line.line.deputy
            start = [callout.list_name, _local(callout.started_at), _local(callout.finished_at), line.line.member_number,
                     person.name, line.line.role, line.line.method.label, person.number, deputy.name if deputy else "",
                     deputy.number if deputy else ""]
            reached = _local(line.reached.at) if line.reached else _("not reached")
            for attempt in line.attempts or (None,):
                if attempt is None:
                    yield [*start, "", "", "", "", "", reached]
                else:
                    yield [*start, _local(attempt.at), attempt.result.label, _yes(attempt.on_deputy), attempt.operator.name,
                           attempt.note, reached]


def _action_header() -> list[str]:
    return [_("Card"), _("Card title"), _("Card version"), _("Step"), _("Text"), _("Role"), _("Deadline"), _("Due"), _("Status"),
            _("Assigned to"), _("Comment"), _("Started"), _("Done"), _("Changed"), _("Changed by")]


def _action_rows(model: IncidentCardsPrintout) -> Iterable[list]:
    started = model.incident.started_at
    for card in model.cards:
        for action in card.actions:
            yield [action.card_code, action.card_title, action.card_version or "", action.step_number or "", action.text,
                   action.role, action.deadline, _local(action.due_at(started)), action.status.label, action.assignee,
                   action.comment, _local(action.started_at), _local(action.done_at), _local(action.changed_at),
                   action.changed_by.name if action.changed_by else ""]


def _chains_text(model: LogPrintout) -> str:
    lines = [_("Chains of the incident log at {moment} (Norwegian time)").format(moment=show(model.data_as_of)), ""]
    for chain in model.chains:
        lines.append(_("Device {device}: {count} entries").format(device=chain.device_id, count=count_text(chain.count)))
        lines.append(_("Head: {hash}").format(hash=chain.head))
        lines.append(_("Verified: yes") if chain.valid else _("Verified: BROKEN at entry no. {number} ({id}): {reason}").format(
            number=chain.broken_number, id=chain.broken.entry_id, reason=chain.broken.reason.label))
        lines.append("")
    lines += verification_lines(model.chains)
    return "\n".join(lines) + "\n"


def _readme(model: LogPrintout, described: list[tuple[str, str]], report_count: int) -> str:
    incident = model.incident
    title = _("Archive package: {title}").format(title=incident.title)
    lines = [title, "=" * len(title), ""]
    if incident.exercise:
        lines += [_("This was an EXERCISE, not a real incident."), ""]
    facts = [
        (_("Incident id"), incident.id), (_("Municipality"), model.municipality),
        (_("Incident types"), ", ".join(model.type_names)), (_("Severity"), incident.severity.label),
        (_("Status"), incident.status.label), (_("Started"), f"{show(incident.started_at)} ({incident.started_by})"),
        (_("Closed"), show(incident.closed_at)), (_("Location"), incident.location), (_("Evaluation notes"), incident.evaluation_notes),
    ]
    lines += [f"{name}: {value}" for name, value in facts if value]
    lines += [_("Follow-up: {point}").format(point=point) for point in incident.follow_up]
    lines += ["", _("Written {moment} (Norwegian time), from one snapshot of the database.").format(moment=show(model.data_as_of)), ""]
    lines += [_("The log's chains"), ""]
    for chain in model.chains:
        lines.append(_("{device}: {count} entries, head {hash}").format(device=chain.device_id, count=count_text(chain.count), hash=chain.head))
    lines += verification_lines(model.chains)
    lines += ["", _("Files"), ""]
    lines += [f"{name}\n    {description}" for name, description in described]
    if not report_count:
        lines += ["", _("The incident has no situation reports, so there is no PDF of them.")]
    lines += ["", _("The CSV files are UTF-8 with a byte order mark, separated by semicolons, as Excel set up for Norway "
                    "opens them. Times are Norwegian time (Europe/Oslo) unless the heading says UTC; the UTC times, codes and "
                    "hashes of the log are the exact values its hashes are computed from.")]
    return "\n".join(lines) + "\n"
