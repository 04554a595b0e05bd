"""An incident's actions in the database: activated card steps and ad-hoc actions. Every
change writes its own log entry (category tiltak) in the same transaction."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from beredskap_desktop.domain.actions import (
    Action, ActionStatus, activated_text, ad_hoc_text, change_text, changed, check_ad_hoc, check_change,
)
from beredskap_desktop.domain.cards import ActionCard, code_order
from beredskap_desktop.domain.clock import from_iso, now_utc
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.log import Category, Draft, Operator, iso_utc
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import cards as card_store
from beredskap_desktop.storage import contacts
from beredskap_desktop.storage import log as log_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.records import new_id

_COLUMNS = (
    "id", "incident_id", "position", "text", "card_id", "card_code", "card_title", "card_version", "card_role",
    "step_number", "role_id", "role", "deadline_minutes", "notify", "notify_alert_list_id", "status", "assignee",
    "comment", "started_at", "done_at", "changed_at", "changed_by", "changed_by_role",
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM incident_action"


def _action(row) -> Action:
    values = dict(zip(_COLUMNS, row))
    by, by_role = values.pop("changed_by"), values.pop("changed_by_role")
    return Action(**{
        **values, "status": ActionStatus(values["status"]), "started_at": from_iso(values["started_at"]),
        "done_at": from_iso(values["done_at"]), "changed_at": from_iso(values["changed_at"]),
        "changed_by": Operator(by, by_role or "") if by else None,
    })


def get(store: Store, action_id: str) -> Action | None:
    row = store.conn.execute(f"{_SELECT} WHERE id = ?", [action_id]).fetchone()
    return _action(row) if row else None


def list_for(store: Store, incident_id: str) -> list[Action]:
    """The incident's actions in board order: activated cards by code, steps in order, then ad-hoc actions as added."""
    return [_action(row) for row in store.conn.execute(f"{_SELECT} WHERE incident_id = ? ORDER BY position", [incident_id])]


def activate_in_transaction(store: Store, incident_id: str, incident_types: Collection[str], *, device_id: str,
                            operator: Operator, now: datetime | None = None) -> list[Action]:
    """Copy every card linked to one of ``incident_types``, and every card always activated,
    into the incident as actions, inside the caller's write transaction; log which cards
    (nothing is logged when no card applies)."""
    types = list(incident_types)
    ids = [id_ for (id_,) in store.conn.execute(
        f"""SELECT id FROM action_card WHERE always_activate = 1 UNION
            SELECT card_id FROM action_card_incident_type WHERE incident_type IN ({", ".join("?" * len(types))})""",
        types,
    )]
    chosen = sorted(filter(None, (card_store.get(store, id_) for id_ in ids)), key=lambda card: code_order(card.code))
    return _activate(store, incident_id, chosen, device_id=device_id, operator=operator, now=now)


def add_card(store: Store, incident_id: str, card_id: str, *, device_id: str, operator: Operator,
             now: datetime | None = None) -> list[Action]:
    """Activate one more card in a running incident (its steps go after the actions there)."""
    with log_store.immediate(store):
        require_open_incident(store, incident_id)
        card = card_store.get(store, card_id)
        if card is None:
            raise UserError(_("The action card no longer exists."))
        if store.conn.execute("SELECT 1 FROM incident_action WHERE incident_id = ? AND card_id = ?", [incident_id, card_id]).fetchone():
            raise UserError(_("Action card {code} is already activated in this incident.").format(code=card.code))
        return _activate(store, incident_id, [card], device_id=device_id, operator=operator, now=now)


def _activate(store: Store, incident_id: str, chosen: list[ActionCard], *, device_id: str, operator: Operator,
              now: datetime | None) -> list[Action]:
    if not chosen:
        return []
    roles = {role.id: role.name for role in contacts.roles(store)}
    position = _next_position(store, incident_id)
    actions = []
    for card in chosen:
        for number, step in enumerate(card.steps, start=1):
            role_id = step.responsible_role_id or card.role_id
            actions.append(Action(
                id=new_id(), incident_id=incident_id, position=position, text=step.text, card_id=card.id,
                card_code=card.code, card_title=card.title, card_version=card.version,
                card_role=roles.get(card.role_id, card.role_id), step_number=number, role_id=role_id,
                role=roles.get(role_id, role_id), deadline_minutes=step.deadline_minutes,
                notify=_notify_name(store, step.notify_alert_list_id, step.notify_contact_id),
                notify_alert_list_id=step.notify_alert_list_id,
            ))
            position += 1
    stamp = iso_utc(now or now_utc())
    _insert(store, actions, stamp)
    log_store.append_in_transaction(store, incident_id, Draft(activated_text(actions), category=Category.ACTION),
                                    device_id=device_id, operator=operator, now=now)
    return actions


