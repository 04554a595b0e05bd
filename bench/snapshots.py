"""``python -m bench.snapshots``: export and verify of a large snapshot, and its import (issue 6).

Builds the large demo database (seeded), grows a copy of it to about ``--target-mb`` MB with
the incident logs of past incidents, then measures, each run a fresh process with its peak RSS:

- export: ``services.snapshots.export_snapshot`` of the grown database (unencrypted, signed
  with a key made by ``keys.generate``, scrypt at its real cost), then ``verify_snapshot`` of
  the file; timed in the process from the call to its return (imports before the clock), and
  the scrypt part (unsealing the key, which export does once) timed apart in the same process;
- its baseline, the bare tools on the same file in the same round: ``sqlite3 DB ".backup OUT"``
  then ``sha256sum OUT`` (without the sqlite3 command: Python's backup API in a fresh process),
  each timed from spawn to exit;
- import: ``services.snapshot_import.import_snapshot`` of a snapshot of the large demo into a
  copy of it (another laptop), trusting the publisher's fingerprint; left out, with a note,
  when this checkout has no ``snapshot_import`` yet.

Prints Markdown tables and saves them with the raw figures in ``bench/results/snapshots-*``.
Options: ``--runs N`` (default 5), ``--seed N`` (default 1), ``--target-mb N`` (default 200),
``--keep DIR`` (work there and keep the files). ``bench/run --only snapshots`` runs it too.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import beredskap_desktop
from bench import machine, report, startup
from bench.__main__ import build_database, commit
from bench.stats import median

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET = 2.0
GNU_TIME = "/usr/bin/time"
PASSPHRASE = "bench-publisher-passphrase"
DEVICE = "bench-laptop"
ENTRIES_PER_INCIDENT = 40_000
PAST_INCIDENTS = [  # title, incident type
    ("Flom i Elvdalen", "flom"), ("Langvarig strømbrudd etter uvær", "strombrudd"),
    ("Bortfall av mobilnett og fasttelefon", "ekom-bortfall"), ("Løsepengevirus i kommunens IKT", "cyberangrep"),
    ("Øvelse: flom og evakuering", "flom"), ("Skogbrann ved Åsen", "skogbrann"), ("Ekstremvær Ingrid", "ekstremvaer"),
    ("Drikkevann forurenset", "vannforsyning"),
]

# The process's own peak (VmHWM of its memory since exec, in KiB). Not ru_maxrss: on Linux that
# starts at the spawning process's size, here the runner's, which holds the grown database's pages.
_PEAK = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024"
EXPORT_CHILD = f"""
import json, sys, time
from pathlib import Path
from beredskap_desktop.services import keys, snapshots
db, out, key_dir, passphrase = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
start = time.perf_counter()
keys.private_key(key_dir, passphrase)
scrypt = time.perf_counter() - start
start = time.perf_counter()
snapshots.export_snapshot(Path(db), out, key_dir, passphrase, source_device="{DEVICE}", now="2026-11-21T12:00:00Z")
seconds = time.perf_counter() - start
json.dump({{"seconds": seconds, "scrypt_seconds": scrypt, "peak_mb": {_PEAK}, "snapshot_mb": out.stat().st_size / 1e6}}, sys.stdout)
"""
VERIFY_CHILD = f"""
import json, sys, time
from pathlib import Path
from beredskap_desktop.services import snapshots
start = time.perf_counter()
verified = snapshots.verify_snapshot(Path(sys.argv[1]))
seconds = time.perf_counter() - start
json.dump({{"seconds": seconds, "peak_mb": {_PEAK}, "fingerprint": verified.fingerprint}}, sys.stdout)
"""
IMPORT_CHILD = f"""
import json, sys, time
from pathlib import Path
from beredskap_desktop.services import snapshot_import
from beredskap_desktop.storage.database import open_store
start = time.perf_counter()
with open_store(sys.argv[1]) as store:
    snapshot_import.import_snapshot(store, Path(sys.argv[2]), trust=sys.argv[3], imported_by="Bench")
seconds = time.perf_counter() - start
json.dump({{"seconds": seconds, "peak_mb": {_PEAK}}}, sys.stdout)
"""
BARE_BACKUP_CHILD = """
import sqlite3, sys
source = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
target = sqlite3.connect(sys.argv[2])
source.backup(target)
"""


def _child(code: str, *args: str) -> tuple[dict, float]:
    """Run ``code`` in a fresh interpreter; the JSON it printed and its wall time from spawn to exit."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=startup.child_env(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"child failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout), wall


