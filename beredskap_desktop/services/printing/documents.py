"""One document of a printout (a card, a plan, an alert list, a form) as the binder sees it:
a stable key, a title for the table of contents, the content its hash is taken of, and its
flowables."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache, partial
from typing import Callable

from reportlab.platypus import Flowable, PageBreak

from beredskap_desktop.services.printing.styles import FRAME_PADDING, MARGIN_SIDE, PAGE_SIZES

TIMESTAMP_FIELDS = frozenset({"data_as_of"})


@dataclass(frozen=True)
class PrintContext:
    """What every document's flowables need besides its own content."""

    municipality: str
    data_as_of: str  # as shown: "21.11.2026 17:42"
    page_size: str = "A4"

    @property
    def width(self) -> float:
        """The width flowables get in points: the page less its margins and the frame's padding."""
        return PAGE_SIZES[self.page_size][0] - 2 * MARGIN_SIDE - 2 * FRAME_PADDING


@dataclass(frozen=True)
class Part:
    """One document: ``story(context)`` returns its flowables, starting with a
    ``SectionStart`` whose ``PageInfo.key`` is ``key``."""

    key: str  # "card:<id>", "plan:<id>", "alert-list:<id>", "directory", "form:log"
    title: str
    content: object  # a frozen dataclass without timestamps: what changed means
    story: Callable[[PrintContext], list]


def content_hash(content: object) -> str:
    """SHA-256 of the content as canonical JSON, leaving out fields named in
    ``TIMESTAMP_FIELDS``, so printing the same content later gives the same hash."""
    return hashlib.sha256(json.dumps(content, default=_plain, sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode("utf-8")).hexdigest()


def _plain(value):
    """What JSON cannot hold as it is: a dataclass as its fields (json's C encoder does the
    rest, several times faster than walking the content in Python), an enum as its value, a
    date in ISO form."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: getattr(value, name) for name in _field_names(type(value))}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be hashed as content")


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls) if field.name not in TIMESTAMP_FIELDS)


def compose(parts: list[Part], context: PrintContext) -> list:
    """The flowables of ``parts`` one after the other, each starting on a new page; each
    part's flowables are made only when the layout reaches it."""
    story: list = []
    for part in parts:
        if story:
            story.append(PageBreak())
        story.append(Deferred(partial(part.story, context)))
    return story


class Deferred(Flowable):
    """Stands for flowables made when the layout reaches it: a binder of 10,000 pages never
    holds them all at once (and reportlab's queue stays short)."""

    sections = 1  # a part is one document, for progress

    def __init__(self, make: Callable[[], list]):
        super().__init__()
        self._make = make

    def wrap(self, available_width, available_height):
        return available_width, available_height + 1  # never fits: the frame asks to split

    def split(self, available_width, available_height):
        return self._make()
