"""Backups that are tested: a consistent copy, a restore test at once, a receipt, thinning.

A backup is a single SQLite file made with the SQLite backup API (never a plain copy of a
live WAL database) and switched to ``journal_mode=DELETE``, so it opens read-only anywhere.
Right after the copy it is restore-tested: opened read-only, ``PRAGMA integrity_check``,
the rows of every table counted against the source in the same read transaction the copy
was taken in, and every incident log chain verified. A JSON receipt beside it records the
file's SHA-256, the counts, the chains' heads and the test's result. Old backups are then
thinned by ``domain.retention`` (a backup and its receipt together).

Backups live beside the database, in ``backups/<database stem>/`` (see ``backup_folder``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta, timezone
from enum import Enum
from pathlib import Path

from beredskap_desktop.domain.clock import OSLO, from_iso, now_utc, to_iso
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.log import LINK_COLUMNS, verify_chains
from beredskap_desktop.domain.retention import DEFAULT_POLICY, Policy, keep
from beredskap_desktop.i18n import N_, _
from beredskap_desktop.services.files import write_atomically
from beredskap_desktop.storage import database
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.lock import DatabaseLock, LockHeld

FOLDER = "backups"
SUFFIX = ".sqlite"
RECEIPT_SUFFIX = ".json"
RECEIPT_FORMAT = 1
MAX_AGE = timedelta(hours=24)
_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"(?P<stamp>\d{8}T\d{6}Z)-(?P<reason>[a-z-]+?)(?:-(?P<n>\d+))?")


class Reason(str, Enum):
    """Why a backup was taken; part of its file name."""

    START = "start"
    CLOSE = "close"
    BEFORE_IMPORT = "before-import"
    BEFORE_MIGRATION = "before-migration"
    BEFORE_RESTORE = "before-restore"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return _(REASON_LABELS[self])


REASON_LABELS = {
    Reason.START: N_("at start"),
    Reason.CLOSE: N_("on close"),
    Reason.BEFORE_IMPORT: N_("before an import"),
    Reason.BEFORE_MIGRATION: N_("before an upgrade of the database"),
    Reason.BEFORE_RESTORE: N_("before a restore"),
    Reason.MANUAL: N_("taken by hand"),
}


@dataclass(frozen=True)
class ChainHead:
    """One incident log chain in a backup: its length and head (last hash)."""

    incident_id: str
    device_id: str
    count: int
    head: str


@dataclass(frozen=True)
class Receipt:
    """What a backup holds and how its latest restore test went (``ok``, ``problems``).

    ``path`` is the backup file; everything else is what its JSON receipt records."""

    path: Path
    size: int = 0
    sha256: str = ""
    created_at: str = ""
    reason: str = ""
    source: str = ""
    schema_version: str = ""
    row_counts: dict[str, int] = field(default_factory=dict)
    chains: tuple[ChainHead, ...] = ()
    ok: bool = False
    problems: tuple[str, ...] = ()
    tested_at: str = ""
    test_seconds: float = 0.0

    @property
    def receipt_path(self) -> Path:
        return receipt_path(self.path)

    @property
    def created(self) -> datetime | None:
        return from_iso(self.created_at)

    def to_json(self) -> bytes:
        record = asdict(self)
        record.pop("path")
        record = {"format": RECEIPT_FORMAT, "file": self.path.name, **record, "problems": list(self.problems),
                  "chains": [asdict(chain) for chain in self.chains]}
        return json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def backup_folder(db_path: str | Path) -> Path:
    """``<database folder>/backups/<database stem>/``.

    Beside the data rather than in a fixed place: with ``--db`` the backups follow that
    database, in portable mode they stay on the stick, and for the default database this
    is inside ``paths.data_dir()``. The stem keeps two databases in one folder apart."""
    path = Path(db_path).resolve()
    return path.parent / FOLDER / path.stem


def receipt_path(backup_path: Path) -> Path:
    return backup_path.with_suffix(RECEIPT_SUFFIX)


# --- Taking a backup ----------------------------------------------------------------------


def run_backup(source: Store | str | Path, *, reason: Reason | str, folder: str | Path | None = None,
               now: datetime | None = None, policy: Policy = DEFAULT_POLICY) -> Receipt:
    """Copy the database (an open store, even read-only, or a path: opened read-only here,
    never locked, so it works before a migration and while the app has it open), restore-test
    the copy, write its receipt and thin older backups. Raises ``UserError`` when no copy
    could be written; a copy that fails its test is kept, with ``ok`` false and the problems.
    """
    reason = Reason(reason)
    created = (now or now_utc()).replace(microsecond=0)
    with _source_connection(source) as (conn, source_path):
        target = Path(folder) if folder is not None else backup_folder(source_path)
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(_("Cannot make the backup folder {path}: {reason}").format(
                path=target, reason=error.strerror or error)) from None
        path = _free_name(target, created, reason)
        counts, schema = _copy(conn, path)
    receipt = Receipt(path=path, created_at=to_iso(created), reason=reason.value, source=str(source_path),
                      schema_version=schema, row_counts=counts, size=path.stat().st_size, sha256=_sha256(path))
    receipt = _write_receipt(_tested(receipt, expected_counts=counts))
    if receipt.ok:
        thin(target, policy=policy, spare=path)
    return receipt


def before_migration(db_path: Path) -> None:
    """A tested backup of a database about to be upgraded (``open_store(before_migrating=)``);
    the upgrade does not start when the backup fails its test."""
    receipt = run_backup(db_path, reason=Reason.BEFORE_MIGRATION)
    if not receipt.ok:
        raise UserError(_("The backup before upgrading {path} failed its test, so it is not upgraded: {problems}").format(
            path=db_path, problems=" ".join(receipt.problems)))


@contextmanager
def _source_connection(source: Store | str | Path) -> Iterator[tuple[sqlite3.Connection, Path]]:
    if isinstance(source, Store):
        yield source.conn, source.path
        return
    path = Path(source).resolve()
    if not path.is_file():
        raise UserError(_("No database at {path}.").format(path=path))
    conn = database._connect(path, read_only=True)
    try:
        yield conn, path
    finally:
        conn.close()


def _free_name(folder: Path, created: datetime, reason: Reason) -> Path:
    """``20261121T221810Z-manual.sqlite``, sortable by time; ``-2``, ``-3`` … in the same second."""
    base = f"{created.astimezone(timezone.utc).strftime(_STAMP)}-{reason.value}"
    path, number = folder / f"{base}{SUFFIX}", 1
    while path.exists() or receipt_path(path).exists():
        number += 1
        path = folder / f"{base}-{number}{SUFFIX}"
    return path


def _copy(conn: sqlite3.Connection, path: Path) -> tuple[dict[str, int], str]:
    """Copy with the backup API inside one read transaction on the source, so the row counts
    taken in it describe exactly the copy. Written to a part file, then renamed."""
    part = path.with_name(f".{path.name}.part")
    began = not conn.in_transaction
    try:
        if began:
            conn.execute("BEGIN")
        counts = _row_counts(conn)
        applied = database.applied_migrations(conn)
        copy = sqlite3.connect(part)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            copy.commit()
        finally:
            copy.close()
        with open(part, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(part, path)
        _sync_folder(path.parent)
    except (OSError, sqlite3.Error) as error:
        part.unlink(missing_ok=True)
        raise UserError(_("Cannot write the backup {path}: {reason}").format(
            path=path, reason=getattr(error, "strerror", None) or error)) from None
    finally:
        if began and conn.in_transaction:
            conn.rollback()
    return counts, (applied[-1] if applied else "")


def _row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per ordinary table (virtual tables are counted through their shadow tables)."""
    names = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- The restore test -------------------------------------------------------------------


