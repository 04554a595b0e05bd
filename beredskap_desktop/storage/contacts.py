"""Contacts, organisations and roles in the database."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Iterable, NamedTuple

from beredskap_desktop.domain.clock import from_iso, to_iso
from beredskap_desktop.domain.contacts import Contact, ContactType, OrgKind, OtherPhone
from beredskap_desktop.domain.phones import dial_string
from beredskap_desktop.domain.text import fold, sort_key
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.records import new_id, timestamp
from beredskap_desktop.storage.search import match_expression, matching_ids, matching_rowids


@dataclass(frozen=True)
class Role:
    id: str
    name: str


class ContactRow(NamedTuple):
    """What the contact table shows for one contact (private number only if asked)."""

    id: str
    name: str
    contact_type: ContactType
    position: str
    organisation: str
    org_kind: OrgKind | None
    roles: tuple[str, ...]
    role_ids: tuple[str, ...]
    work_mobile: str | None
    work_landline: str | None
    email: str
    verified_at: str | None
    private_phone: str | None = None
    rowid: int = 0


class ContactIndex(NamedTuple):
    """What filtering the contact table needs for every contact, and nothing more.

    ``rowids`` are in Norwegian name order; ``kinds`` and ``stale`` are aligned with them;
    ``roles`` maps the rowid of each contact holding a role to its role ids.
    """

    rowids: list[int]
    kinds: list[OrgKind | None]
    stale: list[bool]
    roles: dict[int, frozenset[str]]


_KINDS = {kind.value: kind for kind in OrgKind}
_TYPES = {kind.value: kind for kind in ContactType}

_COLUMNS = (
    "id", "contact_type", "name", "position", "organisation_id", "org_kind",
    "work_mobile", "work_landline", "private_phone", "satellite_phone", "other_phones", "email",
    "nodnett_alias", "nodnett_issi", "nodnett_talkgroups", "deputy_id", "meeting_point",
    "availability", "notes", "verified_at", "verified_by",
)


def roles(store: Store) -> list[Role]:
    return [Role(*row) for row in store.conn.execute("SELECT id, name FROM role ORDER BY sort_order, name")]


def organisations(store: Store) -> list[tuple[str, str, OrgKind | None]]:
    """(id, name, kind) of every organisation, by name."""
    rows = store.conn.execute(
        "SELECT id, name, org_kind FROM contact WHERE contact_type = 'organisation' ORDER BY name COLLATE NOCASE"
    )
    return [(id_, name, OrgKind(kind) if kind else None) for id_, name, kind in rows]


def list_rows(store: Store, *, include_private: bool = False) -> list[ContactRow]:
    """Every contact, as the table shows it, in Norwegian name order."""
    return _rows(store, "", [], include_private)


def rows_by_rowid(store: Store, rowids: list[int], *, include_private: bool = False) -> dict[int, ContactRow]:
    """The table rows of the given contacts, by rowid (the table fetches what it shows)."""
    found: dict[int, ContactRow] = {}
    for start in range(0, len(rowids), 500):
        chunk = rowids[start:start + 500]
        where = f"WHERE c.rowid IN ({', '.join('?' * len(chunk))})"
        found.update((row.rowid, row) for row in _rows(store, where, chunk, include_private))
    return found


def find_rows(store: Store, query: str, limit: int) -> list[ContactRow]:
    """Up to ``limit`` contacts matching ``query`` as typed (all when empty), by name."""
    expression = match_expression(query)
    if expression is None:
        return _rows(store, "", [], False, limit)
    return _rows(store, "WHERE c.rowid IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)", [expression], False, limit)


def _rows(store: Store, where: str, params: list, include_private: bool, limit: int | None = None) -> list[ContactRow]:
    rows = store.conn.execute(
        f"""SELECT c.rowid, c.id, c.name, c.contact_type, c.position, coalesce(o.name, ''),
                   coalesce(c.org_kind, o.org_kind), c.work_mobile, c.work_landline, c.email, c.verified_at,
                   {'c.private_phone' if include_private else 'NULL'}
            FROM contact c LEFT JOIN contact o ON o.id = c.organisation_id
            {where} ORDER BY c.sort_name {f'LIMIT {int(limit)}' if limit else ''}""",
        params,
    ).fetchall()
    held = _roles_of(store, [row[1] for row in rows] if where else None)
    none = ((), ())
    return [
        ContactRow(id_, name, _TYPES[ctype], position, org, _KINDS.get(kind), *held.get(id_, none),
                   mobile, landline, email, verified, private, rowid)
        for (rowid, id_, name, ctype, position, org, kind, mobile, landline, email, verified, private) in rows
    ]


def _roles_of(store: Store, contact_ids: list[str] | None) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """(role names, role ids) per contact id, in role order; for all contacts when ``None``."""
    where, params = "", []
    if contact_ids is not None:
        where, params = f"WHERE cr.contact_id IN ({', '.join('?' * len(contact_ids))})", contact_ids
    held: dict[str, tuple[list[str], list[str]]] = {}
    for contact_id, role_id, name in store.conn.execute(
        f"SELECT cr.contact_id, r.id, r.name FROM contact_role cr JOIN role r ON r.id = cr.role_id {where} ORDER BY r.sort_order", params
    ):
        ids, names = held.setdefault(contact_id, ([], []))
        ids.append(role_id)
        names.append(name)
    return {key: (tuple(names), tuple(ids)) for key, (ids, names) in held.items()}


def index(store: Store, stale_before: str) -> ContactIndex:
    """Every contact's rowid, kind (own or its organisation's), staleness and roles, by name.

    ``stale_before`` is a UTC ISO timestamp: a verification older than it is stale.
    """
    org_kinds = dict(store.conn.execute("SELECT id, org_kind FROM contact WHERE contact_type = 'organisation'"))
    rowids: list[int] = []
    kinds: list[OrgKind | None] = []
    stale: list[bool] = []
    lookup = _KINDS
    for rowid, kind, org_id, is_stale in store.conn.execute(
        "SELECT rowid, org_kind, organisation_id, verified_at IS NULL OR verified_at < ? FROM contact ORDER BY sort_name",
        [stale_before],
    ):
        rowids.append(rowid)
        kinds.append(lookup.get(kind or org_kinds.get(org_id)))
        stale.append(bool(is_stale))
    roles: dict[int, set[str]] = {}
    for rowid, role_id in store.conn.execute(
        "SELECT c.rowid, cr.role_id FROM contact_role cr JOIN contact c ON c.id = cr.contact_id"
    ):
        roles.setdefault(rowid, set()).add(role_id)
    return ContactIndex(rowids, kinds, stale, {key: frozenset(value) for key, value in roles.items()})


def search_rowids(store: Store, query: str) -> set[int] | None:
    """Rowids of contacts matching ``query`` as typed; ``None`` when the query is empty."""
    return matching_rowids(store.conn, "contact", query)


def rowid_of(store: Store, contact_id: str) -> int | None:
    row = store.conn.execute("SELECT rowid FROM contact WHERE id = ?", [contact_id]).fetchone()
    return row[0] if row else None


def search_ids(store: Store, query: str) -> set[str] | None:
    """Ids of contacts matching ``query`` as typed; ``None`` when the query is empty."""
    return matching_ids(store.conn, "contact", query)


def get(store: Store, contact_id: str) -> Contact | None:
    row = store.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM contact WHERE id = ?", [contact_id]).fetchone()
    if row is None:
        return None
    values = dict(zip(_COLUMNS, row))
    role_ids = tuple(r for (r,) in store.conn.execute(
        "SELECT cr.role_id FROM contact_role cr JOIN role r ON r.id = cr.role_id WHERE contact_id = ? ORDER BY r.sort_order", [contact_id]))
    return Contact(
        id=values["id"], name=values["name"], contact_type=ContactType(values["contact_type"]),
        position=values["position"], organisation_id=values["organisation_id"],
        org_kind=OrgKind(values["org_kind"]) if values["org_kind"] else None, role_ids=role_ids,
        work_mobile=values["work_mobile"], work_landline=values["work_landline"],
        private_phone=values["private_phone"], satellite_phone=values["satellite_phone"],
        other_phones=tuple(OtherPhone(p["label"], p["number"]) for p in json.loads(values["other_phones"])),
        email=values["email"], nodnett_alias=values["nodnett_alias"], nodnett_issi=values["nodnett_issi"],
        nodnett_talkgroups=values["nodnett_talkgroups"], deputy_id=values["deputy_id"],
        meeting_point=values["meeting_point"], availability=values["availability"], notes=values["notes"],
        verified_at=from_iso(values["verified_at"]), verified_by=values["verified_by"],
    )


def _search_text(store: Store, contact: Contact) -> str:
    parts = [contact.name, contact.position, contact.email, contact.nodnett_alias, contact.nodnett_issi]
    if contact.organisation_id:
        org = store.conn.execute("SELECT name FROM contact WHERE id = ?", [contact.organisation_id]).fetchone()
        parts.append(org[0] if org else "")
    if contact.role_ids:
        marks = ", ".join("?" * len(contact.role_ids))
        parts += [n for (n,) in store.conn.execute(f"SELECT name FROM role WHERE id IN ({marks})", contact.role_ids)]
    numbers = [contact.work_mobile, contact.work_landline, contact.satellite_phone]
    parts += [dial_string(n) for n in numbers if n]
    return fold(" ".join(p for p in parts if p))


def _values(store: Store, contact: Contact) -> dict:
    values = {name: getattr(contact, name) for name in _COLUMNS if name not in ("other_phones", "verified_at")}
    values["contact_type"] = contact.contact_type.value
    values["org_kind"] = contact.org_kind.value if contact.org_kind else None
    values["other_phones"] = json.dumps([{"label": p.label, "number": p.number} for p in contact.other_phones], ensure_ascii=False)
    values["verified_at"] = to_iso(contact.verified_at) if contact.verified_at else None
    values["search_text"] = _search_text(store, contact)
    values["sort_name"] = sort_key(contact.name)
    return values


def save(store: Store, contact: Contact) -> Contact:
    """Insert or update ``contact`` (an empty id means new) in one transaction."""
    store.require_writable()
    with store.conn:
        saved = save_in_transaction(store, contact)
    return saved


def save_in_transaction(store: Store, contact: Contact) -> Contact:
    """``save`` without its own commit, for bulk work inside a caller's transaction."""
    if not contact.id:
        contact = replace(contact, id=new_id())
    if contact.deputy_id == contact.id:  # nobody is their own deputy ...
        contact = replace(contact, deputy_id=None)
    if contact.organisation_id == contact.id:  # ... or belongs to itself
        contact = replace(contact, organisation_id=None)
    values = _values(store, contact)
    now = timestamp()
    exists = store.conn.execute("SELECT 1 FROM contact WHERE id = ?", [contact.id]).fetchone()
    if exists:
        assignments = ", ".join(f"{name} = :{name}" for name in values if name != "id")
        store.conn.execute(f"UPDATE contact SET {assignments}, updated_at = :now WHERE id = :id", {**values, "now": now})
    else:
        names = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        store.conn.execute(
            f"INSERT INTO contact ({names}, created_at, updated_at) VALUES ({marks}, :now, :now)", {**values, "now": now}
        )
    store.conn.execute("DELETE FROM contact_role WHERE contact_id = ?", [contact.id])
    store.conn.executemany(
        "INSERT INTO contact_role (contact_id, role_id) VALUES (?, ?)", [(contact.id, r) for r in contact.role_ids]
    )
    if contact.is_organisation and exists:
        _refresh_members(store, contact.id)
    return contact


