"""The incident log (hendelseslogg): entries, their hash chain and its verification.

Every laptop appends to its own chain per incident (incident, device), numbered from 1, so
logs from several laptops merge as a union without rewriting anything. An entry is never
changed: a correction is a new entry pointing at the one it corrects.

**Canonical bytes, format 1.** The hashed fields of format 1 are ``FORMATS[1]``. Each
value is a JSON string, ``true``/``false`` or ``null``; strings are Unicode NFC and
timestamps are UTC ISO-8601 with microseconds (``2026-11-21T16:42:00.000000+00:00``). The
canonical bytes are the UTF-8 of the JSON object of those fields plus ``"format": 1``,
serialised as ``json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))``.
``hash = sha256(prev_hash + canonical bytes)`` as lower-case hex, where ``prev_hash`` is
the previous entry's hash as 64 ASCII hex digits, or ``GENESIS`` (64 zeros) for the first.

The sequence number and ``prev_hash`` are not among the hashed fields: the chain's order
is fixed by the links, and the verifier checks that the numbers run 1, 2, 3 … along them.
A later format adds fields under a new number; an entry keeps the format it was written
with, so old chains stay valid.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from enum import Enum
from json.encoder import encode_basestring
from typing import NamedTuple, Protocol

from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.i18n import N_, _

GENESIS = "0" * 64
CURRENT_FORMAT = 1
MAX_AHEAD = timedelta(minutes=5)  # an event time later than this after now is a typing error

# Every column any format hashes, in the order ``LogEntry.values`` and storage give them.
HASHED_COLUMNS = (
    "id", "incident_id", "device_id", "event_at", "recorded_at", "operator", "role", "category",
    "channel", "source", "text", "key_event", "decided_by", "rationale", "corrects",
)
FORMATS: dict[int, tuple[str, ...]] = {1: HASHED_COLUMNS}


class Category(str, Enum):
    INFORMATION = "informasjon"
    DECISION = "beslutning"
    ACTION = "tiltak"
    TASK = "oppgave"
    ALERT = "varsling"
    REPORT = "rapport"
    MEDIA = "media"
    NEXT_OF_KIN = "parorende"
    RESOURCE = "ressurs"

    @property
    def label(self) -> str:
        return _(CATEGORY_LABELS[self])


CATEGORY_LABELS = {
    Category.INFORMATION: N_("Information"),
    Category.DECISION: N_("Decision"),
    Category.ACTION: N_("Action"),
    Category.TASK: N_("Task"),
    Category.ALERT: N_("Alert"),
    Category.REPORT: N_("Report"),
    Category.MEDIA: N_("Media"),
    Category.NEXT_OF_KIN: N_("Next of kin"),
    Category.RESOURCE: N_("Resource"),
}


class Channel(str, Enum):
    PHONE_IN = "telefon-inn"
    PHONE_OUT = "telefon-ut"
    EMAIL_IN = "epost-inn"
    EMAIL_OUT = "epost-ut"
    NODNETT = "nodnett"
    SMS = "sms"
    MEETING = "mote"
    MEDIA = "media"
    OBSERVATION = "observasjon"

    @property
    def label(self) -> str:
        return _(CHANNEL_LABELS[self])


CHANNEL_LABELS = {
    Channel.PHONE_IN: N_("Phone in"),
    Channel.PHONE_OUT: N_("Phone out"),
    Channel.EMAIL_IN: N_("E-mail in"),
    Channel.EMAIL_OUT: N_("E-mail out"),
    Channel.NODNETT: N_("Nødnett"),
    Channel.SMS: N_("SMS"),
    Channel.MEETING: N_("Meeting"),
    Channel.MEDIA: N_("Media"),
    Channel.OBSERVATION: N_("Observation"),
}


@dataclass(frozen=True)
class Operator:
    """Who is at the keyboard: a name and a role, chosen when the incident opens (no passwords)."""

    name: str
    role: str = ""


@dataclass(frozen=True)
class Draft:
    """What the user writes; ``event_at`` ``None`` means now."""

    text: str
    category: Category = Category.INFORMATION
    event_at: datetime | None = None
    channel: Channel | None = None
    source: str = ""
    key_event: bool = False
    decided_by: str = ""
    rationale: str = ""
    corrects: str | None = None


@dataclass(frozen=True)
class LogEntry:
    id: str
    incident_id: str
    device_id: str
    seq: int
    event_at: datetime
    recorded_at: datetime
    operator: str
    role: str
    category: Category
    channel: Channel | None
    source: str
    text: str
    key_event: bool
    decided_by: str
    rationale: str
    corrects: str | None
    prev_hash: str
    hash: str
    format_version: int = CURRENT_FORMAT

    @property
    def values(self) -> tuple:
        """The hashed fields as stored, in ``HASHED_COLUMNS`` order."""
        return (
            self.id, self.incident_id, self.device_id, iso_utc(self.event_at), iso_utc(self.recorded_at),
            self.operator, self.role, self.category.value, self.channel.value if self.channel else None,
            self.source, self.text, self.key_event, self.decided_by, self.rationale, self.corrects,
        )


def iso_utc(moment: datetime) -> str:
    """The canonical timestamp: UTC, microseconds, ``+00:00``."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def check_draft(draft: Draft, operator: Operator, recorded_at: datetime) -> list[FieldError]:
    """What stops ``draft`` from being logged (empty when it can be)."""
    errors = []
    if not operator.name.strip():
        errors.append(FieldError("operator", _("Who is at the keyboard: a name is required.")))
    if not draft.text.strip():
        errors.append(FieldError("text", _("Text: required.")))
    if draft.event_at is not None:
        if draft.event_at.tzinfo is None:
            raise ValueError("event_at must carry its time zone")
        if draft.event_at > recorded_at + MAX_AHEAD:
            errors.append(FieldError("event_at", _("Time of event: it is in the future.")))
    if draft.category is Category.DECISION:
        if not draft.decided_by.strip():
            errors.append(FieldError("decided_by", _("Decision: say who decided.")))
        if not draft.rationale.strip():
            errors.append(FieldError("rationale", _("Decision: give the reason for it.")))
    return errors


