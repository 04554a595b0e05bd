"""Schema migrations: the exact schema, upgrades from earlier versions, refusal of newer ones."""

from __future__ import annotations

import difflib
import re
import shutil
import sqlite3

import pytest
from sqlite_utils import Database

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.storage import contacts, migrations
from beredskap_desktop.storage.database import applied_migrations, open_store
from tests.storage.fixture_rows import FIXTURE_ROWS
from tests.storage.schema_files import FIXTURES, REGENERATE, SCHEMA_SQL, apply_until, current_schema, dump_schema


def test_schema_after_all_migrations_is_the_expected_schema(store):
    expected = SCHEMA_SQL.read_text(encoding="utf-8")
    actual = dump_schema(store.conn)
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True), "tests/data/schema.sql", "migrated database",
        ))
        pytest.fail(f"The schema differs from tests/data/schema.sql. If the change is intended, regenerate it with\n"
                    f"    {REGENERATE}\nand review the diff.\n\n{diff}", pytrace=False)


def test_schema_dump_sees_changes(store):
    before = dump_schema(store.conn)
    store.conn.execute("CREATE TABLE extra (x TEXT)")
    assert dump_schema(store.conn) != before


def test_migration_names_are_numbered_in_order():
    names = migrations.known_names()
    assert all(re.fullmatch(r"m\d{4}_[a-z]+(_[a-z0-9]+)+", name) for name in names), names
    assert [int(name[1:5]) for name in names] == list(range(1, len(names) + 1))


def test_a_new_database_has_every_migration_applied(store):
    assert applied_migrations(store.conn) == migrations.known_names()


def test_standard_roles_are_seeded(store):
    assert [role.id for role in contacts.roles(store)] == [code for code, _ in migrations.STANDARD_ROLES]


def test_reopening_applies_nothing_twice(db_path):
    open_store(db_path, create=True).close()
    with open_store(db_path) as store:
        assert applied_migrations(store.conn) == migrations.known_names()


FIXTURE_CASES = sorted(FIXTURE_ROWS)


@pytest.mark.parametrize("stop_before", FIXTURE_CASES)
def test_fixture_is_from_the_earlier_version(stop_before):
    conn = sqlite3.connect(FIXTURES / f"before_{stop_before}.sqlite")
    known = migrations.known_names()
    assert applied_migrations(conn) == known[:known.index(stop_before)]
    conn.close()


@pytest.mark.parametrize("stop_before", FIXTURE_CASES)
def test_fixture_database_upgrades_with_its_data(tmp_path, stop_before):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / f"before_{stop_before}.sqlite", path)
    with open_store(path) as store:
        assert applied_migrations(store.conn) == migrations.known_names()
        assert dump_schema(store.conn) == current_schema()
        for table, rows in FIXTURE_ROWS[stop_before].items():
            for row in rows:
                columns = list(row)
                kept = store.conn.execute(
                    f"SELECT {', '.join(columns)} FROM {table} WHERE {columns[0]} = ?", [row[columns[0]]]
                ).fetchone()
                assert dict(zip(columns, kept)) == row
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_upgraded_contacts_are_readable_and_searchable(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "before_m0003_create_alert_lists.sqlite", path)
    with open_store(path) as store:
        [kari_id] = contacts.search_ids(store, "odegard")
        kari = contacts.get(store, kari_id)
        assert kari.name == "Kari Ødegård"
        assert kari.role_ids == ("kriseleder",)
        assert kari.other_phones[0].number == "+4790000001"


def test_partly_migrated_database_upgrades(db_path):
    db = Database(db_path)
    apply_until(db, "m0002_create_contacts")
    db.close()
    with open_store(db_path) as store:
        assert applied_migrations(store.conn) == migrations.known_names()
        assert dump_schema(store.conn) == current_schema()


def test_older_database_opened_read_only_is_refused_with_a_reason(tmp_path, english):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "before_m0003_create_alert_lists.sqlite", path)
    before = path.read_bytes()
    with pytest.raises(UserError, match="older version") as caught:
        open_store(path, read_only=True)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
