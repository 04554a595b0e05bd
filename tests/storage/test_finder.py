"""The one search over plans, sections and action cards."""

from __future__ import annotations

from beredskap_desktop.domain.cards import ActionCard, Step
from beredskap_desktop.domain.plans import Plan, PlanType, Section
from beredskap_desktop.storage import cards, plans
from beredskap_desktop.storage.finder import HitKind, find


def _fill(store):
    plan = plans.save(store, Plan("", PlanType.POWER, "Plan for langvarig strømbrudd", sections=(
        Section("", "Reservestrøm", "Aggregatet på Fjordvik sykehjem startes av vaktmester."),
        Section("", "Prioriterte abonnenter", "Sykehjemmet og vannverket."),
    )))
    card = cards.save(store, ActionCard("", "TK-12", "Teknisk sjef – strømbrudd", "teknisk-va", ("strombrudd",), steps=(
        Step("", "Kontroller drivstoff til aggregatene."), Step("", "Varsle Fjordvik Kraftlag."),
    )))
    return plan, card


def test_finds_plans_sections_and_cards_by_prefix_without_norwegian_letters(store):
    plan, card = _fill(store)
    hits = find(store, "strom")
    assert {(h.kind, h.id) for h in hits} == {(HitKind.PLAN, plan.id), (HitKind.CARD, card.id)}
    aggregat = find(store, "aggreg")
    assert {h.kind for h in aggregat} == {HitKind.SECTION, HitKind.CARD}
    section = next(h for h in aggregat if h.kind is HitKind.SECTION)
    assert (section.id, section.title, section.detail) == (plan.id, plan.title, "Reservestrøm")
    assert section.section_id == plan.sections[0].id


def test_every_word_must_match_and_a_code_is_found_as_typed(store):
    _plan, card = _fill(store)
    assert find(store, "sykehjem vannverket")[0].detail == "Prioriterte abonnenter"
    assert find(store, "sykehjem kraftlag") == []
    assert [h.id for h in find(store, "TK-12")] == [card.id]
    assert find(store, "   ") == []


def test_plans_come_first_then_sections_then_cards_and_the_limit_holds_per_kind(store):
    for number in range(5):
        cards.save(store, ActionCard("", f"TK-{number + 1}", "Varsle kriseledelsen", "kriseleder", steps=(Step("", "Varsle"),)))
    plans.save(store, Plan("", PlanType.OVERALL, "Varsling", sections=(Section("", "Varsle", "Varsle alle."),)))
    hits = find(store, "varsl", limit=3)
    assert [h.kind for h in hits] == [HitKind.PLAN, HitKind.SECTION, HitKind.CARD, HitKind.CARD, HitKind.CARD]
