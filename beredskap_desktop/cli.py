"""The command line (DESIGN.md §7). With no command it starts the GUI.

Exit codes: 0 success, 1 a failure the user must act on, 2 wrong usage. Expected errors
print one plain message to standard error, never a traceback. Commands that create
something print only its id on standard output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from beredskap_desktop import __version__
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, ngettext, set_language


_INCIDENT_PRINTOUTS = ("log", "sitrep", "board", "callouts")  # print these with --incident; cards takes it too


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 on wrong usage with a translated hint."""

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(2, _("Wrong usage: {message}").format(message=message) + "\n")


def _language_from(argv: list[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return DEFAULT_LANGUAGE


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="beredskap-desktop", description=_("Offline crisis management for the municipality."))
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help=_("language: nb (bokmål) or en"))
    parser.add_argument("--db", type=Path, help=_("database file"))
    parser.add_argument("--read-only", action="store_true", help=_("open the database read-only"))
    parser.add_argument("--exit-when-shown", action="store_true", help=_("quit once the main window is shown (for tests)"))
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    init = commands.add_parser("init", help=_("create a new, empty municipality database"))
    init.add_argument("--db", type=Path, required=True, help=_("database file"))
    init.add_argument("--name", required=True, help=_("name of the municipality"))
    init.add_argument("--kommunenummer", required=True, help=_("four-digit municipality number"))

    demo = commands.add_parser("demo", help=_("create a database with the demo municipality"))
    demo.add_argument("--db", type=Path, required=True, help=_("database file"))
    demo.add_argument("--scale", choices=("small", "large"), default="small", help=_("small: the demo municipality; large: benchmark scale"))
    demo.add_argument("--seed", type=int, default=1, help=_("seed for the large scale"))

    import_ = commands.add_parser("import", help=_("import data from a file"))
    import_.add_argument("kind", choices=("contacts", "plans", "cards", "incidents"), help=_("what to import"))
    import_.add_argument("file", type=Path, help=_("file to import (contacts: .vcf, .csv, .xlsx; plans and cards: .json; incidents: a package from another laptop)"))
    import_.add_argument("--db", type=Path, required=True, help=_("database file"))
    import_.add_argument("--yes", action="store_true", help=_("import without asking"))
    import_.add_argument("--trust", metavar="FINGERPRINT", help=_("incidents: accept a laptop's new key (after comparing it)"))

    export = commands.add_parser("export", help=_("export data to a file"))
    export.add_argument("kind", choices=("contacts", "plans", "cards", "archive", "incidents"), help=_("what to export"))
    export.add_argument("--format", choices=("vcf", "csv", "xlsx"), help=_("file format (contacts only)"))
    export.add_argument("--db", type=Path, required=True, help=_("database file"))
    export.add_argument("--out", type=Path, required=True, help=_("file to write (archive: a new or empty folder)"))
    export.add_argument("--incident", metavar="ID", nargs="+", action="extend",
                        help=_("archive: the incident whose archive package to write; incidents: the incidents to send to the coordinator"))
    export.add_argument("--include-private", action="store_true", help=_("include private phone numbers"))
    export.add_argument("--incident-type", metavar="CODE", help=_("only the cards this incident type activates (cards only)"))
    export.add_argument("--role", help=_("only the cards of this role (cards only)"))
    export.add_argument("--include-exempt", action="store_true",
                        help=_("include plan sections exempt from public access (offentleglova § 24; plans only)"))

    print_ = commands.add_parser("print", help=_("print to a PDF file"))
    print_.add_argument("what", choices=("binder", "cards", "contacts", "plans", "forms", "changed", *_INCIDENT_PRINTOUTS), help=_(
        "what to print: the whole emergency binder, action cards, alert lists and contacts, plans, blank forms, "
        "or the documents changed since a binder copy was last printed; for an incident (--incident): its log, "
        "a situation report, its action board, its call-outs, or (cards) its activated action cards"))
    print_.add_argument("--db", type=Path, required=True, help=_("database file"))
    print_.add_argument("--out", type=Path, required=True, help=_("PDF file to write"))
    print_.add_argument("--role", help=_("only the cards of this role (cards, binder)"))
    print_.add_argument("--incident-type", metavar="CODE", help=_("only the cards this incident type activates (cards, binder)"))
    print_.add_argument("--include-private", action="store_true", help=_("include private phone numbers (the pages are marked as containing personal data)"))
    print_.add_argument("--public", action="store_true", help=_("public version: without sections exempt from public access and without private numbers (plans, binder)"))
    print_.add_argument("--copy", help=_("the binder copy, by name (binder, changed)"))
    print_.add_argument("--page-size", choices=("A4", "A5"), default="A4", help=_("paper size of action cards; A5 prints two on each A4 sheet"))
    print_.add_argument("--incident", metavar="ID", help=_("the incident (log, sitrep, board, callouts; cards: its activated cards)"))
    print_.add_argument("--report", type=int, metavar="N", help=_("the situation report's number (sitrep; default: the latest)"))

    _add_incident_commands(commands)
    _add_snapshot_commands(commands)
    backup = commands.add_parser("backup", help=_("take, check, list and restore tested backups"))
    backup.add_argument("action", choices=("run", "verify", "list", "restore"), help=_("what to do"))
    backup.add_argument("file", nargs="?", type=Path, help=_("the backup (verify: default every backup; restore: required)"))
    backup.add_argument("--db", type=Path, required=True, help=_("database file"))
    backup.add_argument("--yes", action="store_true", help=_("restore: yes, replace the database (a backup of the current state is taken first)"))
    commands.add_parser("self-test", help=_("check that this installation works (uses temporary files only)"))
    return parser


