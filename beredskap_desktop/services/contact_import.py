"""Importing contacts: a preview of what a file will do, then one transaction.

``plan_import(store, read_contacts(path))`` validates every record with the domain rules
and decides what it will do; ``apply_import(store, plan)`` writes it all or nothing.

- A record is an organisation when its type (a "Type" column, a vCard ``KIND:org`` or
  ``X-ABShowAs:COMPANY``) says so, or when it has no person name but an organisation; it
  is then named after that organisation.
- A record matches an existing contact of its type by e-mail (ignoring case), then by
  work mobile, never by a landline or switchboard number (colleagues share those). An
  organisation also matches an organisation of the same name (ignoring case). A person
  with neither e-mail nor work mobile matches the one contact with the same name and
  organisation, if there is exactly one. Records in one file that match each other merge.
- An update overwrites only the fields the file gives; roles and other numbers are added.
- Organisations are matched by name (ignoring case) or created, with the kind the file
  gives, else Other. Roles are matched by folded name; unknown ones are created.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from beredskap_desktop.domain.contacts import (
    ORG_KIND_LABELS, PHONE_FIELDS, TEXT_FIELDS, Contact, ContactType, OrgKind, OtherPhone,
    check_fields, check_other_phones, label,
)
from beredskap_desktop.domain.phones import format_phone
from beredskap_desktop.domain.text import tokens
from beredskap_desktop.i18n import _
from beredskap_desktop.services.files import confirm_import
from beredskap_desktop.services.importers import RawContact, read_contacts
from beredskap_desktop.services.importers.records import (
    ORGANISATION, PERSON, header_key, join_other_phones, spellings,
)
from beredskap_desktop.storage import contacts
from beredskap_desktop.storage.contacts import Role
from beredskap_desktop.storage.database import Store, open_store
from beredskap_desktop.storage.records import new_id

_CHECKED = tuple(name for name in TEXT_FIELDS + PHONE_FIELDS if name != "name")
_SHOWN = (
    "name", "position", "organisation", "org_kind", "roles", "work_mobile", "work_landline",
    "private_phone", "satellite_phone", "other_phones", "email", "nodnett_alias", "nodnett_issi",
    "nodnett_talkgroups", "meeting_point", "availability", "notes", "verified_by",
)


@dataclass(frozen=True)
class Change:
    """One field an update changes, as shown: label, old value, new value."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class PlannedContact:
    """A contact the import will save, where in the file it came from, and what changes."""

    where: str
    contact: Contact
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Rejected:
    """A record the import leaves out, with the reasons (each naming the field)."""

    where: str
    name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Notice:
    """A warning about a record that is imported all the same (a foreign number, say)."""

    where: str
    name: str
    message: str

    def __str__(self) -> str:
        return _("{where} ({name}): {message}").format(where=self.where, name=self.name, message=self.message)


@dataclass
class ImportPlan:
    """What an import will do; nothing is written until ``apply_import``."""

    new: list[PlannedContact] = field(default_factory=list)
    updated: list[PlannedContact] = field(default_factory=list)
    unchanged: list[PlannedContact] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    new_organisations: list[Contact] = field(default_factory=list)
    new_roles: list[Role] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.updated)


@dataclass
class _Entry:
    where: str
    contact: Contact
    original: Contact | None


def plan_import(store: Store, records: list[RawContact]) -> ImportPlan:
    """Validate and match every record; organisations are planned before people."""
    planner = _Planner(store)
    for record in sorted(records, key=lambda record: not _identity(record)[0]):
        planner.add(record)
    return planner.plan()


def apply_import(store: Store, plan: ImportPlan) -> None:
    """Write the plan in one transaction: all of it or, on any failure, nothing."""
    store.require_writable()
    to_save = plan.new_organisations + [item.contact for item in plan.new + plan.updated]
    with store.conn:
        store.conn.execute("PRAGMA defer_foreign_keys = ON")
        for role in plan.new_roles:
            contacts.add_role_in_transaction(store, role)
        for contact in _organisations_first(to_save):
            contacts.save_in_transaction(store, contact)


def _organisations_first(to_save: list[Contact]) -> list[Contact]:
    """Each organisation before the contacts in it, so their search text names it."""
    by_id = {contact.id: contact for contact in to_save}
    ordered: list[Contact] = []
    placed: set[str] = set()

    def place(contact: Contact, path: frozenset[str]) -> None:
        if contact.id in placed or contact.id in path:
            return
        parent = by_id.get(contact.organisation_id)
        if parent is not None:
            place(parent, path | {contact.id})
        placed.add(contact.id)
        ordered.append(contact)

    for contact in to_save:
        place(contact, frozenset())
    return ordered


