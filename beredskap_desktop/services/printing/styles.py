"""What every printed page shares: the embedded DejaVu Sans family, paragraph styles, page
sizes and margins, and the header and footer (municipality, title, classification, *Data per*,
version, page x/y counted within each card or document)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache, partial
from typing import Callable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from beredskap_desktop.i18n import _
from beredskap_desktop.paths import resource_path

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"

PAGE_SIZES = {"A4": A4, "A5": A5}
MARGIN_SIDE = 14 * mm
MARGIN_TOP = 16 * mm  # room for the header band
MARGIN_BOTTOM = 18 * mm  # room for the two footer lines
_BAND = 7 * mm  # distance of the header and footer lines from the paper's edge
MARK_COLOUR = colors.HexColor("#b00020")
GRID = colors.HexColor("#555555")  # table lines
SHADE = colors.HexColor("#e8e8e8")  # table header rows


@cache
def register_fonts() -> str:
    """Register DejaVu Sans (regular, bold, oblique, bold oblique) as one family, once."""
    for name in (FONT, BOLD, ITALIC, BOLD_ITALIC):
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", f"{name}.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    return FONT


@dataclass(frozen=True)
class Styles:
    """Paragraph styles in large type: ``body`` is 12 pt."""

    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    centred: ParagraphStyle


@cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=15)
    return Styles(
        title=ParagraphStyle("title", body, fontName=BOLD, fontSize=20, leading=24, spaceAfter=2 * mm),
        heading=ParagraphStyle("heading", body, fontName=BOLD, fontSize=14, leading=18, spaceBefore=4 * mm, spaceAfter=2 * mm),
        body=body,
        label=ParagraphStyle("label", body, fontName=BOLD),
        small=ParagraphStyle("small", body, fontSize=9, leading=11),
        centred=ParagraphStyle("centred", body, fontSize=9, leading=11, alignment=TA_CENTER),
    )


def cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A table cell: the plain string when it fits on one line (fast), else a wrapping
    paragraph. Plain cells take their font from the table style, so give the column the
    style's font and size."""
    if "\n" not in text and pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    return Paragraph(escape(text), style)


@dataclass(frozen=True)
class PageInfo:
    """What the header and footer say on each page of one card or document.

    ``label`` starts the page number (``TK-03 · side 1/2``); ``classification`` is printed in
    red at the top when set (``Inneholder personopplysninger``); ``key`` names the document
    for a table of contents and for printing only some documents of a binder."""

    label: str
    title: str
    municipality: str
    data_as_of: str
    version: str = ""
    revised: str = ""
    classification: str = ""
    key: str = ""


class SectionStart(Flowable):
    """Invisible: pages from here on belong to ``info`` and are numbered from 1."""

    def __init__(self, info: PageInfo):
        super().__init__()
        self.info = info
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self) -> None:
        self.canv.start_section(self.info)


class Anchor(Flowable):
    """Invisible: marks where ``key`` is, for a ``Contents`` entry that points here."""

    def __init__(self, key: str):
        super().__init__()
        self.key = key
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self) -> None:
        self.canv.mark(self.key)


@dataclass(frozen=True)
class ContentsEntry:
    """A line of a table of contents: ``key`` is an ``Anchor`` or a ``PageInfo.key``;
    ``within_document`` gives the page within its document rather than within the file."""

    title: str
    key: str
    level: int = 0
    within_document: bool = False


