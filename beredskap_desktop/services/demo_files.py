"""Reading the demo municipality's data files (``resources/demo/``) with clear messages."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.paths import resource_path

_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "beredskap_desktop/demo/fjordvik")


class BadRecord(Exception):
    """What is wrong with one record of a demo file."""


def read_json(name: str) -> dict:
    file = resource_path("demo", name)
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UserError(_("Cannot read the demo file {file}: {reason}").format(file=file, reason=error)) from None
    if not isinstance(document, dict):
        raise UserError(_("The demo file {file} must hold a JSON object.").format(file=file))
    return document


def keyed_records(name: str, top: str) -> list[dict]:
    """The records under ``top`` in a demo file, each with its own unique ``key``."""
    found = read_json(name).get(top)
    if not isinstance(found, list) or not all(isinstance(r, dict) for r in found):
        raise UserError(_("{file}: \"{top}\" must be a list of objects.").format(file=name, top=top))
    seen: set[str] = set()
    for index, record in enumerate(found, start=1):
        key = record.get("key")
        if not isinstance(key, str) or not key or key in seen:
            raise UserError(_("{file}, record {index}: every record needs its own \"key\".").format(file=name, index=index))
        seen.add(key)
    return found


def parse_records(name: str, found: list[dict], parse: Callable[[dict], object]) -> list:
    """Every record parsed by ``parse``; one ``UserError`` lists every bad record."""
    parsed, problems = [], []
    for record in found:
        try:
            parsed.append(parse(record))
        except BadRecord as bad:
            problems.append(_("{file}, \"{record}\": {problem}").format(file=name, record=record["key"], problem=bad))
    if problems:
        raise UserError("\n".join(problems))
    return parsed


def demo_id(kind: str, key: str) -> str:
    """The stable id of a record of the small demo (the same in every demo database)."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"{kind}:{key}"))


def no_unknown(record: dict, known: frozenset[str]) -> None:
    unknown = sorted(set(record) - known)
    if unknown:
        raise BadRecord(_("unknown field(s): {names}.").format(names=", ".join(unknown)))


