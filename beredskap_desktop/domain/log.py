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
from operator import itemgetter

from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.i18n import N_, _

GENESIS = "0" * 64
CURRENT_FORMAT = 1
MAX_AHEAD = timedelta(minutes=5)  # an event time later than this after now is a typing error

# Every column any format hashes. A link is an entry as a tuple of LINK_COLUMNS, the way
# storage reads it: verification works on these, a million of them without an object each.
HASHED_COLUMNS = (
    "id", "incident_id", "device_id", "event_at", "recorded_at", "operator", "role", "category",
    "channel", "source", "text", "key_event", "decided_by", "rationale", "corrects",
)
LINK_COLUMNS = ("seq", "format", "prev_hash", "hash", *HASHED_COLUMNS)
_SEQ, _FORMAT, _PREV, _HASH, _ID, _INCIDENT, _DEVICE = range(7)
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
    def link(self) -> tuple:
        """The entry as stored and verified: ``LINK_COLUMNS``, timestamps as canonical text."""
        return (
            self.seq, self.format_version, self.prev_hash, self.hash, self.id, self.incident_id, self.device_id, iso_utc(self.event_at), iso_utc(self.recorded_at),
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
    return replace(entry, hash=entry_hash(entry.prev_hash, canonical_bytes(entry.link)))


# --- Canonical bytes and hashes ---------------------------------------------------------


class _Encoder:
    """The JSON object of one format as a ``%`` template, keys sorted, filled by C-level
    calls where it can (``verify`` of a million entries spends most of its time here)."""

    def __init__(self, version: int):
        keys = sorted((*FORMATS[version], "format"))
        fields = [key for key in keys if key != "format"]
        self.template = "{" + ",".join(f'"{key}":{version}' if key == "format" else f'"{key}":%s' for key in keys) + "}"
        texts = [key for key in fields if key not in _OPTIONAL and key not in _FLAGS]
        self.texts = itemgetter(*(LINK_COLUMNS.index(key) for key in texts))
        # (slot among the values, position in the link, whether a flag) of the others, by slot
        self.others = [(fields.index(key), LINK_COLUMNS.index(key), key in _FLAGS) for key in fields if key not in texts]

    def __call__(self, link: Sequence, normalise: bool) -> str:
        texts = self.texts(link)
        values = [*map(encode_basestring, map(nfc, texts) if normalise else texts)]
        for slot, index, flag in self.others:
            value = link[index]
            if flag:
                values.insert(slot, "true" if value else "false")  # bool, or 0/1 from SQLite
            else:
                values.insert(slot, "null" if value is None else encode_basestring(nfc(value) if normalise else value))
        return self.template % tuple(values)


_OPTIONAL = {"channel", "corrects"}
_FLAGS = {"key_event"}
_ENCODERS = {version: _Encoder(version) for version in FORMATS}


def canonical_bytes(link: Sequence) -> bytes:
    """The canonical bytes of the entry ``link`` (``LINK_COLUMNS``), by its format.

    Equal to the ``json.dumps`` of the module docstring (the tests check it). Strings are
    first encoded as they are; only when the result is not NFC are they normalised one by
    one (an entry written by this program is NFC already). A JSON text that is NFC cannot
    hold a string that is not: JSON escapes only ASCII characters that never compose.
    """
    encoder = _ENCODERS[link[_FORMAT]]
    text = encoder(link, False)
    if not unicodedata.is_normalized("NFC", text):
        text = encoder(link, True)
    return text.encode("utf-8")


def entry_hash(prev_hash: str, canonical: bytes) -> str:
    from hashlib import sha256  # here, not at the top: OpenSSL is not needed to start the program

    return sha256(prev_hash.encode("ascii") + canonical).hexdigest()


# --- Verification -----------------------------------------------------------------------


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


def verify_chain(links: Iterable[Sequence]) -> ChainResult:
    """Verify one chain, given as links (``LINK_COLUMNS`` tuples, as storage reads them or
    ``LogEntry.link``) in sequence order. Streams, holding two entries at a time.

    After the first break the rest is only counted. An entry deleted from the end cannot
    be seen here: compare the head with the one last printed.
    """
    iterator = iter(links)
    link = next(iterator, None)
    if link is None:
        return ChainResult("", "", 0, GENESIS)
    from hashlib import sha256

    incident_id, device_id = link[_INCIDENT], link[_DEVICE]
    count, previous, broken = 0, GENESIS, None
    while link is not None:
        following = next(iterator, None)
        count += 1
        if broken is None and not (  # the common case inline: intact and in its place
            link[_SEQ] == count and link[_PREV] == previous and link[_FORMAT] in _ENCODERS
            and sha256(previous.encode("ascii") + canonical_bytes(link)).hexdigest() == link[_HASH]
        ):
            broken = Broken(link[_ID], link[_SEQ], _problem(link, count, previous, following))
        previous = link[_HASH]
        link = following
    return ChainResult(incident_id, device_id, count, previous, broken)


def _problem(link: Sequence, position: int, previous: str, following: Sequence | None) -> Reason:
    """Why ``link``, at ``position`` after ``previous``, breaks the chain."""
    if link[_FORMAT] not in FORMATS:
        return Reason.UNKNOWN_FORMAT
    if entry_hash(link[_PREV], canonical_bytes(link)) != link[_HASH]:
        return Reason.CHANGED
    if (following is not None and following[_HASH] == link[_PREV]) or link[_SEQ] < position:
        return Reason.REORDERED
    if link[_SEQ] > position:
        return Reason.MISSING
    return Reason.WRONG_PREVIOUS


def verify_chains(links: Iterable[Sequence]) -> Iterator[ChainResult]:
    """Verify every chain in ``links``, given ordered by incident, device and sequence."""
    for _key, chain in itertools.groupby(links, key=itemgetter(_INCIDENT, _DEVICE)):
        yield verify_chain(chain)


def grouped(hex_text: str, size: int = 4) -> str:
    """``3f2a 9c1b 0d4e 77aa``: a hash in groups, to read aloud and compare with paper."""
    return " ".join(hex_text[index:index + size] for index in range(0, len(hex_text), size))
