"""Sharing plans and action cards: export, preview, import, and every malformed file."""

from __future__ import annotations

import json
import shutil
import stat
import sys
import tempfile
from dataclasses import replace
from datetime import date, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beredskap_desktop.domain.alerts import AlertList, AlertMember
from beredskap_desktop.domain.cards import ActionCard, IncidentType, Phase, Step
from beredskap_desktop.domain.contacts import Contact, ContactType, OrgKind
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.plans import Classification, LegalPart, Plan, PlanStatus, PlanType, Section
from beredskap_desktop.i18n import _, set_language
from beredskap_desktop.services.exchange import document as document_module
from beredskap_desktop.services.exchange.document import (
    CARDS, PLANS, Document, NotifyRef, PlanRef, SharedCard, Source, document_bytes, parse_document, read_document,
)
from beredskap_desktop.services.card_selection import UnknownFilter
from beredskap_desktop.services.exchange.export import (
    cards_document, export_cards, export_plans, plans_document, suggested_file_name,
)
from beredskap_desktop.services.exchange.importing import apply_import, format_preview, plan_file
from beredskap_desktop.services.municipality import create_municipality
from beredskap_desktop.storage import alerts, cards, contacts, incident_types, municipality, plans
from beredskap_desktop.storage.contacts import Role
from beredskap_desktop.storage.database import Store, open_store

TABLES = ("role", "incident_type", "plan", "plan_section", "plan_revision", "action_card", "action_card_step",
          "action_card_incident_type", "action_card_phase")


@pytest.fixture
def english():
    set_language("en")


def dump(store: Store) -> dict:
    return {table: store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in TABLES}


def fill(store: Store) -> dict:
    """Fjordvik: an adopted overall plan with a table, a sub-plan, three cards using a list,
    a contact, a role and an incident type of its own."""
    municipality.set_municipality(store, "Fjordvik", "4601")
    fire = contacts.save(store, Contact("", "Fjordvik brann og redning", ContactType.ORGANISATION, org_kind=OrgKind.FIRE))
    kari = contacts.save(store, Contact("", "Kari Ødegård", organisation_id=fire.id, role_ids=("kriseleder",)))
    crisis = alerts.save(store, AlertList("", "Kriseledelsen", "Full varsling", (AlertMember("", contact_id=kari.id),)))
    incident_types.save(store, IncidentType("hetebolge", "Hetebølge", "Lange perioder med høy temperatur."))
    with store.conn:
        contacts.add_role_in_transaction(store, Role("beredskapsvakt", "Beredskapsvakt"))
    overall = plans.save(store, Plan(
        "", PlanType.OVERALL, "Overordnet beredskapsplan", owner_role_id="beredskapskoordinator", status=PlanStatus.ADOPTED,
        adopted_by="Kommunestyret", adopted_on=date(2026, 3, 1), sections=(
            Section("", "Kriseledelse", "**Kriseleder** leder.\n\n- stab\n- logg", part=LegalPart.A),
            Section("", "Ressurser", "| Ressurs | Antall |\n|---|---|\n| Aggregat | 2 |", Classification.EXEMPT, LegalPart.C),
        )), author="Per Beredskap", reason="Vedtatt i kommunestyret", on=date(2026, 3, 2))
    power = plans.save(store, Plan("", PlanType.POWER, "Plan for strømbrudd", parent_id=overall.id,
                                   sections=(Section("", "Tiltak", "1. Start aggregatet"),)))
    alert = cards.save(store, ActionCard(
        "", "TK-01", "Varsle kriseledelsen", "kriseleder", ("flom", "strombrudd"), (Phase.ALERT,), "Melding om hendelse",
        "Rask varsling", (
            Step("", "Varsle kriseledelsen", notify_alert_list_id=crisis.id, deadline_minutes=15),
            Step("", "Ring brannsjefen", responsible_role_id="beredskapsvakt", notify_contact_id=kari.id, deadline_minutes=30),
            Step("", "Loggfør varslingen"),
        ), plan_id=power.id, approved_by="Kriseleder"), on=date(2026, 4, 1))
    log = cards.save(store, ActionCard("", "TK-02", "Etabler logg", "beredskapsvakt", (), (Phase.ALERT, Phase.RESPONSE),
                                       steps=(Step("", "Opprett hendelse i loggen"),), always_activate=True), on=date(2026, 4, 1))
    heat = cards.save(store, ActionCard("", "TK-03", "Sjekk sårbare", "kommuneoverlege", ("hetebolge",), (Phase.RESPONSE,),
                                        steps=(Step("", "Ring hjemmetjenesten", deadline_minutes=120),)), on=date(2026, 4, 1))
    return {"crisis": crisis, "kari": kari, "overall": overall, "power": power, "alert": alert, "log": log, "heat": heat}


