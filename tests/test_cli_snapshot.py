"""snapshot keygen|trust|export|verify: fingerprints on stdout, exit 0/1/2, reasons, no hanging on a prompt."""

from __future__ import annotations

import shutil

import pytest

from beredskap_desktop import cli
from beredskap_desktop.services import keys
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.storage import trusted_keys
from beredskap_desktop.storage.database import open_store


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    load_demo(path)
    return path


@pytest.fixture(autouse=True)
def setting(monkeypatch):
    monkeypatch.setattr(keys, "SCRYPT_LOG2_N", 10)
    monkeypatch.setenv("BEREDSKAP_DEVICE_ID", "laptop-1")
    monkeypatch.setenv("BEREDSKAP_PASSPHRASE", "key-pass")


@pytest.fixture
def demo(tmp_path, demo_file):
    path = tmp_path / "coordinator.sqlite"
    shutil.copyfile(demo_file, path)
    return path


def main(capsys, *args):
    try:
        code = cli.main(["--lang", "en", *[str(a) for a in args]])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def published(capsys, tmp_path, demo):
    """(fingerprint printed by keygen, key folder, snapshot file)."""
    code, out, err = main(capsys, "snapshot", "keygen", "--key-dir", tmp_path / "keys")
    assert code == 0, err
    snapshot = tmp_path / "fjordvik.beredskap"
    code, _out, err = main(capsys, "snapshot", "export", "--db", demo, "--out", snapshot, "--key-dir", tmp_path / "keys")
    assert code == 0, err
    return out.strip(), tmp_path / "keys", snapshot


def signed_by(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("Signed by: ")).removeprefix("Signed by: ")


def test_keygen_prints_only_the_fingerprint_that_verify_shows(capsys, published):
    fingerprint, key_dir, snapshot = published
    assert len(fingerprint.split()) == 16 and "\n" not in fingerprint
    code, out, err = main(capsys, "snapshot", "verify", snapshot)
    assert code == 0, err
    assert signed_by(out) == fingerprint
    assert "Trust: not yet trusted" in out and "not yet trusted" in err


def test_verify_with_a_database_needs_the_key_trusted_there(capsys, published, demo):
    fingerprint, key_dir, snapshot = published
    code, out, err = main(capsys, "snapshot", "verify", snapshot, "--db", demo)
    assert code == 1 and "not yet trusted" in err and "snapshot trust" in err
    code, out, err = main(capsys, "snapshot", "trust", fingerprint, "--db", demo, "--key-dir", key_dir)
    assert (code, out) == (0, ""), err
    code, out, err = main(capsys, "snapshot", "verify", snapshot, "--db", demo)
    assert code == 0 and "Trust: trusted" in out


def test_trust_from_the_snapshot_itself_and_a_wrong_fingerprint(capsys, published, demo):
    fingerprint, _key_dir, snapshot = published
    wrong = "0" * 64
    code, _out, err = main(capsys, "snapshot", "trust", wrong, "--db", demo, "--key-file", snapshot)
    assert code == 1 and "not 0000 0000" in err
    with open_store(demo, read_only=True) as store:
        assert trusted_keys.for_municipality(store, "9999") == []
    code, _out, err = main(capsys, "snapshot", "trust", fingerprint.replace(" ", ""), "--db", demo, "--key-file", snapshot)
    assert code == 0, err
    code, _out, err = main(capsys, "snapshot", "trust", "nonsense", "--db", demo, "--key-file", snapshot)
    assert code == 1 and "not a key fingerprint" in err


def test_a_different_key_is_refused_loudly(capsys, published, demo, tmp_path):
    fingerprint, key_dir, snapshot = published
    assert main(capsys, "snapshot", "trust", fingerprint, "--db", demo, "--key-dir", key_dir)[0] == 0
    shutil.rmtree(key_dir)
    code, new_fingerprint, _err = main(capsys, "snapshot", "keygen", "--key-dir", key_dir)
    assert code == 0
    forged = tmp_path / "forged.beredskap"
    assert main(capsys, "snapshot", "export", "--db", demo, "--out", forged, "--key-dir", key_dir)[0] == 0
    code, _out, err = main(capsys, "snapshot", "verify", forged, "--db", demo)
    assert code == 1 and "REFUSED" in err and new_fingerprint.strip() in err
    code, _out, err = main(capsys, "snapshot", "trust", new_fingerprint.strip(), "--db", demo, "--key-dir", key_dir)
    assert code == 1 and "REFUSED" in err