def _refresh_members(store: Store, organisation_id: str) -> None:
    """Recompute the search text of an organisation's people (after a rename)."""
    for (member_id,) in store.conn.execute("SELECT id FROM contact WHERE organisation_id = ?", [organisation_id]).fetchall():
        _refresh_search_text(store, member_id)


def _refresh_search_text(store: Store, contact_id: str) -> None:
    store.conn.execute("UPDATE contact SET search_text = ? WHERE id = ?", [_search_text(store, get(store, contact_id)), contact_id])


def delete(store: Store, contact_ids: Iterable[str]) -> int:
    """Delete contacts; their alert-list lines go; deputy, organisation and action-card links are cleared."""
    from beredskap_desktop.storage import cards as card_store  # not needed to start the program

    store.require_writable()
    ids = list(contact_ids)
    with store.conn:
        for contact_id in ids:
            store.conn.execute("DELETE FROM alert_list_member WHERE contact_id = ?", [contact_id])
            store.conn.execute("DELETE FROM contact_role WHERE contact_id = ?", [contact_id])
            store.conn.execute("UPDATE contact SET deputy_id = NULL WHERE deputy_id = ?", [contact_id])
            card_store.unlink_in_transaction(store, "notify_contact_id", contact_id)
            members = [m for (m,) in store.conn.execute("SELECT id FROM contact WHERE organisation_id = ?", [contact_id])]
            store.conn.execute("UPDATE contact SET organisation_id = NULL WHERE organisation_id = ?", [contact_id])
            store.conn.execute("DELETE FROM contact WHERE id = ?", [contact_id])
            for member_id in members:
                _refresh_search_text(store, member_id)
    return len(ids)


