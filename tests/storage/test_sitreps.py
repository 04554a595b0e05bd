"""Situation reports in the database: numbered per incident, every field kept, copied,
moved forward to sent with each step logged, and frozen once approved."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.incidents import Severity
from beredskap_desktop.domain.log import Category, Channel, Operator
from beredskap_desktop.domain.sitreps import (
    Casualties, CriticalFunction, FunctionState, FunctionStatus, SentVia, SitrepContent, SitrepStatus, content_hash,
)
from beredskap_desktop.storage import incidents, log, sitreps

T0 = datetime(2026, 11, 21, 16, 0, tzinfo=timezone.utc)
KARI = Operator("Kari Nordmann", "Stabssjef")
WHO = {"device_id": "laptop-1", "operator": KARI}
CONTENT = SitrepContent(
    report_to="Statsforvalteren i Vestland", contact_name="Kari Nordmann", contact_phone="+4741234567",
    contact_email="kari@fjordvik.kommune.no", situation="Elva har gått over sine bredder på Øyra.",
    casualties=Casualties(dead=0, injured=2, evacuated=140, missing=None),
    functions=tuple(
        FunctionStatus(function, state, comment) for function, state, comment in (
            (CriticalFunction.POWER, FunctionState.OUT, "Øyra uten strøm"), (CriticalFunction.ECOM, FunctionState.REDUCED, ""),
            (CriticalFunction.WATER, FunctionState.NORMAL, ""), (CriticalFunction.ROADS, FunctionState.OUT, "Fv. 57 stengt"),
            (CriticalFunction.HEALTH, None, ""), (CriticalFunction.MEDICINES, None, "Ikke vurdert ennå"),
            (CriticalFunction.FUEL, FunctionState.NORMAL, ""), (CriticalFunction.SCHOOLS, FunctionState.OUT, "Stengt i dag"),
        )
    ),
    measures_taken="EPS åpnet på Fjordvik skole.", planned_measures="Evakuere Nedre Øyra kl. 20.", needs="Sivilforsvaret: pumper.",
    communication="Pressemelding kl. 15; SMS-varsling til Øyra.", other="Ingen.", next_report_at=T0 + timedelta(hours=4),
)


@pytest.fixture
def incident(store):
    return incidents.start(store, title="Flom i sentrum", incident_types=("flom",), severity=Severity.RED, now=T0, **WHO)


def minutes(n: int) -> datetime:
    return T0 + timedelta(minutes=n)


def counts(store) -> tuple[int, int]:
    return tuple(store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("sitrep", "log_entry"))


def report_entries(store, incident_id):
    return [entry for entry in log.entries(store, incident_id) if entry.category is Category.REPORT]


def test_every_field_survives_the_round_trip(store, incident):
    created = sitreps.create(store, incident.id, CONTENT, **{"operator": KARI}, now=minutes(30))
    assert sitreps.get(store, created.id) == created
    assert (created.number, created.status, created.content, created.created_at, created.created_by) == (
        1, SitrepStatus.DRAFT, CONTENT, minutes(30), KARI)
    assert report_entries(store, incident.id) == []  # writing a draft is not logged


def test_reports_are_numbered_per_incident(store, incident):
    other = incidents.start(store, title="Strømbrudd", incident_types=("strombrudd",), severity=Severity.YELLOW, **WHO)
    numbers = [sitreps.create(store, incident.id, operator=KARI).number for _ in range(3)]
    assert numbers == [1, 2, 3] and sitreps.create(store, other.id, operator=KARI).number == 1
    assert [s.number for s in sitreps.list_for(store, incident.id)] == [1, 2, 3]
    assert sitreps.latest(store, incident.id).number == 3 and sitreps.latest(store, "no-such-incident") is None


def test_copying_the_previous_report_makes_a_new_draft_without_the_next_report_time(store, incident):
    with pytest.raises(UserError):
        sitreps.copy_previous(store, incident.id, operator=KARI)
    first = sitreps.create(store, incident.id, CONTENT, operator=KARI, now=minutes(30))
    sitreps.approve(store, first.id, **WHO, now=minutes(40))
    copy = sitreps.copy_previous(store, incident.id, operator=Operator("Per", "Loggfører"), now=minutes(200))
    assert sitreps.get(store, copy.id) == copy
    assert (copy.number, copy.status, copy.copied_from, copy.created_by) == (2, SitrepStatus.DRAFT, first.id, Operator("Per", "Loggfører"))
    assert copy.content == replace(CONTENT, next_report_at=None)


def test_editing_a_draft_records_who_and_when(store, incident):
    draft = sitreps.create(store, incident.id, operator=KARI, now=minutes(10))
    per = Operator("Per Dahl", "Loggfører")
    saved = sitreps.save(store, draft.id, replace(CONTENT, contact_phone="412 34 567", situation=" Flom "), operator=per, now=minutes(15))
    assert sitreps.get(store, draft.id) == saved
    assert (saved.content.contact_phone, saved.content.situation, saved.updated_by, saved.updated_at, saved.created_by) == (
        "+4741234567", "Flom", per, minutes(15), KARI)


def test_a_report_goes_for_approval_is_approved_and_sent_each_step_logged(store, incident, english):
    draft = sitreps.create(store, incident.id, CONTENT, operator=KARI, now=minutes(10))
    waiting = sitreps.submit(store, draft.id, **WHO, now=minutes(20))
    waiting = sitreps.save(store, draft.id, replace(CONTENT, other="Rettet"), operator=KARI, now=minutes(22))  # still editable
    leader = Operator("Anne Leder", "Kriseleder")
    approved = sitreps.approve(store, draft.id, approver=leader, **WHO, now=minutes(30))
    sent = sitreps.mark_sent(store, draft.id, SentVia.EMAIL, sent_at=minutes(33), **WHO, now=minutes(35))
    assert sitreps.get(store, draft.id) == sent
    assert (waiting.status, approved.status, sent.status) == (SitrepStatus.FOR_APPROVAL, SitrepStatus.APPROVED, SitrepStatus.SENT)
    assert (sent.submitted_at, sent.submitted_by, sent.approved_at, sent.approved_by) == (minutes(20), KARI, minutes(30), leader)
    assert (sent.sent_at, sent.sent_by, sent.sent_via) == (minutes(33), KARI, SentVia.EMAIL)
    submitted, approval, sending = report_entries(store, incident.id)
    assert submitted.text == "Situation report 1 for approval (to Statsforvalteren i Vestland)"
    assert approval.text.splitlines() == ["Situation report 1 approved by Anne Leder (Kriseleder)",
                                          f"Content SHA-256: {content_hash(sent.content)}"]
    assert (approval.operator, approval.role) == ("Kari Nordmann", "Stabssjef")  # who typed it
    assert sending.text.splitlines()[0] == "Situation report 1 sent to Statsforvalteren i Vestland by E-mail"
    assert (sending.event_at, sending.recorded_at, sending.channel, sending.source, sending.key_event) == (
        minutes(33), minutes(35), Channel.EMAIL_OUT, "Statsforvalteren i Vestland", True)
    assert all(result.valid for result in log.verify(store, incident.id))


def test_approval_may_come_straight_from_a_draft_and_freezes_the_report(store, incident):
    draft = sitreps.create(store, incident.id, CONTENT, operator=KARI, now=minutes(1))
    approved = sitreps.approve(store, draft.id, **WHO, now=minutes(5))
    assert approved.approved_by == KARI and approved.submitted_at is None
    before = counts(store)
    with pytest.raises(FieldError) as error:
        sitreps.save(store, draft.id, replace(CONTENT, situation="Endret"), operator=KARI)
    assert error.value.field == "status"
    for step in (sitreps.submit, sitreps.approve):
        with pytest.raises(FieldError) as error:
            step(store, draft.id, **WHO, now=minutes(6))
        assert error.value.field == "status"
    assert counts(store) == before and sitreps.get(store, draft.id) == approved


def test_sending_needs_approval_and_a_sensible_time(store, incident):
    draft = sitreps.create(store, incident.id, CONTENT, operator=KARI, now=minutes(1))
    before = counts(store)
    with pytest.raises(FieldError):
        sitreps.mark_sent(store, draft.id, SentVia.PHONE, **WHO, now=minutes(5))
    sitreps.approve(store, draft.id, **WHO, now=minutes(10))
    before = counts(store)
    for sent_at in (minutes(9), minutes(60)):
        with pytest.raises(FieldError) as error:
            sitreps.mark_sent(store, draft.id, SentVia.PHONE, sent_at=sent_at, **WHO, now=minutes(20))
        assert error.value.field == "sent_at"
    assert counts(store) == before
    sitreps.mark_sent(store, draft.id, SentVia.COURIER, **WHO, now=minutes(20))
    with pytest.raises(FieldError):
        sitreps.mark_sent(store, draft.id, SentVia.COURIER, **WHO, now=minutes(21))


def test_incomplete_reports_cannot_go_for_approval(store, incident):
    draft = sitreps.create(store, incident.id, replace(CONTENT, situation=""), operator=KARI)
    before = counts(store)
    with pytest.raises(FieldError) as error:
        sitreps.submit(store, draft.id, **WHO)
    assert error.value.field == "situation"
    with pytest.raises(FieldError) as error:
        sitreps.approve(store, draft.id, **WHO, now=CONTENT.next_report_at)
    assert error.value.field == "situation"
    assert counts(store) == before and sitreps.get(store, draft.id).status is SitrepStatus.DRAFT


def test_bad_input_is_refused_with_nothing_written(store, incident):
    draft = sitreps.create(store, incident.id, CONTENT, operator=KARI)
    before = counts(store)
    cases = [(lambda: sitreps.create(store, incident.id, replace(CONTENT, contact_phone="12345"), operator=KARI), "contact_phone"),
             (lambda: sitreps.create(store, incident.id, operator=Operator(" ")), "operator"),
             (lambda: sitreps.save(store, draft.id, replace(CONTENT, casualties=Casualties(dead=-1)), operator=KARI), "dead"),
             (lambda: sitreps.approve(store, draft.id, approver=Operator(""), **WHO), "operator")]
    for call, field in cases:
        with pytest.raises(FieldError) as error:
            call()
        assert error.value.field == field
    for call in (lambda: sitreps.create(store, "no-such-incident", operator=KARI),
                 lambda: sitreps.submit(store, "no-such-report", **WHO)):
        with pytest.raises(UserError):
            call()
    assert counts(store) == before and sitreps.get(store, draft.id) == draft


def test_a_closed_incident_takes_no_new_reports_or_steps(store, incident):
    draft = sitreps.create(store, incident.id, CONTENT, operator=KARI)
    incidents.close(store, incident.id, notes="Evaluert", **WHO)
    before = counts(store)
    for call in (lambda: sitreps.create(store, incident.id, operator=KARI), lambda: sitreps.copy_previous(store, incident.id, operator=KARI),
                 lambda: sitreps.approve(store, draft.id, **WHO)):
        with pytest.raises(UserError):
            call()
    assert counts(store) == before