def _add_incident_commands(commands) -> None:
    incident = commands.add_parser("incident", help=_("start, list and close incidents and exercises"))
    actions = incident.add_subparsers(dest="action", required=True, parser_class=_Parser)
    start = actions.add_parser("start", help=_("start an incident (prints its id)"))
    start.add_argument("--db", type=Path, required=True, help=_("database file"))
    start.add_argument("--title", required=True, help=_("what happened, in a few words"))
    start.add_argument("--type", dest="types", action="append", required=True, metavar="CODE",
                       help=_("incident type code, such as flom (repeat for several)"))
    start.add_argument("--severity", type=_severity, default="gul", help=_("grønn, gul or rød (default gul)"))
    start.add_argument("--location", default="", help=_("where it happens"))
    start.add_argument("--description", default="", help=_("what is known"))
    start.add_argument("--crisis-room", default="", help=_("where the crisis management meets"))
    start.add_argument("--exercise", action="store_true", help=_("an exercise, not a real incident (ØVELSE)"))
    _add_operator(start)
    list_ = actions.add_parser("list", help=_("list incidents: id, status, phase, severity, started, title"))
    list_.add_argument("--db", type=Path, required=True, help=_("database file"))
    close = actions.add_parser("close", help=_("close an incident with its evaluation notes"))
    close.add_argument("--db", type=Path, required=True, help=_("database file"))
    close.add_argument("--incident", required=True, metavar="ID", help=_("the incident's id"))
    close.add_argument("--notes", required=True, help=_("evaluation notes: what went well, what must improve"))
    close.add_argument("--follow-up", action="append", default=[], metavar="TEXT", help=_("a follow-up point (repeat for several)"))
    _add_operator(close)

    log = commands.add_parser("log", help=_("write to and verify the incident log"))
    actions = log.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = actions.add_parser("add", help=_("add a log entry (prints its id once it is saved)"))
    add.add_argument("--db", type=Path, required=True, help=_("database file"))
    add.add_argument("--incident", required=True, metavar="ID", help=_("the incident's id"))
    add.add_argument("--text", required=True, help=_("what happened or was decided"))
    add.add_argument("--category", type=_category, default="informasjon", help=_("one of: {choices} (default informasjon)").format(
        choices=", ".join(c.value for c in _log_domain().Category)))
    add.add_argument("--channel", type=_channel, help=_("one of: {choices}").format(choices=", ".join(c.value for c in _log_domain().Channel)))
    add.add_argument("--source", default="", help=_("who or what the information came from"))
    add.add_argument("--time", type=_event_time, metavar="ISO", help=_("when it happened, such as 2026-11-21T17:42 (Oslo time; default now)"))
    add.add_argument("--key-event", action="store_true", help=_("mark it as a key event"))
    add.add_argument("--decided-by", default="", help=_("who decided (required for a decision)"))
    add.add_argument("--rationale", default="", help=_("why (required for a decision)"))
    add.add_argument("--corrects", metavar="ENTRY_ID", help=_("the entry this one corrects (both stay in the log)"))
    _add_operator(add)
    verify = actions.add_parser("verify", help=_("check the log's hash chains and print each chain's head"))
    verify.add_argument("--db", type=Path, required=True, help=_("database file"))
    verify.add_argument("--incident", metavar="ID", help=_("only this incident (default: all)"))


