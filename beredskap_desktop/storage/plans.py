"""Plans, their sections and revisions in the database.

Saving an adopted plan whose content changed (or adopting one) writes a revision: a full
copy of the plan with who, when and why, and moves the version and revision date on.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

from beredskap_desktop.domain.clock import from_iso, to_iso, today
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.plans import (
    DEFAULT_REVISION_MONTHS, Classification, LegalPart, Plan, PlanStatus, PlanSummary, PlanType, Section, check_plan,
    plan_from_dict, plan_to_dict,
)
from beredskap_desktop.domain.revisions import Revision, plan_lines
from beredskap_desktop.domain.text import fold, sort_key
from beredskap_desktop.i18n import _
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.municipality import REVISION_MONTHS, setting
from beredskap_desktop.storage.records import new_id, timestamp
from beredskap_desktop.storage.search import match_expression, matching_ids


SUMMARY_SELECT = "SELECT plan.id, plan_type, title, status, revised_at, version, parent_id, owner_role_id FROM plan"


def revision_months(store: Store) -> int:
    """How many months a plan revision is valid in this municipality (default 12)."""
    return int(setting(store, REVISION_MONTHS, str(DEFAULT_REVISION_MONTHS)))


def summaries(store: Store) -> list[PlanSummary]:
    """Every plan without its sections: overall plans first, then by title in Norwegian order."""
    plans = [summary_of(row) for row in store.conn.execute(SUMMARY_SELECT)]
    return sorted(plans, key=lambda p: (p.plan_type is not PlanType.OVERALL, sort_key(p.title)))


def summary_of(row) -> PlanSummary:
    """A ``PlanSummary`` from a row of ``SUMMARY_SELECT``."""
    id_, plan_type, title, status, revised_at, version, parent_id, owner = row
    return PlanSummary(id_, PlanType(plan_type), title, PlanStatus(status), _date(revised_at), version, parent_id, owner)


def sub_plans(store: Store, plan_id: str) -> list[PlanSummary]:
    return [summary_of(row) for row in store.conn.execute(SUMMARY_SELECT + " WHERE parent_id = ?", [plan_id])]


def get(store: Store, plan_id: str) -> Plan | None:
    row = store.conn.execute(
        "SELECT id, plan_type, title, owner_role_id, status, adopted_by, adopted_on, revised_at, parent_id, version FROM plan WHERE id = ?",
        [plan_id],
    ).fetchone()
    if row is None:
        return None
    id_, plan_type, title, owner, status, adopted_by, adopted_on, revised_at, parent_id, version = row
    sections = tuple(
        Section(s_id, s_title, body, Classification(classification), LegalPart(part) if part else None)
        for s_id, s_title, body, classification, part in store.conn.execute(
            "SELECT id, title, body, classification, part FROM plan_section WHERE plan_id = ? ORDER BY position", [plan_id]
        )
    )
    return Plan(id_, PlanType(plan_type), title, owner, PlanStatus(status), adopted_by, _date(adopted_on),
                _date(revised_at), parent_id, version, sections)


def save(store: Store, plan: Plan, *, author: str = "", reason: str = "", on: date | None = None) -> Plan:
    """Insert or update ``plan`` with its sections in one transaction and return it as saved.

    When the plan is (or was) adopted and its content changed, a revision by ``author``
    with ``reason`` is written, the version goes up and the revision date becomes ``on``
    (today). ``UserError`` says what is wrong; nothing is written then."""
    store.require_writable()
    with store.conn:
        saved = save_in_transaction(store, plan, author=author, reason=reason, on=on)
    return saved


def save_in_transaction(
    store: Store, plan: Plan, *, author: str = "", reason: str = "", on: date | None = None, as_is: bool = False,
    revision_at: datetime | None = None,
) -> Plan:
    """``save`` inside the caller's transaction; ``as_is`` keeps the plan's own version and
    revision date (an imported plan: the revision records the import); ``revision_at`` dates
    the revision written (default now)."""
    if not plan.id:
        plan = replace(plan, id=new_id())
    plan = replace(plan, sections=tuple(s if s.id else replace(s, id=new_id()) for s in plan.sections))
    if plan.status is not PlanStatus.DRAFT and plan.revised_at is None:  # e.g. an imported plan: due from its adoption
        plan = replace(plan, revised_at=plan.adopted_on)
    problems = check_plan(plan)
    if plan.parent_id and _is_below(store, plan.parent_id, plan.id):
        problems.append(_("A plan cannot belong to one of its own sub-plans."))
    for table, id_, field in (("plan", plan.parent_id, _("Part of")), ("role", plan.owner_role_id, _("Owner"))):
        if id_ and not store.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", [id_]).fetchone():
            problems.append(_("{field}: the linked record no longer exists; choose again.").format(field=field))
    if problems:
        raise UserError("\n".join(problems))
    old = get(store, plan.id)
    if needs_revision(old, plan):
        if not author.strip() or not reason.strip():
            raise UserError(_("Saving an adopted plan makes a new revision: say who you are and why it changed."))
        if not as_is:
            plan = replace(plan, version=(old.version if old else plan.version) + 1, revised_at=on or today())
        _write(store, plan, old is None)
        number = store.conn.execute("SELECT coalesce(max(number), 0) + 1 FROM plan_revision WHERE plan_id = ?", [plan.id]).fetchone()[0]
        store.conn.execute(
            "INSERT INTO plan_revision (id, plan_id, number, created_at, created_by, reason, content) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [new_id(), plan.id, number, to_iso(revision_at) if revision_at else timestamp(), author.strip(), reason.strip(),
             json.dumps(plan_to_dict(plan), ensure_ascii=False)],
        )
    else:
        if old is not None and not as_is:  # an unchanged save never moves the version or date
            plan = replace(plan, version=old.version, revised_at=old.revised_at)
        _write(store, plan, old is None)
    return plan


def needs_revision(old: Plan | None, new: Plan) -> bool:
    """Whether saving ``new`` over ``old`` writes a revision: an adopted (or archived) plan changed, or was adopted."""
    was_adopted = old is not None and old.status is not PlanStatus.DRAFT
    if not was_adopted and new.status is not PlanStatus.ADOPTED:
        return False
    return old is None or plan_lines(old) != plan_lines(new)


def _write(store: Store, plan: Plan, is_new: bool) -> None:
    now = timestamp()
    values = [plan.plan_type.value, plan.title, plan.owner_role_id, plan.status.value, plan.adopted_by,
              _iso(plan.adopted_on), _iso(plan.revised_at), plan.parent_id, plan.version,
              fold(f"{plan.title} {plan.adopted_by}"), now]
    if is_new:
        store.conn.execute(
            """INSERT INTO plan (plan_type, title, owner_role_id, status, adopted_by, adopted_on, revised_at, parent_id,
                                 version, search_text, updated_at, id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [*values, plan.id, now],
        )
    else:
        store.conn.execute(
            """UPDATE plan SET plan_type = ?, title = ?, owner_role_id = ?, status = ?, adopted_by = ?, adopted_on = ?,
                               revised_at = ?, parent_id = ?, version = ?, search_text = ?, updated_at = ? WHERE id = ?""",
            [*values, plan.id],
        )
    store.conn.execute("DELETE FROM plan_section WHERE plan_id = ?", [plan.id])
    store.conn.executemany(
        "INSERT INTO plan_section (id, plan_id, position, title, body, classification, part, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(s.id, plan.id, position, s.title, s.body, s.classification.value, s.part.value if s.part else None, fold(f"{s.title} {s.body}"))
         for position, s in enumerate(plan.sections, start=1)],
    )