@pytest.fixture
def source(store):
    return {"store": store, **fill(store)}


@pytest.fixture
def target(tmp_path):
    """A neighbour's database made as ``init`` makes it."""
    path = tmp_path / "nabovik.sqlite"
    create_municipality(path, "Nabovik", "4602")
    with open_store(path) as opened:
        yield opened


def share(source_store: Store, target_store: Store, folder: Path) -> dict:
    """Export plans (with their exempt sections) and cards, import both (plans first); the two import results."""
    export_plans(source_store, folder / "planer.json", include_exempt=True)
    export_cards(source_store, folder / "tiltakskort.json")
    results = {}
    for kind, name in ((PLANS, "planer.json"), (CARDS, "tiltakskort.json")):
        results[kind] = plan_file(target_store, folder / name, kind)
        apply_import(target_store, results[kind])
    return results


# --- Round trip ------------------------------------------------------------------------


def test_plans_and_cards_arrive_as_they_were(source, target, tmp_path):
    crisis_here = alerts.save(target, AlertList("", "Kriseledelsen"))  # found by name
    results = share(source["store"], target, tmp_path)
    assert [len(results[PLANS].new), len(results[CARDS].new)] == [2, 3]
    for plan in (source["overall"], source["power"]):
        assert plans.get(target, plan.id) == plan
    history = plans.revisions(target, source["overall"].id)
    assert len(history) == 1 and history[0].created_by == _("Import")
    assert "Fjordvik" in history[0].reason and "planer.json" in history[0].reason
    alert = cards.get(target, source["alert"].id)
    expected_steps = list(source["alert"].steps)
    expected_steps[0] = replace(expected_steps[0], notify_alert_list_id=crisis_here.id)
    expected_steps[1] = replace(expected_steps[1], notify_contact_id=None)  # Kari is not in Nabovik
    assert alert == replace(source["alert"], steps=tuple(expected_steps))
    assert cards.get(target, source["log"].id) == source["log"]
    assert cards.get(target, source["heat"].id) == source["heat"]
    assert [r.name for r in results[CARDS].new_roles] == ["Beredskapsvakt"]
    assert [t.code for t in results[CARDS].new_incident_types] == ["hetebolge"]
    assert incident_types.names(target)["hetebolge"] == "Hetebølge"
    assert len(results[CARDS].warnings) == 1 and "Kari Ødegård" in results[CARDS].warnings[0]


def test_importing_again_changes_nothing(source, target, tmp_path):
    share(source["store"], target, tmp_path)
    before = dump(target)
    for kind, name in ((PLANS, "planer.json"), (CARDS, "tiltakskort.json")):
        again = plan_file(target, tmp_path / name, kind)
        assert (len(again.new), len(again.updated), again.has_changes) == (0, 0, False)
        assert len(again.unchanged) == (2 if kind == PLANS else 3)
        apply_import(target, again)
    assert dump(target) == before


