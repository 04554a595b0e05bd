"""Start-up time and peak memory: the app with ``--exit-when-shown`` against the bare window.

Each run is a fresh process, timed from spawn to exit (wall clock, so interpreter start,
imports, opening the database, building and showing the window, and teardown all count,
for the app and the baseline alike). Peak memory is that child's own ``ru_maxrss``
(``os.wait4``). Cold runs drop the page cache first, which needs root on Linux.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DROP_CACHES = Path("/proc/sys/vm/drop_caches")
BARE_WINDOW = Path(__file__).with_name("bare_window.py")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float


def child_env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def app_command(db: Path) -> list[str]:
    return [sys.executable, "-m", "beredskap_desktop", "--db", str(db), "--exit-when-shown"]


def bare_command() -> list[str]:
    return [sys.executable, str(BARE_WINDOW)]


def drop_page_cache() -> None:
    """Write dirty pages out, then drop the page cache, dentries and inodes (root only)."""
    os.sync()
    DROP_CACHES.write_text("3")


def can_drop_page_cache() -> bool:
    try:
        drop_page_cache()
    except OSError:
        return False
    return True


def run_once(command: list[str], cwd: Path) -> Run:
    """Run ``command`` to its end; its wall time and its own peak resident memory."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=child_env(), stdout=subprocess.DEVNULL, stderr=errors)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}:\n{message}")
    return Run(elapsed, usage.ru_maxrss / 1024)


def measure(commands: dict[str, list[str]], runs: int, cwd: Path, *, cold: bool) -> dict[str, list[Run]]:
    """``runs`` interleaved runs of each command; warm mode first runs each once unrecorded."""
    results: dict[str, list[Run]] = {name: [] for name in commands}
    if not cold:
        for command in commands.values():
            run_once(command, cwd)
    for _ in range(runs):
        for name, command in commands.items():
            if cold:
                drop_page_cache()
            results[name].append(run_once(command, cwd))
    return results
