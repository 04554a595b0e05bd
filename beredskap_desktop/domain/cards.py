"""Action cards (tiltakskort): one role's ordered steps for some incident types and phases."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum

from beredskap_desktop.i18n import N_, _

MAX_DEADLINE_MINUTES = 365 * 24 * 60  # a deadline beyond a year is a typing error
CODE_PATTERN = re.compile(r"[A-ZÆØÅ]{1,8}-\d{1,4}")
INCIDENT_CODE_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_CODE_NUMBER = re.compile(r"(\d+)$")


class Phase(str, Enum):
    ALERT = "varsling"
    RESPONSE = "handtering"
    RECOVERY = "normalisering"
    FOLLOW_UP = "etterarbeid"

    @property
    def label(self) -> str:
        return _(PHASE_LABELS[self])


PHASE_LABELS = {
    Phase.ALERT: N_("Alert and mobilisation"),
    Phase.RESPONSE: N_("Response"),
    Phase.RECOVERY: N_("Return to normal"),
    Phase.FOLLOW_UP: N_("Follow-up"),
}


@dataclass(frozen=True)
class IncidentType:
    """A kind of incident with a stable code (``flom``) that the CLI accepts."""

    code: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Step:
    id: str
    text: str
    responsible_role_id: str | None = None  # None: the card's role
    notify_alert_list_id: str | None = None
    notify_contact_id: str | None = None
    deadline_minutes: int | None = None


@dataclass(frozen=True)
class ActionCard:
    id: str
    code: str
    title: str
    role_id: str
    incident_types: tuple[str, ...] = ()
    phases: tuple[Phase, ...] = ()
    trigger: str = ""
    purpose: str = ""
    steps: tuple[Step, ...] = ()
    plan_id: str | None = None
    version: int = 0
    revised_at: date | None = None
    approved_by: str = ""
    always_activate: bool = False


@dataclass(frozen=True)
class CardSummary:
    """What the card library shows and filters on, without the steps."""

    id: str
    code: str
    title: str
    role_id: str
    incident_types: tuple[str, ...]
    phases: tuple[Phase, ...]
    step_count: int
    version: int
    revised_at: date | None
    always_activate: bool


# --- Deadlines as offsets from the start of the incident (T+30 min) ---------------------

_OFFSET_PART = re.compile(r"(\d+)\s*(døgn|d|timer|time|t|h|minutter|minutt|min|m)?", re.IGNORECASE)
_UNIT_MINUTES = {"døgn": 1440, "d": 1440, "timer": 60, "time": 60, "t": 60, "h": 60, "minutter": 1, "minutt": 1, "min": 1, "m": 1}


def parse_offset(text: str) -> int | None:
    """Minutes from ``"T+30 min"``, ``"T+2 t"``, ``"T+1 t 30 min"``, ``"45"``; ``None`` for blank.

    Raises ``ValueError`` with a plain message for anything else."""
    rest = text.strip()
    if not rest:
        return None
    rest = re.sub(r"^T\s*\+\s*", "", rest, flags=re.IGNORECASE)
    minutes, position = 0, 0
    for match in _OFFSET_PART.finditer(rest):
        if rest[position:match.start()].strip():
            break
        unit = (match.group(2) or "min").lower()
        minutes += int(match.group(1)) * _UNIT_MINUTES[unit]
        position = match.end()
    if position == 0 or rest[position:].strip():
        raise ValueError(_("Deadline: write it as T+30 min, T+2 t or T+1 d."))
    if minutes > MAX_DEADLINE_MINUTES:
        raise ValueError(_("Deadline: at most T+365 d."))
    return minutes


def format_offset(minutes: int | None) -> str:
    """``T+30 min``, ``T+2 t``, ``T+1 t 30 min``, ``T+1 d`` (empty for no deadline)."""
    if minutes is None:
        return ""
    days, rest = divmod(minutes, 1440)
    if days and not rest:
        return f"T+{days} d"
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"T+{hours} t {mins} min"
    return f"T+{hours} t" if hours else f"T+{mins} min"


# --- Rules ----------------------------------------------------------------------------


def check_card(card: ActionCard) -> list[str]:
    """What stops ``card`` from being saved, as plain messages (empty when it can be saved)."""
    problems = []
    if not CODE_PATTERN.fullmatch(card.code):
        problems.append(_("Code: write it as letters, a hyphen and a number, such as TK-01."))
    if not card.title.strip():
        problems.append(_("Title: required."))
    if not card.role_id:
        problems.append(_("Role: required."))
    if not card.steps:
        problems.append(_("Steps: a card needs at least one step."))
    for number, step in enumerate(card.steps, start=1):
        if not step.text.strip():
            problems.append(_("Step {number}: text required.").format(number=number))
        if step.notify_alert_list_id and step.notify_contact_id:
            problems.append(_("Step {number}: notify either an alert list or a contact.").format(number=number))
        if step.deadline_minutes is not None and step.deadline_minutes < 0:
            problems.append(_("Step {number}: the deadline cannot be before T.").format(number=number))
        if step.deadline_minutes is not None and step.deadline_minutes > MAX_DEADLINE_MINUTES:
            problems.append(_("Step {number}: the deadline is more than a year after T.").format(number=number))
    return problems


def check_incident_type(incident_type: IncidentType) -> list[str]:
    problems = []
    if not INCIDENT_CODE_PATTERN.fullmatch(incident_type.code):
        problems.append(_("Code: lower-case letters a–z, digits and hyphens, such as flom or ekom-bortfall."))
    if not incident_type.name.strip():
        problems.append(_("Name: required."))
    return problems


def content_changed(old: ActionCard, new: ActionCard) -> bool:
    """Whether saving ``new`` over ``old`` changes what a printed card says (so a new version)."""
    def printed(card: ActionCard) -> ActionCard:
        return replace(card, version=0, revised_at=None, steps=tuple(replace(s, id="") for s in card.steps),
                       incident_types=tuple(sorted(set(card.incident_types))), phases=tuple(p for p in Phase if p in card.phases))

    return printed(old) != printed(new)


def code_order(code: str) -> tuple[str, int, str]:
    """Sort TK-2 before TK-10."""
    match = _CODE_NUMBER.search(code)
    return (code[: match.start()] if match else code, int(match.group(1)) if match else -1, code)


def next_free_code(code: str, taken: set[str]) -> str:
    """``code`` if free, else the next free number with the same prefix (TK-01 → TK-29),
    keeping the width of the number."""
    if code not in taken:
        return code
    prefix, _sep, number = code.rpartition("-")
    width = len(number) if number.isdigit() else 2
    used = [int(n) for c in taken if (p := c.rpartition("-"))[0] == prefix and (n := p[2]).isdigit()]
    candidate = max(used, default=0) + 1
    while f"{prefix}-{candidate:0{width}d}" in taken:
        candidate += 1
    return f"{prefix}-{candidate:0{width}d}"


def card_to_dict(card: ActionCard) -> dict:
    """``card`` as plain JSON values; notify references stay ids (the sharing format adds names)."""
    return {
        "id": card.id, "code": card.code, "title": card.title, "role": card.role_id,
        "incident_types": list(card.incident_types), "phases": [p.value for p in card.phases],
        "always_activate": card.always_activate, "trigger": card.trigger, "purpose": card.purpose,
        "plan_id": card.plan_id, "version": card.version,
        "revised_at": card.revised_at.isoformat() if card.revised_at else None,
        "approved_by": card.approved_by,
        "steps": [
            {"id": s.id, "text": s.text, "responsible_role": s.responsible_role_id,
             "deadline_minutes": s.deadline_minutes, "notify_alert_list_id": s.notify_alert_list_id,
             "notify_contact_id": s.notify_contact_id}
            for s in card.steps
        ],
    }
