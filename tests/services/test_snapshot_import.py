"""Snapshot import and incident packages: two laptops, merged logs, refusals that change nothing."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from datetime import timedelta

import pytest

from beredskap_desktop.domain.clock import now_utc, to_iso
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.incidents import Severity
from beredskap_desktop.domain.log import Draft, Operator
from beredskap_desktop.domain.wrong_clocks import ClockProblem
from beredskap_desktop.i18n import set_language
from beredskap_desktop.services import backups, keys, snapshots
from beredskap_desktop.services import snapshot_import as importer
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.storage import contacts, imports, incident_types, incidents, log, merge, trusted_keys
from beredskap_desktop.storage.database import open_store

KARI = Operator("Kari Nordmann", "Loggfører")
NOW = to_iso(now_utc())


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    load_demo(path)
    return path


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    set_language("en")
    monkeypatch.setattr(keys, "SCRYPT_LOG2_N", 10)


@pytest.fixture
def laptops(tmp_path, demo_file):
    """The coordinator's database and a crisis-room laptop's copy of it, with a publisher key."""
    coordinator, room = tmp_path / "coordinator.sqlite", tmp_path / "room.sqlite"
    shutil.copyfile(demo_file, coordinator)
    shutil.copyfile(demo_file, room)
    keys.generate(tmp_path / "keys", "key-pass")
    return coordinator, room, tmp_path / "keys"


def publish(coordinator, key_dir, out):
    return snapshots.export_snapshot(coordinator, out, key_dir, "key-pass", source_device="coordinator", now=to_iso(now_utc()))


def exercise(store, device, title="Øvelse flom", entries=3):
    first_type = next(iter(incident_types.names(store)))
    incident = incidents.start(store, title=title, incident_types=(first_type,), severity=Severity.YELLOW, device_id=device,
                               operator=KARI, exercise=True)
    for number in range(entries):
        log.append(store, incident.id, Draft(f"Melding {number} fra {device}"), device_id=device, operator=KARI)
    return incident


def fingerprint(key_dir):
    from beredskap_desktop.domain.snapshots import fingerprint as of

    return of(keys.public_key(key_dir))


def state(path):
    """Everything in a database, to show a refused import changed nothing."""
    with open_store(path, read_only=True) as store:
        return store.conn.execute("SELECT group_concat(name) FROM sqlite_master").fetchone(), {
            table: store.conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            for table in (*merge.REFERENCE, *merge.INCIDENT, *merge.LOCAL)}


def test_every_table_is_classified(store):
    tables = {name for (name,) in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' "
        "AND name <> '_sqlite_migrations'")}
    classes = [*merge.REFERENCE, *merge.INCIDENT, *merge.LOCAL]
    assert sorted(classes) == sorted(tables), "a new table must be REFERENCE, INCIDENT or LOCAL in storage/merge.py"


def test_two_laptops(laptops, tmp_path):
    coordinator, room, key_dir = laptops
    # The coordinator changes a phone number, adds a contact and logs an incident of its own.
    with open_store(coordinator) as store:
        some = contacts.get(store, contacts.list_rows(store)[0].id)
        contacts.save(store, some.__class__(**{**some.__dict__, "work_mobile": "+4791234567"}))
        central = exercise(store, "coordinator", "Øvelse sentralt", entries=2)
        central_entries = log.count(store, central.id)
    # The room laptop holds its own exercise log.
    with open_store(room) as store:
        own = exercise(store, "room-laptop", entries=4)
        own_entries = log.count(store, own.id)
    snapshot = tmp_path / "fjordvik.beredskap"
    publish(coordinator, key_dir, snapshot)

    with open_store(room) as store:
        preview = importer.preview_snapshot(store, snapshot)
        assert not preview.verified.trusted and preview.first_import and not preview.older
        changed = {kind.kind: kind for kind in preview.reference}
        assert some.name in changed["contact"].changed
        assert preview.incidents.new_incidents == ("Øvelse sentralt",) and preview.incidents.new_entries == central_entries
        with pytest.raises(UserError, match="does not trust"):
            importer.import_snapshot(store, snapshot)
        done = importer.import_snapshot(store, snapshot, trust=fingerprint(key_dir), imported_by="Kari")
        assert done.backup.ok and done.backup.reason == "before-import"
        assert contacts.get(store, some.id).work_mobile == "+4791234567"
        assert log.count(store, own.id) == own_entries  # its own exercise kept
        assert log.count(store, central.id) == central_entries
        assert all(chain.valid for chain in log.verify(store))
        assert trusted_keys.for_municipality(store, "9999")[0].last_sequence == 1
        # The room laptop keeps working, then sends its exercise to the coordinator.
        log.append(store, own.id, Draft("Etter import"), device_id="room-laptop", operator=KARI)
        package = tmp_path / "rom.beredskap-hendelse"
        importer.export_incidents(store, [own.id], package, source_device="room-laptop", now=NOW, key_folder=tmp_path / "room-keys")

    with open_store(coordinator) as store:
        preview = importer.preview_incidents(store, package)
        assert preview.incidents.new_incidents == ("Øvelse flom",) and preview.incidents.new_entries == own_entries + 1
        assert preview.reference == ()
        importer.import_incidents(store, package, imported_by="Ola")
        assert log.count(store, own.id) == own_entries + 1
        assert all(chain.valid for chain in log.verify(store))
        # Merging the same package again adds nothing and still verifies.
        again = importer.preview_incidents(store, package)
        assert again.incidents.new_entries == 0 and again.verified.trusted


def test_rollback_protection_and_force(laptops, tmp_path):
    coordinator, room, key_dir = laptops
    first, second = tmp_path / "1.beredskap", tmp_path / "2.beredskap"
    publish(coordinator, key_dir, first)
    publish(coordinator, key_dir, second)
    with open_store(room) as store:
        importer.import_snapshot(store, second, trust=fingerprint(key_dir))
    before = state(room)
    with open_store(room) as store:
        assert importer.preview_snapshot(store, first).older
        with pytest.raises(UserError, match="no. 1.*no. 2"):
            importer.import_snapshot(store, first)
    assert state(room) == before
    with open_store(room) as store:
        importer.import_snapshot(store, first, force_older=True)
        assert trusted_keys.for_municipality(store, "9999")[0].last_sequence == 2


def test_local_edits_that_would_be_overwritten(laptops, tmp_path, monkeypatch):
    coordinator, room, key_dir = laptops
    first, second = tmp_path / "1.beredskap", tmp_path / "2.beredskap"
    publish(coordinator, key_dir, first)
    with open_store(room) as store:  # imported an hour ago (timestamps have whole seconds)
        importer.import_snapshot(store, first, trust=fingerprint(key_dir), now=now_utc() - timedelta(hours=1))
        row = contacts.list_rows(store)[1]
        mine = contacts.get(store, row.id)
        later = to_iso(now_utc() + timedelta(minutes=1))  # timestamps have whole seconds: edited clearly after
        monkeypatch.setattr("beredskap_desktop.storage.contacts.timestamp", lambda: later)
        contacts.save(store, mine.__class__(**{**mine.__dict__, "notes": "Lokal merknad"}))
    publish(coordinator, key_dir, second)
    with open_store(room) as store:
        preview = importer.preview_snapshot(store, second)
        kind = next(kind for kind in preview.reference if kind.kind == "contact")
        assert kind.overwritten == (mine.name,) and kind.changed == (mine.name,)
        importer.import_snapshot(store, second)
        assert contacts.get(store, row.id).notes != "Lokal merknad"


def test_a_clashing_chain_is_refused_and_nothing_changes(laptops, tmp_path):
    coordinator, room, key_dir = laptops
    with open_store(coordinator) as store:
        shared = exercise(store, "same-stick", entries=2)
    shutil.copyfile(coordinator, tmp_path / "twin.sqlite")
    with open_store(coordinator) as store:
        log.append(store, shared.id, Draft("Fra koordinator"), device_id="same-stick", operator=KARI)
    with open_store(tmp_path / "twin.sqlite") as store:  # a copy of the same stick writes the same chain
        log.append(store, shared.id, Draft("Fra tvilling"), device_id="same-stick", operator=KARI)
    snapshot = tmp_path / "s.beredskap"
    publish(coordinator, key_dir, snapshot)
    before = state(tmp_path / "twin.sqlite")
    with open_store(tmp_path / "twin.sqlite") as store:
        assert importer.preview_snapshot(store, snapshot).incidents.conflicts
        with pytest.raises(UserError, match="clashes"):
            importer.import_snapshot(store, snapshot, trust=fingerprint(key_dir))
    assert state(tmp_path / "twin.sqlite") == before


def test_wrong_clock_is_flagged(laptops, tmp_path, capsys):
    coordinator, room, key_dir = laptops
    with open_store(coordinator) as store:
        incident = exercise(store, "coordinator", entries=0)
        log.append(store, incident.id, Draft("Klokka går feil"), device_id="fast-clock", operator=KARI,
                   now=now_utc() + timedelta(hours=3))
    snapshot = tmp_path / "s.beredskap"
    publish(coordinator, key_dir, snapshot)
    with open_store(room) as store:
        flags = importer.preview_snapshot(store, snapshot).incidents.clock_flags
        assert [(flag.device_id, flag.problem) for flag in flags] == [("fast-clock", ClockProblem.AHEAD)]
        importer.import_snapshot(store, snapshot, trust=fingerprint(key_dir))
        assert [flag.device_id for flag in imports.clock_flags(store, incident.id)] == ["fast-clock"]
    from beredskap_desktop import cli

    assert cli.main(["--lang", "en", "log", "verify", "--db", str(room), "--incident", incident.id]) == 0
    assert "Wrong clock? Incident" in capsys.readouterr().err


def test_package_from_a_laptop_with_a_new_key_needs_trust(laptops, tmp_path):
    coordinator, room, key_dir = laptops
    with open_store(room) as store:
        own = exercise(store, "room-laptop")
        first, second = tmp_path / "a.beredskap-hendelse", tmp_path / "b.beredskap-hendelse"
        importer.export_incidents(store, [own.id], first, source_device="room-laptop", now=NOW, key_folder=tmp_path / "k1")
        importer.export_incidents(store, [own.id], second, source_device="room-laptop", now=NOW, key_folder=tmp_path / "k2")
    with open_store(coordinator) as store:
        importer.import_incidents(store, first)
        preview = importer.preview_incidents(store, second)
        assert not preview.verified.trusted
        with pytest.raises(UserError, match="REFUSED"):
            importer.import_incidents(store, second)
        importer.import_incidents(store, second, trust=preview.verified.fingerprint)


def test_snapshot_and_package_are_not_mixed_up(laptops, tmp_path):
    coordinator, room, key_dir = laptops
    snapshot = tmp_path / "s.beredskap"
    publish(coordinator, key_dir, snapshot)
    with open_store(room) as store:
        with pytest.raises(UserError, match="not an incident package"):
            importer.preview_incidents(store, snapshot)


@pytest.mark.parametrize("damage", ["truncate", "flip", "not-a-snapshot", "empty"])
def test_bad_files_are_refused_and_nothing_changes(laptops, tmp_path, damage):
    coordinator, room, key_dir = laptops
    snapshot = tmp_path / "s.beredskap"
    publish(coordinator, key_dir, snapshot)
    data = bytearray(snapshot.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        data[len(data) - 5000] ^= 0x01
    elif damage == "not-a-snapshot":
        data = bytearray(b"PK\x03\x04 a zip file, not a snapshot" * 10)
    else:
        data = bytearray()
    snapshot.write_bytes(bytes(data))
    before = state(room)
    with open_store(room) as store:
        with pytest.raises(UserError):
            importer.import_snapshot(store, snapshot, trust=fingerprint(key_dir))
    assert state(room) == before
    assert backups.list_backups(backups.backup_folder(room)) == []


def test_a_different_key_is_refused_loudly(laptops, tmp_path):
    coordinator, room, key_dir = laptops
    snapshot = tmp_path / "s.beredskap"
    publish(coordinator, key_dir, snapshot)
    with open_store(room) as store:
        importer.import_snapshot(store, snapshot, trust=fingerprint(key_dir))
    keys.generate(tmp_path / "forger", "forged")
    forged = tmp_path / "forged.beredskap"
    snapshots.export_snapshot(coordinator, forged, tmp_path / "forger", "forged", source_device="x", now=NOW)
    before = state(room)
    with open_store(room) as store:
        with pytest.raises(UserError, match="REFUSED"):
            importer.import_snapshot(store, forged, trust=fingerprint(tmp_path / "forger"))
    assert state(room) == before


def test_a_wrong_typed_fingerprint_pins_nothing(laptops, tmp_path):
    coordinator, room, key_dir = laptops
    snapshot = tmp_path / "s.beredskap"
    publish(coordinator, key_dir, snapshot)
    before = state(room)
    with open_store(room) as store:
        with pytest.raises(UserError, match="does not trust"):
            importer.import_snapshot(store, snapshot, trust=hashlib.sha256(b"other").hexdigest())
    assert state(room) == before


def test_an_encrypted_snapshot_with_a_wrong_passphrase_changes_nothing(laptops, tmp_path):
    coordinator, room, key_dir = laptops
    sealed = tmp_path / "sealed.beredskap"
    snapshots.export_snapshot(coordinator, sealed, key_dir, "key-pass", encrypt_passphrase="stikk-passord",
                              source_device="coordinator", now=NOW)
    before = state(room)
    with open_store(room) as store:
        with pytest.raises(UserError, match="Wrong passphrase"):
            importer.import_snapshot(store, sealed, "feil", trust=fingerprint(key_dir))
    assert state(room) == before
    with open_store(room) as store:
        importer.import_snapshot(store, sealed, "stikk-passord", trust=fingerprint(key_dir))


def test_a_snapshot_from_a_newer_version_changes_nothing(laptops, tmp_path):
    import dataclasses

    from beredskap_desktop.domain import snapshots as domain

    coordinator, room, key_dir = laptops
    snapshot = tmp_path / "s.beredskap"
    publish(coordinator, key_dir, snapshot)
    manifest_bytes, _signature, database = domain.unpack(snapshot.read_bytes())
    manifest = domain.parse_manifest(manifest_bytes)
    manifest_bytes = domain.canonical_bytes(dataclasses.replace(manifest, schema=(*manifest.schema, "m0999_add_future")))
    signature = keys.private_key(key_dir, "key-pass").sign(domain.signed_message(manifest_bytes))
    snapshot.write_bytes(domain.pack(manifest_bytes, signature, database))
    before = state(room)
    with open_store(room) as store:
        with pytest.raises(UserError, match="newer version"):
            importer.import_snapshot(store, snapshot, trust=fingerprint(key_dir))
    assert state(room) == before


@pytest.mark.parametrize("what", ["snapshot", "package"])
def test_disk_full_while_exporting_leaves_no_file(laptops, tmp_path, monkeypatch, what):
    coordinator, room, key_dir = laptops
    out = tmp_path / "stick" / "out.file"
    out.parent.mkdir()
    real_open = tempfile.NamedTemporaryFile

    def full_disk(*args, **kwargs):
        handle = real_open(*args, **kwargs)
        def refuse(_data):
            raise OSError(28, "No space left on device")
        handle.write = refuse
        handle.writelines = lambda parts: [refuse(p) for p in parts]
        return handle

    with open_store(coordinator) as store:
        incident = exercise(store, "coordinator", entries=1)
    monkeypatch.setattr("beredskap_desktop.services.files.tempfile.NamedTemporaryFile", full_disk)
    with pytest.raises(UserError, match="No space left"):
        if what == "snapshot":
            publish(coordinator, key_dir, out)
        else:
            with open_store(coordinator) as store:
                importer.export_incidents(store, [incident.id], out, source_device="c", now=NOW, key_folder=tmp_path / "k")
    assert list(out.parent.iterdir()) == []


def test_a_package_to_a_read_only_stick_is_a_clear_message(laptops, tmp_path, monkeypatch):
    coordinator, room, key_dir = laptops
    stick = tmp_path / "stick"
    stick.mkdir()

    def read_only(*args, **kwargs):  # tests run as root, for whom chmod protects nothing
        raise OSError(30, "Read-only file system")

    with open_store(coordinator) as store:
        incident = exercise(store, "coordinator", entries=1)
        monkeypatch.setattr("beredskap_desktop.services.files.tempfile.NamedTemporaryFile", read_only)
        with pytest.raises(UserError, match="Cannot write.*Read-only file system"):
            importer.export_incidents(store, [incident.id], stick / "p.beredskap-hendelse", source_device="c",
                                      now=NOW, key_folder=tmp_path / "k")
    assert list(stick.iterdir()) == []
