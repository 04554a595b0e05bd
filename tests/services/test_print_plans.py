"""Printed plans: the model (order, facts, public version), the Markdown layout, then the PDF."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.pdf_text import page_texts
from beredskap_desktop.domain.clock import OSLO
from tests.pdf_text import page_texts
from beredskap_desktop.domain.contacts import Contact
from tests.pdf_text import page_texts
from beredskap_desktop.domain.plans import Classification, LegalPart, Plan, PlanStatus, PlanType, Section
from tests.pdf_text import page_texts
from beredskap_desktop.i18n import _
from tests.pdf_text import page_texts
from beredskap_desktop.services.card_selection import UnknownFilter
from tests.pdf_text import page_texts
from beredskap_desktop.services.demo import load_demo
from tests.pdf_text import page_texts
from beredskap_desktop.services.printing.documents import PrintContext, content_hash
from tests.pdf_text import page_texts
from beredskap_desktop.services.printing.plans import (
    Holder, PlanPrintout, PlanSheet, PrintedSection, RevisionLine, build_plan_printout, exempt_mark, markdown_flowables,
    plan_parts, render_plan_printout,
)
from tests.pdf_text import page_texts
from beredskap_desktop.services.printing.styles import PageInfo, SectionStart, render
from tests.pdf_text import page_texts
from beredskap_desktop.storage import contacts, municipality
from tests.pdf_text import page_texts
from beredskap_desktop.storage import plans as plan_store
from tests.pdf_text import page_texts
from beredskap_desktop.storage.database import open_store
from tests.services.test_print_styles import contents_lines

NOW = datetime(2026, 11, 21, 16, 42, tzinfo=timezone.utc)  # 17:42 in Oslo

BODY = """Kriseledelsen møtes på **Øyvik rådhus**, *2. etasje*.

### Møtet
- Åpne møtet
- Gå gjennom situasjonen

1. Første punkt
2. Andre punkt