def _tested(receipt: Receipt, *, expected_counts: dict[str, int]) -> Receipt:
    """``receipt`` with the result of opening its file read-only and checking it whole."""
    started = time.perf_counter()
    problems: list[str] = []
    chains: tuple[ChainHead, ...] = ()
    try:
        conn = sqlite3.connect(f"{receipt.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            problems, chains = _check(conn, expected_counts)
        finally:
            conn.close()
    except sqlite3.Error as error:
        problems.append(_("The backup cannot be read as a database: {reason}").format(reason=error))
    return replace(receipt, ok=not problems, problems=tuple(problems), chains=chains,
                   tested_at=to_iso(now_utc()), test_seconds=round(time.perf_counter() - started, 3))


def _check(conn: sqlite3.Connection, expected_counts: dict[str, int]) -> tuple[list[str], tuple[ChainHead, ...]]:
    problems = []
    integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems.append(_("The integrity check failed: {details}").format(details="; ".join(integrity[:5])))
        return problems, ()
    counts = _row_counts(conn)
    for table in sorted(set(counts) | set(expected_counts)):
        if counts.get(table) != expected_counts.get(table):
            problems.append(_("Table {table}: {found} rows in the backup, {expected} expected.").format(
                table=table, found=counts.get(table, "–"), expected=expected_counts.get(table, "–")))
    chains = []
    if "log_entry" in counts:
        cursor = conn.execute(f"SELECT {', '.join(LINK_COLUMNS)} FROM log_entry ORDER BY incident_id, device_id, seq")
        for result in verify_chains(cursor):
            chains.append(ChainHead(result.incident_id, result.device_id, result.count, result.head))
            if not result.valid:
                problems.append(_("Incident {incident}, device {device}: log entry {seq} {reason}.").format(
                    incident=result.incident_id, device=result.device_id, seq=result.first_broken.seq,
                    reason=result.first_broken.reason.label))
    return problems, tuple(chains)


def _write_receipt(receipt: Receipt) -> Receipt:
    write_atomically(receipt.receipt_path, lambda handle: handle.write(receipt.to_json()))
    return receipt


# --- Reading, verifying, listing --------------------------------------------------------


def read_receipt(backup_path: str | Path) -> Receipt:
    """The receipt beside ``backup_path`` as recorded; a missing or unreadable one gives a
    receipt with ``ok`` false saying so."""
    path = Path(backup_path)
    try:
        record = json.loads(receipt_path(path).read_text(encoding="utf-8"))
        chains = tuple(ChainHead(**chain) for chain in record.get("chains", ()))
        return Receipt(
            path=path, size=int(record["size"]), sha256=str(record["sha256"]), created_at=str(record["created_at"]),
            reason=str(record["reason"]), source=str(record.get("source", "")),
            schema_version=str(record.get("schema_version", "")),
            row_counts={str(k): int(v) for k, v in record.get("row_counts", {}).items()}, chains=chains,
            ok=record.get("ok") is True, problems=tuple(map(str, record.get("problems", ()))),
            tested_at=str(record.get("tested_at", "")), test_seconds=float(record.get("test_seconds", 0.0)),
        )
    except FileNotFoundError:
        problem = _("The receipt {path} is missing.").format(path=receipt_path(path))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        problem = _("The receipt {path} cannot be read: {reason}").format(path=receipt_path(path), reason=error)
    return Receipt(path=path, created_at=_created_from_name(path), problems=(problem,))


def _created_from_name(path: Path) -> str:
    match = _NAME.fullmatch(path.stem)
    if not match:
        return ""
    return to_iso(datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=timezone.utc))


