"""Full-text search (FTS5) over folded text, prefix-matching every word typed."""

from __future__ import annotations

import sqlite3

from beredskap_desktop.domain.text import tokens


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression requiring every typed word as a prefix, or ``None``."""
    words = tokens(query)
    if not words:
        return None
    return " AND ".join(f'"{word}"*' for word in words)


def matching_ids(conn: sqlite3.Connection, table: str, query: str) -> set[str] | None:
    """Ids of ``table`` rows whose search text matches ``query``; ``None`` means all rows."""
    expression = match_expression(query)
    if expression is None:
        return None
    rows = conn.execute(
        f"SELECT t.id FROM {table}_fts f JOIN {table} t ON t.rowid = f.rowid WHERE {table}_fts MATCH ?",
        [expression],
    )
    return {row[0] for row in rows}
