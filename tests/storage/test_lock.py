"""One writer per database: the lock beside it, and what a second opener gets."""

from __future__ import annotations

import errno
import os
import sqlite3

import pytest

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.storage import contacts, migrations
from beredskap_desktop.storage.database import DatabaseLockedError, ReadOnlyError, open_store
from beredskap_desktop.storage.lock import DatabaseLock, LockHeld
from tests.storage.samples import person

HOLD_OPEN = """
import sys
from beredskap_desktop.storage.database import open_store

store = open_store(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
"""


def test_second_writer_is_refused_with_the_owners_pid(store, english):
    with pytest.raises(DatabaseLockedError, match="another program") as caught:
        open_store(store.path)
    assert f"process {os.getpid()}" in str(caught.value)
    assert str(store.path) in str(caught.value)


def test_second_opener_may_open_read_only_and_sees_committed_writes(store):
    with open_store(store.path, locked_read_only=True) as viewer:
        assert viewer.read_only
        assert str(os.getpid()) in viewer.read_only_reason
        with pytest.raises(ReadOnlyError):
            contacts.save(viewer, person("Ola"))
        contacts.save(store, person("Kari"))
        assert [row.name for row in contacts.list_rows(viewer)] == ["Kari"]


def test_lock_is_free_after_close(db_path):
    first = open_store(db_path, create=True)
    first.close()
    with open_store(db_path) as second:
        assert not second.read_only


def test_lock_is_free_after_the_with_block(db_path):
    with open_store(db_path, create=True):
        pass
    with open_store(db_path) as again:
        assert not again.read_only


def test_closing_twice_is_harmless(db_path):
    store = open_store(db_path, create=True)
    store.close()
    store.close()
    open_store(db_path).close()


def test_a_refused_open_does_not_keep_the_lock(db_path):
    open_store(db_path, create=True).close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(f"INSERT INTO {migrations.MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (?, 'm9999_create_future', '')",
                     [migrations.MIGRATION_SET])
    conn.close()
    with pytest.raises(UserError):
        open_store(db_path)
    lock = DatabaseLock(db_path)
    lock.acquire()
    lock.release()


def test_lock_held_reports_the_owner_pid(db_path):
    owner = DatabaseLock(db_path)
    owner.acquire()
    try:
        with pytest.raises(LockHeld) as caught:
            DatabaseLock(db_path).acquire()
        assert caught.value.owner_pid == str(os.getpid())
    finally:
        owner.release()


def test_lock_of_a_killed_process_does_not_outlive_it(db_path, child):
    open_store(db_path, create=True).close()
    holder = child(HOLD_OPEN, str(db_path))
    assert holder.read_line() == "ready"
    with pytest.raises(DatabaseLockedError, match=rf"\b{holder.proc.pid}\b"):
        open_store(db_path)
    holder.kill()
    with open_store(db_path) as store:
        assert not store.read_only
        contacts.save(store, person("Kari"))


def test_a_medium_that_cannot_hold_the_lock_gives_a_plain_message_and_no_open_database(db_path, monkeypatch):
    open_store(db_path, create=True).close()

    def refuse(self):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(DatabaseLock, "acquire", refuse)
    with pytest.raises(UserError) as error:
        open_store(db_path)
    assert str(db_path) in str(error.value) and "Permission denied" in str(error.value)
    with open_store(db_path, read_only=True) as store:
        assert store.read_only
