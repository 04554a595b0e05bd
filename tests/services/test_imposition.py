"""A5 two to a sheet: A4 landscape sheets, pages in order left then right, text and embedded
fonts kept, the same bytes for the same input."""

from __future__ import annotations

import io
import math
import re
from datetime import datetime, timezone

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ContentStream
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.platypus import PageBreak, Paragraph

from tests.pdf_text import flat
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.services.printing.cards import build_card_sheets, render_card_sheets
from beredskap_desktop.services.printing.imposition import two_up
from beredskap_desktop.services.printing.styles import PageInfo, SectionStart, render, styles
from beredskap_desktop.storage.database import open_store

NOW = datetime(2026, 11, 21, 16, 42, tzinfo=timezone.utc)
FOOTER = re.compile(r"TK-\d+ · \S+ \d+/\d+")


@pytest.fixture(scope="module")
def card_pdf(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    load_demo(path)
    with open_store(path, read_only=True) as store:
        return render_card_sheets(build_card_sheets(store, role="kriseleder", now=NOW), "A5")


def halves(pdf: bytes) -> list[tuple[str, str]]:
    """The text in the left and the right half of each sheet, as pdfium lays it out."""
    document = pdfium.PdfDocument(pdf)
    found = []
    for sheet in document:
        width, height = sheet.get_size()
        text = sheet.get_textpage()
        found.append(tuple(flat(text.get_text_bounded(left, 0, left + width / 2, height)) for left in (0, width / 2)))
    return found


def test_a5_card_sheets_go_two_to_an_a4_landscape_sheet_in_order(card_pdf):
    pages = [flat(page.extract_text()) for page in PdfReader(io.BytesIO(card_pdf)).pages]
    assert len(pages) > 10
    sheet_pdf = two_up(card_pdf)
    sheets = PdfReader(io.BytesIO(sheet_pdf)).pages
    assert len(sheets) == math.ceil(len(pages) / 2)
    width, height = landscape(A4)
    for number, (sheet, (left_half, right_half)) in enumerate(zip(sheets, halves(sheet_pdf))):
        assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == pytest.approx((width, height), abs=0.01)
        left, right = (pages[2 * number:2 * number + 2] + [""])[:2]
        text = flat(sheet.extract_text())
        assert text.index(left) < text.index(right) if right else left in text
        assert FOOTER.findall(left_half) == FOOTER.findall(left) and len(FOOTER.findall(left)) == 1
        assert FOOTER.findall(right_half) == FOOTER.findall(right)


def test_fonts_stay_embedded_and_the_bytes_are_stable(card_pdf):
    sheets = two_up(card_pdf)
    assert sheets == two_up(card_pdf)
    fonts = set()
    for sheet in PdfReader(io.BytesIO(sheets)).pages:
        assert "/Font" not in sheet["/Resources"]
        for form in sheet["/Resources"]["/XObject"].values():
            for font in form.get_object()["/Resources"].get("/Font", {}).values():
                font = font.get_object()
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else font["/FontDescriptor"]
                assert "/FontFile2" in descriptor
                fonts.add(font["/BaseFont"].split("+")[-1])
    assert fonts == {"DejaVuSans", "DejaVuSans-Bold"}
    assert len(sheets) < 1.2 * len(card_pdf)  # content streams are copied, not rewritten


def test_an_odd_page_count_leaves_the_last_right_half_empty():
    story = []
    for number, word in enumerate(("Første", "Andre", "Tredje"), start=1):
        if story:
            story.append(PageBreak())
        story += [SectionStart(PageInfo(f"S{number}", "Prøve", "Øyvik", "21.11.2026 17:42")),
                  Paragraph(f"{word} side æøå ÆØÅ", styles().body)]
    pdf = render(story, page_size="A5")
    pdf_sheets = two_up(pdf)
    sheets = PdfReader(io.BytesIO(pdf_sheets)).pages
    assert len(sheets) == 2
    first, second = (flat(sheet.extract_text()) for sheet in sheets)
    assert first.index("Første side æøå ÆØÅ") < first.index("Andre side æøå ÆØÅ") and "Tredje" not in first
    assert "Tredje side æøå ÆØÅ" in second and "Andre" not in second
    assert [left and not right for left, right in halves(pdf_sheets)] == [False, True]


def test_blank_pages_are_placed_and_split_content_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(*A5)
    writer.add_blank_page(*A5)
    blank = io.BytesIO()
    writer.write(blank)
    assert len(PdfReader(io.BytesIO(two_up(blank.getvalue()))).pages) == 1

    parts = []
    for text in (b"0 0 m 10 10 l S", b"10 0 m 0 10 l S"):
        part = ContentStream(None, writer)
        part.set_data(text)
        parts.append(part)
    writer.pages[0].replace_contents(ArrayObject(parts))
    split = io.BytesIO()
    writer.write(split)
    with pytest.raises(ValueError, match="one stream"):
        two_up(split.getvalue())
