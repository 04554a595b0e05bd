"""The page machinery every printout shares: page numbers per document and per file, a table of
contents filled in one pass, leaving out documents, the watermark and progress."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, Paragraph

from tests.pdf_text import contents_entries, page_texts
from beredskap_desktop.services.printing.styles import (
    BOLD, FONT, Anchor, Contents, ContentsEntry, PageInfo, SectionStart, TextLines, long_table, render, styles, text_cell,
    wrap_text,
)


def text_of(pdf: bytes) -> list[str]:
    return page_texts(pdf)


def contents_lines(pdf: bytes, page: int) -> dict[str, int]:
    return contents_entries(pdf, page)


def story(pages_per_document: dict[str, int]) -> list:
    """A table of contents, then documents of the given page counts, the last one with an anchor
    on its second page."""
    entries = [ContentsEntry(f"Dokument {key}", key) for key in pages_per_document]
    entries.append(ContentsEntry("Andre side i C", "c-2", level=1, within_document=True))
    flowables: list = [SectionStart(PageInfo("Innhold", "Perm", "Øyvik", "21.11.2026 17:42")), Contents(entries)]
    for key, pages in pages_per_document.items():
        flowables += [PageBreak(), SectionStart(PageInfo(key.upper(), "Perm", "Øyvik", "21.11.2026 17:42", key=key))]
        for page in range(pages):
            if page:
                flowables.append(PageBreak())
            if key == "c" and page == 1:
                flowables.append(Anchor("c-2"))
            flowables.append(Paragraph(f"Innhold {key} {page + 1} æøå ÆØÅ", styles().body))
    return flowables


def test_contents_gives_file_pages_and_document_pages():
    pdf = render(story({"a": 2, "b": 1, "c": 3}), running_title="Beredskapsperm")
    pages = text_of(pdf)
    assert len(pages) == 7
    assert contents_lines(pdf, 0) == {"Dokument a": 2, "Dokument b": 4, "Dokument c": 5, "Andre side i C": 2}
    assert "C · side 2/3" in pages[5] and "Beredskapsperm s. 6/7" in pages[5]
    assert "Innhold c 2 æøå ÆØÅ" in pages[5]


def test_keep_leaves_out_other_documents_but_keeps_the_numbers():
    pages = text_of(render(story({"a": 2, "b": 1, "c": 3}), running_title="Beredskapsperm", keep=frozenset({"b"})))
    assert len(pages) == 1
    assert "B · side 1/1" in pages[0] and "Beredskapsperm s. 4/7" in pages[0]


def test_a_long_contents_runs_over_pages_and_numbers_stay_right():
    documents = {f"d{n:03}": 1 for n in range(120)}
    pdf = render(story(documents))
    pages = text_of(pdf)
    first_document = next(i for i, page in enumerate(pages) if "Innhold d000 1" in page)
    assert first_document == 3  # the list runs over three pages
    listed = contents_lines(pdf, 0) | contents_lines(pdf, 1) | contents_lines(pdf, 2)
    assert len(listed) == 120  # "Andre side i C" points nowhere here: no number
    assert {title: listed[title] for title in ("Dokument d000", "Dokument d119")} == {
        "Dokument d000": first_document + 1, "Dokument d119": first_document + 120}
    assert pages[first_document + 119].startswith("Innhold d119")


def test_watermark_on_every_page_and_progress_per_document():
    calls = []
    pdf = render(story({"a": 1, "b": 1}), watermark="ØVELSE", progress=lambda done, total: calls.append((done, total)))
    assert all("ØVELSE" in page for page in text_of(pdf))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_progress_may_stop_the_work():
    class Stop(Exception):
        pass

    def stop(done, total):
        if done == 1:
            raise Stop()

    with pytest.raises(Stop):
        render(story({"a": 1, "b": 1}), progress=stop)


def test_wrap_text_keeps_every_line_within_the_width_and_breaks_long_addresses_after_a_separator():
    body = styles().body
    text = "Ring vakthavende på Øyvik brannstasjon\nSend e-post til postmottak.beredskap@oyvik.kommune.no"
    lines = wrap_text(text, body, 150)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")  # nothing lost
    assert all(stringWidth(line, body.fontName, body.fontSize) <= 150 for line in lines)
    assert lines[0].startswith("Ring") and any(line.endswith(("@", ".")) for line in lines)
    assert text_cell(["Mob. 912 34 567", "", "Tlf. 57 70 40 00"], body, 150) == "Mob. 912 34 567\nTlf. 57 70 40 00"


def test_text_lines_start_with_a_bold_lead_and_run_over_pages():
    s = styles()
    steps = " ".join(f"Steg {n} æøå ÆØÅ." for n in range(400))
    pdf = render([SectionStart(PageInfo("TK-01", "Tiltakskort", "Øyvik", "21.11.2026 17:42")),
                  TextLines([("Kriseleder", s.body, "Rolle:"), (steps, s.small)])])
    pages = text_of(pdf)
    assert len(pages) > 1 and pages[0].startswith("Rolle: Kriseleder")
    words = " ".join(pages).split()
    assert [word for word in words if word == "Steg"] == ["Steg"] * 400  # every line once, none lost at a page break
    assert "Steg 399 æøå ÆØÅ." in pages[-1]
    runs: list[tuple[str, str]] = []
    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=lambda text, cm, tm, font, size: runs.append(
        (text.strip(), font["/BaseFont"].split("+")[-1] if font else "")))
    assert ("Rolle:", "DejaVuSans-Bold") in runs and ("Kriseleder", "DejaVuSans") in runs


def test_text_lines_split_at_a_cells_width_and_laid_out_narrower_keep_every_word():
    """A table splits a cell at the column's width and lays the parts out less the padding."""
    s = styles()
    text = TextLines([("Kriseleder og stedfortreder for beredskapskoordinatoren", s.body, "Rolle:"),
                      (" ".join(f"ord{n}" for n in range(60)), s.small)])
    text.wrap(200, 1000)
    parts = text.split(200, 60)
    assert len(parts) == 2
    words = []
    for part in parts:
        part.wrap(180, 1000)
        words += [word for pieces, _style in part._lines for _font, piece in pieces for word in piece.split()]
    assert words == ["Rolle:", *"Kriseleder og stedfortreder for beredskapskoordinatoren".split(), *(f"ord{n}" for n in range(60))]


@pytest.mark.parametrize("page_size", ["A4", "A5"])
def test_a_long_table_runs_over_pages_with_its_heading_on_each_and_every_row_once(page_size):
    rows = [[f"Person {n:04}", f"{n % 7 * 'lang tekst '}".strip()] for n in range(700)]
    style = [("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTNAME", (0, 0), (-1, 0), BOLD)]
    pdf = render([SectionStart(PageInfo("Katalog", "Katalog", "Øyvik", "21.11.2026 17:42")), Paragraph("Før tabellen", styles().body),
                  long_table(["Navn", "Detaljer"], rows, [200, 280 if page_size == "A4" else 150], style)], page_size=page_size)
    pages = text_of(pdf)
    assert len(pages) > 10
    for page in pages:
        assert page.count("Navn Detaljer") == 1  # the heading on every page, and only at its top
    people = [int(number) for page in pages for number in re.findall(r"Person (\d{4})", page)]
    assert people == list(range(700))
