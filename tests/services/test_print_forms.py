"""Blank forms: the model (keys, columns, rows, no timestamps in the content), then the PDF
(one A4 page each in both languages, boxes to tick, embedded fonts, A5 over more pages)."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.units import mm

from tests.pdf_text import page_texts
from beredskap_desktop.i18n import _, set_language
from tests.pdf_text import page_texts
from beredskap_desktop.services.card_selection import UnknownFilter
from tests.pdf_text import page_texts
from beredskap_desktop.services.printing.documents import content_hash
from tests.pdf_text import page_texts
from beredskap_desktop.services.printing.forms import (
    FORM_KEYS, Areas, Choices, Fields, Grid, build_forms, form_parts, render_forms)
from tests.pdf_text import page_texts
from beredskap_desktop.storage import municipality

NOW = datetime(2026, 11, 21, 16, 42, tzinfo=timezone.utc)  # 17:42 in Oslo


@pytest.fixture
def model(store):
    municipality.set_municipality(store, "Øyvik", "4699")
    return build_forms(store, now=NOW)


def blocks(form, kind) -> list:
    return [block for block in form.blocks if isinstance(block, kind)]


def field_labels(form) -> list[str]:
    return [field.label for block in blocks(form, Fields) for row in block.rows for field in row]


def text_of(pdf: bytes) -> list[str]:
    return page_texts(pdf)


def tick_boxes(page) -> int:
    """Small squares drawn on ``page`` (the boxes to tick)."""
    operations = ContentStream(page.get_contents(), page.pdf).operations
    return sum(1 for operands, operator in operations
               if operator == b"re" and abs(operands[2] - operands[3]) < 0.01 and 3 * mm < operands[2] < 6 * mm)


def test_four_forms_with_their_fields_columns_and_rows(model):
    assert model.municipality == "Øyvik" and model.data_as_of == NOW
    assert [form.key for form in model.forms] == list(FORM_KEYS) == ["form:log", "form:callout", "form:sitrep", "form:stock"]
    log, callout, sitrep, stock = model.forms
    assert [form.title for form in model.forms] == [_("Incident log"), _("Call-out sheet"), _("Situation report"), _("Stock count")]

    assert field_labels(log) == [_("Incident"), _("Date"), _("Page"), _("Logged by")]
    (grid,) = blocks(log, Grid)
    assert [column.label for column in grid.columns] == [_("Time"), _("From/To"), _("Message"), _("Action/Decision"), _("Sign.")]
    assert max(grid.columns, key=lambda column: column.share).label == _("Message")
    assert grid.columns[2].share > 0.4 * sum(column.share for column in grid.columns)
    assert grid.rows >= 20 and grid.height >= 10

    assert field_labels(callout)[:2] == [_("Alert list"), _("Called by")]
    (grid,) = blocks(callout, Grid)
    assert [column.label for column in grid.columns if column.tick] == [_("Reached"), _("No answer"), _("Wrong number"), _("Confirmed")]
    assert [column.label for column in grid.columns if not column.tick] == [
        _("Name"), _("Number"), _("Time called"), _("Deputy called"), _("Sign.")]
    assert grid.rows >= 20 and grid.height >= 10

    assert field_labels(stock)[:3] == [_("Location"), _("Counted by"), _("Date")]
    (grid,) = blocks(stock, Grid)
    assert [column.label for column in grid.columns] == [
        _("Item"), _("Unit"), _("Minimum level"), _("Counted"), _("Expiry date"), _("Note")]
    assert grid.rows >= 20 and grid.height >= 10


def test_the_situation_report_has_every_heading_of_the_domain(model):
    sitrep = model.forms[2]
    labels = field_labels(sitrep)
    for label in ("Report no.", "Report from", "Report to", "Time", "Next report at", "Contact person",
                  "Dead", "Injured", "Evacuated", "Missing", "Approved by"):
        assert _(label) in labels, label
    assert [field.text for block in blocks(sitrep, Fields) for row in block.rows for field in row if field.text] == ["Øyvik"]
    (grid,) = blocks(sitrep, Grid)
    assert grid.rows == len(grid.labels) == 8
    assert grid.labels[0] == _("Power") and grid.labels[-1] == _("Schools and kindergartens")
    assert sum(column.tick for column in grid.columns) == 3
    areas = [area.label for block in blocks(sitrep, Areas) for area in block.areas]
    assert areas == [_("Situation description"), _("Actions taken"), _("Planned actions and expected development"),
                     _("Need for assistance and resources"), _("Communication (public, media, channels)"), _("Other matters")]
    (sent,) = blocks(sitrep, Choices)
    assert sent.options == (_("E-mail"), _("DSB-CIM"), _("Phone"), _("Nødnett"), _("Courier"))


def test_parts_in_the_order_asked_with_hashes_that_ignore_time(store, model):
    parts = form_parts(model)
    assert [(part.key, part.title) for part in parts] == [(form.key, form.title) for form in model.forms]
    assert [part.content for part in parts] == list(model.forms)
    assert [part.key for part in form_parts(model, ["form:stock", "form:log"])] == ["form:stock", "form:log"]
    later = build_forms(store, now=NOW + timedelta(days=30))
    assert [content_hash(part.content) for part in form_parts(later)] == [content_hash(part.content) for part in parts]
    municipality.set_municipality(store, "Åsvik", "4698")
    renamed = [content_hash(part.content) for part in form_parts(build_forms(store, now=NOW))]
    assert [old == new for old, new in zip((content_hash(part.content) for part in parts), renamed)] == [True, True, False, True]
    with pytest.raises(UnknownFilter, match="form:log"):
        form_parts(model, ["form:sitrep", "form:logg"])
    with pytest.raises(UnknownFilter, match="form:stock"):
        render_forms(model, [])


def test_each_form_is_one_a4_page_with_its_footer_and_boxes_to_tick(model):
    pdf = render_forms(model)
    pages = text_of(pdf)
    assert len(pages) == 4
    for page, form in zip(pages, model.forms):
        assert _("{label} · page {page}/{pages}").format(label=form.title, page=1, pages=1) in page
        assert "Øyvik" in page and "21.11.2026 17:42" in page
        for label in field_labels(form):
            assert label in page, label
    for label in (_("Message"), _("Action/Decision"), _("Sign.")):
        assert label in pages[0]
    assert _("Life and health: number of people") in pages[2] and _("Schools and kindergartens") in pages[2]
    reader = PdfReader(io.BytesIO(pdf))
    callout_grid = blocks(model.forms[1], Grid)[0]
    sitrep_grid = blocks(model.forms[2], Grid)[0]
    assert [tick_boxes(page) for page in reader.pages] == [
        0, 4 * callout_grid.rows, 3 * sitrep_grid.rows + len(blocks(model.forms[2], Choices)[0].options), 0]
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else font["/FontDescriptor"]
            assert "DejaVu" in font["/BaseFont"] and "/FontFile2" in descriptor
    assert pdf == render_forms(model)


def test_one_page_each_in_english_too(store):
    set_language("en")
    model = build_forms(store, now=NOW)
    pages = text_of(render_forms(model))
    assert [re.search(r"· page (\d+/\d+)", page)[1] for page in pages] == ["1/1"] * 4
    assert "Situation report" in pages[2] and "Critical societal function" in pages[2]


def test_some_forms_on_a5_run_over_pages_numbered_per_form(model):
    calls = []
    pages = text_of(render_forms(model, ["form:sitrep", "form:callout"], "A5", progress=lambda done, total: calls.append((done, total))))
    assert calls[-1] == (2, 2)
    footers = [next((title, int(found[1]), int(found[2])) for title in (_("Situation report"), _("Call-out sheet"))
                    if (found := re.search(re.escape(title) + r" · \S+ (\d+)/(\d+)", page))) for page in pages]
    sitrep = [footer for footer in footers if footer[0] == _("Situation report")]
    assert len(sitrep) > 1 and [footer[1:] for footer in sitrep] == [(n, len(sitrep)) for n in range(1, len(sitrep) + 1)]
    assert footers[len(sitrep)][:2] == (_("Call-out sheet"), 1) and len(footers) > len(sitrep) + 1
    assert all(label in " ".join(pages) for label in blocks(model.forms[2], Grid)[0].labels)
