"""Incident types: stable codes (``flom``) with editable names and descriptions."""

from __future__ import annotations

from beredskap_desktop.domain.cards import IncidentType, check_incident_type
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import ngettext
from beredskap_desktop.storage.database import Store


def list_all(store: Store) -> list[IncidentType]:
    return [IncidentType(*row) for row in store.conn.execute("SELECT code, name, description FROM incident_type ORDER BY position, code")]


def names(store: Store) -> dict[str, str]:
    return {t.code: t.name for t in list_all(store)}


def save(store: Store, incident_type: IncidentType) -> None:
    """Add a type, or rename or re-describe one (the code never changes)."""
    store.require_writable()
    with store.conn:
        save_in_transaction(store, incident_type)


def save_in_transaction(store: Store, incident_type: IncidentType) -> None:
    problems = check_incident_type(incident_type)
    if problems:
        raise UserError("\n".join(problems))
    store.conn.execute(
        """INSERT INTO incident_type (code, name, description, position)
           VALUES (?, ?, ?, (SELECT coalesce(max(position), -1) + 1 FROM incident_type))
           ON CONFLICT(code) DO UPDATE SET name = excluded.name, description = excluded.description""",
        [incident_type.code, incident_type.name.strip(), incident_type.description.strip()],
    )


def usage(store: Store) -> dict[str, int]:
    """How many action cards each incident type activates."""
    return dict(store.conn.execute("SELECT incident_type, count(*) FROM action_card_incident_type GROUP BY incident_type"))


def delete(store: Store, code: str) -> None:
    """Delete a type no card uses."""
    store.require_writable()
    used = usage(store).get(code, 0)
    if used:
        raise UserError(ngettext("The incident type {code} is used by {count} action card: remove it from the card first.",
                                 "The incident type {code} is used by {count} action cards: remove it from them first.", used).format(code=code, count=used))
    with store.conn:
        store.conn.execute("DELETE FROM incident_type WHERE code = ?", [code])
