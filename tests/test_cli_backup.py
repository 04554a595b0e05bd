"""backup run|verify|list|restore: tested backups from the command line."""

from __future__ import annotations

from beredskap_desktop import cli
from beredskap_desktop.services import backups
from beredskap_desktop.storage import contacts
from beredskap_desktop.storage.database import open_store


def test_run_list_verify_and_restore(tmp_path, capsys):
    db = tmp_path / "fjordvik.sqlite"
    assert cli.main(["demo", "--db", str(db)]) == 0
    capsys.readouterr()
    assert cli.main(["backup", "run", "--db", str(db)]) == 0
    made = capsys.readouterr()
    backup = made.out.strip()
    assert backup.endswith(".sqlite") and backup in made.err
    assert cli.main(["backup", "list", "--db", str(db)]) == 0
    listed = capsys.readouterr().out
    assert backup in listed and listed.count("\n") == 1
    assert cli.main(["backup", "verify", "--db", str(db)]) == 0
    with open_store(db) as store:
        before = len(contacts.list_rows(store))
        contacts.delete(store, contacts.list_rows(store)[0].id)
    capsys.readouterr()
    assert cli.main(["backup", "restore", backup, "--db", str(db)]) == 1  # no --yes: nothing restored
    assert "--yes" in capsys.readouterr().err
    assert cli.main(["backup", "restore", backup, "--db", str(db), "--yes"]) == 0
    with open_store(db) as store:
        assert len(contacts.list_rows(store)) == before
    assert len(backups.list_backups(backups.backup_folder(db))) == 2  # the state before the restore was kept


def test_a_damaged_backup_fails_verification_and_is_not_restored(tmp_path, capsys):
    db = tmp_path / "fjordvik.sqlite"
    assert cli.main(["demo", "--db", str(db)]) == 0
    assert cli.main(["backup", "run", "--db", str(db)]) == 0
    backup = capsys.readouterr().out.strip()
    data = bytearray(open(backup, "rb").read())
    data[len(data) // 2] ^= 0xFF
    open(backup, "wb").write(bytes(data))
    assert cli.main(["backup", "verify", backup, "--db", str(db)]) == 1
    assert cli.main(["backup", "restore", backup, "--db", str(db), "--yes"]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_wrong_usage(tmp_path, capsys):
    db = tmp_path / "x.sqlite"
    assert cli.main(["backup", "restore", "--db", str(db), "--yes"]) == 2
    assert cli.main(["backup", "run", "--db", str(db)]) == 1  # no database there
    assert "Traceback" not in capsys.readouterr().err
