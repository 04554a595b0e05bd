"""Call-outs in the database: the copied alert list, and each attempt, each start, attempt
and finish logged (category varsling) in the same transaction."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from beredskap_desktop.domain.alerts import AlertMethod
from beredskap_desktop.domain.callouts import (
    METHOD_CHANNELS, Attempt, AttemptResult, Callee, Callout, CalloutLine, attempt_text, callee, check_attempt,
    finished_text, started_text, status,
)
from beredskap_desktop.domain.clock import from_iso, now_utc
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.log import Category, Draft, Operator, iso_utc
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import alerts, contacts
from beredskap_desktop.storage import log as log_store
from beredskap_desktop.storage.actions import require_open_incident
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.records import new_id

_LINE_COLUMNS = (
    "id", "position", "member_number", "method", "role", "note", "use_deputy", "contact_id", "name", "number",
    "other_numbers", "deputy_contact_id", "deputy_name", "deputy_number", "deputy_other_numbers",
)


def get(store: Store, callout_id: str) -> Callout | None:
    row = store.conn.execute(
        """SELECT id, incident_id, alert_list_id, list_name, started_at, started_by, started_by_role, finished_at,
                  finished_by, finished_by_role FROM callout WHERE id = ?""", [callout_id]).fetchone()
    if row is None:
        return None
    id_, incident_id, list_id, list_name, started_at, by, by_role, finished_at, finished_by, finished_role = row
    lines = tuple(_line(line) for line in store.conn.execute(
        f"SELECT {', '.join(_LINE_COLUMNS)} FROM callout_line WHERE callout_id = ? ORDER BY position", [callout_id]))
    attempts = tuple(
        Attempt(attempt_id, line_id, AttemptResult(result), from_iso(at), Operator(operator, role), bool(on_deputy), note)
        for attempt_id, line_id, result, at, operator, role, on_deputy, note in store.conn.execute(
            """SELECT id, line_id, result, at, operator, operator_role, on_deputy, note FROM callout_attempt
               WHERE callout_id = ? ORDER BY at, recorded_at""", [callout_id])
    )
    return Callout(id_, incident_id, list_id, list_name, from_iso(started_at), Operator(by, by_role), lines, attempts,
                   from_iso(finished_at), Operator(finished_by, finished_role or "") if finished_by else None)


def _line(row) -> CalloutLine:
    (id_, position, member_number, method, role, note, use_deputy, contact_id, name, number, others,
     deputy_id, deputy_name, deputy_number, deputy_others) = row
    deputy = Callee(deputy_id, deputy_name, deputy_number or "", tuple(json.loads(deputy_others or "[]"))) if deputy_name else None
    return CalloutLine(id_, position, member_number, AlertMethod(method), Callee(contact_id, name, number, tuple(json.loads(others))),
                       deputy, bool(use_deputy), role, note)


def list_for(store: Store, incident_id: str) -> list[Callout]:
    """The incident's call-outs, in the order they were started."""
    ids = [id_ for (id_,) in store.conn.execute(
        "SELECT id FROM callout WHERE incident_id = ? ORDER BY started_at, rowid", [incident_id])]
    return [get(store, id_) for id_ in ids]


