"""Opening a database: pragmas, bad files, newer versions, read-only modes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.storage import contacts, migrations
from beredskap_desktop.storage.database import BUSY_TIMEOUT_MS, ReadOnlyError, open_store
from tests.storage.samples import person


def files_in(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def sqlite_side_files(path: Path, read_only: bool) -> set[str]:
    """What SQLite itself may leave beside a WAL database: a read-only connection cannot
    remove the -wal and -shm files it opened (a writable one removes them on close)."""
    return {path.name + "-wal", path.name + "-shm"} if read_only else set()


def make_database(path: Path, *names: str) -> None:
    """A closed database with people called ``names``, without the lock file (as when copied)."""
    with open_store(path, create=True) as store:
        for name in names:
            contacts.save(store, person(name))
    path.with_name(path.name + ".lock").unlink()


def pragma(conn: sqlite3.Connection, name: str):
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_pragmas_after_open(store):
    assert pragma(store.conn, "journal_mode") == "wal"
    assert pragma(store.conn, "synchronous") == 2
    assert pragma(store.conn, "foreign_keys") == 1
    assert pragma(store.conn, "busy_timeout") == BUSY_TIMEOUT_MS > 0
    assert pragma(store.conn, "query_only") == 0
    assert not store.read_only


def test_pragmas_after_reopen(db_path):
    make_database(db_path)
    with open_store(db_path) as store:
        assert pragma(store.conn, "journal_mode") == "wal"
        assert pragma(store.conn, "synchronous") == 2
        assert pragma(store.conn, "foreign_keys") == 1


def test_worker_connection_has_the_same_pragmas(store):
    worker = store.worker()
    try:
        assert pragma(worker.conn, "synchronous") == 2
        assert pragma(worker.conn, "foreign_keys") == 1
        assert pragma(worker.conn, "busy_timeout") == BUSY_TIMEOUT_MS
        assert worker.conn is not store.conn
    finally:
        worker.close()


def test_foreign_keys_are_enforced(store):
    with pytest.raises(sqlite3.IntegrityError):
        with store.conn:
            store.conn.execute(
                "INSERT INTO alert_list_member (id, alert_list_id, position, method, use_deputy) VALUES ('m', 'no-such-list', 1, 'ring', 1)"
            )


def test_missing_file_is_refused_and_nothing_is_created(tmp_path, english):
    with pytest.raises(UserError, match="No database") as caught:
        open_store(tmp_path / "nope.sqlite")
    assert "nope.sqlite" in str(caught.value)
    assert files_in(tmp_path) == set()


def test_create_makes_missing_folders(tmp_path):
    with open_store(tmp_path / "a" / "b" / "kommune.sqlite", create=True) as store:
        assert contacts.count(store) == 0


def test_create_refuses_an_existing_file(db_path, english):
    make_database(db_path, "Kari")
    with pytest.raises(UserError, match="already exists"):
        open_store(db_path, create=True)
    with open_store(db_path) as store:
        assert contacts.count(store) == 1


def test_create_read_only_is_refused(tmp_path):
    with pytest.raises(UserError):
        open_store(tmp_path / "new.sqlite", create=True, read_only=True)
    assert files_in(tmp_path) == set()


@pytest.mark.parametrize("read_only", [False, True])
def test_database_from_a_newer_version_is_refused_unchanged(db_path, english, read_only):
    make_database(db_path, "Kari")
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            f"INSERT INTO {migrations.MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (?, ?, ?)",
            [migrations.MIGRATION_SET, "m9999_create_future_things", "2031-01-01 00:00:00+00:00"],
        )
    conn.close()
    before, listing = db_path.read_bytes(), files_in(db_path.parent)
    with pytest.raises(UserError, match="newer version") as caught:
        open_store(db_path, read_only=read_only)
    assert str(db_path) in str(caught.value)
    assert db_path.read_bytes() == before
    assert listing <= files_in(db_path.parent) <= listing | sqlite_side_files(db_path, read_only)


def another_applications_database(path: Path, journal_mode: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode={journal_mode}")
    with conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places (url) VALUES ('https://www.dsb.no/')")
    conn.close()


@pytest.mark.parametrize("read_only", [False, True])
@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_sqlite_file_of_another_application_is_refused_unchanged(tmp_path, english, journal_mode, read_only):
    path = tmp_path / "places.sqlite"
    another_applications_database(path, journal_mode)
    before, listing = path.read_bytes(), files_in(tmp_path)
    with pytest.raises(UserError, match="not a beredskap database") as caught:
        open_store(path, read_only=read_only)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
    assert listing <= files_in(tmp_path) <= listing | sqlite_side_files(path, read_only and journal_mode == "wal")


@pytest.mark.parametrize("content", [
    "Navn;Mobil\nKari;41234567\n".encode() * 50,
    bytes(range(256)) * 8,
    b"SQLite format 3\x00" + b"\xff" * 1000,
])
@pytest.mark.parametrize("read_only", [False, True])
def test_a_file_that_is_no_database_is_refused_and_nothing_is_created(tmp_path, english, content, read_only):
    path = tmp_path / "kontakter.sqlite"
    path.write_bytes(content)
    with pytest.raises(UserError, match="not a beredskap database") as caught:
        open_store(path, read_only=read_only)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == content
    assert files_in(tmp_path) == {"kontakter.sqlite"}


def test_a_folder_is_refused_and_nothing_is_created(tmp_path):
    folder = tmp_path / "folder.sqlite"
    folder.mkdir()
    with pytest.raises(UserError) as caught:
        open_store(folder)
    assert str(folder) in str(caught.value)
    assert files_in(tmp_path) == {"folder.sqlite"}


def test_an_empty_path_is_refused_and_nothing_is_created(tmp_path, monkeypatch):
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    with pytest.raises(UserError):
        open_store("")
    assert files_in(tmp_path) == {"work"}


def test_read_only_open(db_path, english):
    make_database(db_path, "Kari")
    with open_store(db_path, read_only=True) as store:
        assert store.read_only
        assert store.read_only_reason
        assert pragma(store.conn, "query_only") == 1
        assert [row.name for row in contacts.list_rows(store)] == ["Kari"]
        with pytest.raises(ReadOnlyError, match="read-only"):
            contacts.save(store, person("Ola"))
        with pytest.raises(sqlite3.OperationalError):
            store.conn.execute("DELETE FROM contact")
    with open_store(db_path) as store:
        assert contacts.count(store) == 1


def test_read_only_open_takes_no_lock(db_path):
    make_database(db_path, "Kari")
    with open_store(db_path, read_only=True) as viewer, open_store(db_path) as writer:
        assert viewer.read_only and not writer.read_only


def test_write_protected_file_opens_read_only_with_a_reason(db_path, chmod):
    make_database(db_path, "Kari")
    chmod(db_path, 0o444)
    with open_store(db_path) as store:
        assert store.read_only
        assert store.read_only_reason
        assert contacts.count(store) == 1
        with pytest.raises(ReadOnlyError):
            store.require_writable()


def test_database_in_a_write_protected_folder_opens_read_only(tmp_path, chmod):
    stick = tmp_path / "stick"
    stick.mkdir()
    path = stick / "kommune.sqlite"
    make_database(path, "Kari", "Ola")
    chmod(stick, 0o555)
    with open_store(path) as store:
        assert store.read_only
        assert pragma(store.conn, "journal_mode") == "wal"
        assert contacts.count(store) == 2


class _ModeRoOnAWriteProtectedFolder:
    """What ``mode=ro`` gives for a WAL database in a folder the user cannot write (SQLite
    3.40, not as root): it connects, then the first read fails, with "attempt to write a
    readonly database" (or "unable to open database file" when a -wal file is there)."""

    def execute(self, *args):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    def close(self) -> None:
        pass


