"""Creating a municipality database."""

from __future__ import annotations

import re
from pathlib import Path

from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import municipality
from beredskap_desktop.storage.database import open_store


def check_municipality(name: str, kommunenummer: str) -> tuple[str, str]:
    """Clean name and number, or ``FieldError`` naming the bad field."""
    name = " ".join(name.split())
    number = kommunenummer.strip()
    if not name:
        raise FieldError("name", _("Name of the municipality: required."))
    if not re.fullmatch(r"\d{4}", number):
        raise FieldError("kommunenummer", _("Municipality number: must be four digits, e.g. 0301."))
    return name, number


def create_municipality(path: Path, name: str, kommunenummer: str) -> None:
    """A new, empty database for one municipality at ``path`` (which must not exist)."""
    name, number = check_municipality(name, kommunenummer)
    with open_store(path, create=True) as store:
        municipality.set_municipality(store, name, number)
