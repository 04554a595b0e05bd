"""The packaged app: built from this checkout with ``installer/build``, then run as a user would.

Building takes a minute or two, so these tests carry the ``bundle`` mark: ``./run-tests`` (and CI)
runs them, ``./run-tests -m "not bundle"`` leaves them out while working.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.bundle, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parent.parent
STEPS = ["database", "demo", "pdf", "contacts round trip", "snapshot", "main window", "clean up"]
MAX_MB = 200


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [ROOT / "installer" / "build", "--dist", work / "dist", "--work", work / "build"],
        capture_output=True, text=True, timeout=840,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return work / "dist" / "beredskap-desktop"


def user_env(home: Path, **extra: str) -> dict[str, str]:
    """No display and a user whose data folder is ``home``: nothing from the developer's session."""
    env = {name: value for name, value in os.environ.items() if name not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    return {**env, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), **extra}


def run(executable: Path, *args, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([executable, *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def test_the_bundle_passes_its_self_test(bundle, tmp_path):
    result = run(bundle / "beredskap", "self-test", env=user_env(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith(("OK ", "FAILED "))] == [f"OK {step}" for step in STEPS]
    assert list(tmp_path.rglob("*beredskap*")) == []  # the user's data folder was never touched


def test_a_data_folder_beside_the_executable_holds_the_database(bundle, tmp_path):
    stick = tmp_path / "stick" / "beredskap-desktop"
    shutil.copytree(bundle, stick)  # the folder moved elsewhere, as onto a USB stick
    home = tmp_path / "home"
    env = user_env(home, QT_QPA_PLATFORM="offscreen")
    without_data = run(stick / "beredskap-desktop", "--exit-when-shown", env=env, cwd=tmp_path)
    assert without_data.returncode == 1
    assert str(home / "data" / "beredskap_desktop" / "beredskap.sqlite") in without_data.stderr  # the per-user default

    (stick / "data").mkdir()
    portable_db = stick / "data" / "beredskap.sqlite"
    demo = run(stick / "beredskap", "demo", "--db", portable_db, env=env, cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    shown = run(stick / "beredskap-desktop", "--exit-when-shown", env=env, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr  # it found the demo: the only database is in data/
    assert list(home.rglob("*beredskap*")) == []


def test_the_bundle_is_lean_and_carries_what_windows_needs(bundle):
    internal = bundle / "_internal"
    size_mb = sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file() and not path.is_symlink()) / 2**20
    assert size_mb <= MAX_MB
    names = {path.name for path in internal.rglob("*")}
    assert not {name for name in names if "Network" in name or "QtQml" in name or "Qt6Quick" in name}
    assert not list(internal.glob("PySide6/**/translations/*.qm"))  # Qt's own translations are left out
    assert (internal / "tzdata" / "zoneinfo" / "Europe" / "Oslo").is_file()  # Windows has no system time zones
    assert (internal / "resources" / "translations" / "nb" / "LC_MESSAGES" / "beredskap_desktop.mo").is_file()
    assert (internal / "resources" / "fonts" / "DejaVu-LICENSE.txt").is_file()
    assert (internal / "resources" / "icons" / "beredskap-desktop.svg").is_file()  # installer/linux/install-desktop-entry
    assert not [link for link in bundle.rglob("*") if link.is_symlink()]  # a FAT or exFAT stick cannot hold links