| Rolle | Hvem | Telefon |
|---|---|--:|
| Kriseleder | Kommunedirektør | 57 70 40 00 |
| Stabssjef | **Bjørn Åsland** | 57 70 40 01 |
"""


@pytest.fixture
def ids(store):
    """Øyvik: an adopted overall plan (an exempt section, a private number in the text), a draft
    crisis communication plan under it, and an archived plan."""
    municipality.set_municipality(store, "Øyvik", "4699")
    contacts.save(store, Contact("", "Kari Ødegård", role_ids=("beredskapskoordinator",), work_mobile="+4791234567",
                                 work_landline="+4757704040", private_phone="+4741122334"))
    overall = plan_store.save(store, Plan(
        "", PlanType.OVERALL, "Overordnet beredskapsplan for Øyvik", "beredskapskoordinator", PlanStatus.ADOPTED,
        "Kommunestyret, sak 12/26", date(2026, 3, 4), sections=(
            Section("", "Kriseledelsen", BODY, part=LegalPart.A),
            Section("", "Sikring av vannverket", "Inntaket ligger på **18 meters** dyp.", Classification.EXEMPT),
            Section("", "Varsling", "Ring Kari privat på +47 411 22 334 eller 41122334. Vakta: 912 34 567.", part=LegalPart.B),
        )), author="Beredskapskoordinator", reason="Vedtatt", on=date(2026, 3, 4))
    communication = plan_store.save(store, Plan(
        "", PlanType.CRISIS_COMMUNICATION, "Plan for krisekommunikasjon", "informasjonsleder", parent_id=overall.id,
        sections=(Section("", "Mål", "Rask og riktig informasjon."),)))
    archived = plan_store.save(store, Plan("", PlanType.INFECTION, "Pandemiplan 2019", status=PlanStatus.ARCHIVED,
                                           adopted_on=date(2019, 5, 1), sections=(Section("", "Om planen", "Erstattet."),)),
                               author="Arkivet", reason="Arkivert", on=date(2024, 1, 2))
    return {"overall": overall, "communication": communication, "archived": archived}


def text_of(pdf: bytes) -> list[str]:
    return page_texts(pdf)


def footer(label: str, page: int, pages: int) -> str:
    return _("{label} · page {page}/{pages}").format(label=label, page=page, pages=pages)


def test_the_model_has_the_plans_in_order_with_their_facts(store, ids):
    model = build_plan_printout(store, now=NOW)
    assert (model.municipality, model.data_as_of, model.public) == ("Øyvik", NOW, False)
    assert [sheet.title for sheet in model.plans] == ["Overordnet beredskapsplan for Øyvik", "Plan for krisekommunikasjon"]
    overall, communication = model.plans
    assert (overall.type_label, overall.status, overall.version, overall.owner) == (
        PlanType.OVERALL.label, PlanStatus.ADOPTED.label, 1, "Beredskapskoordinator")
    assert [(h.name, h.work_mobile, h.work_landline) for h in overall.holders] == [("Kari Ødegård", "912 34 567", "57 70 40 40")]
    assert (overall.adopted_on, overall.adopted_by, overall.revised_at, overall.next_revision) == (
        date(2026, 3, 4), "Kommunestyret, sak 12/26", date(2026, 3, 4), date(2027, 3, 4))
    assert not overall.overdue and not overall.is_draft
    assert overall.parts_covered == (LegalPart.A.label, LegalPart.B.label, LegalPart.E.label)  # E by the sub-plan
    assert overall.parts_missing == (LegalPart.C.label, LegalPart.D.label)
    assert [(s.number, s.title, s.part, s.exempt) for s in overall.sections] == [
        (1, "Kriseledelsen", LegalPart.A.label, False), (2, "Sikring av vannverket", "", True), (3, "Varsling", LegalPart.B.label, False)]
    stored = plan_store.revisions(store, ids["overall"].id)[0]
    assert [(r.number, r.version, r.author, r.reason) for r in overall.revisions] == [(1, 1, "Beredskapskoordinator", "Vedtatt")]
    assert overall.revisions[0].on == stored.created_at.astimezone(OSLO).date()
    assert overall.has_exempt and overall.left_out == () and overall.numbers_left_out == 0
    assert "411 22 334" in overall.sections[2].body  # the internal version keeps what was written
    assert (communication.part_of, communication.is_draft, communication.version, communication.revisions) == (
        overall.title, True, 0, ())
    assert communication.next_revision is None and communication.parts_covered == (LegalPart.E.label,)
    assert communication.parts_missing == ()


def test_overdue_archived_on_request_and_unknown_ids(store, ids):
    later = datetime(2027, 3, 5, 12, 0, tzinfo=timezone.utc)
    assert [sheet.overdue for sheet in build_plan_printout(store, now=later).plans] == [True, False]
    chosen = build_plan_printout(store, plan_ids=[ids["communication"].id, ids["archived"].id, ids["overall"].id], now=NOW)
    assert [sheet.title for sheet in chosen.plans] == [
        "Overordnet beredskapsplan for Øyvik", "Pandemiplan 2019", "Plan for krisekommunikasjon"]
    assert chosen.plans[1].status == PlanStatus.ARCHIVED.label and chosen.plans[1].next_revision is None
    with pytest.raises(UnknownFilter, match="no-such-plan"):
        build_plan_printout(store, plan_ids=["no-such-plan"])


def test_the_public_version_leaves_out_exempt_sections_and_private_numbers(store, ids):
    model = build_plan_printout(store, public=True, now=NOW)
    overall = model.plans[0]
    assert model.public and overall.public
    assert [s.number for s in overall.sections] == [1, 3] and overall.left_out == (2,) and not overall.has_exempt
    assert overall.numbers_left_out == 2
    text = overall.sections[1].body
    assert "411" not in text and "41122334" not in text and "912 34 567" in text  # a work number stays
    assert text.count(_("[private number left out]")) == 2

    public = " ".join(text_of(render_plan_printout(model)))
    internal_pages = text_of(render_plan_printout(build_plan_printout(store, now=NOW)))
    internal = " ".join(internal_pages)
    assert "Sikring av vannverket" not in public and "18 meters" not in public and "411 22 334" not in public
    assert "Sikring av vannverket" in internal and "18 meters" in internal and "411 22 334" in internal
    assert _("Public version.") in public and "2" in public
    assert exempt_mark() not in public and exempt_mark().upper() not in public
    overall_pages = [page for page in internal_pages if "Overordnet beredskapsplan for Øyvik ·" in page]
    assert overall_pages and all(exempt_mark().upper() in page for page in overall_pages)  # the header of every page
    assert exempt_mark() in internal.replace(exempt_mark().upper(), "")  # the section's own mark
    assert not any(exempt_mark().upper() in page for page in internal_pages if "Plan for krisekommunikasjon ·" in page)


def test_the_pdf_has_the_text_footers_and_embedded_fonts(store, ids):
    pdf = render_plan_printout(build_plan_printout(store, now=NOW))
    pages = text_of(pdf)
    overall = [page for page in pages if "Overordnet beredskapsplan for Øyvik ·" in page]
    assert [footer("Overordnet beredskapsplan for Øyvik", n, len(overall)) in page for n, page in enumerate(overall, 1)] == [True] * len(overall)
    assert footer("Plan for krisekommunikasjon", 1, len(pages) - len(overall)) in pages[len(overall)]
    assert all("21.11.2026 17:42" in page and "Øyvik" in page for page in pages)
    text = " ".join(pages)
    for words in ("Øyvik rådhus", "2. etasje", "Åpne møtet", "Gå gjennom situasjonen", "Første punkt", "Andre punkt",
                  "Kriseleder", "Bjørn Åsland", "57 70 40 01", "Kari Ødegård", "912 34 567", "04.03.2027",
                  "Kommunestyret, sak 12/26", "Vedtatt", "Plan for krisekommunikasjon"):
        assert words in text, words
    assert "**" not in text and "|---" not in text and "###" not in text
    assert "411 22 334" not in pages[0]  # the owner shows work numbers only
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"]["/Font"]
        assert fonts
        for font in fonts.values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else font["/FontDescriptor"]
            assert "DejaVu" in font["/BaseFont"] and "/FontFile2" in descriptor


def test_bold_and_lists_are_laid_out_not_printed_as_marks(store, ids):
    story = [SectionStart(PageInfo("x", "y", "Øyvik", "nå"))] + markdown_flowables(BODY, 500)
    kinds = [type(flowable).__name__ for flowable in story]
    assert kinds.count("ListFlowable") == 2 and kinds.count("Table") == 1
    pdf = render(story)
    reader = PdfReader(io.BytesIO(pdf))
    used = {font.get_object()["/BaseFont"].split("+")[-1] for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"} <= used
    lines = reader.pages[0].extract_text(extraction_mode="layout")
    assert re.search(r"•\s+Åpne møtet", lines) and re.search(r"1\.\s+Første punkt", lines) and re.search(r"2\.\s+Andre punkt", lines)
    assert re.search(r"Stabssjef\s+Bjørn Åsland\s+57 70 40 01", lines)


def test_contents_gives_the_page_where_each_section_starts(store):
    municipality.set_municipality(store, "Øyvik", "4699")
    paragraph = "Dette er en lang tekst om beredskap i Øyvik, med æøå. " * 30
    plan = plan_store.save(store, Plan("", PlanType.EVACUATION, "Evakuering av Ås", sections=tuple(
        Section("", f"Avsnitt {n}", "\n\n".join([paragraph] * (n % 4 + 1))) for n in range(1, 13))))
    pdf = render_plan_printout(build_plan_printout(store, plan_ids=[plan.id], now=NOW))
    pages = text_of(pdf)
    listed = contents_lines(pdf, 0)
    assert len(pages) > 8
    starts = {title: next(n for n, page in enumerate(pages, 1) if re.search(rf"(^|\s){re.escape(title)}\s+Dette", page))
              for title in (f"{n}. Avsnitt {n}" for n in range(1, 13))}
    assert {title: listed[title] for title in starts} == starts
    assert listed[_("Revision history")] == len(pages)
    assert "Avsnitt" not in pages[0].split(_("Contents"))[0]  # the sections start after the title page


def test_same_model_same_bytes_and_the_hash_ignores_the_time(store, ids):
    model = build_plan_printout(store, now=NOW)
    assert render_plan_printout(model) == render_plan_printout(model)
    assert render_plan_printout(model, "A5") != render_plan_printout(model)
    later = build_plan_printout(store, now=datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc))
    first, second = plan_parts(model), plan_parts(later)
    assert [part.key for part in first] == [f"plan:{ids['overall'].id}", f"plan:{ids['communication'].id}"]
    assert [part.title for part in first] == ["Overordnet beredskapsplan for Øyvik", "Plan for krisekommunikasjon"]
    assert [content_hash(p.content) for p in first] == [content_hash(p.content) for p in second]
    public = plan_parts(build_plan_printout(store, public=True, now=NOW))
    assert content_hash(public[0].content) != content_hash(first[0].content)


def test_no_plans_is_one_page_saying_so(store):
    pages = text_of(render_plan_printout(build_plan_printout(store, now=NOW)))
    assert len(pages) == 1 and _("No plans to print.") in pages[0]


def test_the_demo_plans_on_a4_and_a5(tmp_path):
    path = tmp_path / "demo.sqlite"
    load_demo(path)
    with open_store(path, read_only=True) as store:
        internal = build_plan_printout(store, now=NOW)
        public = build_plan_printout(store, public=True, now=NOW)
    assert len(internal.plans) == 14  # the archived pandemic plan stays out
    assert internal.plans[0].title == "Overordnet beredskapsplan for Fjordvik kommune"
    assert sum(len(sheet.left_out) for sheet in public.plans) == 3
    assert sum(s.exempt for sheet in internal.plans for s in sheet.sections) == 3
    for size in ("A4", "A5"):
        pages = text_of(render_plan_printout(internal, size))
        footers = [re.search(r" · \S+ (\d+)/(\d+) ", page).groups() for page in pages]
        starts = [n for n, (page, _pages) in enumerate(footers) if page == "1"]
        assert len(starts) == 14
        for start, end in zip(starts, starts[1:] + [len(pages)]):
            assert [int(f[0]) for f in footers[start:end]] == list(range(1, end - start + 1))
            assert {int(f[1]) for f in footers[start:end]} == {end - start}


MARKDOWN_PIECES = st.sampled_from([
    "# ", "## ", "### ", "- ", "* ", "1. ", "3) ", "  ", "    ", "\n", "\n\n", "|", "| a | b |\n|---|:-:|\n", "---|",
    "**", "*", "_", "`", "> ", "[x](y)", "![i](j)", "<b>", "&amp;", "&#0;", "\\", "æøå", "ÆØÅ", "ord", "langtordutenmellomrom" * 5,
    "\t", "\x00", "\x0b", "😀", "123.", "+47 411 22 334",
])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(MARKDOWN_PIECES, max_size=60).map("".join), st.text(max_size=300)))
@example("| a | b |\n|---|:-:|\n" + "langtordutenmellomrom" * 15)  # a word wider than the page: no column narrower than 12 mm
def test_any_text_renders(text):
    story = [SectionStart(PageInfo("x", "y", "Øyvik", "nå"))] + markdown_flowables(text, PrintContext("Øyvik", "nå", "A5").width)
    assert render(story, page_size="A5").startswith(b"%PDF")


ODD_TEXT = st.one_of(st.text(max_size=80), st.lists(MARKDOWN_PIECES, max_size=30).map("".join),
                     st.just("Beredskapskoordinatorogkommunedirektørensstedfortreder" * 12))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=ODD_TEXT, adopted_by=ODD_TEXT, author=ODD_TEXT, reason=ODD_TEXT, section_title=ODD_TEXT, body=ODD_TEXT)
def test_any_plan_renders(title, adopted_by, author, reason, section_title, body):
    sheet = PlanSheet("p", title, "Vann og avløp", "Vedtatt", False, 3, author, (Holder(author, "912 34 567", ""),), 2,
                      date(2026, 3, 4), adopted_by, date(2026, 3, 4), date(2027, 3, 4), True, title, (), (),
                      (PrintedSection(1, section_title, "", True, body),), (RevisionLine(1, 3, date(2026, 3, 4), author, reason),),
                      False, (), 0)
    for size in ("A4", "A5"):
        assert render_plan_printout(PlanPrintout("Øyvik", NOW, False, (sheet,)), size).startswith(b"%PDF")
