"""snapshot import, export incidents, import incidents: previews, trust only by --trust, exit codes."""

from __future__ import annotations

import shutil

import pytest

from beredskap_desktop import cli
from beredskap_desktop.domain.incidents import Severity
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.services import keys
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.storage import incident_types, incidents, log, trusted_keys
from beredskap_desktop.storage.database import open_store


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    load_demo(path)
    return path


@pytest.fixture(autouse=True)
def setting(monkeypatch):
    monkeypatch.setattr(keys, "SCRYPT_LOG2_N", 10)
    monkeypatch.setenv("BEREDSKAP_DEVICE_ID", "room-laptop")
    monkeypatch.setenv("BEREDSKAP_PASSPHRASE", "key-pass")


def main(capsys, *args):
    try:
        code = cli.main(["--lang", "en", *[str(a) for a in args]])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def two(tmp_path, demo_file, capsys):
    """(coordinator db, room db, snapshot, fingerprint as keygen printed it)."""
    coordinator, room = tmp_path / "coordinator.sqlite", tmp_path / "room.sqlite"
    shutil.copyfile(demo_file, coordinator)
    shutil.copyfile(demo_file, room)
    code, fingerprint, err = main(capsys, "snapshot", "keygen", "--key-dir", tmp_path / "keys")
    assert code == 0, err
    snapshot = tmp_path / "s.beredskap"
    assert main(capsys, "snapshot", "export", "--db", coordinator, "--out", snapshot, "--key-dir", tmp_path / "keys")[0] == 0
    return coordinator, room, snapshot, fingerprint.strip()


def pinned(path):
    with open_store(path, read_only=True) as store:
        return trusted_keys.for_municipality(store, "9999")


def test_import_needs_trust_and_yes_never_gives_it(capsys, two):
    coordinator, room, snapshot, fingerprint = two
    code, out, err = main(capsys, "snapshot", "import", snapshot, "--db", room, "--yes")
    assert code == 1 and "--trust" in err and fingerprint in err and out == ""
    assert pinned(room) == []
    code, _out, err = main(capsys, "snapshot", "import", snapshot, "--db", room, "--yes", "--trust", fingerprint)
    assert code == 0, err
    assert "Snapshot no. 1" in err and "Signed by" in err and "backup" in err
    assert pinned(room)[0].last_sequence == 1
    code, _out, err = main(capsys, "snapshot", "import", snapshot, "--db", room, "--yes")
    assert code == 1 and "--force-older" in err
    assert main(capsys, "snapshot", "import", snapshot, "--db", room, "--yes", "--force-older")[0] == 0


def test_without_yes_and_without_a_terminal_nothing_is_imported(capsys, two):
    coordinator, room, snapshot, fingerprint = two
    code, _out, err = main(capsys, "snapshot", "import", snapshot, "--db", room, "--trust", fingerprint)
    assert code == 1 and "--yes" in err
    assert pinned(room) == []


def test_incident_package_round_trip(capsys, two, tmp_path):
    coordinator, room, _snapshot, _fingerprint = two
    with open_store(room) as store:
        first_type = next(iter(incident_types.names(store)))
        incident = incidents.start(store, title="Øvelse", incident_types=(first_type,), severity=Severity.GREEN,
                                   device_id="room-laptop", operator=Operator("Kari"), exercise=True)
        entries = log.count(store, incident.id)
    package = tmp_path / "rom.beredskap-hendelse"
    code, out, err = main(capsys, "export", "incidents", "--db", room, "--incident", incident.id, "--out", package)
    assert code == 0 and out == "" and package.exists(), err
    code, _out, err = main(capsys, "import", "incidents", package, "--db", coordinator, "--yes")
    assert code == 0, err
    assert "Incident package" in err and "Øvelse" in err
    with open_store(coordinator, read_only=True) as store:
        assert log.count(store, incident.id) == entries
    code, out, err = main(capsys, "log", "verify", "--db", coordinator, "--incident", incident.id)
    assert code == 0, err


