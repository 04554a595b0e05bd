"""What every printed page shares: the embedded DejaVu Sans family, paragraph styles, page
sizes and margins, and the header and footer (municipality, title, classification, *Data per*,
version, page x/y counted within each card or document)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

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


@dataclass(frozen=True)
class PageInfo:
    """What the header and footer say on each page of one card or document.

    ``label`` starts the page number (``TK-03 · side 1/2``); ``classification`` is printed in
    red at the top when set (``Inneholder personopplysninger``)."""

    label: str
    title: str
    municipality: str
    data_as_of: str
    version: str = ""
    revised: str = ""
    classification: str = ""


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


class _SectionedCanvas(Canvas):
    """Keeps every page until the end, then draws each header and footer knowing how many
    pages the page's section has."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._section = 0
        self._info: PageInfo | None = None

    def start_section(self, info: PageInfo) -> None:
        self._section += 1
        self._info = info

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        sections = [page["_section"] for page in self._pages]
        seen: dict[int, int] = {}
        for state in self._pages:
            self.__dict__.update(state)
            seen[self._section] = seen.get(self._section, 0) + 1
            if self._info is not None:
                draw_page_frame(self, self._info, seen[self._section], sections.count(self._section))
            super().showPage()
        super().save()


def draw_page_frame(canvas: Canvas, info: PageInfo, page: int, pages: int) -> None:
    """The header band (municipality, title, classification) and the footer (label and page
    x/y, version and revised date; municipality, classification and *Data per*)."""
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
    canvas.drawRightString(right, bottom - 1 * mm, _("Data as of {moment}").format(moment=info.data_as_of))
    canvas.drawString(left, bottom - 1 * mm, info.municipality)
    if info.classification:
        canvas.setFont(BOLD, 8)
        canvas.setFillColor(MARK_COLOUR)
        canvas.drawString(left + canvas.stringWidth(info.municipality + " · ", FONT, 8), bottom - 1 * mm, info.classification)
    canvas.restoreState()


def render(story: list, *, page_size: str = "A4", title: str = "", author: str = "") -> bytes:
    """The PDF of ``story`` (which starts each card or document with a ``SectionStart``), with
    stable bytes for the same story."""
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page size {page_size!r} is not one of {', '.join(PAGE_SIZES)}")
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=PAGE_SIZES[page_size], title=title, author=author, creator="beredskap_desktop",
        leftMargin=MARGIN_SIDE, rightMargin=MARGIN_SIDE, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        invariant=1, initialFontName=FONT,
    )
    document.build(story, canvasmaker=_SectionedCanvas)
    return buffer.getvalue()
