"""Contacts in the database: round trips, updates, deletes and search."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beredskap_desktop.domain.alerts import AlertMember
from beredskap_desktop.domain.contacts import Contact, ContactType
from beredskap_desktop.storage import alerts, contacts
from tests.storage.samples import alert_list, full_person, organisation, person, save_full_person


def test_every_field_round_trips(store):
    saved = save_full_person(store)
    assert saved.id
    expected = replace(full_person(saved.organisation_id, saved.deputy_id), id=saved.id)
    loaded = contacts.get(store, saved.id)
    for field in fields(Contact):
        assert getattr(loaded, field.name) == getattr(expected, field.name), field.name
    assert loaded == expected


def test_empty_optional_fields_round_trip(store):
    saved = contacts.save(store, person("Ola"))
    assert contacts.get(store, saved.id) == saved


def test_get_unknown_id_is_none(store):
    assert contacts.get(store, "no-such-id") is None


def test_update_keeps_the_id_and_the_creation_time(store):
    saved = save_full_person(store)
    created = store.conn.execute("SELECT created_at FROM contact WHERE id = ?", [saved.id]).fetchone()[0]
    count = contacts.count(store)
    changed = replace(saved, name="Kari Ødegård Berg", role_ids=("stabssjef",), other_phones=(), work_mobile=None)
    assert contacts.save(store, changed).id == saved.id
    assert contacts.count(store) == count
    assert contacts.get(store, saved.id) == changed
    assert store.conn.execute("SELECT created_at FROM contact WHERE id = ?", [saved.id]).fetchone()[0] == created
    assert contacts.holders(store, "kriseleder") == []
    assert contacts.holders(store, "stabssjef") == [saved.id]


def test_a_contact_cannot_be_its_own_deputy(store):
    saved = contacts.save(store, person("Kari"))
    assert contacts.save(store, replace(saved, deputy_id=saved.id)).deputy_id is None
    assert contacts.get(store, saved.id).deputy_id is None


def test_delete_clears_deputy_references_memberships_and_roles(store):
    kari = save_full_person(store)
    deputy_id = kari.deputy_id
    per = contacts.save(store, person("Per", deputy_id=deputy_id, role_ids=("kriseleder",)))
    ola_list = alerts.save(store, alert_list([deputy_id, kari.id]))
    assert contacts.holders(store, "kriseleder") == [kari.id, per.id]

    assert contacts.delete(store, [deputy_id]) == 1

    assert contacts.get(store, deputy_id) is None
    assert contacts.get(store, kari.id).deputy_id is None
    assert contacts.get(store, per.id).deputy_id is None
    assert [m.contact_id for m in alerts.get(store, ola_list.id).members if m.contact_id] == [kari.id]

    contacts.delete(store, [kari.id, per.id])
    assert contacts.holders(store, "kriseleder") == []
    assert store.conn.execute("SELECT count(*) FROM contact_role").fetchone()[0] == 0
    assert [m.role_id for m in alerts.get(store, ola_list.id).members] == ["kriseleder"]
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_deleting_an_organisation_detaches_its_people(store):
    org = contacts.save(store, organisation())
    kari = contacts.save(store, person("Kari", organisation_id=org.id))
    contacts.delete(store, [org.id])
    assert contacts.get(store, kari.id).organisation_id is None
    assert contacts.search_ids(store, "kari") == {kari.id}


def test_deleting_an_organisation_removes_its_name_from_its_peoples_search(store):
    org = contacts.save(store, organisation("Fjordvik brann og redning"))
    contacts.save(store, person("Kari", organisation_id=org.id))
    contacts.delete(store, [org.id])
    assert contacts.search_ids(store, "fjordvik") == set()


def test_renaming_an_organisation_updates_its_peoples_search(store):
    org = contacts.save(store, organisation("Brannvesenet Sør"))
    kari = contacts.save(store, person("Kari", organisation_id=org.id))
    ola = contacts.save(store, person("Ola"))
    assert contacts.search_ids(store, "brannvesenet") == {org.id, kari.id}
    contacts.save(store, replace(org, name="Sørbrann IKS"))
    assert contacts.search_ids(store, "sorbrann") == {org.id, kari.id}
    assert contacts.search_ids(store, "brannvesenet") == set()
    assert contacts.search_ids(store, "ola") == {ola.id}


@pytest.fixture
def people(store):
    org = contacts.save(store, organisation("Fjordvik brann og redning"))
    saved = {
        "kari": contacts.save(store, person("Kari Ødegård", organisation_id=org.id, work_mobile="+4741234567", role_ids=("kriseleder",))),
        "aase": contacts.save(store, person("Åse Sæther", position="Kommuneoverlege", work_landline="+4722334455")),
        "aasen": contacts.save(store, person("Per Aasen", email="per.aasen@fjordvik.kommune.no", nodnett_issi="2040123")),
        "karin": contacts.save(store, person("Karin Berg", position="Brannsjef", organisation_id=org.id)),
    }
    return {key: contact.id for key, contact in saved.items()} | {"org": org.id}


@pytest.mark.parametrize(("query", "found"), [
    ("kar", {"kari", "karin"}),
    ("KARI", {"kari", "karin"}),
    ("kari ", {"kari", "karin"}),
    ("odegard", {"kari"}),
    ("Ødegård", {"kari"}),
    ("aase", {"aase", "aasen"}),
    ("åse", {"aase", "aasen"}),
    ("saether", {"aase"}),
    ("sæther", {"aase"}),
    ("41234567", {"kari"}),
    ("4123", {"kari"}),
    ("22334455", {"aase"}),
    ("kari brann", {"kari", "karin"}),
    ("kari ødeg", {"kari"}),
    ("brannsjef karin", {"karin"}),
    ("kari sæther", set()),
    ("kriseleder", {"kari"}),
    ("kommuneoverlege", {"aase"}),
    ("per.aasen", {"aasen"}),
    ("2040123", {"aasen"}),
    ("fjordvik", {"org", "kari", "karin", "aasen"}),
    ("zzz", set()),
])
def test_search(store, people, query, found):
    assert contacts.search_ids(store, query) == {people[key] for key in found}


@pytest.mark.parametrize("query", ["412 34 567", "+47 412 34 567", "0047 41234567", "22 33 44 55"])
def test_search_finds_numbers_typed_as_shown(store, people, query):
    assert contacts.search_ids(store, query) == {people["kari"] if query[-1] != "5" else people["aase"]}


@pytest.mark.parametrize("query", ["", "   ", "-", '"', "*", "()"])
def test_empty_query_is_none(store, people, query):
    assert contacts.search_ids(store, query) is None


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30))
def test_any_query_gives_ids_or_none(store, people, query):
    found = contacts.search_ids(store, query)
    assert found is None or found <= set(people.values())


def test_find_by_email_mobile_and_organisation(store, people):
    assert contacts.find_by_email(store, "PER.AASEN@fjordvik.kommune.no") == people["aasen"]
    assert contacts.find_by_email(store, "") is None
    assert contacts.find_by_mobile(store, "+4741234567") == people["kari"]
    assert contacts.find_organisation(store, " fjordvik BRANN og redning ") == people["org"]
    assert contacts.find_organisation(store, "Kari Ødegård") is None


def test_list_rows_show_organisation_and_roles_and_hide_private_numbers(store):
    kari = save_full_person(store)
    rows = {row.id: row for row in contacts.list_rows(store)}
    row = rows[kari.id]
    assert row.organisation == "Fjordvik brann og redning"
    assert row.role_ids == ("kriseleder", "informasjonsleder")
    assert row.private_phone is None
    assert {r.id: r for r in contacts.list_rows(store, include_private=True)}[kari.id].private_phone == "+4799887766"
    assert rows[kari.organisation_id].contact_type is ContactType.ORGANISATION


def test_alert_member_of_a_deleted_role_holder_stays_as_the_role(store):
    kari = contacts.save(store, person("Kari", role_ids=("kriseleder",)))
    saved = alerts.save(store, alerts.AlertList("", "Liste", members=(AlertMember("", role_id="kriseleder"),)))
    contacts.delete(store, [kari.id])
    assert [m.role_id for m in alerts.get(store, saved.id).members] == ["kriseleder"]
