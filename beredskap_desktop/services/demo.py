"""The demo municipality, Fjordvik kommune, and benchmark-scale data built on it.

The small demo is read from the JSON files in ``resources/demo/`` and every record is
checked by the same rules as one typed into the app (plans and action cards: see
``demo_plans``). The large scale adds seeded, generated contacts, alert lists, plans and
cards (names and templates from ``resources/demo/large.json`` and the demo's own text).
"""

from __future__ import annotations

import random
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from beredskap_desktop.domain.alerts import AlertList, AlertMember, AlertMethod
from beredskap_desktop.domain.clock import OSLO, now_utc
from beredskap_desktop.domain.contacts import (
    PHONE_FIELDS, TEXT_FIELDS, Contact, ContactType, OrgKind, OtherPhone, check_fields, check_other_phones,
)
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services import demo_plans
from beredskap_desktop.services.demo_files import BadRecord, demo_id, no_unknown, parse_records, read_json, keyed_records
from beredskap_desktop.services.municipality import check_municipality
from beredskap_desktop.storage import alerts as alert_store
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage import municipality
from beredskap_desktop.storage.database import Store, open_store
from beredskap_desktop.storage.migrations import STANDARD_ROLES

Progress = Callable[[int, int], None]

LARGE_CONTACTS = 20_000
LARGE_ALERT_LISTS = 200
_ORGANISATION_SHARE = 0.08
_PROGRESS_EVERY = 500
_CACHE_KIB = 64 * 1024
_ROLE_IDS = tuple(code for code, _name in STANDARD_ROLES)
_CONTACT_KEYS = frozenset({
    "key", "type", "organisation", "org_kind", "roles", "deputy", "other_phones",
    "verified_days_ago", *TEXT_FIELDS, *PHONE_FIELDS,
})
_LIST_KEYS = frozenset({"key", "name", "purpose", "members"})
_MEMBER_KEYS = frozenset({"contact", "role", "method", "deputy", "note"})


@dataclass(frozen=True)
class DemoData:
    contacts: list[Contact]
    alert_lists: list[AlertList]
    plans: demo_plans.DemoPlans


def load_demo(
    path: Path,
    scale: Literal["small", "large"] = "small",
    seed: int = 1,
    progress: Progress | None = None,
    *,
    contact_count: int = LARGE_CONTACTS,
    list_count: int = LARGE_ALERT_LISTS,
    plan_count: int = demo_plans.LARGE_PLANS,
    card_count: int = demo_plans.LARGE_CARDS,
    now: datetime | None = None,
) -> None:
    """Create a new database at ``path`` holding the demo municipality.

    ``scale="large"`` adds generated data, deterministic for ``seed``: contacts and alert
    lists up to ``contact_count`` and ``list_count`` in all, and ``plan_count`` plans and
    ``card_count`` action cards more than the small demo has. ``progress(done, total)``
    is called now and then while records are written. A failed load leaves no file behind.
    """
    if scale not in ("small", "large"):
        raise ValueError(f"unknown demo scale: {scale}")
    now = now or now_utc()
    store = open_store(path, create=True)
    try:
        with store:
            name, number = read_municipality()
            data = read_demo(now)
            if scale == "large":
                data = add_generated(data, random.Random(seed), contact_count, list_count, now)
                data = replace(data, plans=demo_plans.add_generated(
                    data.plans, random.Random(seed), _places(), plan_count, card_count, now.astimezone(OSLO).date()))
            municipality.set_municipality(store, name, number)
            _write(store, data, progress or (lambda done, total: None))
    except BaseException:
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(f"{store.path}{suffix}").unlink(missing_ok=True)
        raise


def _write(store: Store, data: DemoData, progress: Progress) -> None:
    """Everything in one transaction; deputies may point forward until commit."""
    store.require_writable()
    total = len(data.contacts) + len(data.alert_lists) + len(data.plans.plans) + len(data.plans.cards)
    progress(0, total)
    store.conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")  # the whole load fits, so nothing spills mid-way
    with store.conn:
        store.conn.execute("BEGIN")  # explicit: the pragma below lasts only until the transaction ends
        store.conn.execute("PRAGMA defer_foreign_keys = ON")
        for done, contact in enumerate(data.contacts, start=1):
            contact_store.save_in_transaction(store, contact)
            if done % _PROGRESS_EVERY == 0:
                progress(done, total)
        for alert_list in data.alert_lists:
            alert_store.save_in_transaction(store, alert_list)
        progress(len(data.contacts) + len(data.alert_lists), total)
        demo_plans.write_in_transaction(store, data.plans)
    progress(total, total)


