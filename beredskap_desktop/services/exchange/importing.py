"""Importing a sharing file: a preview of what it will do, then one transaction.

``plan_import(store, read_document(path), path.name)`` resolves every reference and
decides what happens to each record, writing nothing; ``apply_import`` writes it all or,
on any failure, nothing.

- A record whose id is in the database is updated when anything differs, version and
  revision date included (the file's are kept), else unchanged; other ids are new.
- A card code used by another card (here, or earlier in the file) is replaced by the next
  free code with the same prefix; a card imported that way before keeps its code here.
- Roles are matched by id, then by name; others the file lists are created. Incident
  types are matched by code; others the file lists are created.
- A plan's parent or a card's plan that is neither here nor in the file is left out, and
  so is a notification whose alert list or contact is found neither by id nor by name.
- Section and step ids that are empty, repeated, or used by another record here get new ids.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from beredskap_desktop.domain.cards import ActionCard, IncidentType, card_to_dict, next_free_code
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.plans import Plan, parents_first, plan_to_dict
from beredskap_desktop.domain.text import fold
from beredskap_desktop.i18n import N_, _
from beredskap_desktop.services.exchange.document import (
    ALERT_LIST, CARDS, PLANS, Document, NotifyRef, SharedCard, Source, read_document, record_where,
)
from beredskap_desktop.services.files import confirm_import
from beredskap_desktop.storage import alerts, cards, contacts, incident_types, plans
from beredskap_desktop.storage.contacts import Role
from beredskap_desktop.storage.database import Store, open_store
from beredskap_desktop.storage.records import new_id


PLAN_FIELDS = {
    "type": N_("Type"), "title": N_("Title"), "parent_id": N_("Part of"), "owner_role": N_("Owner"),
    "status": N_("Status"), "adopted_by": N_("Adopted by"), "adopted_on": N_("Adopted on"),
    "revised_at": N_("Revised"), "version": N_("Version"), "sections": N_("Sections"),
}
CARD_FIELDS = {
    "code": N_("Code"), "title": N_("Title"), "role": N_("Role"), "incident_types": N_("Incident types"),
    "phases": N_("Phases"), "always_activate": N_("Always activate"), "trigger": N_("Trigger"),
    "purpose": N_("Purpose"), "plan_id": N_("Plan"), "version": N_("Version"), "revised_at": N_("Revised"),
    "approved_by": N_("Approved by"), "steps": N_("Steps"),
}


@dataclass(frozen=True)
class Planned:
    """A record the import creates, updates or leaves: where in the file, how it is shown,
    and the fields an update changes."""

    where: str
    label: str
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Renamed:
    """A card whose code is used here by another card."""

    where: str
    code_in_file: str
    code_here: str
    title: str

    def __str__(self) -> str:
        return f"{self.code_in_file} → {self.code_here} ({self.title})"


@dataclass
class ExchangeImport:
    """What an import will do; nothing is written until ``apply_import``."""

    kind: str
    file_name: str
    source: Source
    new: list[Planned] = field(default_factory=list)
    updated: list[Planned] = field(default_factory=list)
    unchanged: list[Planned] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_roles: list[Role] = field(default_factory=list)
    new_incident_types: list[IncidentType] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)  # to write, each after the plan it belongs to
    cards: list[ActionCard] = field(default_factory=list)  # to write, in file order

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.updated or self.new_roles or self.new_incident_types)

    @property
    def reason(self) -> str:
        """What the revision history of an imported adopted plan says."""
        if self.source.municipality:
            return _("Imported from {municipality} ({file})").format(municipality=self.source.municipality, file=self.file_name)
        return _("Imported from {file}").format(file=self.file_name)


def plan_import(store: Store, document: Document, file_name: str) -> ExchangeImport:
    """What importing ``document`` (read from ``file_name``) into ``store`` does.

    ``UserError`` names the record when a reference cannot be resolved at all (a role or
    incident type neither here nor in the file, plans that would belong to each other)."""
    planner = _Planner(store, document, file_name)
    if document.kind == PLANS:
        planner.add_plans(document.plans)
    else:
        planner.add_cards(document.cards)
    return planner.result


def plan_file(store: Store, path: Path, kind: str | None = None) -> ExchangeImport:
    """``plan_import`` of the file at ``path``; ``kind`` is what the caller expects (None: either)."""
    return plan_import(store, read_document(path, kind), path.name)


def apply_import(store: Store, result: ExchangeImport) -> None:
    """Write roles, incident types, then the records, in one transaction."""
    store.require_writable()
    with store.conn:
        for role in result.new_roles:
            contacts.add_role_in_transaction(store, role)
        for incident_type in result.new_incident_types:
            incident_types.save_in_transaction(store, incident_type)
        for plan in result.plans:
            plans.save_in_transaction(store, plan, author=_("Import"), reason=result.reason, as_is=True)
        for card in result.cards:
            cards.save_in_transaction(store, card, as_is=True)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


class _Planner:
    def __init__(self, store: Store, document: Document, file_name: str):
        self.store, self.document, self.file_name = store, document, file_name
        self.result = ExchangeImport(document.kind, file_name, document.source)
        here = contacts.roles(store)
        self.role_ids = {role.id: role.id for role in here}
        self.roles_by_name = {fold(role.name): role.id for role in here}
        self.file_roles = {role.id: role for role in document.roles}
        self.type_codes = set(incident_types.names(store))
        self.file_types = {t.code: t for t in document.incident_types}

    def fail(self, where: str, field_name: str, problem: str):
        raise UserError(_("{file}: {where}: {field}: {problem}").format(file=self.file_name, where=where, field=field_name, problem=problem))

    def role(self, role_id: str, where: str, field_name: str) -> str:
        """The id here of the file's role ``role_id``, planning it as a new role if needed."""
        if role_id not in self.role_ids:
            role = self.file_roles.get(role_id)
            if role is None:
                self.fail(where, field_name, _("the role «{role}» is neither in the file's roles nor in this database.").format(role=role_id))
            self.role_ids[role_id] = self.roles_by_name.setdefault(fold(role.name), role_id)
            if self.role_ids[role_id] == role_id:
                self.result.new_roles.append(role)
        return self.role_ids[role_id]

    def incident_type(self, code: str, where: str) -> None:
        if code in self.type_codes:
            return
        if code not in self.file_types:
            self.fail(where, "incident_types",
                      _("the incident type «{code}» is neither in the file's incident types nor in this database.").format(code=code))
        self.type_codes.add(code)
        self.result.new_incident_types.append(self.file_types[code])

    def compare(self, where: str, label: str, old: dict | None, new: dict, labels: dict[str, str]) -> bool:
        """File the record under new, updated or unchanged; whether it is to be written."""
        if old is None:
            self.result.new.append(Planned(where, label))
            return True
        changes = tuple(_(text) for key, text in labels.items() if old[key] != new[key])
        (self.result.updated if changes else self.result.unchanged).append(Planned(where, label, changes))
        if changes and new["version"] < old["version"]:
            self.result.warnings.append(_("{record}: the file has version {file} and this database version {here}; importing replaces it with the older version.").format(
                record=label, file=new["version"], here=old["version"]))
        return bool(changes)

    # --- Plans --------------------------------------------------------------------------

    def add_plans(self, shared: tuple[Plan, ...]) -> None:
        stored = {summary.id: plans.get(self.store, summary.id) for summary in plans.summaries(self.store)}
        parents = {plan_id: plan.parent_id for plan_id, plan in stored.items()}
        in_file = {plan.id for plan in shared}
        owners = {section.id: plan.id for plan in stored.values() for section in plan.sections}
        seen: set[str] = set()
        ready = []
        for index, plan in enumerate(shared):
            where = record_where(PLANS, index, plan.title)
            owner = self.role(plan.owner_role_id, where, "owner_role") if plan.owner_role_id else None
            parent = plan.parent_id
            if parent and parent not in stored and parent not in in_file:
                self.result.warnings.append(_("{plan}: the plan it belongs to ({id}) is neither in this database nor in the file; it is imported as a plan of its own.").format(
                    plan=plan.title, id=parent))
                parent = None
            sections = tuple(replace(s, id=_fresh_id(s.id, plan.id, owners, seen)) for s in plan.sections)
            parents[plan.id] = parent
            ready.append((where, replace(plan, owner_role_id=owner, parent_id=parent, sections=sections)))
        for where, plan in ready:
            if _in_cycle(parents, plan.id):
                self.fail(where, "parent_id", _("the plans would belong to each other."))
        order = {plan.id: index for index, plan in enumerate(parents_first([plan for _where, plan in ready]))}
        for where, plan in sorted(ready, key=lambda item: order[item[1].id]):
            old = stored.get(plan.id)
            if self.compare(where, plan.title, plan_to_dict(old) if old else None, plan_to_dict(plan), PLAN_FIELDS):
                self.result.plans.append(plan)

    # --- Cards --------------------------------------------------------------------------

    def add_cards(self, shared_cards: tuple[SharedCard, ...]) -> None:
        stored = {summary.id: cards.get(self.store, summary.id) for summary in cards.summaries(self.store)}
        taken = cards.codes(self.store)
        owners = {step.id: card.id for card in stored.values() for step in card.steps}
        plan_ids = {summary.id for summary in plans.summaries(self.store)}
        references = _References(self.store)
        in_file = {shared.card.code for shared in shared_cards}
        seen: set[str] = set()
        for index, shared in enumerate(shared_cards):
            card = shared.card
            where = record_where(CARDS, index, card.code)
            role = self.role(card.role_id, where, "role")
            for code in card.incident_types:
                self.incident_type(code, where)
            code = self._code(card, stored.get(card.id), taken, in_file, where)
            steps = []
            for number, (step, ref) in enumerate(zip(card.steps, shared.notify), start=1):
                list_id, contact_id, warning = references.resolve(ref, card.code, number)
                if warning:
                    self.result.warnings.append(warning)
                responsible = self.role(step.responsible_role_id, where, f"steps[{number - 1}].responsible_role") if step.responsible_role_id else None
                steps.append(replace(step, id=_fresh_id(step.id, card.id, owners, seen), responsible_role_id=responsible,
                                     notify_alert_list_id=list_id, notify_contact_id=contact_id))
            plan_id = shared.plan.id if shared.plan else None
            if plan_id and plan_id not in plan_ids:
                self.result.warnings.append(_("{card}: the plan «{title}» is not in this database; the card is imported without a plan.").format(
                    card=card.code, title=shared.plan.title or shared.plan.id))
                plan_id = None
            ready = replace(card, code=code, role_id=role, steps=tuple(steps), plan_id=plan_id)
            old = stored.get(card.id)
            if self.compare(where, f"{code} {card.title}", card_to_dict(old) if old else None, card_to_dict(ready), CARD_FIELDS):
                self.result.cards.append(ready)

    def _code(self, card: ActionCard, old: ActionCard | None, taken: dict[str, str], in_file: set[str], where: str) -> str:
        """The card's code here: the file's, unless another card holds it; then the code the card
        already has here, or the next code used neither here nor in the file. ``taken``
        (code -> card id) follows along."""
        for code in [code for code, holder in taken.items() if holder == card.id]:
            del taken[code]
        code = card.code
        if taken.get(code, card.id) != card.id:
            code = old.code if old is not None and old.code not in taken else next_free_code(card.code, set(taken) | in_file)
            self.result.renamed.append(Renamed(where, card.code, code, card.title))
        taken[code] = card.id
        return code


