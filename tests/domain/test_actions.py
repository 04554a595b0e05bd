"""Activated actions in the domain: status changes and their times, checks, log texts, the board."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beredskap_desktop.domain.actions import (
    MAX_TEXT, Action, ActionStatus, Progress, activated_text, ad_hoc_text, board, change_text, changed, check_ad_hoc,
    check_change,
)
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.i18n import set_language

T0 = datetime(2026, 11, 21, 16, 0, tzinfo=timezone.utc)
KARI = Operator("Kari Nordmann", "Loggfører")


@pytest.fixture
def english():
    set_language("en")


def step(number=1, position=None, **fields) -> Action:
    values = dict(id=f"a{number}", incident_id="i1", position=position or number, text=f"Steg {number}", card_id="c1",
                  card_code="TK-01", card_title="Kriseleder – første tiltak", card_version=3, card_role="Kriseleder",
                  step_number=number, role_id="kriseleder", role="Kriseleder", deadline_minutes=30)
    values.update(fields)
    return Action(**values)


def test_starting_then_finishing_records_both_times_and_who():
    started = changed(step(), status=ActionStatus.STARTED, at=T0, operator=Operator(" Kari Nordmann ", " Loggfører "))
    assert (started.status, started.started_at, started.done_at) == (ActionStatus.STARTED, T0, None)
    assert started.changed_by == KARI and started.changed_at == T0
    done = changed(started, status=ActionStatus.DONE, at=T0 + timedelta(minutes=9), operator=KARI)
    assert (done.started_at, done.done_at) == (T0, T0 + timedelta(minutes=9))


def test_going_back_clears_the_times_it_no_longer_has():
    done = changed(changed(step(), status=ActionStatus.STARTED, at=T0, operator=KARI), status=ActionStatus.DONE,
                   at=T0 + timedelta(minutes=5), operator=KARI)
    again = changed(done, status=ActionStatus.STARTED, at=T0 + timedelta(minutes=7), operator=KARI)
    assert (again.started_at, again.done_at) == (T0, None)  # the first start is kept
    irrelevant = changed(done, status=ActionStatus.NOT_RELEVANT, at=T0 + timedelta(minutes=8), operator=KARI)
    assert (irrelevant.started_at, irrelevant.done_at) == (T0, None)
    reset = changed(done, status=ActionStatus.NOT_STARTED, at=T0 + timedelta(minutes=9), operator=KARI)
    assert (reset.started_at, reset.done_at) == (None, None)


def test_a_change_that_changes_nothing_returns_the_action_as_it_was():
    action = changed(step(), assignee="Ola", comment="Ringt", at=T0, operator=KARI)
    assert changed(action, status=ActionStatus.NOT_STARTED, assignee=" Ola ", comment="Ringt ",
                   at=T0 + timedelta(hours=1), operator=Operator("Per")) is action
    assert (action.assignee, action.comment) == ("Ola", "Ringt")


@given(st.lists(st.tuples(st.sampled_from(ActionStatus), st.integers(0, 600)), max_size=12))
def test_times_always_agree_with_the_status(changes):
    action, at = step(), T0
    for status, minutes in changes:
        at += timedelta(minutes=minutes)
        action = changed(action, status=status, at=at, operator=KARI)
        assert (action.done_at is not None) == (action.status is ActionStatus.DONE)
        if action.status is ActionStatus.NOT_STARTED:
            assert action.started_at is None
        if action.status is ActionStatus.STARTED:
            assert action.started_at is not None
        if action.started_at and action.done_at:
            assert action.started_at <= action.done_at
        assert action.changed_at is None or action.changed_at <= at


def test_deadlines_and_overdue():
    action = step(deadline_minutes=90)
    assert action.deadline == "T+1 t 30 min" and action.due_at(T0) == T0 + timedelta(minutes=90)
    assert not action.overdue(T0, T0 + timedelta(minutes=90))
    assert action.overdue(T0, T0 + timedelta(minutes=91))
    done = changed(action, status=ActionStatus.DONE, at=T0, operator=KARI)
    assert not done.overdue(T0, T0 + timedelta(days=1))
    assert step(deadline_minutes=None).due_at(T0) is None and not step(deadline_minutes=None).overdue(T0, T0 + timedelta(days=9))


def test_checks_name_the_field():
    assert [e.field for e in check_ad_hoc("Skaff aggregat", "Per", 30, KARI)] == []
    assert [e.field for e in check_ad_hoc(" ", "", None, Operator(" "))] == ["operator", "text"]
    assert [e.field for e in check_ad_hoc("x" * (MAX_TEXT + 1), "x" * 201, -1, KARI)] == ["assignee", "text", "deadline"]
    assert [e.field for e in check_change("x" * 201, "y" * (MAX_TEXT + 1), KARI)] == ["assignee", "comment"]
    assert check_change(None, None, KARI) == []


def test_log_texts_name_the_card_and_step(english):
    old = step(3, text="Varsle kriseledelsen")
    new = changed(old, status=ActionStatus.STARTED, assignee="Ola", comment="Ringer nå", at=T0, operator=KARI)
    assert change_text(old, new).splitlines() == [
        "Action card TK-01 «Kriseleder – første tiltak», step 3: Varsle kriseledelsen",
        "Status: Not started → Started", "Assigned to: Ola", "Comment: Ringer nå"]
    cleared = changed(new, assignee="", comment="", at=T0, operator=KARI)
    assert change_text(new, cleared).splitlines()[1:] == ["Assigned to: no one", "Comment removed"]
    ad_hoc = Action("x", "i1", 9, "Skaff aggregat", role="Teknisk sjef", assignee="Per", deadline_minutes=60)
    assert ad_hoc.ad_hoc and ad_hoc.label == "Ad-hoc"
    assert change_text(ad_hoc, changed(ad_hoc, status=ActionStatus.DONE, at=T0, operator=KARI)).startswith("Ad-hoc action: Skaff aggregat")
    assert ad_hoc_text(ad_hoc).splitlines() == ["Ad-hoc action added: Skaff aggregat", "Role: Teknisk sjef",
                                                "Assigned to: Per", "Deadline: T+1 t"]
    two_cards = [step(1), step(2), step(1, position=3, card_id="c2", card_code="TK-02", card_title="Stab", card_role="Stabssjef")]
    assert activated_text(two_cards).splitlines() == [
        "Action cards activated:", "TK-01 «Kriseleder – første tiltak», version 3, Kriseleder: 2 steps",
        "TK-02 «Stab», version 3, Stabssjef: 1 step"]


def test_the_board_sums_up_per_card_and_per_role():
    actions = [
        Action("h", "i1", 6, "Ad hoc", role="Stabssjef", status=ActionStatus.DONE),
        step(1, status=ActionStatus.DONE),
        step(2, status=ActionStatus.STARTED, role="Informasjonsleder"),
        step(3, status=ActionStatus.NOT_RELEVANT),
        step(1, position=4, card_id="c2", card_code="TK-02", card_title="Stab", card_role="Stabssjef", role="Stabssjef",
             deadline_minutes=10),
        step(2, position=5, card_id="c2", card_code="TK-02", card_title="Stab", card_role="Stabssjef", role="Stabssjef",
             deadline_minutes=None),
    ]
    result = board(actions, incident_started_at=T0, now=T0 + timedelta(minutes=20))
    assert [(c.card_code, c.role, c.progress) for c in result.cards] == [
        ("TK-01", "Kriseleder", Progress(total=3, started=1, done=1, not_relevant=1)),
        ("TK-02", "Stabssjef", Progress(total=2, overdue=1)),
        ("", "", Progress(total=1, done=1)),  # ad-hoc actions last
    ]
    assert result.cards[-1].ad_hoc and not result.cards[0].ad_hoc
    assert [(r.role, r.progress.total, r.progress.done, r.progress.open) for r in result.roles] == [
        ("Kriseleder", 2, 1, 0), ("Informasjonsleder", 1, 0, 1), ("Stabssjef", 3, 1, 2)]
    assert result.total == Progress(total=6, started=1, done=2, not_relevant=1, overdue=1)
    assert (result.total.open, result.total.relevant, result.total.finished) == (3, 5, False)
    assert board([]).total.finished
    assert board(actions).total.overdue == 0  # without the times, nothing is counted as overdue


@given(st.lists(st.tuples(st.sampled_from(["c1", "c2", None]), st.sampled_from(["Kriseleder", "Stabssjef", ""]),
                          st.sampled_from(ActionStatus)), max_size=30))
def test_the_board_counts_every_action_once(rows):
    actions = [step(number, position=number, card_id=card, card_code=card.upper() if card else "",
                    step_number=number if card else None, role=role, status=status)
               for number, (card, role, status) in enumerate(rows, start=1)]
    result = board(actions)
    for groups in (result.cards, result.roles):
        assert sum(group.progress.total for group in groups) == len(actions)
        assert sum(group.progress.done for group in groups) == result.total.done
    total = result.total
    assert total.done + total.not_relevant + total.open == total.total == len(actions)
    assert total.open == sum(action.status.is_open for action in actions)
