"""The printed backup receipt: the facts and the chains' heads as recorded, a failure in red."""

from __future__ import annotations

from datetime import timedelta

import io

from pypdf import PdfReader

from beredskap_desktop.domain.log import grouped
from beredskap_desktop.services import backups
from beredskap_desktop.services.backups import Reason
from beredskap_desktop.services.printing.backup_receipt import build_backup_receipt, render_backup_receipt
from beredskap_desktop.storage import municipality
from tests.pdf_text import page_texts
from tests.services.test_backups import T0, with_incident


def test_a_receipt_prints_what_the_backup_holds(store):
    municipality.set_municipality(store, "Ørland kommune", "5057")
    incident = with_incident(store)
    receipt = backups.run_backup(store, reason=Reason.BEFORE_IMPORT, now=T0)
    model = build_backup_receipt(receipt, now=T0 + timedelta(minutes=1))
    assert model.municipality == "Ørland kommune"
    pdf = render_backup_receipt(model)
    [text] = page_texts(pdf)
    assert receipt.path.name in text and "Ørland kommune" in text
    assert grouped(receipt.sha256) in text
    for chain in receipt.chains:
        assert chain.incident_id[:8] == incident.id[:8] and grouped(chain.head)[:39] in text
    assert f"log_entry {receipt.row_counts['log_entry']}" in text
    fonts = {str(font) for page in PdfReader(io.BytesIO(pdf)).pages for font in page["/Resources"]["/Font"].values()
             for font in [font.get_object()["/BaseFont"]]}
    assert fonts and all("DejaVu" in font for font in fonts)


def test_a_failed_test_and_its_reason_are_printed(store):
    receipt = backups.run_backup(store, reason=Reason.MANUAL, now=T0)
    data = bytearray(receipt.path.read_bytes())
    data[-10] ^= 0xFF
    receipt.path.write_bytes(bytes(data))
    failed = backups.verify_backup(receipt.path)
    [text] = page_texts(render_backup_receipt(build_backup_receipt(failed, now=T0)))
    assert "SHA-256" in text and failed.problems[0][:40] in text
    [passed_text] = page_texts(render_backup_receipt(build_backup_receipt(
        backups.run_backup(store, reason=Reason.MANUAL, now=T0 + timedelta(hours=1)), now=T0)))
    assert failed.problems[0][:40] not in passed_text
