"""Emergency plans in the domain: revision due dates, § 4 completeness, checks and the dict form."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beredskap_desktop.domain.plans import (
    Classification, LegalPart, Plan, PlanStatus, PlanSummary, PlanType, Section, check_plan, completeness,
    is_overdue, next_revision_due, plan_from_dict, plan_to_dict,
)
from beredskap_desktop.i18n import set_language

TODAY = date(2026, 6, 15)


@pytest.fixture
def english():
    """Messages in English, to assert on their words (the autouse fixture restores bokmål)."""
    set_language("en")


def adopted(revised_at: date | None = date(2026, 1, 10), **fields) -> Plan:
    return Plan("p1", PlanType.OVERALL, "Overordnet beredskapsplan", status=PlanStatus.ADOPTED,
                adopted_by="Kommunestyret", adopted_on=date(2026, 1, 9), revised_at=revised_at, version=1, **fields)


def sub(plan_type: PlanType, status: PlanStatus = PlanStatus.ADOPTED, id_: str = "s") -> PlanSummary:
    return PlanSummary(id_, plan_type, plan_type.label, status, date(2026, 1, 10), 1, "p1", None)


def full_sections() -> tuple[Section, ...]:
    return tuple(Section(f"s{part.value}", f"Del {part.value}", "Innhold", part=part) for part in LegalPart)


# --- Revision due dates --------------------------------------------------------------


@pytest.mark.parametrize(("revised", "months", "due"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
    (date(2028, 2, 29), 48, date(2032, 2, 29)),
    (date(2026, 3, 31), 6, date(2026, 9, 30)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 5, 15), 12, date(2027, 5, 15)),
])
def test_next_revision_due_counts_calendar_months_clamped_to_the_month_end(revised, months, due):
    assert next_revision_due(revised, months) == due


def test_next_revision_due_defaults_to_twelve_months_and_is_none_without_a_revision():
    assert next_revision_due(date(2026, 1, 10)) == date(2027, 1, 10)
    assert next_revision_due(None) is None


def test_overdue_only_after_the_due_date():
    plan = adopted(revised_at=date(2025, 3, 1))
    assert not is_overdue(plan, date(2026, 2, 28))
    assert not is_overdue(plan, date(2026, 3, 1))
    assert is_overdue(plan, date(2026, 3, 2))


def test_overdue_follows_the_months_setting():
    plan = adopted(revised_at=date(2026, 1, 10))
    assert is_overdue(plan, TODAY, months=3)
    assert not is_overdue(plan, TODAY, months=6)


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.ARCHIVED])
def test_only_an_adopted_plan_is_overdue(status):
    plan = replace(adopted(revised_at=date(2020, 1, 1)), status=status)
    assert not is_overdue(plan, TODAY)


def test_a_summary_is_overdue_like_its_plan():
    summary = PlanSummary("p1", PlanType.IKT, "IKT", PlanStatus.ADOPTED, date(2025, 1, 1), 3, None, None)
    assert is_overdue(summary, TODAY)
    assert not is_overdue(replace(summary, revised_at=date(2025, 12, 1)), TODAY)


# --- Completeness of the overall plan (§ 4) ------------------------------------------------


def test_a_complete_adopted_overall_plan_lacks_nothing():
    assert completeness(adopted(sections=full_sections()), [], TODAY) == []


def test_sub_plans_of_the_part_types_cover_the_parts():
    subs = [sub(part.plan_type, id_=part.value) for part in LegalPart]
    assert completeness(adopted(), subs, TODAY) == []


def test_sections_and_sub_plans_together_cover_the_parts():
    sections = tuple(s for s in full_sections() if s.part in (LegalPart.A, LegalPart.C, LegalPart.E))
    subs = [sub(PlanType.ALERT_LIST, id_="b"), sub(PlanType.EVACUATION, PlanStatus.DRAFT, id_="d")]
    assert completeness(adopted(sections=sections), subs, TODAY) == []


def test_every_missing_part_is_named():
    problems = completeness(adopted(), [], TODAY)
    assert len(problems) == 5
    for part, problem in zip(LegalPart, problems):
        assert part.label in problem


def test_an_archived_sub_plan_covers_nothing():
    subs = [sub(part.plan_type, id_=part.value) for part in LegalPart if part is not LegalPart.B]
    subs.append(sub(PlanType.ALERT_LIST, PlanStatus.ARCHIVED, id_="b"))
    [problem] = completeness(adopted(), subs, TODAY)
    assert LegalPart.B.label in problem


def test_a_sub_plan_of_another_type_covers_nothing():
    subs = [sub(part.plan_type, id_=part.value) for part in LegalPart if part is not LegalPart.D]
    subs.append(sub(PlanType.IKT, id_="ikt"))
    [problem] = completeness(adopted(), subs, TODAY)
    assert LegalPart.D.label in problem


@pytest.mark.parametrize("body", ["", "   \n\t "])
def test_a_section_with_an_empty_body_covers_nothing(body):
    sections = tuple(replace(s, body=body) if s.part is LegalPart.C else s for s in full_sections())
    [problem] = completeness(adopted(sections=sections), [], TODAY)
    assert LegalPart.C.label in problem


def test_a_section_without_a_part_covers_nothing():
    sections = tuple(replace(s, part=None) if s.part is LegalPart.E else s for s in full_sections())
    [problem] = completeness(adopted(sections=sections), [], TODAY)
    assert LegalPart.E.label in problem


def test_an_overdue_overall_plan_says_since_when(english):
    plan = adopted(revised_at=date(2025, 1, 31), sections=full_sections())
    [problem] = completeness(plan, [], date(2026, 2, 1))
    assert "overdue" in problem.lower() and "31.01.2026" in problem
    assert completeness(plan, [], date(2026, 1, 31)) == []


def test_an_overall_plan_not_adopted_says_so(english):
    draft = replace(adopted(sections=full_sections()), status=PlanStatus.DRAFT, adopted_on=None)
    assert completeness(draft, [], TODAY) == ["Not adopted."]
    old_draft = replace(draft, revised_at=date(2020, 1, 1))
    assert completeness(old_draft, [], TODAY) == ["Not adopted."]


@pytest.mark.parametrize("plan_type", [t for t in PlanType if t is not PlanType.OVERALL])
def test_completeness_only_concerns_the_overall_plan(plan_type):
    plan = replace(adopted(revised_at=date(2020, 1, 1)), plan_type=plan_type, status=PlanStatus.DRAFT)
    assert completeness(plan, [], TODAY) == []


def test_every_legal_part_points_to_its_own_sub_plan_type():
    types = [part.plan_type for part in LegalPart]
    assert len(set(types)) == 5 and PlanType.OVERALL not in types
    assert all(part.label for part in LegalPart)


def test_every_type_status_and_classification_has_a_label():
    assert all(item.label for enum in (PlanType, PlanStatus, Classification) for item in enum)


# --- What stops a save ----------------------------------------------------------------------


def test_a_valid_plan_has_no_problems():
    assert check_plan(adopted(sections=full_sections())) == []
    assert check_plan(Plan("", PlanType.IKT, "IKT-plan")) == []


def test_check_plan_names_each_problem(english):
    plan = replace(adopted(), title="  ", adopted_on=None, parent_id="p1",
                   sections=(Section("a", "Innledning"), Section("b", " "), Section("c", "")))
    problems = check_plan(plan)
    assert len(problems) == 5
    assert problems[0].startswith("Title:")
    assert problems[1].startswith("Adopted on:")
    assert "itself" in problems[2]
    assert problems[3].startswith("Section 2:") and problems[4].startswith("Section 3:")


def test_a_draft_needs_no_adoption_date():
    assert check_plan(Plan("p", PlanType.OVERALL, "Utkast", status=PlanStatus.DRAFT)) == []


# --- The dict form (revisions and sharing) -------------------------------------------------

_text = st.text(max_size=40)
_ids = st.one_of(st.none(), st.text(min_size=1, max_size=12))

sections = st.builds(
    Section, id=st.text(max_size=12), title=_text, body=st.text(max_size=200),
    classification=st.sampled_from(Classification), part=st.one_of(st.none(), st.sampled_from(LegalPart)),
)

plans = st.builds(
    Plan, id=st.text(max_size=12), plan_type=st.sampled_from(PlanType), title=_text, owner_role_id=_ids,
    status=st.sampled_from(PlanStatus), adopted_by=_text, adopted_on=st.one_of(st.none(), st.dates()),
    revised_at=st.one_of(st.none(), st.dates()), parent_id=_ids, version=st.integers(0, 10_000),
    sections=st.lists(sections, max_size=5).map(tuple),
)


@given(plans)
def test_plan_dict_round_trips_through_json(plan):
    data = json.loads(json.dumps(plan_to_dict(plan), ensure_ascii=False))
    assert plan_from_dict(data) == plan


def test_plan_dict_holds_plain_values():
    plan = adopted(sections=(Section("s1", "Varsling", "Ring **110**", Classification.EXEMPT, LegalPart.B),))
    assert plan_to_dict(plan) == {
        "id": "p1", "type": "overordnet", "title": "Overordnet beredskapsplan", "parent_id": None,
        "owner_role": None, "status": "vedtatt", "adopted_by": "Kommunestyret", "adopted_on": "2026-01-09",
        "revised_at": "2026-01-10", "version": 1,
        "sections": [{"id": "s1", "title": "Varsling", "part": "b", "classification": "exempt", "body": "Ring **110**"}],
    }


def test_plan_from_dict_fills_in_what_is_optional():
    plan = plan_from_dict({"id": "p", "type": "ikt", "title": "IKT", "status": "utkast",
                           "sections": [{"id": "s", "title": "Innledning"}]})
    assert plan == Plan("p", PlanType.IKT, "IKT", sections=(Section("s", "Innledning"),))


@pytest.mark.parametrize("bad", [
    {"id": "p", "type": "no-such-type", "title": "T", "status": "utkast"},
    {"id": "p", "type": "ikt", "title": "T", "status": "vedtatt", "adopted_on": "31.01.2026"},
    {"id": "p", "type": "ikt", "title": "T", "status": "utkast", "sections": [{"id": "s", "title": "S", "part": "f"}]},
    {"id": "p", "type": "ikt", "status": "utkast"},
])
def test_plan_from_dict_refuses_bad_data(bad):
    with pytest.raises((KeyError, ValueError, TypeError)):
        plan_from_dict(bad)
