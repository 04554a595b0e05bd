"""Emergency plans (beredskapsplaner): types, status, sections, revision due and completeness.

Forskrift om kommunal beredskapsplikt § 4 asks for an overall plan with five parts (a–e),
revised at least yearly. A part is covered by a section of the overall plan marked with
that part, or by a sub-plan of that part's type placed under the overall plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from beredskap_desktop.domain.clock import add_months, show_date
from beredskap_desktop.i18n import N_, _

DEFAULT_REVISION_MONTHS = 12


class PlanType(str, Enum):
    OVERALL = "overordnet"
    CRISIS_MANAGEMENT = "kriseledelse"
    ALERT_LIST = "varslingsliste"
    RESOURCES = "ressursoversikt"
    EVACUATION = "evakuering"
    CRISIS_COMMUNICATION = "krisekommunikasjon"
    IKT = "ikt"
    WATER = "vann-avlop"
    INFECTION = "smittevern"
    EPS = "eps"
    PSYCHOSOCIAL = "psykososialt"
    POWER = "strombrudd"
    EKOM = "ekom-bortfall"
    NUCLEAR = "atomberedskap"
    CBRNE = "cbrne"
    NATURAL_HAZARDS = "naturhendelser"
    HEALTH = "helseberedskap"
    OTHER = "annet"

    @property
    def label(self) -> str:
        return _(PLAN_TYPE_LABELS[self])


PLAN_TYPE_LABELS = {
    PlanType.OVERALL: N_("Overall emergency plan"),
    PlanType.CRISIS_MANAGEMENT: N_("§ 4 a Crisis management"),
    PlanType.ALERT_LIST: N_("§ 4 b Alert list"),
    PlanType.RESOURCES: N_("§ 4 c Resource overview"),
    PlanType.EVACUATION: N_("§ 4 d Evacuation and population warning"),
    PlanType.CRISIS_COMMUNICATION: N_("§ 4 e Crisis communication"),
    PlanType.IKT: N_("ICT"),
    PlanType.WATER: N_("Water and sewage"),
    PlanType.INFECTION: N_("Infection control and pandemic"),
    PlanType.EPS: N_("Centre for evacuees and next of kin (EPS)"),
    PlanType.PSYCHOSOCIAL: N_("Psychosocial crisis team"),
    PlanType.POWER: N_("Power outage"),
    PlanType.EKOM: N_("Loss of electronic communication"),
    PlanType.NUCLEAR: N_("Nuclear preparedness"),
    PlanType.CBRNE: N_("CBRNE"),
    PlanType.NATURAL_HAZARDS: N_("Natural hazards"),
    PlanType.HEALTH: N_("Health preparedness"),
    PlanType.OTHER: N_("Other sub-plan"),
}


class LegalPart(str, Enum):
    """The five minimum parts of the overall plan, forskrift om kommunal beredskapsplikt § 4."""

    A = "a"
    B = "b"
    C = "c"
    D = "d"
    E = "e"

    @property
    def label(self) -> str:
        return _(LEGAL_PART_LABELS[self])

    @property
    def plan_type(self) -> PlanType:
        return _PART_PLAN_TYPES[self]


LEGAL_PART_LABELS = {
    LegalPart.A: N_("§ 4 a plan for the municipality's crisis management"),
    LegalPart.B: N_("§ 4 b alert list"),
    LegalPart.C: N_("§ 4 c resource overview"),
    LegalPart.D: N_("§ 4 d evacuation and population warning"),
    LegalPart.E: N_("§ 4 e crisis communication"),
}

_PART_PLAN_TYPES = {
    LegalPart.A: PlanType.CRISIS_MANAGEMENT,
    LegalPart.B: PlanType.ALERT_LIST,
    LegalPart.C: PlanType.RESOURCES,
    LegalPart.D: PlanType.EVACUATION,
    LegalPart.E: PlanType.CRISIS_COMMUNICATION,
}


class PlanStatus(str, Enum):
    DRAFT = "utkast"
    ADOPTED = "vedtatt"
    ARCHIVED = "arkivert"

    @property
    def label(self) -> str:
        return _(STATUS_LABELS[self])


STATUS_LABELS = {
    PlanStatus.DRAFT: N_("Draft"),
    PlanStatus.ADOPTED: N_("Adopted"),
    PlanStatus.ARCHIVED: N_("Archived"),
}


class Classification(str, Enum):
    OPEN = "open"
    EXEMPT = "exempt"

    @property
    def label(self) -> str:
        return _(CLASSIFICATION_LABELS[self])


CLASSIFICATION_LABELS = {
    Classification.OPEN: N_("Open"),
    Classification.EXEMPT: N_("Exempt from public access (offl. § 24)"),
}


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    body: str = ""
    classification: Classification = Classification.OPEN
    part: LegalPart | None = None


@dataclass(frozen=True)
class Plan:
    id: str
    plan_type: PlanType
    title: str
    owner_role_id: str | None = None
    status: PlanStatus = PlanStatus.DRAFT
    adopted_by: str = ""
    adopted_on: date | None = None
    revised_at: date | None = None
    parent_id: str | None = None
    version: int = 0
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class PlanSummary:
    """What a list of plans shows, without the sections."""

    id: str
    plan_type: PlanType
    title: str
    status: PlanStatus
    revised_at: date | None
    version: int
    parent_id: str | None
    owner_role_id: str | None


def next_revision_due(revised_at: date | None, months: int = DEFAULT_REVISION_MONTHS) -> date | None:
    """When the plan must be revised again: ``months`` calendar months after the last revision."""
    return add_months(revised_at, months) if revised_at else None


def is_overdue(plan: Plan | PlanSummary, today: date, months: int = DEFAULT_REVISION_MONTHS) -> bool:
    """An adopted plan past its revision date (a draft has not been adopted, an archived one is retired)."""
    due = next_revision_due(plan.revised_at, months)
    return plan.status is PlanStatus.ADOPTED and due is not None and due < today


def check_plan(plan: Plan) -> list[str]:
    """What stops ``plan`` from being saved, as plain messages (empty when it can be saved)."""
    problems = []
    if not plan.title.strip():
        problems.append(_("Title: required."))
    if plan.status is PlanStatus.ADOPTED and not plan.adopted_on:
        problems.append(_("Adopted on: required for an adopted plan."))
    if plan.parent_id and plan.parent_id == plan.id:
        problems.append(_("A plan cannot belong to itself."))
    for number, section in enumerate(plan.sections, start=1):
        if not section.title.strip():
            problems.append(_("Section {number}: title required.").format(number=number))
    return problems


def completeness(plan: Plan, sub_plans: list[PlanSummary], today: date, months: int = DEFAULT_REVISION_MONTHS) -> list[str]:
    """What an overall plan lacks, in plain words: missing § 4 parts and an overdue revision.

    ``sub_plans`` are the plans placed under ``plan``; an archived one covers nothing.
    Empty when nothing is missing (and for plans that are not overall plans)."""
    if plan.plan_type is not PlanType.OVERALL:
        return []
    covered = {s.part for s in plan.sections if s.part and s.body.strip()}
    covered |= {part for part in LegalPart for sub in sub_plans
                if sub.plan_type is part.plan_type and sub.status is not PlanStatus.ARCHIVED}
    missing = [_("Missing: {part}.").format(part=part.label) for part in LegalPart if part not in covered]
    if is_overdue(plan, today, months):
        due = next_revision_due(plan.revised_at, months)
        missing.append(_("Overdue for revision since {date}.").format(date=show_date(due)))
    if plan.status is not PlanStatus.ADOPTED:
        missing.append(_("Not adopted."))
    return missing


def parents_first(plans: list[Plan]) -> list[Plan]:
    """``plans`` in their order, except that each comes after the plan it belongs to (when that
    is among them). Raises ``ValueError`` when plans belong to each other in a circle."""
    ordered: list[Plan] = []
    waiting = list(plans)
    while waiting:
        pending = {p.id for p in waiting}
        ready = [p for p in waiting if p.parent_id not in pending or p.parent_id == p.id]
        if not ready:
            raise ValueError("plans belong to each other in a circle")
        ordered += ready
        waiting = [p for p in waiting if p not in ready]
    return ordered


def plan_to_dict(plan: Plan) -> dict:
    """``plan`` as plain JSON values (revision snapshots and the sharing format)."""
    return {
        "id": plan.id, "type": plan.plan_type.value, "title": plan.title, "parent_id": plan.parent_id,
        "owner_role": plan.owner_role_id, "status": plan.status.value, "adopted_by": plan.adopted_by,
        "adopted_on": plan.adopted_on.isoformat() if plan.adopted_on else None,
        "revised_at": plan.revised_at.isoformat() if plan.revised_at else None,
        "version": plan.version,
        "sections": [
            {"id": s.id, "title": s.title, "part": s.part.value if s.part else None,
             "classification": s.classification.value, "body": s.body}
            for s in plan.sections
        ],
    }


def plan_from_dict(data: dict) -> Plan:
    """The inverse of ``plan_to_dict``; raises ``KeyError``/``ValueError``/``TypeError`` on bad data."""
    return Plan(
        id=str(data["id"]), plan_type=PlanType(data["type"]), title=str(data["title"]),
        owner_role_id=data.get("owner_role") or None, status=PlanStatus(data["status"]),
        adopted_by=str(data.get("adopted_by") or ""),
        adopted_on=_date(data.get("adopted_on")), revised_at=_date(data.get("revised_at")),
        parent_id=data.get("parent_id") or None, version=int(data.get("version") or 0),
        sections=tuple(
            Section(str(s["id"]), str(s["title"]), str(s.get("body") or ""),
                    Classification(s.get("classification") or Classification.OPEN.value),
                    LegalPart(s["part"]) if s.get("part") else None)
            for s in data.get("sections") or ()
        ),
    )


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None