def test_a_changed_card_and_plan_are_updated(source, target, tmp_path, english):
    share(source["store"], target, tmp_path)
    cards.save(source["store"], replace(source["heat"], title="Sjekk sårbare grupper"))
    plans.save(source["store"], replace(source["overall"], sections=source["overall"].sections[:1]),
               author="Per", reason="Ressurser i egen plan")
    result = share(source["store"], target, tmp_path)
    assert [p.label for p in result[CARDS].updated] == ["TK-03 Sjekk sårbare grupper"]
    assert result[CARDS].updated[0].changes == ("Title", "Version", "Revised")
    assert len(result[CARDS].unchanged) == 2
    assert [p.label for p in result[PLANS].updated] == ["Overordnet beredskapsplan"]
    assert cards.get(target, source["heat"].id).version == 2
    overall = plans.get(target, source["overall"].id)
    assert overall.version == 2 and len(overall.sections) == 1
    assert len(plans.revisions(target, overall.id)) == 2


def test_an_older_version_in_the_file_is_warned_about(source, target, tmp_path):
    share(source["store"], target, tmp_path)
    cards.save(target, replace(cards.get(target, source["heat"].id), title="Endret her"))
    result = plan_file(target, tmp_path / "tiltakskort.json", CARDS)
    assert [p.label for p in result.updated] == ["TK-03 Sjekk sårbare"]
    assert any("TK-03" in w and "1" in w and "2" in w for w in result.warnings)


def test_a_code_used_by_another_card_is_replaced(source, target, tmp_path, english):
    own = cards.save(target, ActionCard("", "TK-02", "Nabovik sin egen", "kriseleder", steps=(Step("", "Gjør noe"),)))
    export_cards(source["store"], tmp_path / "kort.json")
    result = plan_file(target, tmp_path / "kort.json", CARDS)
    assert [(r.code_in_file, r.code_here) for r in result.renamed] == [("TK-02", "TK-04")]
    assert "TK-02 → TK-04 (Etabler logg)" in format_preview(result)
    apply_import(target, result)
    assert cards.get(target, source["log"].id).code == "TK-04"
    assert cards.get(target, own.id) == own
    again = plan_file(target, tmp_path / "kort.json", CARDS)  # keeps the code it was given here
    assert (len(again.unchanged), again.has_changes) == (3, False)


def test_codes_repeated_in_one_file_are_replaced(target, tmp_path):
    file = tmp_path / "to.json"
    file.write_text(json.dumps(cards_file([card_entry("a", "TK-1"), card_entry("b", "tk-1")])), encoding="utf-8")
    result = plan_file(target, file, CARDS)
    assert [(r.code_in_file, r.code_here) for r in result.renamed] == [("TK-1", "TK-2")]
    apply_import(target, result)
    assert {c.code for c in cards.summaries(target)} == {"TK-1", "TK-2"}


def test_missing_references_are_left_out_with_warnings(source, target, tmp_path, english):
    export_plans(source["store"], tmp_path / "under.json", [source["power"].id])
    export_cards(source["store"], tmp_path / "kort.json", [source["alert"].id])
    plan_result = plan_file(target, tmp_path / "under.json", PLANS)
    assert plan_result.warnings == [
        f"Plan for strømbrudd: the plan it belongs to ({source['overall'].id}) is neither in this database nor in the file; "
        "it is imported as a plan of its own."]
    card_result = plan_file(target, tmp_path / "kort.json", CARDS)  # before the plan is imported
    assert card_result.warnings == [
        "TK-01 step 1: the alert list «Kriseledelsen» does not exist here; the notification was left out.",
        "TK-01 step 2: the contact «Kari Ødegård (Fjordvik brann og redning)» does not exist here; the notification was left out.",
        "TK-01: the plan «Plan for strømbrudd» is not in this database; the card is imported without a plan.",
    ]
    apply_import(target, plan_result)
    assert plans.get(target, source["power"].id).parent_id is None
    apply_import(target, card_result)
    imported = cards.get(target, source["alert"].id)
    assert imported.plan_id is None
    assert [(s.notify_alert_list_id, s.notify_contact_id) for s in imported.steps] == [(None, None)] * 3


