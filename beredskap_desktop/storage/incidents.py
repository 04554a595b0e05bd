"""Incidents in the database. Starting, changing phase or status and closing each write
their own log entry in the same transaction, so the log tells the whole story."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from beredskap_desktop.domain.cards import Phase
from beredskap_desktop.domain.clock import from_iso, now_utc
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.incidents import (
    Incident, Severity, Status, check_closing, check_incident, closed_text, phase_text, started_text, status_text,
)
from beredskap_desktop.domain.log import Category, Draft, Operator, iso_utc
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import actions as action_store
from beredskap_desktop.storage import incident_types as type_store
from beredskap_desktop.storage import log as log_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.records import new_id

_SELECT = """SELECT id, title, severity, started_at, started_by, location, description, crisis_room, exercise, phase,
                    status, closed_at, evaluation_notes, follow_up FROM incident"""


def _incident(store: Store, row) -> Incident:
    (id_, title, severity, started_at, started_by, location, description, crisis_room, exercise, phase, status,
     closed_at, notes, follow_up) = row
    types = tuple(code for (code,) in store.conn.execute(
        """SELECT i.incident_type FROM incident_incident_type i JOIN incident_type t ON t.code = i.incident_type
           WHERE i.incident_id = ? ORDER BY t.position, t.code""", [id_]))
    return Incident(
        id=id_, title=title, incident_types=types, severity=Severity(severity), started_at=from_iso(started_at),
        started_by=started_by, location=location, description=description, crisis_room=crisis_room,
        exercise=bool(exercise), phase=Phase(phase), status=Status(status), closed_at=from_iso(closed_at),
        evaluation_notes=notes, follow_up=tuple(json.loads(follow_up)),
    )


def get(store: Store, incident_id: str) -> Incident | None:
    row = store.conn.execute(f"{_SELECT} WHERE id = ?", [incident_id]).fetchone()
    return _incident(store, row) if row else None


def list_all(store: Store, *, include_closed: bool = True) -> list[Incident]:
    """Open incidents first, each group newest first."""
    where = "" if include_closed else "WHERE status != 'avsluttet'"
    rows = store.conn.execute(f"{_SELECT} {where} ORDER BY status = 'avsluttet', started_at DESC").fetchall()
    return [_incident(store, row) for row in rows]


def start(store: Store, *, title: str, incident_types: tuple[str, ...], severity: Severity, device_id: str,
          operator: Operator, location: str = "", description: str = "", crisis_room: str = "",
          exercise: bool = False, status: Status = Status.ACTIVE, now: datetime | None = None) -> Incident:
    """Start an incident (or an exercise), write its first log entry and activate its action
    cards (logged too), in one transaction.

    ``FieldError`` names a bad field."""
    if status is Status.CLOSED:
        raise ValueError("an incident cannot start closed")
    started_at = now or now_utc()
    incident = Incident(
        id=new_id(), title=title.strip(), incident_types=tuple(dict.fromkeys(incident_types)), severity=severity,
        started_at=started_at, started_by=operator.name.strip(), location=location.strip(),
        description=description.strip(), crisis_room=crisis_room.strip(), exercise=exercise, status=status,
    )
    type_names = type_store.names(store)
    errors = check_incident(incident, type_names)
    if errors:
        raise errors[0]
    incident = replace(incident, incident_types=tuple(code for code in type_names if code in incident.incident_types))
    stamp = iso_utc(started_at)
    with log_store.immediate(store):
        store.conn.execute(
            """INSERT INTO incident (id, title, severity, location, description, crisis_room, exercise, phase, status,
                                     started_at, started_by, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [incident.id, incident.title, severity.value, incident.location, incident.description, incident.crisis_room,
             int(exercise), incident.phase.value, status.value, stamp, incident.started_by, stamp, stamp],
        )
        store.conn.executemany("INSERT INTO incident_incident_type (incident_id, incident_type) VALUES (?, ?)",
                               [(incident.id, code) for code in incident.incident_types])
        log_store.append_in_transaction(store, incident.id, Draft(started_text(incident, type_names), key_event=True),
                                        device_id=device_id, operator=operator, now=started_at)
        action_store.activate_in_transaction(store, incident.id, incident.incident_types, device_id=device_id,
                                             operator=operator, now=started_at)
    return incident


def set_phase(store: Store, incident_id: str, phase: Phase, *, device_id: str, operator: Operator,
              now: datetime | None = None) -> Incident:
    """Move the incident to ``phase``, logging the change (nothing happens if it is already there)."""
    with log_store.immediate(store):
        incident = _open_incident(store, incident_id)
        if incident.phase is phase:
            return incident
        _log_change(store, incident, phase_text(incident.phase, phase), device_id, operator, now)
        _update(store, incident_id, "phase", phase.value, now)
    return replace(incident, phase=phase)


def set_status(store: Store, incident_id: str, status: Status, *, device_id: str, operator: Operator,
               now: datetime | None = None) -> Incident:
    """Change the status of an open incident, logging it; closing goes through ``close``."""
    if status is Status.CLOSED:
        raise UserError(_("Close the incident with its evaluation notes instead."))
    with log_store.immediate(store):
        incident = _open_incident(store, incident_id)
        if incident.status is status:
            return incident
        _log_change(store, incident, status_text(incident.status, status), device_id, operator, now)
        _update(store, incident_id, "status", status.value, now)
    return replace(incident, status=status)


def close(store: Store, incident_id: str, *, notes: str, follow_up: tuple[str, ...] = (), device_id: str,
          operator: Operator, now: datetime | None = None) -> Incident:
    """Close the incident with its evaluation notes and follow-up points, logging both."""
    errors = check_closing(notes)
    if errors:
        raise errors[0]
    closed_at = now or now_utc()
    points = tuple(point.strip() for point in follow_up if point.strip())
    with log_store.immediate(store):
        incident = _open_incident(store, incident_id)
        _log_change(store, incident, closed_text(incident, notes, points), device_id, operator, closed_at)
        store.conn.execute(
            "UPDATE incident SET status = ?, closed_at = ?, evaluation_notes = ?, follow_up = ?, updated_at = ? WHERE id = ?",
            [Status.CLOSED.value, iso_utc(closed_at), notes.strip(), json.dumps(points, ensure_ascii=False),
             iso_utc(closed_at), incident_id],
        )
    return replace(incident, status=Status.CLOSED, closed_at=closed_at, evaluation_notes=notes.strip(), follow_up=points)


def _open_incident(store: Store, incident_id: str) -> Incident:
    action_store.require_open_incident(store, incident_id)  # the one check, shared with actions, call-outs and reports
    return get(store, incident_id)


def _log_change(store: Store, incident: Incident, text: str, device_id: str, operator: Operator,
                now: datetime | None) -> None:
    log_store.append_in_transaction(store, incident.id, Draft(text, category=Category.INFORMATION, key_event=True),
                                    device_id=device_id, operator=operator, now=now)


def _update(store: Store, incident_id: str, column: str, value: str, now: datetime | None) -> None:
    store.conn.execute(f"UPDATE incident SET {column} = ?, updated_at = ? WHERE id = ?",
                       [value, iso_utc(now or now_utc()), incident_id])
