"""The incident log in the database: append (durable when it returns), page, verify.

Rows are never updated or deleted (SQL triggers refuse it). Each append reads its chain's
head and writes the next entry inside one ``BEGIN IMMEDIATE`` transaction, so two writers
can never number the same chain twice; the connection runs ``synchronous=FULL``, so the
entry is on disk when ``append`` returns.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from beredskap_desktop.domain.clock import from_iso, now_utc
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.log import (
    GENESIS, LINK_COLUMNS, Category, Channel, ChainResult, Draft, LogEntry, Operator, check_draft, seal, verify_chains,
)
from beredskap_desktop.domain.text import fold
from beredskap_desktop.i18n import _
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.records import new_id
from beredskap_desktop.storage.search import match_expression

_COLUMNS = ", ".join(LINK_COLUMNS)
_SELECT = f"SELECT {_COLUMNS} FROM log_entry"


@dataclass(frozen=True)
class Chain:
    """One device's chain in an incident: how many entries and its head (last hash)."""

    device_id: str
    count: int
    head: str


@contextmanager
def immediate(store: Store) -> Iterator[None]:
    """A write transaction that takes the write lock at once (``BEGIN IMMEDIATE``) and
    commits, durably, when the block ends; rolled back on any error."""
    store.require_writable()
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        store.conn.rollback()
        raise
    store.conn.commit()


def append(store: Store, incident_id: str, draft: Draft, *, device_id: str, operator: Operator,
           now: datetime | None = None) -> LogEntry:
    """Write ``draft`` as the next entry of this device's chain; committed when it returns.

    A closed incident takes only corrections. ``FieldError`` names a bad field."""
    with immediate(store):
        return append_in_transaction(store, incident_id, draft, device_id=device_id, operator=operator, now=now)


def append_in_transaction(store: Store, incident_id: str, draft: Draft, *, device_id: str, operator: Operator,
                          now: datetime | None = None) -> LogEntry:
    """``append`` inside the caller's write transaction."""
    recorded_at = now or now_utc()
    row = store.conn.execute("SELECT status FROM incident WHERE id = ?", [incident_id]).fetchone()
    if row is None:
        raise UserError(_("No incident with id {id}.").format(id=incident_id))
    if row[0] == "avsluttet" and draft.corrects is None:
        raise UserError(_("The incident is closed: its log takes only corrections of earlier entries."))
    errors = check_draft(draft, operator, recorded_at)
    if draft.corrects is not None:
        target = store.conn.execute("SELECT incident_id FROM log_entry WHERE id = ?", [draft.corrects]).fetchone()
        if target is None or target[0] != incident_id:
            errors.append(FieldError("corrects", _("Corrects: no entry {id} in this incident's log.").format(id=draft.corrects)))
    if errors:
        raise errors[0]
    head = store.conn.execute(
        "SELECT seq, hash FROM log_entry WHERE incident_id = ? AND device_id = ? ORDER BY seq DESC LIMIT 1",
        [incident_id, device_id],
    ).fetchone()
    seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS)
    entry = seal(draft, entry_id=new_id(), incident_id=incident_id, device_id=device_id, seq=seq,
                 prev_hash=prev_hash, recorded_at=recorded_at, operator=operator)
    search_text = fold(" ".join((entry.text, entry.source, entry.operator, entry.decided_by, entry.rationale)))
    store.conn.execute(
        f"INSERT INTO log_entry ({_COLUMNS}, search_text) VALUES ({', '.join('?' * (len(LINK_COLUMNS) + 1))})",
        [*entry.link, search_text],
    )
    return entry


def _entry(row) -> LogEntry:
    (seq, format_version, prev_hash, hash_, id_, incident_id, device_id, event_at, recorded_at, operator, role,
     category, channel, source, text, key_event, decided_by, rationale, corrects) = row
    return LogEntry(
        id=id_, incident_id=incident_id, device_id=device_id, seq=seq, event_at=from_iso(event_at),
        recorded_at=from_iso(recorded_at), operator=operator, role=role, category=Category(category),
        channel=Channel(channel) if channel else None, source=source, text=text, key_event=bool(key_event),
        decided_by=decided_by, rationale=rationale, corrects=corrects, prev_hash=prev_hash, hash=hash_,
        format_version=format_version,
    )


def get(store: Store, entry_id: str) -> LogEntry | None:
    row = store.conn.execute(f"{_SELECT} WHERE id = ?", [entry_id]).fetchone()
    return _entry(row) if row else None


def entries(store: Store, incident_id: str, *, offset: int = 0, limit: int = 200) -> list[LogEntry]:
    """A page of the incident's log across all chains, by event time, then recording time."""
    rows = store.conn.execute(
        f"{_SELECT} WHERE incident_id = ? ORDER BY event_at, recorded_at, device_id, seq LIMIT ? OFFSET ?",
        [incident_id, limit, offset],
    )
    return [_entry(row) for row in rows]


def count(store: Store, incident_id: str) -> int:
    return store.conn.execute("SELECT count(*) FROM log_entry WHERE incident_id = ?", [incident_id]).fetchone()[0]


def chains(store: Store, incident_id: str) -> list[Chain]:
    """The incident's chains by device, each with its head: what paper anchors."""
    # SQLite takes the bare column (hash) from the row where max(seq) is found.
    rows = store.conn.execute(
        "SELECT device_id, count(*), max(seq), hash FROM log_entry WHERE incident_id = ? GROUP BY device_id ORDER BY device_id",
        [incident_id],
    )
    return [Chain(device_id, entry_count, head) for device_id, entry_count, _seq, head in rows]


def corrections(store: Store, entry_id: str) -> list[LogEntry]:
    """The entries that correct ``entry_id``, oldest first."""
    return [_entry(row) for row in store.conn.execute(f"{_SELECT} WHERE corrects = ? ORDER BY recorded_at", [entry_id])]


def search(store: Store, incident_id: str, query: str) -> set[str] | None:
    """Ids of the incident's entries matching every typed word (``None``: nothing typed)."""
    expression = match_expression(query)
    if expression is None:
        return None
    # The full-text query runs once (a join would let SQLite run it once per entry of the incident).
    rows = store.conn.execute(
        "SELECT id FROM log_entry WHERE rowid IN (SELECT rowid FROM log_entry_fts WHERE log_entry_fts MATCH ?) AND incident_id = ?",
        [expression, incident_id],
    )
    return {id_ for (id_,) in rows}


def verify(store: Store, incident_id: str | None = None) -> list[ChainResult]:
    """Verify every chain (of one incident, or of all), streaming the entries in chain order."""
    where, params = ("WHERE incident_id = ?", [incident_id]) if incident_id else ("", [])
    cursor = store.conn.execute(f"{_SELECT} {where} ORDER BY incident_id, device_id, seq", params)
    try:
        return list(verify_chains(cursor))
    finally:
        cursor.close()