def seal(draft: Draft, *, entry_id: str, incident_id: str, device_id: str, seq: int, prev_hash: str,
         recorded_at: datetime, operator: Operator) -> LogEntry:
    """The entry ``draft`` becomes as number ``seq`` after ``prev_hash``, texts trimmed and NFC."""
    recorded_at = recorded_at.astimezone(timezone.utc)
    entry = LogEntry(
        id=entry_id, incident_id=incident_id, device_id=device_id, seq=seq,
        event_at=(draft.event_at or recorded_at).astimezone(timezone.utc), recorded_at=recorded_at,
        operator=nfc(operator.name.strip()), role=nfc(operator.role.strip()), category=draft.category,
        channel=draft.channel, source=nfc(draft.source.strip()), text=nfc(draft.text.strip()),
        key_event=draft.key_event, decided_by=nfc(draft.decided_by.strip()), rationale=nfc(draft.rationale.strip()),
        corrects=draft.corrects or None, prev_hash=prev_hash, hash="",
    )
    return _with_hash(entry)


def _with_hash(entry: LogEntry) -> LogEntry:
    return replace(entry, hash=entry_hash(entry.prev_hash, canonical_bytes(entry.format_version, entry.values)))


# --- Canonical bytes and hashes ---------------------------------------------------------


def _json_value(value) -> str:
    """A string, ``None``, or a flag (a boolean, or 0/1 as SQLite stores it)."""
    if isinstance(value, str):
        return encode_basestring(nfc(value))
    if value is None:
        return "null"
    return "true" if value else "false"


def _template(version: int) -> tuple[str, tuple[int, ...]]:
    """The JSON object of ``version`` with ``%s`` for each value, keys sorted, and the
    positions in ``HASHED_COLUMNS`` of the values in the order they fill it."""
    keys = sorted((*FORMATS[version], "format"))
    parts = [f'"{key}":{version}' if key == "format" else f'"{key}":%s' for key in keys]
    return "{" + ",".join(parts) + "}", tuple(HASHED_COLUMNS.index(key) for key in keys if key != "format")


_TEMPLATES = {version: _template(version) for version in FORMATS}


