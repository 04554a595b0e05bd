"""Call-outs in the domain: how a person is reached by each method, checks on attempts,
who is still not reached and how long it has taken, and the log texts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beredskap_desktop.domain.alerts import AlertMethod
from beredskap_desktop.domain.callouts import (
    Attempt, AttemptResult, Callee, Callout, CalloutLine, attempt_text, callee, check_attempt, duration_text,
    finished_text, started_text, status,
)
from beredskap_desktop.domain.contacts import Contact
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.i18n import set_language

T0 = datetime(2026, 11, 21, 16, 0, tzinfo=timezone.utc)
KARI = Operator("Kari Nordmann", "Loggfører")
CONTACT = Contact("c1", "Ola Hansen", work_mobile="+4741234567", work_landline="+4722334455", private_phone="+4799887766",
                  satellite_phone="+881631234567", email="ola@fjordvik.kommune.no", nodnett_issi="2040123",
                  nodnett_alias="FJORDVIK KL 1", meeting_point="Rådhuset, 2. etg.")


@pytest.fixture
def english():
    set_language("en")


def minutes(n: int) -> datetime:
    return T0 + timedelta(minutes=n)


def callout(*attempts: Attempt, finished_at=None) -> Callout:
    lines = (
        CalloutLine("l1", 1, 1, AlertMethod.CALL, Callee("c1", "Ola Hansen", "412 34 567"), Callee("c2", "Per Dahl", "913 70 225")),
        CalloutLine("l2", 2, 2, AlertMethod.SMS, Callee("c3", "Kari Mo", "466 02 937"), role="Kriseleder"),
        CalloutLine("l3", 3, 2, AlertMethod.SMS, Callee("c4", "Åse Li", "938 80 412"), role="Kriseleder"),
        CalloutLine("l4", 4, 3, AlertMethod.CALL, Callee(None, "EPS-leder"), role="EPS-leder"),
    )
    return Callout("co1", "i1", "list1", "Kriseledelsen", T0, KARI, lines, attempts, finished_at)


def attempt(line_id: str, result: AttemptResult, at: int, on_deputy=False, note="") -> Attempt:
    return Attempt(f"{line_id}-{at}", line_id, result, minutes(at), KARI, on_deputy, note)


def test_each_method_gets_its_own_address_and_the_private_number_never():
    assert callee(CONTACT, AlertMethod.CALL) == Callee(
        "c1", "Ola Hansen", "412 34 567", ("22 33 44 55", "+881 6 312 34567", "ISSI 2040123 (FJORDVIK KL 1)"))
    assert callee(CONTACT, AlertMethod.SMS).number == "412 34 567"
    assert callee(CONTACT, AlertMethod.EMAIL).number == "ola@fjordvik.kommune.no"
    nodnett = callee(CONTACT, AlertMethod.NODNETT)
    assert nodnett.number == "ISSI 2040123 (FJORDVIK KL 1)" and "ISSI 2040123 (FJORDVIK KL 1)" not in nodnett.other_numbers
    assert callee(CONTACT, AlertMethod.RUNNER).number == "Rådhuset, 2. etg."
    for method in AlertMethod:
        reached = callee(CONTACT, method)
        assert "998 87 766" not in (reached.number, *reached.other_numbers)


def test_a_call_falls_back_to_the_landline_and_an_sms_has_nothing_without_a_mobile():
    landline_only = Contact("c9", "Legevakten", work_landline="+4757704000", nodnett_alias="LEGEVAKT")
    assert callee(landline_only, AlertMethod.CALL) == Callee("c9", "Legevakten", "57 70 40 00", ("LEGEVAKT",))
    assert callee(landline_only, AlertMethod.SMS) == Callee("c9", "Legevakten", "", ("57 70 40 00", "LEGEVAKT"))
    assert callee(Contact("c8", "Uten nummer"), AlertMethod.CALL) == Callee("c8", "Uten nummer")


def test_no_attempts_means_no_one_is_reached_and_time_runs():
    result = status(callout(), minutes(17))
    assert result.elapsed == timedelta(minutes=17) and result.reached_count == 0
    assert [line.line.id for line in result.not_reached] == ["l1", "l2", "l3", "l4"]
    assert not any(line.tried for line in result.lines) and result.all_reached_after is None
    assert status(callout(), T0 - timedelta(minutes=3)).elapsed == timedelta(0)  # a clock set back never gives negative time


def test_a_failed_person_suggests_the_deputy_until_the_deputy_is_tried():
    no_answer = callout(attempt("l1", AttemptResult.NO_ANSWER, 2))
    [first, *_rest] = status(no_answer, minutes(3)).lines
    assert first.tried and first.reached is None and first.try_deputy
    on_deputy = callout(attempt("l1", AttemptResult.NO_ANSWER, 2), attempt("l1", AttemptResult.REACHED, 4, on_deputy=True))
    first = status(on_deputy, minutes(5)).lines[0]
    assert not first.try_deputy and first.reached.on_deputy and first.reached.at == minutes(4)
    lone = callout(attempt("l2", AttemptResult.WRONG_NUMBER, 2))
    assert not status(lone, minutes(3)).lines[1].try_deputy  # no deputy to try


def test_everyone_reached_says_after_how_long_and_finishing_stops_the_clock():
    attempts = [attempt("l1", AttemptResult.REACHED, 3), attempt("l2", AttemptResult.ACKNOWLEDGED, 9),
                attempt("l3", AttemptResult.NO_ANSWER, 1), attempt("l3", AttemptResult.REACHED, 12),
                attempt("l4", AttemptResult.REACHED, 20)]
    result = status(callout(*reversed(attempts)), minutes(45))
    assert result.not_reached == () and result.reached_count == 4
    assert result.all_reached_after == timedelta(minutes=20)
    assert [a.at for a in result.lines[2].attempts] == [minutes(1), minutes(12)]  # in time order
    assert result.lines[1].acknowledged and not result.lines[0].acknowledged
    finished = status(callout(*attempts[:2], finished_at=minutes(30)), minutes(90))
    assert finished.elapsed == timedelta(minutes=30) and finished.all_reached_after is None


@given(st.lists(st.tuples(st.sampled_from(["l1", "l2", "l3", "l4"]), st.sampled_from(AttemptResult),
                          st.integers(0, 300), st.booleans()), max_size=20), st.integers(0, 600))
def test_every_line_is_reached_or_not_exactly_once(rows, now):
    attempts = [attempt(line, result, at, on_deputy=on_deputy and line == "l1") for line, result, at, on_deputy in rows]
    result = status(callout(*attempts), minutes(now))
    assert result.reached_count + len(result.not_reached) == len(result.lines) == 4
    assert result.elapsed >= timedelta(0)
    for line in result.lines:
        assert (line.reached is not None) == any(a.result.reached for a in line.attempts)
        assert line.reached is None or line.reached == min((a for a in line.attempts if a.result.reached), key=lambda a: a.at)


def test_attempt_checks_name_the_field():
    assert check_attempt(callout(), "l1", True, minutes(5), "", KARI, minutes(5)) == []
    cases = [
        (("l9", False, minutes(5), "", KARI), "line"),
        (("l2", True, minutes(5), "", KARI), "on_deputy"),
        (("l1", False, minutes(20), "", KARI), "at"),  # 15 minutes in the future
        (("l1", False, T0 - timedelta(minutes=1), "", KARI), "at"),  # before the start
        (("l1", False, minutes(5), "x" * 1001, KARI), "note"),
        (("l1", False, minutes(5), "", Operator(" ")), "operator"),
    ]
    for (line_id, on_deputy, at, note, operator), field in cases:
        assert [e.field for e in check_attempt(callout(), line_id, on_deputy, at, note, operator, minutes(5))] == [field]
    with pytest.raises(ValueError):
        check_attempt(callout(), "l1", False, datetime(2026, 11, 21, 16, 5), "", KARI, minutes(5))


def test_log_texts(english):
    assert started_text(callout()).splitlines() == ["Call-out started: «Kriseledelsen», 3 people to reach",
                                                    "No one holds the role EPS-leder."]
    assert attempt_text(callout(), attempt("l1", AttemptResult.NO_ANSWER, 2)) == (
        "Call-out «Kriseledelsen», 1. Ola Hansen (Call: 412 34 567): No answer")
    assert attempt_text(callout(), attempt("l1", AttemptResult.REACHED, 4, on_deputy=True, note=" Kommer ")) == (
        "Call-out «Kriseledelsen», 1. Per Dahl (deputy for Ola Hansen) (Call: 913 70 225): Reached\nKommer")
    assert attempt_text(callout(), attempt("l3", AttemptResult.ACKNOWLEDGED, 4)) == (
        "Call-out «Kriseledelsen», 2. Åse Li, Kriseleder (SMS: 938 80 412): Acknowledged")
    assert attempt_text(callout(), attempt("l4", AttemptResult.WRONG_NUMBER, 4)).endswith("EPS-leder, EPS-leder (Call: –): Wrong number")
    done = callout(attempt("l1", AttemptResult.REACHED, 3), finished_at=minutes(125))
    assert finished_text(done, status(done, minutes(200))).splitlines() == [
        "Call-out finished: «Kriseledelsen» after 2 h 05 min; 1 of 4 reached", "Not reached: Kari Mo, Åse Li, EPS-leder"]
    assert duration_text(timedelta(minutes=9, seconds=59)) == "9 min"
