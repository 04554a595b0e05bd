"""The plans-and-cards file, format version 1: reading it whole and strictly, and writing it.

A file is recognised by its content, never its name. Reading checks every field of every
record before anything uses the file, so one bad record refuses the whole file with a
message naming the record and the field. References to roles, incident types, plans,
alert lists and contacts stay as the file gives them; ``importing`` resolves them in a
database. Fields this version does not know are ignored (see the versioning rule in
docs/formats/plans-and-cards.md).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from beredskap_desktop.domain.cards import (
    MAX_DEADLINE_MINUTES, ActionCard, IncidentType, Phase, Step, card_to_dict, check_card, check_incident_type,
)
from beredskap_desktop.domain.clock import from_iso, to_iso
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.plans import Classification, LegalPart, Plan, PlanStatus, PlanType, Section, check_plan, plan_to_dict
from beredskap_desktop.i18n import _
from beredskap_desktop.storage.contacts import Role

FORMAT = "beredskap_desktop/plans-cards"
FORMAT_VERSION = 1
PLANS = "plans"
CARDS = "cards"
MAX_BYTES = 50 * 1024 * 1024
ALERT_LIST = "alert_list"
CONTACT = "contact"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Source:
    """Who exported the file."""

    municipality: str = ""
    kommunenummer: str = ""
    app_version: str = ""


@dataclass(frozen=True)
class PlanRef:
    """The plan a card belongs to, as the exporting database holds it."""

    id: str
    title: str


@dataclass(frozen=True)
class NotifyRef:
    """Whom a step notifies, as the exporting database names it: an alert list, or a
    contact with the name of the organisation it belongs to (empty for none)."""

    kind: str  # ALERT_LIST or CONTACT
    id: str
    name: str
    organisation: str = ""


@dataclass(frozen=True)
class SharedCard:
    """A card as a file holds it: its ``plan_id`` and its steps' notify ids are empty,
    ``plan`` and ``notify`` (one per step) say what they were."""

    card: ActionCard
    plan: PlanRef | None = None
    notify: tuple[NotifyRef | None, ...] = ()


@dataclass(frozen=True)
class Document:
    """One file's content. ``plans`` is filled for kind plans, ``cards`` for kind cards."""

    kind: str
    source: Source
    exported_at: datetime | None
    roles: tuple[Role, ...] = ()
    incident_types: tuple[IncidentType, ...] = ()
    plans: tuple[Plan, ...] = ()
    cards: tuple[SharedCard, ...] = ()


def record_where(kind: str, index: int, label: str) -> str:
    """How messages name a record: ``cards[3] (TK-04)``, ``plans[0] (Overordnet plan)``."""
    return f"{kind}[{index}] ({label})" if label else f"{kind}[{index}]"


# --- Writing ------------------------------------------------------------------------------


def document_to_dict(document: Document) -> dict:
    data = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "kind": document.kind,
        "exported_at": to_iso(document.exported_at) if document.exported_at else None,
        "source": {"municipality": document.source.municipality, "kommunenummer": document.source.kommunenummer,
                   "app_version": document.source.app_version},
        "roles": [{"id": role.id, "name": role.name} for role in document.roles],
        "incident_types": [{"code": t.code, "name": t.name, "description": t.description} for t in document.incident_types],
    }
    if document.kind == PLANS:
        data[PLANS] = [plan_to_dict(plan) for plan in document.plans]
    else:
        data[CARDS] = [_card_entry(shared) for shared in document.cards]
    return data