def canonical_bytes(version: int, values: Sequence) -> bytes:
    """The canonical bytes of an entry of format ``version`` whose hashed fields are
    ``values`` (in ``HASHED_COLUMNS`` order: strings, booleans, ``None``).

    Equal to the ``json.dumps`` of the module docstring (the tests check it), built from
    a template because verifying a million entries spends most of its time here.
    """
    template, positions = _TEMPLATES[version]
    return (template % tuple(_json_value(values[i]) for i in positions)).encode("utf-8")


def entry_hash(prev_hash: str, canonical: bytes) -> str:
    from hashlib import sha256  # here, not at the top: OpenSSL is not needed to start the program

    return sha256(prev_hash.encode("ascii") + canonical).hexdigest()


# --- Verification -----------------------------------------------------------------------


class Chained(Protocol):
    """What verification reads of an entry: a ``LogEntry`` or a stored ``Link``."""

    id: str
    seq: int
    format_version: int
    prev_hash: str
    hash: str
    incident_id: str
    device_id: str

    @property
    def values(self) -> Sequence: ...


class Link(NamedTuple):
    """An entry as verification needs it, read straight from storage."""

    id: str
    seq: int
    format_version: int
    prev_hash: str
    hash: str
    values: tuple  # the hashed fields, in HASHED_COLUMNS order

    @property
    def incident_id(self) -> str:
        return self.values[1]

    @property
    def device_id(self) -> str:
        return self.values[2]


class Reason(str, Enum):
    CHANGED = "changed"
    MISSING = "missing"
    REORDERED = "reordered"
    WRONG_PREVIOUS = "wrong-previous"
    UNKNOWN_FORMAT = "unknown-format"

    @property
    def label(self) -> str:
        return _(REASON_LABELS[self])


REASON_LABELS = {
    Reason.CHANGED: N_("its content was changed after it was written"),
    Reason.MISSING: N_("an entry before it is missing (a gap in the numbers)"),
    Reason.REORDERED: N_("the entries are out of order"),
    Reason.WRONG_PREVIOUS: N_("it does not follow the entry before it (wrong previous hash)"),
    Reason.UNKNOWN_FORMAT: N_("it is in a format this version does not know (update the program)"),
}


@dataclass(frozen=True)
class Broken:
    entry_id: str
    seq: int
    reason: Reason


@dataclass(frozen=True)
class ChainResult:
    """One chain (incident, device): its length, its head (the last entry's hash, what
    paper anchors) and the first broken entry, if any."""

    incident_id: str
    device_id: str
    count: int
    head: str
    first_broken: Broken | None = None

    @property
    def valid(self) -> bool:
        return self.first_broken is None


def verify_chain(entries: Iterable[Chained]) -> ChainResult:
    """Verify one chain given in sequence order; streams, holding two entries at a time.

    After the first break the rest is only counted. An entry deleted from the end cannot
    be seen here: compare the head with the one last printed.
    """
    iterator = iter(entries)
    entry = next(iterator, None)
    if entry is None:
        return ChainResult("", "", 0, GENESIS)
    incident_id, device_id = entry.incident_id, entry.device_id
    count, previous, broken = 0, GENESIS, None
    while entry is not None:
        following = next(iterator, None)
        count += 1
        if broken is None:
            reason = _problem(entry, count, previous, following)
            if reason is not None:
                broken = Broken(entry.id, entry.seq, reason)
        previous = entry.hash
        entry = following
    return ChainResult(incident_id, device_id, count, previous, broken)


def _problem(entry: Chained, position: int, previous: str, following: Chained | None) -> Reason | None:
    if entry.format_version not in FORMATS:
        return Reason.UNKNOWN_FORMAT
    if entry_hash(entry.prev_hash, canonical_bytes(entry.format_version, entry.values)) != entry.hash:
        return Reason.CHANGED
    if entry.seq == position and entry.prev_hash == previous:
        return None
    if (following is not None and following.hash == entry.prev_hash) or entry.seq < position:
        return Reason.REORDERED
    if entry.seq > position:
        return Reason.MISSING
    return Reason.WRONG_PREVIOUS


def verify_chains(entries: Iterable[Chained]) -> Iterator[ChainResult]:
    """Verify every chain in ``entries``, given ordered by incident, device and sequence."""
    for _key, chain in itertools.groupby(entries, key=lambda e: (e.incident_id, e.device_id)):
        yield verify_chain(chain)
