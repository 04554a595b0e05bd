"""The municipality the database belongs to, and its settings."""

from __future__ import annotations

from dataclasses import dataclass

from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.records import new_id, timestamp

STALE_MONTHS = "contact_stale_months"
REVISION_MONTHS = "plan_revision_months"


@dataclass(frozen=True)
class Municipality:
    name: str
    kommunenummer: str


def get(store: Store) -> Municipality | None:
    row = store.conn.execute("SELECT name, kommunenummer FROM municipality LIMIT 1").fetchone()
    return Municipality(*row) if row else None


def set_municipality(store: Store, name: str, kommunenummer: str) -> None:
    store.require_writable()
    now = timestamp()
    with store.conn:
        store.conn.execute("DELETE FROM municipality")
        store.conn.execute(
            "INSERT INTO municipality (id, name, kommunenummer, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            [new_id(), name, kommunenummer, now, now],
        )


def setting(store: Store, key: str, default: str) -> str:
    row = store.conn.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(store: Store, key: str, value: str) -> None:
    store.require_writable()
    with store.conn:
        store.conn.execute("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])
