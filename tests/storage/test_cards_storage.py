"""Action cards in the database: versions, codes, steps, copies, where a card is used, deleting and search."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from beredskap_desktop.domain.alerts import AlertList
from beredskap_desktop.domain.cards import ActionCard, Phase, Step
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.plans import Plan, PlanType
from beredskap_desktop.storage import alerts, cards, contacts, incident_types, plans
from beredskap_desktop.storage.database import ReadOnlyError, open_store
from tests.storage.samples import person

FIRST_DAY = date(2026, 2, 1)
LATER = date(2026, 5, 20)


@pytest.fixture
def refs(store):
    """A contact and an alert list for steps to notify."""
    contact = contacts.save(store, person("Kari Ødegård"))
    alert_list = alerts.save(store, AlertList("", "Kriseledelsen"))
    return contact.id, alert_list.id


def card(code: str = "TK-01", **fields) -> ActionCard:
    """A card as the database gives it back: types sorted, phases in their order, step text trimmed."""
    values = dict(
        id="", code=code, title="Flom i sentrum", role_id="kriseleder", incident_types=("flom", "skred"),
        phases=(Phase.ALERT, Phase.RESPONSE), trigger="Rødt farevarsel for flom", purpose="Berge liv og helse",
        steps=(Step("", "Innkall kriseledelsen", deadline_minutes=30),
               Step("", "Varsle innbyggerne på Åsen", responsible_role_id="informasjonsleder", deadline_minutes=60),
               Step("", "Ring NVE")),
        approved_by="Kommunedirektøren",
    )
    values.update(fields)
    return ActionCard(**values)


def rows(store, table: str, card_id: str) -> int:
    return store.conn.execute(f"SELECT count(*) FROM {table} WHERE card_id = ?", [card_id]).fetchone()[0]


# --- Saving and versions ----------------------------------------------------------------------


def test_a_new_card_is_version_1_of_its_day(store):
    saved = cards.save(store, card(), on=FIRST_DAY)
    assert saved.id and all(s.id for s in saved.steps) and len({s.id for s in saved.steps}) == 3
    assert (saved.version, saved.revised_at) == (1, FIRST_DAY)
    assert cards.get(store, saved.id) == saved
    assert cards.count(store) == 1


def test_saving_unchanged_keeps_version_and_date(store):
    saved = cards.save(store, card(), on=FIRST_DAY)
    again = cards.save(store, cards.get(store, saved.id), on=LATER)
    assert (again.version, again.revised_at) == (1, FIRST_DAY)
    new_step_ids = cards.save(store, replace(saved, steps=tuple(replace(s, id="") for s in saved.steps)), on=LATER)
    assert (new_step_ids.version, new_step_ids.revised_at) == (1, FIRST_DAY)
    assert cards.get(store, saved.id).version == 1


@pytest.mark.parametrize("change", [
    lambda c: replace(c, steps=(replace(c.steps[0], text="Innkall hele kriseledelsen"), *c.steps[1:])),
    lambda c: replace(c, steps=c.steps[::-1]),
    lambda c: replace(c, steps=(*c.steps, Step("", "Loggfør"))),
    lambda c: replace(c, incident_types=("flom",)),
    lambda c: replace(c, phases=(Phase.ALERT, Phase.RESPONSE, Phase.RECOVERY)),
    lambda c: replace(c, title="Flom"),
], ids=["step-text", "step-order", "step-added", "types", "phases", "title"])
def test_a_change_makes_the_next_version_of_that_day(store, change):
    saved = cards.save(store, card(), on=FIRST_DAY)
    changed = cards.save(store, change(saved), on=LATER)
    assert (changed.version, changed.revised_at) == (2, LATER)
    assert cards.get(store, saved.id) == changed
    assert cards.save(store, change(saved), on=date(2026, 6, 1)).version == 2


def test_the_code_is_upper_cased_and_trimmed(store):
    saved = cards.save(store, card(" tk-7 "))
    assert saved.code == "TK-7" and cards.get(store, saved.id).code == "TK-7"
    assert cards.codes(store) == {"TK-7": saved.id}


def test_a_code_in_use_is_refused_naming_the_card_and_nothing_is_written(store):
    first = cards.save(store, card("TK-01", title="Strømbrudd"))
    second = cards.save(store, card("TK-02", title="Flom"))
    with pytest.raises(UserError, match="Strømbrudd") as raised:
        cards.save(store, replace(second, code="tk-01", title="Flom og skred"))
    assert "TK-01" in str(raised.value)
    with pytest.raises(UserError, match="Strømbrudd"):
        cards.save(store, card("TK-01", title="Ny"))
    assert cards.get(store, second.id) == second and cards.get(store, first.id) == first
    assert cards.count(store) == 2


def test_an_unknown_incident_type_is_refused_and_nothing_is_written(store):
    with pytest.raises(UserError, match="meteornedslag"):
        cards.save(store, card(incident_types=("flom", "meteornedslag")))
    assert cards.count(store) == 0
    assert store.conn.execute("SELECT count(*) FROM action_card_step").fetchone()[0] == 0


def test_a_card_with_problems_is_refused(store):
    for bad in (card("TK01"), card(title=" "), card(steps=()), card(steps=(Step("", " "),))):
        with pytest.raises(UserError):
            cards.save(store, bad)
    assert cards.count(store) == 0


def test_steps_keep_order_notify_targets_roles_and_deadlines(store, refs):
    contact_id, list_id = refs
    steps = (Step("", "Varsle kriseledelsen", notify_alert_list_id=list_id, deadline_minutes=15),
             Step("", "Ring kommuneoverlegen", responsible_role_id="kommuneoverlege", notify_contact_id=contact_id),
             Step("", "Loggfør", deadline_minutes=0), Step("", "Evaluer", deadline_minutes=10 * 1440))
    saved = cards.save(store, card(steps=steps))
    loaded = cards.get(store, saved.id)
    assert loaded.steps == saved.steps
    assert [s.text for s in loaded.steps] == ["Varsle kriseledelsen", "Ring kommuneoverlegen", "Loggfør", "Evaluer"]
    assert (loaded.steps[0].notify_alert_list_id, loaded.steps[0].notify_contact_id, loaded.steps[0].deadline_minutes) == (list_id, None, 15)
    assert (loaded.steps[1].responsible_role_id, loaded.steps[1].notify_contact_id, loaded.steps[1].deadline_minutes) == (
        "kommuneoverlege", contact_id, None)
    assert [s.deadline_minutes for s in loaded.steps[2:]] == [0, 14400]
    reordered = cards.save(store, replace(loaded, steps=loaded.steps[::-1]))
    assert cards.get(store, saved.id).steps == reordered.steps == loaded.steps[::-1]


def test_every_field_round_trips(store):
    plan = plans.save(store, Plan("", PlanType.NATURAL_HAZARDS, "Naturhendelser"))
    saved = cards.save(store, card(plan_id=plan.id, always_activate=True, phases=tuple(Phase), incident_types=("cbrne",)))
    assert cards.get(store, saved.id) == saved
    assert (saved.plan_id, saved.always_activate, saved.approved_by) == (plan.id, True, "Kommunedirektøren")


def test_get_unknown_card_is_none(store):
    assert cards.get(store, "no-such-card") is None


UNTRIMMED_STEP = {"steps": (Step("", "  Innkall kriseledelsen "),)}
AS_GIVEN = [{"incident_types": ("skred", "flom")}, {"incident_types": ("flom", "flom")}, {"phases": (Phase.RESPONSE, Phase.ALERT)}]
AS_GIVEN_IDS = ["types-order", "types-twice", "phases-order", "step-text-spaces"]


@pytest.mark.parametrize("fields", [*AS_GIVEN, UNTRIMMED_STEP], ids=AS_GIVEN_IDS)
def test_save_returns_the_card_as_stored(store, fields):
    saved = cards.save(store, card(**fields), on=FIRST_DAY)
    assert cards.get(store, saved.id) == saved


@pytest.mark.parametrize("fields", [*AS_GIVEN, UNTRIMMED_STEP], ids=AS_GIVEN_IDS)
def test_saving_the_saved_card_again_keeps_the_version(store, fields):
    saved = cards.save(store, card(**fields), on=FIRST_DAY)
    assert cards.save(store, saved, on=LATER).version == 1


def test_an_unchanged_card_with_types_in_list_order_keeps_the_version(store):
    listed = [t.code for t in incident_types.list_all(store)]
    assert listed.index("ekom-bortfall") < listed.index("cyberangrep")
    saved = cards.save(store, card(incident_types=("cyberangrep", "ekom-bortfall")), on=FIRST_DAY)
    ticked = tuple(code for code in listed if code in saved.incident_types)
    assert cards.save(store, replace(cards.get(store, saved.id), incident_types=ticked), on=LATER).version == 1


def test_an_import_keeps_its_version_and_date(store):
    with store.conn:
        saved = cards.save_in_transaction(store, card(id="imported", version=4, revised_at=date(2025, 3, 3)), as_is=True)
    assert (saved.version, saved.revised_at) == (4, date(2025, 3, 3))
    assert cards.get(store, "imported") == saved


# --- Copies and deleting ----------------------------------------------------------------------


def test_duplicate_is_a_new_card_under_the_next_free_code(store, english):
    original = cards.save(store, card("TK-01"), on=FIRST_DAY)
    original = cards.save(store, replace(original, title="Flom"), on=LATER)
    cards.save(store, card("TK-07", title="Skred"))
    cards.save(store, card("IKT-40", title="Dataangrep"))
    copy = cards.duplicate(store, original.id)
    assert copy.code == "TK-08" and copy.title == "Flom (copy)"
    assert copy.id != original.id and {s.id for s in copy.steps}.isdisjoint(s.id for s in original.steps)
    assert copy.version == 1 and copy.revised_at is not None
    assert [s.text for s in copy.steps] == [s.text for s in original.steps]
    assert (copy.incident_types, copy.phases, copy.role_id) == (original.incident_types, original.phases, original.role_id)
    assert cards.get(store, copy.id) == copy
    assert cards.get(store, original.id) == original
    assert rows(store, "action_card_step", original.id) == 3


def test_duplicate_of_a_deleted_card_is_refused(store):
    saved = cards.save(store, card())
    cards.delete(store, saved.id)
    with pytest.raises(UserError):
        cards.duplicate(store, saved.id)
    assert cards.count(store) == 0


def test_delete_removes_the_card_with_its_steps_types_and_phases(store):
    gone = cards.save(store, card("TK-01"))
    kept = cards.save(store, card("TK-02"))
    cards.delete(store, gone.id)
    assert cards.get(store, gone.id) is None
    for table in ("action_card_step", "action_card_incident_type", "action_card_phase"):
        assert rows(store, table, gone.id) == 0
    assert cards.get(store, kept.id) == kept
    assert cards.codes(store) == {"TK-02": kept.id}
    assert cards.search_ids(store, "flom") == {kept.id}


def test_deleting_a_contact_or_an_alert_list_clears_the_steps_that_notify_them(store, refs):
    contact_id, list_id = refs
    saved = cards.save(store, card(steps=(Step("", "Varsle", notify_alert_list_id=list_id), Step("", "Ring", notify_contact_id=contact_id))))
    other = cards.save(store, card("TK-09"))
    assert cards.users(store, "notify_contact_id", contact_id) == 1 and cards.users(store, "notify_alert_list_id", list_id) == 1
    contacts.delete(store, [contact_id])
    alerts.delete(store, list_id)
    loaded = cards.get(store, saved.id)
    assert loaded.version == saved.version + 2  # the printed card changed twice
    assert cards.get(store, other.id).version == other.version
    assert [(s.notify_alert_list_id, s.notify_contact_id) for s in loaded.steps] == [(None, None), (None, None)]
    assert [s.text for s in loaded.steps] == ["Varsle", "Ring"] and [s.id for s in loaded.steps] == [s.id for s in saved.steps]
    assert contacts.get(store, contact_id) is None and alerts.get(store, list_id) is None


@pytest.mark.parametrize("target", ["contact", "alert_list", "plan"])
def test_a_reference_that_no_longer_exists_is_refused_with_a_message(store, refs, target):
    contact_id, list_id = refs
    plan = plans.save(store, Plan("", PlanType.OVERALL, "Overordnet"))
    stale = {"contact": card(steps=(Step("", "Ring", notify_contact_id=contact_id),)),
             "alert_list": card(steps=(Step("", "Varsle", notify_alert_list_id=list_id),)),
             "plan": card(plan_id=plan.id)}[target]
    {"contact": lambda: contacts.delete(store, [contact_id]), "alert_list": lambda: alerts.delete(store, list_id),
     "plan": lambda: plans.delete(store, plan.id)}[target]()
    with pytest.raises(UserError):
        cards.save(store, stale)
    assert cards.count(store) == 0


# --- Where a card is used ---------------------------------------------------------------------


def test_where_used_gives_the_plan_chain_and_the_incident_types(store):
    overall = plans.save(store, Plan("", PlanType.OVERALL, "Overordnet beredskapsplan"))
    sub = plans.save(store, Plan("", PlanType.NATURAL_HAZARDS, "Naturhendelser", parent_id=overall.id))
    plans.save(store, Plan("", PlanType.IKT, "IKT", parent_id=overall.id))
    saved = cards.save(store, card(plan_id=sub.id))
    used = cards.where_used(store, saved)
    assert [p.id for p in used.plans] == [sub.id, overall.id]
    assert [p.title for p in used.plans] == ["Naturhendelser", "Overordnet beredskapsplan"]
    assert used.incident_types == ("flom", "skred") and not used.every_incident


def test_where_used_of_a_card_without_a_plan(store):
    saved = cards.save(store, card(incident_types=(), always_activate=True))
    used = cards.where_used(store, saved)
    assert (used.plans, used.incident_types, used.every_incident) == ((), (), True)


# --- Lists and search -------------------------------------------------------------------------


def test_summaries_in_natural_code_order_with_step_counts(store):
    for code, steps in [("TK-10", 1), ("TK-2", 2), ("IKT-3", 3), ("TK-01", 1), ("AB-100", 2)]:
        cards.save(store, card(code, steps=tuple(Step("", f"Steg {n}") for n in range(steps))))
    summaries = cards.summaries(store)
    assert [s.code for s in summaries] == ["AB-100", "IKT-3", "TK-01", "TK-2", "TK-10"]
    assert [s.step_count for s in summaries] == [2, 3, 1, 2, 1]
    first = summaries[0]
    assert (first.title, first.role_id, first.incident_types, first.phases, first.version) == (
        "Flom i sentrum", "kriseleder", ("flom", "skred"), (Phase.ALERT, Phase.RESPONSE), 1)


def test_summaries_of_a_card_without_types_or_phases(store):
    saved = cards.save(store, card(incident_types=(), phases=(), always_activate=True))
    [summary] = cards.summaries(store)
    assert (summary.id, summary.incident_types, summary.phases, summary.always_activate) == (saved.id, (), (), True)


@pytest.mark.parametrize("query", ["åsen", "asen", "varsle innbygg", "tk-01", "flom sentrum", "nve"])
def test_search_finds_cards_by_code_title_and_step_text(store, query):
    found = cards.save(store, card("TK-01"))
    cards.save(store, card("TK-02", title="Strømbrudd", trigger="", purpose="",
                           steps=(Step("", "Start aggregatet"),), incident_types=("strombrudd",)))
    assert cards.search_ids(store, query) == {found.id}


def test_search_follows_changes_and_blank_query_is_none(store):
    saved = cards.save(store, card())
    cards.save(store, replace(saved, steps=(Step("", "Start aggregatet"),)))
    assert cards.search_ids(store, "aggregat") == {saved.id}
    assert cards.search_ids(store, "innkall") == set()
    assert cards.search_ids(store, " ") is None


# --- Read-only --------------------------------------------------------------------------------


def test_a_read_only_store_refuses_every_card_write(db_path):
    with open_store(db_path, create=True) as store:
        saved = cards.save(store, card())
    with open_store(db_path, read_only=True) as viewer:
        for write in (lambda: cards.save(viewer, replace(saved, title="Endret")), lambda: cards.save(viewer, card("TK-02")),
                      lambda: cards.duplicate(viewer, saved.id), lambda: cards.delete(viewer, saved.id)):
            with pytest.raises(ReadOnlyError):
                write()
        assert cards.get(viewer, saved.id) == saved and cards.count(viewer) == 1
