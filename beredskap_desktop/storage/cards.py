"""Action cards, their steps, incident types and phases in the database.

A card's version goes up (and its revision date becomes today) whenever a save changes
what the printed card says, so a sheet in the binder can be checked against the database.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from beredskap_desktop.domain.cards import (
    ActionCard, CardSummary, Phase, Step, check_card, code_order, content_changed, next_free_code,
)
from beredskap_desktop.domain.clock import today
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.plans import PlanSummary
from beredskap_desktop.domain.text import fold
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import plans as plan_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.records import new_id, timestamp
from beredskap_desktop.storage.search import matching_ids

def summaries(store: Store) -> list[CardSummary]:
    """Every card without its steps, in code order."""
    types = _grouped(store, "SELECT card_id, incident_type FROM action_card_incident_type ORDER BY card_id, incident_type")
    phases = _grouped(store, "SELECT card_id, phase FROM action_card_phase")
    cards = [
        CardSummary(id_, code, title, role_id, tuple(types.get(id_, ())), _phases(phases.get(id_, ())),
                    steps, version, _date(revised_at), bool(always))
        for id_, code, title, role_id, steps, version, revised_at, always in store.conn.execute(
            """SELECT c.id, c.code, c.title, c.role_id, (SELECT count(*) FROM action_card_step s WHERE s.card_id = c.id),
                      c.version, c.revised_at, c.always_activate FROM action_card c"""
        )
    ]
    return sorted(cards, key=lambda c: code_order(c.code))


def _grouped(store: Store, sql: str, params=()) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, value in store.conn.execute(sql, params):
        grouped.setdefault(key, []).append(value)
    return grouped


def _phases(values) -> tuple[Phase, ...]:
    return tuple(p for p in Phase if p.value in values)


def get(store: Store, card_id: str) -> ActionCard | None:
    row = store.conn.execute(
        """SELECT id, code, title, role_id, trigger, purpose, plan_id, version, revised_at, approved_by, always_activate
           FROM action_card WHERE id = ?""",
        [card_id],
    ).fetchone()
    if row is None:
        return None
    id_, code, title, role_id, trigger, purpose, plan_id, version, revised_at, approved_by, always = row
    steps = tuple(
        Step(*step) for step in store.conn.execute(
            """SELECT id, text, responsible_role_id, notify_alert_list_id, notify_contact_id, deadline_minutes
               FROM action_card_step WHERE card_id = ? ORDER BY position""",
            [card_id],
        )
    )
    types = tuple(t for (t,) in store.conn.execute(
        "SELECT incident_type FROM action_card_incident_type WHERE card_id = ? ORDER BY incident_type", [card_id]))
    phases = _phases({p for (p,) in store.conn.execute("SELECT phase FROM action_card_phase WHERE card_id = ?", [card_id])})
    return ActionCard(id_, code, title, role_id, types, phases, trigger, purpose, steps, plan_id, version,
                      _date(revised_at), approved_by, bool(always))


def codes(store: Store) -> dict[str, str]:
    """Card id by code."""
    return {code: id_ for code, id_ in store.conn.execute("SELECT code, id FROM action_card")}


def save(store: Store, card: ActionCard, *, on: date | None = None) -> ActionCard:
    """Insert or update ``card`` in one transaction and return it as saved (with its new
    version when the printed content changed). ``UserError`` says what is wrong."""
    store.require_writable()
    with store.conn:
        saved = save_in_transaction(store, card, on=on)
    return saved


def save_in_transaction(store: Store, card: ActionCard, *, on: date | None = None, as_is: bool = False) -> ActionCard:
    """``save`` inside the caller's transaction; ``as_is`` keeps the card's version and date (import)."""
    if not card.id:
        card = replace(card, id=new_id())
    card = replace(
        card, code=card.code.strip().upper(), incident_types=tuple(sorted(set(card.incident_types))),
        phases=_phases(set(card.phases)), steps=tuple(replace(s, id=s.id or new_id(), text=s.text.strip()) for s in card.steps),
    )
    problems = check_card(card)
    holder = store.conn.execute("SELECT title FROM action_card WHERE code = ? AND id != ?", [card.code, card.id]).fetchone()
    if holder:
        problems.append(_("Code: {code} is already used by «{title}».").format(code=card.code, title=holder[0]))
    unknown = [t for t in card.incident_types if not store.conn.execute("SELECT 1 FROM incident_type WHERE code = ?", [t]).fetchone()]
    if unknown:
        problems.append(_("Unknown incident type: {codes}.").format(codes=", ".join(unknown)))
    problems += _gone_references(store, card)
    if problems:
        raise UserError("\n".join(problems))
    old = get(store, card.id)
    if not as_is:
        if old is None:
            card = replace(card, version=1, revised_at=on or today())
        elif content_changed(old, card):
            card = replace(card, version=old.version + 1, revised_at=on or today())
        else:
            card = replace(card, version=old.version, revised_at=old.revised_at)
    _write(store, card, old is None)
    return card


def _gone_references(store: Store, card: ActionCard) -> list[str]:
    """Messages for links to records that do not exist (deleted meanwhile, or from another database)."""
    checks = [("role", card.role_id, _("Role")), ("plan", card.plan_id, _("Plan"))]
    for number, step in enumerate(card.steps, start=1):
        label = _("Step {number}").format(number=number)
        checks += [("role", step.responsible_role_id, label), ("alert_list", step.notify_alert_list_id, label),
                   ("contact", step.notify_contact_id, label)]
    return [_("{field}: the linked record no longer exists; choose again.").format(field=field)
            for table, id_, field in checks if id_ and not store.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", [id_]).fetchone()]


def _write(store: Store, card: ActionCard, is_new: bool) -> None:
    now = timestamp()
    search_text = fold(" ".join([card.code, card.title, card.trigger, card.purpose, *(s.text for s in card.steps)]))
    values = [card.code, card.title, card.role_id, card.trigger, card.purpose, card.plan_id, card.version,
              card.revised_at.isoformat() if card.revised_at else None, card.approved_by, int(card.always_activate),
              search_text, now]
    if is_new:
        store.conn.execute(
            """INSERT INTO action_card (code, title, role_id, trigger, purpose, plan_id, version, revised_at, approved_by,
                                        always_activate, search_text, updated_at, id, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [*values, card.id, now],
        )
    else:
        store.conn.execute(
            """UPDATE action_card SET code = ?, title = ?, role_id = ?, trigger = ?, purpose = ?, plan_id = ?, version = ?,
                      revised_at = ?, approved_by = ?, always_activate = ?, search_text = ?, updated_at = ? WHERE id = ?""",
            [*values, card.id],
        )
    for table in ("action_card_step", "action_card_incident_type", "action_card_phase"):
        store.conn.execute(f"DELETE FROM {table} WHERE card_id = ?", [card.id])
    store.conn.executemany(
        """INSERT INTO action_card_step (id, card_id, position, text, responsible_role_id, notify_alert_list_id,
                                         notify_contact_id, deadline_minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [(s.id, card.id, position, s.text, s.responsible_role_id, s.notify_alert_list_id, s.notify_contact_id,
          s.deadline_minutes) for position, s in enumerate(card.steps, start=1)],
    )
    store.conn.executemany("INSERT INTO action_card_incident_type (card_id, incident_type) VALUES (?, ?)",
                           [(card.id, t) for t in card.incident_types])
    store.conn.executemany("INSERT INTO action_card_phase (card_id, phase) VALUES (?, ?)",
                           [(card.id, p.value) for p in card.phases])


def unlink_in_transaction(store: Store, column: str, target_id: str) -> None:
    """Clear a deleted alert list or contact (``column`` notify_alert_list_id or notify_contact_id)
    from the steps naming it; each card changed gets a new version, as its printed sheet changes."""
    store.conn.execute(
        f"""UPDATE action_card SET version = version + 1, revised_at = ?, updated_at = ?
            WHERE id IN (SELECT card_id FROM action_card_step WHERE {column} = ?)""",
        [today().isoformat(), timestamp(), target_id],
    )
    store.conn.execute(f"UPDATE action_card_step SET {column} = NULL WHERE {column} = ?", [target_id])


def users(store: Store, column: str, target_id: str) -> int:
    """How many cards have a step that notifies the alert list or contact ``target_id``."""
    return store.conn.execute(f"SELECT count(DISTINCT card_id) FROM action_card_step WHERE {column} = ?", [target_id]).fetchone()[0]


def duplicate(store: Store, card_id: str) -> ActionCard:
    """A copy of the card under the next free code, as a new card (version 1)."""
    card = get(store, card_id)
    if card is None:
        raise UserError(_("The action card no longer exists."))
    copy = replace(
        card, id="", code=next_free_code(card.code, set(codes(store))), title=_("{title} (copy)").format(title=card.title),
        steps=tuple(replace(s, id="") for s in card.steps),
    )
    return save(store, copy)


def delete(store: Store, card_id: str) -> None:
    store.require_writable()
    with store.conn:
        for table in ("action_card_step", "action_card_incident_type", "action_card_phase"):
            store.conn.execute(f"DELETE FROM {table} WHERE card_id = ?", [card_id])
        store.conn.execute("DELETE FROM action_card WHERE id = ?", [card_id])


@dataclass(frozen=True)
class WhereUsed:
    """What reaches a card: its plan and the plans above it, and the incident types that activate it."""

    plans: tuple[PlanSummary, ...]
    incident_types: tuple[str, ...]
    every_incident: bool


def where_used(store: Store, card: ActionCard) -> WhereUsed:
    chain = [
        plan_store.summary_of(row) for row in store.conn.execute(
            f"""WITH RECURSIVE up(id, depth) AS (SELECT ?, 0 UNION SELECT p.parent_id, up.depth + 1 FROM plan p
                JOIN up ON p.id = up.id WHERE p.parent_id IS NOT NULL AND up.depth < 50)
                {plan_store.SUMMARY_SELECT} JOIN up ON plan.id = up.id ORDER BY up.depth""",
            [card.plan_id],
        )
    ] if card.plan_id else []
    return WhereUsed(tuple(chain), card.incident_types, card.always_activate)


def search_ids(store: Store, query: str) -> set[str] | None:
    return matching_ids(store.conn, "action_card", query)


def count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM action_card").fetchone()[0]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
