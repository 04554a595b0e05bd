"""Export and verify signed database snapshots (DESIGN.md §4, file layout in ``domain.snapshots``).

Export makes a consistent copy with the SQLite backup API into a temporary folder, switches it
to ``journal_mode=DELETE`` (so it opens from a write-protected stick), blanks private phone
numbers unless asked, signs a manifest with the publisher key and writes one file atomically,
optionally sealed with a passphrase. Verify checks structure, signature, hash, schema version
and ``PRAGMA integrity_check`` before anything trusts the content.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from beredskap_desktop.domain import snapshots as domain
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services import keys
from beredskap_desktop.services.files import write_atomically
from beredskap_desktop.storage import migrations

ENCRYPTED_MAGIC = b"BRDSENC1"
_DB_NAME = "snapshot.sqlite"


@dataclass(frozen=True)
class Verified:
    """A snapshot that passed every check; ``trusted`` is None when no database was asked.
    ``rotated_from`` is the pinned fingerprint whose endorsement chain leads to the signer,
    when the signer itself is not pinned yet (the import then records the rotation)."""

    manifest: domain.Manifest
    fingerprint: str
    encrypted: bool
    trusted: bool | None = None
    rotated_from: str | None = None


def is_encrypted(path: Path) -> bool:
    return _read(path)[:len(ENCRYPTED_MAGIC)] == ENCRYPTED_MAGIC


def export_snapshot(db_path: Path, out: Path, key_dir: Path, key_passphrase: str, *, include_private: bool = False,
                    encrypt_passphrase: str | None = None, source_device: str, now: str) -> domain.Manifest:
    """Write the snapshot of ``db_path`` to ``out``; returns its manifest."""
    from beredskap_desktop.storage.database import applied_migrations, open_store

    signer = keys.private_key(key_dir, key_passphrase)  # a wrong passphrase stops before any work
    public = keys.public_key(key_dir)
    endorsements = tuple(keys.endorsements(key_dir))
    if endorsements and endorsements[-1]["key"] != public.hex():
        raise UserError(_("{path} does not endorse the current key: the key folder is inconsistent.").format(
            path=key_dir / keys.ENDORSEMENTS_FILE))
    with tempfile.TemporaryDirectory(prefix="beredskap-snapshot-") as folder:
        copy_path = Path(folder) / _DB_NAME
        with open_store(db_path, read_only=True) as store:
            municipality = store.conn.execute("SELECT name, kommunenummer FROM municipality LIMIT 1").fetchone()
            if municipality is None:
                raise UserError(_("{path} has no municipality; nothing to publish.").format(path=db_path))
            copy = sqlite3.connect(copy_path)
            try:
                store.conn.backup(copy)
                schema = applied_migrations(copy)
                _prepare_copy(copy, include_private)
                rows, latest = counts(copy), data_as_of(copy)
            finally:
                copy.close()
        database = copy_path.read_bytes()
    manifest = domain.Manifest(
        format_version=domain.FORMAT_VERSION, municipality=municipality[0], kommunenummer=municipality[1],
        schema=tuple(schema), sequence=keys.next_sequence(key_dir), created_at=now, source_device=source_device,
        data_as_of=latest, counts=rows, database_sha256=hashlib.sha256(database).hexdigest(),
        database_size=len(database), includes_private=include_private, public_key=public.hex(),
        endorsements=endorsements,
    )
    manifest_bytes = domain.canonical_bytes(manifest)
    head = domain.head(manifest_bytes, signer.sign(domain.signed_message(manifest_bytes)))
    if encrypt_passphrase is None:
        parts = (head, database)
    else:
        parts = (keys.seal(ENCRYPTED_MAGIC, head + database, encrypt_passphrase),)
    write_atomically(out, lambda handle: handle.writelines(parts))
    return manifest


def _prepare_copy(copy: sqlite3.Connection, include_private: bool) -> None:
    """DELETE journal; no local trust pins; private numbers blanked, their old pages vacuumed away."""
    copy.execute("PRAGMA journal_mode=DELETE")
    with copy:
        copy.execute("DELETE FROM trusted_key")
        if not include_private:
            copy.execute("UPDATE contact SET private_phone = NULL WHERE private_phone IS NOT NULL")
    copy.execute("VACUUM")


def _tables(conn: sqlite3.Connection) -> list[str]:
    """The app's tables, without SQLite's, the migration record and full-text index tables."""
    names = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return [n for n in names if not n.startswith(("sqlite_", "_")) and "_fts" not in n]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in _tables(conn)}


def data_as_of(conn: sqlite3.Connection) -> str | None:
    """The latest ``updated_at`` of any table that has one."""
    latest = None
    for name in _tables(conn):
        if any(column[1] == "updated_at" for column in conn.execute(f'PRAGMA table_info("{name}")')):
            value = conn.execute(f'SELECT max(updated_at) FROM "{name}"').fetchone()[0]
            latest = value if latest is None or (value is not None and value > latest) else latest
    return latest


def _read_checked(path: Path, passphrase: str | None) -> tuple[Verified, bytes]:
    """The snapshot and its database bytes once structure, signature, endorsements, hash and
    schema version check out (the integrity check needs the bytes as a file: ``verified_copy``)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    data = _read(path)
    encrypted = data.startswith(ENCRYPTED_MAGIC)
    if encrypted:
        if passphrase is None:
            raise UserError(_("{path} is encrypted: give its passphrase.").format(path=path))
        data = keys.unseal(ENCRYPTED_MAGIC, data, passphrase, str(path))
    manifest_bytes, signature, database = domain.unpack(data)
    manifest = domain.parse_manifest(manifest_bytes)
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(manifest.public_key)).verify(signature, domain.signed_message(manifest_bytes))
    except (InvalidSignature, ValueError):
        raise UserError(_("The signature does not match the manifest: the manifest or its signature was changed after signing.")) from None
    domain.check_chain(manifest.endorsements, manifest.public_key, endorsement_valid)
    if len(database) != manifest.database_size or hashlib.sha256(database).hexdigest() != manifest.database_sha256:
        raise UserError(_("The database part does not match the SHA-256 in the signed manifest: it was changed or cut short."))
    unknown = [name for name in manifest.schema if name not in migrations.known_names()]
    if unknown:
        raise UserError(_("The snapshot was made by a newer version of beredskap_desktop (schema {name}). Update the program.").format(name=unknown[0]))
    return Verified(manifest, manifest.fingerprint, encrypted), database