def start(store: Store, incident_id: str, alert_list_id: str, *, device_id: str, operator: Operator,
          now: datetime | None = None) -> Callout:
    """Copy the alert list's members, in order, resolved to the people to reach, into a new
    call-out of the incident, and log it."""
    if not operator.name.strip():
        raise FieldError("operator", _("Who is at the keyboard: a name is required."))
    started_at = now or now_utc()
    with log_store.immediate(store):
        require_open_incident(store, incident_id)
        alert_list = alerts.get(store, alert_list_id)
        if alert_list is None:
            raise UserError(_("The alert list no longer exists."))
        lines = _resolve(store, alert_list)
        if not lines:
            raise UserError(_("The alert list «{name}» has no members to call.").format(name=alert_list.name))
        callout = Callout(new_id(), incident_id, alert_list.id, alert_list.name, started_at,
                          Operator(operator.name.strip(), operator.role.strip()), lines)
        store.conn.execute(
            """INSERT INTO callout (id, incident_id, alert_list_id, list_name, started_at, started_by, started_by_role)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [callout.id, incident_id, alert_list.id, alert_list.name, iso_utc(started_at), callout.started_by.name,
             callout.started_by.role],
        )
        store.conn.executemany(
            f"INSERT INTO callout_line (callout_id, {', '.join(_LINE_COLUMNS)}) VALUES (?, {', '.join('?' * len(_LINE_COLUMNS))})",
            [(callout.id, *_line_values(line)) for line in lines],
        )
        log_store.append_in_transaction(store, incident_id, Draft(started_text(callout), category=Category.ALERT),
                                        device_id=device_id, operator=operator, now=started_at)
    return callout


def _resolve(store: Store, alert_list) -> tuple[CalloutLine, ...]:
    """One line per person to reach: a contact member, or each holder of a role member (a
    line naming the role when no one holds it); the deputy when the member uses deputies and
    the deputy is not already called for the same member."""
    role_names = {role.id: role.name for role in contacts.roles(store)}
    cache: dict[str, object] = {}

    def contact(contact_id):
        if contact_id not in cache:
            cache[contact_id] = contacts.get(store, contact_id)
        return cache[contact_id]

    lines: list[CalloutLine] = []
    member_number = 0
    for member in alert_list.members:
        role = "" if member.contact_id else role_names.get(member.role_id, member.role_id)
        people = [contact(member.contact_id)] if member.contact_id else [contact(id_) for id_ in contacts.holders(store, member.role_id)]
        people = [person for person in people if person is not None]
        if member.contact_id and not people:
            continue
        member_number += 1
        if not people:
            lines.append(CalloutLine(new_id(), len(lines) + 1, member_number, member.method, Callee(None, role),
                                     use_deputy=member.use_deputy, role=role, note=member.note))
        ids = {person.id for person in people}
        for person in people:
            deputy = contact(person.deputy_id) if member.use_deputy and person.deputy_id and person.deputy_id not in ids else None
            lines.append(CalloutLine(new_id(), len(lines) + 1, member_number, member.method, callee(person, member.method),
                                     callee(deputy, member.method) if deputy else None, member.use_deputy, role, member.note))
    return tuple(lines)


def _line_values(line: CalloutLine) -> tuple:
    deputy = line.deputy
    return (line.id, line.position, line.member_number, line.method.value, line.role, line.note, int(line.use_deputy),
            line.person.contact_id, line.person.name, line.person.number, json.dumps(line.person.other_numbers, ensure_ascii=False),
            deputy.contact_id if deputy else None, deputy.name if deputy else None, deputy.number if deputy else None,
            json.dumps(deputy.other_numbers, ensure_ascii=False) if deputy else None)


def record_attempt(store: Store, callout_id: str, line_id: str, result: AttemptResult, *, on_deputy: bool = False,
                   note: str = "", at: datetime | None = None, device_id: str, operator: Operator,
                   now: datetime | None = None) -> Attempt:
    """Record one attempt to reach a line's person (or, ``on_deputy``, the deputy) at ``at``
    (default now), and log it. ``FieldError`` names a bad field."""
    recorded_at = now or now_utc()
    at = at or recorded_at
    with log_store.immediate(store):
        callout = _open_callout(store, callout_id)
        errors = check_attempt(callout, line_id, on_deputy, at, note, operator, recorded_at)
        if errors:
            raise errors[0]
        attempt = Attempt(new_id(), line_id, result, at, Operator(operator.name.strip(), operator.role.strip()), on_deputy, note.strip())
        store.conn.execute(
            """INSERT INTO callout_attempt (id, callout_id, line_id, on_deputy, result, at, operator, operator_role, note, recorded_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [attempt.id, callout_id, line_id, int(on_deputy), result.value, iso_utc(at), attempt.operator.name,
             attempt.operator.role, attempt.note, iso_utc(recorded_at)],
        )
        draft = Draft(attempt_text(callout, attempt), category=Category.ALERT, event_at=at,
                      channel=METHOD_CHANNELS[callout.line(line_id).method])
        log_store.append_in_transaction(store, callout.incident_id, draft, device_id=device_id, operator=operator, now=recorded_at)
    return attempt


def finish(store: Store, callout_id: str, *, device_id: str, operator: Operator, now: datetime | None = None) -> Callout:
    """End the call-out (no more attempts), logging how long it took and who was not reached."""
    if not operator.name.strip():
        raise FieldError("operator", _("Who is at the keyboard: a name is required."))
    finished_at = now or now_utc()
    with log_store.immediate(store):
        callout = _open_callout(store, callout_id)
        finished = replace(callout, finished_at=finished_at, finished_by=Operator(operator.name.strip(), operator.role.strip()))
        store.conn.execute("UPDATE callout SET finished_at = ?, finished_by = ?, finished_by_role = ? WHERE id = ?",
                           [iso_utc(finished_at), finished.finished_by.name, finished.finished_by.role, callout_id])
        log_store.append_in_transaction(store, callout.incident_id,
                                        Draft(finished_text(finished, status(finished, finished_at)), category=Category.ALERT),
                                        device_id=device_id, operator=operator, now=finished_at)
    return finished


def _open_callout(store: Store, callout_id: str) -> Callout:
    callout = get(store, callout_id)
    if callout is None:
        raise UserError(_("The call-out no longer exists."))
    require_open_incident(store, callout.incident_id)
    if callout.finished:
        raise UserError(_("The call-out «{name}» is finished.").format(name=callout.list_name))
    return callout

