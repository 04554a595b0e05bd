"""The publisher's Ed25519 key pair and passphrase sealing.

The keys are files in a key folder (default: ``keys`` in the user data folder), never in a
database or a snapshot:

- ``publisher.pub``: one line, ``beredskap-publisher-key ed25519 <64 hex digits of the raw public key>``
- ``publisher.key``: the raw 32-byte private key, sealed with the passphrase (below)
- ``publisher.sequence``: the publisher sequence number of the last export, a decimal integer
- ``publisher.endorsements``: after a rotation, the JSON list of endorsements from the first key
  to the current one (see ``domain.snapshots``); the key files replaced are kept in ``retired/``

A sealed file is::

    magic (8 bytes: b"BRDKEY01" for a private key, b"BRDSENC1" for an encrypted snapshot)
    salt (16 bytes)
    scrypt log2(n), r, p (1 byte each)
    nonce (12 bytes)
    AES-256-GCM ciphertext and 16-byte tag; associated data: everything before it

with the AES key derived by scrypt from the UTF-8 passphrase. (``BestAvailableEncryption``
uses only 2048 PBKDF2 iterations; see TOOLCHAIN.md.)
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.snapshots import ENDORSEMENT_FIELDS, endorsement_message, fingerprint
from beredskap_desktop.i18n import _
from beredskap_desktop.paths import data_dir
from beredskap_desktop.services.files import write_atomically

KEY_MAGIC = b"BRDKEY01"
PRIVATE_FILE = "publisher.key"
PUBLIC_FILE = "publisher.pub"
SEQUENCE_FILE = "publisher.sequence"
ENDORSEMENTS_FILE = "publisher.endorsements"
RETIRED_DIR = "retired"
PUBLIC_PREFIX = "beredskap-publisher-key ed25519 "
SCRYPT_LOG2_N = 17  # 0.34 s and 128 MiB on the reference laptop
_LOG2_N_ACCEPTED = range(10, 21)  # a file cannot demand more than 2^20 (1 GiB)
_R, _P = 8, 1
_SALT, _NONCE = 16, 12
_HEADER = 8 + _SALT + 3 + _NONCE


def default_key_dir() -> Path:
    return data_dir() / "keys"


def seal(magic: bytes, plain: bytes, passphrase: str) -> bytes:
    """``plain`` encrypted with a key scrypt derives from ``passphrase`` (format above)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(_SALT), os.urandom(_NONCE)
    header = magic + salt + bytes((SCRYPT_LOG2_N, _R, _P)) + nonce
    return header + AESGCM(_derive(passphrase, salt, SCRYPT_LOG2_N, _R, _P)).encrypt(nonce, plain, header)


def unseal(magic: bytes, data: bytes, passphrase: str, what: str) -> bytes:
    """The plain bytes of a sealed ``data``; ``what`` names the file in messages."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not data.startswith(magic) or len(data) < _HEADER + 16:
        raise UserError(_("{what} is damaged or truncated.").format(what=what))
    salt = data[8:8 + _SALT]
    log2_n, r, p = data[8 + _SALT:8 + _SALT + 3]
    nonce = data[_HEADER - _NONCE:_HEADER]
    if log2_n not in _LOG2_N_ACCEPTED or (r, p) != (_R, _P):
        raise UserError(_("{what} is damaged or truncated.").format(what=what))
    try:
        return AESGCM(_derive(passphrase, salt, log2_n, r, p)).decrypt(nonce, data[_HEADER:], data[:_HEADER])
    except InvalidTag:
        raise UserError(_("Wrong passphrase for {what} (or the file is damaged).").format(what=what)) from None


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=2 ** log2_n, r=r, p=p).derive(passphrase.encode("utf-8"))


def generate(key_dir: Path, passphrase: str) -> str:
    """A new key pair in ``key_dir`` (refused when one is there); returns its fingerprint."""
    if not passphrase:
        raise UserError(_("The key needs a passphrase."))
    private_path, public_path = key_dir / PRIVATE_FILE, key_dir / PUBLIC_FILE
    if private_path.exists() or public_path.exists():
        raise UserError(_("{path} already holds a publisher key; it is not replaced.").format(path=key_dir))
    try:
        key_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(_("Cannot create {path}: {reason}").format(path=key_dir, reason=error.strerror or error)) from None
    raw_public, sealed = _new_key(passphrase)
    write_atomically(private_path, lambda handle: handle.write(sealed))  # owner-only, as a temporary file is
    write_atomically(public_path, lambda handle: handle.write(public_key_text(raw_public).encode("ascii")))
    _readable(public_path)
    return fingerprint(raw_public)


def _new_key(passphrase: str) -> tuple[bytes, bytes]:
    """(raw public key, sealed private key) of a new Ed25519 key pair."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

    key = Ed25519PrivateKey.generate()
    raw_public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return raw_public, seal(KEY_MAGIC, key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()), passphrase)


def _readable(path: Path) -> None:
    try:
        path.chmod(0o644)
    except OSError:  # a file system without modes
        pass


