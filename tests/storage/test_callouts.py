"""Call-outs in the database: the alert list copied when the call-out starts, attempts on
people and deputies, finishing, and a log entry for each in the same transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from beredskap_desktop.domain.alerts import AlertList, AlertMember, AlertMethod
from beredskap_desktop.domain.callouts import AttemptResult, Callee, status
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.incidents import Severity
from beredskap_desktop.domain.log import Category, Channel, Operator
from beredskap_desktop.storage import alerts, callouts, contacts, incidents, log
from tests.storage.samples import organisation, person

T0 = datetime(2026, 11, 21, 16, 0, tzinfo=timezone.utc)
KARI = Operator("Kari Nordmann", "Loggfører")
WHO = {"device_id": "laptop-1", "operator": KARI}


@pytest.fixture
def people(store):
    ola = contacts.save(store, person("Ola Stedfortreder", work_mobile="+4791370225"))
    leader = contacts.save(store, person("Anne Leder", work_mobile="+4741234567", deputy_id=ola.id, role_ids=("kriseleder",),
                                         private_phone="+4799887766"))
    per = contacts.save(store, person("Per Nestleder", work_mobile="+4746602937", deputy_id=leader.id, role_ids=("kriseleder",),
                                      email="per@fjordvik.kommune.no"))
    fire = contacts.save(store, organisation())
    return {"ola": ola, "leader": leader, "per": per, "fire": fire}


@pytest.fixture
def staff_list(store, people):
    return alerts.save(store, AlertList("", "Kriseledelsen", members=(
        AlertMember("", contact_id=people["leader"].id, method=AlertMethod.CALL, note="Først"),
        AlertMember("", role_id="kriseleder", method=AlertMethod.SMS),
        AlertMember("", role_id="eps-leder", method=AlertMethod.CALL),
        AlertMember("", contact_id=people["fire"].id, method=AlertMethod.CALL, use_deputy=False),
        AlertMember("", contact_id=people["per"].id, method=AlertMethod.EMAIL, use_deputy=False),
    )))


@pytest.fixture
def incident(store):
    return incidents.start(store, title="Flom i sentrum", incident_types=("flom",), severity=Severity.RED, now=T0, **WHO)


def minutes(n: int) -> datetime:
    return T0 + timedelta(minutes=n)


def counts(store) -> tuple[int, ...]:
    return tuple(store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                 for table in ("callout", "callout_line", "callout_attempt", "log_entry"))


def assert_chains_verify(store, incident_id):
    assert all(result.valid for result in log.verify(store, incident_id))


def test_starting_copies_the_list_resolved_to_people_in_order(store, people, staff_list, incident, english):
    callout = callouts.start(store, incident.id, staff_list.id, **WHO, now=minutes(2))
    assert callouts.get(store, callout.id) == callout
    assert (callout.list_name, callout.alert_list_id, callout.started_at, callout.started_by) == (
        "Kriseledelsen", staff_list.id, minutes(2), KARI)
    summary = [(line.position, line.member_number, line.method, line.role, line.person.name, line.person.number,
                line.deputy.name if line.deputy else None) for line in callout.lines]
    assert summary == [
        (1, 1, AlertMethod.CALL, "", "Anne Leder", "412 34 567", "Ola Stedfortreder"),
        (2, 2, AlertMethod.SMS, "Kriseleder", "Anne Leder", "412 34 567", "Ola Stedfortreder"),
        (3, 2, AlertMethod.SMS, "Kriseleder", "Per Nestleder", "466 02 937", None),  # his deputy holds the role too
        (4, 3, AlertMethod.CALL, "EPS-leder", "EPS-leder", "", None),
        (5, 4, AlertMethod.CALL, "", "Fjordvik brann og redning", "110", None),
        (6, 5, AlertMethod.EMAIL, "", "Per Nestleder", "per@fjordvik.kommune.no", None),
    ]
    assert callout.lines[0].note == "Først" and callout.lines[0].deputy == Callee(people["ola"].id, "Ola Stedfortreder", "913 70 225")
    assert callout.lines[3].no_one and not callout.lines[3].deputy_missing
    assert callout.lines[5].person.other_numbers == ("466 02 937",)
    assert "998 87 766" not in repr(callout)  # the private number is not copied
    [entry] = [e for e in log.entries(store, incident.id) if e.category is Category.ALERT]
    assert entry.text.splitlines() == ["Call-out started: «Kriseledelsen», 5 people to reach", "No one holds the role EPS-leder."]
    assert callouts.list_for(store, incident.id) == [callout]


def test_later_edits_of_the_list_and_its_people_leave_the_call_out_alone(store, people, staff_list, incident):
    callout = callouts.start(store, incident.id, staff_list.id, **WHO)
    contacts.save(store, replace(people["leader"], name="Anne Ny", work_mobile="+4740000000"))
    alerts.save(store, replace(staff_list, name="Ny liste", members=staff_list.members[:1]))
    alerts.delete(store, staff_list.id)
    assert callouts.get(store, callout.id) == callout


def test_attempts_are_stored_and_logged_on_the_member_s_channel(store, people, staff_list, incident, english):
    callout = callouts.start(store, incident.id, staff_list.id, **WHO, now=minutes(1))
    first, sms = callout.lines[0], callout.lines[2]
    no_answer = callouts.record_attempt(store, callout.id, first.id, AttemptResult.NO_ANSWER, at=minutes(3), **WHO, now=minutes(4))
    deputy = callouts.record_attempt(store, callout.id, first.id, AttemptResult.REACHED, on_deputy=True, note=" Kommer ",
                                     **WHO, now=minutes(6))
    acknowledged = callouts.record_attempt(store, callout.id, sms.id, AttemptResult.ACKNOWLEDGED, **WHO, now=minutes(8))
    stored = callouts.get(store, callout.id)
    assert stored.attempts == (no_answer, deputy, acknowledged)
    assert (deputy.on_deputy, deputy.note, deputy.at, deputy.operator) == (True, "Kommer", minutes(6), KARI)
    entries = [e for e in log.entries(store, incident.id) if e.category is Category.ALERT][1:]
    assert [(e.event_at, e.recorded_at, e.channel) for e in entries] == [
        (minutes(3), minutes(4), Channel.PHONE_OUT), (minutes(6), minutes(6), Channel.PHONE_OUT), (minutes(8), minutes(8), Channel.SMS)]
    assert entries[1].text == "Call-out «Kriseledelsen», 1. Ola Stedfortreder (deputy for Anne Leder) (Call: 913 70 225): Reached\nKommer"
    progress = status(stored, minutes(10))
    assert progress.elapsed == timedelta(minutes=9) and progress.reached_count == 2
    assert [line.line.person.name for line in progress.not_reached] == ["Anne Leder", "EPS-leder", "Fjordvik brann og redning",
                                                                        "Per Nestleder"]
    assert_chains_verify(store, incident.id)


def test_bad_attempts_are_refused_with_nothing_written(store, people, staff_list, incident):
    callout = callouts.start(store, incident.id, staff_list.id, **WHO, now=minutes(1))
    lone = callout.lines[2]
    before = counts(store)
    cases = [(dict(line_id="no-such-line"), "line"), (dict(line_id=lone.id, on_deputy=True), "on_deputy"),
             (dict(at=minutes(30)), "at"), (dict(at=T0), "at"), (dict(operator=Operator("")), "operator"),
             (dict(note="x" * 2000), "note")]
    for fields, field in cases:
        with pytest.raises(FieldError) as error:
            callouts.record_attempt(store, callout.id, **{"line_id": callout.lines[0].id, "result": AttemptResult.REACHED,
                                                          **WHO, "now": minutes(5), **fields})
        assert error.value.field == field
    with pytest.raises(UserError):
        callouts.record_attempt(store, "no-such-call-out", callout.lines[0].id, AttemptResult.REACHED, **WHO)
    assert counts(store) == before


def test_finishing_logs_who_was_not_reached_and_ends_the_call_out(store, people, staff_list, incident, english):
    callout = callouts.start(store, incident.id, staff_list.id, **WHO, now=minutes(1))
    for line in callout.lines[:3]:
        callouts.record_attempt(store, callout.id, line.id, AttemptResult.REACHED, **WHO, now=minutes(5))
    finished = callouts.finish(store, callout.id, **WHO, now=minutes(26))
    assert callouts.get(store, callout.id) == finished
    assert (finished.finished_at, finished.finished_by) == (minutes(26), KARI)
    assert log.entries(store, incident.id)[-1].text.splitlines() == [
        "Call-out finished: «Kriseledelsen» after 25 min; 3 of 6 reached",
        "Not reached: EPS-leder, Fjordvik brann og redning, Per Nestleder"]
    assert status(finished, minutes(300)).elapsed == timedelta(minutes=25)
    before = counts(store)
    with pytest.raises(UserError):
        callouts.record_attempt(store, callout.id, callout.lines[4].id, AttemptResult.REACHED, **WHO)
    with pytest.raises(UserError):
        callouts.finish(store, callout.id, **WHO)
    assert counts(store) == before
    assert_chains_verify(store, incident.id)


def test_lists_that_cannot_be_called_and_closed_incidents_are_refused(store, people, staff_list, incident):
    empty = alerts.save(store, AlertList("", "Tom liste"))
    callout = callouts.start(store, incident.id, staff_list.id, **WHO)
    before = counts(store)
    with pytest.raises(UserError):
        callouts.start(store, incident.id, empty.id, **WHO)
    with pytest.raises(UserError):
        callouts.start(store, incident.id, "no-such-list", **WHO)
    with pytest.raises(FieldError):
        callouts.start(store, incident.id, staff_list.id, device_id="laptop-1", operator=Operator(" "))
    assert counts(store) == before
    incidents.close(store, incident.id, notes="Evaluert", **WHO)
    before = counts(store)
    with pytest.raises(UserError):
        callouts.start(store, incident.id, staff_list.id, **WHO)
    with pytest.raises(UserError):
        callouts.record_attempt(store, callout.id, callout.lines[0].id, AttemptResult.REACHED, **WHO)
    assert counts(store) == before