class Contents(Flowable):
    """A table of contents laid out in one pass: the lines are drawn now, their page numbers
    when the file is finished and every anchor's page is known."""

    _LEADING = (17, 14)

    def __init__(self, entries: list[ContentsEntry]):
        super().__init__()
        self.entries = entries
        self._lines: list[ContentsEntry] = []

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = sum(self._leading(entry) for entry in self.entries)
        return self.width, self.height

    def _leading(self, entry: ContentsEntry) -> float:
        return self._LEADING[min(entry.level, 1)]

    def split(self, available_width, available_height):
        taken, height = 0, 0.0
        while taken < len(self.entries) and height + self._leading(self.entries[taken]) <= available_height:
            height += self._leading(self.entries[taken])
            taken += 1
        if taken in (0, len(self.entries)):
            return [] if taken == 0 else [self]
        return [Contents(self.entries[:taken]), Contents(self.entries[taken:])]

    def draw(self) -> None:
        canvas = self.canv
        y = self.height
        number_width = 16 * mm
        for entry in self.entries:
            y -= self._leading(entry)
            indent = 6 * mm * entry.level
            font, size = (BOLD, 12) if entry.level == 0 else (FONT, 11)
            canvas.setFont(font, size)
            title = entry.title
            room = self.width - indent - number_width
            while title and canvas.stringWidth(title, font, size) > room:
                title = title[:-2] + "…"
            canvas.drawString(indent, y + 4, title)
            end = indent + canvas.stringWidth(title, font, size) + 2 * mm
            canvas.setDash(1, 2)
            canvas.setLineWidth(0.4)
            if end < self.width - number_width:
                canvas.line(end, y + 4, self.width - number_width + 2 * mm, y + 4)
            canvas.setDash()
            canvas.page_number_at(self.width, y + 4, entry, font, size)


class _SectionedCanvas(Canvas):
    """Keeps every page until the end, then draws each header and footer knowing how many
    pages the page's section has, fills in the page numbers of a table of contents, and
    leaves out the pages of documents not in ``keep``."""

    def __init__(self, *args, progress: Callable[[int, int], None] | None = None, sections: int = 0,
                 running_title: str = "", watermark: str = "", keep: frozenset[str] | None = None, lead: str = "",
                 **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._section = 0
        self._info: PageInfo | None = None
        self._slots: list = []  # per page: (x, y, entry, font, size)
        self._anchors: dict[str, tuple[int, int]] = {}  # key -> (page index, section)
        self._progress, self._sections = progress, sections
        self._running_title, self._watermark, self._keep, self._lead = running_title, watermark, keep, lead

    def start_section(self, info: PageInfo) -> None:
        self._section += 1
        self._info = info
        if info.key:
            self.mark(info.key)
        if self._progress:
            self._progress(self._section - 1, self._sections)

    def mark(self, key: str) -> None:
        self._anchors.setdefault(key, (len(self._pages), self._section))

    def page_number_at(self, x: float, y: float, entry: ContentsEntry, font: str, size: float) -> None:
        self._slots.append(self.absolutePosition(x, y) + (entry, font, size))

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._slots = []
        self._startPage()

    def save(self) -> None:
        sections = [page["_section"] for page in self._pages]
        first_of = {section: sections.index(section) for section in set(sections)}
        key = [page["_info"].key if page["_info"] else "" for page in self._pages]
        order = [index for index in range(len(self._pages)) if self._keep is None or key[index] in self._keep]
        order.sort(key=lambda index: key[index] != self._lead)  # stable: the lead document first
        for index in order:
            self.__dict__.update(self._pages[index])
            if self._info is not None:
                page = index - first_of[self._section] + 1
                binder_page = (index + 1, len(self._pages)) if self._running_title else None
                draw_page_frame(self, self._info, page, sections.count(self._section), binder_page, self._running_title)
            for x, y, entry, font, size in self._slots:
                self._draw_page_number(x, y, entry, font, size, first_of)
            if self._watermark:
                draw_watermark(self, self._watermark)
            super().showPage()
        super().save()

    def _draw_page_number(self, x, y, entry: ContentsEntry, font: str, size: float, first_of: dict[int, int]) -> None:
        if entry.key not in self._anchors:
            return
        index, section = self._anchors[entry.key]
        number = index - first_of.get(section, 0) + 1 if entry.within_document else index + 1
        self.setFont(font, size)
        self.drawRightString(x, y, str(number))


def draw_page_frame(canvas: Canvas, info: PageInfo, page: int, pages: int,
                    binder_page: tuple[int, int] | None = None, running_title: str = "") -> None:
    """The header band (municipality, title, classification) and the footer (label and page
    x/y, version and revised date; municipality, classification and *Data per*; with a
    ``running_title`` also the page within the whole file: ``Beredskapsperm s. 57/230``)."""
    width, height = canvas._pagesize
    left, right = MARGIN_SIDE, width - MARGIN_SIDE
    top = height - _BAND
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.drawString(left, top, info.municipality)
    canvas.drawRightString(right, top, info.title)
    if info.classification:
        canvas.setFont(BOLD, 10)
        canvas.setFillColor(MARK_COLOUR)
        canvas.drawCentredString(width / 2, top - 4.5 * mm, info.classification.upper())
        canvas.setFillColor(colors.black)
    canvas.setLineWidth(0.5)
    canvas.line(left, top - 1.5 * mm, right, top - 1.5 * mm)
    bottom = _BAND
    canvas.line(left, bottom + 7 * mm, right, bottom + 7 * mm)
    canvas.setFont(BOLD, 10)
    canvas.drawString(left, bottom + 2.5 * mm, _("{label} · page {page}/{pages}").format(label=info.label, page=page, pages=pages))
    canvas.setFont(FONT, 8)
    details = [part for part in (
        _("Version {version}").format(version=info.version) if info.version else "",
        _("Revised {date}").format(date=info.revised) if info.revised else "",
    ) if part]
    canvas.drawRightString(right, bottom + 2.5 * mm, " · ".join(details))
    if binder_page:
        canvas.drawCentredString(width / 2, bottom - 1 * mm, _("{title} p. {page}/{pages}").format(
            title=running_title, page=binder_page[0], pages=binder_page[1]))
    canvas.drawRightString(right, bottom - 1 * mm, _("Data as of {moment}").format(moment=info.data_as_of))
    canvas.drawString(left, bottom - 1 * mm, info.municipality)
    if info.classification:
        canvas.setFont(BOLD, 8)
        canvas.setFillColor(MARK_COLOUR)
        canvas.drawString(left + canvas.stringWidth(info.municipality + " · ", FONT, 8), bottom - 1 * mm, info.classification)
    canvas.restoreState()


def draw_watermark(canvas: Canvas, text: str) -> None:
    """``text`` (ØVELSE) large, diagonal and light across the page."""
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(MARK_COLOUR)
    canvas.setFillAlpha(0.13)
    canvas.setFont(BOLD, min(width, height) / 5)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, -min(width, height) / 14, text)
    canvas.restoreState()


