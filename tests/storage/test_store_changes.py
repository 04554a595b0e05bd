"""Opening hooks and change tracking of a store: ``before_migrating`` and ``Store.changed``."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.services import backups
from beredskap_desktop.storage import contacts, migrations
from beredskap_desktop.storage.database import applied_migrations, open_store
from tests.storage.samples import person
from tests.storage.schema_files import FIXTURES

OLD = "m0003_create_alert_lists"


@pytest.fixture
def old_db(tmp_path) -> Path:
    """A copy of a database from a version before ``OLD``."""
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / f"before_{OLD}.sqlite", path)
    return path


def applied_on_disk(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return applied_migrations(conn)
    finally:
        conn.close()


def test_before_migrating_is_called_once_before_any_migration(old_db):
    known = migrations.known_names()
    calls = []
    with open_store(old_db, before_migrating=lambda path: calls.append((path, applied_on_disk(path)))) as store:
        assert applied_migrations(store.conn) == known
    assert calls == [(old_db.resolve(), known[:known.index(OLD)])]


def test_before_migrating_can_take_a_backup_of_the_old_version(old_db):
    receipts = []
    with open_store(old_db, before_migrating=lambda path: receipts.append(
            backups.run_backup(path, reason=backups.Reason.BEFORE_MIGRATION))):
        pass
    [receipt] = receipts
    assert receipt.ok
    known = migrations.known_names()
    assert applied_on_disk(receipt.path) == known[:known.index(OLD)]


def test_a_failing_before_migrating_leaves_the_database_unmigrated_and_unlocked(old_db):
    def refuse(path: Path) -> None:
        raise UserError("no backup")

    before = applied_on_disk(old_db)
    with pytest.raises(UserError, match="no backup"):
        open_store(old_db, before_migrating=refuse)
    assert applied_on_disk(old_db) == before
    with open_store(old_db) as store:  # the lock was released
        assert applied_migrations(store.conn) == migrations.known_names()


def test_before_migrating_is_not_called_for_a_current_database(db_path):
    open_store(db_path, create=True).close()
    calls = []
    with open_store(db_path, before_migrating=calls.append):
        pass
    assert calls == []


def test_before_migrating_is_not_called_for_a_new_database(db_path):
    calls = []
    with open_store(db_path, create=True, before_migrating=calls.append):
        pass
    assert calls == []


def test_before_migrating_is_not_called_read_only(old_db):
    calls = []
    with pytest.raises(UserError):  # an old database cannot be opened read-only
        open_store(old_db, read_only=True, before_migrating=calls.append)
    assert calls == []


def test_a_store_that_only_read_has_not_changed(store):
    contacts.list_rows(store)
    assert not store.changed


def test_a_write_changes_the_store(store):
    contacts.save(store, person("Kari Nordmann"))
    assert store.changed


def test_migrations_at_open_are_no_change(old_db):
    with open_store(old_db) as store:
        assert not store.changed


def test_a_worker_writing_in_another_thread_changes_its_parent(store):
    workers = []

    def job() -> None:  # as ui.jobs.Job.run: the worker is made, used and closed in its thread
        worker = store.worker()
        workers.append(worker)
        try:
            contacts.save(worker, person("Ola Nordmann"))
        finally:
            worker.close()

    thread = threading.Thread(target=job)
    thread.start()
    thread.join()
    assert workers[0].changed
    assert store.changed


def test_a_worker_that_only_read_leaves_its_parent_unchanged(store):
    with store.worker() as worker:
        contacts.list_rows(worker)
    assert not store.changed


def test_a_worker_of_a_worker_counts_for_the_store(store):
    with store.worker() as worker:
        with worker.worker() as inner:
            contacts.save(inner, person("Per Hansen"))
    assert store.changed


def test_changes_are_still_known_after_closing(store):
    contacts.save(store, person("Kari Nordmann"))
    store.close()
    assert store.changed
