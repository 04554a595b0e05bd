"""Importing a signed snapshot or incident package: verify, preview, back up, one transaction.

Nothing is touched before the file verifies (structure, signature, hash, schema, integrity)
and its signer is trusted. The preview says what would change; the import then takes a
tested backup and, in one transaction, replaces the reference data (snapshots only) and
merges incident data by UUID (``storage.merge``). Log chains are verified inside that
transaction; a chain that would not verify, a clashing entry or a foreign-key problem
rolls everything back. Entries from a device whose clock looks wrong are flagged.

Rollback protection: a snapshot whose publisher sequence number is not newer than the last
one imported with that key is refused unless forced. Incident packages are signed with the
exporting laptop's device key; a device that signed with another key before is refused.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from beredskap_desktop.domain import snapshots as domain
from beredskap_desktop.domain.clock import now_utc, to_iso
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.wrong_clocks import ClockFlag, clock_flags
from beredskap_desktop.i18n import N_, _
from beredskap_desktop.services import backups, snapshots
from beredskap_desktop.storage import imports, log, merge, migrations, municipality, trusted_keys
from beredskap_desktop.storage.database import Store

KIND_LABELS = {
    "contact": N_("Contacts"),
    "alert_list": N_("Alert lists"),
    "plan": N_("Plans"),
    "action_card": N_("Action cards"),
    "role": N_("Roles"),
    "incident_type": N_("Incident types"),
}
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class KindChanges:
    """New, changed and removed records of one kind; ``overwritten``: those of them edited here
    since the last import."""

    kind: str
    new: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    overwritten: tuple[str, ...]

    @property
    def label(self) -> str:
        return _(KIND_LABELS[self.kind])

    @property
    def any(self) -> bool:
        return bool(self.new or self.changed or self.removed)


@dataclass(frozen=True)
class IncidentChanges:
    """What merging the file's incident data adds; ``conflicts`` stop the import."""

    new_incidents: tuple[str, ...]
    new_entries: int
    new_sitreps: int
    new_other: int
    kept_local: int
    clock_flags: tuple[ClockFlag, ...]
    conflicts: tuple[str, ...]


@dataclass(frozen=True)
class Preview:
    verified: snapshots.Verified
    current_data_as_of: str | None
    last_sequence: int | None
    older: bool
    first_import: bool
    reference: tuple[KindChanges, ...]
    incidents: IncidentChanges

    @property
    def manifest(self) -> domain.Manifest:
        return self.verified.manifest

    @property
    def overwritten(self) -> int:
        return sum(len(kind.overwritten) for kind in self.reference)


@dataclass(frozen=True)
class Imported:
    preview: Preview
    backup: backups.Receipt
    import_id: str


# --- Snapshots ---------------------------------------------------------------------------


def preview_snapshot(store: Store, path: Path, passphrase: str | None = None, *, now: datetime | None = None) -> Preview:
    """Verify ``path`` and say what importing it would change; changes nothing."""
    with _opened(path, passphrase, "snapshot") as (verified, other), merge.attached(store, other):
        return _preview(store, snapshots.trust_in(store, verified), now or now_utc())


def import_snapshot(store: Store, path: Path, passphrase: str | None = None, *, trust: str | None = None,
                    force_older: bool = False, imported_by: str = "", expected: Preview | None = None,
                    progress: Progress | None = None, now: datetime | None = None) -> Imported:
    """Import ``path`` after verifying it, checking trust and sequence, and a tested backup.

    ``trust`` is the fingerprint the user compared (needed when the key is not yet trusted;
    it is pinned only when it is the signer's). ``expected`` is the preview the user saw: the
    file must still be the same one."""
    store.require_writable()
    report = progress or (lambda done, total: None)
    now = now or now_utc()
    with _opened(path, passphrase, "snapshot") as (verified, other), merge.attached(store, other):
        report(1, 5)
        verified = snapshots.trust_in(store, verified)
        preview = _preview(store, verified, now)
        _check_same(preview, expected)
        _refuse_conflicts(preview)
        if preview.older and not force_older:
            raise UserError(_(
                "REFUSED: this is snapshot no. {sequence}, but no. {last} was imported already. An older snapshot would "
                "roll the data back; if that is what you want, import it with --force-older."
            ).format(sequence=preview.manifest.sequence, last=preview.last_sequence))
        if not verified.trusted:
            if trust is None or domain.parse_fingerprint(trust) != verified.fingerprint:
                raise UserError(_(
                    "The snapshot is signed by {fingerprint}, which this database does not trust yet. Compare it with the "
                    "coordinator's by reading it aloud, then give it with --trust FINGERPRINT."
                ).format(fingerprint=domain.format_fingerprint(verified.fingerprint)))
        report(2, 5)
        backup = _backup(store)
        report(3, 5)
        own = municipality.get(store)
        signer = bytes.fromhex(preview.manifest.public_key)
        rotated_from = getattr(verified, "rotated_from", None)
        if rotated_from:
            trusted_keys.accept_rotation(store, own.kommunenummer, rotated_from, signer, imported_by)
        elif not verified.trusted:
            trusted_keys.pin(store, own.kommunenummer, signer, imported_by)
        import_id = _apply(store, preview, kind=imports.SNAPSHOT, imported_by=imported_by, now=now, replace=True)
        report(5, 5)
    return Imported(preview, backup, import_id)


