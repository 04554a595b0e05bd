"""Which action cards a command or dialog means: by id, by the incident type that activates
them and by the role that holds them (shared by exporting and printing)."""

from __future__ import annotations

from beredskap_desktop.domain.cards import ActionCard, code_order
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.text import fold
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import cards, contacts, incident_types
from beredskap_desktop.storage.database import Store


class UnknownFilter(UserError):
    """A filter naming an incident type or role the database does not have (wrong usage)."""


def chosen_cards(store: Store, ids: list[str] | None = None, *, incident_type: str | None = None,
                 role: str | None = None) -> list[ActionCard]:
    """The cards with ``ids`` (every card for ``None``), activated by ``incident_type`` (a card
    that is always activated counts for every type) and held by ``role`` (an id or a name), in
    code order. An unknown incident type or role raises ``UnknownFilter`` naming the valid ones."""
    type_code = _incident_type(store, incident_type) if incident_type else None
    role_id = _role(store, role) if role else None

    def wanted(card) -> bool:  # a CardSummary or an ActionCard
        return ((type_code is None or card.always_activate or type_code in card.incident_types)
                and (role_id is None or card.role_id == role_id))

    if ids is None:
        return [cards.get(store, summary.id) for summary in cards.summaries(store) if wanted(summary)]
    chosen = filter(None, (cards.get(store, id_) for id_ in dict.fromkeys(ids)))  # a few cards: read only those
    return sorted((card for card in chosen if wanted(card)), key=lambda card: code_order(card.code))


def _incident_type(store: Store, code: str) -> str:
    known = incident_types.names(store)
    if code not in known:
        raise UnknownFilter(_("Unknown incident type «{code}». Valid codes: {codes}.").format(code=code, codes=", ".join(known)))
    return code


def _role(store: Store, wanted: str) -> str:
    known = contacts.roles(store)
    for role in known:
        if wanted == role.id or fold(wanted.strip()) == fold(role.name):
            return role.id
    raise UnknownFilter(_("Unknown role «{role}». Valid roles: {roles}.").format(role=wanted, roles=", ".join(r.id for r in known)))