def _add_snapshot_commands(commands) -> None:
    snapshot = commands.add_parser("snapshot", help=_("the publisher key and signed snapshots of the database"))
    actions = snapshot.add_subparsers(dest="action", required=True, parser_class=_Parser)
    key_dir_help = _("folder of the publisher key (default: keys in the user data folder)")
    passphrase_help = _("read the passphrase from this file (or set BEREDSKAP_PASSPHRASE)")
    keygen = actions.add_parser("keygen", help=_("create the publisher key pair (prints its fingerprint)"))
    keygen.add_argument("--key-dir", type=Path, help=key_dir_help)
    keygen.add_argument("--passphrase-file", type=Path, metavar="FILE", help=passphrase_help)
    rotate = actions.add_parser("rotate", help=_("replace the publisher key with a new one the old key endorses (prints its fingerprint)"))
    rotate.add_argument("--key-dir", type=Path, help=key_dir_help)
    rotate.add_argument("--passphrase-file", type=Path, metavar="FILE", help=_("read the current key's passphrase from this file (or set BEREDSKAP_PASSPHRASE)"))
    rotate.add_argument("--new-passphrase-file", type=Path, metavar="FILE", help=_("read the new key's passphrase from this file"))
    trust = actions.add_parser("trust", help=_("trust a publisher key for the database's municipality"))
    trust.add_argument("fingerprint", metavar="FINGERPRINT", help=_("the key's fingerprint, as read aloud by the coordinator"))
    trust.add_argument("--db", type=Path, required=True, help=_("database file"))
    source = trust.add_mutually_exclusive_group()
    source.add_argument("--key-file", type=Path, metavar="FILE", help=_("the public key file (publisher.pub) or a snapshot signed with the key"))
    source.add_argument("--key-dir", type=Path, help=key_dir_help)
    trust.add_argument("--passphrase-file", type=Path, metavar="FILE", help=passphrase_help)
    trust.add_argument("--replace", action="store_true", help=_("stop trusting the municipality's current key and trust this one instead (when the old key was lost)"))
    export = actions.add_parser("export", help=_("write a signed snapshot of the database"))
    export.add_argument("--db", type=Path, required=True, help=_("database file"))
    export.add_argument("--out", type=Path, required=True, help=_("snapshot file to write (suggested: .beredskap)"))
    export.add_argument("--key-dir", type=Path, help=key_dir_help)
    export.add_argument("--encrypt", action="store_true", help=_("encrypt the snapshot with a passphrase of its own"))
    export.add_argument("--encrypt-passphrase-file", type=Path, metavar="FILE", help=_("read the snapshot's passphrase from this file (with --encrypt)"))
    export.add_argument("--include-private", action="store_true", help=_("include private phone numbers"))
    export.add_argument("--passphrase-file", type=Path, metavar="FILE", help=passphrase_help)
    verify = actions.add_parser("verify", help=_("check a snapshot: intact, validly signed and (with --db) trusted"))
    verify.add_argument("file", type=Path, metavar="FILE", help=_("snapshot file"))
    verify.add_argument("--db", type=Path, help=_("database whose trusted keys to check against"))
    verify.add_argument("--passphrase-file", type=Path, metavar="FILE", help=_("read an encrypted snapshot's passphrase from this file (or set BEREDSKAP_PASSPHRASE)"))
    open_ = actions.add_parser("open", help=_("look at a snapshot read-only in the app, without importing it"))
    open_.add_argument("file", type=Path, metavar="FILE", help=_("snapshot file"))
    open_.add_argument("--passphrase-file", type=Path, metavar="FILE", help=_("read an encrypted snapshot's passphrase from this file (or set BEREDSKAP_PASSPHRASE)"))
    open_.add_argument("--exit-when-shown", action="store_true", default=argparse.SUPPRESS, help=_("quit once the main window is shown (for tests)"))
    import_ = actions.add_parser("import", help=_("import a snapshot: verify, preview, back up, then replace the reference data and merge incidents"))
    import_.add_argument("file", type=Path, metavar="FILE", help=_("snapshot file"))
    import_.add_argument("--db", type=Path, required=True, help=_("database file"))
    import_.add_argument("--trust", metavar="FINGERPRINT", help=_("trust the signer's key, after comparing its fingerprint with the coordinator's"))
    import_.add_argument("--yes", action="store_true", help=_("import without asking (never trusts a key)"))
    import_.add_argument("--force-older", action="store_true", help=_("import even when the snapshot is not newer than the last one imported"))
    import_.add_argument("--passphrase-file", type=Path, metavar="FILE", help=_("read an encrypted snapshot's passphrase from this file (or set BEREDSKAP_PASSPHRASE)"))


