"""Exporting plans or action cards to a sharing file, with the roles and incident types
they use and the names of the plans, alert lists and contacts they refer to."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from beredskap_desktop import __version__
from beredskap_desktop.domain.cards import ActionCard
from beredskap_desktop.domain.clock import now_utc
from beredskap_desktop.domain.plans import Classification
from beredskap_desktop.services.exchange.document import (
    ALERT_LIST, CARDS, CONTACT, PLANS, Document, NotifyRef, PlanRef, SharedCard, Source, document_bytes,
)
from beredskap_desktop.services.card_selection import chosen_cards
from beredskap_desktop.services.files import write_atomically
from beredskap_desktop.storage import alerts, contacts, incident_types, municipality, plans
from beredskap_desktop.storage.database import Store


def export_plans(store: Store, out_path: str | Path, ids: list[str] | None = None, *, include_exempt: bool = False) -> int:
    """Write the plans with ``ids`` (every plan for ``None``) to ``out_path``; the number written.
    Sections exempt from public access (offentleglova § 24) stay out unless ``include_exempt``."""
    document = plans_document(store, ids, include_exempt=include_exempt)
    write_atomically(Path(out_path), lambda handle: handle.write(document_bytes(document)))
    return len(document.plans)


def export_cards(store: Store, out_path: str | Path, ids: list[str] | None = None, *,
                 incident_type: str | None = None, role: str | None = None) -> int:
    """Write the action cards with ``ids`` (every card for ``None``) that ``incident_type``
    activates and ``role`` holds to ``out_path``; the number written."""
    document = cards_document(store, ids, incident_type=incident_type, role=role)
    write_atomically(Path(out_path), lambda handle: handle.write(document_bytes(document)))
    return len(document.cards)


def plans_document(store: Store, ids: list[str] | None = None, *, include_exempt: bool = False) -> Document:
    chosen = [plans.get(store, summary.id) for summary in plans.summaries(store) if ids is None or summary.id in ids]
    if not include_exempt:
        chosen = [replace(plan, sections=tuple(s for s in plan.sections if s.classification is Classification.OPEN)) for plan in chosen]
    used = {plan.owner_role_id for plan in chosen}
    return Document(PLANS, _source(store), now_utc(), _roles(store, used), plans=tuple(chosen))


def cards_document(store: Store, ids: list[str] | None = None, *, incident_type: str | None = None, role: str | None = None) -> Document:
    """The cards to share: those with ``ids``, activated by ``incident_type`` (a card that is
    always activated counts for every type) and held by ``role`` (an id or a name)."""
    chosen = chosen_cards(store, ids, incident_type=incident_type, role=role)
    used_roles = {card.role_id for card in chosen} | {step.responsible_role_id for card in chosen for step in card.steps}
    used_types = {code for card in chosen for code in card.incident_types}
    names = _Names(store)
    return Document(
        CARDS, _source(store), now_utc(), _roles(store, used_roles),
        tuple(t for t in incident_types.list_all(store) if t.code in used_types),
        cards=tuple(names.shared(card) for card in chosen),
    )


def _source(store: Store) -> Source:
    own = municipality.get(store)
    return Source(own.name if own else "", own.kommunenummer if own else "", __version__)


def _roles(store: Store, used: set[str | None]) -> tuple[contacts.Role, ...]:
    return tuple(role for role in contacts.roles(store) if role.id in used)


class _Names:
    """The titles and names a card's references go by, read once per export."""

    def __init__(self, store: Store):
        self.store = store
        self.plan_titles = {summary.id: summary.title for summary in plans.summaries(store)}
        self.list_names = {alert_list.id: alert_list.name for alert_list in alerts.list_all(store)}
        self.contacts: dict[str, NotifyRef] = {}

    def shared(self, card: ActionCard) -> SharedCard:
        plan = PlanRef(card.plan_id, self.plan_titles.get(card.plan_id, "")) if card.plan_id else None
        notify = tuple(self._notify(step.notify_alert_list_id, step.notify_contact_id) for step in card.steps)
        bare = replace(card, plan_id=None, steps=tuple(replace(s, notify_alert_list_id=None, notify_contact_id=None) for s in card.steps))
        return SharedCard(bare, plan, notify)

    def _notify(self, list_id: str | None, contact_id: str | None) -> NotifyRef | None:
        if list_id:
            return NotifyRef(ALERT_LIST, list_id, self.list_names.get(list_id, ""))
        if contact_id:
            if contact_id not in self.contacts:
                contact = contacts.get(self.store, contact_id)
                organisation = contacts.get(self.store, contact.organisation_id) if contact and contact.organisation_id else None
                self.contacts[contact_id] = NotifyRef(CONTACT, contact_id, contact.name if contact else "",
                                                      organisation.name if organisation else "")
            return self.contacts[contact_id]
        return None


def suggested_file_name(store: Store, kind: str) -> str:
    """``fjordvik-tiltakskort.json`` or ``fjordvik-planer.json``: what the save dialog offers."""
    own = municipality.get(store)
    stem = "-".join(own.name.lower().split()) if own else ""
    name = "tiltakskort.json" if kind == CARDS else "planer.json"
    return f"{stem}-{name}" if stem else name