def verify_backup(backup_path: str | Path) -> Receipt:
    """Re-run the restore test and compare size and SHA-256 with the receipt. The result is
    recorded in the receipt when its folder can be written; ``ok`` says whether it passed."""
    path = Path(backup_path).resolve()
    if not path.is_file():
        raise UserError(_("No backup at {path}.").format(path=path))
    recorded = read_receipt(path)
    if recorded.problems and not recorded.sha256:
        return recorded
    problems = []
    size, digest = path.stat().st_size, _sha256(path)
    if (size, digest) != (recorded.size, recorded.sha256):
        problems.append(_("The file has changed since the backup was taken (its SHA-256 differs from the receipt)."))
    tested = _tested(recorded, expected_counts=recorded.row_counts)
    recorded_heads = set(recorded.chains)
    if tested.ok and recorded_heads and set(tested.chains) != recorded_heads:
        problems.append(_("The incident log chains differ from those the receipt records."))
    result = replace(tested, chains=recorded.chains, problems=tuple(problems) + tested.problems,
                     ok=tested.ok and not problems)
    try:
        _write_receipt(result)
    except UserError:
        pass  # a backup on read-only media is verified all the same
    return result


def list_backups(folder: str | Path) -> list[Receipt]:
    """Every backup in ``folder``, newest first, as their receipts record them."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    paths = [path for path in folder.glob(f"*{SUFFIX}") if _NAME.fullmatch(path.stem)]
    receipts = [read_receipt(path) for path in paths]
    return sorted(receipts, key=lambda r: (r.created_at, int(_NAME.fullmatch(r.path.stem)["n"] or 1)), reverse=True)


def last_verified(folder: str | Path) -> Receipt | None:
    """The newest backup whose restore test passed, or ``None``."""
    return next((receipt for receipt in list_backups(folder) if receipt.ok), None)


def needs_backup(folder: str | Path, now: datetime | None = None) -> bool:
    """Whether the newest verified backup is missing or older than 24 hours."""
    receipt = last_verified(folder)
    return receipt is None or receipt.created is None or (now or now_utc()) - receipt.created >= MAX_AGE


def thin(folder: str | Path, *, policy: Policy = DEFAULT_POLICY, spare: Path | None = None) -> list[Path]:
    """Delete verified backups the retention policy does not keep (with their receipts);
    never ``spare``, and never a backup whose test failed (it stays to be looked at).
    Days, weeks and months are Oslo's. Returns the deleted backups."""
    verified = [receipt for receipt in list_backups(folder) if receipt.ok and receipt.created is not None]
    kept = keep([receipt.created.astimezone(OSLO) for receipt in verified], policy)
    deleted = []
    for index, receipt in enumerate(verified):
        if index in kept or (spare is not None and receipt.path.resolve() == spare.resolve()):
            continue
        try:
            receipt.receipt_path.unlink(missing_ok=True)
            receipt.path.unlink(missing_ok=True)
        except OSError:
            continue  # thinning again next time is harmless
        deleted.append(receipt.path)
    return deleted