def test_a_contact_is_found_by_name_and_organisation(source, target, tmp_path, english):
    fire = contacts.save(target, Contact("", "Fjordvik brann og redning", ContactType.ORGANISATION, org_kind=OrgKind.FIRE))
    kari = contacts.save(target, Contact("", "Kari  Ødegård", organisation_id=fire.id))
    contacts.save(target, Contact("", "Kari Ødegård"))  # another Kari, in no organisation
    alerts.save(target, AlertList("", "Kriseledelsen"))
    alerts.save(target, AlertList("", "kriseledelsen"))
    export_cards(source["store"], tmp_path / "kort.json", [source["alert"].id])
    result = plan_file(target, tmp_path / "kort.json", CARDS)
    assert "several alert lists" in result.warnings[0]
    apply_import(target, result)
    assert cards.get(target, source["alert"].id).steps[1].notify_contact_id == kari.id


def test_roles_are_matched_by_name(target, tmp_path):
    with target.conn:
        contacts.add_role_in_transaction(target, Role("vakt", "Beredskapsvakt"))
    entry = card_entry("a", "TK-1", role="beredskapsvakt")
    file = tmp_path / "kort.json"
    file.write_text(json.dumps(cards_file([entry], roles=[{"id": "beredskapsvakt", "name": "beredskapsvakt"}])), encoding="utf-8")
    result = plan_file(target, file, CARDS)
    assert result.new_roles == []
    apply_import(target, result)
    assert cards.get(target, "a").role_id == "vakt"


def test_a_failure_while_writing_rolls_everything_back(source, target, tmp_path):
    export_cards(source["store"], tmp_path / "kort.json")
    result = plan_file(target, tmp_path / "kort.json", CARDS)
    cards.save(target, ActionCard("", "TK-03", "Kom i mellom", "kriseleder", steps=(Step("", "x"),)))
    before = dump(target)
    with pytest.raises(UserError, match="TK-03"):
        apply_import(target, result)  # roles, TK-01 and TK-02 were written before TK-03 failed
    assert dump(target) == before


# --- Export ----------------------------------------------------------------------------


def test_export_writes_exactly_the_file_readable_only_by_the_owner(source, tmp_path):
    out = tmp_path / "deling"
    assert export_cards(source["store"], out) == 3
    assert out.is_file() and not list(tmp_path.glob(".deling*"))  # no temporary file left
    if sys.platform != "win32":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["format"], data["format_version"], data["kind"]) == ("beredskap_desktop/plans-cards", 1, "cards")
    assert data["source"] == {"municipality": "Fjordvik", "kommunenummer": "4601", "app_version": "0.1.0"}
    assert [r["id"] for r in data["roles"]] == ["kriseleder", "kommuneoverlege", "beredskapsvakt"]
    alert = data["cards"][0]
    assert alert["plan"] == {"id": source["power"].id, "title": "Plan for strømbrudd"}
    assert [s["notify"] for s in alert["steps"]] == [
        {"alert_list": {"id": source["crisis"].id, "name": "Kriseledelsen"}},
        {"contact": {"id": source["kari"].id, "name": "Kari Ødegård", "organisation": "Fjordvik brann og redning"}},
        None,
    ]
    assert "notify_contact_id" not in json.dumps(data) and "plan_id" not in alert


def test_card_filters(source):
    store = source["store"]
    codes = lambda document: [shared.card.code for shared in document.cards]  # noqa: E731
    assert codes(cards_document(store, incident_type="flom")) == ["TK-01", "TK-02"]  # TK-02 is always activated
    assert codes(cards_document(store, incident_type="hetebolge", role="Beredskapsvakt")) == ["TK-02"]
    assert codes(cards_document(store, [source["heat"].id, source["log"].id])) == ["TK-02", "TK-03"]
    assert [t.code for t in cards_document(store, role="kommuneoverlege").incident_types] == ["hetebolge"]
    with pytest.raises(UnknownFilter, match="hetebolge"):
        cards_document(store, incident_type="tsunami")
    with pytest.raises(UnknownFilter, match="beredskapsvakt"):
        cards_document(store, role="sjef")


