"""``python -m bench``: build the large demo database, measure, print a results table.

Run from the repository root with the project's interpreter (``.venv/bin/python -m bench``).
Options: ``--runs N`` (default 5), ``--seed N`` (default 1), ``--keep DIR`` (build and
keep the database there instead of a temporary folder), ``--warm-only`` (skip the cold
start even when the page cache can be dropped).
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import beredskap_desktop
from bench import imports, machine, report, startup


def commit() -> str:
    """The checked-out commit, and whether the package has uncommitted changes."""
    root = Path(__file__).parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "beredskap_desktop"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + (" with uncommitted changes in beredskap_desktop/" if dirty else "")


def build_database(db: Path, seed: int, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "beredskap_desktop", "demo", "--db", str(db), "--scale", "large", "--seed", str(seed)],
                   cwd=cwd, env=startup.child_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def database_size_mb(db: Path) -> float:
    """The database with its WAL, if any, in MB."""
    files = [db, db.with_name(db.name + "-wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / 1e6


def run_measurement(module: str, db: Path, runs: int) -> dict:
    """``python -m bench.<module> DB --runs N`` in its own process; the JSON it prints."""
    done = subprocess.run([sys.executable, "-m", f"bench.{module}", str(db), "--runs", str(runs)], cwd=Path(__file__).parent.parent,
                          env=startup.child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"bench.{module} failed (exit {done.returncode}):\n{done.stderr[-3000:]}") from None
    if done.returncode != 0:
        result["exit_note"] = f"the {module} process wrote its results, then exited with {done.returncode} while shutting down"
    return result


def run_phases(db: Path, runs: int, cwd: Path) -> dict[str, list[float]]:
    """``runs`` fresh start-ups timed phase by phase (``bench.phases``); milliseconds per phase."""
    phases: dict[str, list[float]] = {}
    for _ in range(runs):
        command = [sys.executable, "-m", "bench.phases", repr(time.perf_counter()), str(db)]
        done = subprocess.run(command, cwd=Path(__file__).parent.parent, env=startup.child_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"bench.phases failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
        for phase, ms in json.loads(done.stdout).items():
            phases.setdefault(phase, []).append(ms)
    return phases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median reported; default 5)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the large demo database (default 1)")
    parser.add_argument("--keep", type=Path, help="build the database in this folder and keep it")
    parser.add_argument("--warm-only", action="store_true", help="skip the cold start")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    with tempfile.TemporaryDirectory(prefix="beredskap-bench-") as temporary:
        workdir = args.keep or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        db = workdir / f"large-seed{args.seed}.sqlite"
        for stale in workdir.glob(db.name + "*"):
            stale.unlink()
        # Bytecode as an installed or bundled app has it, even under PYTHONDONTWRITEBYTECODE.
        compileall.compile_dir(Path(beredskap_desktop.__file__).parent, quiet=1)
        results: dict = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                         "machine": machine.describe(workdir), "commit": commit(), "runs": args.runs, "seed": args.seed}
        progress = report.Progress()

        progress.step("building the large demo database")
        results["build_s"] = build_database(db, args.seed, workdir)
        results["db_mb"] = database_size_mb(db)

        commands = {"bare": startup.bare_command(), "app": startup.app_command(db)}
        progress.step("warm start-up and peak memory")
        results["warm"] = startup.measure(commands, args.runs, workdir, cold=False)
        cold_allowed = not args.warm_only and startup.can_drop_page_cache()
        results["cold_note"] = ("page cache dropped before every run" if cold_allowed
                                else "skipped (--warm-only)" if args.warm_only
                                else "not measured: cannot write /proc/sys/vm/drop_caches (needs root)")
        if cold_allowed:
            progress.step("cold start-up (page cache dropped before each run)")
            results["cold"] = startup.measure(commands, args.runs, workdir, cold=True)

        progress.step("start-up phases")
        results["phases"] = run_phases(db, args.runs, workdir)

        progress.step("import times on the start path (-X importtime)")
        results["imports_app"] = imports.profile(commands["app"], args.runs, workdir)
        results["imports_bare"] = imports.profile(commands["bare"], args.runs, workdir)

        progress.step("search as you type")
        results["search"] = run_measurement("search", db, args.runs)
        progress.step("plans and action cards")
        results["plans"] = run_measurement("plans", db, args.runs)  # the Ctrl+K search, a long plan, page searches
        progress.step("printing: the emergency binder and one action card")
        results["printing"] = run_measurement("printing", db, args.runs)  # the binder at most 3 times: tens of seconds each
        progress.done()

    text = report.render(results)
    print(text)
    report.save(text, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
