"""Opening a snapshot without importing it: verified first, a private temporary copy, the
stick never written, an older schema brought up to date on the copy."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import tempfile

import pytest
from sqlite_utils import Database, Migrations

from beredskap_desktop.domain import snapshots as domain
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import set_language
from beredskap_desktop.services import keys, snapshots
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.services.snapshot_open import open_snapshot
from beredskap_desktop.storage import migrations
from beredskap_desktop.storage.database import applied_migrations, open_store

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


@pytest.fixture(autouse=True)
def own_tempdir(tmp_path, monkeypatch):
    """Temporary folders go to a folder of this test's own, to see what is left behind."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def key_dir(tmp_path):
    folder = tmp_path / "keys"
    keys.generate(folder, "key-pass")
    return folder


@pytest.fixture
def stick(tmp_path):
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


def export(demo_file, key_dir, out, **options):
    return snapshots.export_snapshot(demo_file, out, key_dir, "key-pass", source_device="laptop-1", now=NOW, **options)


def test_the_database_opens_read_only_from_a_private_folder_removed_on_close(demo_file, key_dir, stick):
    manifest = export(demo_file, key_dir, stick / "fjordvik.beredskap")
    with open_snapshot(stick / "fjordvik.beredskap") as opened:
        assert opened.verified.manifest == manifest
        assert stat.S_IMODE(opened.path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(opened.path.stat().st_mode) == 0o600
        with open_store(opened.path, read_only=True) as store:
            assert store.conn.execute("SELECT count(*) FROM contact").fetchone()[0] == manifest.counts["contact"]
        description = opened.description
        assert f"no. {manifest.sequence}" in description and "Fjordvik kommune" in description
        assert domain.format_fingerprint(opened.verified.fingerprint)[:19] in description
    assert not opened.path.parent.exists()


def test_a_write_protected_stick_is_only_read(demo_file, key_dir, stick, own_tempdir):
    snapshot = stick / "fjordvik.beredskap"
    export(demo_file, key_dir, snapshot)
    before = snapshot.read_bytes()
    snapshot.chmod(0o444)
    stick.chmod(0o555)
    try:
        with open_snapshot(snapshot) as opened:
            with open_store(opened.path, read_only=True) as store:
                assert store.conn.execute("SELECT name FROM municipality").fetchone()[0] == "Fjordvik kommune"
            assert opened.path.parent.parent == own_tempdir
    finally:
        stick.chmod(0o755)
    assert os.listdir(stick) == ["fjordvik.beredskap"] and snapshot.read_bytes() == before
    assert os.listdir(own_tempdir) == []


def test_a_flipped_byte_is_refused_and_leaves_no_folder(demo_file, key_dir, stick, own_tempdir):
    snapshot = stick / "fjordvik.beredskap"
    export(demo_file, key_dir, snapshot)
    data = bytearray(snapshot.read_bytes())
    data[-5000] ^= 0x01
    snapshot.write_bytes(bytes(data))
    with pytest.raises(UserError, match="SHA-256"):
        open_snapshot(snapshot)
    assert os.listdir(own_tempdir) == []


def test_an_encrypted_snapshot_needs_its_passphrase(demo_file, key_dir, stick, own_tempdir):
    snapshot = stick / "fjordvik.beredskap"
    export(demo_file, key_dir, snapshot, encrypt_passphrase="stick-pass")
    with pytest.raises(UserError, match="encrypted"):
        open_snapshot(snapshot)
    with pytest.raises(UserError):
        open_snapshot(snapshot, "wrong")
    assert os.listdir(own_tempdir) == []
    with open_snapshot(snapshot, "stick-pass") as opened:
        assert opened.verified.encrypted


def test_a_snapshot_of_an_older_schema_is_brought_up_to_date_on_the_copy(tmp_path, key_dir, stick):
    """A publisher still on the previous version: the copy gets the missing migrations."""
    older = migrations.known_names()[:-1]
    database_path = tmp_path / "older.sqlite"
    conn = sqlite3.connect(database_path)
    steps = Migrations(migrations.MIGRATION_SET)
    for step in migrations.MIGRATIONS[:-1]:
        steps()(step)
    steps.apply(Database(conn))
    conn.execute("INSERT INTO municipality VALUES ('m', 'Fjordvik kommune', '9999', ?, ?)", [NOW, NOW])
    conn.commit()
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    database = database_path.read_bytes()
    manifest = domain.Manifest(
        domain.FORMAT_VERSION, "Fjordvik kommune", "9999", tuple(older), 1, NOW, "laptop-1", NOW,
        database_sha256=hashlib.sha256(database).hexdigest(), database_size=len(database),
        public_key=keys.public_key(key_dir).hex())
    manifest_bytes = domain.canonical_bytes(manifest)
    signature = keys.private_key(key_dir, "key-pass").sign(domain.signed_message(manifest_bytes))
    (stick / "older.beredskap").write_bytes(domain.pack(manifest_bytes, signature, database))
    with open_snapshot(stick / "older.beredskap") as opened:
        assert opened.verified.manifest.schema == tuple(older)
        with open_store(opened.path, read_only=True) as store:
            assert applied_migrations(store.conn) == migrations.known_names()