def _is_below(store: Store, candidate_id: str, plan_id: str) -> bool:
    """Whether ``candidate_id`` is ``plan_id`` or one of its sub-plans, at any depth."""
    row = store.conn.execute(
        """WITH RECURSIVE below(id) AS (SELECT ? UNION SELECT plan.id FROM plan JOIN below ON plan.parent_id = below.id)
           SELECT 1 FROM below WHERE id = ?""",
        [plan_id, candidate_id],
    ).fetchone()
    return row is not None


def revisions(store: Store, plan_id: str) -> list[Revision]:
    """The plan's revisions, newest first."""
    return [
        Revision(id_, plan_id, number, from_iso(created_at), created_by, reason, plan_from_dict(json.loads(content)))
        for id_, number, created_at, created_by, reason, content in store.conn.execute(
            "SELECT id, number, created_at, created_by, reason, content FROM plan_revision WHERE plan_id = ? ORDER BY number DESC",
            [plan_id],
        )
    ]


def has_revisions(store: Store, plan_id: str) -> bool:
    """Whether the plan was ever adopted (it then has a history, and is archived, not deleted)."""
    return store.conn.execute("SELECT 1 FROM plan_revision WHERE plan_id = ?", [plan_id]).fetchone() is not None


def delete(store: Store, plan_id: str) -> None:
    """Delete a plan that was never adopted; an adopted plan is archived instead, so its history stays."""
    store.require_writable()
    if has_revisions(store, plan_id):
        raise UserError(_("This plan has been adopted and has a revision history: archive it instead of deleting it."))
    with store.conn:
        store.conn.execute("UPDATE action_card SET plan_id = NULL WHERE plan_id = ?", [plan_id])
        store.conn.execute("UPDATE plan SET parent_id = NULL WHERE parent_id = ?", [plan_id])
        store.conn.execute("DELETE FROM plan_section WHERE plan_id = ?", [plan_id])
        store.conn.execute("DELETE FROM plan WHERE id = ?", [plan_id])


def search(store: Store, query: str) -> tuple[set[str], dict[str, list[tuple[str, str]]]] | None:
    """Plans matching ``query`` by their own text, and by section: ``(plan ids, {plan id: [(section id,
    section title)]})``; ``None`` when the query has no words."""
    expression = match_expression(query)
    if expression is None:
        return None
    plan_ids = matching_ids(store.conn, "plan", query)
    sections: dict[str, list[tuple[str, str]]] = {}
    for plan_id, section_id, title in store.conn.execute(
        """SELECT s.plan_id, s.id, s.title FROM plan_section_fts f JOIN plan_section s ON s.rowid = f.rowid
           WHERE plan_section_fts MATCH ? ORDER BY s.plan_id, s.position""",
        [expression],
    ):
        sections.setdefault(plan_id, []).append((section_id, title))
    return plan_ids, sections


def count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM plan").fetchone()[0]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
