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
from beredskap_desktop.services import demo
from beredskap_desktop.services.demo import demo_id, load_demo
from beredskap_desktop.storage import alerts, contacts, municipality
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.storage.migrations import STANDARD_ROLES

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
    monkeypatch.setattr(demo, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
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
    monkeypatch.setattr(demo, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
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
        load_demo(path, "large", seed, contact_count=600, list_count=20, now=NOW)
    first, again, other = (snapshot(path) for path in paths)
    assert first == again
    assert first != other
    people, _, lists = first
    assert len(people) == 600 and len(lists) == 20
    assert demo_id("contact", "ordforer") in {c.id for c in people}


def test_generated_contacts_are_valid_and_their_lists_resolve(tmp_path):
    small = demo.read_demo(NOW)
    path = tmp_path / "large.sqlite"
    load_demo(path, "large", 3, contact_count=1500, list_count=40, now=NOW)
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
def test_the_full_large_scale_has_20000_contacts_and_200_lists(tmp_path):
    path = tmp_path / "large.sqlite"
    load_demo(path, "large", 1)
    with open_store(path, read_only=True) as store:
        assert contacts.count(store) == 20_000
        assert alerts.count(store) == 200
        assert len(contacts.search_ids(store, "odegard")) > 50