def endorse(old_key, new_public: bytes, signed_at: str) -> dict:
    """The endorsement of ``new_public`` by the ``Ed25519PrivateKey`` ``old_key``."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key, by = new_public.hex(), old_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    signature = old_key.sign(endorsement_message(key, by, signed_at)).hex()
    return {"key": key, "by": by, "signed_at": signed_at, "signature": signature}


def endorsements(key_dir: Path) -> list[dict]:
    """The endorsement chain from the first key to the current one; empty when never rotated."""
    path = key_dir / ENDORSEMENTS_FILE
    try:
        chain = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UserError(_("Cannot read {path}: {reason}").format(path=path, reason=getattr(error, "strerror", None) or error)) from None
    if not isinstance(chain, list) or not all(isinstance(link, dict) and set(link) == set(ENDORSEMENT_FIELDS) for link in chain):
        raise UserError(_("{path} is damaged: it must hold a list of key endorsements.").format(path=path))
    return chain


def rotate(key_dir: Path, old_passphrase: str, new_passphrase: str, now: str) -> str:
    """Replace the publisher key with a new one the old key endorses; returns the new fingerprint.

    The sequence counter carries on, the old key files move to ``retired/`` (named by the first
    16 digits of their fingerprint) and the endorsement gets appended to ``publisher.endorsements``.
    Every new file is written under a temporary name first; if anything fails, the old key stays.
    """
    if not new_passphrase:
        raise UserError(_("The key needs a passphrase."))
    old_key = private_key(key_dir, old_passphrase)  # a wrong passphrase stops before any change
    old_public = public_key(key_dir)
    chain = endorsements(key_dir)
    if chain and chain[-1]["key"] != old_public.hex():
        raise UserError(_("{path} does not endorse the current key: the key folder is inconsistent.").format(path=key_dir / ENDORSEMENTS_FILE))
    new_public, sealed = _new_key(new_passphrase)
    chain.append(endorse(old_key, new_public, now))
    retired = key_dir / RETIRED_DIR
    name = fingerprint(old_public)[:16]
    old_files = {target: _read_if_there(key_dir / target) for target in (ENDORSEMENTS_FILE, PRIVATE_FILE, PUBLIC_FILE)}
    try:
        retired.mkdir(exist_ok=True)
    except OSError as error:
        raise UserError(_("Cannot create {path}: {reason}").format(path=retired, reason=error.strerror or error)) from None
    write_atomically(retired / f"{name}.key", lambda handle: handle.write(old_files[PRIVATE_FILE]))
    write_atomically(retired / f"{name}.pub", lambda handle: handle.write(old_files[PUBLIC_FILE]))
    new_files = {ENDORSEMENTS_FILE: json.dumps(chain, indent=1).encode("utf-8") + b"\n", PRIVATE_FILE: sealed,
                 PUBLIC_FILE: public_key_text(new_public).encode("ascii")}
    staged: dict[str, Path] = {}
    done: list[str] = []
    try:
        for target, data in new_files.items():
            staged[target] = _stage(key_dir / target, data)
        for target, temporary in staged.items():
            os.replace(temporary, key_dir / target)
            done.append(target)
    except OSError as error:
        for target in done:  # put the old files back
            if old_files[target] is None:
                (key_dir / target).unlink(missing_ok=True)
            else:
                write_atomically(key_dir / target, lambda handle, data=old_files[target]: handle.write(data))
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
        raise UserError(_("Cannot write {path}: {reason}").format(path=key_dir, reason=error.strerror or error)) from None
    _readable(key_dir / PUBLIC_FILE)
    return fingerprint(new_public)


def _read_if_there(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _stage(path: Path, data: bytes) -> Path:
    """``data`` written and flushed to a temporary file beside ``path`` (raises ``OSError``)."""
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".new", delete=False)
    with handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return Path(handle.name)


def public_key_text(raw_public: bytes) -> str:
    return PUBLIC_PREFIX + raw_public.hex() + "\n"


def parse_public_key(text: str, source: Path) -> bytes:
    """The raw public key in a ``publisher.pub`` text."""
    value = text.strip()
    if value.startswith(PUBLIC_PREFIX.strip()):
        hex_key = value[len(PUBLIC_PREFIX.strip()):].strip()
        if len(hex_key) == 64:
            try:
                return bytes.fromhex(hex_key)
            except ValueError:
                pass
    raise UserError(_("{path} is not a beredskap public key file.").format(path=source))


def public_key(key_dir: Path) -> bytes:
    path = key_dir / PUBLIC_FILE
    return parse_public_key(_read(path).decode("ascii", errors="replace"), path)


def private_key(key_dir: Path, passphrase: str):
    """The unsealed ``Ed25519PrivateKey``; it must match the public key file beside it."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    path = key_dir / PRIVATE_FILE
    raw = unseal(KEY_MAGIC, _read(path), passphrase, str(path))
    key = Ed25519PrivateKey.from_private_bytes(raw)
    if key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) != public_key(key_dir):
        raise UserError(_("{private} and {public} are not one key pair.").format(private=path, public=key_dir / PUBLIC_FILE))
    return key


def next_sequence(key_dir: Path) -> int:
    """The last sequence number plus one, stored before it is used."""
    path = key_dir / SEQUENCE_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        text = "0"
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(_("Cannot read {path}: {reason}").format(path=path, reason=error)) from None
    if not text.isdigit():
        raise UserError(_("{path} is damaged: it must hold one whole number.").format(path=path))
    number = int(text) + 1
    write_atomically(path, lambda handle: handle.write(f"{number}\n".encode("ascii")))
    return number


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(_("No publisher key at {path}. Create one with: snapshot keygen").format(path=path)) from None
    except OSError as error:
        raise UserError(_("Cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)) from None
