"""Situation reports (situasjonsrapporter): numbered per incident, written, approved and sent.

A report moves only forward: utkast → til godkjenning → godkjent → sendt (approval may be
given straight from a draft; sending needs approval). Once approved it cannot change: a
new report is made instead, usually by copying the previous one. The approval and sending
log entries carry the SHA-256 of the report's content, so the tamper-evident log anchors
what was approved and sent.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from enum import Enum

from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.domain.log import MAX_AHEAD, Channel, Operator, iso_utc, nfc
from beredskap_desktop.domain.phones import normalise_phone
from beredskap_desktop.i18n import N_, _

MAX_TEXT = 10_000
MAX_COUNT = 10_000_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SitrepStatus(str, Enum):
    DRAFT = "utkast"
    FOR_APPROVAL = "til-godkjenning"
    APPROVED = "godkjent"
    SENT = "sendt"

    @property
    def label(self) -> str:
        return _(SITREP_STATUS_LABELS[self])

    @property
    def editable(self) -> bool:
        return self in (SitrepStatus.DRAFT, SitrepStatus.FOR_APPROVAL)


SITREP_STATUS_LABELS = {
    SitrepStatus.DRAFT: N_("Draft"),
    SitrepStatus.FOR_APPROVAL: N_("For approval"),
    SitrepStatus.APPROVED: N_("Approved"),
    SitrepStatus.SENT: N_("Sent"),
}
_ORDER = list(SitrepStatus)


class SentVia(str, Enum):
    EMAIL = "epost"
    DSB_CIM = "dsb-cim"
    PHONE = "telefon"
    NODNETT = "nodnett"
    COURIER = "kurer"

    @property
    def label(self) -> str:
        return _(SENT_VIA_LABELS[self])


SENT_VIA_LABELS = {
    SentVia.EMAIL: N_("E-mail"),
    SentVia.DSB_CIM: N_("DSB-CIM"),
    SentVia.PHONE: N_("Phone"),
    SentVia.NODNETT: N_("Nødnett"),
    SentVia.COURIER: N_("Courier / paper"),
}
SENT_VIA_CHANNELS = {SentVia.EMAIL: Channel.EMAIL_OUT, SentVia.PHONE: Channel.PHONE_OUT, SentVia.NODNETT: Channel.NODNETT}


class CriticalFunction(str, Enum):
    POWER = "strom"
    ECOM = "ekom"
    WATER = "vann-avlop"
    ROADS = "vei"
    HEALTH = "helse-omsorg"
    MEDICINES = "legemidler"
    FUEL = "drivstoff"
    SCHOOLS = "skole-barnehage"

    @property
    def label(self) -> str:
        return _(FUNCTION_LABELS[self])


FUNCTION_LABELS = {
    CriticalFunction.POWER: N_("Power supply"),
    CriticalFunction.ECOM: N_("Electronic communications"),
    CriticalFunction.WATER: N_("Water and sewerage"),
    CriticalFunction.ROADS: N_("Roads"),
    CriticalFunction.HEALTH: N_("Health and care"),
    CriticalFunction.MEDICINES: N_("Medicines"),
    CriticalFunction.FUEL: N_("Fuel"),
    CriticalFunction.SCHOOLS: N_("Schools and kindergartens"),
}


class FunctionState(str, Enum):
    NORMAL = "normal"
    REDUCED = "redusert"
    OUT = "ute-av-drift"

    @property
    def label(self) -> str:
        return _(FUNCTION_STATE_LABELS[self])


FUNCTION_STATE_LABELS = {
    FunctionState.NORMAL: N_("Normal"),
    FunctionState.REDUCED: N_("Reduced"),
    FunctionState.OUT: N_("Out of service"),
}


@dataclass(frozen=True)
class FunctionStatus:
    """One critical function; ``state`` ``None``: not assessed."""

    function: CriticalFunction
    state: FunctionState | None = None
    comment: str = ""


@dataclass(frozen=True)
class Casualties:
    """Consequences for life and health; ``None``: not known."""

    dead: int | None = None
    injured: int | None = None
    evacuated: int | None = None
    missing: int | None = None


def _every_function() -> tuple[FunctionStatus, ...]:
    return tuple(FunctionStatus(function) for function in CriticalFunction)


@dataclass(frozen=True)
class SitrepContent:
    """What a report says (DOMAIN.md § 6.3). ``contact_phone`` in storage form once saved."""

    report_to: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    situation: str = ""
    casualties: Casualties = Casualties()
    functions: tuple[FunctionStatus, ...] = field(default_factory=_every_function)  # every function, in enum order
    measures_taken: str = ""
    planned_measures: str = ""
    needs: str = ""
    communication: str = ""
    other: str = ""
    next_report_at: datetime | None = None

    def function(self, function: CriticalFunction) -> FunctionStatus:
        return next((status for status in self.functions if status.function is function), FunctionStatus(function))


TEXT_FIELDS = ("report_to", "contact_name", "contact_email", "situation", "measures_taken", "planned_measures", "needs",
               "communication", "other")
FIELD_LABELS = {
    "report_to": N_("Report to"),
    "contact_name": N_("Contact person"),
    "contact_phone": N_("Contact phone"),
    "contact_email": N_("Contact e-mail"),
    "situation": N_("Situation"),
    "dead": N_("Dead"),
    "injured": N_("Injured"),
    "evacuated": N_("Evacuated"),
    "missing": N_("Missing"),
    "functions": N_("Critical functions"),
    "measures_taken": N_("Measures taken"),
    "planned_measures": N_("Planned measures"),
    "needs": N_("Needs for assistance and resources"),
    "communication": N_("Communication"),
    "other": N_("Other matters"),
    "next_report_at": N_("Next report"),
}


def label(name: str) -> str:
    return _(FIELD_LABELS[name])


@dataclass(frozen=True)
class Sitrep:
    id: str
    incident_id: str
    number: int
    content: SitrepContent
    created_at: datetime
    created_by: Operator
    updated_at: datetime
    updated_by: Operator
    status: SitrepStatus = SitrepStatus.DRAFT
    copied_from: str | None = None
    submitted_at: datetime | None = None
    submitted_by: Operator | None = None
    approved_at: datetime | None = None
    approved_by: Operator | None = None
    sent_at: datetime | None = None
    sent_by: Operator | None = None
    sent_via: SentVia | None = None


# --- Rules ------------------------------------------------------------------------------


def cleaned(content: SitrepContent) -> SitrepContent:
    """``content`` with texts trimmed, the phone number in storage form and every critical
    function once, in order. ``FieldError`` names a bad field (the first one found)."""
    errors = []
    texts = {name: getattr(content, name).strip() for name in TEXT_FIELDS}
    for name, text in texts.items():
        if len(text) > MAX_TEXT:
            errors.append(FieldError(name, _("{field}: at most {count} characters.").format(field=label(name), count=MAX_TEXT)))
    if texts["contact_email"] and not _EMAIL.match(texts["contact_email"]):
        errors.append(FieldError("contact_email", _("{field}: \"{value}\" is not an e-mail address.").format(
            field=label("contact_email"), value=texts["contact_email"])))
    phone = ""
    try:
        checked = normalise_phone(content.contact_phone, label("contact_phone"), allow_short=True)
        phone = checked.value if checked else ""
    except FieldError as error:
        errors.append(FieldError("contact_phone", error.message))
    for name in ("dead", "injured", "evacuated", "missing"):
        count = getattr(content.casualties, name)
        if count is not None and not 0 <= count <= MAX_COUNT:
            errors.append(FieldError(name, _("{field}: a number from 0 upwards (empty: not known).").format(field=label(name))))
    given = [status.function for status in content.functions]
    if len(given) != len(set(given)):
        errors.append(FieldError("functions", _("Critical functions: each function once.")))
    for status in content.functions:
        if len(status.comment.strip()) > MAX_TEXT:
            errors.append(FieldError("functions", _("{field}: at most {count} characters.").format(field=status.function.label, count=MAX_TEXT)))
    if content.next_report_at is not None and content.next_report_at.tzinfo is None:
        raise ValueError("next_report_at must carry its time zone")
    if errors:
        raise errors[0]
    functions = tuple(replace(content.function(function), comment=content.function(function).comment.strip())
                      for function in CriticalFunction)
    return replace(content, contact_phone=phone, functions=functions, **texts)


def check_complete(content: SitrepContent, now: datetime) -> list[FieldError]:
    """What a report needs before it goes for approval or is approved."""
    errors = []
    for name in ("report_to", "contact_name", "situation"):
        if not getattr(content, name).strip():
            errors.append(FieldError(name, _("{field}: required.").format(field=label(name))))
    if not (content.contact_phone.strip() or content.contact_email.strip()):
        errors.append(FieldError("contact_phone", _("Contact person: give a phone number or an e-mail address.")))
    if content.next_report_at is not None and content.next_report_at <= now:
        errors.append(FieldError("next_report_at", _("{field}: the time has passed.").format(field=label("next_report_at"))))
    return errors


def check_transition(sitrep: Sitrep, target: SitrepStatus) -> list[FieldError]:
    """Only forward, and sending only after approval."""
    if _ORDER.index(target) <= _ORDER.index(sitrep.status):
        return [FieldError("status", _("Situation report {number} is already {status}; a report only moves forward. Make a new report instead.").format(
            number=sitrep.number, status=sitrep.status.label.lower()))]
    if target is SitrepStatus.SENT and sitrep.status is not SitrepStatus.APPROVED:
        return [FieldError("status", _("Situation report {number} must be approved before it is sent.").format(number=sitrep.number))]
    return []


def check_edit(sitrep: Sitrep) -> list[FieldError]:
    if sitrep.status.editable:
        return []
    return [FieldError("status", _("Situation report {number} is {status} and cannot be changed. Copy it into a new report instead.").format(
        number=sitrep.number, status=sitrep.status.label.lower()))]


def check_sending(sitrep: Sitrep, sent_at: datetime, now: datetime) -> list[FieldError]:
    if sent_at.tzinfo is None:
        raise ValueError("sent_at must carry its time zone")
    if sent_at > now + MAX_AHEAD:
        return [FieldError("sent_at", _("Sent at: it is in the future."))]
    if sitrep.approved_at is not None and sent_at < sitrep.approved_at:
        return [FieldError("sent_at", _("Sent at: before the report was approved."))]
    return []


def copied(content: SitrepContent) -> SitrepContent:
    """A new report's content from the previous one; the next report time is left for the new one."""
    return replace(content, next_report_at=None)