def _fresh_id(item_id: str, record_id: str, owners: dict[str, str], seen: set[str]) -> str:
    """``item_id`` for a section or step of ``record_id``, or a new id when it is empty,
    already used in the file, or used here by another record."""
    if not item_id or item_id in seen or owners.get(item_id, record_id) != record_id:
        item_id = new_id()
    seen.add(item_id)
    return item_id


def _in_cycle(parents: dict[str, str | None], start: str) -> bool:
    seen: set[str] = set()
    current = parents.get(start)
    while current is not None and current not in seen:
        if current == start:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


class _References:
    """Alert lists and contacts here, to find what a step notifies by id, then by name."""

    def __init__(self, store: Store):
        self.lists: dict[str, list[str]] = {}
        self.list_ids: set[str] = set()
        for alert_list in alerts.list_all(store):
            self.list_ids.add(alert_list.id)
            self.lists.setdefault(_key(alert_list.name), []).append(alert_list.id)
        organisations = {id_: name for id_, name, _kind in contacts.organisations(store)}
        self.contacts: dict[str, list[tuple[str, str]]] = {}
        self.contact_ids: set[str] = set()
        for id_, _type, name, organisation_id, _email, _mobile in contacts.match_keys(store):
            self.contact_ids.add(id_)
            self.contacts.setdefault(_key(name), []).append((id_, _key(organisations.get(organisation_id, ""))))

    def resolve(self, ref: NotifyRef | None, card_code: str, number: int) -> tuple[str | None, str | None, str]:
        """(alert list id, contact id, warning) for the step ``number`` of the card ``card_code``."""
        if ref is None:
            return None, None, ""
        if ref.kind == ALERT_LIST:
            if ref.id in self.list_ids:
                return ref.id, None, ""
            found = self.lists.get(_key(ref.name), [])
            if len(found) == 1:
                return found[0], None, ""
            message = (_("{card} step {number}: several alert lists here are called «{name}»; the notification was left out.") if found
                       else _("{card} step {number}: the alert list «{name}» does not exist here; the notification was left out."))
            return None, None, message.format(card=card_code, number=number, name=ref.name)
        if ref.id in self.contact_ids:
            return None, ref.id, ""
        found = [id_ for id_, organisation in self.contacts.get(_key(ref.name), [])
                 if not ref.organisation or organisation == _key(ref.organisation)]
        if len(found) == 1:
            return None, found[0], ""
        name = f"{ref.name} ({ref.organisation})" if ref.organisation else ref.name
        message = (_("{card} step {number}: several contacts here are called «{name}»; the notification was left out.") if found
                   else _("{card} step {number}: the contact «{name}» does not exist here; the notification was left out."))
        return None, None, message.format(card=card_code, number=number, name=name)


