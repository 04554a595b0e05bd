"""The incident log in the database: chains per device, append-only triggers, paging,
corrections, search, and tampering found by verification."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.incidents import Severity
from beredskap_desktop.domain.log import GENESIS, Category, Channel, Draft, Operator, Reason
from beredskap_desktop.storage import incidents, log
from beredskap_desktop.storage.database import ReadOnlyError, open_store

T0 = datetime(2026, 11, 21, 16, 0, tzinfo=timezone.utc)
KARI = Operator("Kari Nordmann", "Loggfører")


def start(store, *, device="laptop-1", title="Flom i sentrum"):
    return incidents.start(store, title=title, incident_types=("flom",), severity=Severity.YELLOW,
                           device_id=device, operator=KARI, now=T0)


def add(store, incident_id, text, *, device="laptop-1", minutes=1, **fields):
    return log.append(store, incident_id, Draft(text, **fields), device_id=device, operator=KARI,
                      now=T0 + timedelta(minutes=minutes))


def tamper(db_path, *statements):
    """Edit the file behind the program's back, as someone with a database tool could."""
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER log_entry_refuse_update")
    conn.execute("DROP TRIGGER log_entry_refuse_delete")
    for sql, params in statements:
        conn.execute(sql, params)
    conn.commit()
    conn.close()


def test_each_device_appends_to_its_own_numbered_chain(store):
    incident = start(store)
    first = add(store, incident.id, "Vann i kjelleren")
    other = add(store, incident.id, "Politiet ringte", device="laptop-2")
    second = add(store, incident.id, "Pumper bestilt", minutes=2)
    assert (first.seq, other.seq, second.seq) == (2, 1, 3)  # 1 is "Hendelse startet"
    assert other.prev_hash == GENESIS and second.prev_hash == first.hash
    assert log.get(store, second.id) == second
    assert log.chains(store, incident.id) == [log.Chain("laptop-1", 3, second.hash), log.Chain("laptop-2", 1, other.hash)]
    assert log.count(store, incident.id) == 4
    results = log.verify(store, incident.id)
    assert [(r.device_id, r.count, r.head, r.valid) for r in results] == [
        ("laptop-1", 3, second.hash, True), ("laptop-2", 1, other.hash, True)]


def test_the_stored_entry_is_the_returned_one_with_every_field(store):
    incident = start(store)
    entry = add(store, incident.id, "Evakuer Nedre Ås", category=Category.DECISION, channel=Channel.MEETING,
                source="Stabsmøte 2", key_event=True, decided_by="Kriseleder", rationale="Elva stiger",
                event_at=T0 - timedelta(minutes=30))
    assert log.get(store, entry.id) == entry
    assert entry.event_at == T0 - timedelta(minutes=30) and entry.recorded_at == T0 + timedelta(minutes=1)


