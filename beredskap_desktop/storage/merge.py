"""Bringing another database's data in: reference data replaced, incident data merged.

The other database (a verified snapshot or incident package, already at this program's
schema) is attached as ``other``. Every table of the schema is in exactly one class:

- ``REFERENCE``: the coordinator's master data. An import makes them equal to the other
  database's, touching only the rows that differ (so unchanged rows keep their rowids and
  their search index entries).
- ``INCIDENT``: incidents and everything written during them. Merged as a union by primary
  key: rows this database lacks are added, rows it has are never rewritten or deleted.
- ``LOCAL``: this laptop's own records (settings, trust pins, binder copies, imports).

Functions here run inside the caller's transaction unless they say otherwise.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from beredskap_desktop.domain.log import LINK_COLUMNS
from beredskap_desktop.storage.database import Store

REFERENCE = (  # parents before children
    "role", "contact", "contact_role", "alert_list", "alert_list_member", "incident_type",
    "plan", "plan_section", "plan_revision",
    "action_card", "action_card_step", "action_card_phase", "action_card_incident_type",
)
INCIDENT = (
    "incident", "incident_incident_type", "log_entry", "sitrep",
    "incident_action", "callout", "callout_line", "callout_attempt",
)
LOCAL = (
    "municipality", "setting", "trusted_key", "binder_copy", "binder_copy_document", "binder_print",
    "snapshot_import", "chain_flag",
)


@dataclass(frozen=True)
class Aggregate:
    """Reference records as a user sees them: a table, how one is named, its child tables."""

    kind: str
    table: str
    key: str
    name: str  # an SQL expression naming a record; {t} stands for the table's alias
    children: tuple[tuple[str, str], ...] = ()  # (child table, column pointing at the parent)
    edited: bool = True  # whether the table has updated_at (local edits can be told)


AGGREGATES = (
    Aggregate("contact", "contact", "id", "{t}.name", (("contact_role", "contact_id"),)),
    Aggregate("alert_list", "alert_list", "id", "{t}.name", (("alert_list_member", "alert_list_id"),)),
    Aggregate("plan", "plan", "id", "{t}.title", (("plan_section", "plan_id"), ("plan_revision", "plan_id"))),
    Aggregate("action_card", "action_card", "id", "{t}.code || ' ' || {t}.title",
              (("action_card_step", "card_id"), ("action_card_phase", "card_id"), ("action_card_incident_type", "card_id"))),
    Aggregate("role", "role", "id", "{t}.name", edited=False),
    Aggregate("incident_type", "incident_type", "code", "{t}.name", edited=False),
)


@dataclass(frozen=True)
class Difference:
    """How one kind of reference record differs: names of new, changed and removed records,
    and of those changed or removed that were edited here after ``since``."""

    kind: str
    new: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    overwritten: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    """A log entry in the other database that cannot join this one's chain."""

    incident_id: str
    device_id: str
    seq: int


@contextmanager
def attached(store: Store, path: Path) -> Iterator[None]:
    """``path`` attached read-only as ``other`` for the block (outside any transaction)."""
    store.conn.execute("ATTACH DATABASE ? AS other", [f"{Path(path).resolve().as_uri()}?mode=ro"])
    try:
        yield
    finally:
        store.conn.execute("DETACH DATABASE other")


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA main.table_info("{table}")')]


def primary_key(conn: sqlite3.Connection, table: str) -> list[str]:
    rows = sorted((row[5], row[1]) for row in conn.execute(f'PRAGMA main.table_info("{table}")') if row[5])
    return [name for _position, name in rows]