def _timed(command: list[str]) -> tuple[float, float | None]:
    """Seconds from spawn to exit of ``command`` and its peak RSS in MB, as GNU time reports it
    (the tool is spawned by a process as small as ``time``); None without ``/usr/bin/time``."""
    measured = [GNU_TIME, "-f", "%M", *command] if Path(GNU_TIME).exists() else command
    start = time.perf_counter()
    done = subprocess.run(measured, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed (exit {done.returncode}): {done.stderr[-2000:]}")
    return seconds, (int(done.stderr.split()[-1]) / 1024 if measured is not command else None)


def bare_backup_command(db: Path, out: Path) -> tuple[list[str], str]:
    """The bare copy: the ``sqlite3`` command when installed, else Python's backup API."""
    tool = shutil.which("sqlite3")
    if tool:
        return [tool, str(db), f".backup '{out}'"], "sqlite3 .backup"
    return [sys.executable, "-c", BARE_BACKUP_CHILD, str(db), str(out)], "Python sqlite3 backup API"


def grow(db: Path, target_mb: float) -> dict:
    """Add past incidents with ``ENTRIES_PER_INCIDENT`` log entries each until ``db`` is ``target_mb``."""
    from beredskap_desktop.domain.incidents import Severity, Status
    from beredskap_desktop.domain.log import Operator
    from beredskap_desktop.storage import incidents
    from beredskap_desktop.storage.database import open_store

    start = time.perf_counter()
    added = 0
    with open_store(db) as store:
        while db.stat().st_size / 1e6 < target_mb:
            title, kind = PAST_INCIDENTS[added % len(PAST_INCIDENTS)]
            incident = incidents.start(store, title=title, incident_types=(kind,), severity=Severity.RED, device_id=DEVICE,
                                       operator=Operator("Kari Nordmann", "Loggfører"), exercise=title.startswith("Øvelse"),
                                       status=Status.ACTIVE)
            add_log(store, incident.id, ENTRIES_PER_INCIDENT)
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            added += 1
    entries = _count(db, "log_entry")
    return {"seconds": round(time.perf_counter() - start, 1), "incidents": added, "log_entries": entries,
            "mb": round(db.stat().st_size / 1e6, 1)}


MESSAGES = [
    "Vannstanden ved Åsen bru stiger, {n} cm over normalen. Brannvesenet overvåker.",
    "Ringte Ødegård på kommunalteknikk: pumpestasjon {n} går på aggregat.",
    "Beslutning: evakuere beboerne i Elvegata {n}-{m}. Skolen åpnes som evakuert- og pårørendesenter.",
    "Politiet melder stengt vei ved Fjordvik, omkjøring via fylkesvei {n}.",
    "Pressemelding nr. {n} sendt til NRK, lokalavisa og kommunens nettside.",
    "Sykehjemmet har strøm fra aggregat, drivstoff for {n} timer. Bestilt mer diesel.",
    "Frivillige fra Røde Kors ({n} personer) møtt opp på rådhuset, fordelt på to skift.",
    "Situasjonsrapport {n} sendt til Statsforvalteren.",
]


def add_log(store, incident_id: str, entries: int) -> None:
    """``entries`` more hash-chained log entries on the bench laptop's chain of the incident, written in one
    transaction with the domain's own hashing; the full-text index is rebuilt once (as ``bench.log`` does)."""
    from datetime import datetime, timedelta, timezone

    from beredskap_desktop.domain.log import CURRENT_FORMAT, LINK_COLUMNS, canonical_bytes, entry_hash, iso_utc
    from beredskap_desktop.domain.text import fold
    from beredskap_desktop.storage.records import new_id

    seq, prev = store.conn.execute(
        "SELECT seq, hash FROM log_entry WHERE incident_id = ? AND device_id = ? ORDER BY seq DESC LIMIT 1",
        [incident_id, DEVICE]).fetchone()
    start = datetime(2026, 11, 1, 6, 0, tzinfo=timezone.utc)
    columns = (*LINK_COLUMNS, "search_text")

    def rows():
        nonlocal prev
        for number in range(seq + 1, seq + entries + 1):
            stamp = iso_utc(start + timedelta(seconds=20 * number))
            text = MESSAGES[number % len(MESSAGES)].format(n=number % 97 + 3, m=number % 97 + 9)
            link = [number, CURRENT_FORMAT, prev, "", new_id(), incident_id, DEVICE, stamp, stamp,
                    "Kari Nordmann", "Loggfører", "informasjon", None, "", text, False, "", "", None]
            link[3] = prev = entry_hash(prev, canonical_bytes(link))
            yield (*link, fold(text))

    trigger = store.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'log_entry_ai'").fetchone()[0]
    with store.conn:
        store.conn.execute("DROP TRIGGER log_entry_ai")
        store.conn.executemany(f"INSERT INTO log_entry ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows())
        store.conn.execute("INSERT INTO log_entry_fts (log_entry_fts) VALUES ('rebuild')")
        store.conn.execute(trigger)


def _count(db: Path, table: str) -> int:
    import sqlite3

    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def measure_export(db: Path, folder: Path, key_dir: Path, runs: int) -> dict:
    """``runs`` rounds of our export and verify against the bare backup and sha256sum, interleaved."""
    out, bare_out = folder / "export.brdsnap", folder / "bare-backup.sqlite"
    backup_command, bare_name = bare_backup_command(db, bare_out)
    rounds = []
    for _ in range(runs):
        export, export_wall = _child(EXPORT_CHILD, str(db), str(out), str(key_dir), PASSPHRASE)
        verify, verify_wall = _child(VERIFY_CHILD, str(out))
        out.unlink()
        backup_s, backup_mb = _timed(backup_command)
        sha_s, sha_mb = _timed(["sha256sum", str(bare_out)])
        bare_out.unlink()
        rounds.append({"export": export, "export_wall_s": export_wall, "verify": verify, "verify_wall_s": verify_wall,
                       "bare_backup_s": backup_s, "bare_backup_peak_mb": backup_mb, "bare_sha256_s": sha_s, "bare_sha256_peak_mb": sha_mb})
    return {"bare_tool": bare_name, "rounds": rounds}


def measure_import(large: Path, folder: Path, key_dir: Path, runs: int) -> dict:
    """Import of a snapshot of the large demo into a fresh copy of it, ``runs`` times."""
    if importlib.util.find_spec("beredskap_desktop.services.snapshot_import") is None:
        return {"note": "not measured: this checkout has no services/snapshot_import.py yet"}
    snapshot = folder / "large.brdsnap"
    export, _wall = _child(EXPORT_CHILD, str(large), str(snapshot), str(key_dir), PASSPHRASE)
    fingerprint = _child(VERIFY_CHILD, str(snapshot))[0]["fingerprint"]
    runs_done = []
    for number in range(runs):
        laptop = folder / f"other-laptop-{number}.sqlite"
        shutil.copyfile(large, laptop)
        result, wall = _child(IMPORT_CHILD, str(laptop), str(snapshot), fingerprint)
        runs_done.append({**result, "wall_s": wall})
        for path in folder.glob(laptop.name + "*"):
            path.unlink()
        shutil.rmtree(folder / "backups", ignore_errors=True)
    return {"snapshot_mb": export["snapshot_mb"], "runs": runs_done}


def _mb(values: list[float | None]) -> str:
    return "not measured" if None in values else f"{median(values):.0f}"


def render(results: dict) -> str:
    growth, measured = results["growth"], results["export"]
    rounds = measured["rounds"]
    export = median([r["export"]["seconds"] for r in rounds])
    verify = median([r["verify"]["seconds"] for r in rounds])
    scrypt = median([r["export"]["scrypt_seconds"] for r in rounds])
    ours = median([r["export"]["seconds"] + r["verify"]["seconds"] for r in rounds])
    backup = median([r["bare_backup_s"] for r in rounds])
    sha = median([r["bare_sha256_s"] for r in rounds])
    bare = median([r["bare_backup_s"] + r["bare_sha256_s"] for r in rounds])
    ratio = round(ours / bare, 2)
    walls = median([r["export_wall_s"] + r["verify_wall_s"] for r in rounds])
    lines = [f"### Snapshots results {results['date']}", ""]
    lines += report._table(("Machine", ""), list(results["machine"].items()))
    lines += ["", f"Commit {results['commit']}. Median of {results['runs']} runs each, each run a fresh process; "
              f"large demo database (seed {results['seed']}, {results['large_mb']:.1f} MB) grown to {growth['mb']:.1f} MB with "
              f"{growth['incidents']} past incidents' logs ({growth['log_entries']:,} log entries, made in {growth['seconds']:.0f} s).", ""]
    snapshot_mb = median([r["export"]["snapshot_mb"] for r in rounds])
    rows = [
        (f"Export + verify of a {growth['mb']:.0f} MB database (snapshot {snapshot_mb:.0f} MB), median (s)", f"{ours:.2f}", f"{bare:.2f}",
         f"{ratio:.2f}×", f"≤ {RATIO_TARGET:g}×", report._met(ratio <= RATIO_TARGET)),
        ("· export (`export_snapshot`) / bare copy, median (s)", f"{export:.2f}", f"{backup:.2f}", f"{export / backup:.2f}×", "–", "–"),
        ("· · of which scrypt, unsealing the publisher key (s)", f"{scrypt:.2f}", "", "", "–", "–"),
        ("· verify (`verify_snapshot`) / bare sha256sum, median (s)", f"{verify:.2f}", f"{sha:.2f}", f"{verify / sha:.2f}×", "–", "–"),
        ("Export + verify as whole processes (Python start and imports included), median (s)", f"{walls:.2f}", f"{bare:.2f}",
         f"{walls / bare:.2f}×", "–", "–"),
        ("Export: peak RSS of its process, median (MB)", f"{median([r['export']['peak_mb'] for r in rounds]):.0f}",
         _mb([r["bare_backup_peak_mb"] for r in rounds]), "", "–", "–"),
        ("Verify: peak RSS of its process, median (MB)", f"{median([r['verify']['peak_mb'] for r in rounds]):.0f}",
         _mb([r["bare_sha256_peak_mb"] for r in rounds]), "", "–", "–"),
    ]
    imported = results["import"]
    if "runs" in imported:
        runs = imported["runs"]
        rows += [(f"Import of the large demo's snapshot ({imported['snapshot_mb']:.0f} MB) into another laptop's copy, median (s)",
                  f"{median([r['seconds'] for r in runs]):.2f}", "", "", "–", "–"),
                 ("Import: peak RSS of its process, median (MB)", f"{median([r['peak_mb'] for r in runs]):.0f}", "", "", "–", "–")]
    else:
        rows.append(("Import of the large demo's snapshot", imported["note"], "", "", "–", "–"))
    lines += report._table(("Benchmark", "beredskap_desktop", "Baseline", "Ratio", "Target", "Met"), rows)
    lines += ["", f"Baseline: the bare tools on the same file in the same round, each timed from spawn to exit: {measured['bare_tool']} "
              "to a new file, then `sha256sum` of that file. Ours: `export_snapshot` (unencrypted, private numbers blanked, "
              "signed; scrypt at its real cost) and `verify_snapshot` of the file, each in a fresh process, timed from the call "
              "to its return with imports before the clock. Peak RSS: our processes' own `VmHWM`, the bare tools' as GNU `time -f %M` gives it. The grown database has "
              f"{growth['incidents']} incidents of {ENTRIES_PER_INCIDENT:,} hash-chained log entries each, written with "
              "the domain's own hashing (eight kinds of realistic messages, one transaction per incident, full-text index rebuilt)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.snapshots", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median reported; default 5)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the large demo database (default 1)")
    parser.add_argument("--target-mb", type=float, default=200, help="size to grow the database to (default 200)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep its files")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    from beredskap_desktop.services import keys

    progress = report.Progress()
    with tempfile.TemporaryDirectory(prefix="beredskap-bench-snapshots-") as temporary:
        workdir = (args.keep or Path(temporary)).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        large, grown = workdir / f"large-seed{args.seed}.sqlite", workdir / "grown.sqlite"
        for stale in [*workdir.glob("*.sqlite*"), *workdir.glob("*.brdsnap")]:
            stale.unlink()
        shutil.rmtree(workdir / "keys", ignore_errors=True)
        compileall.compile_dir(Path(beredskap_desktop.__file__).parent, quiet=1)
        results: dict = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                         "machine": machine.describe(workdir), "commit": commit(), "runs": args.runs, "seed": args.seed}

        progress.step("building the large demo database")
        build_database(large, args.seed, workdir)
        (workdir / (large.name + ".lock")).unlink(missing_ok=True)
        results["large_mb"] = large.stat().st_size / 1e6
        progress.step(f"growing a copy to {args.target_mb:g} MB with past incidents' logs")
        shutil.copyfile(large, grown)
        results["growth"] = grow(grown, args.target_mb)
        key_dir = workdir / "keys"
        keys.generate(key_dir, PASSPHRASE)

        progress.step("export + verify against sqlite3 .backup + sha256sum")
        results["export"] = measure_export(grown, workdir, key_dir, args.runs)
        progress.step("import of the large demo's snapshot")
        results["import"] = measure_import(large, workdir, key_dir, args.runs)
        progress.done()

    text = render(results)
    print(text)
    report.save(text, results, prefix="snapshots-")
    return 0


if __name__ == "__main__":
    sys.exit(main())
