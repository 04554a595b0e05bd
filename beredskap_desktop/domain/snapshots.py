"""Signed database snapshots: the manifest, its canonical bytes and the file layout.

A snapshot file (format 1) is::

    MAGIC (8 bytes, b"BRDSNAP1")
    manifest length (4 bytes, big-endian unsigned)
    manifest (canonical JSON, UTF-8)
    signature (64 bytes, Ed25519 over SIGNING_PREFIX + manifest)
    database (the rest: an SQLite file in journal_mode=DELETE)

The manifest holds the SHA-256 of the database part, so the signature covers both.

When the publisher rotates its key, the manifest carries the chain of endorsements from the
first key: each ``{"key", "by", "signed_at", "signature"}`` is the new public key (hex) signed
by the previous one (``ENDORSEMENT_PREFIX`` + canonical JSON of key, by and signed_at), so a
laptop that trusts any key in the chain can accept the signer.
A whole snapshot may be sealed with a passphrase (see ``services.keys``), which starts
with another magic. Files are recognised by these magics, never by their names.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from collections.abc import Callable, Collection, Sequence
from dataclasses import asdict, dataclass, field

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.log import grouped
from beredskap_desktop.i18n import _

FORMAT_VERSION = 1
MAGIC = b"BRDSNAP1"
SIGNING_PREFIX = b"beredskap-snapshot-manifest-v1\0"
SIGNATURE_SIZE = 64
ENDORSEMENT_PREFIX = b"beredskap-key-endorsement-v1\0"
ENDORSEMENT_FIELDS = ("key", "by", "signed_at", "signature")
_LENGTH = struct.Struct(">I")
_HEX64 = re.compile(r"[0-9a-f]{64}")
KINDS = ("snapshot", "incidents")


@dataclass(frozen=True)
class Manifest:
    """What a snapshot holds, signed by its publisher."""

    format_version: int
    municipality: str
    kommunenummer: str
    schema: tuple[str, ...]
    sequence: int
    created_at: str
    source_device: str
    data_as_of: str | None
    counts: dict[str, int] = field(default_factory=dict)
    database_sha256: str = ""
    database_size: int = 0
    includes_private: bool = False
    public_key: str = ""  # hex of the signer's raw Ed25519 public key
    kind: str = "snapshot"  # or "incidents": an incident package from one laptop
    endorsements: tuple[dict, ...] = ()  # key rotation: each new key signed by the one before

    OPTIONAL = frozenset({"kind", "endorsements"})  # absent in files written before they existed

    @property
    def fingerprint(self) -> str:
        return fingerprint(bytes.fromhex(self.public_key))


def canonical_bytes(manifest: Manifest) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same manifest always gives the same bytes."""
    values = asdict(manifest)
    values["schema"] = list(manifest.schema)
    values["endorsements"] = list(manifest.endorsements)
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def parse_manifest(data: bytes) -> Manifest:
    """The manifest in ``data``; raises ``UserError`` when it is not one."""
    damaged = UserError(_("The snapshot's manifest is damaged."))
    try:
        values = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise damaged from None
    names = {f.name for f in Manifest.__dataclass_fields__.values()}
    if not isinstance(values, dict) or not names - Manifest.OPTIONAL <= set(values) <= names:
        raise damaged
    if values["format_version"] != FORMAT_VERSION:
        raise UserError(_("The snapshot has format version {version}; this program reads version {known}. Update the program.").format(
            version=values["format_version"], known=FORMAT_VERSION))
    try:
        manifest = Manifest(**{**values, "schema": tuple(values["schema"]),
                               "endorsements": tuple(values.get("endorsements", ()))})
    except TypeError:
        raise damaged from None
    if not (_HEX64.fullmatch(str(manifest.public_key)) and _HEX64.fullmatch(str(manifest.database_sha256))
            and isinstance(manifest.sequence, int) and isinstance(manifest.counts, dict)
            and manifest.kind in KINDS and all(isinstance(e, dict) for e in manifest.endorsements)):
        raise damaged
    return manifest


def signed_message(manifest_bytes: bytes) -> bytes:
    return SIGNING_PREFIX + manifest_bytes


