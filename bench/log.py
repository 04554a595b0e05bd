"""The incident log: durable append and chain verification (run in its own process).

``python -m bench.log DB-or-FOLDER [--runs N] [--entries N]`` prints JSON. It works in a
temporary folder beside the given database (or in the given folder), so every figure is
on that disk, and removes the folder afterwards. It measures:

- append: ``storage.log.append`` one entry at a time, each a ``BEGIN IMMEDIATE`` … durable
  ``COMMIT`` (WAL, ``synchronous=FULL``), per entry, on a new log and on a log of
  ``--entries`` entries; the baseline is a bare ``sqlite3`` insert of a row of the same
  width and commit, in WAL with ``synchronous=FULL``, on the same disk;
- verify: ``storage.log.verify`` of one chain of ``--entries`` entries (default 1,000,000),
  each run in a fresh process, with that process's peak memory above what it held before
  verifying; the baseline reads the same rows with bare ``sqlite3`` and hashes each row's
  text (``sha256``) without the canonical JSON;
- the first page (200 entries by event time) and the count of that log, as the incident
  window reads them.

The chain is generated untimed: hashes computed with the domain's own functions, rows
written with one ``executemany`` in one transaction into the real schema, the full-text
index rebuilt once at the end.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.stats import median, p95

APPENDS_PER_RUN = 200
VERIFY_CHILD = """
import json, resource, sys, time
from beredskap_desktop.storage import log
from beredskap_desktop.storage.database import open_store

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

store = open_store(sys.argv[1], read_only=True)
before = peak_mb()
start = time.perf_counter()
[result] = log.verify(store, sys.argv[2])
seconds = time.perf_counter() - start
assert result.valid and result.count == int(sys.argv[3]), result
json.dump({"seconds": seconds, "peak_above_start_mb": peak_mb() - before, "peak_mb": peak_mb()}, sys.stdout)
"""
BARE_SCAN_CHILD = """
import hashlib, json, sqlite3, sys, time
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
start = time.perf_counter()
rows = 0
for row in conn.execute("SELECT prev_hash, hash, id, incident_id, device_id, event_at, recorded_at, operator, role, category, "
                        "channel, source, text, key_event, decided_by, rationale, corrects FROM log_entry "
                        "WHERE incident_id = ? ORDER BY incident_id, device_id, seq", [sys.argv[2]]):
    hashlib.sha256("|".join(map(str, row)).encode()).hexdigest()
    rows += 1
