"""Alert lists in the database: order, members, reordering and deleting."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from beredskap_desktop.domain.alerts import AlertList, AlertMember, AlertMethod, move
from beredskap_desktop.storage import alerts, contacts
from beredskap_desktop.storage.database import ReadOnlyError, open_store
from tests.storage.samples import alert_list, person


@pytest.fixture
def people(store):
    return [contacts.save(store, person(name)).id for name in ("Kari", "Ola", "Per")]


def test_list_and_members_round_trip_in_order(store, people):
    saved = alerts.save(store, alert_list(people))
    assert saved.id and all(m.id for m in saved.members)
    assert alerts.get(store, saved.id) == saved
    [kari, role, ola, per] = saved.members
    assert (kari.contact_id, kari.method, kari.note, kari.use_deputy) == (people[0], AlertMethod.SMS, "Først", True)
    assert (role.role_id, role.contact_id, role.method, role.use_deputy) == ("kriseleder", None, AlertMethod.NODNETT, False)
    assert [ola.contact_id, per.contact_id] == people[1:]


def test_get_unknown_list_is_none(store):
    assert alerts.get(store, "no-such-list") is None


def test_reorder_persists_and_keeps_member_ids(store, people):
    saved = alerts.save(store, alert_list(people))
    reordered = move(list(saved.members), 3, -3)
    alerts.save(store, replace(saved, members=tuple(reordered)))
    loaded = alerts.get(store, saved.id)
    assert loaded.members == tuple(reordered)
    assert [m.contact_id or m.role_id for m in loaded.members] == [people[2], people[0], "kriseleder", people[1]]
    positions = [p for (p,) in store.conn.execute(
        "SELECT position FROM alert_list_member WHERE alert_list_id = ? ORDER BY position", [saved.id])]
    assert positions == [1, 2, 3, 4]


def test_update_replaces_members_and_keeps_the_list_id(store, people):
    saved = alerts.save(store, alert_list(people))
    changed = replace(saved, name="Kriseledelsen natt", purpose="", members=saved.members[:1])
    assert alerts.save(store, changed).id == saved.id
    assert alerts.get(store, saved.id) == changed
    assert alerts.count(store) == 1
    assert store.conn.execute("SELECT count(*) FROM alert_list_member").fetchone()[0] == 1


def test_member_of_an_unknown_contact_is_refused_and_nothing_is_saved(store, people):
    with pytest.raises(sqlite3.IntegrityError):
        alerts.save(store, AlertList("", "Feil", members=(AlertMember("", contact_id="no-such-contact"),)))
    assert alerts.count(store) == 0


def test_list_all_by_name_with_members(store, people):
    alerts.save(store, AlertList("", "Vann og avløp", members=(AlertMember("", contact_id=people[1]),)))
    alerts.save(store, alert_list(people))
    alerts.save(store, AlertList("", "ikt"))
    lists = alerts.list_all(store)
    assert [a.name for a in lists] == ["ikt", "Kriseledelsen", "Vann og avløp"]
    assert lists[0].members == ()
    assert [m.contact_id or m.role_id for m in lists[1].members] == [people[0], "kriseleder", *people[1:]]
    assert [m.contact_id for m in lists[2].members] == [people[1]]


def test_delete_list_removes_its_members_only(store, people):
    first = alerts.save(store, alert_list(people))
    second = alerts.save(store, alert_list(people[::-1]))
    alerts.delete(store, first.id)
    assert alerts.get(store, first.id) is None
    assert alerts.get(store, second.id) == second
    assert store.conn.execute("SELECT count(*) FROM alert_list_member WHERE alert_list_id = ?", [first.id]).fetchone()[0] == 0
    assert contacts.count(store) == 3


def test_read_only_store_refuses_to_save_or_delete(db_path):
    with open_store(db_path, create=True) as store:
        saved = alerts.save(store, AlertList("", "Liste", members=(AlertMember("", role_id="kriseleder"),)))
    with open_store(db_path, read_only=True) as viewer:
        with pytest.raises(ReadOnlyError):
            alerts.save(viewer, AlertList("", "Ny"))
        with pytest.raises(ReadOnlyError):
            alerts.delete(viewer, saved.id)
        assert alerts.get(viewer, saved.id) == saved


def test_a_copy_of_a_list_is_saved_as_a_new_list(store, people):
    original = alerts.save(store, alert_list(people))
    copy = alerts.save(store, replace(original, id="", name=original.name + " (kopi)"))
    assert copy.id != original.id
    assert {m.id for m in copy.members}.isdisjoint(m.id for m in original.members)
    assert [m.contact_id for m in alerts.get(store, copy.id).members] == [m.contact_id for m in original.members]
    assert len(alerts.get(store, original.id).members) == len(original.members)