# --- Incident packages ---------------------------------------------------------------------


def export_incidents(store: Store, incident_ids: list[str], out: Path, *, source_device: str, now: str,
                     key_folder: Path | None = None) -> domain.Manifest:
    """Write the chosen incidents, with their logs, reports, actions and call-outs, to ``out``
    as a package signed by this laptop's device key."""
    import hashlib

    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from sqlite_utils import Database

    from beredskap_desktop.services.device import signing_key
    from beredskap_desktop.services.files import write_atomically
    from beredskap_desktop.storage import incidents

    own = municipality.get(store)
    if own is None:
        raise UserError(_("{path} has no municipality.").format(path=store.path))
    if not incident_ids:
        raise UserError(_("Choose at least one incident."))
    missing = [incident_id for incident_id in incident_ids if incidents.get(store, incident_id) is None]
    if missing:
        raise UserError(_("No incident with id {id}.").format(id=missing[0]))
    key = signing_key(key_folder)
    with tempfile.TemporaryDirectory(prefix="beredskap-package-") as folder:
        path = Path(folder) / "package.sqlite"
        db = Database(path)
        try:
            migrations.apply(db)
            merge.copy_incidents(db.conn, store.path, list(incident_ids))
            db.conn.execute("PRAGMA journal_mode=DELETE")
            db.conn.execute("VACUUM")
            schema, counts, data_as_of = tuple(migrations.known_names()), snapshots.counts(db.conn), snapshots.data_as_of(db.conn)
        finally:
            db.close()
        database = path.read_bytes()
    manifest = domain.Manifest(
        format_version=domain.FORMAT_VERSION, municipality=own.name, kommunenummer=own.kommunenummer, schema=schema,
        sequence=0, created_at=now, source_device=source_device, data_as_of=data_as_of, counts=counts,
        database_sha256=hashlib.sha256(database).hexdigest(), database_size=len(database),
        public_key=key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex(), kind="incidents")
    manifest_bytes = domain.canonical_bytes(manifest)
    head = domain.head(manifest_bytes, key.sign(domain.signed_message(manifest_bytes)))
    write_atomically(out, lambda handle: handle.writelines((head, database)))
    return manifest


def preview_incidents(store: Store, path: Path, *, now: datetime | None = None) -> Preview:
    """Verify an incident package and say what merging it would add; changes nothing.
    A laptop whose key changed is shown with ``trusted`` False instead of refused."""
    with _opened(path, None, "incidents") as (verified, other), merge.attached(store, other):
        return _preview(store, _known_device(store, verified, verified.fingerprint), now or now_utc())


def import_incidents(store: Store, path: Path, *, trust: str | None = None, imported_by: str = "",
                     expected: Preview | None = None, progress: Progress | None = None,
                     now: datetime | None = None) -> Imported:
    """Merge an incident package's incidents, log entries, reports, actions and call-outs."""
    store.require_writable()
    report = progress or (lambda done, total: None)
    now = now or now_utc()
    with _opened(path, None, "incidents") as (verified, other), merge.attached(store, other):
        report(1, 4)
        preview = _preview(store, _known_device(store, verified, trust), now)
        _check_same(preview, expected)
        _refuse_conflicts(preview)
        backup = _backup(store)
        report(2, 4)
        import_id = _apply(store, preview, kind=imports.INCIDENTS, imported_by=imported_by, now=now, replace=False)
        report(4, 4)
    return Imported(preview, backup, import_id)


def _known_device(store: Store, verified: snapshots.Verified, trust: str | None) -> snapshots.Verified:
    """Packages are signed by the laptop's own key: of this municipality, and with the key that
    laptop used before (the first package from a laptop introduces its key: ``trusted`` None).
    A laptop with a new key (reinstalled) is accepted only when ``trust`` is the new key's
    fingerprint."""
    from dataclasses import replace

    manifest = verified.manifest
    own = municipality.get(store)
    if own is None or own.kommunenummer != manifest.kommunenummer:
        raise UserError(_("The package is from {name} ({number}), not from the municipality in this database.").format(
            name=manifest.municipality, number=manifest.kommunenummer))
    before = imports.device_fingerprints(store, manifest.source_device)
    if before and verified.fingerprint not in before and (trust is None or domain.parse_fingerprint(trust) != verified.fingerprint):
        raise UserError(_(
            "REFUSED: laptop {device} signed its earlier packages with {before}, this one with {now}. It may be forged. "
            "If the laptop was reinstalled, compare the new key on its Data page and give it with --trust FINGERPRINT."
        ).format(device=manifest.source_device, before=domain.format_fingerprint(sorted(before)[0]),
                 now=domain.format_fingerprint(verified.fingerprint)))
    return replace(verified, trusted=(verified.fingerprint in before) if before else None)


# --- Shared steps ----------------------------------------------------------------------------


