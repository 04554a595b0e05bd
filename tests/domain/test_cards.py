"""Action cards in the domain: deadlines as T+ offsets, checks, versions and free codes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beredskap_desktop.domain.cards import (
    MAX_DEADLINE_MINUTES, ActionCard, IncidentType, Phase, Step, card_to_dict, check_card, check_incident_type, content_changed,
    format_offset, next_free_code, parse_offset,
)
from beredskap_desktop.i18n import set_language


@pytest.fixture
def english():
    """Messages in English, to assert on their words (the autouse fixture restores bokmål)."""
    set_language("en")


def card(**fields) -> ActionCard:
    values = dict(
        id="c1", code="TK-01", title="Flom i sentrum", role_id="kriseleder", incident_types=("flom",),
        phases=(Phase.ALERT, Phase.RESPONSE), trigger="Flomvarsel rødt nivå", purpose="Berge liv og helse",
        steps=(Step("s1", "Innkall kriseledelsen", notify_alert_list_id="liste", deadline_minutes=30),
               Step("s2", "Varsle innbyggerne", responsible_role_id="informasjonsleder", deadline_minutes=60),
               Step("s3", "Ring NVE", notify_contact_id="nve")),
        version=3, revised_at=date(2026, 2, 1), approved_by="Kommunedirektøren",
    )
    values.update(fields)
    return ActionCard(**values)


# --- Deadlines -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "minutes"), [
    ("T+30 min", 30),
    ("t+30", 30),
    ("30", 30),
    ("T+2 t", 120),
    ("T+2t", 120),
    ("T+2 h", 120),
    ("T+1 t 30 min", 90),
    ("T+1 d", 1440),
    ("T + 45 min", 45),
    ("  T+45min  ", 45),
    ("T+0", 0),
])
def test_deadline_spellings_people_write(text, minutes):
    assert parse_offset(text) == minutes


@pytest.mark.parametrize(("text", "minutes"), [
    ("T+2 timer", 120), ("T+1 time", 60), ("T+1 døgn", 1440), ("T+2 DØGN", 2880), ("T+45 minutter", 45), ("T+1 minutt", 1),
    ("T+1 time 15 minutter", 75), ("T+1 døgn 2 timer", 1560),
])
def test_deadline_units_spelt_out(text, minutes):
    assert parse_offset(text) == minutes


@pytest.mark.parametrize("text", ["", "   "])
def test_a_blank_deadline_is_none(text):
    assert parse_offset(text) is None


@pytest.mark.parametrize("text", ["T+", "tretti", "T-30", "30 sek", "1,5 t", "T+30 min ekstra", "min"])
def test_other_deadlines_are_refused_with_a_message(text, english):
    with pytest.raises(ValueError, match="Deadline") as raised:
        parse_offset(text)
    assert "T+30 min" in str(raised.value)


@pytest.mark.parametrize(("minutes", "text"), [
    (None, ""), (0, "T+0 min"), (30, "T+30 min"), (60, "T+1 t"), (90, "T+1 t 30 min"),
    (1440, "T+1 d"), (2880, "T+2 d"), (1500, "T+25 t"),
])
def test_format_offset(minutes, text):
    assert format_offset(minutes) == text


@given(st.integers(0, 10 * 1440))
def test_a_formatted_deadline_reads_back(minutes):
    assert parse_offset(format_offset(minutes)) == minutes


# --- What stops a save ----------------------------------------------------------------------


def test_a_valid_card_has_no_problems():
    assert check_card(card()) == []
    assert check_card(card(code="ÆØÅ-1", steps=(Step("", "Møt opp", deadline_minutes=0),))) == []


@pytest.mark.parametrize("code", ["tk-01", "TK01", "TK-", "-01", "TK-12345", "ABCDEFGHI-1", "TK 01", "TK-0A", ""])
def test_a_bad_code_is_refused(code, english):
    [problem] = check_card(card(code=code))
    assert problem.startswith("Code:")


def test_a_card_code_with_a_trailing_newline_is_refused():
    assert check_card(card(code="TK-01\n")) != []


def test_an_incident_code_with_a_trailing_newline_is_refused():
    assert check_incident_type(IncidentType("flom\n", "Flom")) != []


def test_check_card_names_each_problem(english):
    assert [p.split(":")[0] for p in check_card(card(title=" ", role_id=""))] == ["Title", "Role"]
    [problem] = check_card(card(steps=()))
    assert problem.startswith("Steps:")
    steps = (Step("a", "Møt opp"), Step("b", "  "), Step("c", "Varsle", notify_alert_list_id="l", notify_contact_id="k"),
             Step("d", "For tidlig", deadline_minutes=-5))
    problems = check_card(card(steps=steps))
    assert [p.split(":")[0] for p in problems] == ["Step 2", "Step 3", "Step 4"]
    assert "either" in problems[1]


def test_a_valid_incident_type_has_no_problems():
    for code in ("flom", "ekom-bortfall", "a1", "2026-storm"):
        assert check_incident_type(IncidentType(code, "Navn")) == []


@pytest.mark.parametrize("code", ["Flom", "ekom_bortfall", "-flom", "flom-", "ekom--bortfall", "", "flø", "sk red", " flom"])
def test_a_bad_incident_code_is_refused(code, english):
    [problem] = check_incident_type(IncidentType(code, "Navn"))
    assert problem.startswith("Code:")


def test_an_incident_type_needs_a_name(english):
    [problem] = check_incident_type(IncidentType("flom", "  "))
    assert problem.startswith("Name:")


# --- Versions -------------------------------------------------------------------------------


def test_version_date_and_step_ids_are_not_content():
    renumbered = card(version=9, revised_at=date(2027, 1, 1), steps=tuple(replace(s, id=f"new-{s.id}") for s in card().steps))
    assert not content_changed(card(), renumbered)
    assert not content_changed(card(), card())


@pytest.mark.parametrize("change", [
    lambda c: replace(c, steps=c.steps[::-1]),
    lambda c: replace(c, steps=(replace(c.steps[0], text="Innkall hele kriseledelsen"), *c.steps[1:])),
    lambda c: replace(c, steps=c.steps[:2]),
    lambda c: replace(c, steps=(replace(c.steps[0], deadline_minutes=45), *c.steps[1:])),
    lambda c: replace(c, steps=(replace(c.steps[0], notify_alert_list_id="annen"), *c.steps[1:])),
    lambda c: replace(c, steps=(*c.steps[:2], replace(c.steps[2], responsible_role_id="stabssjef"))),
    lambda c: replace(c, incident_types=("flom", "skred")),
    lambda c: replace(c, incident_types=()),
    lambda c: replace(c, phases=(Phase.ALERT,)),
    lambda c: replace(c, title="Flom"),
    lambda c: replace(c, trigger="Flomvarsel oransje nivå"),
    lambda c: replace(c, purpose=""),
    lambda c: replace(c, role_id="stabssjef"),
    lambda c: replace(c, always_activate=True),
], ids=["order", "text", "removed", "deadline", "notify", "responsible", "types", "no-types", "phases", "title",
        "trigger", "purpose", "role", "always"])
def test_what_a_printed_card_says_is_content(change):
    assert content_changed(card(), change(card()))


def test_the_order_of_incident_types_and_phases_is_not_content():
    both = card(incident_types=("flom", "skred"), phases=(Phase.ALERT, Phase.RESPONSE))
    assert not content_changed(both, replace(both, incident_types=("skred", "flom")))
    assert not content_changed(both, replace(both, phases=(Phase.RESPONSE, Phase.ALERT)))


# --- Free codes -----------------------------------------------------------------------------


def test_a_free_code_is_kept():
    assert next_free_code("TK-05", {"TK-01", "TK-02"}) == "TK-05"
    assert next_free_code("TK-01", set()) == "TK-01"


def test_a_taken_code_moves_past_the_highest_with_the_same_prefix_and_width():
    assert next_free_code("TK-01", {"TK-01", "TK-02", "TK-28"}) == "TK-29"
    assert next_free_code("TK-001", {"TK-001", "TK-7"}) == "TK-008"
    assert next_free_code("TK-1", {"TK-1", "TK-09"}) == "TK-10"
    assert next_free_code("TK-99", {"TK-99"}) == "TK-100"


def test_other_prefixes_are_ignored():
    assert next_free_code("TK-01", {"TK-01", "IKT-40", "TKA-12", "XTK-30"}) == "TK-02"
    assert next_free_code("IKT-3", {"IKT-3", "TK-90"}) == "IKT-4"


@given(st.sets(st.integers(1, 60).map(lambda n: f"TK-{n:02d}"), min_size=1), st.data())
def test_the_next_free_code_is_free_and_keeps_prefix_and_width(taken, data):
    code = data.draw(st.sampled_from(sorted(taken)))
    free = next_free_code(code, taken)
    assert free not in taken
    assert free.startswith("TK-") and len(free) == len(code)


def test_card_dict_holds_plain_values():
    data = card_to_dict(card())
    assert data["code"] == "TK-01" and data["role"] == "kriseleder"
    assert data["phases"] == ["varsling", "handtering"] and data["incident_types"] == ["flom"]
    assert data["revised_at"] == "2026-02-01" and data["version"] == 3
    assert [s["id"] for s in data["steps"]] == ["s1", "s2", "s3"]
    assert data["steps"][0] == {"id": "s1", "text": "Innkall kriseledelsen", "responsible_role": None, "deadline_minutes": 30,
                                "notify_alert_list_id": "liste", "notify_contact_id": None}


def test_every_phase_has_a_label():
    assert all(phase.label for phase in Phase)


@pytest.mark.parametrize("text", ["T+366 d", "T+99999999999999999999 min"])
def test_a_deadline_beyond_a_year_is_refused_with_a_message(text):
    with pytest.raises(ValueError, match="365"):
        parse_offset(text)
    assert parse_offset("T+365 d") == MAX_DEADLINE_MINUTES
