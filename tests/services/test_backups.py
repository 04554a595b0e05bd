"""Backups: a consistent copy restore-tested at once, receipts, verification that finds
damage, thinning, and restore that refuses what does not verify."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import datetime, timedelta, timezone

import pytest

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.incidents import Severity
from beredskap_desktop.domain.log import Draft, Operator
from beredskap_desktop.services import backups
from beredskap_desktop.services.backups import Reason
from beredskap_desktop.storage import incidents, log
from beredskap_desktop.storage.database import DatabaseLockedError, open_store

T0 = datetime(2026, 11, 21, 16, 0, tzinfo=timezone.utc)
KARI = Operator("Kari Nordmann", "Loggfører")


def with_incident(store, *, entries=3, title="Flom i sentrum"):
    incident = incidents.start(store, title=title, incident_types=("flom",), severity=Severity.YELLOW,
                               device_id="laptop-1", operator=KARI, now=T0)
    for minute in range(entries):
        log.append(store, incident.id, Draft(f"Melding {minute}"), device_id="laptop-1", operator=KARI,
                   now=T0 + timedelta(minutes=minute + 1))
    log.append(store, incident.id, Draft("Fra den andre"), device_id="laptop-2", operator=KARI,
               now=T0 + timedelta(minutes=30))
    return incident


def incident_count(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM incident").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_of_an_open_database_with_incidents_restore_tests_ok(store, db_path):
    incident = with_incident(store)
    receipt = backups.run_backup(store, reason=Reason.MANUAL, now=T0)
    assert receipt.ok, receipt.problems
    assert receipt.path.parent == db_path.parent / "backups" / db_path.stem
    assert receipt.path.name == "20261121T160000Z-manual.sqlite"
    assert receipt.row_counts["incident"] == 1 and receipt.row_counts["log_entry"] == 5
    heads = {(c.incident_id, c.device_id): c for c in receipt.chains}
    assert {device for _incident, device in heads} == {"laptop-1", "laptop-2"}
    assert heads[(incident.id, "laptop-1")].head == next(
        c.head for c in log.chains(store, incident.id) if c.device_id == "laptop-1")
    # the copy is one self-contained file (no WAL), a receipt beside it records the test
    assert not receipt.path.with_name(receipt.path.name + "-wal").exists()
    recorded = json.loads(receipt.receipt_path.read_text(encoding="utf-8"))
    assert recorded["file"] == receipt.path.name and recorded["ok"] is True and recorded["reason"] == "manual"
    assert recorded["sha256"] == receipt.sha256 and recorded["size"] == receipt.path.stat().st_size
    assert recorded["schema_version"].startswith("m0") and recorded["row_counts"] == receipt.row_counts
    assert recorded["source"] == str(db_path.resolve())
    assert backups.verify_backup(receipt.path).ok
    with open_store(receipt.path, read_only=True) as copy:
        assert all(result.valid for result in log.verify(copy))


def test_the_copy_holds_what_was_committed_while_the_app_keeps_writing(store, db_path):
    with_incident(store)
    first = backups.run_backup(store, reason=Reason.START, now=T0)
    with_incident(store, title="Strømbrudd")
    second = backups.run_backup(db_path, reason=Reason.MANUAL, now=T0 + timedelta(minutes=1))
    assert (first.row_counts["incident"], second.row_counts["incident"]) == (1, 2)
    assert first.ok and second.ok
    assert incident_count(first.path) == 1 and incident_count(second.path) == 2


def test_a_flipped_byte_fails_verification_with_the_reason(store):
    with_incident(store)
    receipt = backups.run_backup(store, reason=Reason.MANUAL, now=T0)
    data = bytearray(receipt.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    receipt.path.write_bytes(bytes(data))
    result = backups.verify_backup(receipt.path)
    assert not result.ok
    assert any("SHA-256" in problem for problem in result.problems)
    assert backups.read_receipt(receipt.path).ok is False  # the failure is recorded
    assert backups.last_verified(receipt.path.parent) is None


def test_a_truncated_backup_fails(store):
    receipt = backups.run_backup(store, reason=Reason.MANUAL, now=T0)
    with open(receipt.path, "r+b") as handle:
        handle.truncate(receipt.size // 2)
    result = backups.verify_backup(receipt.path)
    assert not result.ok and len(result.problems) >= 2  # hash, then the database itself


def tamper(path, sql, params=()):
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER log_entry_refuse_update")
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def test_a_tampered_log_chain_fails_even_with_a_rewritten_receipt(store):
    with_incident(store)
    receipt = backups.run_backup(store, reason=Reason.MANUAL, now=T0)
    tamper(receipt.path, "UPDATE log_entry SET text = 'Alt rolig' WHERE seq = 2 AND device_id = 'laptop-1'")
    # someone who edits the backup and its receipt's hash: the chain still gives it away
    recorded = json.loads(receipt.receipt_path.read_text(encoding="utf-8"))
    recorded["sha256"] = backups._sha256(receipt.path)
    recorded["size"] = receipt.path.stat().st_size
    receipt.receipt_path.write_text(json.dumps(recorded), encoding="utf-8")
    result = backups.verify_backup(receipt.path)
    assert not result.ok
    assert any("laptop-1" in problem and "2" in problem for problem in result.problems)


def test_a_backup_that_fails_at_once_is_recorded_as_failed(store, monkeypatch):
    with_incident(store)
    real_copy = backups._copy

    def copy_then_tamper(conn, path):
        result = real_copy(conn, path)
        tamper(path, "UPDATE log_entry SET text = 'Endret' WHERE seq = 1")
        return result

    monkeypatch.setattr(backups, "_copy", copy_then_tamper)
    receipt = backups.run_backup(store, reason=Reason.MANUAL, now=T0)
    assert not receipt.ok and receipt.problems
    assert backups.read_receipt(receipt.path).ok is False


def test_a_missing_receipt_is_not_verified(store):
    receipt = backups.run_backup(store, reason=Reason.MANUAL, now=T0)
    receipt.receipt_path.unlink()
    [listed] = backups.list_backups(receipt.path.parent)
    assert not listed.ok and listed.created_at == "2026-11-21T16:00:00+00:00"
    assert not backups.verify_backup(receipt.path).ok


def test_list_last_verified_and_needs_backup(store, db_path):
    folder = backups.backup_folder(db_path)
    assert backups.list_backups(folder) == [] and backups.last_verified(folder) is None
    assert backups.needs_backup(folder, T0)
    older = backups.run_backup(store, reason=Reason.START, now=T0)
    newer = backups.run_backup(store, reason=Reason.CLOSE, now=T0 + timedelta(hours=2))
    same_second = backups.run_backup(store, reason=Reason.CLOSE, now=T0 + timedelta(hours=2))
    assert same_second.path.name == "20261121T180000Z-close-2.sqlite"
    assert [r.path for r in backups.list_backups(folder)] == [same_second.path, newer.path, older.path]
    assert backups.last_verified(folder).path == same_second.path
    assert not backups.needs_backup(folder, T0 + timedelta(hours=25))
    assert backups.needs_backup(folder, T0 + timedelta(hours=26))


def test_backups_are_thinned_by_the_retention_policy(store, db_path):
    folder = backups.backup_folder(db_path)
    moments = [T0 - timedelta(hours=12 * n) for n in range(120, -1, -1)]  # two a day for two months
    for moment in moments:
        last = backups.run_backup(store, reason=Reason.START, now=moment)
    kept = backups.list_backups(folder)
    assert kept[0].path == last.path
    assert len(kept) <= 5 + 7 + 4 + 12 and len(kept) < len(moments)
    days = {r.created.astimezone(backups.OSLO).date() for r in kept}
    assert {(T0 - timedelta(days=n)).astimezone(backups.OSLO).date() for n in range(7)} <= days
    assert len({(day.year, day.month) for day in days}) == 3  # September's last, October, November
    # every backup file has its receipt and nothing else is left in the folder
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted([r.path.name for r in kept] + [r.receipt_path.name for r in kept])


def test_failed_backups_are_not_thinned(store, db_path):
    first = backups.run_backup(store, reason=Reason.START, now=T0)
    receipt_data = json.loads(first.receipt_path.read_text(encoding="utf-8"))
    receipt_data["ok"] = False
    first.receipt_path.write_text(json.dumps(receipt_data), encoding="utf-8")
    backups.run_backup(store, reason=Reason.START, now=T0 + timedelta(minutes=5))
    assert first.path.exists()


def test_backups_never_write_outside_their_folder(store, db_path, tmp_path):
    with_incident(store)
    before = {path for path in tmp_path.rglob("*")}
    folder = tmp_path / "elsewhere"
    receipt = backups.run_backup(store, reason=Reason.MANUAL, folder=folder, now=T0)
    new = {path for path in tmp_path.rglob("*")} - before
    assert new == {folder, receipt.path, receipt.receipt_path}


def test_a_read_only_source_is_backed_up(store, db_path, tmp_path):
    with_incident(store)
    store.close()
    os.chmod(db_path, stat.S_IRUSR | stat.S_IRGRP)
    try:
        with open_store(db_path) as read_only:
            assert read_only.read_only
            receipt = backups.run_backup(read_only, reason=Reason.MANUAL, folder=tmp_path / "b", now=T0)
        assert receipt.ok and receipt.row_counts["log_entry"] == 5
        by_path = backups.run_backup(db_path, reason=Reason.MANUAL, folder=tmp_path / "b", now=T0)
        assert by_path.ok and by_path.row_counts == receipt.row_counts
    finally:
        os.chmod(db_path, stat.S_IRUSR | stat.S_IWUSR)


def test_a_database_that_is_not_there_is_refused(tmp_path):
    with pytest.raises(UserError):
        backups.run_backup(tmp_path / "none.sqlite", reason=Reason.MANUAL)
    with pytest.raises(UserError):
        backups.verify_backup(tmp_path / "none.sqlite")


def test_restore_puts_the_backup_back_after_backing_up_the_current_state(store, db_path):
    with_incident(store)
    receipt = backups.run_backup(store, reason=Reason.MANUAL, now=T0)
    with_incident(store, title="Strømbrudd")
    store.close()
    restored = backups.restore(receipt.path, db_path, now=T0 + timedelta(hours=1))
    assert restored.restored.path == receipt.path
    assert restored.previous.reason == "before-restore" and restored.previous.ok
    assert restored.previous.row_counts["incident"] == 2 and incident_count(restored.previous.path) == 2
    assert not db_path.with_name(db_path.name + "-wal").exists()
    with open_store(db_path) as reopened:
        assert [i.title for i in incidents.list_all(reopened)] == ["Flom i sentrum"]
        assert all(result.valid for result in log.verify(reopened))
        log.append(reopened, incidents.list_all(reopened)[0].id, Draft("Etter gjenoppretting"),
                   device_id="laptop-1", operator=KARI, now=T0 + timedelta(hours=2))


def test_restore_refuses_an_unverified_backup_and_keeps_the_data(store, db_path):
    with_incident(store)
    receipt = backups.run_backup(store, reason=Reason.MANUAL, now=T0)
    with_incident(store, title="Strømbrudd")
    store.close()
    data = bytearray(receipt.path.read_bytes())
    data[-100] ^= 0x01
    receipt.path.write_bytes(bytes(data))
    with pytest.raises(UserError):
        backups.restore(receipt.path, db_path, now=T0 + timedelta(hours=1))
    assert incident_count(db_path) == 2
    assert [r.reason for r in backups.list_backups(receipt.path.parent)] == ["manual"]  # no before-restore


def test_restore_refuses_while_the_app_has_the_database_open(store, db_path):
    with_incident(store)
    receipt = backups.run_backup(store, reason=Reason.MANUAL, now=T0)
    with pytest.raises(DatabaseLockedError):
        backups.restore(receipt.path, db_path, now=T0 + timedelta(hours=1))
    assert incident_count(db_path) == 1
    assert len(backups.list_backups(receipt.path.parent)) == 1


def test_restore_into_a_missing_database_needs_no_backup_first(store, db_path, tmp_path):
    with_incident(store)
    receipt = backups.run_backup(store, reason=Reason.MANUAL, now=T0)
    target = tmp_path / "ny.sqlite"
    restored = backups.restore(receipt.path, target, now=T0)
    assert restored.previous is None and incident_count(target) == 1


def test_a_write_between_counting_and_copying_is_in_neither(store, db_path, monkeypatch):
    """The counts and the copy come from one read transaction: the app writing in between
    (on its own connection) changes neither, so the restore test still passes."""
    with_incident(store)
    real_counts = backups._row_counts
    calls = []

    def count_then_let_the_app_write(conn):
        counts = real_counts(conn)
        if not calls:  # the source's count, before the copy (the next is the copy's, in the test)
            with_incident(store, title="Skrevet midt i")
        calls.append(counts)
        return counts

    monkeypatch.setattr(backups, "_row_counts", count_then_let_the_app_write)
    receipt = backups.run_backup(db_path, reason=Reason.MANUAL, now=T0)
    assert receipt.ok, receipt.problems
    assert receipt.row_counts["incident"] == 1 and incident_count(receipt.path) == 1
    assert incident_count(db_path) == 2


def test_a_wal_left_by_a_crash_is_kept_in_the_backup_first_and_never_replayed_into_the_restored_file(store, db_path, tmp_path):
    import shutil

    with_incident(store)
    receipt = backups.run_backup(store, reason=Reason.MANUAL, now=T0)
    with_incident(store, title="Bare i WAL")
    crashed = tmp_path / "krasj" / "kommune.sqlite"
    crashed.parent.mkdir()
    for suffix in ("", "-wal"):  # the files as a killed program leaves them
        shutil.copyfile(f"{db_path}{suffix}", f"{crashed}{suffix}")
    assert crashed.with_name(crashed.name + "-wal").stat().st_size > 0
    restored = backups.restore(receipt.path, crashed, now=T0 + timedelta(hours=1))
    assert restored.previous.row_counts["incident"] == 2
    assert not crashed.with_name(crashed.name + "-wal").exists()
    assert incident_count(crashed) == 1
    with open_store(crashed) as reopened:
        assert all(result.valid for result in log.verify(reopened))


def test_a_database_from_an_older_version_is_backed_up_by_path_before_its_upgrade(tmp_path):
    """What ``before-migration`` needs: the path of a database the store would still migrate."""
    import shutil
    from pathlib import Path

    old = tmp_path / "gammel.sqlite"
    shutil.copy(Path(__file__).parent.parent / "data" / "fixtures" / "before_m0003_create_alert_lists.sqlite", old)
    receipt = backups.run_backup(old, reason=Reason.BEFORE_MIGRATION, now=T0)
    assert receipt.ok, receipt.problems
    assert receipt.schema_version == "m0002_create_contacts" and "alert_list" not in receipt.row_counts
    assert receipt.row_counts["contact"] > 0
    assert backups.verify_backup(receipt.path).ok
