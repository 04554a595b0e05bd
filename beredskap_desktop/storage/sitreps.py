"""Situation reports in the database: numbered per incident; going for approval, approval
and sending each logged (category rapport) in the same transaction. Writing and editing a
draft are not logged: the report itself records who changed it last."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from beredskap_desktop.domain.actions import check_operator
from beredskap_desktop.domain.clock import from_iso, now_utc
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.log import Category, Draft, Operator, iso_utc
from beredskap_desktop.domain.sitreps import (
    SENT_VIA_CHANNELS, Casualties, CriticalFunction, FunctionState, FunctionStatus, SentVia, Sitrep, SitrepContent,
    SitrepStatus, approved_text, check_complete, check_edit, check_sending, check_transition, cleaned, copied,
    sent_text, submitted_text,
)
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import log as log_store
from beredskap_desktop.storage.actions import require_open_incident
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.records import new_id

_CONTENT = ("report_to", "contact_name", "contact_phone", "contact_email", "situation", "dead", "injured", "evacuated",
            "missing", "functions", "measures_taken", "planned_measures", "needs", "communication", "other", "next_report_at")
_STEPS = ("created", "updated", "submitted", "approved", "sent")
_COLUMNS = ("id", "incident_id", "number", "status", "copied_from", "sent_via", *_CONTENT,
            *(f"{step}_{suffix}" for step in _STEPS for suffix in ("at", "by", "by_role")))
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM sitrep"


def _sitrep(row) -> Sitrep:
    values = dict(zip(_COLUMNS, row))
    functions = json.loads(values["functions"])
    content = SitrepContent(
        **{name: values[name] for name in ("report_to", "contact_name", "contact_phone", "contact_email", "situation",
                                           "measures_taken", "planned_measures", "needs", "communication", "other")},
        casualties=Casualties(values["dead"], values["injured"], values["evacuated"], values["missing"]),
        functions=tuple(
            FunctionStatus(function, FunctionState(functions[function.value]["state"]) if functions.get(function.value, {}).get("state") else None,
                           functions.get(function.value, {}).get("comment", ""))
            for function in CriticalFunction
        ),
        next_report_at=from_iso(values["next_report_at"]),
    )
    steps = {step: (from_iso(values[f"{step}_at"]),
                    Operator(values[f"{step}_by"], values[f"{step}_by_role"] or "") if values[f"{step}_by"] else None)
             for step in _STEPS}
    return Sitrep(
        id=values["id"], incident_id=values["incident_id"], number=values["number"], content=content,
        created_at=steps["created"][0], created_by=steps["created"][1], updated_at=steps["updated"][0],
        updated_by=steps["updated"][1], status=SitrepStatus(values["status"]), copied_from=values["copied_from"],
        submitted_at=steps["submitted"][0], submitted_by=steps["submitted"][1], approved_at=steps["approved"][0],
        approved_by=steps["approved"][1], sent_at=steps["sent"][0], sent_by=steps["sent"][1],
        sent_via=SentVia(values["sent_via"]) if values["sent_via"] else None,
    )


def _content_values(content: SitrepContent) -> list:
    functions = {status.function.value: {"state": status.state.value if status.state else None, "comment": status.comment}
                 for status in content.functions if status.state or status.comment}
    c = content.casualties
    return [content.report_to, content.contact_name, content.contact_phone, content.contact_email, content.situation,
            c.dead, c.injured, c.evacuated, c.missing, json.dumps(functions, ensure_ascii=False, sort_keys=True),
            content.measures_taken, content.planned_measures, content.needs, content.communication, content.other,
            iso_utc(content.next_report_at) if content.next_report_at else None]


def get(store: Store, sitrep_id: str) -> Sitrep | None:
    row = store.conn.execute(f"{_SELECT} WHERE id = ?", [sitrep_id]).fetchone()
    return _sitrep(row) if row else None


def list_for(store: Store, incident_id: str) -> list[Sitrep]:
    """The incident's reports by number."""
    return [_sitrep(row) for row in store.conn.execute(f"{_SELECT} WHERE incident_id = ? ORDER BY number", [incident_id])]


def latest(store: Store, incident_id: str) -> Sitrep | None:
    row = store.conn.execute(f"{_SELECT} WHERE incident_id = ? ORDER BY number DESC LIMIT 1", [incident_id]).fetchone()
    return _sitrep(row) if row else None


def create(store: Store, incident_id: str, content: SitrepContent | None = None, *, operator: Operator,
           now: datetime | None = None) -> Sitrep:
    """A new draft with the next number of the incident. ``FieldError`` names a bad field."""
    return _create(store, incident_id, content or SitrepContent(), None, operator, now)


def copy_previous(store: Store, incident_id: str, *, operator: Operator, now: datetime | None = None) -> Sitrep:
    """A new draft with the content of the incident's latest report (whatever its status),
    without its next report time."""
    previous = latest(store, incident_id)
    if previous is None:
        raise UserError(_("There is no earlier situation report in this incident to copy."))
    return _create(store, incident_id, copied(previous.content), previous.id, operator, now)


