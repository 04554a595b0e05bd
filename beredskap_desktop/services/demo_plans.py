"""The demo municipality's plans and action cards, and the large scale's generated ones.

``resources/demo/plans.json`` and ``cards.json`` are written for people: records have a
``key``, references use keys (plans, alert lists, contacts), deadlines read "T+30 min",
and dates are relative to the file's ``reference_date`` (shifted to today on load, so the
demo looks the same whenever it is made). Every record is checked by the domain rules.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from beredskap_desktop.domain.clock import OSLO
from beredskap_desktop.domain.cards import ActionCard, Phase, Step, check_card, parse_offset
from beredskap_desktop.domain.plans import (
    Classification, LegalPart, Plan, PlanStatus, PlanType, Section, check_plan, parents_first,
)
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services.demo_files import BadRecord, demo_id, keyed_records, no_unknown, parse_records, read_json
from beredskap_desktop.storage import cards as card_store
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage import plans as plan_store
from beredskap_desktop.storage.contacts import Role
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.migrations import STANDARD_INCIDENT_TYPES, STANDARD_ROLES

LARGE_PLANS = 500
LARGE_CARDS = 2_000
LONG_PLAN_SECTIONS = 50  # every 50th generated plan is this long (the "open a long plan" benchmark)

_PLAN_KEYS = frozenset({"key", "type", "title", "parent", "owner_role", "status", "adopted_by", "adopted_on", "revised_at", "sections"})
_SECTION_KEYS = frozenset({"title", "part", "classification", "body"})
_CARD_KEYS = frozenset({
    "key", "code", "title", "role", "incident_types", "phases", "always_activate", "trigger", "purpose",
    "plan", "version", "revised_at", "approved_by", "steps",
})
_STEP_KEYS = frozenset({"text", "role", "deadline", "notify_list", "notify_contact"})
_INCIDENT_CODES = tuple(code for code, _name, _description in STANDARD_INCIDENT_TYPES)


@dataclass(frozen=True)
class DemoPlans:
    roles: list[Role]
    plans: list[Plan]  # a parent before its sub-plans
    cards: list[ActionCard]
    holders: tuple[tuple[str, str], ...] = ()  # (role id, contact id): who holds the roles cards.json adds


def read_demo_plans(today: date, contact_ids: set[str], list_ids: set[str]) -> DemoPlans:
    """The demo plans and cards, validated; ``UserError`` names each bad record."""
    cards_document = read_json("cards.json")
    roles = _roles(cards_document.get("roles", []))
    holders = _holders(cards_document.get("roles", []), contact_ids)
    role_ids = {code for code, _name in STANDARD_ROLES} | {r.id for r in roles}
    plan_records = keyed_records("plans.json", "plans")
    plan_keys = {r["key"] for r in plan_records}
    shift = today - _reference_date(read_json("plans.json"), "plans.json")
    plans = parse_records("plans.json", plan_records, lambda record: _plan(record, plan_keys, role_ids, shift))
    shift = today - _reference_date(cards_document, "cards.json")
    references = _References(plan_keys, role_ids, contact_ids, list_ids)
    cards = parse_records("cards.json", keyed_records("cards.json", "cards"), lambda record: _card(record, references, shift))
    try:
        plans = parents_first(plans)
    except ValueError:
        raise UserError(_("plans.json: the plans' \"parent\" links go round in a circle.")) from None
    return DemoPlans(roles, plans, cards, holders)


def _reference_date(document: dict, name: str) -> date:
    try:
        return date.fromisoformat(document["reference_date"])
    except (KeyError, TypeError, ValueError):
        raise UserError(_("{file}: \"reference_date\" must be a date such as 2026-11-01.").format(file=name)) from None


def _roles(records) -> list[Role]:
    if not isinstance(records, list) or not all(isinstance(r, dict) and r.get("id") and r.get("name") for r in records):
        raise UserError(_("cards.json: \"roles\" must be a list of {\"id\": ..., \"name\": ...}."))
    return [Role(str(r["id"]), str(r["name"])) for r in records]


def _holders(records, contact_ids: set[str]) -> tuple[tuple[str, str], ...]:
    holders = []
    for record in records:
        for key in record.get("holders", []):
            contact_id = demo_id("contact", str(key))
            if contact_id not in contact_ids:
                raise UserError(_("cards.json: role \"{role}\": no contact with the key \"{key}\".").format(role=record["id"], key=key))
            holders.append((str(record["id"]), contact_id))
    return tuple(holders)


def _enum(enum, value, field: str):
    try:
        return enum(value)
    except ValueError:
        raise BadRecord(_("\"{field}\": unknown value \"{value}\".").format(field=field, value=value)) from None


def _date(record: dict, field: str, shift: timedelta) -> date | None:
    value = record.get(field)
    if value is None:
        return None
    try:
        return date.fromisoformat(value) + shift
    except (TypeError, ValueError):
        raise BadRecord(_("\"{field}\" must be a date such as 2026-02-12.").format(field=field)) from None


def _plan(record: dict, plan_keys: set[str], role_ids: set[str], shift: timedelta) -> Plan:
    no_unknown(record, _PLAN_KEYS)
    parent = record.get("parent")
    if parent is not None and parent not in plan_keys:
        raise BadRecord(_("\"parent\": no plan \"{key}\" in the file.").format(key=parent))
    owner = record.get("owner_role")
    if owner is not None and owner not in role_ids:
        raise BadRecord(_("\"owner_role\": unknown role \"{role}\".").format(role=owner))
    sections = []
    for number, section in enumerate(record.get("sections") or [], start=1):
        if not isinstance(section, dict):
            raise BadRecord(_("section {number} must be an object.").format(number=number))
        no_unknown(section, _SECTION_KEYS)
        sections.append(Section(
            demo_id("section", f"{record['key']}/{number}"), str(section.get("title", "")), str(section.get("body", "")),
            _enum(Classification, section.get("classification", "open"), "classification"),
            _enum(LegalPart, section["part"], "part") if section.get("part") else None,
        ))
    status = _enum(PlanStatus, record.get("status", "utkast"), "status")
    revised_at = _date(record, "revised_at", shift)
    plan = Plan(
        demo_id("plan", record["key"]), _enum(PlanType, record.get("type"), "type"), str(record.get("title", "")),
        owner, status, str(record.get("adopted_by") or ""), _date(record, "adopted_on", shift), revised_at,
        demo_id("plan", parent) if parent else None, 1 if revised_at and status is not PlanStatus.DRAFT else 0, tuple(sections),
    )
    problems = check_plan(plan)
    if problems:
        raise BadRecord(" ".join(problems))
    return plan


@dataclass(frozen=True)
class _References:
    plan_keys: set[str]
    role_ids: set[str]
    contact_ids: set[str]
    list_ids: set[str]


def _card(record: dict, known: _References, shift: timedelta) -> ActionCard:
    no_unknown(record, _CARD_KEYS)
    plan = record.get("plan")
    if plan is not None and plan not in known.plan_keys:
        raise BadRecord(_("\"plan\": no plan \"{key}\" in plans.json.").format(key=plan))
    types = record.get("incident_types") or []
    unknown = [t for t in types if t not in _INCIDENT_CODES]
    if unknown:
        raise BadRecord(_("\"incident_types\": unknown code(s) {codes}.").format(codes=", ".join(map(str, unknown))))
    if record.get("role") not in known.role_ids:
        raise BadRecord(_("\"role\": unknown role \"{role}\".").format(role=record.get("role")))
    steps = tuple(_step(step, f"{record['key']}/{number}", known) for number, step in enumerate(record.get("steps") or [], start=1))
    card = ActionCard(
        demo_id("card", record["key"]), str(record.get("code", "")), str(record.get("title", "")), record["role"],
        tuple(types), tuple(_enum(Phase, p, "phases") for p in record.get("phases") or []),
        str(record.get("trigger", "")), str(record.get("purpose", "")), steps,
        demo_id("plan", plan) if plan else None, int(record.get("version", 1)), _date(record, "revised_at", shift),
        str(record.get("approved_by", "")), bool(record.get("always_activate", False)),
    )
    problems = check_card(card)
    if problems:
        raise BadRecord(" ".join(problems))
    return card


def _step(record, key: str, known: _References) -> Step:
    if not isinstance(record, dict):
        raise BadRecord(_("every step must be an object."))
    no_unknown(record, _STEP_KEYS)
    role = record.get("role")
    if role is not None and role not in known.role_ids:
        raise BadRecord(_("step \"{text}\": unknown role \"{role}\".").format(text=record.get("text"), role=role))
    try:
        deadline = parse_offset(record.get("deadline") or "")
    except ValueError as error:
        raise BadRecord(_("step \"{text}\": {problem}").format(text=record.get("text"), problem=error)) from None
    alert_list = demo_id("alert_list", record["notify_list"]) if record.get("notify_list") else None
    contact = demo_id("contact", record["notify_contact"]) if record.get("notify_contact") else None
    if alert_list and alert_list not in known.list_ids:
        raise BadRecord(_("no alert list \"{key}\" in alert_lists.json.").format(key=record["notify_list"]))
    if contact and contact not in known.contact_ids:
        raise BadRecord(_("no contact \"{key}\" in contacts.json.").format(key=record["notify_contact"]))
    return Step(demo_id("step", key), str(record.get("text", "")), role, alert_list, contact, deadline)


def write_in_transaction(store: Store, data: DemoPlans) -> None:
    """Write roles, plans (an adopted plan with its first revision) and cards as they are."""
    role_names = {code: name for code, name in STANDARD_ROLES} | {r.id: r.name for r in data.roles}
    for role in data.roles:
        contact_store.add_role_in_transaction(store, role)
    for role_id, contact_id in data.holders:
        contact_store.add_holder_in_transaction(store, contact_id, role_id)
    for plan in data.plans:
        author = role_names.get(plan.owner_role_id or "", _("Preparedness coordinator"))
        reason = _("Adopted: {by}").format(by=plan.adopted_by) if plan.adopted_by else _("First version")
        day = plan.revised_at or plan.adopted_on
        written = datetime.combine(day, time(12), OSLO) if day else None  # the revision dated as the plan says
        plan_store.save_in_transaction(store, plan, author=author, reason=reason, as_is=True, revision_at=written)
    for card in data.cards:
        card_store.save_in_transaction(store, card, as_is=True)


# --- The large scale, generated ------------------------------------------------------


def add_generated(data: DemoPlans, rng: random.Random, places: list[str], plan_count: int, card_count: int, today: date) -> DemoPlans:
    """``data`` plus ``plan_count`` plans and ``card_count`` cards built from the demo's own text."""
    parent = next((p.id for p in data.plans if p.plan_type is PlanType.OVERALL), None)
    all_sections = [s for p in data.plans for s in p.sections]
    sub_plans = [p for p in data.plans if p.plan_type is not PlanType.OVERALL] or data.plans
    plans = list(data.plans)
    for number in range(plan_count):
        template = rng.choice(sub_plans)
        size = LONG_PLAN_SECTIONS if number % 50 == 0 else rng.randint(3, 8)
        status = rng.choices((PlanStatus.ADOPTED, PlanStatus.DRAFT, PlanStatus.ARCHIVED), (70, 20, 10))[0]
        revised = today - timedelta(days=rng.randrange(600))
        plans.append(Plan(
            _id(rng), template.plan_type, f"{template.title} – {rng.choice(places)} ({number + 1})", template.owner_role_id,
            status, template.adopted_by if status is not PlanStatus.DRAFT else "",
            revised if status is not PlanStatus.DRAFT else None, revised if status is not PlanStatus.DRAFT else None,
            parent, 1 if status is not PlanStatus.DRAFT else 0,
            tuple(replace(rng.choice(all_sections), id=_id(rng)) for _ in range(size)),
        ))
    plan_ids = [p.id for p in plans]
    cards = list(data.cards)
    for number in range(card_count):
        template = rng.choice(data.cards)
        steps = [s for card in rng.sample(data.cards, 2) for s in card.steps]
        chosen = rng.sample(steps, min(len(steps), rng.randint(4, 10)))
        cards.append(replace(
            template, id=_id(rng), code=f"TK-{100 + number}", title=f"{template.title} – {rng.choice(places)}",
            incident_types=tuple(rng.sample(_INCIDENT_CODES, rng.randint(1, 3))), plan_id=rng.choice(plan_ids),
            steps=tuple(replace(s, id=_id(rng)) for s in chosen), always_activate=False,
        ))
    return replace(data, plans=plans, cards=cards)


def _id(rng: random.Random) -> str:
    import uuid

    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