def test_update_and_delete_are_refused_and_search_still_works(store):
    incident = start(store)
    entry = add(store, incident.id, "Ødegård melder ras ved Åsen")
    for sql in ("UPDATE log_entry SET text = 'endret' WHERE id = ?", "DELETE FROM log_entry WHERE id = ?"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.conn.execute(sql, [entry.id])
    store.conn.rollback()
    assert log.get(store, entry.id) == entry
    assert log.search(store, incident.id, "odegard ase") == {entry.id}
    assert log.search(store, incident.id, "endret") == set()
    assert log.search(store, incident.id, " ") is None
    assert all(r.valid for r in log.verify(store))


def test_entries_are_paged_in_event_order_across_chains(store):
    incident = start(store)
    late = add(store, incident.id, "meldt sist", minutes=61, event_at=T0 + timedelta(minutes=50))
    early = add(store, incident.id, "skjedde først", device="laptop-2", minutes=62, event_at=T0 - timedelta(minutes=5))
    middle = add(store, incident.id, "midt i", minutes=63, event_at=T0 + timedelta(minutes=10))
    page = log.entries(store, incident.id)
    assert [e.id for e in page][:1] == [early.id]
    assert [e.text for e in page[2:]] == [middle.text, late.text]
    assert [e.id for e in log.entries(store, incident.id, offset=1, limit=2)] == [page[1].id, middle.id]
    other = start(store, title="Annen hendelse")
    assert log.count(store, other.id) == 1


def test_a_correction_is_a_new_entry_and_both_stay(store):
    incident = start(store)
    wrong = add(store, incident.id, "Brudd på vannledning i Storgata 4")
    fix = add(store, incident.id, "Rettelse: Storgata 14, ikke 4", corrects=wrong.id, minutes=2)
    assert log.get(store, wrong.id) == wrong
    assert log.corrections(store, wrong.id) == [fix]
    other = start(store, title="Annen hendelse")
    with pytest.raises(FieldError) as error:
        add(store, other.id, "feil hendelse", corrects=wrong.id)
    assert error.value.field == "corrects"


def test_a_closed_incident_takes_only_corrections(store):
    incident = start(store)
    entry = add(store, incident.id, "Strømmen tilbake")
    incidents.close(store, incident.id, notes="Varsling gikk tregt", device_id="laptop-1", operator=KARI,
                    now=T0 + timedelta(hours=5))
    with pytest.raises(UserError):
        add(store, incident.id, "etterpå", minutes=400)
    fix = add(store, incident.id, "Rettelse: tilbake kl. 20:10", corrects=entry.id, minutes=400)
    assert log.get(store, fix.id).corrects == entry.id


def test_bad_drafts_and_unknown_incidents_write_nothing(store):
    incident = start(store)
    with pytest.raises(FieldError) as error:
        add(store, incident.id, "Skolen stenges", category=Category.DECISION)
    assert error.value.field == "decided_by"
    with pytest.raises(UserError):
        add(store, "no-such-incident", "x")
    assert log.count(store, incident.id) == 1
    assert not store.conn.in_transaction


def test_a_read_only_database_refuses_to_append(store, db_path):
    incident = start(store)
    store.close()
    with open_store(db_path, read_only=True) as read_only:
        with pytest.raises(ReadOnlyError):
            add(read_only, incident.id, "x")
        assert all(r.valid for r in log.verify(read_only))


# --- Tampering with the file -------------------------------------------------------------


def chain_of_five(store):
    incident = start(store)
    entries = [add(store, incident.id, f"melding {n}", minutes=n) for n in range(2, 6)]
    return incident, entries  # seq 2..5; seq 1 is the start


def test_an_edited_entry_is_found(store, db_path):
    incident, entries = chain_of_five(store)
    tamper(db_path, ("UPDATE log_entry SET text = 'melding 3, pyntet på' WHERE id = ?", [entries[1].id]))
    [result] = log.verify(store, incident.id)
    assert (result.first_broken.entry_id, result.first_broken.reason) == (entries[1].id, Reason.CHANGED)


def test_a_deleted_entry_is_found(store, db_path):
    incident, entries = chain_of_five(store)
    tamper(db_path, ("DELETE FROM log_entry WHERE id = ?", [entries[1].id]))
    [result] = log.verify(store, incident.id)
    assert (result.first_broken.entry_id, result.first_broken.reason) == (entries[2].id, Reason.MISSING)
    assert result.count == 4


def test_reordered_entries_are_found(store, db_path):
    incident, entries = chain_of_five(store)
    a, b = entries[1], entries[2]
    tamper(db_path, ("UPDATE log_entry SET seq = -1 WHERE id = ?", [a.id]),
           ("UPDATE log_entry SET seq = ? WHERE id = ?", [a.seq, b.id]),
           ("UPDATE log_entry SET seq = ? WHERE id = ?", [b.seq, a.id]))
    [result] = log.verify(store, incident.id)
    assert (result.first_broken.entry_id, result.first_broken.reason) == (b.id, Reason.REORDERED)


def test_a_renumbered_gap_is_found(store, db_path):
    incident, entries = chain_of_five(store)
    tamper(db_path, ("DELETE FROM log_entry WHERE id = ?", [entries[3].id]),
           ("DELETE FROM log_entry WHERE id = ?", [entries[1].id]),
           ("UPDATE log_entry SET seq = seq - 1 WHERE id = ?", [entries[2].id]))
    [result] = log.verify(store, incident.id)
    assert (result.first_broken.entry_id, result.first_broken.reason) == (entries[2].id, Reason.WRONG_PREVIOUS)


def test_verify_without_an_incident_covers_every_incident(store, db_path):
    first, entries = chain_of_five(store)
    second = start(store, title="Annen hendelse", device="laptop-2")
    tamper(db_path, ("UPDATE log_entry SET operator = 'Ola' WHERE id = ?", [entries[0].id]))
    results = {r.incident_id: r for r in log.verify(store)}
    assert set(results) == {first.id, second.id}
    assert not results[first.id].valid and results[second.id].valid