def pack(manifest_bytes: bytes, signature: bytes, database: bytes) -> bytes:
    return head(manifest_bytes, signature) + database


def head(manifest_bytes: bytes, signature: bytes) -> bytes:
    """Everything before the database part (to write a large database after it without a copy)."""
    if len(signature) != SIGNATURE_SIZE:
        raise ValueError("an Ed25519 signature is 64 bytes")
    return MAGIC + _LENGTH.pack(len(manifest_bytes)) + manifest_bytes + signature


def unpack(data: bytes) -> tuple[bytes, bytes, bytes]:
    """(manifest bytes, signature, database); raises ``UserError`` for another file or a cut one."""
    if not data.startswith(MAGIC):
        raise UserError(_("This is not a beredskap snapshot."))
    start = len(MAGIC) + _LENGTH.size
    if len(data) < start:
        raise UserError(_("The snapshot is truncated."))
    (length,) = _LENGTH.unpack_from(data, len(MAGIC))
    if len(data) < start + length + SIGNATURE_SIZE:
        raise UserError(_("The snapshot is truncated."))
    manifest_end = start + length
    return data[start:manifest_end], data[manifest_end:manifest_end + SIGNATURE_SIZE], data[manifest_end + SIGNATURE_SIZE:]


def fingerprint(public_key: bytes) -> str:
    """SHA-256 of the raw public key, in hex."""
    return hashlib.sha256(public_key).hexdigest()


def format_fingerprint(hex_fingerprint: str) -> str:
    """``3f2a 9c1b …``: sixteen groups of four, to read aloud and compare."""
    return grouped(hex_fingerprint)


def parse_fingerprint(text: str) -> str:
    """A fingerprint as typed (spaces, colons, any case) in plain lower-case hex."""
    cleaned = re.sub(r"[\s:-]", "", text).lower()
    if not _HEX64.fullmatch(cleaned):
        raise UserError(_("\"{text}\" is not a key fingerprint (64 hexadecimal digits).").format(text=text))
    return cleaned


def endorsement_message(key: str, by: str, signed_at: str) -> bytes:
    """What the old key signs to endorse the new one (both raw public keys in hex)."""
    body = json.dumps({"key": key, "by": by, "signed_at": signed_at}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return ENDORSEMENT_PREFIX + body.encode("utf-8")


def check_chain(endorsements: Sequence[dict], signer: str, signature_valid: Callable[[dict], bool]) -> None:
    """Raise ``UserError`` unless each link is well formed, validly signed by the key before it
    (``signature_valid(link)`` checks the Ed25519 signature) and the last one names ``signer``."""
    for number, link in enumerate(endorsements, start=1):
        broken = _("The snapshot's key endorsement chain is broken at link {number} of {count}: {reason}")
        if (set(link) != set(ENDORSEMENT_FIELDS) or not all(isinstance(link[name], str) for name in ENDORSEMENT_FIELDS)
                or not (_HEX64.fullmatch(link["key"]) and _HEX64.fullmatch(link["by"]))
                or not re.fullmatch(r"[0-9a-f]{128}", link["signature"])):
            raise UserError(broken.format(number=number, count=len(endorsements), reason=_("the link is damaged.")))
        if number > 1 and link["by"] != endorsements[number - 2]["key"]:
            raise UserError(broken.format(number=number, count=len(endorsements),
                                          reason=_("it is not signed by the key the link before endorses.")))
        if not signature_valid(link):
            raise UserError(broken.format(number=number, count=len(endorsements),
                                          reason=_("the signature does not match; the chain was changed or forged.")))
    if endorsements and endorsements[-1]["key"] != signer:
        raise UserError(_("The snapshot's key endorsement chain does not end at the key that signed it."))


def chain_start(endorsements: Sequence[dict], signer: str, trusted: Collection[str],
                signature_valid: Callable[[dict], bool]) -> str | None:
    """The trusted fingerprint the checked chain leads from to ``signer`` (the one nearest the
    signer when several are), or None when the chain starts from no trusted key."""
    check_chain(endorsements, signer, signature_valid)
    for link in reversed(endorsements):
        start = fingerprint(bytes.fromhex(link["by"]))
        if start in trusted:
            return start
    return None
