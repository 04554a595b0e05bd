"""Plan revisions: a saved copy of an adopted plan, and the difference between two copies."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from beredskap_desktop.domain.clock import show_date
from beredskap_desktop.domain.plans import Plan
from beredskap_desktop.i18n import _


@dataclass(frozen=True)
class Revision:
    id: str
    plan_id: str
    number: int
    created_at: datetime
    created_by: str
    reason: str
    plan: Plan


class Change(str, Enum):
    SAME = " "
    ADDED = "+"
    REMOVED = "-"


@dataclass(frozen=True)
class DiffLine:
    change: Change
    text: str


def plan_lines(plan: Plan, names: dict[str, str] | None = None) -> list[str]:
    """The plan as lines a reader compares: title, type, owner, the plan it is part of, status,
    adoption and every section. ``names`` shows role and plan ids by name."""
    names = names or {}
    lines = [
        plan.title,
        _("Type: {type}").format(type=plan.plan_type.label),
        _("Owner: {role}").format(role=names.get(plan.owner_role_id or "", plan.owner_role_id or "–")),
        _("Part of: {plan}").format(plan=names.get(plan.parent_id or "", plan.parent_id or "–")),
        _("Status: {status}").format(status=plan.status.label),
        _("Adopted by: {who} {date}").format(who=plan.adopted_by, date=show_date(plan.adopted_on)).rstrip(),
    ]
    for section in plan.sections:
        marks = [section.part.label] if section.part else []
        marks.append(section.classification.label)
        lines += ["", f"## {section.title}  [{', '.join(marks)}]", *section.body.splitlines()]
    return lines


def diff(old: Plan, new: Plan, context: int | None = None, names: dict[str, str] | None = None) -> list[DiffLine]:
    """Line-by-line difference from ``old`` to ``new``; ``context`` limits unchanged lines
    around each change (``None`` keeps the whole text); ``names`` as for ``plan_lines``."""
    a, b = plan_lines(old, names), plan_lines(new, names)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    groups = [matcher.get_opcodes()] if context is None else matcher.get_grouped_opcodes(context)
    result: list[DiffLine] = []
    for group in groups:
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                result += [DiffLine(Change.SAME, line) for line in a[i1:i2]]
                continue
            result += [DiffLine(Change.REMOVED, line) for line in a[i1:i2]]
            result += [DiffLine(Change.ADDED, line) for line in b[j1:j2]]
    return result
