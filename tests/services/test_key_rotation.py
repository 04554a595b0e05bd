"""Publisher key rotation: the new key endorsed by the old one, and re-trust after a lost key."""

from __future__ import annotations

import argparse
import json
import shutil

import pytest

from beredskap_desktop.domain import snapshots as domain
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import set_language
from beredskap_desktop.services import keys, snapshot_cli, snapshots
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.storage import trusted_keys
from beredskap_desktop.storage.database import open_store

NOW = "2026-11-21T12:00:00+00:00"
LATER = "2026-12-01T09:00:00+00:00"


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
    keys.generate(folder, "old-pass")
    return folder


@pytest.fixture
def first(key_dir):
    """The fingerprint of the key before any rotation."""
    return domain.fingerprint(keys.public_key(key_dir))


def export(demo, key_dir, out, passphrase):
    snapshots.export_snapshot(demo, out, key_dir, passphrase, source_device="laptop-1", now=NOW)
    return out


def pin(demo, public, **options):
    with open_store(demo) as store:
        return trusted_keys.pin(store, "9999", public, "koordinator", **options)


def verify(path, demo):
    with open_store(demo, read_only=True) as store:
        return snapshots.verify_snapshot(path, store=store)


def folder_contents(folder):
    return {path.relative_to(folder): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_rotate_endorses_the_new_key_keeps_the_counter_and_retires_the_old(key_dir, first, tmp_path):
    assert keys.next_sequence(key_dir) == 1
    old_private, old_public = (key_dir / keys.PRIVATE_FILE).read_bytes(), (key_dir / keys.PUBLIC_FILE).read_bytes()
    new = keys.rotate(key_dir, "old-pass", "new-pass", LATER)
    assert new == domain.fingerprint(keys.public_key(key_dir)) != first
    keys.private_key(key_dir, "new-pass")
    with pytest.raises(UserError, match="Wrong passphrase"):
        keys.private_key(key_dir, "old-pass")
    assert keys.next_sequence(key_dir) == 2
    retired = key_dir / keys.RETIRED_DIR
    assert (retired / f"{first[:16]}.key").read_bytes() == old_private
    assert (retired / f"{first[:16]}.pub").read_bytes() == old_public
    [link] = json.loads((key_dir / keys.ENDORSEMENTS_FILE).read_text())
    assert link == keys.endorsements(key_dir)[0]
    assert (link["by"], link["key"], link["signed_at"]) == (old_public.split()[-1].decode(), keys.public_key(key_dir).hex(), LATER)
    assert snapshots.endorsement_valid(link)
    assert not [path for path in key_dir.iterdir() if path.name.startswith(".")]  # no temporary files left


def test_rotate_with_a_wrong_passphrase_or_no_new_one_changes_nothing(key_dir):
    before = folder_contents(key_dir)
    with pytest.raises(UserError, match="Wrong passphrase"):
        keys.rotate(key_dir, "wrong", "new-pass", LATER)
    with pytest.raises(UserError, match="needs a passphrase"):
        keys.rotate(key_dir, "old-pass", "", LATER)
    assert folder_contents(key_dir) == before
    assert sorted(path.name for path in key_dir.iterdir()) == [keys.PRIVATE_FILE, keys.PUBLIC_FILE]


def test_a_failure_while_replacing_the_files_puts_the_old_key_back(key_dir, first, monkeypatch):
    keys.rotate(key_dir, "old-pass", "second-pass", NOW)
    before = {name: (key_dir / name).read_bytes() for name in (keys.PRIVATE_FILE, keys.PUBLIC_FILE, keys.ENDORSEMENTS_FILE)}
    real_replace, replaced = keys.os.replace, []

    def failing_replace(source, target):  # after the new endorsements are in place
        if target == key_dir / keys.PRIVATE_FILE and not replaced:
            replaced.append(target)
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(keys.os, "replace", failing_replace)
    with pytest.raises(UserError, match="No space left"):
        keys.rotate(key_dir, "second-pass", "third-pass", LATER)
    assert replaced
    assert {name: (key_dir / name).read_bytes() for name in before} == before
    keys.private_key(key_dir, "second-pass")
    assert not [path for path in key_dir.iterdir() if path.name.startswith(".")]


def test_a_laptop_trusting_the_old_key_trusts_the_rotated_one(tmp_path, demo, key_dir, first):
    old_snapshot = export(demo, key_dir, tmp_path / "old.beredskap", "old-pass")
    pin(demo, keys.public_key(key_dir))
    with open_store(demo) as store:
        store.conn.execute("UPDATE trusted_key SET last_sequence = 1")
        store.conn.commit()
    new = keys.rotate(key_dir, "old-pass", "new-pass", LATER)
    snapshot = export(demo, key_dir, tmp_path / "new.beredskap", "new-pass")
    manifest = snapshots.verify_snapshot(snapshot).manifest
    assert manifest.sequence == 2 and len(manifest.endorsements) == 1
    verified = verify(snapshot, demo)
    assert (verified.trusted, verified.rotated_from, verified.fingerprint) == (True, first, new)
    assert verify(old_snapshot, demo).rotated_from is None  # verify writes nothing: the old key is still trusted
    with open_store(demo) as store:
        accepted = trusted_keys.accept_rotation(store, "9999", verified.rotated_from, keys.public_key(key_dir), "import")
        assert (accepted.fingerprint, accepted.last_sequence, accepted.active) == (new, 1, True)
        old = next(key for key in trusted_keys.for_municipality(store, "9999") if key.fingerprint == first)
        assert old.replaced_by == new and old.replaced_at
        assert trusted_keys.active(store, "9999") == [accepted]
        with pytest.raises(UserError, match="does not trust the key"):
            trusted_keys.accept_rotation(store, "9999", first, keys.public_key(key_dir), "import")
    verified = verify(snapshot, demo)
    assert (verified.trusted, verified.rotated_from) == (True, None)
    with pytest.raises(UserError, match="a key that was replaced by " + domain.format_fingerprint(new)):
        verify(old_snapshot, demo)


def test_two_rotations_make_a_chain_any_trusted_key_in_it_leads_to_the_signer(tmp_path, demo, key_dir, first):
    pin(demo, keys.public_key(key_dir))
    keys.rotate(key_dir, "old-pass", "second-pass", NOW)
    second_public = keys.public_key(key_dir)
    keys.rotate(key_dir, "second-pass", "third-pass", LATER)
    assert [link["key"] for link in keys.endorsements(key_dir)] == [second_public.hex(), keys.public_key(key_dir).hex()]
    assert sorted(path.name for path in (key_dir / keys.RETIRED_DIR).iterdir()) == sorted(
        f"{fp[:16]}.{ext}" for fp in (first, domain.fingerprint(second_public)) for ext in ("key", "pub"))
    snapshot = export(demo, key_dir, tmp_path / "third.beredskap", "third-pass")
    assert verify(snapshot, demo).rotated_from == first
    with open_store(demo) as store:  # a laptop that took the first rotation already
        trusted_keys.accept_rotation(store, "9999", first, second_public, "import")
    assert verify(snapshot, demo).rotated_from == domain.fingerprint(second_public)


def test_an_endorsement_by_an_unrelated_key_is_refused(tmp_path, demo, key_dir):
    pin(demo, keys.public_key(key_dir))
    stranger, forger = tmp_path / "stranger", tmp_path / "forger"
    keys.generate(stranger, "x")
    keys.generate(forger, "y")
    link = keys.endorse(keys.private_key(stranger, "x"), keys.public_key(forger), NOW)
    (forger / keys.ENDORSEMENTS_FILE).write_text(json.dumps([link]))
    forged = export(demo, forger, tmp_path / "forged.beredskap", "y")
    assert snapshots.verify_snapshot(forged).trusted is None  # validly signed, by a key nobody trusts
    with pytest.raises(UserError, match="REFUSED: the snapshot is signed by"):
        verify(forged, demo)
    claimed = dict(link, by=keys.public_key(key_dir).hex())  # claims the trusted key signed it
    (forger / keys.ENDORSEMENTS_FILE).write_text(json.dumps([claimed]))
    forged = export(demo, forger, tmp_path / "claimed.beredskap", "y")
    with pytest.raises(UserError, match="chain is broken at link 1 of 1: the signature does not match"):
        verify(forged, demo)


def test_a_changed_link_is_refused_even_without_a_database(tmp_path, demo, key_dir):
    pin(demo, keys.public_key(key_dir))
    keys.rotate(key_dir, "old-pass", "second-pass", NOW)
    keys.rotate(key_dir, "second-pass", "third-pass", LATER)
    chain = keys.endorsements(key_dir)
    chain[0]["signed_at"] = LATER
    (key_dir / keys.ENDORSEMENTS_FILE).write_text(json.dumps(chain))
    tampered = export(demo, key_dir, tmp_path / "tampered.beredskap", "third-pass")
    with pytest.raises(UserError, match="broken at link 1 of 2"):
        snapshots.verify_snapshot(tampered)
    with pytest.raises(UserError, match="broken at link 1 of 2"):
        verify(tampered, demo)


def test_a_lost_key_needs_the_new_fingerprint_confirmed_with_replace(tmp_path, demo, key_dir, first):
    old_snapshot = export(demo, key_dir, tmp_path / "old.beredskap", "old-pass")
    pin(demo, keys.public_key(key_dir))
    with open_store(demo) as store:
        store.conn.execute("UPDATE trusted_key SET last_sequence = 7")
        store.conn.commit()
    new_dir = tmp_path / "new-keys"
    new = keys.generate(new_dir, "new-pass")
    snapshot = export(demo, new_dir, tmp_path / "new.beredskap", "new-pass")
    with pytest.raises(UserError, match="REFUSED: the snapshot is signed by"):
        verify(snapshot, demo)
    with pytest.raises(UserError, match="already trusts another publisher key"):
        pin(demo, keys.public_key(new_dir))
    replacement = pin(demo, keys.public_key(new_dir), replace=True)
    assert (replacement.fingerprint, replacement.last_sequence, replacement.active) == (new, None, True)
    assert verify(snapshot, demo).trusted is True
    with pytest.raises(UserError, match="replaced by"):
        verify(old_snapshot, demo)
    with pytest.raises(UserError, match="was replaced by"):
        pin(demo, keys.public_key(key_dir))
    assert pin(demo, keys.public_key(new_dir)) == replacement
    with open_store(demo, read_only=True) as store:
        assert [key.fingerprint for key in trusted_keys.active(store, "9999")] == [new]
        assert len(trusted_keys.for_municipality(store, "9999")) == 2
    back = pin(demo, keys.public_key(key_dir), replace=True)  # the old key was found again after all
    assert (back.fingerprint, back.last_sequence, back.active) == (first, 7, True)
    assert verify(old_snapshot, demo).trusted is True
    with pytest.raises(UserError, match="replaced by"):
        verify(snapshot, demo)


def cli_args(action, **values):
    defaults = {"key_dir": None, "key_file": None, "passphrase_file": None, "new_passphrase_file": None, "replace": False}
    return argparse.Namespace(action=action, **{**defaults, **values})


def test_snapshot_rotate_prints_only_the_new_fingerprint(tmp_path, key_dir, capsys, monkeypatch):
    monkeypatch.setenv(snapshot_cli.ENVIRONMENT, "old-pass")
    with pytest.raises(UserError, match="--new-passphrase-file"):
        snapshot_cli.run(cli_args("rotate", key_dir=key_dir))
    secret = tmp_path / "new.txt"
    secret.write_text("new-pass\n", encoding="utf-8")
    assert snapshot_cli.run(cli_args("rotate", key_dir=key_dir, new_passphrase_file=secret)) == 0
    out, err = capsys.readouterr()
    assert out == domain.format_fingerprint(domain.fingerprint(keys.public_key(key_dir))) + "\n"
    assert "read the new fingerprint aloud" in err.lower()
    keys.private_key(key_dir, "new-pass")


def test_snapshot_trust_replaces_a_lost_key_only_with_replace(tmp_path, demo, key_dir, first, capsys, monkeypatch):
    pin(demo, keys.public_key(key_dir))
    new_dir = tmp_path / "new-keys"
    new = keys.generate(new_dir, "new-pass")
    with pytest.raises(UserError, match="REFUSED.*--replace"):
        snapshot_cli.run(cli_args("trust", fingerprint=new, db=demo, key_dir=new_dir))
    assert snapshot_cli.run(cli_args("trust", fingerprint=new, db=demo, key_dir=new_dir, replace=True)) == 0
    out, err = capsys.readouterr()
    assert out == "" and "WARNING" in err and domain.format_fingerprint(first) in err
    with open_store(demo, read_only=True) as store:
        assert [key.fingerprint for key in trusted_keys.active(store, "9999")] == [new]


def test_snapshot_verify_says_the_key_was_rotated(tmp_path, demo, key_dir, first, capsys):
    pin(demo, keys.public_key(key_dir))
    keys.rotate(key_dir, "old-pass", "new-pass", LATER)
    snapshot = export(demo, key_dir, tmp_path / "new.beredskap", "new-pass")
    assert snapshot_cli.run(cli_args("verify", file=snapshot, db=demo)) == 0
    out, _err = capsys.readouterr()
    assert f"endorsed by the trusted key {domain.format_fingerprint(first)}" in out


def test_an_endorsement_file_that_does_not_end_at_the_current_key_stops_export_and_rotation(tmp_path, demo, key_dir):
    keys.rotate(key_dir, "old-pass", "new-pass", NOW)
    other = tmp_path / "other"
    keys.generate(other, "x")
    shutil.copyfile(key_dir / keys.ENDORSEMENTS_FILE, other / keys.ENDORSEMENTS_FILE)
    with pytest.raises(UserError, match="inconsistent"):
        export(demo, other, tmp_path / "x.beredskap", "x")
    with pytest.raises(UserError, match="inconsistent"):
        keys.rotate(other, "x", "y", LATER)
    assert not (tmp_path / "x.beredskap").exists() and not (other / keys.RETIRED_DIR).exists()
