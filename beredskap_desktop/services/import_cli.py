"""The commands that bring another laptop's data in: ``snapshot import``, ``export incidents``
and ``import incidents`` (DESIGN.md §7). The preview goes to standard error; without
``--yes`` the user is asked. ``--yes`` never trusts a key: only ``--trust FINGERPRINT`` does.
"""

from __future__ import annotations

import getpass
import sys

from beredskap_desktop.domain import snapshots as domain
from beredskap_desktop.domain.clock import from_iso
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services import snapshot_import as importer
from beredskap_desktop.services import snapshots
from beredskap_desktop.services.files import confirm_import
from beredskap_desktop.services.snapshot_cli import passphrase
from beredskap_desktop.storage.database import open_store

_SHOWN = 5  # names shown per list before "and N more"


def snapshot_import(args) -> int:
    secret = passphrase(args.passphrase_file, _("Passphrase of the snapshot: ")) if snapshots.is_encrypted(args.file) else None
    with open_store(args.db) as store:
        preview = importer.preview_snapshot(store, args.file, secret)
        for line in preview_lines(preview):
            print(line, file=sys.stderr)
        if not _confirmed(preview, args):
            return 1
        done = importer.import_snapshot(store, args.file, secret, trust=args.trust, force_older=args.force_older,
                                        imported_by=_who(), expected=preview)
    print(_("Imported snapshot no. {sequence}. The data before it is in the tested backup {path}.").format(
        sequence=done.preview.manifest.sequence, path=done.backup.path), file=sys.stderr)
    return 0


def export_incidents(args) -> int:
    from beredskap_desktop.domain.clock import now_utc, to_iso
    from beredskap_desktop.services.device import device_id

    with open_store(args.db, read_only=True) as store:
        manifest = importer.export_incidents(store, args.incident, args.out, source_device=device_id(), now=to_iso(now_utc()))
    print(_("Wrote {count} incident(s) to {path}, signed by this laptop's key {fingerprint}.").format(
        count=manifest.counts.get("incident", 0), path=args.out, fingerprint=domain.format_fingerprint(manifest.fingerprint)),
        file=sys.stderr)
    return 0


def import_incidents(args) -> int:
    with open_store(args.db) as store:
        preview = importer.preview_incidents(store, args.file)
        for line in preview_lines(preview):
            print(line, file=sys.stderr)
        if not _confirmed(preview, args):
            return 1
        done = importer.import_incidents(store, args.file, trust=args.trust, imported_by=_who(), expected=preview)
    print(_("Merged the package. The data before it is in the tested backup {path}.").format(path=done.backup.path), file=sys.stderr)
    return 0


def _confirmed(preview: importer.Preview, args) -> bool:
    """Refusals first (they need no question), then ``--yes`` or the user's answer."""
    if preview.incidents.conflicts:
        raise UserError(_("REFUSED: the file's incident log clashes with this database's, so nothing was imported."))
    if preview.older and not getattr(args, "force_older", False):
        raise UserError(_("REFUSED: snapshot no. {sequence} is not newer than no. {last}, imported already. Give --force-older to roll back.").format(
            sequence=preview.manifest.sequence, last=preview.last_sequence))
    untrusted = preview.verified.trusted is False or (preview.manifest.kind == "snapshot" and not preview.verified.trusted)
    if untrusted and args.trust is None:
        raise UserError(_(
            "Not imported: {fingerprint} is not trusted by {path} yet. Compare it with the fingerprint the coordinator "
            "reads aloud, then run again with --trust FINGERPRINT."
        ).format(fingerprint=domain.format_fingerprint(preview.verified.fingerprint), path=args.db))
    return args.yes or confirm_import()


def _who() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def preview_lines(preview: importer.Preview) -> list[str]:
    """What an import would do, as plain lines."""
    manifest, verified = preview.manifest, preview.verified
    trust = {True: _("trusted"), False: _("NOT YET TRUSTED")}.get(verified.trusted, _("first package from this laptop"))
    if manifest.kind == "snapshot" and not verified.trusted:
        trust = _("NOT YET TRUSTED")
    lines = [
        _("{what} of {name}, made {created} on {device}.").format(
            what=_("Snapshot no. {sequence}").format(sequence=manifest.sequence) if manifest.kind == "snapshot" else _("Incident package"),
            name=manifest.municipality, created=_local(manifest.created_at), device=manifest.source_device),
        _("Signed by {fingerprint} ({trust}).").format(fingerprint=domain.format_fingerprint(verified.fingerprint), trust=trust),
    ]
    if manifest.kind == "snapshot":
        lines.append(_("Data as of: {theirs} in the snapshot, {ours} here.").format(
            theirs=_local(manifest.data_as_of), ours=_local(preview.current_data_as_of)))
        if preview.older:
            lines.append(_("OLDER than snapshot no. {last}, imported already.").format(last=preview.last_sequence))
        if preview.first_import:
            lines.append(_("First import into this database: all its contacts, lists, plans and cards are replaced."))
        for kind in preview.reference:
            if kind.any:
                lines.append(_("{label}: {new} new, {changed} changed, {removed} removed.").format(
                    label=kind.label, new=len(kind.new), changed=len(kind.changed), removed=len(kind.removed)))
                lines.extend(f"  + {name}" for name in kind.new[:_SHOWN])
                lines.extend(f"  ~ {name}" for name in kind.changed[:_SHOWN])
                lines.extend(f"  - {name}" for name in kind.removed[:_SHOWN])
                hidden = len(kind.new[_SHOWN:]) + len(kind.changed[_SHOWN:]) + len(kind.removed[_SHOWN:])
                if hidden:
                    lines.append("  " + _("… and {count} more").format(count=hidden))
            if kind.overwritten:
                lines.append(_("{label} edited here since the last import that the import overwrites: {names}").format(
                    label=kind.label, names=", ".join(kind.overwritten)))
        if not any(kind.any for kind in preview.reference):
            lines.append(_("Contacts, lists, plans and cards: no changes."))
    changes = preview.incidents
    lines.append(_("Incidents: {incidents} new; {entries} new log entries, {sitreps} new situation reports, {other} other new records; {kept} kept as they are here.").format(
        incidents=len(changes.new_incidents), entries=changes.new_entries, sitreps=changes.new_sitreps,
        other=changes.new_other, kept=changes.kept_local))
    lines.extend(f"  + {title}" for title in changes.new_incidents[:_SHOWN])
    for flag in changes.clock_flags:
        lines.append(_("WRONG CLOCK? Device {device}: {problem}.").format(device=flag.device_id, problem=flag.text))
    lines.extend(_("CLASH: {problem}").format(problem=problem) for problem in changes.conflicts)
    return lines


def _local(moment: str | None) -> str:
    from beredskap_desktop.domain.clock import OSLO

    value = from_iso(moment)
    return value.astimezone(OSLO).strftime("%d.%m.%Y %H:%M") if value else "–"
