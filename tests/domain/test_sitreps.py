"""Situation reports in the domain: cleaning and checking the content, moving only forward,
copying, the content hash and the log texts."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.domain.sitreps import (
    MAX_TEXT, Casualties, CriticalFunction, FunctionState, FunctionStatus, SentVia, Sitrep, SitrepContent, SitrepStatus,
    approved_text, check_complete, check_edit, check_sending, check_transition, cleaned, content_hash, copied, sent_text,
    submitted_text,
)
from beredskap_desktop.i18n import set_language

T0 = datetime(2026, 11, 21, 16, 0, tzinfo=timezone.utc)
KARI = Operator("Kari Nordmann", "Stabssjef")
COMPLETE = SitrepContent(report_to="Statsforvalteren i Vestland", contact_name="Kari Nordmann", contact_phone="+4741234567",
                         situation="Elva har gått over sine bredder.", next_report_at=T0 + timedelta(hours=4))


@pytest.fixture
def english():
    set_language("en")


def report(status=SitrepStatus.DRAFT, **fields) -> Sitrep:
    return Sitrep("s1", "i1", 2, fields.pop("content", COMPLETE), T0, KARI, T0, KARI, status, **fields)


def test_cleaning_trims_normalises_the_phone_and_lists_every_function_in_order():
    raw = SitrepContent(report_to=" Statsforvalteren ", contact_phone="412 34 567", contact_email=" kari@fjordvik.no ",
                        functions=(FunctionStatus(CriticalFunction.FUEL, FunctionState.REDUCED, " Rasjonering "),
                                   FunctionStatus(CriticalFunction.POWER, FunctionState.OUT)))
    clean = cleaned(raw)
    assert (clean.report_to, clean.contact_phone, clean.contact_email) == ("Statsforvalteren", "+4741234567", "kari@fjordvik.no")
    assert [status.function for status in clean.functions] == list(CriticalFunction)
    assert clean.function(CriticalFunction.FUEL) == FunctionStatus(CriticalFunction.FUEL, FunctionState.REDUCED, "Rasjonering")
    assert clean.function(CriticalFunction.POWER).state is FunctionState.OUT
    assert clean.function(CriticalFunction.ROADS) == FunctionStatus(CriticalFunction.ROADS)
    assert cleaned(clean) == clean
    assert cleaned(SitrepContent(contact_phone="110")).contact_phone == "110"  # a duty desk's short number


@pytest.mark.parametrize(("fields", "field"), [
    (dict(contact_phone="12"), "contact_phone"),
    (dict(contact_email="kari(at)fjordvik"), "contact_email"),
    (dict(casualties=Casualties(injured=-1)), "injured"),
    (dict(functions=(FunctionStatus(CriticalFunction.POWER),) * 2), "functions"),
    (dict(functions=(FunctionStatus(CriticalFunction.POWER, comment="x" * (MAX_TEXT + 1)),)), "functions"),
    (dict(situation="x" * (MAX_TEXT + 1)), "situation"),
])
def test_bad_content_is_refused_naming_the_field(fields, field):
    with pytest.raises(FieldError) as error:
        cleaned(replace(COMPLETE, **fields))
    assert error.value.field == field


def test_counts_may_be_unknown_or_zero():
    counts = Casualties(dead=0, injured=3, evacuated=None, missing=None)
    assert cleaned(replace(COMPLETE, casualties=counts)).casualties == counts


def test_a_report_is_complete_with_recipient_contact_and_situation():
    assert check_complete(COMPLETE, T0) == []
    assert check_complete(replace(COMPLETE, contact_phone="", contact_email="kari@fjordvik.no", next_report_at=None), T0) == []
    assert [e.field for e in check_complete(SitrepContent(), T0)] == ["report_to", "contact_name", "situation", "contact_phone"]
    assert [e.field for e in check_complete(COMPLETE, T0 + timedelta(hours=4))] == ["next_report_at"]


@given(st.sampled_from(SitrepStatus), st.sampled_from(SitrepStatus))
def test_a_report_only_moves_forward_and_is_approved_before_it_is_sent(current, target):
    order = list(SitrepStatus)
    allowed = order.index(target) > order.index(current) and (target is not SitrepStatus.SENT or current is SitrepStatus.APPROVED)
    assert (check_transition(report(current), target) == []) == allowed
    assert (check_edit(report(current)) == []) == (current in (SitrepStatus.DRAFT, SitrepStatus.FOR_APPROVAL))


def test_sending_time_is_neither_ahead_nor_before_the_approval():
    approved = report(SitrepStatus.APPROVED, approved_at=T0 + timedelta(minutes=10))
    assert check_sending(approved, T0 + timedelta(minutes=15), T0 + timedelta(minutes=20)) == []
    assert [e.field for e in check_sending(approved, T0 + timedelta(minutes=5), T0 + timedelta(minutes=20))] == ["sent_at"]
    assert [e.field for e in check_sending(approved, T0 + timedelta(hours=1), T0 + timedelta(minutes=20))] == ["sent_at"]


def test_a_copy_keeps_everything_but_the_next_report_time():
    assert copied(COMPLETE) == replace(COMPLETE, next_report_at=None)


texts = st.text(alphabet=st.sampled_from("aeiouæøåÅ \u030a\n"), max_size=20)


@given(texts, texts, st.none() | st.integers(0, 100))
def test_the_content_hash_ignores_unicode_form_and_time_zone_but_nothing_else(situation, needs, dead):
    content = SitrepContent(situation=situation, needs=needs, casualties=Casualties(dead=dead), next_report_at=T0)
    same = replace(content, situation=unicodedata.normalize("NFD", situation), needs=unicodedata.normalize("NFD", needs),
                   next_report_at=T0.astimezone(timezone(timedelta(hours=1))))
    assert content_hash(same) == content_hash(content)
    assert content_hash(replace(content, other="!")) != content_hash(content)
    assert content_hash(replace(content, casualties=Casualties(dead=(dead or 0) + 1))) != content_hash(content)
    assert content_hash(replace(content, next_report_at=T0 + timedelta(seconds=1))) != content_hash(content)


def test_log_texts(english):
    assert submitted_text(report()) == "Situation report 2 for approval (to Statsforvalteren i Vestland)"
    approved = approved_text(report(), Operator("Per Kriseleder", "Kriseleder")).splitlines()
    assert approved == ["Situation report 2 approved by Per Kriseleder (Kriseleder)", f"Content SHA-256: {content_hash(COMPLETE)}"]
    assert sent_text(report(), SentVia.DSB_CIM).splitlines()[0] == "Situation report 2 sent to Statsforvalteren i Vestland by DSB-CIM"