def _add_operator(parser) -> None:
    parser.add_argument("--operator", help=_("who is at the keyboard (default: the login name)"))
    parser.add_argument("--operator-role", default="", help=_("their role, such as Loggfører"))


def _log_domain():
    from beredskap_desktop.domain import log

    return log


def _code_argument(value: str, codes: list[str], what: str) -> str:
    """``value`` as one of ``codes``, typed with or without æøå, hyphens or spaces."""
    from beredskap_desktop.domain.text import fold

    def key(text: str) -> str:
        return "".join(ch for ch in fold(text) if ch.isalnum())

    for code in codes:
        if key(code) == key(value):
            return code
    raise argparse.ArgumentTypeError(_("unknown {what} \"{value}\"; choose one of: {choices}").format(
        what=what, value=value, choices=", ".join(codes)))


def _category(value: str) -> str:
    return _code_argument(value, [c.value for c in _log_domain().Category], _("category"))


def _channel(value: str) -> str:
    return _code_argument(value, [c.value for c in _log_domain().Channel], _("channel"))


def _severity(value: str) -> str:
    from beredskap_desktop.domain.incidents import Severity

    return _code_argument(value, [s.value for s in Severity], _("severity"))


def _event_time(value: str):
    """An ISO date and time; without an offset it is Oslo time."""
    from datetime import datetime

    from beredskap_desktop.domain.clock import OSLO

    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(_("\"{value}\" is not a date and time; write it as 2026-11-21T17:42 (Oslo time) or with an offset, 2026-11-21T16:42+00:00").format(value=value)) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=OSLO)


_WRITING = {("import", None), ("incident", "start"), ("incident", "close"), ("snapshot", "trust"), ("snapshot", "import")}


