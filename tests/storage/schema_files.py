"""The expected schema (tests/data/schema.sql) and fixture databases from earlier versions.

Regenerate the expected schema after adding a migration (review the diff before committing)::

    .venv/bin/python -m tests.storage.schema_files schema

Build a fixture database as a build stopping before a given migration would have left it
(only when adding a new fixture; a committed fixture is never rebuilt)::

    .venv/bin/python -m tests.storage.schema_files fixture m0003_create_alert_lists
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

from sqlite_utils import Database, Migrations

from beredskap_desktop.storage import migrations
from beredskap_desktop.storage.database import open_store

DATA = Path(__file__).resolve().parent.parent / "data"
SCHEMA_SQL = DATA / "schema.sql"
FIXTURES = DATA / "fixtures"
REGENERATE = ".venv/bin/python -m tests.storage.schema_files schema"


def dump_schema(conn: sqlite3.Connection) -> str:
    """Every schema object but SQLite's own, by type and name, whitespace normalised,
    one column or constraint of a table per line."""
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "AND sql IS NOT NULL ORDER BY type, name"
    )
    return "".join(f"-- {kind} {name}\n{_layout(' '.join(sql.split()))};\n\n" for kind, name, sql in rows)


def _layout(sql: str) -> str:
    """Break a statement after the top-level commas inside its outermost parentheses."""
    out, depth, quote = [], 0, ""
    for ch in sql:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"[`":
            quote = "]" if ch == "[" else ch
        elif ch == "(":
            depth += 1
            if depth == 1:
                out.append("(\n")
                continue
        elif ch == ")":
            depth -= 1
            if depth == 0:
                out.append("\n)")
                continue
        elif ch == "," and depth == 1:
            out.append(",\n")
            continue
        out.append(ch)
    first, *rest = "".join(out).split("\n")
    return "\n".join([first.rstrip()] + [(line.strip() if line.lstrip().startswith(")") else "    " + line.strip()) for line in rest])


def current_schema() -> str:
    """The schema of a new database made by this build."""
    with tempfile.TemporaryDirectory() as folder:
        with open_store(Path(folder) / "new.sqlite", create=True) as store:
            return dump_schema(store.conn)


def apply_until(db: Database, stop_before: str) -> None:
    """Apply this build's migrations up to, not including, ``stop_before``."""
    steps = Migrations(migrations.MIGRATION_SET)
    for step in migrations.MIGRATIONS:
        steps()(step)
    steps.apply(db, stop_before=stop_before)


def build_fixture(path: Path, stop_before: str, rows: dict[str, list[dict]]) -> None:
    """A small database (512-byte pages, rollback journal) at an earlier version, with ``rows``."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA page_size=512")
    db = Database(conn)
    apply_until(db, stop_before)
    for table, records in rows.items():
        db[table].insert_all(records)
    conn.commit()
    conn.execute("VACUUM")
    conn.close()


def main(argv: list[str]) -> int:
    if argv == ["schema"]:
        SCHEMA_SQL.write_text(current_schema(), encoding="utf-8")
        print(f"wrote {SCHEMA_SQL}")
        return 0
    if len(argv) == 2 and argv[0] == "fixture":
        from tests.storage.fixture_rows import FIXTURE_ROWS

        target = FIXTURES / f"before_{argv[1]}.sqlite"
        if target.exists():
            print(f"{target} exists; a committed fixture is never rebuilt", file=sys.stderr)
            return 1
        build_fixture(target, argv[1], FIXTURE_ROWS[argv[1]])
        print(f"wrote {target}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
