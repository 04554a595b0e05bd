"""Zip the built app folder for portable use: ``beredskap-desktop/`` with an empty ``data/`` beside
the executables, so the unpacked app keeps its database, backups and keys there.

Usage: python installer/windows/portable_zip.py dist/beredskap-desktop
Writes ``beredskap-desktop-VERSION-windows-ARCH.zip`` beside the folder and prints its path.
Python's zipfile keeps the empty folder (PowerShell's Compress-Archive would drop it).
"""

from __future__ import annotations

import platform
import shutil
import sys
import tempfile
from pathlib import Path

from beredskap_desktop import __version__


def portable_zip(app: Path) -> Path:
    if (app / "data").exists():
        raise SystemExit(f"{app / 'data'} exists: zip a freshly built folder, not one in use")
    name = f"beredskap-desktop-{__version__}-windows-{platform.machine().lower()}"
    with tempfile.TemporaryDirectory() as stage:
        folder = Path(stage) / "beredskap-desktop"
        shutil.copytree(app, folder)
        (folder / "data").mkdir()
        return Path(shutil.make_archive(str(app.parent / name), "zip", stage, folder.name))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: portable_zip.py APP_FOLDER")
    print(portable_zip(Path(sys.argv[1])))
