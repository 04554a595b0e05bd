"""The record of imports a database has taken, and the clock flags they raised."""

from __future__ import annotations

import json
from dataclasses import dataclass

from beredskap_desktop.domain.wrong_clocks import ClockFlag, ClockProblem
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.records import new_id

SNAPSHOT = "snapshot"
INCIDENTS = "incidents"


@dataclass(frozen=True)
class ImportRecord:
    id: str
    kind: str
    imported_at: str
    imported_by: str
    fingerprint: str
    sequence: int | None
    created_at: str
    data_as_of: str | None
    source_device: str
    summary: dict


_SELECT = ("SELECT id, kind, imported_at, imported_by, fingerprint, sequence, created_at, data_as_of, source_device, "
           "summary FROM snapshot_import")


def _record(row) -> ImportRecord:
    return ImportRecord(*row[:-1], json.loads(row[-1]))


def last(store: Store, kind: str) -> ImportRecord | None:
    row = store.conn.execute(f"{_SELECT} WHERE kind = ? ORDER BY imported_at DESC, rowid DESC LIMIT 1", [kind]).fetchone()
    return _record(row) if row else None


def all_imports(store: Store) -> list[ImportRecord]:
    return [_record(row) for row in store.conn.execute(f"{_SELECT} ORDER BY imported_at DESC, rowid DESC")]


def device_fingerprints(store: Store, source_device: str) -> set[str]:
    """The keys incident packages from ``source_device`` were signed with before."""
    return {f for (f,) in store.conn.execute(
        "SELECT fingerprint FROM snapshot_import WHERE kind = ? AND source_device = ?", [INCIDENTS, source_device])}


def record_in_transaction(store: Store, *, kind: str, imported_at: str, imported_by: str, fingerprint: str,
                          sequence: int | None, created_at: str, data_as_of: str | None, source_device: str,
                          file_sha256: str, summary: dict, flags: list[ClockFlag]) -> str:
    """Record an import and its clock flags (a chain keeps the first flag of each kind)."""
    import_id = new_id()
    store.conn.execute(
        "INSERT INTO snapshot_import (id, kind, imported_at, imported_by, fingerprint, sequence, created_at, data_as_of, "
        "source_device, file_sha256, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [import_id, kind, imported_at, imported_by, fingerprint, sequence, created_at, data_as_of, source_device,
         file_sha256, json.dumps(summary, sort_keys=True)])
    store.conn.executemany(
        "INSERT OR IGNORE INTO chain_flag (incident_id, device_id, reason, detail, flagged_at, import_id) VALUES (?, ?, ?, ?, ?, ?)",
        [(f.incident_id, f.device_id, f.problem.value, json.dumps({"seq": f.seq, "minutes": f.minutes}), imported_at, import_id)
         for f in flags])
    return import_id


def record_sequence_in_transaction(store: Store, fingerprint: str, sequence: int) -> None:
    """The trusted key's last imported sequence number becomes ``sequence`` unless it is higher."""
    store.conn.execute("UPDATE trusted_key SET last_sequence = max(coalesce(last_sequence, 0), ?) WHERE fingerprint = ?",
                       [sequence, fingerprint])


def clock_flags(store: Store, incident_id: str) -> list[ClockFlag]:
    """The wrong-clock flags recorded for the devices writing to an incident."""
    rows = store.conn.execute(
        "SELECT device_id, reason, detail FROM chain_flag WHERE incident_id = ? ORDER BY device_id, reason", [incident_id])
    flags = []
    for device, reason, detail in rows:
        values = json.loads(detail)
        flags.append(ClockFlag(incident_id, device, ClockProblem(reason), int(values["seq"]), int(values["minutes"])))
    return flags