def _identity(record: RawContact) -> tuple[bool, str, str]:
    """(is an organisation, name, organisation it belongs to) of a record."""
    name = " ".join(record.fields.get("name", "").split())
    organisation = " ".join(record.fields.get("organisation", "").split())
    declared = header_key(record.fields.get("contact_type", ""))
    if declared in spellings(ORGANISATION) | {"org", "organization", "company", "firma"}:
        is_organisation = True
    elif declared in spellings(PERSON) | {"individual"}:
        is_organisation = False
    else:
        is_organisation = not name and bool(organisation)
    if is_organisation and not name:
        name, organisation = organisation, ""
    if is_organisation and organisation.casefold() == name.casefold():
        organisation = ""
    return is_organisation, name, organisation


@lru_cache(maxsize=1)
def _org_kinds_by_key() -> dict[str, OrgKind]:
    """Every way to name a kind (its code, its name, its label in any language), compared folded."""
    names = {}
    for kind in OrgKind:
        for key in {header_key(kind.value), header_key(kind.name)} | spellings(ORG_KIND_LABELS[kind]):
            names[key] = kind
    return names


def _org_kind(text: str) -> tuple[OrgKind | None, str]:
    """The kind named by ``text``, and a warning when it names none."""
    if not text.strip():
        return None, ""
    kind = _org_kinds_by_key().get(header_key(text))
    if kind:
        return kind, ""
    warning = _("{field}: \"{value}\" is not a kind the app knows; {other} is used.")
    return None, warning.format(field=label("org_kind"), value=text.strip(), other=OrgKind.OTHER.label)


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _role_key(name: str) -> str:
    return " ".join(tokens(name)) or name.casefold()