# --- Content hash and log texts ---------------------------------------------------------


def content_hash(content: SitrepContent) -> str:
    """SHA-256 of the content as canonical JSON: every field of ``SitrepContent`` by name,
    sorted keys, texts NFC, timestamps UTC ISO-8601 with microseconds, enums by value.
    A field added to the content changes every hash: version the hash then, so the
    hashes already in logs can still be checked."""
    from hashlib import sha256

    def plain(value):
        if isinstance(value, str):
            return nfc(value)
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, datetime):
            return iso_utc(value)
        if isinstance(value, tuple):
            return [plain(item) for item in value]
        if hasattr(value, "__dataclass_fields__"):
            return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
        return value

    data = json.dumps(plain(content), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return sha256(data.encode("utf-8")).hexdigest()


def submitted_text(sitrep: Sitrep) -> str:
    return _("Situation report {number} for approval (to {to})").format(number=sitrep.number, to=sitrep.content.report_to)


def approved_text(sitrep: Sitrep, approver: Operator) -> str:
    who = f"{approver.name} ({approver.role})" if approver.role else approver.name
    return "\n".join((_("Situation report {number} approved by {who}").format(number=sitrep.number, who=who),
                      _("Content SHA-256: {hash}").format(hash=content_hash(sitrep.content))))


def sent_text(sitrep: Sitrep, via: SentVia) -> str:
    return "\n".join((_("Situation report {number} sent to {to} by {via}").format(number=sitrep.number, to=sitrep.content.report_to,
                                                                                   via=via.label),
                      _("Content SHA-256: {hash}").format(hash=content_hash(sitrep.content))))
