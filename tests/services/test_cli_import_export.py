"""The command line: ``import contacts`` and ``export contacts``."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from beredskap_desktop import cli
from beredskap_desktop.i18n import _
from beredskap_desktop.services.importers import read_contacts
from beredskap_desktop.services.municipality import create_municipality
from beredskap_desktop.storage import contacts
from beredskap_desktop.storage.database import open_store

DATA = Path(__file__).parent.parent / "data" / "contacts"


def dump(db: Path) -> list:
    with open_store(db, read_only=True) as store:
        return [store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in ("contact", "role", "contact_role")]


def run(*args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "beredskap_desktop", *args], stdin=stdin, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "testvik.sqlite"
    create_municipality(path, "Testvik", "9999")
    return path


def test_import_with_yes_then_export_csv(db, tmp_path):
    imported = run("import", "contacts", str(DATA / "outlook_2.1_cp1252.vcf"), "--db", str(db), "--yes")
    assert imported.returncode == 0, imported.stderr
    assert "Traceback" not in imported.stderr
    with open_store(db, read_only=True) as store:
        assert contacts.count(store) == 3
        assert {row.name for row in contacts.list_rows(store)} == {"Åse Ødegård", "Ragnhild Bjørnstad", "Testvik kommune"}

    out = tmp_path / "kontakter.csv"
    exported = run("export", "contacts", "--format", "csv", "--db", str(db), "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert "Åse Ødegård" in text and "412 34 567" in text
    assert "934 56 789" not in text  # private number left out without --include-private


def test_bad_file_exits_1_without_traceback_and_writes_nothing(db, tmp_path):
    before = dump(db)
    result = run("import", "contacts", str(DATA / "missing_end.vcf"), "--db", str(db), "--yes")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "missing_end.vcf" in result.stderr
    assert dump(db) == before


def test_without_yes_and_without_a_terminal_nothing_is_imported(db):
    before = dump(db)
    result = run("import", "contacts", str(DATA / "android_3.0.vcf"), "--db", str(db))
    assert result.returncode == 1
    assert "--yes" in result.stderr
    assert result.stdout.splitlines()[0] == _("New contacts: {count}").format(count=2)  # the preview is shown
    assert dump(db) == before


def junk_files(folder: Path) -> list[Path]:
    binary = folder / "tilfeldig.vcf"
    binary.write_bytes(bytes(range(256)) * 4)
    empty = folder / "tom.csv"
    empty.write_bytes(b"")
    whole = folder / "hel.xlsx"
    with zipfile.ZipFile(whole, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>" * 200)
    truncated = folder / "avkuttet.xlsx"
    truncated.write_bytes(whole.read_bytes()[:100])
    return [binary, empty, truncated, DATA / "missing_end.vcf", DATA / "ragged_unknown_header.csv"]


def test_every_malformed_file_is_refused_whole(db, tmp_path, capsys):
    before = dump(db)
    for path in junk_files(tmp_path):
        assert cli.main(["import", "contacts", str(path), "--db", str(db), "--yes"]) == 1, path
        assert path.name in capsys.readouterr().err
    assert dump(db) == before


def test_bad_records_are_reported_and_the_rest_imported(db, capsys):
    assert cli.main(["import", "contacts", str(DATA / "bad_fields.csv"), "--db", str(db), "--yes"]) == 0
    output = capsys.readouterr().out
    assert "Feil Fredrik" in output
    with open_store(db, read_only=True) as store:
        assert {row.name for row in contacts.list_rows(store)} == {"Anne Berg", "Carl Dahl", "Testvik kommune"}


@pytest.mark.parametrize("answer, imported", [("j", True), ("yes", True), ("n", False), ("", False)])
def test_question_on_a_terminal(db, monkeypatch, capsys, answer, imported):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: answer)
    code = cli.main(["import", "contacts", str(DATA / "android_3.0.vcf"), "--db", str(db)])
    assert code == (0 if imported else 1)
    with open_store(db, read_only=True) as store:
        assert contacts.count(store) == (2 if imported else 0)


def test_nothing_new_exits_0(db, capsys):
    assert cli.main(["import", "contacts", str(DATA / "android_3.0.vcf"), "--db", str(db), "--yes"]) == 0
    capsys.readouterr()
    assert cli.main(["import", "contacts", str(DATA / "android_3.0.vcf"), "--db", str(db), "--yes"]) == 0
    assert _("Nothing to import.") in capsys.readouterr().err
    with open_store(db, read_only=True) as store:
        assert contacts.count(store) == 2


@pytest.mark.parametrize("fmt", ["vcf", "xlsx"])
def test_export_formats_from_the_command_line(db, tmp_path, fmt):
    assert cli.main(["import", "contacts", str(DATA / "vcard_4.0.vcf"), "--db", str(db), "--yes"]) == 0
    out = tmp_path / f"kontakter.{fmt}"
    assert cli.main(["export", "contacts", "--format", fmt, "--db", str(db), "--out", str(out), "--include-private"]) == 0
    records = {record.fields["name"]: record for record in read_contacts(out)}
    assert set(records) == {"Per Ås", "Politiet"}
    assert records["Per Ås"].fields["private_phone"] in ("+4797654321", "976 54 321")