# --- The small demo, from the data files ---------------------------------------------


def read_municipality() -> tuple[str, str]:
    document = read_json("municipality.json")
    return check_municipality(str(document.get("name", "")), str(document.get("kommunenummer", "")))


def read_demo(now: datetime) -> DemoData:
    """The demo contacts and alert lists, validated; ``UserError`` names each bad record."""
    records = keyed_records("contacts.json", "contacts")
    contacts = parse_records("contacts.json", records, _contact_parser(records, now))
    lists = parse_records("alert_lists.json", keyed_records("alert_lists.json", "alert_lists"), _list_parser({c.id for c in contacts}))
    plans = demo_plans.read_demo_plans(now.astimezone(OSLO).date(), {c.id for c in contacts}, {a.id for a in lists})
    return DemoData(_parents_first(contacts), lists, plans)


def _contact_parser(records: list[dict], now: datetime) -> Callable[[dict], Contact]:
    types = {r["key"]: r.get("type", ContactType.PERSON.value) for r in records}

    def parse(record: dict) -> Contact:
        no_unknown(record, _CONTACT_KEYS)
        if types[record["key"]] not in {t.value for t in ContactType}:
            raise BadRecord(_("\"type\" must be \"person\" or \"organisation\"."))
        is_org = types[record["key"]] == ContactType.ORGANISATION.value
        raw = {name: record.get(name, "") for name in (*TEXT_FIELDS, *PHONE_FIELDS)}
        if not all(isinstance(value, str) for value in raw.values()):
            raise BadRecord(_("text and phone fields must be strings."))
        satellite = raw.pop("satellite_phone")
        checked = check_fields(raw, is_organisation=is_org)
        # A satellite number is foreign by nature, so only its errors count, not that warning.
        checked_satellite = check_fields({"satellite_phone": satellite}, is_organisation=is_org)
        pairs = _pairs(record.get("other_phones", []))
        others, other_errors, other_warnings = check_other_phones(pairs, is_organisation=is_org)
        problems = [e.message for e in (*checked.errors, *checked_satellite.errors, *other_errors)]
        problems += checked.warnings + other_warnings
        if problems:
            raise BadRecord(" ".join(problems))
        days = record.get("verified_days_ago")
        if days is not None and not (isinstance(days, int) and days >= 0):
            raise BadRecord(_("\"verified_days_ago\" must be a whole number of days, 0 or more."))
        return Contact(
            id=demo_id("contact", record["key"]),
            contact_type=ContactType.ORGANISATION if is_org else ContactType.PERSON,
            organisation_id=_reference(record, "organisation", types, {ContactType.ORGANISATION.value}),
            org_kind=_org_kind(record.get("org_kind")),
            role_ids=_roles(record.get("roles", [])),
            other_phones=tuple(others),
            deputy_id=_reference(record, "deputy", types, set(types.values())),
            verified_at=None if days is None else now - timedelta(days=days),
            **{**checked.values, **checked_satellite.values},
        )

    return parse


def _pairs(values) -> list[tuple[str, str]]:
    if not isinstance(values, list) or not all(isinstance(v, dict) and set(v) <= {"label", "number"} for v in values):
        raise BadRecord(_("\"other_phones\" must be a list of {\"label\": ..., \"number\": ...}."))
    return [(str(v.get("label", "")), str(v.get("number", ""))) for v in values]


def _reference(record: dict, field: str, types: dict[str, str], allowed: set[str]) -> str | None:
    key = record.get(field)
    if key is None:
        return None
    if key not in types or types[key] not in allowed or key == record["key"]:
        raise BadRecord(_("\"{field}\": no fitting record \"{key}\" in the file.").format(field=field, key=key))
    return demo_id("contact", key)


def _org_kind(value) -> OrgKind | None:
    if value is None:
        return None
    try:
        return OrgKind(value)
    except ValueError:
        raise BadRecord(_("\"org_kind\": unknown kind \"{kind}\".").format(kind=value)) from None