@contextmanager
def _opened(path: Path, passphrase: str | None, kind: str) -> Iterator[tuple[snapshots.Verified, Path]]:
    """The verified file's database in a private temporary folder, brought to this schema."""
    with snapshots.verified_copy(path, passphrase, up_to_date=True) as (verified, copy):
        if verified.manifest.kind != kind:
            raise UserError({
                "snapshot": _("{path} is an incident package, not a snapshot: import it as incidents."),
                "incidents": _("{path} is a snapshot, not an incident package: import it as a snapshot."),
            }[kind].format(path=path))
        yield verified, copy


def _preview(store: Store, verified: snapshots.Verified, now: datetime) -> Preview:
    manifest = verified.manifest
    replacing = manifest.kind == "snapshot"
    last = imports.last(store, imports.SNAPSHOT)
    since = max(last.imported_at, last.data_as_of or "") if last else None
    reference = tuple(KindChanges(d.kind, d.new, d.changed, d.removed, d.overwritten)
                      for d in merge.differences(store, since)) if replacing else ()
    last_sequence = None
    if replacing:
        pinned = [key for key in trusted_keys.for_municipality(store, manifest.kommunenummer)
                  if key.fingerprint in (verified.fingerprint, getattr(verified, "rotated_from", None))]
        last_sequence = max((key.last_sequence for key in pinned if key.last_sequence is not None), default=None)
    news = merge.incident_news(store)
    incidents = IncidentChanges(
        new_incidents=tuple(merge.new_incident_titles(store)),
        new_entries=news["log_entry"][0],
        new_sitreps=news["sitrep"][0],
        new_other=sum(new for table, (new, _kept) in news.items() if table not in ("incident", "log_entry", "sitrep")),
        kept_local=sum(kept for _new, kept in news.values()),
        clock_flags=tuple(clock_flags(merge.arriving_times(store), now)),
        conflicts=tuple(_conflicts(store)),
    )
    return Preview(verified, snapshots.data_as_of(store.conn), last_sequence,
                   older=last_sequence is not None and manifest.sequence <= last_sequence,
                   first_import=last is None, reference=reference, incidents=incidents)


def _conflicts(store: Store) -> list[str]:
    """Clashing entries, and chains that would not verify whole as the file has them."""
    from beredskap_desktop.domain.log import verify_chains

    problems = [_("Incident {incident}, device {device}: entry {seq} differs from the one this database has.").format(
        incident=c.incident_id, device=c.device_id, seq=c.seq) for c in merge.log_conflicts(store)]
    for chain in verify_chains(merge.arriving_links(store)):
        if not chain.valid:
            problems.append(_("Incident {incident}, device {device}: log entry {seq} {reason}.").format(
                incident=chain.incident_id, device=chain.device_id, seq=chain.first_broken.seq,
                reason=chain.first_broken.reason.label))
    return problems


def _check_same(preview: Preview, expected: Preview | None) -> None:
    if expected is not None and expected.manifest != preview.manifest:
        raise UserError(_("The file has changed since the preview. Nothing was imported; look at it again."))


def _refuse_conflicts(preview: Preview) -> None:
    if preview.incidents.conflicts:
        raise UserError(_("REFUSED: the file's incident log clashes with this database's, so nothing was imported. {problems}").format(
            problems=" ".join(preview.incidents.conflicts[:5])))


def _backup(store: Store) -> backups.Receipt:
    receipt = backups.run_backup(store, reason=backups.Reason.BEFORE_IMPORT)
    if not receipt.ok:
        raise UserError(_("The backup before the import failed its test, so nothing was imported: {problems}").format(
            problems=" ".join(receipt.problems)))
    return receipt


def _apply(store: Store, preview: Preview, *, kind: str, imported_by: str, now: datetime, replace: bool) -> str:
    """The one transaction: reference data, incident data, the record; chains verified before commit."""
    manifest = preview.manifest
    with log.immediate(store):
        store.conn.execute("PRAGMA defer_foreign_keys = ON")
        written = merge.replace_reference(store) if replace else 0
        added = merge.merge_incidents(store)
        for chain in merge.merged_chains(store):
            if not chain.valid:
                raise UserError(_("REFUSED: after merging, the log of incident {incident} (device {device}) would not verify at entry {seq}. Nothing was imported.").format(
                    incident=chain.incident_id, device=chain.device_id, seq=chain.first_broken.seq))
        problems = merge.foreign_key_problems(store)
        if problems:
            raise UserError(_("REFUSED: the imported data refers to records that are missing ({problems}). Nothing was imported.").format(
                problems=", ".join(problems[:5])))
        summary = {"written": written, "added": added, "overwritten": preview.overwritten}
        import_id = imports.record_in_transaction(
            store, kind=kind, imported_at=to_iso(now), imported_by=imported_by, fingerprint=preview.verified.fingerprint,
            sequence=manifest.sequence if replace else None, created_at=manifest.created_at, data_as_of=manifest.data_as_of,
            source_device=manifest.source_device, file_sha256=manifest.database_sha256, summary=summary,
            flags=list(preview.incidents.clock_flags))
        if replace:
            imports.record_sequence_in_transaction(store, preview.verified.fingerprint, manifest.sequence)
    return import_id
