"""Plans in the database: drafts, adoption and revisions, sections, sub-plans, deleting and search."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beredskap_desktop.domain.cards import ActionCard, Step
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.plans import Classification, LegalPart, Plan, PlanStatus, PlanType, Section
from beredskap_desktop.storage import cards, plans
from beredskap_desktop.storage.database import ReadOnlyError, open_store

ADOPTED_ON = date(2026, 1, 9)
SAVED_ON = date(2026, 1, 10)
CHANGED_ON = date(2026, 9, 1)


def draft(title: str = "Overordnet beredskapsplan", plan_type: PlanType = PlanType.OVERALL, **fields) -> Plan:
    sections = (
        Section("", "Kriseledelse", "Kriseleder er Kari Ødegård.\nStabssjef møter på rådhuset.", part=LegalPart.A),
        Section("", "Varsling", "Åse Lien ringer 110 og varsler kriseledelsen.", Classification.EXEMPT, LegalPart.B),
        Section("", "Vedlegg", ""),
    )
    return Plan("", plan_type, title, owner_role_id="beredskapskoordinator", sections=sections, **fields)


def as_adopted(plan: Plan) -> Plan:
    return replace(plan, status=PlanStatus.ADOPTED, adopted_by="Kommunestyret", adopted_on=ADOPTED_ON)


def adopt(store, plan: Plan | None = None) -> Plan:
    """Save ``plan`` (a new draft by default) as adopted."""
    return plans.save(store, as_adopted(plan or draft()), author="Kari Ødegård", reason="Vedtatt i kommunestyret", on=SAVED_ON)


def with_body(plan: Plan, index: int, body: str) -> Plan:
    sections = list(plan.sections)
    sections[index] = replace(sections[index], body=body)
    return replace(plan, sections=tuple(sections))


def revision_count(store) -> int:
    return store.conn.execute("SELECT count(*) FROM plan_revision").fetchone()[0]


# --- Drafts, adoption and revisions -------------------------------------------------------------


def test_a_new_draft_gets_ids_and_no_revision(store):
    saved = plans.save(store, draft())
    assert saved.id and all(s.id for s in saved.sections)
    assert len({s.id for s in saved.sections}) == 3
    assert (saved.version, saved.revised_at, saved.status) == (0, None, PlanStatus.DRAFT)
    assert plans.get(store, saved.id) == saved
    assert plans.revisions(store, saved.id) == []


def test_a_draft_changes_freely(store):
    saved = plans.save(store, draft())
    changed = plans.save(store, with_body(replace(saved, title="Ny tittel"), 0, "Ny tekst"))
    assert plans.get(store, saved.id) == changed
    assert changed.version == 0 and plans.revisions(store, saved.id) == []


def test_get_unknown_plan_is_none(store):
    assert plans.get(store, "no-such-plan") is None


def test_adopting_a_draft_writes_revision_1(store):
    first = plans.save(store, draft())
    adopted = adopt(store, first)
    assert adopted.id == first.id
    assert (adopted.version, adopted.revised_at) == (1, SAVED_ON)
    assert plans.get(store, first.id) == adopted
    [revision] = plans.revisions(store, first.id)
    assert (revision.number, revision.created_by, revision.reason) == (1, "Kari Ødegård", "Vedtatt i kommunestyret")
    assert revision.plan == adopted and revision.plan_id == first.id
    assert isinstance(revision.created_at, datetime) and revision.created_at.tzinfo is not None


def test_a_new_plan_saved_as_adopted_gets_revision_1(store):
    adopted = adopt(store)
    assert (adopted.version, adopted.revised_at) == (1, SAVED_ON)
    assert [r.number for r in plans.revisions(store, adopted.id)] == [1]


def test_adopting_needs_who_and_why(store):
    first = plans.save(store, draft())
    with pytest.raises(UserError):
        plans.save(store, as_adopted(first), on=SAVED_ON)
    assert plans.get(store, first.id) == first
    assert revision_count(store) == 0


def test_saving_an_adopted_plan_unchanged_writes_no_revision(store):
    adopted = adopt(store)
    again = plans.save(store, adopted, on=CHANGED_ON)
    assert again == adopted
    assert plans.get(store, adopted.id) == adopted
    assert len(plans.revisions(store, adopted.id)) == 1


def test_saving_a_stale_copy_unchanged_keeps_the_stored_version_and_date(store):
    adopted = adopt(store)
    changed = plans.save(store, replace(adopted, title="Ny tittel"), author="Kari", reason="Ny tittel", on=CHANGED_ON)
    stale = replace(changed, version=adopted.version, revised_at=adopted.revised_at)
    plans.save(store, stale)
    loaded = plans.get(store, adopted.id)
    assert (loaded.version, loaded.revised_at) == (2, CHANGED_ON)
    assert loaded.version == plans.revisions(store, adopted.id)[0].plan.version


@pytest.mark.parametrize(("author", "reason"), [("", ""), ("Ola", ""), ("", "Ny kontaktliste"), ("  ", " \n ")])
def test_changing_an_adopted_plan_needs_who_and_why_and_writes_nothing_without(store, author, reason):
    adopted = adopt(store)
    with pytest.raises(UserError):
        plans.save(store, with_body(adopted, 1, "Ola ringer 110."), author=author, reason=reason, on=CHANGED_ON)
    assert plans.get(store, adopted.id) == adopted
    assert len(plans.revisions(store, adopted.id)) == 1


def test_changing_an_adopted_plan_writes_the_next_revision_with_the_full_content(store):
    adopted = adopt(store)
    changed = plans.save(store, with_body(adopted, 1, "Ola ringer 110."), author=" Ola Nordmann ", reason="Ny kontaktliste",
                         on=CHANGED_ON)
    assert (changed.version, changed.revised_at) == (2, CHANGED_ON)
    assert plans.get(store, adopted.id) == changed
    newest, oldest = plans.revisions(store, adopted.id)
    assert (newest.number, newest.created_by, newest.reason) == (2, "Ola Nordmann", "Ny kontaktliste")
    assert newest.plan == changed
    assert newest.plan.sections[1].body == "Ola ringer 110." and len(newest.plan.sections) == 3
    assert oldest.number == 1 and oldest.plan == adopted
    assert oldest.plan.sections[1].body.startswith("Åse Lien")


def test_revisions_are_newest_first(store):
    plan = adopt(store)
    for number in range(2, 5):
        plan = plans.save(store, replace(plan, title=f"Plan {number}"), author="Kari", reason=f"Endring {number}", on=CHANGED_ON)
    assert [r.number for r in plans.revisions(store, plan.id)] == [4, 3, 2, 1]
    assert [r.plan.title for r in plans.revisions(store, plan.id)][:3] == ["Plan 4", "Plan 3", "Plan 2"]
    assert [r.plan.version for r in plans.revisions(store, plan.id)] == [4, 3, 2, 1]


@pytest.mark.parametrize("change", [
    lambda p: replace(p, owner_role_id="kriseleder"),
    lambda p: replace(p, status=PlanStatus.ARCHIVED),
    lambda p: replace(p, sections=p.sections[::-1]),
    lambda p: replace(p, sections=(replace(p.sections[0], classification=Classification.EXEMPT), *p.sections[1:])),
    lambda p: replace(p, sections=(replace(p.sections[0], part=LegalPart.C), *p.sections[1:])),
    lambda p: replace(p, sections=p.sections[:2]),
], ids=["owner", "archived", "section-order", "classification", "part", "section-removed"])
def test_any_change_of_an_adopted_plan_is_a_revision(store, change):
    adopted = adopt(store)
    with pytest.raises(UserError):
        plans.save(store, change(adopted), on=CHANGED_ON)
    changed = plans.save(store, change(adopted), author="Kari", reason="Endret", on=CHANGED_ON)
    assert changed.version == 2 and len(plans.revisions(store, adopted.id)) == 2


def test_moving_an_adopted_plan_under_another_is_a_revision(store):
    overall = plans.save(store, draft())
    adopted = adopt(store, draft("Plan for IKT", PlanType.IKT))
    with pytest.raises(UserError):
        plans.save(store, replace(adopted, parent_id=overall.id), on=CHANGED_ON)
    assert plans.get(store, adopted.id).parent_id is None
    moved = plans.save(store, replace(adopted, parent_id=overall.id), author="Kari", reason="Under overordnet plan", on=CHANGED_ON)
    assert plans.get(store, adopted.id).parent_id == overall.id and moved.version == 2


def test_an_import_keeps_its_version_and_date_and_records_a_revision(store):
    imported = replace(as_adopted(draft()), id="imported-plan", version=7, revised_at=date(2025, 11, 3))
    with store.conn:
        saved = plans.save_in_transaction(store, imported, author="Import", reason="Fra nabokommunen", as_is=True)
    assert (saved.version, saved.revised_at) == (7, date(2025, 11, 3))
    assert plans.get(store, "imported-plan") == saved
    [revision] = plans.revisions(store, "imported-plan")
    assert revision.plan == saved


def test_needs_revision():
    draft_plan = replace(draft(), id="p")
    adopted = as_adopted(draft_plan)
    assert not plans.needs_revision(None, draft_plan)
    assert not plans.needs_revision(draft_plan, replace(draft_plan, title="Annen"))
    assert plans.needs_revision(None, adopted)
    assert plans.needs_revision(draft_plan, adopted)
    assert not plans.needs_revision(adopted, adopted)
    assert not plans.needs_revision(adopted, replace(adopted, sections=tuple(replace(s, id="x" + s.id) for s in adopted.sections)))
    assert plans.needs_revision(adopted, replace(adopted, title="Annen"))
    assert plans.needs_revision(adopted, replace(adopted, status=PlanStatus.DRAFT))


def test_a_plan_with_problems_is_refused_and_nothing_is_written(store):
    with pytest.raises(UserError):
        plans.save(store, replace(draft(), title=" "))
    with pytest.raises(UserError):
        plans.save(store, replace(draft(), status=PlanStatus.ADOPTED), author="Kari", reason="Vedtatt")
    with pytest.raises(UserError):
        plans.save(store, replace(draft(), sections=(Section("", ""),)))
    assert plans.count(store) == 0
    assert store.conn.execute("SELECT count(*) FROM plan_section").fetchone()[0] == 0


# --- Sections -------------------------------------------------------------------------------


def test_sections_keep_their_order_and_content(store):
    saved = plans.save(store, draft())
    loaded = plans.get(store, saved.id)
    assert [s.title for s in loaded.sections] == ["Kriseledelse", "Varsling", "Vedlegg"]
    assert loaded.sections == saved.sections
    assert (loaded.sections[1].classification, loaded.sections[1].part) == (Classification.EXEMPT, LegalPart.B)
    assert (loaded.sections[2].classification, loaded.sections[2].part) == (Classification.OPEN, None)
    reordered = replace(saved, sections=(saved.sections[2], saved.sections[0], saved.sections[1]))
    plans.save(store, reordered)
    assert plans.get(store, saved.id).sections == reordered.sections


def test_removing_and_adding_sections(store):
    saved = plans.save(store, draft())
    changed = plans.save(store, replace(saved, sections=(saved.sections[1], Section("", "Ressurser", "Aggregat", part=LegalPart.C))))
    assert changed.sections[0].id == saved.sections[1].id and changed.sections[1].id
    assert plans.get(store, saved.id).sections == changed.sections
    assert store.conn.execute("SELECT count(*) FROM plan_section").fetchone()[0] == 2


_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
_sections = st.builds(
    Section, id=st.just(""), title=_words.filter(str.strip), body=st.text(max_size=200),
    classification=st.sampled_from(Classification), part=st.one_of(st.none(), st.sampled_from(LegalPart)),
)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_words.filter(str.strip), plan_type=st.sampled_from(PlanType), sections=st.lists(_sections, max_size=4))
def test_any_draft_round_trips(store, title, plan_type, sections):
    saved = plans.save(store, Plan("", plan_type, title, sections=tuple(sections)))
    assert plans.get(store, saved.id) == saved


# --- Sub-plans and deleting ------------------------------------------------------------------


def test_summaries_put_overall_plans_first_then_titles_in_norwegian_order(store):
    for title, plan_type in [("Øvelser", PlanType.OTHER), ("Beredskapsplan", PlanType.OVERALL), ("Åpen plan", PlanType.OTHER),
                             ("Zulu", PlanType.IKT), ("Atomberedskap", PlanType.NUCLEAR)]:
        plans.save(store, Plan("", plan_type, title))
    assert [p.title for p in plans.summaries(store)] == ["Beredskapsplan", "Atomberedskap", "Zulu", "Øvelser", "Åpen plan"]


def test_sub_plans_are_the_plans_placed_directly_under(store):
    overall = plans.save(store, draft())
    ikt = plans.save(store, draft("IKT", PlanType.IKT, parent_id=overall.id))
    plans.save(store, draft("Nettverk", PlanType.OTHER, parent_id=ikt.id))
    plans.save(store, draft("Fritt", PlanType.OTHER))
    [summary] = plans.sub_plans(store, overall.id)
    assert (summary.id, summary.title, summary.parent_id, summary.plan_type) == (ikt.id, "IKT", overall.id, PlanType.IKT)


def test_a_plan_cannot_be_its_own_parent(store):
    saved = plans.save(store, draft())
    with pytest.raises(UserError):
        plans.save(store, replace(saved, parent_id=saved.id))
    assert plans.get(store, saved.id).parent_id is None


def test_a_plan_cannot_go_below_its_own_sub_plan(store):
    top = plans.save(store, draft())
    middle = plans.save(store, draft("IKT", PlanType.IKT, parent_id=top.id))
    bottom = plans.save(store, draft("Nettverk", PlanType.OTHER, parent_id=middle.id))
    for below in (middle, bottom):
        with pytest.raises(UserError):
            plans.save(store, replace(top, parent_id=below.id))
    assert plans.get(store, top.id) == top
    moved = plans.save(store, replace(bottom, parent_id=top.id))
    assert plans.get(store, bottom.id).parent_id == top.id == moved.parent_id


def test_a_parent_plan_that_no_longer_exists_is_refused_with_a_message(store):
    overall = plans.save(store, draft())
    sub = draft("IKT", PlanType.IKT, parent_id=overall.id)
    plans.delete(store, overall.id)
    with pytest.raises(UserError):
        plans.save(store, sub)
    assert plans.count(store) == 0


def test_delete_a_draft(store):
    saved = plans.save(store, draft())
    kept = plans.save(store, draft("Annen plan"))
    plans.delete(store, saved.id)
    assert plans.get(store, saved.id) is None
    assert store.conn.execute("SELECT count(*) FROM plan_section WHERE plan_id = ?", [saved.id]).fetchone()[0] == 0
    assert plans.get(store, kept.id) == kept and plans.count(store) == 1
    assert plans.search(store, "Ødegård") == (set(), {kept.id: [(kept.sections[0].id, "Kriseledelse")]})


def test_delete_an_adopted_plan_is_refused(store):
    adopted = adopt(store)
    with pytest.raises(UserError):
        plans.delete(store, adopted.id)
    assert plans.get(store, adopted.id) == adopted
    assert len(plans.revisions(store, adopted.id)) == 1


def test_an_archived_plan_keeps_its_history_and_cannot_be_deleted(store):
    adopted = adopt(store)
    archived = plans.save(store, replace(adopted, status=PlanStatus.ARCHIVED), author="Kari", reason="Erstattet", on=CHANGED_ON)
    with pytest.raises(UserError):
        plans.delete(store, archived.id)
    assert plans.get(store, adopted.id) == archived


def test_deleting_a_plan_clears_its_cards_and_sub_plans(store):
    overall = plans.save(store, draft())
    sub = plans.save(store, draft("IKT", PlanType.IKT, parent_id=overall.id))
    card = cards.save(store, ActionCard("", "TK-01", "Strømbrudd", "kriseleder", steps=(Step("", "Start aggregat"),),
                                        plan_id=overall.id))
    plans.delete(store, overall.id)
    assert plans.get(store, sub.id).parent_id is None
    assert cards.get(store, card.id).plan_id is None


# --- Search ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["odegard", "ØDEGÅRD", "Ødeg", "kari odeg", "aase", "åse lien", "Ase", "110", "varsler"])
def test_search_finds_sections_as_people_type(store, query):
    saved = plans.save(store, draft())
    plans.save(store, Plan("", PlanType.IKT, "IKT", sections=(Section("", "Drift", "Serverrom i kjelleren"),)))
    plan_ids, sections = plans.search(store, query)
    assert plan_ids == set()
    [(plan_id, found)] = sections.items()
    assert plan_id == saved.id
    assert set(found) <= {(s.id, s.title) for s in saved.sections} and found


def test_search_names_the_matching_sections_in_order(store):
    saved = plans.save(store, replace(draft(), sections=(
        Section("", "Strøm", "Aggregat på rådhuset"), Section("", "Vann", "Ingen"), Section("", "Aggregater", "Liste"),
    )))
    plan_ids, sections = plans.search(store, "aggregat")
    assert sections == {saved.id: [(saved.sections[0].id, "Strøm"), (saved.sections[2].id, "Aggregater")]}


def test_search_finds_a_plan_by_its_title_and_adopter(store):
    adopted = adopt(store)
    other = plans.save(store, Plan("", PlanType.IKT, "Plan for IKT-sikkerhet"))
    assert plans.search(store, "overordn")[0] == {adopted.id}
    assert plans.search(store, "kommunestyret")[0] == {adopted.id}
    assert plans.search(store, "ikt sikker")[0] == {other.id}


def test_search_follows_changes_and_blank_query_is_none(store):
    saved = plans.save(store, draft())
    plans.save(store, with_body(saved, 0, "Kriseleder er Per Hansen."))
    assert plans.search(store, "odegard") == (set(), {})
    assert saved.id in plans.search(store, "hansen")[1]
    assert plans.search(store, "  ") is None
    assert plans.search(store, "finnes ikke") == (set(), {})


# --- Read-only ------------------------------------------------------------------------------


def test_a_read_only_store_refuses_to_save_or_delete_plans(db_path):
    with open_store(db_path, create=True) as store:
        saved = plans.save(store, draft())
    with open_store(db_path, read_only=True) as viewer:
        with pytest.raises(ReadOnlyError):
            plans.save(viewer, replace(saved, title="Endret"))
        with pytest.raises(ReadOnlyError):
            plans.save(viewer, draft("Ny"))
        with pytest.raises(ReadOnlyError):
            plans.delete(viewer, saved.id)
        assert plans.get(viewer, saved.id) == saved and plans.count(viewer) == 1


def test_an_adopted_plan_without_a_revision_date_is_due_from_its_adoption(store):
    with store.conn:
        imported = plans.save_in_transaction(store, replace(as_adopted(draft()), adopted_on=date(2019, 1, 1), version=3, revised_at=None),
                                             author="Import", reason="Importert", as_is=True)
    assert imported.revised_at == date(2019, 1, 1) and imported.version == 3
    assert plans.get(store, imported.id).revised_at == date(2019, 1, 1)


def test_a_new_owner_or_parent_is_a_revision_the_history_can_show(store):
    from beredskap_desktop.domain.revisions import Change, diff

    parent = plans.save(store, draft("Overordnet"))
    adopted = adopt(store, draft("Delplan IKT", PlanType.IKT))
    moved = plans.save(store, replace(adopted, owner_role_id="ikt-leder", parent_id=parent.id), author="Per", reason="Ny eier")
    new, old = plans.revisions(store, adopted.id)[:2]
    assert moved.version == old.plan.version + 1
    changed = [(line.change, line.text) for line in diff(old.plan, new.plan, names={"ikt-leder": "IKT-leder", parent.id: "Overordnet"})
               if line.change is not Change.SAME]
    assert (Change.ADDED, "Eier: IKT-leder") in changed and (Change.ADDED, "Del av: Overordnet") in changed