@contextmanager
def verified_copy(path: Path, passphrase: str | None = None, *, up_to_date: bool = False) -> Iterator[tuple[Verified, Path]]:
    """The verified snapshot and its database as an owner-only file in a private temporary
    folder (removed after the block), written once: ``PRAGMA integrity_check`` runs on it.
    With ``up_to_date`` an older schema is migrated on that copy. ``UserError`` names what is wrong."""
    verified, database = _read_checked(Path(path), passphrase)
    with tempfile.TemporaryDirectory(prefix="beredskap-snapshot-") as folder:  # mode 0700
        copy = Path(folder) / _DB_NAME
        with os.fdopen(os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
            handle.write(database)
        del database
        _check_integrity(copy)
        if up_to_date:
            _bring_up_to_date(copy)
        yield verified, copy


def verify_snapshot(path: Path, passphrase: str | None = None, store=None) -> Verified:
    """The verified snapshot (``verified_copy``) and, with a ``store``, whether that database trusts the signer.

    Trusted: the signer is an active pinned key of the municipality, or the snapshot's
    endorsement chain leads to it from one (``rotated_from``; nothing is written here).
    Refused: another municipality, a key that was replaced, a different key without a chain.
    """
    with verified_copy(path, passphrase) as (verified, _copy):
        return verified if store is None else trust_in(store, verified)


def trust_in(store, verified: Verified) -> Verified:
    """``verified`` with whether ``store`` trusts its signer (see ``verify_snapshot``)."""
    from dataclasses import replace

    from beredskap_desktop.domain.clock import from_iso, show
    from beredskap_desktop.storage import municipality, trusted_keys

    manifest = verified.manifest
    own = municipality.get(store)
    if own is None or own.kommunenummer != manifest.kommunenummer:
        raise UserError(_("The snapshot is of {name} ({number}), not of the municipality in this database.").format(
            name=manifest.municipality, number=manifest.kommunenummer))
    pinned = {key.fingerprint: key for key in trusted_keys.for_municipality(store, manifest.kommunenummer)}
    active = [key.fingerprint for key in pinned.values() if key.active]
    signer = pinned.get(verified.fingerprint)
    if signer is not None and signer.active:
        return replace(verified, trusted=True)
    if signer is not None:
        raise UserError(_(
            "REFUSED: the snapshot is signed by {old}, a key that was replaced by {new} on {at}. "
            "Only snapshots signed by the current key are imported."
        ).format(old=domain.format_fingerprint(signer.fingerprint), new=domain.format_fingerprint(signer.replaced_by),
                 at=show(from_iso(signer.replaced_at))))
    start = domain.chain_start(manifest.endorsements, manifest.public_key, active, endorsement_valid)
    if start is not None:
        return replace(verified, trusted=True, rotated_from=start)
    if active:
        raise UserError(_(
            "REFUSED: the snapshot is signed by {new}, but this database trusts {pinned} for {name}. "
            "It may be forged; check with the coordinator by reading the fingerprint aloud."
        ).format(new=domain.format_fingerprint(verified.fingerprint),
                 pinned=domain.format_fingerprint(active[0]), name=manifest.municipality))
    return replace(verified, trusted=False)


def endorsement_valid(link: dict) -> bool:
    """Whether ``link["signature"]`` is the ``link["by"]`` key's signature of the endorsement."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(link["by"])).verify(
            bytes.fromhex(link["signature"]), domain.endorsement_message(link["key"], link["by"], link["signed_at"]))
    except (InvalidSignature, ValueError):
        return False
    return True


def _check_integrity(copy: Path) -> None:
    """``PRAGMA integrity_check`` on the copy, opened read-only."""
    try:
        conn = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise UserError(_("The database in the snapshot is damaged: {reason}").format(reason=error)) from None
    if result != ["ok"]:
        raise UserError(_("The database in the snapshot is damaged: {reason}").format(reason="; ".join(result[:3])))


def _bring_up_to_date(copy: Path) -> None:
    """Apply the migrations a snapshot from an older version lacks (to the temporary copy)."""
    from sqlite_utils import Database

    try:
        db = Database(copy)
        try:
            migrations.apply(db)
        finally:
            db.close()
    except sqlite3.Error as error:
        raise UserError(_("The file's database cannot be brought up to this version: {reason}").format(reason=error)) from None


def public_key_from_file(path: Path, passphrase: str | None = None) -> bytes:
    """The publisher's public key from a ``publisher.pub`` file or from a snapshot that verifies."""
    data = _read(path)
    if data.startswith((domain.MAGIC, ENCRYPTED_MAGIC)):
        return bytes.fromhex(verify_snapshot(path, passphrase).manifest.public_key)
    return keys.parse_public_key(data.decode("ascii", errors="replace"), path)


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise UserError(_("No file at {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise UserError(_("{path} is a folder, not a file.").format(path=path)) from None
    except OSError as error:
        raise UserError(_("Cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)) from None
