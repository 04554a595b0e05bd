"""The command line of incidents and the log: ids alone on stdout, exit 0/1/2, no tracebacks."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from beredskap_desktop import cli
from beredskap_desktop.domain.incidents import Status
from beredskap_desktop.domain.log import Category, Channel
from beredskap_desktop.services.municipality import create_municipality
from beredskap_desktop.storage import incidents, log
from beredskap_desktop.storage.database import open_store


@pytest.fixture
def db(db_path, monkeypatch):
    monkeypatch.setenv("BEREDSKAP_DEVICE_ID", "laptop-1")
    create_municipality(db_path, "Testvik", "9999")
    return db_path


def main(capsys, *args):
    """Run the command in this process: (exit code, stdout, stderr)."""
    try:
        code = cli.main([str(a) for a in args])
    except SystemExit as exit_:  # argparse's wrong usage
        code = exit_.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def start(capsys, db, *extra):
    code, out, err = main(capsys, "incident", "start", "--db", db, "--title", "Flom i sentrum", "--type", "flom",
                          "--operator", "Kari", *extra)
    assert code == 0, err
    return out.strip()


def test_start_prints_only_the_new_id(db, capsys):
    incident_id = start(capsys, db, "--type", "skred", "--exercise", "--severity", "rød", "--location", "Sentrum",
                        "--operator-role", "Loggfører")
    with open_store(db, read_only=True) as store:
        started = incidents.get(store, incident_id)
        [first] = log.entries(store, incident_id)
    assert started.incident_types == ("flom", "skred") and started.exercise and started.severity.value == "rod"
    assert (first.device_id, first.operator, first.role) == ("laptop-1", "Kari", "Loggfører")


def test_log_add_prints_the_committed_entry_id(db, capsys):
    incident_id = start(capsys, db)
    code, out, err = main(capsys, "log", "add", "--db", db, "--incident", incident_id, "--text", "Stenger Storgata",
                          "--category", "Beslutning", "--decided-by", "Kriseleder", "--rationale", "Ras", "--channel",
                          "e-post inn", "--source", "Politiet", "--time", "2026-11-21T17:42", "--key-event")
    assert code == 0, err
    with open_store(db, read_only=True) as store:
        entry = log.get(store, out.strip())
    assert (entry.category, entry.channel, entry.source, entry.key_event) == (Category.DECISION, Channel.EMAIL_IN, "Politiet", True)
    assert entry.event_at == datetime(2026, 11, 21, 16, 42, tzinfo=timezone.utc)  # given in Oslo time (UTC+1)
    assert (entry.decided_by, entry.rationale, entry.seq) == ("Kriseleder", "Ras", 2)
    code, out, _err = main(capsys, "log", "add", "--db", db, "--incident", incident_id, "--text", "x",
                           "--time", "2026-11-21T16:42:00+00:00", "--category", "pårørende")
    assert code == 0


@pytest.mark.parametrize("args, named", [
    (("--category", "sladder"), "informasjon"),
    (("--channel", "brevdue"), "nodnett"),
    (("--time", "i går kveld"), "2026-11-21T17:42"),
])
def test_wrong_values_exit_2_with_the_valid_ones(db, capsys, args, named):
    incident_id = start(capsys, db)
    code, out, err = main(capsys, "log", "add", "--db", db, "--incident", incident_id, "--text", "x", *args)
    assert (code, out) == (2, "") and named in err


def test_unknown_incident_or_type_exits_2_naming_the_valid_ones(db, capsys):
    incident_id = start(capsys, db)
    code, out, err = main(capsys, "log", "add", "--db", db, "--incident", "nope", "--text", "x")
    assert (code, out) == (2, "") and incident_id in err
    code, out, err = main(capsys, "incident", "start", "--db", db, "--title", "x", "--type", "vulkan")
    assert (code, out) == (2, "") and "flom" in err and "ekstremvaer" in err
    for command in (("incident", "close", "--notes", "n"), ("log", "verify")):
        assert main(capsys, *command, "--db", db, "--incident", "nope")[0] == 2


def test_a_bad_entry_exits_1_and_writes_nothing(db, capsys):
    incident_id = start(capsys, db)
    code, out, err = main(capsys, "log", "add", "--db", db, "--incident", incident_id, "--text", "Evakuer", "--category", "beslutning")
    assert (code, out) == (1, "") and err.strip()
    with open_store(db, read_only=True) as store:
        assert log.count(store, incident_id) == 1


def test_close_then_only_corrections(db, capsys):
    incident_id = start(capsys, db)
    _code, out, _err = main(capsys, "log", "add", "--db", db, "--incident", incident_id, "--text", "Strøm tilbake kl. 20")
    entry_id = out.strip()
    code, out, _err = main(capsys, "incident", "close", "--db", db, "--incident", incident_id, "--notes", "Bra",
                           "--follow-up", "Nytt aggregat", "--follow-up", "Øv oftere")
    assert (code, out) == (0, "")
    code, out, err = main(capsys, "log", "add", "--db", db, "--incident", incident_id, "--text", "etterpå")
    assert (code, out) == (1, "") and err.strip()
    code, out, _err = main(capsys, "log", "add", "--db", db, "--incident", incident_id, "--text", "Rettelse: kl. 21",
                           "--corrects", entry_id)
    assert code == 0 and out.strip()
    with open_store(db, read_only=True) as store:
        closed = incidents.get(store, incident_id)
    assert (closed.status, closed.follow_up) == (Status.CLOSED, ("Nytt aggregat", "Øv oftere"))
    assert main(capsys, "incident", "close", "--db", db, "--incident", incident_id, "--notes", "igjen")[0] == 1
    assert main(capsys, "incident", "close", "--db", db, "--incident", incident_id, "--notes", " ")[0] == 1


def test_list_prints_one_line_per_incident(db, capsys):
    assert main(capsys, "incident", "list", "--db", db)[:2] == (0, "")
    first, second = start(capsys, db), start(capsys, db, "--exercise")
    code, out, _err = main(capsys, "--lang", "en", "incident", "list", "--db", db)
    lines = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and {line[0] for line in lines} == {first, second}
    assert {line[0]: line[5] for line in lines} == {first: "", second: "EXERCISE"}
    assert all(line[6] == "Flom i sentrum" for line in lines)


def run(*args):
    env = {**os.environ, "BEREDSKAP_DEVICE_ID": "laptop-9"}
    return subprocess.run([sys.executable, "-m", "beredskap_desktop", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=60)


def test_verify_prints_chain_heads_and_names_a_broken_entry(db):
    incident_id = run("incident", "start", "--db", db, "--title", "Storm", "--type", "ekstremvaer", "--operator", "Ola").stdout.strip()
    entry_ids = [run("log", "add", "--db", db, "--incident", incident_id, "--text", f"melding {n}", "--operator", "Ola").stdout.strip()
                 for n in (1, 2)]
    verified = run("log", "verify", "--db", db)
    assert verified.returncode == 0, verified.stderr
    with open_store(db, read_only=True) as store:
        [chain] = log.chains(store, incident_id)
    assert verified.stdout.splitlines() == [f"{incident_id}\tlaptop-9\t3\t{chain.head}"]

    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER log_entry_refuse_update")
    conn.execute("UPDATE log_entry SET text = 'melding 1 (pyntet)' WHERE id = ?", [entry_ids[0]])
    conn.commit()
    conn.close()
    broken = run("log", "verify", "--db", db, "--incident", incident_id)
    assert broken.returncode == 1 and entry_ids[0] in broken.stderr and "Traceback" not in broken.stderr
