"""The ``snapshot`` commands: keygen, rotate, trust, export, verify (DESIGN.md §7).

A passphrase comes from ``--passphrase-file FILE``, else ``BEREDSKAP_PASSPHRASE``, else a
prompt when standard input is a terminal; a script without any of them fails at once
instead of waiting. With ``--encrypt`` the file's own passphrase comes from
``--encrypt-passphrase-file FILE`` or a prompt, so it need not be the key's.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from beredskap_desktop.domain import snapshots as domain
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services import keys, snapshots

ENVIRONMENT = "BEREDSKAP_PASSPHRASE"


def run(args) -> int:
    return {"keygen": _keygen, "rotate": _rotate, "trust": _trust, "export": _export, "verify": _verify}[args.action](args)


def passphrase(file: Path | None, prompt: str, *, confirm: bool = False, environment: bool = True) -> str:
    """From ``file``, the environment, or a prompt on a terminal; never waits on a script."""
    if file is not None:
        try:
            return file.read_text(encoding="utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as error:
            raise UserError(_("Cannot read the passphrase file {path}: {reason}").format(path=file, reason=getattr(error, "strerror", None) or error)) from None
    if environment and os.environ.get(ENVIRONMENT):
        return os.environ[ENVIRONMENT]
    if sys.stdin is None or not sys.stdin.isatty():
        raise UserError(_("A passphrase is needed: give --passphrase-file FILE or set {name} (there is no terminal to ask on).").format(name=ENVIRONMENT))
    import getpass

    first = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Repeat the passphrase: ")) != first:
        raise UserError(_("The passphrases differ; nothing was done."))
    return first


def _key_dir(args) -> Path:
    return args.key_dir or keys.default_key_dir()


def _keygen(args) -> int:
    secret = passphrase(args.passphrase_file, _("Passphrase for the new publisher key: "), confirm=True)
    fingerprint = keys.generate(_key_dir(args), secret)
    print(domain.format_fingerprint(fingerprint))
    print(_("Created the publisher key in {path}. Read the fingerprint aloud to everyone who will trust it.").format(path=_key_dir(args)), file=sys.stderr)
    return 0


def _rotate(args) -> int:
    from beredskap_desktop.domain.clock import now_utc, to_iso

    old_secret = passphrase(args.passphrase_file, _("Passphrase of the current publisher key: "))
    if args.new_passphrase_file is None and (sys.stdin is None or not sys.stdin.isatty()):
        raise UserError(_("The new key needs a passphrase: give --new-passphrase-file FILE (there is no terminal to ask on)."))
    new_secret = passphrase(args.new_passphrase_file, _("Passphrase for the new publisher key: "), confirm=True, environment=False)
    fingerprint = keys.rotate(_key_dir(args), old_secret, new_secret, to_iso(now_utc()))
    print(domain.format_fingerprint(fingerprint))
    print(_("Replaced the publisher key in {path}; the old one is kept in {retired}. Read the new fingerprint aloud: "
            "laptops that trust the old key accept the new one at their next import.").format(
        path=_key_dir(args), retired=_key_dir(args) / keys.RETIRED_DIR), file=sys.stderr)
    return 0


def _trust(args) -> int:
    import getpass

    from beredskap_desktop.storage import municipality, trusted_keys
    from beredskap_desktop.storage.database import open_store

    wanted = domain.parse_fingerprint(args.fingerprint)
    if args.key_file is not None:
        source = args.key_file
        secret = passphrase(args.passphrase_file, _("Passphrase of the snapshot: ")) if snapshots.is_encrypted(source) else None
        public = snapshots.public_key_from_file(source, secret)
    else:
        source = _key_dir(args) / keys.PUBLIC_FILE
        public = keys.public_key(_key_dir(args))
    found = domain.fingerprint(public)
    if found != wanted:
        raise UserError(_("The key in {path} has the fingerprint {found}, not {wanted}. Nothing was trusted.").format(
            path=source, found=domain.format_fingerprint(found), wanted=domain.format_fingerprint(wanted)))
    with open_store(args.db) as store:
        own = municipality.get(store)
        if own is None:
            raise UserError(_("{path} has no municipality.").format(path=args.db))
        try:
            who = getpass.getuser()
        except (OSError, KeyError):
            who = ""
        replace = args.replace
        replaced = [key.fingerprint for key in trusted_keys.active(store, own.kommunenummer) if key.fingerprint != found]
        if replaced and not replace:
            raise UserError(_(
                "REFUSED: {name} already trusts another publisher key ({pinned}). A different key may mean a forged snapshot. "
                "Only if the coordinator lost the old key and you have checked the new fingerprint aloud, run this again with --replace."
            ).format(name=own.name, pinned=domain.format_fingerprint(replaced[0])))
        trusted_keys.pin(store, own.kommunenummer, public, who, replace=replace)
    for old in replaced:
        print(_("WARNING: the publisher key {old} is no longer trusted; snapshots signed by it are refused from now on.").format(
            old=domain.format_fingerprint(old)), file=sys.stderr)
    print(_("{name} now trusts the publisher key {fingerprint}.").format(name=own.name, fingerprint=domain.format_fingerprint(found)), file=sys.stderr)
    return 0


def _export(args) -> int:
    from beredskap_desktop.domain.clock import now_utc, to_iso
    from beredskap_desktop.services.device import device_id

    secret = passphrase(args.passphrase_file, _("Passphrase of the publisher key: "))
    file_secret = None
    if args.encrypt:
        if args.encrypt_passphrase_file is None and (sys.stdin is None or not sys.stdin.isatty()):
            raise UserError(_("--encrypt needs the snapshot's passphrase: give --encrypt-passphrase-file FILE (there is no terminal to ask on)."))
        file_secret = passphrase(args.encrypt_passphrase_file, _("Passphrase for the snapshot file: "), confirm=True, environment=False)
        if not file_secret:
            raise UserError(_("The snapshot's passphrase is empty."))
    manifest = snapshots.export_snapshot(
        args.db, args.out, _key_dir(args), secret, include_private=args.include_private,
        encrypt_passphrase=file_secret, source_device=device_id(), now=to_iso(now_utc()))
    print(_("Wrote snapshot no. {sequence} of {name} to {path}{private}.").format(
        sequence=manifest.sequence, name=manifest.municipality, path=args.out,
        private=_(" (with private phone numbers)") if manifest.includes_private else ""), file=sys.stderr)
    return 0


def _verify(args) -> int:
    from beredskap_desktop.storage.database import open_store

    secret = passphrase(args.passphrase_file, _("Passphrase of the snapshot: ")) if snapshots.is_encrypted(args.file) else None
    if args.db is None:
        verified = snapshots.verify_snapshot(args.file, secret)
    else:
        with open_store(args.db, read_only=True) as store:
            verified = snapshots.verify_snapshot(args.file, secret, store)
    for line in summary(verified):
        print(line)
    if verified.trusted:
        print(_("Intact, validly signed and trusted."), file=sys.stderr)
        return 0
    if args.db is None:
        print(_("Intact and validly signed, but not yet trusted: compare the fingerprint with the coordinator's."), file=sys.stderr)
        return 0
    print(_("Intact and validly signed, but not yet trusted by {path}. Compare the fingerprint with the coordinator's, then run: snapshot trust FINGERPRINT --db {path}").format(path=args.db), file=sys.stderr)
    return 1


def summary(verified: snapshots.Verified) -> list[str]:
    """The lines ``snapshot verify`` prints about a verified snapshot."""
    manifest = verified.manifest
    trust = {None: _("not yet trusted"), False: _("not yet trusted"), True: _("trusted")}[verified.trusted]
    if verified.rotated_from is not None:
        trust = _("trusted: a new key, endorsed by the trusted key {fingerprint}").format(
            fingerprint=domain.format_fingerprint(verified.rotated_from))
    counts = ", ".join(f"{table} {count}" for table, count in sorted(manifest.counts.items()) if count)
    return [
        _("Municipality: {name} ({number})").format(name=manifest.municipality, number=manifest.kommunenummer),
        _("Publisher sequence number: {sequence}").format(sequence=manifest.sequence),
        _("Created: {at} on device {device}").format(at=manifest.created_at, device=manifest.source_device),
        _("Data as of: {at}").format(at=manifest.data_as_of or "-"),
        _("Schema: {name}").format(name=manifest.schema[-1] if manifest.schema else "-"),
        _("Private phone numbers: {included}").format(included=_("included") if manifest.includes_private else _("left out")),
        _("Encrypted: {answer}").format(answer=_("yes") if verified.encrypted else _("no")),
        _("Rows: {counts}").format(counts=counts or "-"),
        _("Signed by: {fingerprint}").format(fingerprint=domain.format_fingerprint(verified.fingerprint)),
        _("Trust: {trust}").format(trust=trust),
    ]
