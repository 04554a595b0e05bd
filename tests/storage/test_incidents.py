"""Incidents in the database: each start, phase or status change and closing is logged."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from beredskap_desktop.domain.cards import Phase
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.incidents import Severity, Status
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.storage import incidents, log

T0 = datetime(2026, 11, 21, 16, 0, tzinfo=timezone.utc)
KARI = Operator("Kari Nordmann", "Loggfører")
WHO = {"device_id": "laptop-1", "operator": KARI}


def start(store, title="Flom i sentrum", **fields):
    values = {"incident_types": ("flom", "skred"), "severity": Severity.RED, "now": T0, **WHO, **fields}
    return incidents.start(store, title=title, **values)


def texts(store, incident_id):
    return [e.text for e in log.entries(store, incident_id)]


def test_start_stores_the_incident_and_logs_it(store, english):
    started = start(store, location="Sentrum", crisis_room="Rådhuset, 2. etg.", description="Elva over breddene",
                    incident_types=("skred", "flom", "skred"))
    assert incidents.get(store, started.id) == started
    assert started.incident_types == ("flom", "skred")  # in the types' order, once each
    assert (started.status, started.phase, started.started_by, started.exercise) == (Status.ACTIVE, Phase.ALERT, "Kari Nordmann", False)
    [entry] = log.entries(store, started.id)
    assert entry.key_event and entry.recorded_at == T0 and entry.operator == "Kari Nordmann" and entry.role == "Loggfører"
    assert entry.text.splitlines() == ["Incident started: Flom i sentrum", "Incident types: Flom, Skred", "Severity: Red",
                                       "Location: Sentrum", "Crisis room: Rådhuset, 2. etg.", "Description: Elva over breddene"]


def test_an_exercise_says_so_in_its_first_entry(store, english):
    exercise = start(store, title="Øvelse Storm", exercise=True)
    assert incidents.get(store, exercise.id).exercise
    assert texts(store, exercise.id)[0].startswith("Exercise started: Øvelse Storm")


def test_bad_incidents_are_refused_naming_the_field(store):
    for fields, field in ((dict(title=" "), "title"), (dict(incident_types=()), "incident_types"),
                          (dict(incident_types=("vulkan",)), "incident_types"), (dict(operator=Operator(" ")), "operator")):
        with pytest.raises(FieldError) as error:
            start(store, **{"title": "Flom", **fields})
        assert error.value.field == field
    assert incidents.list_all(store) == []
    assert store.conn.execute("SELECT count(*) FROM log_entry").fetchone()[0] == 0


def test_phase_and_status_changes_are_logged_once(store, english):
    started = start(store)
    moved = incidents.set_phase(store, started.id, Phase.RESPONSE, now=T0 + timedelta(minutes=30), **WHO)
    assert incidents.set_phase(store, started.id, Phase.RESPONSE, **WHO) == moved
    calmer = incidents.set_status(store, started.id, Status.STANDING_DOWN, now=T0 + timedelta(hours=3), **WHO)
    assert incidents.get(store, started.id) == calmer
    assert (calmer.phase, calmer.status) == (Phase.RESPONSE, Status.STANDING_DOWN)
    assert texts(store, started.id)[1:] == ["Phase changed: Alert and mobilisation → Response",
                                            "Status changed: Active → Standing down"]
    with pytest.raises(UserError):
        incidents.set_status(store, started.id, Status.CLOSED, **WHO)


def test_closing_needs_notes_logs_them_and_ends_changes(store, english):
    started = start(store)
    with pytest.raises(FieldError) as error:
        incidents.close(store, started.id, notes="  ", **WHO)
    assert error.value.field == "evaluation_notes"
    closed = incidents.close(store, started.id, notes="Varslingen gikk tregt", follow_up=("Oppdater lista", " "),
                             now=T0 + timedelta(hours=6), **WHO)
    assert incidents.get(store, started.id) == closed
    assert (closed.status, closed.closed_at, closed.follow_up) == (Status.CLOSED, T0 + timedelta(hours=6), ("Oppdater lista",))
    assert texts(store, started.id)[-1].splitlines() == [
        "Incident closed: Flom i sentrum", "Evaluation notes: Varslingen gikk tregt", "Follow-up: Oppdater lista"]
    for change in (lambda: incidents.set_phase(store, started.id, Phase.FOLLOW_UP, **WHO),
                   lambda: incidents.close(store, started.id, notes="igjen", **WHO)):
        with pytest.raises(UserError):
            change()
    assert all(r.valid for r in log.verify(store, started.id))


def test_list_shows_open_incidents_first_newest_first(store):
    old = start(store, title="Gammel", now=T0)
    closed = start(store, title="Avsluttet", now=T0 + timedelta(days=1))
    new = start(store, title="Ny", now=T0 + timedelta(days=2))
    incidents.close(store, closed.id, notes="ok", now=T0 + timedelta(days=3), **WHO)
    assert [i.title for i in incidents.list_all(store)] == ["Ny", "Gammel", "Avsluttet"]
    assert [i.id for i in incidents.list_all(store, include_closed=False)] == [new.id, old.id]
    with pytest.raises(UserError):
        incidents.set_phase(store, "no-such-incident", Phase.RESPONSE, **WHO)
