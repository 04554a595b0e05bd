"""This installation's device id: which hash chain of an incident log it writes.

Kept in a file in the data folder, made once, never in the database: a database moves
between laptops, and each laptop must keep appending to its own chain. In portable mode
the data folder is on the stick, so the id travels with that installation; two copies of
one stick writing to the same incident would fork a chain. ``BEREDSKAP_DEVICE_ID`` in the
environment overrides the file (tests, scripted runs).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.paths import data_dir

ENVIRONMENT = "BEREDSKAP_DEVICE_ID"
FILENAME = "device-id"
KEY_FILENAME = "device.key"
_VALID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,63}")


def device_id(folder: Path | None = None) -> str:
    """The id from ``BEREDSKAP_DEVICE_ID``, else from ``folder`` (the data folder), made there
    the first time."""
    override = os.environ.get(ENVIRONMENT, "").strip()
    if override:
        if not _VALID.fullmatch(override):
            raise UserError(_("{name}: use 1–64 letters, digits, dots, hyphens or underscores.").format(name=ENVIRONMENT))
        return override
    path = (folder or data_dir()) / FILENAME
    return _read(path) or _create(path)


def _read(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(_("Cannot read the device id in {path}: {reason}").format(path=path, reason=error)) from None
    if not _VALID.fullmatch(text):
        raise UserError(_("The device id in {path} is damaged. Restore it from a backup, or delete the file to start a new log chain on this laptop.").format(path=path))
    return text


def _create(path: Path) -> str:
    import uuid

    new = str(uuid.uuid4())
    _create_once(path, (new + "\n").encode("ascii"))
    return _read(path) or new


def signing_key(folder: Path | None = None):
    """This laptop's own Ed25519 key (``cryptography``), which signs its incident packages;
    made the first time. Kept raw and owner-only beside the device id: it names a laptop,
    it does not publish anything, so it has no passphrase to ask for in a crisis."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    path = (folder or data_dir()) / KEY_FILENAME
    if not path.exists():
        raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        _create_once(path, raw)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UserError(_("Cannot read the device key in {path}: {reason}").format(path=path, reason=error.strerror or error)) from None
    if len(raw) != 32:
        raise UserError(_("The device key in {path} is damaged. Delete it: a new one is made, and the coordinator confirms it at the next package.").format(path=path))
    return Ed25519PrivateKey.from_private_bytes(raw)


def signing_fingerprint(folder: Path | None = None) -> str | None:
    """The fingerprint of this laptop's key, or None before its first incident package."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from beredskap_desktop.domain.snapshots import fingerprint

    if not ((folder or data_dir()) / KEY_FILENAME).exists():
        return None
    return fingerprint(signing_key(folder).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def _create_once(path: Path, content: bytes) -> None:
    """``content`` written whole to an owner-only temporary file, then linked into place, so
    another process starting at the same moment either wins or keeps the winner's file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}-{os.getpid()}-{id(content)}")
        handle_no = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(handle_no, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        except OSError:  # no hard links on this file system (FAT on a USB stick)
            if not path.exists():
                os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as error:
        raise UserError(_("Cannot store {path}: {reason}").format(path=path, reason=error.strerror or error)) from None
