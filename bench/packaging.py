"""``python -m bench.packaging``: the packaged app's size, and its start-up against running from source.

Builds the app with ``installer/build`` into a temporary folder (or measures an existing
``--dist DIR``), makes the demo database with the built app, then times
``beredskap-desktop --db X --exit-when-shown`` frozen and ``python -m beredskap_desktop`` with the
same arguments, interleaved, warm and (as root) cold. Prints a Markdown table for the
"Packaging" section of docs/BENCHMARKS.md and saves it in bench/results/.
Options: ``--runs N`` (default 5), ``--dist DIR``, ``--scale small|large`` (default small),
``--warm-only``.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import subprocess
import sys
import tempfile
from pathlib import Path

import beredskap_desktop
from bench import machine, report, startup
from bench.__main__ import commit
from bench.stats import median

ROOT = Path(__file__).resolve().parent.parent
SIZE_TARGET_MB, SIZE_GOAL_MB = 200, 160
START_TARGET = 1.2


def build(dist: Path, work: Path) -> None:
    done = subprocess.run([ROOT / "installer" / "build", "--dist", dist, "--work", work], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"installer/build failed (exit {done.returncode}):\n{done.stderr[-3000:]}")


def folder_size(app: Path) -> tuple[float, int]:
    """Size in MB (2^20 bytes, as ``du -m --apparent-size``; links count as nothing) and number of files."""
    files = [path for path in app.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files) / 2**20, len(files)


def render(results: dict) -> str:
    lines = [f"### Packaging results {results['date']}", ""]
    lines += report._table(("Machine", ""), list(results["machine"].items()))
    lines += ["", f"Commit {results['commit']}. PyInstaller one-folder bundle, stripped, no UPX. Median of {results['runs']} runs each, "
              f"{results['scale']} demo database. Cold start: {results['cold_note']}.", ""]
    size, files = results["size_mb"], results["files"]
    rows = [("Bundle size, dist/beredskap-desktop (MB)", f"{size:.0f}", "", "", f"≤ {SIZE_TARGET_MB} MB (goal {SIZE_GOAL_MB} MB)",
             report._met(size <= SIZE_TARGET_MB) + (", goal met" if size <= SIZE_GOAL_MB else "")),
            ("Files in the bundle", f"{files:,}", "", "", "–", "–")]
    for mode in ("cold", "warm"):
        if mode not in results:
            rows.append((f"{mode.capitalize()} start to the main window (s)", "not measured", "", "", f"≤ {START_TARGET:g}×", results["cold_note"]))
            continue
        frozen = median([run.seconds for run in results[mode]["frozen"]])
        source = median([run.seconds for run in results[mode]["source"]])
        ratio = round(frozen / source, 2)
        rows.append((f"{mode.capitalize()} start to the main window, median (s)", f"{frozen:.3f}", f"{source:.3f}", f"{ratio:.2f}×",
                     f"≤ {START_TARGET:g}×", report._met(ratio <= START_TARGET)))
    warm = results["warm"]
    rss_frozen = median([run.peak_rss_mb for run in warm["frozen"]])
    rss_source = median([run.peak_rss_mb for run in warm["source"]])
    rows.append(("Peak RSS, main window shown, warm, median (MB)", f"{rss_frozen:.0f}", f"{rss_source:.0f}", f"{rss_frozen / rss_source:.2f}×", "–", "–"))
    lines += report._table(("Benchmark", "Frozen app", "From source", "Ratio", "Target", "Met"), rows)
    lines += ["", "Frozen: `dist/beredskap-desktop/beredskap-desktop --db X --exit-when-shown`; from source: "
              "`.venv/bin/python -m beredskap_desktop --db X --exit-when-shown` (bytecode compiled first). "
              "Both offscreen, timed from spawn to exit."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.packaging", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median reported; default 5)")
    parser.add_argument("--dist", type=Path, help="measure DIST/beredskap-desktop instead of building it")
    parser.add_argument("--scale", choices=("small", "large"), default="small", help="the demo database to start on")
    parser.add_argument("--warm-only", action="store_true", help="skip the cold start")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    progress = report.Progress()
    with tempfile.TemporaryDirectory(prefix="beredskap-bench-packaging-") as temporary:
        workdir = Path(temporary)
        dist = (args.dist or workdir / "dist").resolve()  # commands run in workdir
        if args.dist is None:
            progress.step("building the app with installer/build")
            build(dist, workdir / "build")
        app = dist / "beredskap-desktop"
        results: dict = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                         "machine": machine.describe(workdir), "commit": commit(), "runs": args.runs, "scale": args.scale}
        results["size_mb"], results["files"] = folder_size(app)

        progress.step(f"making the {args.scale} demo database with the built app")
        db = workdir / "demo.sqlite"
        subprocess.run([app / "beredskap", "demo", "--db", db, "--scale", args.scale], cwd=workdir, env=startup.child_env(),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        compileall.compile_dir(Path(beredskap_desktop.__file__).parent, quiet=1)
        commands = {"frozen": [str(app / "beredskap-desktop"), "--db", str(db), "--exit-when-shown"],
                    "source": startup.app_command(db)}

        progress.step("warm start-up, frozen and from source")
        results["warm"] = startup.measure(commands, args.runs, workdir, cold=False)
        cold_allowed = not args.warm_only and startup.can_drop_page_cache()
        results["cold_note"] = ("page cache dropped before every run" if cold_allowed
                                else "skipped (--warm-only)" if args.warm_only
                                else "not measured: cannot write /proc/sys/vm/drop_caches (needs root)")
        if cold_allowed:
            progress.step("cold start-up (page cache dropped before each run)")
            results["cold"] = startup.measure(commands, args.runs, workdir, cold=True)
        progress.done()

    text = render(results)
    print(text)
    report.save(text, results, prefix="packaging-")
    return 0


if __name__ == "__main__":
    sys.exit(main())