def _column_list(names: list[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _differing(conn: sqlite3.Connection, table: str, key: str) -> str:
    """SQL for the values of ``key`` (as ``id``) in rows of ``table`` that are not identical on both sides."""
    cols = _column_list(columns(conn, table))
    return (f'SELECT "{key}" AS id FROM (SELECT {cols} FROM main."{table}" EXCEPT SELECT {cols} FROM other."{table}") '
            f'UNION SELECT "{key}" FROM (SELECT {cols} FROM other."{table}" EXCEPT SELECT {cols} FROM main."{table}")')


def differences(store: Store, since: str | None) -> list[Difference]:
    """Per aggregate, what making this database's reference data equal to ``other`` changes.
    ``since`` (UTC ISO) is when the last import was; ``None``: none was, so no record counts as
    a local edit."""
    conn = store.conn
    result = []
    for aggregate in AGGREGATES:
        table, key = aggregate.table, aggregate.key
        parts = [_differing(conn, table, key)] + [_differing(conn, child, column) for child, column in aggregate.children]
        ids = " UNION ".join(parts)
        name = f"coalesce({aggregate.name.format(t='o')}, {aggregate.name.format(t='m')})"
        rows = conn.execute(
            f"SELECT d.id, m.\"{key}\" IS NOT NULL, o.\"{key}\" IS NOT NULL, {name}, "
            f"{'m.updated_at' if aggregate.edited else 'NULL'} "
            f"FROM ({ids}) AS d "
            f"LEFT JOIN main.\"{table}\" AS m ON m.\"{key}\" = d.id LEFT JOIN other.\"{table}\" AS o ON o.\"{key}\" = d.id "
            f"WHERE d.id IS NOT NULL ORDER BY 4").fetchall()
        new = tuple(name for _id, here, there, name, _at in rows if there and not here)
        changed = tuple(name for _id, here, there, name, _at in rows if there and here)
        removed = tuple(name for _id, here, there, name, _at in rows if here and not there)
        overwritten = tuple(name for _id, here, _there, name, at in rows
                            if here and since is not None and at is not None and at > since)
        result.append(Difference(aggregate.kind, new, changed, removed, overwritten))
    return result


def replace_reference(store: Store) -> int:
    """Make every reference table equal to ``other``'s; returns the rows written or deleted.
    Incident types still used by this database's incidents stay even when ``other`` lacks them."""
    conn, written = store.conn, 0
    for table in reversed(REFERENCE):
        cols = _column_list(columns(conn, table))
        key = _column_list(primary_key(conn, table))
        keep = ' AND "code" NOT IN (SELECT incident_type FROM main.incident_incident_type)' if table == "incident_type" else ""
        written += conn.execute(
            f'DELETE FROM main."{table}" WHERE ({key}) IN (SELECT {key} FROM '
            f'(SELECT {cols} FROM main."{table}" EXCEPT SELECT {cols} FROM other."{table}")){keep}').rowcount
    for table in REFERENCE:
        cols = _column_list(columns(conn, table))
        key = _column_list(primary_key(conn, table))
        written += conn.execute(
            f'INSERT INTO main."{table}" ({cols}) SELECT {cols} FROM other."{table}" '
            f'WHERE ({key}) NOT IN (SELECT {key} FROM main."{table}")').rowcount
    return written


def incident_news(store: Store) -> dict[str, tuple[int, int]]:
    """Per incident table: (rows ``other`` has that this database lacks, rows both have but
    that differ; the local ones are kept)."""
    conn, result = store.conn, {}
    for table in INCIDENT:
        key = _column_list(primary_key(conn, table))
        cols = _column_list(columns(conn, table))
        new = conn.execute(f'SELECT count(*) FROM other."{table}" WHERE ({key}) NOT IN (SELECT {key} FROM main."{table}")').fetchone()[0]
        differing = conn.execute(
            f'SELECT count(*) FROM (SELECT {cols} FROM other."{table}" EXCEPT SELECT {cols} FROM main."{table}") '
            f'WHERE ({key}) IN (SELECT {key} FROM main."{table}")').fetchone()[0]
        result[table] = (new, differing)
    return result


def new_incident_titles(store: Store) -> list[str]:
    return [title for (title,) in store.conn.execute(
        "SELECT title FROM other.incident WHERE id NOT IN (SELECT id FROM main.incident) ORDER BY started_at")]


def log_conflicts(store: Store) -> list[Conflict]:
    """Entries of ``other`` that clash with this database's: the same place in a chain
    (incident, device, number) or the same id, with a different entry."""
    rows = store.conn.execute(
        "SELECT o.incident_id, o.device_id, o.seq FROM other.log_entry AS o JOIN main.log_entry AS m "
        "ON m.incident_id = o.incident_id AND m.device_id = o.device_id AND m.seq = o.seq "
        "WHERE m.id <> o.id OR m.hash <> o.hash "
        "UNION SELECT o.incident_id, o.device_id, o.seq FROM other.log_entry AS o JOIN main.log_entry AS m "
        "ON m.id = o.id WHERE m.hash <> o.hash OR m.incident_id <> o.incident_id OR m.device_id <> o.device_id OR m.seq <> o.seq "
        "ORDER BY 1, 2, 3")
    return [Conflict(*row) for row in rows]


def merge_incidents(store: Store) -> dict[str, int]:
    """Add the incident rows ``other`` has and this database lacks; returns rows added per table.
    Log entries go in chain order, so a chain grows entry by entry as on the laptop that wrote it.
    Incident types the new incidents use and this database lacks come along."""
    conn, added = store.conn, {}
    conn.execute("INSERT INTO main.incident_type SELECT * FROM other.incident_type WHERE code NOT IN "
                 "(SELECT code FROM main.incident_type) AND code IN (SELECT incident_type FROM other.incident_incident_type)")
    for table in INCIDENT:
        key = _column_list(primary_key(conn, table))
        cols = _column_list(columns(conn, table))
        order = " ORDER BY incident_id, device_id, seq" if table == "log_entry" else ""
        added[table] = conn.execute(
            f'INSERT INTO main."{table}" ({cols}) SELECT {cols} FROM other."{table}" '
            f'WHERE ({key}) NOT IN (SELECT {key} FROM main."{table}"){order}').rowcount
    return added


def arriving_links(store: Store) -> Iterator[tuple]:
    """The chains that gain entries, whole as ``other`` has them (``LINK_COLUMNS``, chain order)."""
    return store.conn.execute(
        f"SELECT {', '.join(LINK_COLUMNS)} FROM other.log_entry WHERE (incident_id, device_id) IN "
        "(SELECT incident_id, device_id FROM other.log_entry WHERE id NOT IN (SELECT id FROM main.log_entry)) "
        "ORDER BY incident_id, device_id, seq")


def arriving_times(store: Store) -> Iterator[tuple[str, str, str, int, str]]:
    """(incident id, incident start, device, number, recorded at) of the entries ``other`` brings, chain order."""
    return store.conn.execute(
        "SELECT e.incident_id, coalesce(m.started_at, i.started_at), e.device_id, e.seq, e.recorded_at "
        "FROM other.log_entry AS e JOIN other.incident AS i ON i.id = e.incident_id "
        "LEFT JOIN main.incident AS m ON m.id = e.incident_id "
        "WHERE e.id NOT IN (SELECT id FROM main.log_entry) ORDER BY e.incident_id, e.device_id, e.seq")


def merged_chains(store: Store) -> Iterator:
    """This database's chains that ``other`` has entries of, verified (``domain.log.ChainResult``)."""
    from beredskap_desktop.domain.log import verify_chains

    return verify_chains(store.conn.execute(
        f"SELECT {', '.join(LINK_COLUMNS)} FROM main.log_entry WHERE (incident_id, device_id) IN "
        "(SELECT incident_id, device_id FROM other.log_entry) ORDER BY incident_id, device_id, seq"))


def foreign_key_problems(store: Store) -> list[str]:
    """Tables of the reference and incident data with a row pointing at a missing record."""
    problems = []
    for table in (*REFERENCE, *INCIDENT):
        if store.conn.execute(f'PRAGMA main.foreign_key_check("{table}")').fetchone() is not None:
            problems.append(table)
    return problems


def copy_incidents(package: sqlite3.Connection, source: Path, incident_ids: list[str]) -> None:
    """Fill the empty database ``package`` (at this schema) with the municipality, the chosen
    incidents and everything written during them, read from ``source`` in one transaction."""
    package.execute("ATTACH DATABASE ? AS source", [f"{Path(source).resolve().as_uri()}?mode=ro"])
    try:
        with package:
            package.execute("CREATE TEMP TABLE chosen (id TEXT PRIMARY KEY)")
            package.executemany("INSERT OR IGNORE INTO chosen VALUES (?)", [(i,) for i in incident_ids])
            package.execute("INSERT INTO main.municipality SELECT * FROM source.municipality")
            package.execute("INSERT OR REPLACE INTO main.incident_type SELECT * FROM source.incident_type WHERE code IN "
                            "(SELECT incident_type FROM source.incident_incident_type WHERE incident_id IN (SELECT id FROM chosen))")
            for table in INCIDENT:
                names = [row[1] for row in package.execute(f'PRAGMA main.table_info("{table}")')]
                if table == "incident":
                    where = "id IN (SELECT id FROM chosen)"
                elif "incident_id" in names:
                    where = "incident_id IN (SELECT id FROM chosen)"
                else:
                    where = "callout_id IN (SELECT id FROM source.callout WHERE incident_id IN (SELECT id FROM chosen))"
                cols = _column_list(names)
                package.execute(f'INSERT INTO main."{table}" ({cols}) SELECT {cols} FROM source."{table}" WHERE {where}')
            package.execute("DROP TABLE temp.chosen")
    finally:
        package.execute("DETACH DATABASE source")