def _notify_name(store: Store, list_id: str | None, contact_id: str | None) -> str:
    table, id_ = ("alert_list", list_id) if list_id else ("contact", contact_id)
    row = store.conn.execute(f"SELECT name FROM {table} WHERE id = ?", [id_]).fetchone() if id_ else None
    return row[0] if row else ""


def add_ad_hoc(store: Store, incident_id: str, text: str, *, role_id: str | None = None, assignee: str = "",
               deadline_minutes: int | None = None, device_id: str, operator: Operator,
               now: datetime | None = None) -> Action:
    """Add an action that no card has, after the others, recording who added it; logged.
    ``FieldError`` names a bad field."""
    errors = check_ad_hoc(text, assignee, deadline_minutes, operator)
    if errors:
        raise errors[0]
    with log_store.immediate(store):
        require_open_incident(store, incident_id)
        role = ""
        if role_id:
            row = store.conn.execute("SELECT name FROM role WHERE id = ?", [role_id]).fetchone()
            if row is None:
                raise UserError(_("Role: the role no longer exists; choose again."))
            role = row[0]
        at = now or now_utc()
        action = Action(id=new_id(), incident_id=incident_id, position=_next_position(store, incident_id), text=text.strip(),
                        role_id=role_id or None, role=role, deadline_minutes=deadline_minutes, assignee=assignee.strip(),
                        changed_at=at, changed_by=Operator(operator.name.strip(), operator.role.strip()))
        _insert(store, [action], iso_utc(at))
        log_store.append_in_transaction(store, incident_id, Draft(ad_hoc_text(action), category=Category.ACTION),
                                        device_id=device_id, operator=operator, now=now)
    return action


def change(store: Store, action_id: str, *, status: ActionStatus | None = None, assignee: str | None = None,
           comment: str | None = None, device_id: str, operator: Operator, now: datetime | None = None) -> Action:
    """Change an action's status, assignee or comment (``None``: unchanged) and log what
    changed, naming the card and step; nothing is written when nothing changes."""
    errors = check_change(assignee, comment, operator)
    if errors:
        raise errors[0]
    at = now or now_utc()
    with log_store.immediate(store):
        old = get(store, action_id)
        if old is None:
            raise UserError(_("The action no longer exists."))
        require_open_incident(store, old.incident_id)
        new = changed(old, status=status, assignee=assignee, comment=comment, at=at, operator=operator)
        if new == old:
            return old
        store.conn.execute(
            """UPDATE incident_action SET status = ?, assignee = ?, comment = ?, started_at = ?, done_at = ?, changed_at = ?,
                      changed_by = ?, changed_by_role = ? WHERE id = ?""",
            [new.status.value, new.assignee, new.comment, _iso(new.started_at), _iso(new.done_at), iso_utc(at),
             new.changed_by.name, new.changed_by.role, action_id],
        )
        log_store.append_in_transaction(store, old.incident_id, Draft(change_text(old, new), category=Category.ACTION),
                                        device_id=device_id, operator=operator, now=at)
    return new


def require_open_incident(store: Store, incident_id: str) -> None:
    """Refuse changes to a closed or unknown incident (shared by call-outs and situation reports)."""
    row = store.conn.execute("SELECT title, status FROM incident WHERE id = ?", [incident_id]).fetchone()
    if row is None:
        raise UserError(_("No incident with id {id}.").format(id=incident_id))
    if row[1] == "avsluttet":
        raise UserError(_("The incident «{title}» is closed.").format(title=row[0]))


def _next_position(store: Store, incident_id: str) -> int:
    return store.conn.execute("SELECT coalesce(max(position), 0) + 1 FROM incident_action WHERE incident_id = ?",
                              [incident_id]).fetchone()[0]


def _insert(store: Store, actions: list[Action], stamp: str) -> None:
    store.conn.executemany(
        f"INSERT INTO incident_action ({', '.join(_COLUMNS)}, created_at) VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})",
        [(a.id, a.incident_id, a.position, a.text, a.card_id, a.card_code, a.card_title, a.card_version, a.card_role,
          a.step_number, a.role_id, a.role, a.deadline_minutes, a.notify, a.notify_alert_list_id, a.status.value,
          a.assignee, a.comment, None, None, _iso(a.changed_at), a.changed_by.name if a.changed_by else None,
          a.changed_by.role if a.changed_by else None, stamp) for a in actions],
    )


def _iso(moment: datetime | None) -> str | None:
    return iso_utc(moment) if moment else None