# --- Restoring --------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    """A finished restore: the backup put back and the backup of what it replaced."""

    restored: Receipt
    previous: Receipt | None


def restore(backup_path: str | Path, db_path: str | Path, *, folder: str | Path | None = None,
            now: datetime | None = None) -> Restored:
    """Put ``backup_path`` in place of the database at ``db_path``.

    Refused (``UserError``, nothing changed) unless the backup verifies, or while another
    program holds the database's writer lock (the app must close its store first). The
    current state is backed up first (reason before-restore, into ``folder``, by default the
    database's backup folder). The current database is checkpointed so its WAL is empty,
    the verified copy replaces the file in one rename, stray ``-wal``/``-shm`` files are
    removed, and the result is tested again.
    """
    backup = verify_backup(backup_path)
    if not backup.ok:
        raise UserError(_("The backup {path} did not pass its test, so it is not restored: {problems}").format(
            path=backup.path, problems=" ".join(backup.problems)))
    db_path = Path(db_path).resolve()
    lock = DatabaseLock(db_path)
    try:
        lock.acquire()
    except LockHeld as held:
        raise database.DatabaseLockedError(
            _("{path} is open in another program (process {pid}). Close it there before restoring.").format(
                path=db_path, pid=held.owner_pid)) from None
    except OSError as error:
        raise UserError(_("Cannot lock {path}: {reason}").format(path=db_path, reason=error.strerror or error)) from None
    part = db_path.with_name(f".{db_path.name}.restore.part")
    try:
        _stage(backup.path, part)  # first, so thinning after the next backup cannot take it away
        previous = None
        if db_path.exists():
            previous = run_backup(db_path, reason=Reason.BEFORE_RESTORE, now=now,
                                  folder=folder if folder is not None else backup_folder(db_path))
            if not previous.ok:
                raise UserError(_("The backup of the current data failed its test, so nothing is restored: {problems}").format(
                    problems=" ".join(previous.problems)))
        _swap(part, db_path)
    finally:
        part.unlink(missing_ok=True)
        lock.release()
    result = _tested(replace(backup, path=db_path), expected_counts=backup.row_counts)
    if not result.ok:
        raise UserError(_("The restored database at {path} failed its test: {problems}").format(
            path=db_path, problems=" ".join(result.problems)))
    return Restored(backup, previous)


def _stage(backup: Path, part: Path) -> None:
    """A durable copy of the verified backup beside the database, to be renamed into place."""
    try:
        with open(backup, "rb") as source, open(part, "wb") as target:
            for block in iter(lambda: source.read(1 << 20), b""):
                target.write(block)
            target.flush()
            os.fsync(target.fileno())
    except OSError as error:
        raise UserError(_("Cannot restore into {path}: {reason}").format(
            path=part.parent, reason=error.strerror or error)) from None


def _swap(part: Path, db_path: Path) -> None:
    """Empty the current database's WAL into it, remove its side files (a stale WAL or
    journal must never be replayed into the restored file), then rename ``part`` over it."""
    try:
        if db_path.exists():
            conn = sqlite3.connect(db_path)
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("PRAGMA journal_mode=DELETE")
            finally:
                conn.close()
        for suffix in ("-wal", "-shm", "-journal"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        os.replace(part, db_path)
        _sync_folder(db_path.parent)
    except (OSError, sqlite3.Error) as error:
        raise UserError(_("Cannot restore into {path}: {reason}").format(
            path=db_path, reason=getattr(error, "strerror", None) or error)) from None


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles for this)."""
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
