"""Files the app writes and questions it asks on the command line."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _

_YES = {"j", "ja", "y", "yes"}


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write through a temporary file in the same folder, then replace ``path`` with it."""
    try:
        handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False)
    except OSError as error:
        raise UserError(_("Cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)) from None
    try:
        with handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException as error:
        Path(handle.name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise UserError(_("Cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)) from None
        raise



def confirm_import() -> bool:
    """Ask "Import? [y/N]" on a terminal; without one (a script) the answer is no, with a hint."""
    if sys.stdin is None or not sys.stdin.isatty():  # no console (the windowed program) or a script
        print(_("Nothing imported: add --yes to import without a question."), file=sys.stderr)
        return False
    try:
        answer = input(_("Import? [y/N] "))
    except EOFError:
        answer = ""
    if answer.strip().casefold() not in _YES:
        print(_("Nothing imported."), file=sys.stderr)
        return False
    return True