class _Planner:
    """Builds an ``ImportPlan`` record by record, remembering what earlier records planned."""

    def __init__(self, store: Store):
        self.store = store
        existing_roles = contacts.roles(store)
        self.roles = {_role_key(role.name): role for role in existing_roles}
        self.role_names = {role.id: role.name for role in existing_roles}
        self.new_roles: list[Role] = []
        organisations = contacts.organisations(store)
        self.organisations = {_name_key(name): id_ for id_, name, _kind in organisations}
        self.org_names = {id_: name for id_, name, _kind in organisations}
        self.new_organisations: dict[str, Contact] = {}
        self.planned: dict[str, _Entry] = {}
        self.types: dict[str, ContactType] = {}
        self.by_email: dict[str, str] = {}
        self.by_mobile: dict[str, str] = {}
        self.by_name: dict[tuple[str, ContactType, str | None], list[str]] = {}
        for id_, kind, name, organisation_id, email, mobile in contacts.match_keys(store):
            self.types[id_] = kind
            if email:
                self.by_email.setdefault(email.casefold(), id_)
            if mobile:
                self.by_mobile.setdefault(mobile, id_)
            self.by_name.setdefault((_name_key(name), kind, organisation_id), []).append(id_)
        self.claimed_by_name: set[str] = set()
        self.rejected: list[Rejected] = []
        self.warnings: list[Notice] = []

    def add(self, record: RawContact) -> None:
        is_organisation, name, parent = _identity(record)
        shown_name = name or record.display_name or "?"
        if record.problems:
            self.rejected.append(Rejected(record.where, shown_name, tuple(record.problems)))
            return
        raw = {name_: record.fields[name_] for name_ in _CHECKED if record.fields.get(name_)}
        raw["name"] = name
        checked = check_fields(raw, is_organisation=is_organisation)
        others, other_errors, other_warnings = check_other_phones(record.other_phones, is_organisation=is_organisation)
        errors = checked.errors + other_errors
        if errors:
            self.rejected.append(Rejected(record.where, shown_name, tuple(error.message for error in errors)))
            return
        kind, kind_warning = _org_kind(record.fields.get("org_kind", ""))
        messages = checked.warnings + other_warnings + ([kind_warning] if kind_warning else [])
        contact_type = ContactType.ORGANISATION if is_organisation else ContactType.PERSON
        organisation_id = self._organisation(parent, kind) if parent else None
        values = {key: value for key, value in checked.values.items() if value}
        match_id = self._match(values, contact_type, name, organisation_id)
        base, original = self._base(match_id, name, contact_type, kind)
        contact = replace(base, **values)
        if organisation_id and organisation_id != contact.id:
            contact = replace(contact, organisation_id=organisation_id)
        if is_organisation and kind:
            contact = replace(contact, org_kind=kind)
        role_ids = self._role_ids(record.fields.get("roles", ""))
        contact = replace(
            contact,
            role_ids=contact.role_ids + tuple(r for r in role_ids if r not in contact.role_ids),
            other_phones=_merged_phones(contact, others),
        )
        messages += self._mobile_conflict(contact)
        self._remember(record.where, contact, original)
        self.warnings += [Notice(record.where, shown_name, message) for message in messages]

    def _match(self, values: dict, contact_type: ContactType, name: str, organisation_id: str | None) -> str | None:
        """The contact a record updates: this file's or the database's, never one of another type."""
        email, mobile = values.get("email"), values.get("work_mobile")
        candidates = []
        if contact_type is ContactType.ORGANISATION:
            candidates.append(self.organisations.get(_name_key(name)))
        if email:
            candidates.append(self.by_email.get(email.casefold()))
        if mobile:
            candidates.append(self.by_mobile.get(mobile))
        for candidate in candidates:
            if candidate and self.types.get(candidate) is contact_type:
                return candidate
        if contact_type is ContactType.PERSON and not email and not mobile:
            same_name = self.by_name.get((_name_key(name), contact_type, organisation_id), [])
            if len(same_name) == 1 and same_name[0] not in self.claimed_by_name:
                self.claimed_by_name.add(same_name[0])
                return same_name[0]
        return None

    def _base(self, match_id: str | None, name: str, contact_type: ContactType, kind: OrgKind | None) -> tuple[Contact, Contact | None]:
        """The contact to update (and how it is stored now), or a new one."""
        if match_id in self.planned:
            entry = self.planned[match_id]
            return entry.contact, entry.original
        if match_id in self.new_organisations:
            return self.new_organisations.pop(match_id), None
        if match_id:
            stored = contacts.get(self.store, match_id)
            return stored, stored
        is_organisation = contact_type is ContactType.ORGANISATION
        return Contact(id=new_id(), name=name, contact_type=contact_type, org_kind=(kind or OrgKind.OTHER) if is_organisation else None), None

    def _remember(self, where: str, contact: Contact, original: Contact | None) -> None:
        entry = self.planned.get(contact.id)
        self.planned[contact.id] = _Entry(entry.where if entry else where, contact, original)
        self.types[contact.id] = contact.contact_type
        if contact.email:
            self.by_email[contact.email.casefold()] = contact.id
        if contact.work_mobile:
            self.by_mobile[contact.work_mobile] = contact.id
        if contact.is_organisation:
            self.organisations.setdefault(_name_key(contact.name), contact.id)
            self.org_names[contact.id] = contact.name

    def _mobile_conflict(self, contact: Contact) -> list[str]:
        if not contact.work_mobile:
            return []
        owner = self.by_mobile.get(contact.work_mobile)
        if owner and owner != contact.id:
            return [_("{field}: {number} is also the work mobile of another contact.").format(field=label("work_mobile"), number=format_phone(contact.work_mobile))]
        return []

    def _organisation(self, name: str, kind: OrgKind | None) -> str:
        """The id of the organisation called ``name``, planning a new one when there is none."""
        key = _name_key(name)
        if key not in self.organisations:
            organisation = Contact(id=new_id(), name=" ".join(name.split()), contact_type=ContactType.ORGANISATION, org_kind=kind or OrgKind.OTHER)
            self.new_organisations[organisation.id] = organisation
            self.types[organisation.id] = ContactType.ORGANISATION
            self.organisations[key] = organisation.id
            self.org_names[organisation.id] = organisation.name
        return self.organisations[key]

    def _role_ids(self, text: str) -> tuple[str, ...]:
        ids: list[str] = []
        for name in re.split(r"[,;\n]", text):
            name = " ".join(name.split())
            if not name:
                continue
            role = self.roles.get(_role_key(name))
            if role is None:
                role = Role(self._new_role_id(name), name)
                self.roles[_role_key(name)] = role
                self.role_names[role.id] = name
                self.new_roles.append(role)
            if role.id not in ids:
                ids.append(role.id)
        return tuple(ids)

    def _new_role_id(self, name: str) -> str:
        stem = "-".join(tokens(name)) or "role"
        candidate, number = stem, 2
        while candidate in self.role_names:
            candidate, number = f"{stem}-{number}", number + 1
        return candidate

    def _shown(self, contact: Contact) -> dict[str, str]:
        """Each field of ``contact`` as the preview shows it."""
        shown = {name: str(getattr(contact, name)) for name in TEXT_FIELDS}
        shown.update({name: format_phone(getattr(contact, name)) for name in PHONE_FIELDS})
        shown["organisation"] = self.org_names.get(contact.organisation_id, "") if contact.organisation_id else ""
        shown["org_kind"] = contact.org_kind.label if contact.org_kind else ""
        shown["roles"] = ", ".join(self.role_names.get(role_id, role_id) for role_id in contact.role_ids)
        shown["other_phones"] = join_other_phones([(phone.label, format_phone(phone.number)) for phone in contact.other_phones])
        return shown

    def plan(self) -> ImportPlan:
        plan = ImportPlan(
            rejected=self.rejected, warnings=self.warnings,
            new_organisations=list(self.new_organisations.values()), new_roles=self.new_roles,
        )
        for entry in self.planned.values():
            if entry.original is None:
                plan.new.append(PlannedContact(entry.where, entry.contact))
                continue
            before, after = self._shown(entry.original), self._shown(entry.contact)
            changes = tuple(Change(label(name), before[name], after[name]) for name in _SHOWN if before[name] != after[name])
            (plan.updated if changes else plan.unchanged).append(PlannedContact(entry.where, entry.contact, changes))
        return plan


