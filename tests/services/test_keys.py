"""The publisher key pair in its folder, sealed with a passphrase, and the sequence counter."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.snapshots import fingerprint
from beredskap_desktop.i18n import set_language
from beredskap_desktop.services import keys


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    """English messages and a cheap scrypt cost (stored in each file, so reading follows it)."""
    set_language("en")
    monkeypatch.setattr(keys, "SCRYPT_LOG2_N", 10)


def test_generate_writes_a_sealed_private_key_and_a_public_key(tmp_path):
    folder = tmp_path / "keys"
    printed = keys.generate(folder, "hemmelig")
    public = keys.public_key(folder)
    assert printed == fingerprint(public)
    private = keys.private_key(folder, "hemmelig")
    assert private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) == public
    sealed = (folder / keys.PRIVATE_FILE).read_bytes()
    assert sealed.startswith(keys.KEY_MAGIC) and sealed[8 + 16] == 10
    assert (folder / keys.PUBLIC_FILE).read_text().startswith("beredskap-publisher-key ed25519 ")


def test_the_default_cost_is_scrypt_2_17(tmp_path, monkeypatch):
    monkeypatch.undo()
    assert keys.SCRYPT_LOG2_N == 17


def test_wrong_passphrase_is_a_clear_message(tmp_path):
    keys.generate(tmp_path, "hemmelig")
    with pytest.raises(UserError, match="Wrong passphrase"):
        keys.private_key(tmp_path, "Hemmelig")


def test_an_existing_key_is_never_replaced(tmp_path):
    first = keys.generate(tmp_path, "a")
    with pytest.raises(UserError, match="already holds a publisher key"):
        keys.generate(tmp_path, "b")
    assert fingerprint(keys.public_key(tmp_path)) == first


def test_an_empty_passphrase_is_refused(tmp_path):
    with pytest.raises(UserError, match="needs a passphrase"):
        keys.generate(tmp_path, "")
    assert not list(tmp_path.iterdir())


def test_a_missing_key_says_how_to_make_one(tmp_path):
    with pytest.raises(UserError, match="snapshot keygen"):
        keys.private_key(tmp_path, "x")


def test_a_private_key_from_another_pair_is_refused(tmp_path):
    keys.generate(tmp_path / "a", "x")
    keys.generate(tmp_path / "b", "x")
    (tmp_path / "a" / keys.PUBLIC_FILE).write_bytes((tmp_path / "b" / keys.PUBLIC_FILE).read_bytes())
    with pytest.raises(UserError, match="not one key pair"):
        keys.private_key(tmp_path / "a", "x")


def test_sealed_data_detects_any_changed_byte_and_a_cut():
    sealed = keys.seal(b"TESTMAG1", b"plain text", "pw")
    assert keys.unseal(b"TESTMAG1", sealed, "pw", "f") == b"plain text"
    for index in range(len(sealed)):
        changed = bytearray(sealed)
        changed[index] ^= 1
        with pytest.raises(UserError):
            keys.unseal(b"TESTMAG1", bytes(changed), "pw", "f")
    with pytest.raises(UserError, match="damaged or truncated"):
        keys.unseal(b"TESTMAG1", sealed[:30], "pw", "f")


def test_a_file_demanding_a_huge_scrypt_cost_is_refused_before_deriving():
    sealed = bytearray(keys.seal(b"TESTMAG1", b"x", "pw"))
    sealed[8 + 16] = 30
    with pytest.raises(UserError, match="damaged or truncated"):
        keys.unseal(b"TESTMAG1", bytes(sealed), "pw", "f")


def test_sequence_numbers_count_up_and_persist(tmp_path):
    assert [keys.next_sequence(tmp_path) for _ in range(3)] == [1, 2, 3]
    assert (tmp_path / keys.SEQUENCE_FILE).read_text() == "3\n"
    (tmp_path / keys.SEQUENCE_FILE).write_text("three")
    with pytest.raises(UserError, match="damaged"):
        keys.next_sequence(tmp_path)


def test_default_folder_is_keys_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(keys, "data_dir", lambda: tmp_path)
    assert keys.default_key_dir() == tmp_path / "keys"
