"""Opening the database: pragmas, the writer lock, read-only mode and schema checks.

Reads go through the plain ``sqlite3`` connection (``store.conn``); sqlite-utils
(``store.db``) is imported on first use, so a start-up that only reads stays fast.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import stat
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import migrations
from beredskap_desktop.storage.lock import DatabaseLock, LockHeld

BUSY_TIMEOUT_MS = 5000


class DatabaseLockedError(UserError):
    """Another program has the database open for writing."""


class ReadOnlyError(UserError):
    """A write was attempted on a database opened read-only."""


def _writable(path: Path) -> bool:
    """Whether we may write here: permission bits set (even for root) and access granted."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(path, os.W_OK)


class Store:
    """An open database: its connection, whether it is read-only and why, and its lock."""

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only_reason: str, lock: DatabaseLock | None,
                 parent: Store | None = None):
        self.conn = conn
        self.path = path
        self.read_only_reason = read_only_reason
        self._lock = lock
        self._db = None
        self._parent = parent
        self._baseline = conn.total_changes
        self._closed_changes: int | None = None  # this store's count once closed
        self._worker_changes = 0  # rows written by closed workers
        self._changes_lock = threading.Lock()

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    @property
    def db(self):
        """The sqlite-utils ``Database`` over the same connection."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    @property
    def changed(self) -> bool:
        """Whether this store or a closed worker made from it has written rows (INSERT, UPDATE,
        DELETE; a write rolled back counts too) since it was opened; migrations at open do not."""
        with self._changes_lock:
            return self._own_changes() + self._worker_changes > 0

    def _own_changes(self) -> int:
        if self._closed_changes is not None:
            return self._closed_changes
        return self.conn.total_changes - self._baseline

    def _add_worker_changes(self, count: int) -> None:
        with self._changes_lock:
            self._worker_changes += count

    def require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(_("The database is read-only: {reason}").format(reason=self.read_only_reason))

    def worker(self) -> Store:
        """A second connection to the same file for a background thread (a connection never
        crosses threads). It shares this store's lock and read-only state; close it after use."""
        return Store(_connect(self.path, read_only=self.read_only), self.path, self.read_only_reason, None,
                     parent=self._parent or self)

    def close(self) -> None:
        if self._closed_changes is None:
            with self._changes_lock:
                self._closed_changes = self._own_changes()
            self.conn.close()
            if self._parent is not None:
                self._parent._add_worker_changes(self._closed_changes)
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_store(path: str | Path, *, read_only: bool = False, create: bool = False, locked_read_only: bool = False,
               before_migrating: Callable[[Path], None] | None = None) -> Store:
    """Open (or with ``create`` make) the database at ``path``.

    Falls back to read-only when the file or its folder cannot be written. When another
    process holds the writer lock, ``locked_read_only`` opens read-only instead of raising
    ``DatabaseLockedError``. A file that is not a beredskap database, or one from a newer
    version, is refused before anything is written: no lock file, no switch to WAL.

    ``before_migrating(path)`` is called, with the writer lock held, when an existing
    database opened for writing has migrations pending, before any is applied (to back it
    up first). If it raises, nothing is migrated, the store is closed and the error passes on.
    """
    path = Path(path).resolve()
    if path.is_dir():
        raise UserError(_("{path} is a folder, not a database file.").format(path=path))
    if not path.exists():
        if not create:
            raise UserError(_("No database at {path}.").format(path=path))
        if read_only:
            raise UserError(_("Cannot create a database in read-only mode."))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(_("Cannot create {path}: {reason}").format(path=path, reason=error.strerror)) from None
        if not _writable(path.parent):
            raise UserError(_("Cannot create {path}: the folder is write-protected.").format(path=path))
    elif create:
        raise UserError(_("{path} already exists; choose another file.").format(path=path))
    reason = _("opened with --read-only") if read_only else ""
    if not reason and path.exists() and not (_writable(path) and _writable(path.parent)):
        reason = _("the file or the medium is write-protected")
    conn = _connect(path, read_only=bool(reason))
    lock = None
    try:
        applied = _refuse_foreign_or_newer(conn, path)
        if not reason:
            lock, reason = _take_lock(path, locked_read_only)
            if reason:
                conn.close()
                conn = _connect(path, read_only=True)
        store = Store(conn, path, reason, lock)
        _prepare(store, applied, None if create else before_migrating)
        store._baseline = store.conn.total_changes  # migrations are not the user's changes
    except BaseException:
        conn.close()
        if lock is not None:
            lock.release()
        raise
    return store


