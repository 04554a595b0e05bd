"""Alert lists and their ordered members in the database."""

from __future__ import annotations

from dataclasses import replace

from beredskap_desktop.domain.alerts import AlertList, AlertMember, AlertMethod
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.records import new_id, timestamp


def list_all(store: Store) -> list[AlertList]:
    """Every alert list with its members, lists by name."""
    members: dict[str, list[AlertMember]] = {}
    for row in store.conn.execute(
        "SELECT alert_list_id, id, contact_id, role_id, method, use_deputy, note FROM alert_list_member ORDER BY alert_list_id, position"
    ):
        members.setdefault(row[0], []).append(_member(row[1:]))
    return [
        AlertList(id_, name, purpose, tuple(members.get(id_, ())))
        for id_, name, purpose in store.conn.execute("SELECT id, name, purpose FROM alert_list ORDER BY name COLLATE NOCASE")
    ]


def get(store: Store, list_id: str) -> AlertList | None:
    row = store.conn.execute("SELECT id, name, purpose FROM alert_list WHERE id = ?", [list_id]).fetchone()
    if row is None:
        return None
    members = tuple(_member(r) for r in store.conn.execute(
        "SELECT id, contact_id, role_id, method, use_deputy, note FROM alert_list_member WHERE alert_list_id = ? ORDER BY position", [list_id]))
    return AlertList(row[0], row[1], row[2], members)


def _member(row) -> AlertMember:
    id_, contact_id, role_id, method, use_deputy, note = row
    return AlertMember(id_, contact_id, role_id, AlertMethod(method), bool(use_deputy), note)


def save(store: Store, alert_list: AlertList) -> AlertList:
    """Insert or replace a list and its members, in the members' order, in one transaction."""
    store.require_writable()
    with store.conn:
        saved = save_in_transaction(store, alert_list)
    return saved


def save_in_transaction(store: Store, alert_list: AlertList) -> AlertList:
    is_new = not alert_list.id
    if is_new:
        alert_list = replace(alert_list, id=new_id())
    members = tuple(m if m.id and not is_new else replace(m, id=new_id()) for m in alert_list.members)
    now = timestamp()
    store.conn.execute(
        """INSERT INTO alert_list (id, name, purpose, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, purpose = excluded.purpose, updated_at = excluded.updated_at""",
        [alert_list.id, alert_list.name, alert_list.purpose, now, now],
    )
    store.conn.execute("DELETE FROM alert_list_member WHERE alert_list_id = ?", [alert_list.id])
    store.conn.executemany(
        """INSERT INTO alert_list_member (id, alert_list_id, position, contact_id, role_id, method, use_deputy, note)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [(m.id, alert_list.id, position, m.contact_id, m.role_id, m.method.value, int(m.use_deputy), m.note)
         for position, m in enumerate(members, start=1)],
    )
    return replace(alert_list, members=members)


def delete(store: Store, list_id: str) -> None:
    """Delete a list; action-card steps that notify it lose that link (and those cards get a new version)."""
    from beredskap_desktop.storage import cards as card_store  # not needed to start the program

    store.require_writable()
    with store.conn:
        store.conn.execute("DELETE FROM alert_list_member WHERE alert_list_id = ?", [list_id])
        card_store.unlink_in_transaction(store, "notify_alert_list_id", list_id)
        store.conn.execute("DELETE FROM alert_list WHERE id = ?", [list_id])


def count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM alert_list").fetchone()[0]
