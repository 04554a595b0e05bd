"""The command line contract: exit codes 0/1/2, messages on stderr, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys

from beredskap_desktop.storage import contacts, municipality
from beredskap_desktop.storage.database import open_store


def run(*args, env_extra=None):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "beredskap_desktop", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


def test_init_creates_an_empty_municipality(db_path):
    result = run("init", "--db", db_path, "--name", "Testvik", "--kommunenummer", "9999")
    assert result.returncode == 0, result.stderr
    with open_store(db_path, read_only=True) as store:
        assert municipality.get(store) == municipality.Municipality("Testvik", "9999")
        assert contacts.count(store) == 0


def test_init_refuses_a_bad_number_and_an_existing_file(db_path):
    bad = run("init", "--db", db_path, "--name", "Testvik", "--kommunenummer", "12")
    assert bad.returncode == 1 and "Kommunenummer" in bad.stderr and "Traceback" not in bad.stderr
    assert not db_path.exists()
    run("init", "--db", db_path, "--name", "Testvik", "--kommunenummer", "9999")
    again = run("init", "--db", db_path, "--name", "Annen", "--kommunenummer", "1234")
    assert again.returncode == 1 and "Traceback" not in again.stderr


def test_wrong_usage_exits_2(db_path):
    assert run("init", "--db", db_path).returncode == 2
    assert run("nonsense").returncode == 2
    assert run("export", "contacts", "--format", "pdf", "--db", db_path, "--out", "x").returncode == 2


def test_gui_starts_and_quits_when_shown_on_the_demo(tmp_path):
    db = tmp_path / "demo.sqlite"
    assert run("demo", "--db", db).returncode == 0
    shown = run("--db", db, "--exit-when-shown")
    assert shown.returncode == 0, shown.stderr
    read_only = run("--db", db, "--read-only", "--lang", "en", "--exit-when-shown")
    assert read_only.returncode == 0, read_only.stderr


def test_gui_on_a_missing_or_locked_database_exits_1(tmp_path, store, db_path):
    missing = run("--db", tmp_path / "nope.sqlite", "--exit-when-shown")
    assert missing.returncode == 1 and "nope.sqlite" in missing.stderr
    locked = run("--db", db_path, "--exit-when-shown")  # ``store`` holds the writer lock
    assert locked.returncode == 1 and "Traceback" not in locked.stderr
    assert str(os.getpid()) in locked.stderr


def test_a_newer_database_is_refused(db_path, store):
    with store.conn:
        store.conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('beredskap_desktop', 'm9999_from_the_future', 'x')")
    store.close()
    result = run("export", "contacts", "--format", "csv", "--db", db_path, "--out", db_path.with_suffix(".csv"))
    assert result.returncode == 1 and "nyere" in result.stderr.lower() and "Traceback" not in result.stderr