def _take_lock(path: Path, locked_read_only: bool) -> tuple[DatabaseLock | None, str]:
    """The writer lock, or with ``locked_read_only`` no lock and why the store is read-only."""
    lock = DatabaseLock(path)
    try:
        lock.acquire()
    except LockHeld as held:
        if not locked_read_only:
            raise DatabaseLockedError(
                _("{path} is open in another program (process {pid}). Close it there, or open read-only.").format(path=path, pid=held.owner_pid)
            ) from None
        return None, _("open in another program (process {pid})").format(pid=held.owner_pid)
    except OSError as error:  # a medium that cannot hold the lock file (some FAT drivers, odd shares)
        raise UserError(
            _("Cannot lock {path} for writing: {reason}. Open it read-only, or copy it to a local folder.").format(
                path=path, reason=error.strerror or error)
        ) from None
    return lock, ""


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection with this app's per-connection pragmas; it only reads the file."""
    try:
        if read_only:
            conn = _connect_read_only(path)
        else:
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA synchronous=FULL")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise UserError(_("{path} is not a beredskap database ({reason}).").format(path=path, reason=error)) from None
    return conn


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """``mode=ro``; for a WAL database on a write-protected medium, ``immutable=1``.

    ``immutable`` ignores a ``-wal`` file, so when one with content sits beside the database
    (the writer did not close cleanly), both are copied to a temporary folder and the copy is
    opened instead: the newest committed data is shown, not an older state.
    """
    uri = path.as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            conn = sqlite3.connect(f"{_copy_with_wal(path, wal).as_uri()}?mode=ro", uri=True)
        else:
            conn = sqlite3.connect(f"{uri}?immutable=1", uri=True)
    conn.execute("PRAGMA query_only=ON")
    return conn


def _copy_with_wal(path: Path, wal: Path) -> Path:
    """A copy of the database and its WAL in a temporary folder removed when the program ends."""
    folder = Path(tempfile.mkdtemp(prefix="beredskap-ro-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    shutil.copyfile(path, folder / path.name)
    shutil.copyfile(wal, folder / wal.name)
    return folder / path.name


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [migrations.MIGRATIONS_TABLE]
    ).fetchone()
    if not has_table:
        return []
    rows = conn.execute(
        f"SELECT name FROM {migrations.MIGRATIONS_TABLE} WHERE migration_set=? ORDER BY id",
        [migrations.MIGRATION_SET],
    )
    return [name for (name,) in rows]


def _refuse_foreign_or_newer(conn: sqlite3.Connection, path: Path) -> list[str]:
    """The applied migrations; raises for a newer version's database or another program's."""
    applied = applied_migrations(conn)
    known = migrations.known_names()
    if any(name not in known for name in applied):
        raise UserError(
            _("{path} was written by a newer version of beredskap_desktop. Update the program before opening it.").format(path=path)
        )
    if not applied and conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]:
        raise UserError(_("{path} is an SQLite file, but not a beredskap database.").format(path=path))
    return applied


def _prepare(store: Store, applied: list[str], before_migrating: Callable[[Path], None] | None) -> None:
    """Switch a writable database to WAL and migrate it (calling ``before_migrating`` first);
    a read-only one must be current."""
    pending = len(applied) < len(migrations.known_names())
    if store.read_only:
        if pending:
            raise UserError(
                _("{path} is from an older version and must be upgraded, which needs write access. Open it once without read-only.").format(path=store.path)
            )
        return
    if pending and before_migrating is not None:
        before_migrating(store.path)
    store.conn.execute("PRAGMA journal_mode=WAL")
    if pending:
        migrations.apply(store.db)