def _roles(values) -> tuple[str, ...]:
    unknown = [str(v) for v in values if v not in _ROLE_IDS] if isinstance(values, list) else [str(values)]
    if unknown:
        raise BadRecord(_("\"roles\": unknown role(s) {roles}; use {known}.").format(roles=", ".join(unknown), known=", ".join(_ROLE_IDS)))
    return tuple(values)


def _parents_first(contacts: list[Contact]) -> list[Contact]:
    """Organisations before their members, so each member's search text has its name."""
    by_id = {c.id: c for c in contacts}

    def depth(contact: Contact) -> int:
        steps = 0
        while contact.organisation_id and steps <= len(by_id):
            contact, steps = by_id[contact.organisation_id], steps + 1
        if steps > len(by_id):
            raise UserError(_("Demo contacts: organisations contain each other in a circle ({name}).").format(name=contact.name))
        return steps

    return sorted(contacts, key=lambda c: (not c.is_organisation, depth(c)))


def _list_parser(contact_ids: set[str]) -> Callable[[dict], AlertList]:
    def parse(record: dict) -> AlertList:
        no_unknown(record, _LIST_KEYS)
        name, purpose = str(record.get("name", "")).strip(), str(record.get("purpose", "")).strip()
        if not name:
            raise BadRecord(_("\"name\" is required."))
        members = []
        for position, member in enumerate(record.get("members", []), start=1):
            try:
                members.append(_member(member, contact_ids, demo_id("member", f"{record['key']}/{position}")))
            except BadRecord as bad:
                raise BadRecord(_("member {position}: {problem}").format(position=position, problem=bad)) from None
        return AlertList(demo_id("alert_list", record["key"]), name, purpose, tuple(members))

    return parse


def _member(member: dict, contact_ids: set[str], member_id: str) -> AlertMember:
    if not isinstance(member, dict):
        raise BadRecord(_("must be an object with \"contact\" or \"role\"."))
    no_unknown(member, _MEMBER_KEYS)
    contact_id = demo_id("contact", member["contact"]) if "contact" in member else None
    role_id = member.get("role")
    if (contact_id is None) == (role_id is None):
        raise BadRecord(_("give either \"contact\" or \"role\"."))
    if contact_id is not None and contact_id not in contact_ids:
        raise BadRecord(_("no contact \"{key}\" in contacts.json.").format(key=member["contact"]))
    if role_id is not None and role_id not in _ROLE_IDS:
        raise BadRecord(_("unknown role \"{role}\".").format(role=role_id))
    try:
        method = AlertMethod(member.get("method", AlertMethod.CALL.value))
    except ValueError:
        raise BadRecord(_("\"method\" must be one of {methods}.").format(methods=", ".join(m.value for m in AlertMethod))) from None
    return AlertMember(member_id, contact_id, role_id, method, bool(member.get("deputy", True)), str(member.get("note", "")))


# --- The large scale, generated ------------------------------------------------------

_MOBILE_PREFIXES = ("40", "41", "46", "47", "48", *(str(n) for n in range(90, 100)))
_LANDLINE_PREFIXES = ("21", "22", "23", "31", "32", "33", "35", "38", "51", "52", "53", "55", "56", "57", "61", "62", "63", "64", "69", "70", "71", "72", "73", "74", "75", "77", "78")
_METHODS = (AlertMethod.CALL, AlertMethod.SMS, AlertMethod.EMAIL, AlertMethod.NODNETT, AlertMethod.RUNNER)
_METHOD_WEIGHTS = (45, 30, 10, 8, 7)
_POOLS = (
    "first_names", "middle_names", "surnames", "place_starts", "place_ends", "organisations",
    "talkgroups", "meeting_points", "availability", "other_phone_labels", "alert_lists",
)
_EMAIL_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss"})