def find_by_email(store: Store, email: str) -> str | None:
    row = store.conn.execute("SELECT id FROM contact WHERE lower(email) = lower(?) AND email != ''", [email]).fetchone()
    return row[0] if row else None


def find_by_mobile(store: Store, mobile: str) -> str | None:
    row = store.conn.execute("SELECT id FROM contact WHERE work_mobile = ?", [mobile]).fetchone()
    return row[0] if row else None


def find_organisation(store: Store, name: str) -> str | None:
    row = store.conn.execute(
        "SELECT id FROM contact WHERE contact_type = 'organisation' AND name = ? COLLATE NOCASE", [name.strip()]
    ).fetchone()
    return row[0] if row else None


def holders(store: Store, role_id: str) -> list[str]:
    """Ids of the contacts holding a role, by name."""
    return [r for (r,) in store.conn.execute(
        "SELECT c.id FROM contact_role cr JOIN contact c ON c.id = cr.contact_id WHERE cr.role_id = ? ORDER BY c.name", [role_id])]


def count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM contact").fetchone()[0]


def add_role_in_transaction(store: Store, role: Role) -> None:
    """Insert ``role`` (its id chosen by the caller) last in the order, inside the caller's transaction."""
    order = store.conn.execute("SELECT coalesce(max(sort_order), 0) + 1 FROM role").fetchone()[0]
    store.conn.execute("INSERT INTO role (id, name, sort_order) VALUES (?, ?, ?)", [role.id, role.name, order])


def add_holder_in_transaction(store: Store, contact_id: str, role_id: str) -> None:
    """``contact_id`` holds ``role_id`` too, inside the caller's transaction."""
    store.conn.execute("INSERT OR IGNORE INTO contact_role (contact_id, role_id) VALUES (?, ?)", [contact_id, role_id])


def match_keys(store: Store) -> list[tuple[str, ContactType, str, str | None, str, str | None]]:
    """(id, type, name, organisation id, e-mail, work mobile) of every contact, oldest first, for matching imports."""
    rows = store.conn.execute(
        "SELECT id, contact_type, name, organisation_id, email, work_mobile FROM contact ORDER BY rowid"
    )
    return [(id_, ContactType(kind), name, org, email, mobile) for id_, kind, name, org, email, mobile in rows]