def test_plan_export_chooses_by_id(source):
    chosen = plans_document(source["store"], [source["power"].id])
    assert [p.title for p in chosen.plans] == ["Plan for strømbrudd"] and chosen.roles == ()
    assert [r.id for r in plans_document(source["store"]).roles] == ["beredskapskoordinator"]


def test_suggested_file_names(source):
    assert suggested_file_name(source["store"], CARDS) == "fjordvik-tiltakskort.json"
    assert suggested_file_name(source["store"], PLANS) == "fjordvik-planer.json"


def test_an_unwritable_target_is_a_plain_error(source, tmp_path):
    with pytest.raises(UserError, match="finnes-ikke"):
        export_plans(source["store"], tmp_path / "finnes-ikke" / "planer.json")


# --- Malformed files ---------------------------------------------------------------------


def card_entry(id_: str, code: str, **fields) -> dict:
    return {"id": id_, "code": code, "title": "Kort", "role": "kriseleder", "steps": [{"id": "", "text": "Gjør det"}], **fields}


def cards_file(entries: list, **top) -> dict:
    return {"format": "beredskap_desktop/plans-cards", "format_version": 1, "kind": "cards", "cards": entries, **top}


def plans_file(entries: list, **top) -> dict:
    return {"format": "beredskap_desktop/plans-cards", "format_version": 1, "kind": "plans", "plans": entries, **top}


def plan_entry(id_: str, **fields) -> dict:
    return {"id": id_, "type": "annet", "title": "Plan", **fields}