def _create(store: Store, incident_id: str, content: SitrepContent, copied_from: str | None, operator: Operator,
            now: datetime | None) -> Sitrep:
    by = _operator(operator)
    content = cleaned(content)
    at = now or now_utc()
    with log_store.immediate(store):
        require_open_incident(store, incident_id)
        number = store.conn.execute("SELECT coalesce(max(number), 0) + 1 FROM sitrep WHERE incident_id = ?", [incident_id]).fetchone()[0]
        sitrep = Sitrep(new_id(), incident_id, number, content, at, by, at, by, copied_from=copied_from)
        stamp = iso_utc(at)
        store.conn.execute(
            f"""INSERT INTO sitrep (id, incident_id, number, status, copied_from, {', '.join(_CONTENT)}, created_at, created_by,
                                    created_by_role, updated_at, updated_by, updated_by_role)
                VALUES ({', '.join('?' * (len(_CONTENT) + 11))})""",
            [sitrep.id, incident_id, number, sitrep.status.value, copied_from, *_content_values(content),
             stamp, by.name, by.role, stamp, by.name, by.role],
        )
    return sitrep


def save(store: Store, sitrep_id: str, content: SitrepContent, *, operator: Operator, now: datetime | None = None) -> Sitrep:
    """Change a draft or a report waiting for approval; an approved or sent one is refused."""
    by = _operator(operator)
    content = cleaned(content)
    at = now or now_utc()
    with log_store.immediate(store):
        sitrep = _report(store, sitrep_id)
        errors = check_edit(sitrep)
        if errors:
            raise errors[0]
        store.conn.execute(
            f"UPDATE sitrep SET {', '.join(f'{name} = ?' for name in _CONTENT)}, updated_at = ?, updated_by = ?, updated_by_role = ? WHERE id = ?",
            [*_content_values(content), iso_utc(at), by.name, by.role, sitrep_id],
        )
    return replace(sitrep, content=content, updated_at=at, updated_by=by)


def submit(store: Store, sitrep_id: str, *, device_id: str, operator: Operator, now: datetime | None = None) -> Sitrep:
    """Send the report for approval (it can still be edited); logged."""
    by = _operator(operator)
    at = now or now_utc()
    with log_store.immediate(store):
        sitrep = _report(store, sitrep_id)
        _check(check_transition(sitrep, SitrepStatus.FOR_APPROVAL) + check_complete(sitrep.content, at))
        sitrep = replace(sitrep, status=SitrepStatus.FOR_APPROVAL, submitted_at=at, submitted_by=by)
        _set_step(store, sitrep, "submitted", at, by)
        log_store.append_in_transaction(store, sitrep.incident_id, Draft(submitted_text(sitrep), category=Category.REPORT),
                                        device_id=device_id, operator=operator, now=at)
    return sitrep


def approve(store: Store, sitrep_id: str, *, approver: Operator | None = None, device_id: str, operator: Operator,
            now: datetime | None = None) -> Sitrep:
    """Approve the report (from a draft or from waiting for approval); it cannot change after
    this. ``approver`` is who approved when it is not the one at the keyboard; logged with the
    content's SHA-256."""
    by = _operator(approver or operator)
    _operator(operator)
    at = now or now_utc()
    with log_store.immediate(store):
        sitrep = _report(store, sitrep_id)
        _check(check_transition(sitrep, SitrepStatus.APPROVED) + check_complete(sitrep.content, at))
        sitrep = replace(sitrep, status=SitrepStatus.APPROVED, approved_at=at, approved_by=by)
        _set_step(store, sitrep, "approved", at, by)
        log_store.append_in_transaction(store, sitrep.incident_id, Draft(approved_text(sitrep, by), category=Category.REPORT),
                                        device_id=device_id, operator=operator, now=at)
    return sitrep


def mark_sent(store: Store, sitrep_id: str, via: SentVia, *, sent_at: datetime | None = None, device_id: str,
              operator: Operator, now: datetime | None = None) -> Sitrep:
    """Record that the approved report was sent, how and when (default now); logged as a key event."""
    by = _operator(operator)
    recorded_at = now or now_utc()
    sent_at = sent_at or recorded_at
    with log_store.immediate(store):
        sitrep = _report(store, sitrep_id)
        _check(check_transition(sitrep, SitrepStatus.SENT) + check_sending(sitrep, sent_at, recorded_at))
        sitrep = replace(sitrep, status=SitrepStatus.SENT, sent_at=sent_at, sent_by=by, sent_via=via)
        _set_step(store, sitrep, "sent", sent_at, by)
        store.conn.execute("UPDATE sitrep SET sent_via = ? WHERE id = ?", [via.value, sitrep_id])
        draft = Draft(sent_text(sitrep, via), category=Category.REPORT, event_at=sent_at, channel=SENT_VIA_CHANNELS.get(via),
                      source=sitrep.content.report_to, key_event=True)
        log_store.append_in_transaction(store, sitrep.incident_id, draft, device_id=device_id, operator=operator, now=recorded_at)
    return sitrep


def _operator(operator: Operator) -> Operator:
    errors = check_operator(operator)
    if errors:
        raise errors[0]
    return Operator(operator.name.strip(), operator.role.strip())


def _report(store: Store, sitrep_id: str) -> Sitrep:
    """The report, in an incident still open."""
    sitrep = get(store, sitrep_id)
    if sitrep is None:
        raise UserError(_("The situation report no longer exists."))
    require_open_incident(store, sitrep.incident_id)
    return sitrep


def _check(errors: list) -> None:
    if errors:
        raise errors[0]


def _set_step(store: Store, sitrep: Sitrep, step: str, at: datetime, by: Operator) -> None:
    store.conn.execute(f"UPDATE sitrep SET status = ?, {step}_at = ?, {step}_by = ?, {step}_by_role = ? WHERE id = ?",
                       [sitrep.status.value, iso_utc(at), by.name, by.role, sitrep.id])