@pytest.mark.parametrize("args", [
    ["export", "incidents", "--db", "x.sqlite", "--out", "p"],
    ["export", "archive", "--db", "x.sqlite", "--out", "p", "--incident", "a", "b"],
    ["import", "contacts", "c.vcf", "--db", "x.sqlite", "--trust", "ab"],
    ["snapshot", "import", "s.beredskap"],
])
def test_wrong_usage_exits_2(capsys, args):
    assert main(capsys, *args)[0] == 2


def test_a_snapshot_given_as_incidents_is_a_clear_message(capsys, two):
    coordinator, room, snapshot, _fingerprint = two
    code, _out, err = main(capsys, "import", "incidents", snapshot, "--db", room, "--yes")
    assert code == 1 and "not an incident package" in err


def test_snapshot_open_starts_the_read_only_window_on_the_file(capsys, two, tmp_path, monkeypatch):
    """The window itself is tested in tests/ui/test_snapshot_open.py; here the command reaches it."""
    from beredskap_desktop.ui import app

    calls = []
    monkeypatch.setattr(app, "run_snapshot_gui", lambda path, **options: calls.append((path, options)) or 0)
    _coordinator, _room, snapshot, _fingerprint = two
    secret = tmp_path / "secret"
    assert main(capsys, "--exit-when-shown", "snapshot", "open", snapshot, "--passphrase-file", secret)[0] == 0
    assert main(capsys, "snapshot", "open", snapshot)[0] == 0
    assert calls == [(snapshot, {"passphrase_file": secret, "exit_when_shown": True}),
                     (snapshot, {"passphrase_file": None, "exit_when_shown": False})]


def test_a_rotated_key_is_accepted_and_a_lost_one_needs_replace(capsys, two, tmp_path, monkeypatch):
    coordinator, room, snapshot, fingerprint = two
    assert main(capsys, "snapshot", "import", snapshot, "--db", room, "--yes", "--trust", fingerprint)[0] == 0
    secret = tmp_path / "new-pass"
    secret.write_text("ny-frase", encoding="utf-8")
    code, new, err = main(capsys, "snapshot", "rotate", "--key-dir", tmp_path / "keys", "--new-passphrase-file", secret)
    assert code == 0 and len(new.split()) == 16, err
    monkeypatch.setenv("BEREDSKAP_PASSPHRASE", "ny-frase")
    second = tmp_path / "s2.beredskap"
    assert main(capsys, "snapshot", "export", "--db", coordinator, "--out", second, "--key-dir", tmp_path / "keys")[0] == 0
    code, _out, err = main(capsys, "snapshot", "import", second, "--db", room, "--yes")  # no --trust: endorsed by the old key
    assert code == 0, err
    active = [key for key in pinned(room) if key.active]
    assert [key.fingerprint for key in active] == ["".join(new.split())] and active[0].last_sequence == 2
    # The coordinator loses the key: a new one is refused until trusted again with --replace.
    monkeypatch.setenv("BEREDSKAP_PASSPHRASE", "key-pass")
    code, lost, _err = main(capsys, "snapshot", "keygen", "--key-dir", tmp_path / "lost")
    third = tmp_path / "s3.beredskap"
    assert main(capsys, "snapshot", "export", "--db", coordinator, "--out", third, "--key-dir", tmp_path / "lost")[0] == 0
    code, _out, err = main(capsys, "snapshot", "import", third, "--db", room, "--yes", "--trust", lost.strip())
    assert code == 1 and "REFUSED" in err
    code, _out, err = main(capsys, "snapshot", "trust", lost.strip(), "--db", room, "--key-file", third)
    assert code == 1 and "--replace" in err
    code, _out, err = main(capsys, "snapshot", "trust", lost.strip(), "--db", room, "--key-file", third, "--replace")
    assert code == 0 and "WARNING" in err
    assert main(capsys, "snapshot", "import", third, "--db", room, "--yes")[0] == 0
