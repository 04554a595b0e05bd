"""A document's content hash: canonical JSON of its content, the same for the same content
however it is computed, so the copies of a binder filed earlier keep matching."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from enum import Enum

import pytest

from beredskap_desktop.services.printing.documents import content_hash


class Method(Enum):
    CALL = "call"


@dataclass(frozen=True)
class Line:
    method: Method
    on: date
    names: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    title: str
    lines: tuple[Line, ...]
    extra: dict
    data_as_of: datetime


def test_the_hash_is_of_canonical_json_without_timestamps():
    sheet = Sheet("Kriseledelsen – Øyvik", (Line(Method.CALL, date(2026, 3, 4), ("Kari", "Åse")),), {"b": 1, "a": None},
                  datetime(2026, 11, 21, 16, 42, tzinfo=timezone.utc))
    canonical = ('{"extra":{"a":null,"b":1},"lines":[{"method":"call","names":["Kari","Åse"],"on":"2026-03-04"}],'
                 '"title":"Kriseledelsen – Øyvik"}')
    assert content_hash(sheet) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    later = Sheet(sheet.title, sheet.lines, sheet.extra, datetime(2027, 1, 1, tzinfo=timezone.utc))
    assert content_hash(later) == content_hash(sheet)


def test_content_that_json_cannot_hold_is_refused():
    with pytest.raises(TypeError):
        content_hash(Sheet("x", (), {"when": object()}, datetime(2026, 1, 1)))