GOOD_CARD = card_entry("c1", "TK-01")
MALFORMED = {
    "not JSON": (b"Dette er ikke JSON", "not JSON"),
    "binary garbage": (bytes(range(256)) * 4, "not JSON"),
    "empty file": (b"", "not JSON"),
    "NaN": (b'{"format": NaN}', "not JSON"),
    "deep nesting": (b"[" * 100_000, "not JSON"),
    "JSON array": (b"[]", "not a beredskap_desktop"),
    "JSON text": (b'"beredskap_desktop/plans-cards"', "not a beredskap_desktop"),
    "wrong format": (cards_file([GOOD_CARD], format="beredskap_desktop/contacts"), "not a beredskap_desktop"),
    "missing format": ({"format_version": 1, "kind": "cards", "cards": []}, "not a beredskap_desktop"),
    "newer version": (cards_file([GOOD_CARD], format_version=2), "format 2"),
    "older version": (cards_file([GOOD_CARD], format_version=0), "format version 0"),
    "version as text": (cards_file([GOOD_CARD], format_version="1"), 'format version "1"'),
    "version true": (cards_file([GOOD_CARD], format_version=True), "format version true"),
    "wrong kind": (plans_file([plan_entry("p1")]), "import plans"),
    "unknown kind": (cards_file([GOOD_CARD], kind="tiltak"), 'kind: unknown value "tiltak"'),
    "missing cards": ({**cards_file([]), "cards": None}, "cards: required"),
    "cards not a list": (cards_file({"c1": GOOD_CARD}), "cards: must be a list"),
    "card not an object": (cards_file([GOOD_CARD, "TK-02"]), "cards[1]: must be an object"),
    "missing title": (cards_file([GOOD_CARD, card_entry("c2", "TK-02", title="  ")]), "cards[1] (TK-02): title: required"),
    "missing id": (cards_file([card_entry(None, "TK-02")]), "cards[0] (TK-02): id: required"),
    "bad phase": (cards_file([card_entry("c2", "TK-02", phases=["varsling", "x"])]), 'cards[0] (TK-02): phases: unknown value "x"'),
    "steps not a list": (cards_file([card_entry("c2", "TK-02", steps="Ring 110")]), "steps: must be a list"),
    "no steps": (cards_file([card_entry("c2", "TK-02", steps=[])]), "cards[0] (TK-02): Steps"),
    "step without text": (cards_file([card_entry("c2", "TK-02", steps=[{"id": "s"}])]), "steps[0].text: required"),
    "negative deadline": (cards_file([card_entry("c2", "TK-02", steps=[{"text": "x", "deadline_minutes": -5}])]), "steps[0].deadline_minutes"),
    "deadline as text": (cards_file([card_entry("c2", "TK-02", steps=[{"text": "x", "deadline_minutes": "T+30 min"}])]), "steps[0].deadline_minutes"),
    "notify both": (cards_file([card_entry("c2", "TK-02", steps=[{"text": "x", "notify": {"alert_list": {"id": "a", "name": "A"}, "contact": {"id": "b", "name": "B"}}}])]), "steps[0].notify"),
    "notify without name": (cards_file([card_entry("c2", "TK-02", steps=[{"text": "x", "notify": {"contact": {"id": "b"}}}])]), "steps[0].notify.contact.name: required"),
    "version as text in a card": (cards_file([card_entry("c2", "TK-02", version="2")]), "version: must be a whole number"),
    "huge version": (cards_file([card_entry("c2", "TK-02", version=10**20)]), "version: must be a whole number from 0 to"),
    "deadline beyond a year": (cards_file([card_entry("c2", "TK-02", steps=[{"text": "x", "deadline_minutes": 10**19}])]), "steps[0].deadline_minutes"),
    "flag as text": (cards_file([card_entry("c2", "TK-02", always_activate="ja")]), "always_activate: must be true or false"),
    "types not texts": (cards_file([card_entry("c2", "TK-02", incident_types=[1])]), "incident_types: must be a list of texts"),
    "Norwegian date": (cards_file([card_entry("c2", "TK-02", revised_at="21.11.2026")]), "revised_at: must be a date"),
    "impossible date": (cards_file([card_entry("c2", "TK-02", revised_at="2026-02-30")]), "revised_at: must be a date"),
    "bad code": (cards_file([card_entry("c2", "Kort 2")]), "cards[0] (KORT 2): Code"),
    "plan without id": (cards_file([card_entry("c2", "TK-02", plan={"title": "Plan"})]), "plan.id: required"),
    "repeated id": (cards_file([GOOD_CARD, card_entry("c1", "TK-02")]), "cards[1] (TK-02): the same id as cards[0]"),
    "bad exported_at": (cards_file([GOOD_CARD], exported_at="i går"), "exported_at"),
    "source not an object": (cards_file([GOOD_CARD], source="Fjordvik"), "source: must be an object"),
    "role without name": (cards_file([GOOD_CARD], roles=[{"id": "vakt"}]), "roles[0] (vakt): name: required"),
    "bad incident type code": (cards_file([GOOD_CARD], incident_types=[{"code": "Hete Bølge", "name": "Hete"}]), "incident_types[0] (Hete Bølge): Code"),
    "unknown role": (cards_file([card_entry("c2", "TK-02", role="sjef")]), "cards[0] (TK-02): role: the role «sjef»"),
    "unknown responsible role": (cards_file([card_entry("c2", "TK-02", steps=[{"text": "x", "responsible_role": "sjef"}])]), "steps[0].responsible_role"),
    "unknown incident type": (cards_file([card_entry("c2", "TK-02", incident_types=["tsunami"])]), "«tsunami»"),
}
MALFORMED_PLANS = {
    "wrong kind": (cards_file([GOOD_CARD]), "import cards"),
    "missing type": (plans_file([{"id": "p1", "title": "Plan"}]), "plans[0] (Plan): type: required"),
    "bad status": (plans_file([plan_entry("p1", status="godkjent")]), 'plans[0] (Plan): status: unknown value "godkjent"'),
    "bad classification": (plans_file([plan_entry("p1", sections=[{"title": "A", "classification": "hemmelig"}])]), "sections[0].classification"),
    "section not an object": (plans_file([plan_entry("p1", sections=["A"])]), "sections[0]: must be an object"),
    "sections not a list": (plans_file([plan_entry("p1", sections={"title": "A"})]), "sections: must be a list"),
    "body not text": (plans_file([plan_entry("p1", sections=[{"title": "A", "body": ["x"]}])]), "sections[0].body: must be text"),
    "adopted without date": (plans_file([plan_entry("p1", status="vedtatt")]), "plans[0] (Plan): Adopted on"),
    "its own parent": (plans_file([plan_entry("p1", parent_id="p1")]), "plans[0] (Plan)"),
    "parents in a circle": (plans_file([plan_entry("p1", parent_id="p2"), plan_entry("p2", parent_id="p1")]), "parent_id"),
    "unknown owner": (plans_file([plan_entry("p1", owner_role="sjef")]), "owner_role: the role «sjef»"),
}