@pytest.mark.parametrize(("offset", "reason"), [(20, "manifest"), (-70000, "database part")])
def test_a_tampered_snapshot_exits_1_with_the_reason(capsys, published, offset, reason):
    _fingerprint, _key_dir, snapshot = published
    data = bytearray(snapshot.read_bytes())
    data[offset] ^= 0x01
    snapshot.write_bytes(bytes(data))
    code, out, err = main(capsys, "snapshot", "verify", snapshot)
    assert code == 1 and reason in err and out == ""


def test_a_wrong_key_passphrase_is_a_clear_message(capsys, published, demo, tmp_path, monkeypatch):
    _fingerprint, key_dir, _snapshot = published
    monkeypatch.setenv("BEREDSKAP_PASSPHRASE", "wrong")
    code, _out, err = main(capsys, "snapshot", "export", "--db", demo, "--out", tmp_path / "x.beredskap", "--key-dir", key_dir)
    assert code == 1 and "Wrong passphrase" in err
    assert not (tmp_path / "x.beredskap").exists()


def test_passphrase_file_and_no_hanging_without_one(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("BEREDSKAP_PASSPHRASE")
    code, out, err = main(capsys, "snapshot", "keygen", "--key-dir", tmp_path / "keys")
    assert code == 1 and "--passphrase-file" in err and out == ""
    secret = tmp_path / "pass.txt"
    secret.write_text("from a file\n", encoding="utf-8")
    code, out, err = main(capsys, "snapshot", "keygen", "--key-dir", tmp_path / "keys", "--passphrase-file", secret)
    assert code == 0, err
    assert keys.private_key(tmp_path / "keys", "from a file")


def test_encrypted_export_and_verify(capsys, published, demo, tmp_path):
    fingerprint, key_dir, _snapshot = published
    stick = tmp_path / "stick-pass.txt"
    stick.write_text("stick-pass", encoding="utf-8")
    sealed = tmp_path / "sealed.beredskap"
    code, _out, err = main(capsys, "snapshot", "export", "--db", demo, "--out", sealed, "--key-dir", key_dir, "--encrypt")
    assert code == 1 and "--encrypt-passphrase-file" in err and not sealed.exists()
    code, _out, err = main(capsys, "snapshot", "export", "--db", demo, "--out", sealed, "--key-dir", key_dir,
                           "--encrypt", "--encrypt-passphrase-file", stick)
    assert code == 0, err
    code, _out, err = main(capsys, "snapshot", "verify", sealed)  # BEREDSKAP_PASSPHRASE is the key's, not the file's
    assert code == 1 and "Wrong passphrase" in err
    code, out, err = main(capsys, "snapshot", "verify", sealed, "--passphrase-file", stick)
    assert code == 0 and signed_by(out) == fingerprint and "Encrypted: yes" in out


def test_include_private_is_in_the_summary(capsys, published, demo, tmp_path):
    _fingerprint, key_dir, snapshot = published
    assert "Private phone numbers: left out" in main(capsys, "snapshot", "verify", snapshot)[1]
    full = tmp_path / "full.beredskap"
    assert main(capsys, "snapshot", "export", "--db", demo, "--out", full, "--key-dir", key_dir, "--include-private")[0] == 0
    code, out, _err = main(capsys, "snapshot", "verify", full)
    assert code == 0 and "Private phone numbers: included" in out and "Publisher sequence number: 2" in out


def test_wrong_usage_exits_2(capsys, tmp_path):
    assert main(capsys, "snapshot")[0] == 2
    assert main(capsys, "snapshot", "export", "--out", tmp_path / "x")[0] == 2
    assert main(capsys, "snapshot", "export", "--db", tmp_path / "d", "--out", tmp_path / "x",
                "--encrypt-passphrase-file", tmp_path / "p")[0] == 2