# --- Showing and running ------------------------------------------------------------------

_COUNTS = {
    PLANS: (N_("New plans: {count}"), N_("Updated plans: {count}"), N_("Unchanged plans: {count}")),
    CARDS: (N_("New action cards: {count}"), N_("Updated action cards: {count}"), N_("Unchanged action cards: {count}")),
}
_DONE = {
    PLANS: N_("Imported {new} new and {updated} updated plans."),
    CARDS: N_("Imported {new} new and {updated} updated action cards."),
}


def format_preview(result: ExchangeImport) -> str:
    """The import as plain text: where from, counts, new roles and types, codes, updates, warnings."""
    new, updated, unchanged = _COUNTS[result.kind]
    lines = []
    if result.source.municipality:
        lines.append(_("From: {municipality} ({number})").format(municipality=result.source.municipality, number=result.source.kommunenummer))
    lines += [
        _(new).format(count=len(result.new)),
        _(updated).format(count=len(result.updated)),
        _(unchanged).format(count=len(result.unchanged)),
    ]
    if result.new_roles:
        lines.append(_("New roles: {names}").format(names=", ".join(role.name for role in result.new_roles)))
    if result.new_incident_types:
        lines.append(_("New incident types: {names}").format(names=", ".join(t.name for t in result.new_incident_types)))
    if result.renamed:
        lines.append(_("Codes used here by another card:"))
        lines += ["  " + str(renamed) for renamed in result.renamed]
    if result.updated:
        lines.append(_("Updates:"))
        lines += ["  " + _("{label}: {fields}").format(label=item.label, fields=", ".join(item.changes)) for item in result.updated]
    if result.warnings:
        lines.append(_("Warnings:"))
        lines += ["  " + warning for warning in result.warnings]
    return "\n".join(lines)


def run_cli_import(file: Path, db: Path, kind: str, assume_yes: bool) -> int:
    """``import plans|cards FILE --db PATH [--yes]``: preview on standard output, then import.

    Without ``--yes`` it asks on a terminal and refuses otherwise. A file that is not a
    good sharing file raises ``UserError`` before the database is opened."""
    document = read_document(file, kind)
    with open_store(db) as store:
        store.require_writable()
        result = plan_import(store, document, file.name)
        print(format_preview(result))
        if not result.has_changes:
            print(_("Nothing to import: the database already has everything in the file."), file=sys.stderr)
            return 0
        if not assume_yes and not confirm_import():
            return 1
        apply_import(store, result)
    print(_(_DONE[kind]).format(new=len(result.new), updated=len(result.updated)), file=sys.stderr)
    return 0


