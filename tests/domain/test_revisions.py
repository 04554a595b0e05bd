"""Plan revisions in the domain: the lines a reader compares and the difference between two copies."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from beredskap_desktop.domain.plans import Classification, LegalPart, Plan, PlanStatus, PlanType, Section
from beredskap_desktop.domain.revisions import Change, DiffLine, diff, plan_lines

BODY = "\n".join(f"Linje {n}" for n in range(1, 11))


def plan(body: str = BODY, **fields) -> Plan:
    sections = (Section("s1", "Kriseledelse", body, Classification.EXEMPT, LegalPart.A),)
    return Plan("p1", PlanType.OVERALL, "Overordnet beredskapsplan", status=PlanStatus.ADOPTED,
                adopted_by="Kommunestyret", adopted_on=date(2026, 1, 9), version=1, sections=sections, **fields)


def changed_line(old: str, new: str) -> Plan:
    return plan(BODY.replace(old, new))


def test_plan_lines_hold_title_type_status_adoption_and_every_section():
    lines = plan_lines(plan())
    assert lines[0] == "Overordnet beredskapsplan"
    assert any(PlanType.OVERALL.label in line for line in lines)
    assert any(PlanStatus.ADOPTED.label in line for line in lines)
    assert any("Kommunestyret" in line and "09.01.2026" in line for line in lines)
    [heading] = [line for line in lines if "Kriseledelse" in line]
    assert LegalPart.A.label in heading and Classification.EXEMPT.label in heading
    assert lines[-10:] == BODY.splitlines()


def test_a_section_without_a_part_shows_its_classification():
    lines = plan_lines(replace(plan(), sections=(Section("s", "Vedlegg", "Tekst"),)))
    [heading] = [line for line in lines if "Vedlegg" in line]
    assert Classification.OPEN.label in heading
    assert not any(part.label in heading for part in LegalPart)


def test_a_changed_line_shows_as_removed_then_added():
    result = diff(plan(), changed_line("Linje 5", "Linje fem"))
    changes = [line for line in result if line.change is not Change.SAME]
    assert changes == [DiffLine(Change.REMOVED, "Linje 5"), DiffLine(Change.ADDED, "Linje fem")]
    assert [line.text for line in result if line.change is not Change.ADDED] == plan_lines(plan())
    assert [line.text for line in result if line.change is not Change.REMOVED] == plan_lines(changed_line("Linje 5", "Linje fem"))


def test_without_a_context_limit_every_unchanged_line_shows():
    result = diff(plan(), plan())
    assert result == [DiffLine(Change.SAME, line) for line in plan_lines(plan())]


def test_a_context_limit_keeps_that_many_unchanged_lines_around_a_change():
    result = diff(plan(), changed_line("Linje 5", "Linje fem"), context=2)
    assert result == [
        DiffLine(Change.SAME, "Linje 3"), DiffLine(Change.SAME, "Linje 4"),
        DiffLine(Change.REMOVED, "Linje 5"), DiffLine(Change.ADDED, "Linje fem"),
        DiffLine(Change.SAME, "Linje 6"), DiffLine(Change.SAME, "Linje 7"),
    ]


def test_a_context_limit_of_zero_shows_only_the_changes():
    new = plan(BODY.replace("Linje 2", "Linje to").replace("Linje 9", "Linje ni"))
    assert diff(plan(), new, context=0) == [
        DiffLine(Change.REMOVED, "Linje 2"), DiffLine(Change.ADDED, "Linje to"),
        DiffLine(Change.REMOVED, "Linje 9"), DiffLine(Change.ADDED, "Linje ni"),
    ]


def test_with_a_context_limit_identical_plans_show_nothing():
    assert diff(plan(), plan(), context=3) == []


def test_added_and_removed_lines_and_sections():
    longer = plan(BODY + "\nLinje 11")
    assert [line for line in diff(plan(), longer) if line.change is not Change.SAME] == [DiffLine(Change.ADDED, "Linje 11")]
    assert [line for line in diff(longer, plan()) if line.change is not Change.SAME] == [DiffLine(Change.REMOVED, "Linje 11")]
    fewer = replace(plan(), sections=())
    removed = [line.text for line in diff(plan(), fewer) if line.change is Change.REMOVED]
    assert any("Kriseledelse" in text for text in removed) and "Linje 1" in removed


def test_a_changed_classification_or_adoption_shows():
    opened = replace(plan(), sections=(replace(plan().sections[0], classification=Classification.OPEN),))
    [removed, added] = [line for line in diff(plan(), opened) if line.change is not Change.SAME]
    assert Classification.EXEMPT.label in removed.text and Classification.OPEN.label in added.text
    readopted = replace(plan(), adopted_on=date(2027, 1, 8))
    [removed, added] = [line for line in diff(plan(), readopted) if line.change is not Change.SAME]
    assert "09.01.2026" in removed.text and "08.01.2027" in added.text


@given(st.lists(st.sampled_from(["a", "b", "c", ""]), max_size=8), st.lists(st.sampled_from(["a", "b", "d", ""]), max_size=8))
def test_the_diff_rebuilds_both_copies(old_lines, new_lines):
    old, new = plan("\n".join(old_lines)), plan("\n".join(new_lines))
    result = diff(old, new)
    assert [line.text for line in result if line.change is not Change.ADDED] == plan_lines(old)
    assert [line.text for line in result if line.change is not Change.REMOVED] == plan_lines(new)
