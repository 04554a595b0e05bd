"""``beredskap self-test`` from source, as a user would run it: no display, no database of theirs."""

from __future__ import annotations

import os
import subprocess
import sys


def test_self_test_passes_headless_and_writes_nothing_outside_its_temporary_folder(tmp_path):
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    env = {name: value for name, value in os.environ.items() if name not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), TMPDIR=str(temp))
    result = subprocess.run([sys.executable, "-m", "beredskap_desktop", "self-test"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith(("OK ", "FAILED "))] == [
        "OK database", "OK demo", "OK pdf", "OK contacts round trip", "OK snapshot", "OK main window", "OK clean up",
    ]
    assert result.stdout == ""
    assert list(temp.iterdir()) == []  # cleaned up
    assert list(home.rglob("*beredskap*")) == []  # the user's data folder was never touched
