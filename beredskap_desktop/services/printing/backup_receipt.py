"""A backup's receipt on paper: what was copied, its SHA-256 to read aloud, the restore
test's result, the rows per data table and every incident log chain's head, with a line to sign."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from beredskap_desktop.domain.clock import now_utc, show
from beredskap_desktop.domain.log import grouped
from beredskap_desktop.i18n import _
from beredskap_desktop.services.backups import Reason, Receipt
from beredskap_desktop.services.printing.styles import (
    BOLD, FONT, GRID, MARK_COLOUR, SHADE, PageInfo, SectionStart, render, styles,
)


@dataclass(frozen=True)
class BackupReceiptPrintout:
    municipality: str
    printed_at: datetime
    receipt: Receipt


def build_backup_receipt(receipt: Receipt, *, now: datetime | None = None) -> BackupReceiptPrintout:
    """The receipt as recorded (call ``verify_backup`` first for a fresh test), with the
    municipality's name read from the backup itself when it can be read."""
    return BackupReceiptPrintout(_municipality(receipt), now or now_utc(), receipt)


def _municipality(receipt: Receipt) -> str:
    try:
        conn = sqlite3.connect(f"{receipt.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT name FROM municipality LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return ""
    return row[0] if row else ""


def render_backup_receipt(model: BackupReceiptPrintout, page_size: str = "A4") -> bytes:
    receipt = model.receipt
    title = _("Backup receipt")
    info = PageInfo(title, title, model.municipality, show(model.printed_at), key=f"backup:{receipt.path.name}")
    s = styles()
    created = receipt.created
    try:
        reason = Reason(receipt.reason).label
    except ValueError:
        reason = receipt.reason
    result = _("Passed") if receipt.ok else _("FAILED")
    size = f"{receipt.size:,}".replace(",", " ")
    facts = [
        (_("File"), receipt.path.name),
        (_("Taken"), show(created) if created else "–"),
        (_("Why"), reason),
        (_("Copy of"), receipt.source),
        (_("Size"), _("{size} bytes").format(size=size)),
        (_("SHA-256"), grouped(receipt.sha256)),
        (_("Schema version"), receipt.schema_version or "–"),
        (_("Restore test"), result),
        (_("Tested"), _("{moment} in {seconds} s").format(
            moment=show(datetime.fromisoformat(receipt.tested_at)) if receipt.tested_at else "–",
            seconds=f"{receipt.test_seconds:.2f}")),
    ]
    story = [SectionStart(info), Paragraph(title, s.title), _facts_table(facts, receipt.ok)]
    problem_style = ParagraphStyle("problem", s.body, textColor=MARK_COLOUR, spaceBefore=2 * mm)
    story += [Paragraph(_escape(problem), problem_style) for problem in receipt.problems]
    story += [Paragraph(_("Incident log chains"), s.heading), _chains_table(receipt)]
    story += [Paragraph(_("Rows per table"), s.heading), _counts_table(receipt)]
    story += [Spacer(0, 6 * mm), Paragraph(_("Checked against the file by (name, date, signature):"), s.body),
              Spacer(0, 8 * mm), Paragraph("_" * 60, s.body)]
    return render(story, page_size=page_size, title=title, author=model.municipality)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _style(extra: list) -> TableStyle:
    return TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 10, 13), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID), ("BOX", (0, 0), (-1, -1), 0.8, GRID), *extra,
    ])


def _facts_table(facts: list[tuple[str, str]], ok: bool) -> Table:
    body = styles().small
    rows = [[label, Paragraph(_escape(value), body)] for label, value in facts]
    result_row = len(facts) - 2
    colour = "" if ok else f' color="{MARK_COLOUR.hexval().replace("0x", "#")}"'
    rows[result_row][1] = Paragraph(f'<font name="{BOLD}"{colour}>{_escape(facts[result_row][1])}</font>', body)
    table = Table(rows, colWidths=[38 * mm, 138 * mm])
    table.setStyle(_style([("FONTNAME", (0, 0), (0, -1), BOLD), ("BACKGROUND", (0, 0), (0, -1), SHADE)]))
    return table


def _chains_table(receipt: Receipt) -> Table:
    rows: list[list[str]] = [[_("Incident"), _("Device"), _("Entries"), _("Head (last hash)")]]
    for chain in receipt.chains:
        head = grouped(chain.head)
        rows.append([chain.incident_id[:8], chain.device_id[:24], str(chain.count), f"{head[:39]}\n{head[40:]}"])
    if len(rows) == 1:
        rows.append([_("No incident log entries."), "", "", ""])
    table = Table(rows, colWidths=[22 * mm, 36 * mm, 26 * mm, 92 * mm], repeatRows=1)
    table.setStyle(_style([("FONTNAME", (0, 0), (-1, 0), BOLD), ("BACKGROUND", (0, 0), (-1, 0), SHADE)]))
    return table


def _counts_table(receipt: Receipt, columns: int = 3) -> Table:
    counted = sorted((table, rows) for table, rows in receipt.row_counts.items()
                     if "_fts" not in table and not table.startswith("_"))  # the data, not the search index
    height = -(-len(counted) // columns)
    rows: list[list[str]] = [[_("Table"), _("Rows")] * columns]
    for index in range(height):
        row: list[str] = []
        for column in range(columns):
            place = column * height + index
            row += [counted[place][0], str(counted[place][1])] if place < len(counted) else ["", ""]
        rows.append(row)
    table = Table(rows, colWidths=[40 * mm, 18 * mm] * columns, repeatRows=1)
    table.setStyle(_style([("FONT", (0, 0), (-1, -1), FONT, 8, 10), ("FONTNAME", (0, 0), (-1, 0), BOLD),
                           ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                           *(("ALIGN", (column, 0), (column, -1), "RIGHT") for column in range(1, 2 * columns, 2))]))
    return table