json.dump({"seconds": time.perf_counter() - start, "rows": rows}, sys.stdout)
"""


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _summary(values: list[float], digits: int = 3) -> dict:
    return {"median": round(median(values), digits), "p95": round(p95(values), digits), "n": len(values)}


def _new_log(db: Path, title: str):
    """A new database with one incident; its store and the incident id."""
    from beredskap_desktop.domain.incidents import Severity
    from beredskap_desktop.domain.log import Operator
    from beredskap_desktop.storage import incidents
    from beredskap_desktop.storage.database import open_store

    store = open_store(db, create=True)
    incident = incidents.start(store, title=title, incident_types=("flom",), severity=Severity.RED,
                               device_id="bench-laptop", operator=Operator("Kari Nordmann", "Loggfører"))
    return store, incident.id


def measure_append(store, incident_id: str, count: int) -> list[float]:
    from beredskap_desktop.domain.log import Draft, Operator
    from beredskap_desktop.storage import log

    operator = Operator("Kari Nordmann", "Loggfører")
    timings = []
    for number in range(count):
        draft = Draft(f"Melding {number}: vannstanden ved Åsen bru stiger, Ødegård ringte fra brannstasjonen")
        start = time.perf_counter()
        log.append(store, incident_id, draft, device_id="bench-laptop", operator=operator)
        timings.append(_ms(start))
    return timings


def measure_bare_insert(db: Path, count: int) -> list[float]:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, seq INTEGER, recorded_at TEXT, text TEXT, hash TEXT)")
    timings = []
    try:
        for number in range(count):
            start = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                         [f"{number:036d}", number, datetime.now(timezone.utc).isoformat(),
                          f"Melding {number}: vannstanden ved Åsen bru stiger, Ødegård ringte fra brannstasjonen", "0" * 64])
            conn.execute("COMMIT")
            timings.append(_ms(start))
    finally:
        conn.close()
    return timings


def generate_chain(store, incident_id: str, entries: int) -> None:
    """Append ``entries`` more entries to the bench laptop's chain in one transaction."""
    from beredskap_desktop.domain.log import CURRENT_FORMAT, LINK_COLUMNS, canonical_bytes, entry_hash, iso_utc
    from beredskap_desktop.domain.text import fold

    seq, prev = store.conn.execute(
        "SELECT seq, hash FROM log_entry WHERE incident_id = ? AND device_id = 'bench-laptop' ORDER BY seq DESC LIMIT 1",
        [incident_id]).fetchone()
    start = datetime(2026, 11, 21, 16, 0, tzinfo=timezone.utc)
    columns = (*LINK_COLUMNS, "search_text")

    def rows():
        nonlocal prev
        for number in range(seq + 1, seq + entries + 1):
            stamp = iso_utc(start + timedelta(seconds=number))
            text = f"Melding {number}: vannstanden ved Åsen bru stiger"
            link = [number, CURRENT_FORMAT, prev, "", f"entry-{number:030d}", incident_id, "bench-laptop", stamp, stamp,
                    "Kari Nordmann", "Loggfører", "informasjon", None, "", text, False, "", "", None]
            link[3] = prev = entry_hash(prev, canonical_bytes(link))
            yield (*link, fold(text))

    # The full-text index is rebuilt once at the end instead of row by row (ten times faster);
    # its trigger is put back as it was.
    trigger = store.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'log_entry_ai'").fetchone()[0]
    with store.conn:
        store.conn.execute("DROP TRIGGER log_entry_ai")
        store.conn.executemany(f"INSERT INTO log_entry ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows())
        store.conn.execute("INSERT INTO log_entry_fts (log_entry_fts) VALUES ('rebuild')")
        store.conn.execute(trigger)


def _child(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=Path(__file__).parent.parent,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"child failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def measure_pages(store, incident_id: str, runs: int) -> dict:
    from beredskap_desktop.storage import log

    first, counts = [], []
    for _ in range(runs):
        start = time.perf_counter()
        log.entries(store, incident_id, limit=200)
        first.append(_ms(start))
        start = time.perf_counter()
        log.count(store, incident_id)
        counts.append(_ms(start))
    return {"first_page_200_ms": _summary(first), "count_ms": _summary(counts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="a database (its folder is used) or a folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--entries", type=int, default=1_000_000, help="length of the chain to verify")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-log-", dir=args.db if args.db.is_dir() else args.db.parent))
    try:
        result = run(folder, args.runs, args.entries)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.flush()


def run(folder: Path, runs: int, entries: int) -> dict:
    appends = runs * APPENDS_PER_RUN
    store, incident_id = _new_log(folder / "append.sqlite", "Append")
    with store:
        measure_append(store, incident_id, 20)  # warm-up, unrecorded
        append_ms = measure_append(store, incident_id, appends)
    bare_ms = measure_bare_insert(folder / "bare.sqlite", appends + 20)[20:]

    store, incident_id = _new_log(folder / "large.sqlite", "Large")
    with store:
        start = time.perf_counter()
        generate_chain(store, incident_id, entries - 1)  # plus the start entry
        generate_s = time.perf_counter() - start
        append_large_ms = measure_append(store, incident_id, appends)
        total = entries + appends
        pages = measure_pages(store, incident_id, runs)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = str(folder / "large.sqlite")
    verify = [_child(VERIFY_CHILD, db, incident_id, str(total)) for _ in range(runs)]
    bare_scan = [_child(BARE_SCAN_CHILD, db, incident_id) for _ in range(runs)]
    return {
        "append_ms": _summary(append_ms),
        "bare_insert_ms": _summary(bare_ms),
        "append_ratio": round(median(append_ms) / median(bare_ms), 2),
        "append_to_large_log_ms": _summary(append_large_ms),
        "verify": {
            "entries": total,
            "seconds": _summary([v["seconds"] for v in verify], 2),
            "peak_above_start_mb": round(max(v["peak_above_start_mb"] for v in verify), 1),
            "peak_process_mb": round(max(v["peak_mb"] for v in verify), 1),
        },
        "bare_scan_and_hash_seconds": _summary([b["seconds"] for b in bare_scan], 2),
        "verify_ratio": round(median([v["seconds"] for v in verify]) / median([b["seconds"] for b in bare_scan]), 2),
        **pages,
        "generate_seconds": round(generate_s, 1),
        "database_mb": round((folder / "large.sqlite").stat().st_size / 1e6, 1),
        "folder": str(folder.parent),
    }


if __name__ == "__main__":
    main()