def _slug(text: str, separator: str = ".") -> str:
    """``Åse Ødegård`` → ``ase.odegard``, as in Norwegian e-mail addresses."""
    plain = unicodedata.normalize("NFKD", text.lower().translate(_EMAIL_LETTERS)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", separator, plain).strip(separator)


def add_generated(data: DemoData, rng: random.Random, contact_count: int, list_count: int, now: datetime) -> DemoData:
    """``data`` plus generated contacts and lists up to the counts asked for."""
    generator = _Generator(rng, read_json("large.json"), data.contacts, now)
    wanted = max(0, contact_count - len(data.contacts))
    organisations = [generator.organisation() for _ in range(round(wanted * _ORGANISATION_SHARE))]
    persons = generator.persons(wanted - len(organisations), organisations)
    everyone = data.contacts + organisations + persons
    every_organisation = [c for c in everyone if c.is_organisation]
    lists = [generator.alert_list(everyone, every_organisation) for _ in range(max(0, list_count - len(data.alert_lists)))]
    return replace(data, contacts=_parents_first(everyone), alert_lists=data.alert_lists + lists)


def _places() -> list[str]:
    """Made-up Norwegian place names for generated titles."""
    pools = read_json("large.json")
    return [start + end for start in pools["place_starts"] for end in pools["place_ends"]]


def _check_pools(pools: dict) -> None:
    """``large.json`` has every list the generator draws from, and only known kinds."""
    kinds = pools.get("organisations")
    complete = all(pools.get(name) for name in _POOLS) and isinstance(kinds, dict) and OrgKind.OTHER.value in kinds
    if not complete or not all(
        kind in {k.value for k in OrgKind} and all(pool.get(name) for name in ("weight", "names", "positions"))
        for kind, pool in kinds.items()
    ):
        raise UserError(_("The demo file large.json lacks an entry or has an unknown kind of organisation; it needs {names}.").format(names=", ".join(_POOLS)))


class _Generator:
    """Plausible Norwegian organisations, people and alert lists from one seeded ``Random``."""

    def __init__(self, rng: random.Random, pools: dict, existing: list[Contact], now: datetime):
        _check_pools(pools)
        self.rng, self.pools, self.now = rng, pools, now
        self.kinds = list(pools["organisations"])
        self.weights = [pools["organisations"][k]["weight"] for k in self.kinds]
        self.mobiles = {c.work_mobile for c in existing if c.work_mobile}
        self.emails = {c.email for c in existing if c.email}
        self.names = {c.name for c in existing}
        self.issis = {c.nodnett_issi for c in existing if c.nodnett_issi}
        self.list_names: set[str] = set()

    def _id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _place(self) -> str:
        return self.rng.choice(self.pools["place_starts"]) + self.rng.choice(self.pools["place_ends"])

    def _any_mobile(self) -> str:
        return f"+47{self.rng.choice(_MOBILE_PREFIXES)}{self.rng.randrange(10**6):06d}"

    def _mobile(self) -> str:
        """A mobile number no other contact has."""
        while (number := self._any_mobile()) in self.mobiles:
            pass
        self.mobiles.add(number)
        return number

    def _landline(self, prefix: str | None = None) -> str:
        return f"+47{prefix or self.rng.choice(_LANDLINE_PREFIXES)}{self.rng.randrange(10**6):06d}"

    def _verified(self) -> datetime | None:
        return None if self.rng.random() < 0.05 else self.now - timedelta(days=self.rng.randrange(700))

    def _verifier(self) -> str:
        return f"{self.rng.choice(self.pools['first_names'])} {self.rng.choice(self.pools['surnames'])}"

    def organisation(self) -> Contact:
        kind = self.rng.choices(self.kinds, self.weights)[0]
        pool = self.pools["organisations"][kind]
        while True:
            place = self._place()
            name = self.rng.choice(pool["names"]).format(place=place)
            if name not in self.names:
                self.names.add(name)
                break
        if pool.get("kommune_domain"):
            email = f"postmottak@{_slug(place, '')}.kommune.no"
        elif "domain" in pool:
            email = f"{_slug(name)}@{pool['domain']}"
        else:
            email = f"post@{_slug(name, '-')}.no"
        others = []
        if self.rng.random() < 0.2:
            others.append(("Vakttelefon", self._mobile()))
        if self.rng.random() < 0.03:
            others.append(("Kortnummer", f"0{self.rng.randint(2000, 9999)}"))
        return Contact(
            id=self._id(), name=name, contact_type=ContactType.ORGANISATION, org_kind=OrgKind(kind),
            work_landline=self._landline(), email=email, other_phones=tuple(OtherPhone(label, n) for label, n in others),
            verified_at=self._verified(), verified_by=self._verifier(),
        )

    def persons(self, count: int, organisations: list[Contact]) -> list[Contact]:
        people = [self._person(self.rng.choice(organisations)) if organisations else self._person(None) for _ in range(count)]
        by_org: dict[str | None, list[str]] = {}
        for person in people:
            by_org.setdefault(person.organisation_id, []).append(person.id)
        return [self._with_deputy(p, by_org[p.organisation_id]) for p in people]

    def _with_deputy(self, person: Contact, colleagues: list[str]) -> Contact:
        if len(colleagues) < 2 or self.rng.random() >= 0.25:
            return person
        deputy = self.rng.choice(colleagues)
        return person if deputy == person.id else replace(person, deputy_id=deputy)

    def _person(self, organisation: Contact | None) -> Contact:
        rng, pools = self.rng, self.pools
        first = rng.choice(pools["first_names"])
        if rng.random() < 0.15:
            first += " " + rng.choice(pools["middle_names"])
        last = rng.choice(pools["surnames"])
        if rng.random() < 0.08:
            last += " " + rng.choice(pools["surnames"])
        kind = organisation.org_kind.value if organisation else OrgKind.OTHER.value
        pool = pools["organisations"][kind]
        domain = organisation.email.split("@")[1] if organisation else "example.no"
        email = f"{_slug(first)}.{_slug(last)}@{domain}"
        serial = 2
        while email in self.emails:
            email, serial = f"{_slug(first)}.{_slug(last)}{serial}@{domain}", serial + 1
        self.emails.add(email)
        fields: dict = {}
        if pool.get("nodnett") and rng.random() < 0.4:
            fields.update(self._nodnett(organisation.name if organisation else last))
        if rng.random() < 0.3 and organisation and organisation.work_landline:
            fields["work_landline"] = self._landline(organisation.work_landline[3:5])
        if rng.random() < 0.15:
            fields["private_phone"] = self._landline() if rng.random() < 0.3 else self._any_mobile()
        if rng.random() < 0.01:
            fields["satellite_phone"] = f"+8816{rng.randrange(10**8):08d}"
        if rng.random() < 0.05:
            fields["other_phones"] = (OtherPhone(rng.choice(pools["other_phone_labels"]), self._landline()),)
        if rng.random() < 0.1:
            fields["meeting_point"] = rng.choice(pools["meeting_points"])
        if rng.random() < 0.2:
            fields["availability"] = rng.choice(pools["availability"])
        if rng.random() < 0.0015:  # a crisis role is held by a few people, not dozens: about 30 more in all
            fields["role_ids"] = (rng.choice(_ROLE_IDS),)
        return Contact(
            id=self._id(), name=f"{first} {last}", position=rng.choice(pool["positions"]),
            organisation_id=organisation.id if organisation else None, work_mobile=self._mobile(), email=email,
            verified_at=self._verified(), verified_by=self._verifier(), **fields,
        )

    def _nodnett(self, organisation_name: str) -> dict:
        while True:
            issi = str(self.rng.randint(1_000_000, 9_999_999))
            if issi not in self.issis:
                self.issis.add(issi)
                break
        groups = self.rng.sample(self.pools["talkgroups"], self.rng.randint(1, 3))
        alias = f"{organisation_name.split()[0].upper()} {self.rng.randint(1, 99)}"
        return {"nodnett_alias": alias, "nodnett_issi": issi, "nodnett_talkgroups": ", ".join(groups)}

    def alert_list(self, contacts: list[Contact], organisations: list[Contact]) -> AlertList:
        rng = self.rng
        template = rng.choice(self.pools["alert_lists"])
        values = {"place": self._place(), "org": rng.choice(organisations).name, "year": self.now.year + rng.randint(-1, 1)}
        name = template["name"].format(**values)
        serial = 2
        while name in self.list_names:
            name, serial = f"{template['name'].format(**values)} ({serial})", serial + 1
        self.list_names.add(name)
        members = []
        for contact in rng.sample(contacts, rng.randint(10, 30)):
            method = rng.choices(_METHODS, _METHOD_WEIGHTS)[0]
            if rng.random() < 0.1:
                members.append(AlertMember(self._id(), role_id=rng.choice(_ROLE_IDS), method=method))
            else:
                use_deputy = not contact.is_organisation and rng.random() < 0.7
                members.append(AlertMember(self._id(), contact_id=contact.id, method=method, use_deputy=use_deputy))
        return AlertList(self._id(), name, template["purpose"].format(**values), tuple(members))