def render(story: list, *, page_size: str = "A4", title: str = "", author: str = "", running_title: str = "",
           watermark: str = "", keep: frozenset[str] | None = None, lead: str = "",
           progress: Callable[[int, int], None] | None = None) -> bytes:
    """The PDF of ``story`` (which starts each card or document with a ``SectionStart``), with
    stable bytes for the same story.

    ``running_title`` adds the page within the whole file to every footer (a binder);
    ``watermark`` is printed across every page (ØVELSE); ``keep`` leaves out the pages of
    every document whose key is not in it (pages keep the numbers of the whole file), and the
    pages of the document keyed ``lead`` come first;
    ``progress(done, total)`` is called as each document starts and may raise to stop."""
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page size {page_size!r} is not one of {', '.join(PAGE_SIZES)}")
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=PAGE_SIZES[page_size], title=title, author=author, creator="beredskap_desktop",
        leftMargin=MARGIN_SIDE, rightMargin=MARGIN_SIDE, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        invariant=1, initialFontName=FONT, pageCompression=1,
    )
    sections = sum(isinstance(flowable, SectionStart) for flowable in story)
    document.build(story, canvasmaker=partial(_SectionedCanvas, progress=progress, sections=sections,
                                              running_title=running_title, watermark=watermark, keep=keep, lead=lead))
    if progress:
        progress(sections, sections)
    return buffer.getvalue()