def test_wal_database_falls_back_to_immutable_when_mode_ro_cannot_read(db_path, monkeypatch):
    make_database(db_path, "Kari")
    real_connect = sqlite3.connect
    asked: list[str] = []

    def connect(database, *args, **kwargs):
        asked.append(str(database))
        if str(database).endswith("?mode=ro"):
            return _ModeRoOnAWriteProtectedFolder()
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    with open_store(db_path, read_only=True) as store:
        assert contacts.count(store) == 1
        assert pragma(store.conn, "query_only") == 1
    assert [uri.rsplit("?", 1)[-1] for uri in asked] == ["mode=ro", "immutable=1"]


def test_creating_in_a_write_protected_folder_says_so(tmp_path, chmod):
    folder = tmp_path / "stick"
    folder.mkdir()
    chmod(folder, 0o555)
    with pytest.raises(UserError, match="skrivebeskyttet"):
        open_store(folder / "kommune.sqlite", create=True)
    assert list(folder.iterdir()) == []


def test_a_wal_left_on_a_write_protected_medium_is_read_not_ignored(db_path, monkeypatch):
    """A writer that did not close cleanly leaves committed data in the -wal file; immutable=1
    would ignore it, so the reader opens a copy of both instead."""
    make_database(db_path, "Kari")
    stick = db_path.parent / "stick"
    stick.mkdir()
    with open_store(db_path) as store:
        store.conn.execute("PRAGMA wal_autocheckpoint=0")
        contacts.save(store, person("Ola"))
        for name in (db_path.name, db_path.name + "-wal"):  # the files as a crash would leave them
            (stick / name).write_bytes((db_path.parent / name).read_bytes())
    real_connect = sqlite3.connect

    def connect(database, *args, **kwargs):
        if str(database).endswith("?mode=ro") and "/stick/" in str(database):
            return _ModeRoOnAWriteProtectedFolder()
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    with open_store(stick / db_path.name, read_only=True) as store:
        assert sorted(r.name for r in contacts.list_rows(store)) == ["Kari", "Ola"]
