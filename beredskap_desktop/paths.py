"""Where things live: bundled resources, the data folder, portable mode.

The only module that knows about PyInstaller's ``sys._MEIPASS``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from beredskap_desktop import APP_NAME

DB_FILENAME = "beredskap.sqlite"


def _bundle_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """Path of a bundled file under ``resources/``."""
    return _bundle_root().joinpath("resources", *parts)


def portable_data_dir() -> Path | None:
    """A ``data/`` folder beside the frozen executable, when there is one."""
    if not getattr(sys, "frozen", False):
        return None
    candidate = Path(sys.executable).resolve().parent / "data"
    return candidate if candidate.is_dir() else None


def data_dir() -> Path:
    """The folder for the database, backups and keys (portable or per user)."""
    portable = portable_data_dir()
    if portable is not None:
        return portable
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME
