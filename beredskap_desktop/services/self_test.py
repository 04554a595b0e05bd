"""``self-test``: the checks the packaged app runs on itself (CI runs them on the bundle).

Every step works in a temporary folder, never on the user's database, and prints one
line to standard error: ``OK <step>`` or ``FAILED <step>: <reason>``. The folder is
removed at the end. The GUI step comes from the caller (``ui/self_test.py``), so this
module needs no Qt.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.paths import resource_path
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.storage import migrations, municipality
from beredskap_desktop.storage.database import applied_migrations, open_store

PDF_FONT = "DejaVuSans"


def run_self_test(main_window: Callable[[Path], None], out: TextIO | None = None) -> int:
    """Run every step; ``main_window(db_path)`` opens the main window on the demo and closes it.

    Returns the exit code: 0 when every step passed, else 1.
    """
    out = out or sys.stderr
    work = Path(tempfile.mkdtemp(prefix="beredskap-self-test-"))
    demo_db = work / "demo.sqlite"
    steps: list[tuple[str, Callable[[], None]]] = [
        ("database", lambda: check_database(work / "empty.sqlite")),
        ("demo", lambda: check_demo(demo_db)),
        ("pdf", lambda: check_pdf(demo_db, work / "self-test.pdf")),
        ("contacts round trip", lambda: check_contacts_round_trip(demo_db, work / "contacts.csv")),
        ("snapshot", lambda: check_snapshot(demo_db, work)),
        ("main window", lambda: main_window(demo_db)),
        ("clean up", lambda: shutil.rmtree(work)),
    ]
    failed = 0
    try:
        for name, step in steps:
            try:
                step()
            except Exception as error:  # noqa: BLE001 - a self-test reports whatever broke
                failed += 1
                reason = str(error) if isinstance(error, UserError) else f"{type(error).__name__}: {error}"
                print(f"FAILED {name}: {reason}", file=out, flush=True)
            else:
                print(f"OK {name}", file=out, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failed:
        print(_("Self-test failed: {failed} of {total} checks.").format(failed=failed, total=len(steps)), file=out)
        return 1
    print(_("Self-test passed: all {total} checks.").format(total=len(steps)), file=out)
    return 0


def check_database(path: Path) -> None:
    """A new database gets every migration this build knows."""
    with open_store(path, create=True) as store:
        applied = applied_migrations(store.conn)
    if applied != migrations.known_names():
        raise AssertionError(f"migrations applied {applied}, expected {migrations.known_names()}")


def check_demo(path: Path) -> None:
    """The demo municipality loads from the bundled data files."""
    load_demo(path)
    with open_store(path, read_only=True) as store:
        if municipality.get(store) is None:
            raise AssertionError("the demo has no municipality")


def check_pdf(db_path: Path, out: Path) -> None:
    """The demo's emergency binder prints in the bundled, embedded font with its name and æøå,
    action cards go two A5 pages to an A4 sheet, and the print preview's renderer draws a page."""
    import pypdfium2

    from beredskap_desktop.services.printing.printouts import Options, make

    with open_store(db_path, read_only=True) as store:
        name = municipality.get(store).name
        binder = make(store, "binder", Options()).pdf
        two_up = make(store, "cards", Options(page_size="A5")).pdf
    out.write_bytes(binder)
    check_pdf_embeds(binder, PDF_FONT)
    document = pypdfium2.PdfDocument(binder)
    try:
        text = " ".join(document[index].get_textpage().get_text_range() for index in range(2))
        if name not in text or not set("æøåÆØÅ") & set(text):
            raise AssertionError(f"the binder's first pages lack {name!r} or æøå")
        bitmap = document[0].render(scale=0.25, fill_color=(255, 255, 255, 255))
        if bytes(bitmap.buffer).count(255) == len(bitmap.buffer):
            raise AssertionError("the preview renderer drew a blank page")
    finally:
        document.close()
    if len(pypdfium2.PdfDocument(two_up)) < 2:
        raise AssertionError("the A5 action cards made fewer than two sheets")


def check_pdf_embeds(data: bytes, font: str) -> None:
    """``data`` is a PDF that embeds the TrueType font ``font``."""
    if not data.startswith(b"%PDF-"):
        raise AssertionError("not a PDF")
    if b"+" + font.encode("ascii") not in data or b"/FontFile2" not in data:
        raise AssertionError(f"the PDF does not embed {font}")


def check_contacts_round_trip(db_path: Path, out: Path) -> None:
    """Export the demo's contacts to CSV and plan importing them back: nothing new, nothing rejected."""
    from beredskap_desktop.services.contact_import import plan_import
    from beredskap_desktop.services.exporters.contacts import export_contacts
    from beredskap_desktop.services.importers import read_contacts

    with open_store(db_path, read_only=True) as store:
        written = export_contacts(store, out, "csv")
        plan = plan_import(store, read_contacts(out))
    if not written:
        raise AssertionError("no contacts were exported")
    if plan.new or plan.rejected:
        raise AssertionError(f"the export imports back with {len(plan.new)} new and {len(plan.rejected)} rejected contacts")


def check_snapshot(db_path: Path, work: Path) -> None:
    """Sign a snapshot of the demo with a new key, verify it and import it into a copy of the
    demo (cryptography, the backup API and the tested backup all work in this installation)."""
    from beredskap_desktop.domain.clock import now_utc, to_iso
    from beredskap_desktop.services import keys, snapshot_import, snapshots

    keys.generate(work / "keys", "self-test")
    snapshot, copy = work / "demo.beredskap", work / "copy.sqlite"
    snapshots.export_snapshot(db_path, snapshot, work / "keys", "self-test", source_device="self-test", now=to_iso(now_utc()))
    shutil.copyfile(db_path, copy)
    with open_store(copy) as store:
        done = snapshot_import.import_snapshot(store, snapshot, trust=snapshots.verify_snapshot(snapshot).fingerprint)
    if not done.backup.ok or done.preview.manifest.sequence != 1:
        raise AssertionError("the snapshot did not import with a tested backup")
