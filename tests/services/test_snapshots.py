"""Signed snapshots: export, verify, tampering, encryption, private numbers, trust pinning."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import sqlite3

import pytest

from beredskap_desktop.domain import snapshots as domain
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import set_language
from beredskap_desktop.services import keys, snapshots
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.services.municipality import create_municipality
from beredskap_desktop.storage import migrations, trusted_keys
from beredskap_desktop.storage.database import open_store

NOW = "2026-11-21T12:00:00+00:00"


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
def demo(tmp_path, demo_file):
    path = tmp_path / "coordinator.sqlite"
    shutil.copyfile(demo_file, path)
    return path


@pytest.fixture
def key_dir(tmp_path):
    folder = tmp_path / "keys"
    keys.generate(folder, "key-pass")
    return folder


def export(demo, key_dir, out, **options):
    return snapshots.export_snapshot(demo, out, key_dir, "key-pass", source_device="laptop-1", now=NOW, **options)


@pytest.fixture
def snapshot(tmp_path, demo, key_dir):
    out = tmp_path / "out.beredskap"
    export(demo, key_dir, out)
    return out


def database_of(path, passphrase=None):
    with snapshots.verified_copy(path, passphrase) as (_verified, copy):
        return copy.read_bytes()


def test_export_then_verify(snapshot, demo, key_dir):
    verified = snapshots.verify_snapshot(snapshot)
    manifest = verified.manifest
    assert verified.fingerprint == domain.fingerprint(keys.public_key(key_dir))
    assert verified.trusted is None and not verified.encrypted
    assert (manifest.municipality, manifest.kommunenummer, manifest.sequence) == ("Fjordvik kommune", "9999", 1)
    assert (manifest.created_at, manifest.source_device, manifest.includes_private) == (NOW, "laptop-1", False)
    with open_store(demo, read_only=True) as store:
        assert manifest.counts["contact"] == store.conn.execute("SELECT count(*) FROM contact").fetchone()[0] > 0
        tables = [name for (name,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'")
                  if "updated_at" in [column[1] for column in store.conn.execute(f'PRAGMA table_info("{name}")')]]
        assert {"contact", "plan", "action_card", "alert_list"} <= set(tables)
        latest = [store.conn.execute(f'SELECT max(updated_at) FROM "{name}"').fetchone()[0] for name in tables]
        assert manifest.data_as_of == max(value for value in latest if value)
    assert manifest.schema[-1] == migrations.known_names()[-1]
    assert not any("_fts" in table for table in manifest.counts)


def test_each_export_takes_the_next_sequence_number(tmp_path, demo, key_dir):
    numbers = [export(demo, key_dir, tmp_path / f"{n}.beredskap").sequence for n in range(2)]
    assert numbers == [1, 2]


def test_the_database_inside_is_in_delete_mode_and_opens_read_only_from_a_write_protected_copy(tmp_path, snapshot):
    stick = tmp_path / "stick"
    stick.mkdir()
    path = stick / "snapshot.sqlite"
    path.write_bytes(database_of(snapshot))
    assert path.read_bytes()[18:20] == b"\x01\x01"  # file format versions 1: rollback journal, not WAL
    path.chmod(0o444)
    stick.chmod(0o555)
    try:
        for query in ("mode=ro", "immutable=1"):
            conn = sqlite3.connect(f"{path.as_uri()}?{query}", uri=True)
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] > 0
            conn.close()
        assert sorted(p.name for p in stick.iterdir()) == ["snapshot.sqlite"]
    finally:
        stick.chmod(0o755)


def private_numbers(database: bytes, tmp_path) -> list[str]:
    path = tmp_path / "check.sqlite"
    path.write_bytes(database)
    conn = sqlite3.connect(path)
    numbers = [n for (n,) in conn.execute("SELECT private_phone FROM contact WHERE private_phone IS NOT NULL")]
    conn.close()
    return numbers


def test_private_numbers_are_left_out_unless_included(tmp_path, demo, key_dir, snapshot):
    with open_store(demo, read_only=True) as store:
        originals = [n for (n,) in store.conn.execute("SELECT private_phone FROM contact WHERE private_phone IS NOT NULL")]
    assert originals
    database = database_of(snapshot)
    assert private_numbers(database, tmp_path) == []
    assert not any(number.encode() in database for number in originals)  # not left in freed pages either
    with_private = tmp_path / "private.beredskap"
    assert export(demo, key_dir, with_private, include_private=True).includes_private
    assert sorted(private_numbers(database_of(with_private), tmp_path)) == sorted(originals)


def test_the_source_database_is_not_changed(demo, key_dir, tmp_path):
    with open_store(demo, read_only=True) as store:
        before = store.conn.execute("SELECT count(*) FROM contact WHERE private_phone IS NOT NULL").fetchone()[0]
    export(demo, key_dir, tmp_path / "s.beredskap")
    with open_store(demo, read_only=True) as store:
        assert store.conn.execute("SELECT count(*) FROM contact WHERE private_phone IS NOT NULL").fetchone()[0] == before


def parts(path):
    data = path.read_bytes()
    manifest_bytes, signature, _database = domain.unpack(data)
    start = len(domain.MAGIC) + 4
    return data, start, start + len(manifest_bytes), start + len(manifest_bytes) + len(signature)


@pytest.mark.parametrize(("part", "message"), [
    ("manifest", "manifest"), ("signature", "signature does not match"), ("database", "database part"),
])
def test_a_flipped_byte_is_refused_naming_the_part(snapshot, part, message):
    data, manifest_at, signature_at, database_at = parts(snapshot)
    index = {"manifest": manifest_at + 30, "signature": signature_at + 10, "database": database_at + 5000}[part]
    changed = bytearray(data)
    changed[index] ^= 0x04
    snapshot.write_bytes(bytes(changed))
    with pytest.raises(UserError, match=message):
        snapshots.verify_snapshot(snapshot)


def test_a_flipped_byte_anywhere_is_refused(snapshot):
    data = snapshot.read_bytes()
    for index in list(range(0, 200, 7)) + list(range(len(data) - 4096, len(data), 509)):
        changed = bytearray(data)
        changed[index] ^= 0x80
        snapshot.write_bytes(bytes(changed))
        with pytest.raises(UserError):
            snapshots.verify_snapshot(snapshot)


def test_truncated_and_foreign_files_are_refused(tmp_path, snapshot, demo):
    data = snapshot.read_bytes()
    snapshot.write_bytes(data[:-1])
    with pytest.raises(UserError, match="database part"):
        snapshots.verify_snapshot(snapshot)
    snapshot.write_bytes(data[:40])
    with pytest.raises(UserError, match="truncated"):
        snapshots.verify_snapshot(snapshot)
    with pytest.raises(UserError, match="not a beredskap snapshot"):
        snapshots.verify_snapshot(demo)
    with pytest.raises(UserError, match="No file"):
        snapshots.verify_snapshot(tmp_path / "missing.beredskap")


def resigned(snapshot, key_dir, change_manifest=lambda m: m, change_database=lambda d: d):
    """The snapshot with its manifest or database changed and signed again with the real key."""
    manifest_bytes, _signature, database = domain.unpack(snapshot.read_bytes())
    database = change_database(database)
    manifest = dataclasses.replace(domain.parse_manifest(manifest_bytes), database_sha256=hashlib.sha256(database).hexdigest(),
                                   database_size=len(database))
    manifest_bytes = domain.canonical_bytes(change_manifest(manifest))
    signature = keys.private_key(key_dir, "key-pass").sign(domain.signed_message(manifest_bytes))
    snapshot.write_bytes(domain.pack(manifest_bytes, signature, database))


def test_a_schema_from_a_newer_version_is_refused(snapshot, key_dir):
    resigned(snapshot, key_dir, lambda m: dataclasses.replace(m, schema=(*m.schema, "m0999_add_future")))
    with pytest.raises(UserError, match="newer version"):
        snapshots.verify_snapshot(snapshot)


def test_a_damaged_database_fails_the_integrity_check(snapshot, key_dir):
    def damage(database: bytes) -> bytes:
        page = 4096
        return database[:page * 3] + b"\xff" * page + database[page * 4:]

    resigned(snapshot, key_dir, change_database=damage)
    with pytest.raises(UserError, match="database in the snapshot is damaged"):
        snapshots.verify_snapshot(snapshot)


def test_an_encrypted_snapshot_needs_its_passphrase(tmp_path, demo, key_dir):
    out = tmp_path / "sealed.beredskap"
    export(demo, key_dir, out, encrypt_passphrase="stick-pass")
    data = out.read_bytes()
    assert data.startswith(snapshots.ENCRYPTED_MAGIC) and b"Fjordvik" not in data
    assert snapshots.is_encrypted(out)
    with pytest.raises(UserError, match="encrypted"):
        snapshots.verify_snapshot(out)
    with pytest.raises(UserError, match="Wrong passphrase"):
        snapshots.verify_snapshot(out, "wrong")
    verified = snapshots.verify_snapshot(out, "stick-pass")
    assert verified.encrypted and verified.manifest.municipality == "Fjordvik kommune"
    out.write_bytes(data[:-1])
    with pytest.raises(UserError, match="Wrong passphrase .*damaged"):
        snapshots.verify_snapshot(out, "stick-pass")


def test_a_wrong_key_passphrase_writes_nothing(tmp_path, demo, key_dir):
    with pytest.raises(UserError, match="Wrong passphrase"):
        snapshots.export_snapshot(demo, tmp_path / "x.beredskap", key_dir, "nope", source_device="d", now=NOW)
    assert not (tmp_path / "x.beredskap").exists()
    assert not (key_dir / keys.SEQUENCE_FILE).exists()


def test_trust_is_pinned_per_municipality(snapshot, demo, key_dir, tmp_path):
    with open_store(demo) as store:
        assert snapshots.verify_snapshot(snapshot, store=store).trusted is False
        pinned = trusted_keys.pin(store, "9999", keys.public_key(key_dir), "koordinator")
        assert pinned.fingerprint == snapshots.verify_snapshot(snapshot).fingerprint
        assert trusted_keys.pin(store, "9999", keys.public_key(key_dir), "someone else") == pinned
        assert snapshots.verify_snapshot(snapshot, store=store).trusted is True


def test_a_different_key_for_the_same_municipality_is_refused_loudly(snapshot, demo, tmp_path):
    other = tmp_path / "other-keys"
    keys.generate(other, "x")
    with open_store(demo) as store:
        trusted_keys.pin(store, "9999", keys.public_key(other), "koordinator")
        with pytest.raises(UserError, match="REFUSED: the snapshot is signed by"):
            snapshots.verify_snapshot(snapshot, store=store)
        with pytest.raises(UserError, match="REFUSED: municipality 9999 already trusts another"):
            trusted_keys.pin(store, "9999", keys.public_key(snapshot.parent / "keys"), "koordinator")
        assert len(trusted_keys.for_municipality(store, "9999")) == 1


def test_a_snapshot_of_another_municipality_is_refused(snapshot, tmp_path):
    path = tmp_path / "other.sqlite"
    create_municipality(path, "Nabovik", "9998")
    with open_store(path) as store, pytest.raises(UserError, match="not of the municipality in this database"):
        snapshots.verify_snapshot(snapshot, store=store)


def test_trust_pins_stay_out_of_the_snapshot(tmp_path, demo, key_dir):
    with open_store(demo) as store:
        trusted_keys.pin(store, "9999", keys.public_key(key_dir), "koordinator")
    out = tmp_path / "s.beredskap"
    assert export(demo, key_dir, out).counts["trusted_key"] == 0


def test_the_public_key_is_read_from_its_file_or_a_snapshot(snapshot, key_dir):
    public = keys.public_key(key_dir)
    assert snapshots.public_key_from_file(key_dir / keys.PUBLIC_FILE) == public
    assert snapshots.public_key_from_file(snapshot) == public
    with pytest.raises(UserError, match="not a beredskap public key"):
        snapshots.public_key_from_file(key_dir / keys.PRIVATE_FILE)


def test_an_unwritable_destination_is_a_clear_message_and_leaves_nothing(tmp_path, demo, key_dir):
    with pytest.raises(UserError, match="Cannot write"):
        export(demo, key_dir, tmp_path / "no such folder" / "s.beredskap")
    assert not (tmp_path / "no such folder").exists()
