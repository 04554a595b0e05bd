"""The register of printed binder copies ("Kriserom rådhuset", "Beredskapskoordinator") and the
content hash of every document each copy last got on paper."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from beredskap_desktop.domain.clock import from_iso
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.records import new_id, timestamp


@dataclass(frozen=True)
class BinderCopy:
    id: str
    name: str
    last_printed_at: datetime | None
    last_printed_by: str
    documents: int  # on file in this copy


@dataclass(frozen=True)
class FiledDocument:
    key: str
    title: str
    content_hash: str


def copies(store: Store) -> list[BinderCopy]:
    """The copies in use, by name."""
    rows = store.conn.execute(
        """SELECT c.id, c.name, p.printed_at, coalesce(p.printed_by, ''),
                  (SELECT count(*) FROM binder_copy_document d WHERE d.copy_id = c.id)
           FROM binder_copy c
           LEFT JOIN binder_print p ON p.id = (SELECT id FROM binder_print WHERE copy_id = c.id ORDER BY printed_at DESC LIMIT 1)
           WHERE c.retired_at IS NULL ORDER BY c.name COLLATE NOCASE""")
    return [BinderCopy(id_, name, from_iso(printed_at), printed_by, count) for id_, name, printed_at, printed_by, count in rows]


def add(store: Store, name: str) -> BinderCopy:
    """Register a copy by where it is kept."""
    store.require_writable()
    name = _checked_name(name)
    copy_id = new_id()
    try:
        with store.conn:
            store.conn.execute("INSERT INTO binder_copy (id, name, created_at) VALUES (?, ?, ?)", [copy_id, name, timestamp()])
    except sqlite3.IntegrityError:
        raise FieldError("name", _("There is already a binder copy called \"{name}\".").format(name=name)) from None
    return BinderCopy(copy_id, name, None, "", 0)


def rename(store: Store, copy_id: str, name: str) -> None:
    store.require_writable()
    name = _checked_name(name)
    try:
        with store.conn:
            store.conn.execute("UPDATE binder_copy SET name = ? WHERE id = ?", [name, copy_id])
    except sqlite3.IntegrityError:
        raise FieldError("name", _("There is already a binder copy called \"{name}\".").format(name=name)) from None


def retire(store: Store, copy_id: str) -> None:
    """Take a copy out of the register; its print history stays. Its name becomes free again."""
    store.require_writable()
    with store.conn:
        store.conn.execute("UPDATE binder_copy SET retired_at = ?, name = name || ' (' || id || ')' WHERE id = ?",
                           [timestamp(), copy_id])


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise FieldError("name", _("Where is the copy kept? Give it a name, such as \"Kriserom rådhuset\"."))
    if len(name) > 80:
        raise FieldError("name", _("The name is too long (at most 80 characters)."))
    return name


def filed(store: Store, copy_id: str) -> dict[str, FiledDocument]:
    """What the copy holds on paper: document key -> title and content hash."""
    return {key: FiledDocument(key, title, content_hash) for key, title, content_hash in store.conn.execute(
        "SELECT doc_key, title, content_hash FROM binder_copy_document WHERE copy_id = ?", [copy_id])}


def record_filed(store: Store, copy_id: str, documents: list[FiledDocument], *, printed_by: str, whole: bool,
                 removed: list[str] = ()) -> None:
    """The user confirmed that ``documents`` were printed and filed in the copy: a whole binder
    replaces what the copy held; a reprint of changed pages replaces those documents and
    takes out ``removed``."""
    store.require_writable()
    if store.conn.execute("SELECT 1 FROM binder_copy WHERE id = ? AND retired_at IS NULL", [copy_id]).fetchone() is None:
        raise UserError(_("That binder copy is no longer in the register."))
    print_id = new_id()
    with store.conn:
        store.conn.execute(
            "INSERT INTO binder_print (id, copy_id, printed_at, printed_by, documents, whole) VALUES (?, ?, ?, ?, ?, ?)",
            [print_id, copy_id, timestamp(), printed_by.strip(), len(documents), int(whole)])
        if whole:
            store.conn.execute("DELETE FROM binder_copy_document WHERE copy_id = ?", [copy_id])
        store.conn.executemany("DELETE FROM binder_copy_document WHERE copy_id = ? AND doc_key = ?",
                               [(copy_id, key) for key in removed])
        store.conn.executemany(
            """INSERT INTO binder_copy_document (copy_id, doc_key, title, content_hash, print_id) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(copy_id, doc_key) DO UPDATE SET title = excluded.title, content_hash = excluded.content_hash,
               print_id = excluded.print_id""",
            [(copy_id, doc.key, doc.title, doc.content_hash, print_id) for doc in documents])