def _merged_phones(contact: Contact, others: list[OtherPhone]) -> tuple[OtherPhone, ...]:
    """The contact's extra numbers plus the new ones it does not already have anywhere."""
    seen = {contact.work_mobile, contact.work_landline, contact.private_phone, contact.satellite_phone}
    seen |= {phone.number for phone in contact.other_phones}
    merged = list(contact.other_phones)
    for phone in others:
        if phone.number not in seen:
            merged.append(phone)
            seen.add(phone.number)
    return tuple(merged)


def format_preview(plan: ImportPlan) -> str:
    """The plan as plain text: counts, what is created, updates, rejections with reasons, warnings."""
    lines = [
        _("New contacts: {count}").format(count=len(plan.new)),
        _("Updated contacts: {count}").format(count=len(plan.updated)),
        _("Unchanged contacts: {count}").format(count=len(plan.unchanged)),
        _("Rejected records: {count}").format(count=len(plan.rejected)),
    ]
    if plan.new_organisations:
        lines.append(_("New organisations: {names}").format(names=", ".join(o.name for o in plan.new_organisations)))
    if plan.new_roles:
        lines.append(_("New roles: {names}").format(names=", ".join(role.name for role in plan.new_roles)))
    if plan.updated:
        lines.append(_("Updates:"))
        lines += [
            "  " + _("{where} ({name}): {fields}").format(where=item.where, name=item.contact.name, fields=", ".join(c.field for c in item.changes))
            for item in plan.updated
        ]
    if plan.rejected:
        lines.append(_("Rejected:"))
        for rejected in plan.rejected:
            lines.append("  " + _("{where} ({name}):").format(where=rejected.where, name=rejected.name))
            lines += ["    - " + reason for reason in rejected.reasons]
    if plan.warnings:
        lines.append(_("Warnings:"))
        lines += ["  " + str(notice) for notice in plan.warnings]
    return "\n".join(lines)


def run_cli_import(file: Path, db: Path, assume_yes: bool) -> int:
    """``import contacts FILE --db PATH [--yes]``: preview on standard output, then import.

    Without ``--yes`` it asks on a terminal and refuses otherwise. A file that cannot be
    read raises ``UserError`` before the database is touched.
    """
    records = read_contacts(file)
    with open_store(db) as store:
        plan = plan_import(store, records)
        print(format_preview(plan))
        if not plan.has_changes:
            print(_("Nothing to import."), file=sys.stderr)
            return 1 if plan.rejected else 0
        if not assume_yes and not confirm_import():
            return 1
        apply_import(store, plan)
    print(_("Imported {new} new and {updated} updated contacts.").format(new=len(plan.new), updated=len(plan.updated)), file=sys.stderr)
    return 0
