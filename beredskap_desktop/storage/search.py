"""Full-text search (FTS5) over folded text, prefix-matching every word typed."""

from __future__ import annotations

import re
import sqlite3

from beredskap_desktop.domain.text import tokens

_NORWEGIAN_NUMBER = re.compile(r"(?:00)?47(\d{8})")


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression requiring every typed word as a prefix, or ``None``."""
    words = _numbers_joined(tokens(query))
    if not words:
        return None
    return " AND ".join(f'"{word}"*' for word in words)


def _numbers_joined(words: list[str]) -> list[str]:
    """Digit groups typed as shown ("412 34 567", "+47 22 33 44 55") as one number, without
    the country code: the search text holds numbers as the digits one dials."""
    joined: list[str] = []
    for word in words:
        if word.isdigit() and joined and joined[-1].isdigit():
            joined[-1] += word
        else:
            joined.append(word)
    return [match.group(1) if (match := _NORWEGIAN_NUMBER.fullmatch(word)) else word for word in joined]


def matching_rowids(conn: sqlite3.Connection, table: str, query: str) -> set[int] | None:
    """Rowids of ``table`` rows whose search text matches ``query``; ``None`` means all rows."""
    expression = match_expression(query)
    if expression is None:
        return None
    return {rowid for (rowid,) in conn.execute(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?", [expression])}


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