def _upgrade_with_backup(args) -> None:
    """Commands that write bring a database from an earlier version up to date after a tested
    backup. Not ``log add`` (an entry must never wait on a backup) nor commands that only read."""
    if (args.command, getattr(args, "action", None)) not in _WRITING or not Path(args.db).is_file():
        return
    from beredskap_desktop.services.backups import before_migration
    from beredskap_desktop.storage.database import open_store

    open_store(args.db, before_migrating=before_migration).close()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    language = _language_from(argv)
    if language in LANGUAGES:
        set_language(language)
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from beredskap_desktop.ui.app import run_gui

            return run_gui(args.db, read_only=args.read_only, exit_when_shown=args.exit_when_shown)
        _upgrade_with_backup(args)
        return _COMMANDS[args.command](args)
    except UserError as error:
        print(str(error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 1


def _init(args) -> int:
    from beredskap_desktop.services.municipality import create_municipality

    create_municipality(args.db, args.name, args.kommunenummer)
    print(_("Created {name} in {path}.").format(name=args.name, path=args.db), file=sys.stderr)
    return 0


def _demo(args) -> int:
    from beredskap_desktop.services.demo import load_demo

    load_demo(args.db, scale=args.scale, seed=args.seed)
    print(_("Created the demo municipality in {path}.").format(path=args.db), file=sys.stderr)
    return 0


def _wrong_usage(message: str) -> int:
    print(_("Wrong usage: {message}").format(message=message), file=sys.stderr)
    return 2


def _import(args) -> int:
    if args.trust and args.kind != "incidents":
        return _wrong_usage(_("--trust is for import incidents only."))
    if args.kind == "incidents":
        from beredskap_desktop.services.import_cli import import_incidents

        return import_incidents(args)
    if args.kind == "contacts":
        from beredskap_desktop.services.contact_import import run_cli_import

        return run_cli_import(args.file, args.db, assume_yes=args.yes)
    from beredskap_desktop.services.exchange.importing import run_cli_import as run_exchange_import

    return run_exchange_import(args.file, args.db, args.kind, assume_yes=args.yes)


def _export(args) -> int:
    if (args.kind in ("archive", "incidents")) != bool(args.incident):
        return _wrong_usage(_("export archive and export incidents need --incident ID, and --incident is for them only."))
    if args.kind == "archive" and len(args.incident) > 1:
        return _wrong_usage(_("export archive writes one incident's package: give one --incident ID."))
    if args.kind == "incidents":
        from beredskap_desktop.services.import_cli import export_incidents

        return export_incidents(args)
    if args.kind == "archive":
        return _export_archive(args)
    if args.kind == "contacts":
        return _export_contacts(args)
    return _export_plans_or_cards(args)


def _export_contacts(args) -> int:
    from beredskap_desktop.services.exporters.contacts import export_contacts
    from beredskap_desktop.storage.database import open_store

    if args.format is None:
        return _wrong_usage(_("export contacts needs --format vcf, csv or xlsx."))
    if args.incident_type or args.role:
        return _wrong_usage(_("--incident-type and --role are for export cards."))
    if args.include_exempt:
        return _wrong_usage(_("--include-exempt is for export plans."))
    with open_store(args.db, read_only=True) as store:
        written = export_contacts(store, args.out, args.format, include_private=args.include_private)
    print(_("Exported {count} contacts to {path}.").format(count=written, path=args.out), file=sys.stderr)
    return 0


def _export_plans_or_cards(args) -> int:
    from beredskap_desktop.services.card_selection import UnknownFilter
    from beredskap_desktop.services.exchange.export import export_cards, export_plans
    from beredskap_desktop.storage.database import open_store

    if args.format or args.include_private:
        return _wrong_usage(_("--format and --include-private are for export contacts; plans and cards are written as JSON."))
    if args.kind == "plans" and (args.incident_type or args.role):
        return _wrong_usage(_("--incident-type and --role are for export cards."))
    if args.kind != "plans" and args.include_exempt:
        return _wrong_usage(_("--include-exempt is for export plans."))
    with open_store(args.db, read_only=True) as store:
        if args.kind == "plans":
            written = export_plans(store, args.out, include_exempt=args.include_exempt)
            print(ngettext("Exported {count} plan to {path}.", "Exported {count} plans to {path}.", written).format(count=written, path=args.out), file=sys.stderr)
            return 0
        try:
            written = export_cards(store, args.out, incident_type=args.incident_type, role=args.role)
        except UnknownFilter as error:
            return _wrong_usage(str(error))
    print(ngettext("Exported {count} action card to {path}.", "Exported {count} action cards to {path}.", written).format(count=written, path=args.out), file=sys.stderr)
    return 0


def _export_archive(args) -> int:
    from beredskap_desktop.services.archive import export_archive
    from beredskap_desktop.services.card_selection import UnknownFilter
    from beredskap_desktop.storage.database import open_store

    if args.format or args.include_private or args.incident_type or args.role or args.include_exempt:
        return _wrong_usage(_("export archive takes only --db, --incident and --out."))
    with open_store(args.db, read_only=True) as store:
        try:
            archived = export_archive(store, args.incident[0], args.out)
        except UnknownFilter as error:
            return _wrong_usage(str(error))
    print(ngettext("Wrote the archive package ({count} file) to {path}.", "Wrote the archive package ({count} files) to {path}.",
                   len(archived.files)).format(count=len(archived.files), path=archived.folder), file=sys.stderr)
    if not archived.chains_verified:
        print(_("The log's chains do NOT verify: see chains.txt in the package."), file=sys.stderr)
    return 0


def _print_usage(args) -> str | None:
    """What is wrong with the incident options of ``print``, if anything."""
    if args.what in _INCIDENT_PRINTOUTS and not args.incident:
        return _("print {what} needs --incident ID.").format(what=args.what)
    if args.incident and args.what not in (*_INCIDENT_PRINTOUTS, "cards"):
        return _("--incident is for print log, sitrep, board, callouts and cards.")
    if args.report is not None and args.what != "sitrep":
        return _("--report is for print sitrep.")
    if args.incident and (args.role or args.incident_type or args.page_size != "A4" or args.include_private or args.public or args.copy):
        return _("An incident's printouts take only --incident (and --report for a situation report).")
    return None


def _print(args) -> int:
    from beredskap_desktop.services.card_selection import UnknownFilter
    from beredskap_desktop.services.files import write_atomically
    from beredskap_desktop.services.printing.printouts import Options, make
    from beredskap_desktop.storage.database import open_store

    wrong = _print_usage(args)
    if wrong:
        return _wrong_usage(wrong)
    options = Options(role=args.role, incident_type=args.incident_type, include_private=args.include_private,
                      public=args.public, page_size=args.page_size, copy=args.copy, incident=args.incident, report=args.report)
    with open_store(args.db, read_only=True) as store:
        try:
            printed = make(store, args.what, options)
        except UnknownFilter as error:
            return _wrong_usage(str(error))
    write_atomically(args.out, lambda handle: handle.write(printed.pdf))
    print(_("Printed {what} to {path}.").format(what=printed.summary, path=args.out), file=sys.stderr)
    if printed.personal_data:
        print(_("The file contains private phone numbers: keep it safe."), file=sys.stderr)
    return 0


def _self_test(args) -> int:
    from beredskap_desktop.services.self_test import run_self_test

    def main_window(db_path: Path) -> None:
        from beredskap_desktop.ui.self_test import show_main_window

        show_main_window(db_path)

    return run_self_test(main_window)


def _operator(args):
    import getpass

    from beredskap_desktop.domain.log import Operator

    name = args.operator
    if name is None:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            name = ""
    return Operator(name.strip(), args.operator_role)


def _unknown_incident(store, incident_id: str) -> int | None:
    """Exit 2 naming the open incidents when ``incident_id`` is not one; ``None`` when it is."""
    from beredskap_desktop.storage import incidents

    if incidents.get(store, incident_id) is not None:
        return None
    known = incidents.list_all(store, include_closed=False)
    listing = "; ".join(f"{i.id} ({i.title})" for i in known) or _("none")
    return _wrong_usage(_("no incident with id {id}. Open incidents: {listing}").format(id=incident_id, listing=listing))


def _incident(args) -> int:
    from beredskap_desktop.services.device import device_id
    from beredskap_desktop.storage import incident_types, incidents
    from beredskap_desktop.storage.database import open_store

    if args.action == "list":
        return _list_incidents(args)
    with open_store(args.db) as store:
        if args.action == "start":
            known = incident_types.names(store)
            unknown = [code for code in args.types if code not in known]
            if unknown:
                return _wrong_usage(_("unknown incident type {codes}; choose from: {choices}").format(
                    codes=", ".join(unknown), choices=", ".join(known)))
            from beredskap_desktop.domain.incidents import Severity

            started = incidents.start(
                store, title=args.title, incident_types=tuple(args.types), severity=Severity(args.severity),
                location=args.location, description=args.description, crisis_room=args.crisis_room,
                exercise=args.exercise, device_id=device_id(), operator=_operator(args))
            print(started.id)
            return 0
        unknown = _unknown_incident(store, args.incident)
        if unknown is not None:
            return unknown
        closed = incidents.close(store, args.incident, notes=args.notes, follow_up=tuple(args.follow_up),
                                 device_id=device_id(), operator=_operator(args))
    print(_("Closed «{title}».").format(title=closed.title), file=sys.stderr)
    return 0


def _list_incidents(args) -> int:
    from beredskap_desktop.domain.clock import show
    from beredskap_desktop.storage import incidents
    from beredskap_desktop.storage.database import open_store

    with open_store(args.db, read_only=True) as store:
        listed = incidents.list_all(store)
    for i in listed:
        marks = _("EXERCISE") if i.exercise else ""
        print("\t".join((i.id, i.status.label, i.phase.label, i.severity.label, show(i.started_at), marks, i.title)))
    if not listed:
        print(_("No incidents."), file=sys.stderr)
    return 0


def _log(args) -> int:
    if args.action == "verify":
        return _verify_log(args)
    from beredskap_desktop.domain.log import Category, Channel, Draft
    from beredskap_desktop.services.device import device_id
    from beredskap_desktop.storage import log
    from beredskap_desktop.storage.database import open_store

    with open_store(args.db) as store:
        unknown = _unknown_incident(store, args.incident)
        if unknown is not None:
            return unknown
        draft = Draft(
            text=args.text, category=Category(args.category), event_at=args.time,
            channel=Channel(args.channel) if args.channel else None, source=args.source, key_event=args.key_event,
            decided_by=args.decided_by, rationale=args.rationale, corrects=args.corrects,
        )
        entry = log.append(store, args.incident, draft, device_id=device_id(), operator=_operator(args))
    print(entry.id)  # only now: append returns once the entry is committed to disk
    return 0


def _verify_log(args) -> int:
    from beredskap_desktop.storage import imports, log
    from beredskap_desktop.storage.database import open_store

    with open_store(args.db, read_only=True) as store:
        if args.incident:
            unknown = _unknown_incident(store, args.incident)
            if unknown is not None:
                return unknown
        results = log.verify(store, args.incident)
        flags = [flag for incident_id in dict.fromkeys(chain.incident_id for chain in results)
                 for flag in imports.clock_flags(store, incident_id)]
    for chain in results:
        print("\t".join((chain.incident_id, chain.device_id, str(chain.count), chain.head)))
    for flag in flags:
        print(_("Wrong clock? Incident {incident}, device {device}: {problem}.").format(
            incident=flag.incident_id, device=flag.device_id, problem=flag.text), file=sys.stderr)
    broken = [chain for chain in results if not chain.valid]
    for chain in broken:
        print(_("Broken: incident {incident}, device {device}, entry {entry} (no. {seq}): {reason}.").format(
            incident=chain.incident_id, device=chain.device_id, entry=chain.first_broken.entry_id,
            seq=chain.first_broken.seq, reason=chain.first_broken.reason.label), file=sys.stderr)
    if broken:
        return 1
    print(ngettext("{count} chain verified.", "All {count} chains verified.", len(results)).format(count=len(results)), file=sys.stderr)
    return 0


def _backup(args) -> int:
    from beredskap_desktop.services import backups

    folder = backups.backup_folder(args.db)
    if args.action in ("run", "list") and args.file is not None:
        return _wrong_usage(_("backup {action} takes no file.").format(action=args.action))
    if args.action == "run":
        if not args.db.exists():
            raise UserError(_("No database at {path}.").format(path=args.db))
        receipt = backups.run_backup(args.db, reason=backups.Reason.MANUAL)
        print(receipt.path)
        return _report_backup(receipt)
    if args.action == "list":
        for receipt in backups.list_backups(folder):
            print("\t".join((receipt.created_at, receipt.reason, _("verified") if receipt.ok else _("NOT verified"), str(receipt.path))))
        return 0
    if args.action == "verify":
        chosen = [args.file] if args.file else [receipt.path for receipt in backups.list_backups(folder)]
        if not chosen:
            raise UserError(_("There are no backups in {folder}.").format(folder=folder))
        return max(_report_backup(backups.verify_backup(path)) for path in chosen)
    if args.file is None:
        return _wrong_usage(_("backup restore needs the backup file."))
    if not args.yes:
        print(_("Nothing restored: restoring replaces {db}; add --yes (the current state is backed up first).").format(db=args.db),
              file=sys.stderr)
        return 1
    restored = backups.restore(args.file, args.db)
    print(_("Restored {file} into {db}; the state before is kept in {previous}.").format(
        file=args.file, db=args.db, previous=restored.previous.path if restored.previous else "–"), file=sys.stderr)
    return 0


def _report_backup(receipt) -> int:
    if receipt.ok:
        print(_("{path}: verified (integrity, row counts, log chains).").format(path=receipt.path), file=sys.stderr)
        return 0
    print(_("{path}: NOT verified: {problems}").format(path=receipt.path, problems="; ".join(receipt.problems)), file=sys.stderr)
    return 1


def _snapshot(args) -> int:
    if args.action == "export" and args.encrypt_passphrase_file and not args.encrypt:
        return _wrong_usage(_("--encrypt-passphrase-file is for --encrypt only."))
    if args.action == "open":
        from beredskap_desktop.ui.app import run_snapshot_gui

        return run_snapshot_gui(args.file, passphrase_file=args.passphrase_file, exit_when_shown=args.exit_when_shown)
    if args.action == "import":
        from beredskap_desktop.services.import_cli import snapshot_import

        return snapshot_import(args)
    from beredskap_desktop.services.snapshot_cli import run

    return run(args)


_COMMANDS = {"init": _init, "demo": _demo, "import": _import, "export": _export, "print": _print, "self-test": _self_test,
             "incident": _incident, "log": _log, "snapshot": _snapshot, "backup": _backup}
