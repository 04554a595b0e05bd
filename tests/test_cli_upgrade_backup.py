"""A command that writes backs up a database from an earlier version before upgrading it;
commands that only read, and ``log add``, never take a backup."""

from __future__ import annotations

import shutil

import pytest

from beredskap_desktop import cli
from beredskap_desktop.services import backups
from tests.storage.schema_files import FIXTURES

OLD = FIXTURES / "before_m0003_create_alert_lists.sqlite"


@pytest.fixture
def old_db(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(OLD, path)
    return path


def run(*args) -> int:
    return cli.main(["--lang", "en", *map(str, args)])


def test_a_writing_command_backs_up_before_the_upgrade(old_db, tmp_path, capsys):
    vcf = tmp_path / "one.vcf"
    vcf.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kari Nordmann\r\nTEL;TYPE=CELL:+4791234567\r\nEND:VCARD\r\n", encoding="utf-8")
    assert run("import", "contacts", vcf, "--db", old_db, "--yes") == 0, capsys.readouterr().err
    receipts = backups.list_backups(backups.backup_folder(old_db))
    assert [(r.reason, r.ok) for r in receipts] == [("before-migration", True)]
    assert receipts[0].schema_version < "m0003"  # the backup holds the old version


def test_reading_commands_take_no_backup(old_db, tmp_path, capsys):
    run("log", "verify", "--db", old_db)
    run("print", "contacts", "--db", old_db, "--out", tmp_path / "c.pdf")
    assert backups.list_backups(backups.backup_folder(old_db)) == []