def write(folder: Path, content) -> Path:
    path = folder / "deling.json"
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode("utf-8"))
    return path


@pytest.mark.parametrize("content, expected", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_cards_file_is_refused_whole(target, tmp_path, english, content, expected):
    before = dump(target)
    with pytest.raises(UserError) as refused:
        plan_file(target, write(tmp_path, content), CARDS)
    assert "deling.json" in str(refused.value)
    assert expected in str(refused.value)
    assert dump(target) == before


@pytest.mark.parametrize("content, expected", MALFORMED_PLANS.values(), ids=MALFORMED_PLANS.keys())
def test_a_malformed_plans_file_is_refused_whole(target, tmp_path, english, content, expected):
    before = dump(target)
    with pytest.raises(UserError) as refused:
        plan_file(target, write(tmp_path, content), PLANS)
    assert "deling.json" in str(refused.value) and expected in str(refused.value)
    assert dump(target) == before


def test_an_oversized_or_missing_file_is_refused(tmp_path, monkeypatch, english):
    with pytest.raises(UserError, match="finnes-ikke.json"):
        read_document(tmp_path / "finnes-ikke.json")
    with pytest.raises(UserError, match="Cannot read"):
        read_document(tmp_path)
    path = write(tmp_path, cards_file([GOOD_CARD]))
    monkeypatch.setattr(document_module, "MAX_BYTES", 100)
    with pytest.raises(UserError, match="deling.json is larger than"):
        read_document(path)


def test_unknown_fields_are_ignored_and_absent_ones_take_defaults(target, tmp_path):
    entry = {"id": "c1", "code": "tk-7", "title": "Kort", "role": "kriseleder", "steps": [{"text": " Ring "}], "colour": "red"}
    path = write(tmp_path, cards_file([entry], comment="laget for hånd"))
    result = plan_file(target, path, None)
    apply_import(target, result)
    card = cards.get(target, "c1")
    assert (card.code, card.version, card.steps[0].text, card.phases, card.always_activate) == ("TK-7", 1, "Ring", (), False)


# --- Properties ------------------------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_NAME = _TEXT.map(str.strip).filter(bool)
_ID = st.uuids().map(str)


@st.composite
def documents(draw) -> Document:
    roles = tuple(draw(st.lists(st.builds(Role, st.sampled_from(["kriseleder", "vakt", "sjef"]), _NAME), unique_by=lambda r: r.id)))
    types = tuple(draw(st.lists(st.builds(IncidentType, st.sampled_from(["flom", "hete-bolge"]), _NAME, _TEXT.map(str.strip)),
                                unique_by=lambda t: t.code)))
    source = Source(*draw(st.tuples(_TEXT, _TEXT, _TEXT)))
    exported_at = draw(st.none() | st.datetimes(timezones=st.just(timezone.utc)).map(lambda m: m.replace(microsecond=0)))
    dates = st.none() | st.dates()
    if draw(st.booleans()):
        sections = st.builds(Section, _ID, _NAME, _TEXT, st.sampled_from(Classification), st.none() | st.sampled_from(LegalPart))
        plan = st.builds(Plan, _ID, st.sampled_from(PlanType), _NAME, st.none() | _NAME, st.sampled_from([PlanStatus.DRAFT, PlanStatus.ARCHIVED]),
                         _TEXT, dates, dates, st.none() | _ID, st.integers(0, 99), st.lists(sections, max_size=3).map(tuple))
        return Document(PLANS, source, exported_at, roles, types, plans=tuple(draw(st.lists(plan, max_size=3, unique_by=lambda p: p.id))))
    notify = st.none() | st.builds(NotifyRef, st.just("alert_list"), _ID, _NAME) | st.builds(NotifyRef, st.just("contact"), _ID, _NAME, _TEXT)
    steps = st.lists(st.tuples(st.builds(Step, _ID, _NAME, st.none() | _NAME, deadline_minutes=st.none() | st.integers(0, 10_000)), notify),
                     min_size=1, max_size=3)
    shared = []
    for card_id in draw(st.lists(_ID, max_size=3, unique=True)):
        pairs = draw(steps)
        card = ActionCard(
            card_id, draw(st.from_regex(r"[A-ZÆØÅ]{1,8}-[0-9]{1,4}", fullmatch=True)), draw(_NAME), draw(_NAME),
            tuple(sorted(set(draw(st.lists(st.sampled_from(["flom", "hete-bolge"])))))),
            tuple(p for p in Phase if p in draw(st.sets(st.sampled_from(Phase)))), draw(_TEXT), draw(_TEXT),
            tuple(step for step, _ref in pairs), None, draw(st.integers(1, 99)), draw(dates), draw(_TEXT), draw(st.booleans()),
        )
        plan = draw(st.none() | st.builds(PlanRef, _ID, _TEXT))
        shared.append(SharedCard(card, plan, tuple(ref for _step, ref in pairs)))
    return Document(CARDS, source, exported_at, roles, types, cards=tuple(shared))


@settings(max_examples=40)
@given(documents())
def test_a_written_document_reads_back_the_same(document):
    assert parse_document(document_bytes(document), "deling.json") == document


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mal") / "tom.sqlite"
    create_municipality(path, "Nabovik", "4602")
    return path


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"TK-[0-9]{1,2}", fullmatch=True), _NAME, st.lists(_NAME, min_size=1, max_size=3),
                          st.sets(st.sampled_from(["flom", "skred", "terror"])), st.booleans()), max_size=4))