def document_bytes(document: Document) -> bytes:
    """The file as written: indented UTF-8 JSON, letters such as æøå as they are."""
    return (json.dumps(document_to_dict(document), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _card_entry(shared: SharedCard) -> dict:
    """``card_to_dict`` with the plan and each step's notification named, in the same places."""
    plan = {"id": shared.plan.id, "title": shared.plan.title} if shared.plan else None
    entry = {("plan" if key == "plan_id" else key): (plan if key == "plan_id" else value)
             for key, value in card_to_dict(shared.card).items()}
    entry["steps"] = [
        {("notify" if key == "notify_alert_list_id" else key): (_notify_entry(ref) if key == "notify_alert_list_id" else value)
         for key, value in step.items() if key != "notify_contact_id"}
        for step, ref in zip(entry["steps"], shared.notify or [None] * len(entry["steps"]))
    ]
    return entry


def _notify_entry(ref: NotifyRef | None) -> dict | None:
    if ref is None:
        return None
    if ref.kind == ALERT_LIST:
        return {ALERT_LIST: {"id": ref.id, "name": ref.name}}
    return {CONTACT: {"id": ref.id, "name": ref.name, "organisation": ref.organisation}}


# --- Reading ------------------------------------------------------------------------------


def read_document(path: Path, kind: str | None = None) -> Document:
    """The file at ``path``, checked whole; ``kind`` (plans or cards) is what the caller
    expects, ``None`` for either. ``UserError`` names the file and what is wrong."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UserError(_("{file} is larger than {size} MB: too large for a plans/cards file.").format(
                file=path.name, size=MAX_BYTES // (1024 * 1024)))
        raw = path.read_bytes()
    except OSError as error:
        raise UserError(_("Cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)) from None
    return parse_document(raw, path.name, kind)


def parse_document(raw: bytes, file_name: str, kind: str | None = None) -> Document:
    """``read_document`` on bytes already read."""
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise UserError(_("{file} is not a plans/cards file (not JSON).").format(file=file_name)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(_("{file} is not a beredskap_desktop plans/cards file.").format(file=file_name))
    version = data.get("format_version")
    is_number = isinstance(version, int) and not isinstance(version, bool)
    if is_number and version > FORMAT_VERSION:
        raise UserError(_("{file} was made by a newer version of beredskap_desktop (format {version}); update the app.").format(
            file=file_name, version=version))
    if version != FORMAT_VERSION or not is_number:
        raise UserError(_("{file}: unknown format version {version}.").format(file=file_name, version=json.dumps(version)))
    try:
        return _document(data, file_name, kind)
    except _Invalid as invalid:
        raise UserError(_("{file}: {problem}").format(file=file_name, problem=invalid)) from None


def _refuse_constant(name: str):
    raise ValueError(name)  # NaN and Infinity are not JSON


def _document(data: dict, file_name: str, kind: str | None) -> Document:
    fields = _Fields(data, "")
    file_kind = fields.one_of("kind", (PLANS, CARDS), required=True)
    if kind == PLANS and file_kind == CARDS:
        raise UserError(_("{file} holds action cards, not plans: use «import cards».").format(file=file_name))
    if kind == CARDS and file_kind == PLANS:
        raise UserError(_("{file} holds plans, not action cards: use «import plans».").format(file=file_name))
    source = _Fields(fields.object("source") or {}, "", "source.")
    roles = _unique([_role(item, index) for index, item in enumerate(fields.items("roles"))], "roles", lambda r: r.id)
    types = _unique([_incident_type(item, index) for index, item in enumerate(fields.items("incident_types"))],
                    "incident_types", lambda t: t.code)
    records = fields.items(file_kind, required=True)
    plans: list[Plan] = []
    cards: list[SharedCard] = []
    if file_kind == PLANS:
        plans = _unique([_plan(item, index) for index, item in enumerate(records)], PLANS, lambda p: p.id, lambda p: p.title)
    else:
        cards = _unique([_card(item, index) for index, item in enumerate(records)], CARDS, lambda c: c.card.id, lambda c: c.card.code)
    return Document(
        kind=file_kind,
        source=Source(source.text("municipality"), source.text("kommunenummer"), source.text("app_version")),
        exported_at=fields.moment("exported_at"), roles=tuple(roles), incident_types=tuple(types),
        plans=tuple(plans), cards=tuple(cards),
    )


def _unique(records: list, kind: str, key, label=lambda record: "") -> list:
    """``records`` when no two share an id (or code), else ``_Invalid`` naming the second."""
    first: dict[str, int] = {}
    for index, record in enumerate(records):
        if key(record) in first:
            where = record_where(kind, index, label(record))
            raise _Invalid(_("{where}: the same id as {kind}[{index}].").format(where=where, kind=kind, index=first[key(record)]))
        first[key(record)] = index
    return records


def _label(data, key: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else ""


def _role(data, index: int) -> Role:
    fields = _Fields(data, record_where("roles", index, _label(data, "id")))
    return Role(fields.text("id", required=True), fields.text("name", required=True).strip())


def _incident_type(data, index: int) -> IncidentType:
    where = record_where("incident_types", index, _label(data, "code"))
    fields = _Fields(data, where)
    incident_type = IncidentType(fields.text("code", required=True), fields.text("name", required=True).strip(),
                                 fields.text("description").strip())
    _check(where, check_incident_type(incident_type))
    return incident_type


def _plan(data, index: int) -> Plan:
    where = record_where(PLANS, index, _label(data, "title"))
    fields = _Fields(data, where)
    sections = []
    for number, item in enumerate(fields.items("sections")):
        section = _Fields(item, where, f"sections[{number}].")
        sections.append(Section(
            id=section.text("id"), title=section.text("title", required=True), body=section.text("body"),
            classification=section.choice("classification", Classification) or Classification.OPEN,
            part=section.choice("part", LegalPart),
        ))
    plan = Plan(
        id=fields.text("id", required=True), plan_type=fields.choice("type", PlanType, required=True),
        title=fields.text("title", required=True), owner_role_id=fields.text("owner_role") or None,
        status=fields.choice("status", PlanStatus) or PlanStatus.DRAFT, adopted_by=fields.text("adopted_by"),
        adopted_on=fields.day("adopted_on"), revised_at=fields.day("revised_at"), parent_id=fields.text("parent_id") or None,
        version=fields.integer("version") or 0, sections=tuple(sections),
    )
    _check(where, check_plan(plan))
    return plan


def _card(data, index: int) -> SharedCard:
    where = record_where(CARDS, index, _label(data, "code").upper())
    fields = _Fields(data, where)
    id_, code, title = fields.text("id", required=True), fields.text("code", required=True).strip().upper(), fields.text("title", required=True)
    role = fields.text("role", required=True)
    steps, notify = [], []
    for number, item in enumerate(fields.items("steps", required=True)):
        step = _Fields(item, where, f"steps[{number}].")
        steps.append(Step(
            id=step.text("id"), text=step.text("text", required=True).strip(),
            responsible_role_id=step.text("responsible_role") or None, deadline_minutes=step.integer("deadline_minutes", MAX_DEADLINE_MINUTES),
        ))
        notify.append(_notify(step))
    plan = fields.object("plan")
    plan_fields = _Fields(plan, where, "plan.") if plan is not None else None
    incident_types = fields.strings("incident_types")
    phases = set(fields.choices("phases", Phase))
    version = fields.integer("version")
    card = ActionCard(
        id=id_, code=code, title=title, role_id=role, incident_types=tuple(sorted(set(incident_types))),
        phases=tuple(p for p in Phase if p in phases), trigger=fields.text("trigger"), purpose=fields.text("purpose"),
        steps=tuple(steps), version=1 if version is None else version, revised_at=fields.day("revised_at"),
        approved_by=fields.text("approved_by"), always_activate=fields.boolean("always_activate"),
    )
    _check(where, check_card(card))
    plan_ref = PlanRef(plan_fields.text("id", required=True), plan_fields.text("title")) if plan_fields else None
    return SharedCard(card, plan_ref, tuple(notify))


def _notify(step: _Fields) -> NotifyRef | None:
    value = step.object("notify")
    if value is None:
        return None
    kinds = [kind for kind in (ALERT_LIST, CONTACT) if kind in value]
    if len(kinds) != 1:
        step.fail("notify", _("name either alert_list or contact"))
    kind = kinds[0]
    fields = _Fields(value[kind], step.where, f"{step.prefix}notify.{kind}.")
    return NotifyRef(kind, fields.text("id", required=True), fields.text("name", required=True),
                     fields.text("organisation") if kind == CONTACT else "")


def _check(where: str, problems: list[str]) -> None:
    if problems:
        raise _Invalid(_("{where}: {problems}").format(where=where, problems=" ".join(problems)))


class _Invalid(Exception):
    """A record or field with a wrong value; the message names both."""


class _Fields:
    """Reads the fields of one JSON object strictly; a missing field or ``null`` is absent."""

    def __init__(self, data, where: str, prefix: str = ""):
        self.where, self.prefix = where, prefix
        if not isinstance(data, dict):
            self.fail("", _("must be an object with named fields"))
        self.data = data

    def fail(self, name: str, problem: str):
        field = (self.prefix + name).rstrip(".")
        parts = [part for part in (self.where, field) if part]
        raise _Invalid(": ".join(parts + [problem]))

    def _value(self, name: str, required: bool):
        value = self.data.get(name)
        if value is None and required:
            self.fail(name, _("required"))
        return value

    def text(self, name: str, *, required: bool = False) -> str:
        """The text, ``""`` when absent; a required text must not be blank."""
        value = self._value(name, required)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(name, _("must be text"))
        if required and not value.strip():
            self.fail(name, _("required"))
        return value

    def integer(self, name: str, most: int = 1_000_000) -> int | None:
        value = self._value(name, False)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most):
            self.fail(name, _("must be a whole number from 0 to {most}").format(most=most))
        return value

    def boolean(self, name: str) -> bool:
        value = self._value(name, False)
        if value is not None and not isinstance(value, bool):
            self.fail(name, _("must be true or false"))
        return bool(value)

    def one_of(self, name: str, allowed: tuple[str, ...], *, required: bool = False) -> str | None:
        value = self._value(name, required)
        if value is not None and value not in allowed:
            shown = json.dumps(value, ensure_ascii=False)[:60]
            self.fail(name, _("unknown value {value}; use one of: {allowed}").format(value=shown, allowed=", ".join(allowed)))
        return value

    def choice(self, name: str, enum: type[Enum], *, required: bool = False):
        value = self.one_of(name, tuple(member.value for member in enum), required=required)
        return None if value is None else enum(value)

    def items(self, name: str, *, required: bool = False) -> list:
        value = self._value(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(name, _("must be a list"))
        return value

    def strings(self, name: str) -> list[str]:
        values = self.items(name)
        if not all(isinstance(value, str) and value.strip() for value in values):
            self.fail(name, _("must be a list of texts"))
        return values

    def choices(self, name: str, enum: type[Enum]) -> list:
        allowed = tuple(member.value for member in enum)
        for value in self.items(name):
            if value not in allowed:
                shown = json.dumps(value, ensure_ascii=False)[:60]
                self.fail(name, _("unknown value {value}; use one of: {allowed}").format(value=shown, allowed=", ".join(allowed)))
        return [enum(value) for value in self.items(name)]

    def object(self, name: str) -> dict | None:
        value = self._value(name, False)
        if value is not None and not isinstance(value, dict):
            self.fail(name, _("must be an object with named fields"))
        return value

    def day(self, name: str) -> date | None:
        value = self._value(name, False)
        if value is None:
            return None
        try:
            if isinstance(value, str) and _DATE.match(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.fail(name, _("must be a date such as 2026-11-21"))

    def moment(self, name: str) -> datetime | None:
        value = self.text(name)
        try:
            return from_iso(value)
        except ValueError:
            self.fail(name, _("must be a date and time such as 2026-11-21T10:00:00+00:00"))
