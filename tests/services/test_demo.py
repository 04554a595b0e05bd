"""The demo municipality (small) and the seeded benchmark data (large)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone

import pytest

from beredskap_desktop.domain.contacts import ContactType, is_stale
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.phones import is_mobile, normalise_phone
from beredskap_desktop.paths import resource_path
from beredskap_desktop.services import demo, demo_files
from beredskap_desktop.services.demo import demo_id, load_demo
from beredskap_desktop.storage import alerts, cards, contacts, municipality, plans
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.storage.migrations import STANDARD_INCIDENT_TYPES, STANDARD_ROLES
from beredskap_desktop.domain.plans import LegalPart, PlanStatus, PlanType, completeness, is_overdue

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
PHONES = ("work_mobile", "work_landline", "private_phone", "satellite_phone")


@pytest.fixture(scope="module")
def fjordvik(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "fjordvik.sqlite"
    load_demo(path, now=NOW)
    with open_store(path, read_only=True) as store:
        yield store


def everyone(store):
    return [contacts.get(store, row.id) for row in contacts.list_rows(store)]


def numbers(contact):
    return [getattr(contact, name) for name in PHONES if getattr(contact, name)] + [p.number for p in contact.other_phones]


def test_the_demo_is_fjordvik_with_about_80_contacts_and_the_alert_lists(fjordvik):
    assert municipality.get(fjordvik) == municipality.Municipality("Fjordvik kommune", "9999")
    assert 70 <= contacts.count(fjordvik) <= 90
    lists = alerts.list_all(fjordvik)
    assert len(lists) >= 6
    assert all(alert_list.purpose and len(alert_list.members) >= 5 for alert_list in lists)
    assert "Kriseledelsen – full varsling" in {alert_list.name for alert_list in lists}


def test_every_alert_list_member_resolves_to_a_contact_or_a_role_holder(fjordvik):
    for alert_list in alerts.list_all(fjordvik):
        for member in alert_list.members:
            if member.contact_id:
                assert contacts.get(fjordvik, member.contact_id) is not None, (alert_list.name, member)
            else:
                assert contacts.holders(fjordvik, member.role_id), (alert_list.name, member.role_id)


def test_every_standard_role_has_a_holder_with_a_deputy_and_a_meeting_point(fjordvik):
    for role_id, role_name in STANDARD_ROLES:
        holders = [contacts.get(fjordvik, id_) for id_ in contacts.holders(fjordvik, role_id)]
        assert holders, role_name
        for holder in holders:
            assert holder.deputy_id and holder.deputy_id != holder.id, holder.name
            assert contacts.get(fjordvik, holder.deputy_id) is not None, holder.name
            assert holder.meeting_point, holder.name
    assert len(contacts.holders(fjordvik, "loggforer")) == 2


def test_every_role_an_action_card_is_held_by_someone(fjordvik):
    from beredskap_desktop.storage import cards

    for role_id in {summary.role_id for summary in cards.summaries(fjordvik)}:
        assert contacts.holders(fjordvik, role_id), role_id


def test_persons_have_valid_mobiles_and_never_a_short_number(fjordvik):
    people = [c for c in everyone(fjordvik) if c.contact_type is ContactType.PERSON]
    assert people
    for person in people:
        assert person.work_mobile and is_mobile(person.work_mobile), person.name
        for number in numbers(person):
            assert normalise_phone(number, "phone").value == number, person.name  # raises on a short number
    organisations = [c for c in everyone(fjordvik) if c.is_organisation]
    assert {"110", "112", "113", "116117"} <= {n for org in organisations for n in numbers(org)}


def test_key_roles_have_nodnett_and_some_have_private_and_satellite_phones(fjordvik):
    crisis_leader = contacts.get(fjordvik, contacts.holders(fjordvik, "kriseleder")[0])
    assert crisis_leader.nodnett_issi and crisis_leader.nodnett_talkgroups and crisis_leader.satellite_phone
    people = everyone(fjordvik)
    assert sum(1 for c in people if c.private_phone) >= 5
    assert all(c.deputy_id is None or contacts.get(fjordvik, c.deputy_id) for c in people)


def test_some_contacts_are_stale_and_some_are_fresh(fjordvik):
    stale = [is_stale(c.verified_at, NOW) for c in everyone(fjordvik)]
    assert 5 <= sum(stale) <= len(stale) - 20
    assert all(c.verified_by for c in everyone(fjordvik))


@pytest.mark.parametrize(("query", "keys"), [
    ("odegard", {"ordforer", "hjemmetjenesten-leder", "statsforvalteren-radgiver"}),
    ("aase", {"ordforer", "folkehjelp-leder"}),
    ("Ødegård Åse", {"ordforer"}),
])
def test_search_finds_people_as_typed_on_any_keyboard(fjordvik, query, keys):
    found = contacts.search_ids(fjordvik, query)
    assert {demo_id("contact", key) for key in keys} <= found
    assert demo_id("contact", "kommunedirektor") not in found


def test_members_are_searchable_by_their_organisation_name(fjordvik):
    assert demo_id("contact", "rs-skipper") in contacts.search_ids(fjordvik, "redningsselskapet")


def test_load_demo_refuses_an_existing_file_and_leaves_it_alone(tmp_path):
    path = tmp_path / "taken.sqlite"
    path.write_bytes(b"precious")
    with pytest.raises(UserError, match="taken.sqlite"):
        load_demo(path)
    assert path.read_bytes() == b"precious"


def test_a_bad_record_in_a_data_file_names_the_file_and_the_record_and_leaves_no_database(tmp_path, monkeypatch):
    data = tmp_path / "demo"
    shutil.copytree(resource_path("demo"), data)
    document = json.loads((data / "contacts.json").read_text(encoding="utf-8"))
    record = next(c for c in document["contacts"] if c["key"] == "nav-leder")
    record["work_mobile"] = "412 90 65"
    record["emial"] = "typo"
    (data / "contacts.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(demo_files, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    path = tmp_path / "demo.sqlite"
    with pytest.raises(UserError) as raised:
        load_demo(path)
    assert "contacts.json" in str(raised.value) and "nav-leder" in str(raised.value) and "emial" in str(raised.value)
    assert not list(tmp_path.glob("demo.sqlite*"))


def test_an_alert_list_member_must_name_an_existing_contact(tmp_path, monkeypatch):
    data = tmp_path / "demo"
    shutil.copytree(resource_path("demo"), data)
    document = json.loads((data / "alert_lists.json").read_text(encoding="utf-8"))
    document["alert_lists"][0]["members"].append({"contact": "no-such-person", "method": "ring"})
    (data / "alert_lists.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(demo_files, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(UserError, match="no-such-person"):
        load_demo(tmp_path / "demo.sqlite")


def test_progress_runs_from_zero_to_the_total(tmp_path):
    calls = []
    load_demo(tmp_path / "demo.sqlite", progress=lambda done, total: calls.append((done, total)))
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1] == calls[0][1]
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def snapshot(path):
    """Everything a user could see in the database, without the write timestamps."""
    with open_store(path, read_only=True) as store:
        rows = contacts.list_rows(store)
        return (
            sorted((contacts.get(store, row.id) for row in rows), key=lambda c: c.id),
            sorted(store.conn.execute("SELECT id, search_text FROM contact").fetchall()),
            alerts.list_all(store),
        )


def test_the_large_scale_is_the_demo_plus_seeded_data_that_repeats_for_a_seed(tmp_path):
    paths = [tmp_path / f"{name}.sqlite" for name in ("a", "b", "c")]
    for path, seed in zip(paths, (7, 7, 8)):
        load_demo(path, "large", seed, contact_count=600, list_count=20, plan_count=30, card_count=60, now=NOW)
    first, again, other = (snapshot(path) for path in paths)
    assert first == again
    assert first != other
    people, _, lists = first
    assert len(people) == 600 and len(lists) == 20
    assert demo_id("contact", "ordforer") in {c.id for c in people}


def test_generated_contacts_are_valid_and_their_lists_resolve(tmp_path):
    small = demo.read_demo(NOW)
    path = tmp_path / "large.sqlite"
    load_demo(path, "large", 3, contact_count=1500, list_count=40, plan_count=30, card_count=60, now=NOW)
    with open_store(path, read_only=True) as store:
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        people = everyone(store)
        mobiles = [c.work_mobile for c in people if c.work_mobile]
        assert len(set(mobiles)) == len(mobiles)
        for contact in people:
            for number in numbers(contact):
                assert normalise_phone(number, "phone", allow_short=contact.is_organisation).value == number, contact
        generated = [c for c in people if c.id not in {s.id for s in small.contacts}]
        assert len({c.org_kind for c in generated if c.is_organisation}) >= 8
        assert any(set("æøå") & set(c.name.casefold()) for c in generated if not c.is_organisation)
        assert any(c.role_ids for c in generated) and any(c.deputy_id for c in generated)
        person = next(c for c in generated if not c.is_organisation)
        assert person.id in contacts.search_ids(store, person.name)
        for alert_list in alerts.list_all(store):
            if alert_list.id not in {a.id for a in small.alert_lists}:
                assert 10 <= len(alert_list.members) <= 30
            for member in alert_list.members:
                assert member.contact_id or contacts.holders(store, member.role_id)


@pytest.mark.slow
def test_the_full_large_scale_has_20000_contacts_200_lists_500_plans_and_2000_cards(tmp_path):
    path = tmp_path / "large.sqlite"
    load_demo(path, "large", 1)
    with open_store(path, read_only=True) as store:
        assert contacts.count(store) == 20_000
        assert alerts.count(store) == 200
        assert plans.count(store) == 500 + SMALL_PLANS
        assert cards.count(store) == 2_000 + SMALL_CARDS
        assert max(len(plans.get(store, p.id).sections) for p in plans.summaries(store)[:60]) == 50
        assert len(contacts.search_ids(store, "odegard")) > 50


SMALL_PLANS, SMALL_CARDS = 15, 36


def test_the_demo_plan_has_all_five_parts_eight_sub_plans_and_cards_for_every_incident_type(tmp_path):
    path = tmp_path / "demo.sqlite"
    load_demo(path, now=NOW)
    with open_store(path, read_only=True) as store:
        summaries = plans.summaries(store)
        overall = plans.get(store, summaries[0].id)
        assert overall.plan_type is PlanType.OVERALL and overall.status is PlanStatus.ADOPTED
        assert completeness(overall, plans.sub_plans(store, overall.id), NOW.date()) == []
        assert {s.part for s in overall.sections} >= set(LegalPart)
        assert len([p for p in summaries if p.parent_id == overall.id]) >= 8
        assert any(is_overdue(p, NOW.date()) for p in summaries)
        assert [r.number for r in plans.revisions(store, overall.id)] == [1]
        library = cards.summaries(store)
        assert (len(summaries), len(library)) == (SMALL_PLANS, SMALL_CARDS)
        assert len(library) >= 25 and all(4 <= c.step_count <= 10 for c in library)
        assert {t for c in library for t in c.incident_types} == {code for code, _n, _d in STANDARD_INCIDENT_TYPES}
        assert any(c.always_activate for c in library)
        steps = [s for c in library for s in cards.get(store, c.id).steps]
        assert any(s.notify_alert_list_id for s in steps) and any(s.notify_contact_id for s in steps)
        assert any(s.deadline_minutes for s in steps)


def test_a_bad_plan_or_card_in_the_demo_files_is_named(tmp_path, monkeypatch):
    for name in ("municipality.json", "contacts.json", "alert_lists.json", "large.json", "plans.json", "cards.json"):
        (tmp_path / "demo").mkdir(exist_ok=True)
        shutil.copy(resource_path("demo", name), tmp_path / "demo" / name)
    document = json.loads((tmp_path / "demo" / "cards.json").read_text(encoding="utf-8"))
    document["cards"][1]["steps"][0]["deadline"] = "om en stund"
    document["cards"][2]["incident_types"] = ["meteor"]
    (tmp_path / "demo" / "cards.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(demo_files, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(UserError) as error:
        load_demo(tmp_path / "demo.sqlite", now=NOW)
    message = str(error.value)
    first, second = message.splitlines()
    assert "cards.json" in first and document["cards"][1]["key"] in first and "T+30 min" in first
    assert document["cards"][2]["key"] in second and "meteor" in second
    assert not (tmp_path / "demo.sqlite").exists()