def test_export_import_export_is_stable(empty_database, cards_given):
    """Cards imported from a file export to the same file (codes made unique on the way)."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "db.sqlite"
        shutil.copy(empty_database, db)
        entries = [card_entry(f"c{n}", code, title=title, steps=[{"text": t} for t in texts], incident_types=sorted(types),
                            always_activate=always, version=3, revised_at="2026-05-01")
                   for n, (code, title, texts, types, always) in enumerate(cards_given)]
        first = write(Path(folder), cards_file(entries))
        with open_store(db) as store:
            apply_import(store, plan_file(store, first, CARDS))
            exported = cards_document(store)
            second = Path(folder) / "igjen.json"
            export_cards(store, second)
            again = plan_file(store, second, CARDS)
            assert not again.has_changes and not again.renamed and len(again.unchanged) == len(entries)
            assert [c.card.version for c in exported.cards] == [3] * len(entries)
        assert read_document(second).cards == exported.cards


def test_the_examples_in_the_format_documentation_are_valid_files():
    text = (Path(__file__).resolve().parents[2] / "docs" / "formats" / "plans-and-cards.md").read_text(encoding="utf-8")
    examples = [block.split("```", 1)[0] for block in text.split("```json\n")[1:]]
    read = [parse_document(example.encode("utf-8"), "plans-and-cards.md") for example in examples]
    assert [(d.kind, len(d.cards), len(d.plans)) for d in read] == [(CARDS, 1, 0), (PLANS, 0, 1)]
    assert read[0].cards[0].notify[1].organisation == "Fjordvik brann og redning"
