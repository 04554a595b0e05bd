"""The packaging recipes that need no build: the Linux desktop entry and the Windows portable zip."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"


@pytest.fixture
def app_folder(tmp_path) -> Path:
    """A stand-in for the built folder: the executables' names and the bundled icons."""
    app = tmp_path / "USB stick" / "beredskap-desktop"
    (app / "_internal" / "resources").mkdir(parents=True)
    shutil.copytree(ICONS, app / "_internal" / "resources" / "icons")
    for name in ("beredskap-desktop", "beredskap"):
        (app / name).write_text("#!/bin/sh\n")
        (app / name).chmod(0o755)
    return app


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_starts_the_gui_with_the_app_icon():
    entry = desktop_entry(ROOT / "installer" / "linux" / "beredskap-desktop.desktop")
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Exec"] == "beredskap-desktop"
    assert (ICONS / f"{entry['Icon']}.svg").is_file()
    assert entry["Categories"].endswith(";")


def test_installing_the_desktop_entry_points_it_at_the_app_and_adds_every_icon_size(app_folder, tmp_path):
    data = tmp_path / "xdg-data"
    result = subprocess.run([ROOT / "installer" / "linux" / "install-desktop-entry", app_folder],
                            capture_output=True, text=True, env={**os.environ, "XDG_DATA_HOME": str(data)}, timeout=60)
    assert result.returncode == 0, result.stderr
    entry = desktop_entry(data / "applications" / "beredskap-desktop.desktop")
    assert entry["Exec"] == f'"{app_folder / "beredskap-desktop"}"'  # quoted: the path holds a space
    sizes = sorted(int(path.parent.parent.name.split("x")[0]) for path in data.glob("icons/hicolor/*x*/apps/beredskap-desktop.png"))
    assert sizes == [16, 24, 32, 48, 64, 128, 256]
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "beredskap-desktop.svg").is_file()


def test_installing_the_desktop_entry_refuses_a_folder_without_the_app(tmp_path):
    result = subprocess.run([ROOT / "installer" / "linux" / "install-desktop-entry", tmp_path],
                            capture_output=True, text=True, env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "x")}, timeout=60)
    assert result.returncode == 1 and "beredskap-desktop is missing" in result.stderr
    assert not (tmp_path / "x").exists()


def test_the_portable_zip_holds_the_app_folder_with_an_empty_data_folder(app_folder):
    script = ROOT / "installer" / "windows" / "portable_zip.py"
    result = subprocess.run([sys.executable, script, app_folder], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written.parent == app_folder.parent and written.name.startswith("beredskap-desktop-") and "-windows-" in written.name
    names = zipfile.ZipFile(written).namelist()
    assert "beredskap-desktop/data/" in names and "beredskap-desktop/beredskap-desktop" in names
    assert not [name for name in names if name.startswith("beredskap-desktop/data/") and name != "beredskap-desktop/data/"]
    assert not (app_folder / "data").exists()  # the built folder itself stays as it was

    (app_folder / "data").mkdir()
    refused = subprocess.run([sys.executable, script, app_folder], capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "data" in refused.stderr
