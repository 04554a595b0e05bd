"""What every printed page shares: the embedded DejaVu Sans family, paragraph styles, page
sizes and margins, and the header and footer (municipality, title, classification, *Data per*,
version, page x/y counted within each card or document)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache, partial
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Table

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
FRAME_PADDING = 6  # points: reportlab's frame keeps this inside the margins on every side
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


_NUMBER_SPACE = re.compile(r"(?<=[\d+]) (?=\d)")  # the spaces inside a phone number: 917 42 305
_KEPT_SPACE = "\u2027"  # as wide as a space in DejaVu Sans, but not a space, so no line breaks there


def wrap_text(text: str, style: ParagraphStyle, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` in ``style``'s font: at newlines and
    spaces (never inside a phone number: half a number could be dialled), and inside a word
    wider than that after an @, a dot or a hyphen where it can (an e-mail address)."""
    def fits(part: str) -> bool:
        return pdfmetrics.stringWidth(part, style.fontName, style.fontSize) <= width

    if "\n" not in text and fits(text):
        return [text]
    kept = _NUMBER_SPACE.sub(_KEPT_SPACE, text)
    return [line.replace(_KEPT_SPACE, " ") for line in _wrapped(kept, style, width, fits)]


def _wrapped(text: str, style: ParagraphStyle, width: float, fits) -> list[str]:
    lines: list[str] = []
    for line in simpleSplit(text, style.fontName, style.fontSize, width):
        while " " not in line and len(line) > 1 and not fits(line):  # lines of several words fit
            cut = len(line) - 1
            while cut > 1 and not fits(line[:cut]):
                cut -= 1
            cut = max((index + 1 for index in range(cut) if line[index] in "@.-"), default=cut)
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def text_cell(lines: list[str], style: ParagraphStyle, width: float) -> str:
    """A plain-string table cell of ``lines`` (empty ones left out) wrapped to ``width``: many
    times faster to lay out and draw than a paragraph. Plain cells take their font from the
    table style, so give the column the style's font, size and leading."""
    return "\n".join(wrapped for line in lines if line for wrapped in wrap_text(line, style, width))


def _lead_lines(lead: str, text: str, style: ParagraphStyle, width: float) -> list[tuple[tuple[str, str], ...]]:
    """``lead`` in the bold of ``style``'s font, then ``text``, wrapped to ``width``: each line
    as its (font, text) pieces."""
    font, size = style.fontName, style.fontSize
    family, _bold, italic = ps2tt(font)
    bold = tt2ps(family, 1, italic)
    lead += " "
    room = width - pdfmetrics.stringWidth(lead, bold, size)
    head, _newline, tail = text.partition("\n")
    words = head.split()
    taken = 0
    while taken < len(words) and pdfmetrics.stringWidth(" ".join(words[:taken + 1]), font, size) <= room:
        taken += 1
    lines = [((bold, lead), (font, " ".join(words[:taken])))]
    rest = "\n".join(part for part in (" ".join(words[taken:]), tail) if part)
    if rest:
        lines += [((font, line),) for line in wrap_text(rest, style, width)]
    return lines


class TextLines(Flowable):
    """Lines in a few styles (a bold name over details in small type; a step over its
    deadline), wrapped like ``wrap_text``: far cheaper than paragraphs where there are
    thousands of them. A block is ``(text, style)``, or ``(text, style, lead)`` to start it
    with ``lead`` in bold (``Role:``); a block without text is left out. The first block's
    space before and the last one's space after are kept; a centred or right-aligned style
    aligns its lines."""

    def __init__(self, blocks: list[tuple]):
        super().__init__()
        self.blocks = [block for block in blocks if block[0]]
        self._lines: list[tuple[tuple[tuple[str, str], ...], ParagraphStyle]] = []  # (font, text) pieces, style
        self.spaceBefore = self.blocks[0][1].spaceBefore if self.blocks else 0
        self.spaceAfter = self.blocks[-1][1].spaceAfter if self.blocks else 0

    def wrap(self, available_width, available_height):
        if self._lines and available_width == self.width:
            return self.width, self.height
        self._lines = []
        for text, style, *lead in self.blocks:
            if lead and lead[0]:
                self._lines += [(pieces, style) for pieces in _lead_lines(lead[0], text, style, available_width)]
            else:
                self._lines += [(((style.fontName, line),), style) for line in wrap_text(text, style, available_width)]
        self.width = available_width
        self.height = sum(style.leading for _pieces, style in self._lines)
        return self.width, self.height

    def split(self, available_width, available_height):
        self.wrap(available_width, available_height)
        taken, height = 0, 0.0
        while taken < len(self._lines) and height + self._lines[taken][1].leading <= available_height:
            height += self._lines[taken][1].leading
            taken += 1
        if taken == len(self._lines):
            return [self]
        if taken < 2:  # no lone first line at the foot of a page
            return []
        return [self._part(self._lines[:taken], self.spaceBefore, 0), self._part(self._lines[taken:], 0, self.spaceAfter)]

    @staticmethod
    def _part(lines: list, space_before: float, space_after: float) -> TextLines:
        """The ``lines`` as blocks of their own: a table splits a cell at the column's width
        and lays the parts out at the width less the padding, so a part must wrap again."""
        blocks = []
        for pieces, style in lines:
            if len(pieces) == 2:  # a lead, then text
                blocks.append((pieces[1][1], style, pieces[0][1].rstrip()))
            else:
                blocks.append((pieces[0][1], style))
        part = TextLines([])
        part.blocks = blocks  # a lead may stand alone on its line
        part.spaceBefore, part.spaceAfter = space_before, space_after
        return part

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        for pieces, style in self._lines:
            top -= style.leading
            size = style.fontSize
            x = 0.0
            if style.alignment in (TA_CENTER, TA_RIGHT):
                room = self.width - sum(pdfmetrics.stringWidth(text, font, size) for font, text in pieces)
                x = room / 2 if style.alignment == TA_CENTER else room
            canvas.setFillColor(style.textColor)
            for index, (font, text) in enumerate(pieces):
                canvas.setFont(font, size)
                canvas.drawString(x, top + 0.24 * size, text)
                if index + 1 < len(pieces):
                    x += pdfmetrics.stringWidth(text, font, size)


_ROWS_AT_ONCE = 60  # about twice the rows a page holds


def long_table(heading: list, rows: list, widths: list[float], style: list) -> Flowable:
    """A table of ``rows`` under a ``heading`` row repeated on every page, styled alike in every
    row (``style`` may single out the heading, row 0). Thousands of rows are laid out a page at
    a time: reportlab lays out every remaining row again at each page break (a group of 16,000
    people took 12 s instead of 2)."""
    if len(rows) <= _ROWS_AT_ONCE:
        return Table([heading, *rows], colWidths=widths, repeatRows=1, style=style)
    return _LongTable(heading, rows, widths, style)


class _LongTable(Flowable):
    """The rows still to lay out: each time, a table of the heading and the next rows (more
    than fit), split where the page ends."""

    def __init__(self, heading: list, rows: list, widths: list[float], style: list):
        super().__init__()
        self.heading, self.rows, self.widths, self.style = heading, rows, widths, style

    def wrap(self, available_width, available_height):
        return available_width, available_height + 1  # never fits: the frame asks to split

    def split(self, available_width, available_height):
        count = _ROWS_AT_ONCE
        while True:
            table = Table([self.heading, *self.rows[:count]], colWidths=self.widths, repeatRows=1, style=self.style)
            parts = table.split(available_width, available_height)
            if len(parts) != 1 or count >= len(self.rows):
                break
            count *= 2  # they all fit: take more
        if len(parts) != 2:
            return parts
        done = parts[0]._nrows - 1  # the rows on this page, less the heading
        return [parts[0], long_table(self.heading, self.rows[done:], self.widths, self.style)]


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

    sections = 1  # documents it starts, for progress

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
        self.height = 0.0
        for entry in self.entries:  # up to the first line that does not fit: thousands run over many pages
            self.height += self._leading(entry)
            if self.height > available_height:
                break
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
    """Writes each page as it is finished, in one pass: numbers not known yet (the pages of the
    page's document, of the whole file, and the entries of a table of contents) are drawn as
    named forms that are filled in when the file is saved. Pages of documents not in ``keep``
    are dropped; pages of the ``unnumbered`` document are not counted in the file's pages."""

    def __init__(self, *args, progress: Callable[[int, int], None] | None = None, sections: int = 0,
                 running_title: str = "", watermark: str = "", keep: frozenset[str] | None = None, unnumbered: str = "",
                 **kwargs):
        super().__init__(*args, **kwargs)
        self._section = 0
        self._info: PageInfo | None = None
        self._page_in_section = 0
        self._section_pages: dict[int, int] = {}
        self._file_page = 0
        self._anchors: dict[str, tuple[int, int]] = {}  # key -> (page in the file, page in its document)
        self._numbers: list[tuple[str, ContentsEntry, str, float]] = []  # form, entry, font, size
        self._progress, self._sections = progress, sections
        self._running_title, self._watermark, self._keep, self._unnumbered = running_title, watermark, keep, unnumbered

    def drawString(self, x, y, text, *args, **kwargs) -> None:
        """Plain left-aligned text (every line of a table cell) without reportlab's bidi and
        shaping step, which only measures the text and throws the width away: the same bytes
        in 4-8 % less time."""
        if args or kwargs:
            return super().drawString(x, y, text, *args, **kwargs)
        text_object = self.beginText(x, y)
        text_object.textLine(text)
        self.drawText(text_object)

    def start_section(self, info: PageInfo) -> None:
        if self._section:
            self._section_pages[self._section] = self._page_in_section
        self._section += 1
        self._page_in_section = 0
        self._info = info
        if info.key:
            self.mark(info.key)
        if self._progress:
            self._progress(self._section - 1, self._sections)

    def _counted(self) -> bool:
        return not (self._unnumbered and self._info is not None and self._info.key == self._unnumbered)

    def mark(self, key: str) -> None:
        self._anchors.setdefault(key, (self._file_page + self._counted(), self._page_in_section + 1))

    def page_number_at(self, x: float, y: float, entry: ContentsEntry, font: str, size: float) -> None:
        name = f"n{len(self._numbers)}"
        self._numbers.append((name, entry, font, size))
        self.saveState()
        self.translate(x, y)
        self.doForm(name)
        self.restoreState()

    def showPage(self) -> None:
        self._page_in_section += 1
        self._file_page += self._counted()
        info = self._info
        if self._keep is not None and (info is None or info.key not in self._keep):
            self._startPage()  # dropped: counted, not written
            return
        if info is not None:
            file_page = self._file_page if self._running_title and self._counted() else None
            draw_page_frame(self, info, self._page_in_section, f"s{self._section}", file_page, self._running_title)
        if self._watermark:
            draw_watermark(self, self._watermark)
        super().showPage()

    def save(self) -> None:
        self._section_pages[self._section] = self._page_in_section
        for section, pages in self._section_pages.items():
            self._number_form(f"s{section}", str(pages), BOLD, 10, right=False)
        self._number_form("file", str(self._file_page), FONT, 8, right=False)
        for name, entry, font, size in self._numbers:
            file_page, document_page = self._anchors.get(entry.key, (None, None))
            number = document_page if entry.within_document else file_page
            self._number_form(name, str(number or ""), font, size, right=True)
        super().save()

    def _number_form(self, name: str, text: str, font: str, size: float, *, right: bool) -> None:
        """A form holding ``text``, drawn left of its origin when ``right`` (right-aligned)."""
        self.beginForm(name, lowerx=-80, lowery=-size, upperx=80, uppery=2 * size)
        self.setFont(font, size)
        (self.drawRightString if right else self.drawString)(0, 0, text)
        self.endForm()


def draw_page_frame(canvas: Canvas, info: PageInfo, page: int, pages_form: str, file_page: int | None = None,
                    running_title: str = "") -> None:
    """The header band (municipality, title, classification) and the footer (label and page
    x/y, version and revised date; municipality and classification; with a ``file_page`` the
    page within the whole file (``Perm s. 57/230``) and *Data per*). The page counts are the
    forms ``pages_form`` and ``file``, filled in when the file is saved."""
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
        canvas.drawCentredString(width / 2, top - 5.5 * mm, info.classification.upper())
        canvas.setFillColor(colors.black)
    canvas.setLineWidth(0.5)
    canvas.line(left, top - 1.5 * mm, right, top - 1.5 * mm)
    bottom = _BAND
    canvas.line(left, bottom + 7 * mm, right, bottom + 7 * mm)
    label = _("{label} · page {page}/{pages}").format(label=info.label, page=page, pages="")
    _text_then_form(canvas, left, bottom + 2.5 * mm, label, BOLD, 10, pages_form)
    canvas.setFont(FONT, 8)
    details = [part for part in (
        _("Version {version}").format(version=info.version) if info.version else "",
        _("Revised {date}").format(date=info.revised) if info.revised else "",
    ) if part]
    canvas.drawRightString(right, bottom + 2.5 * mm, " · ".join(details))
    data_as_of = _("Data as of {moment}").format(moment=info.data_as_of)
    canvas.drawRightString(right, bottom - 1 * mm, data_as_of)
    if file_page is not None:
        running = _("{title} p. {page}/{pages}").format(title=running_title, page=file_page, pages="")
        start = right - canvas.stringWidth(data_as_of, FONT, 8) - 8 * mm - canvas.stringWidth(running + "00000", FONT, 8)
        _text_then_form(canvas, start, bottom - 1 * mm, running, FONT, 8, "file")
    canvas.setFont(FONT, 8)
    canvas.drawString(left, bottom - 1 * mm, info.municipality)
    if info.classification:
        canvas.setFont(BOLD, 8)
        canvas.setFillColor(MARK_COLOUR)
        canvas.drawString(left + canvas.stringWidth(info.municipality + " · ", FONT, 8), bottom - 1 * mm, info.classification)
    canvas.restoreState()


def _text_then_form(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, form: str) -> None:
    canvas.setFont(font, size)
    canvas.drawString(x, y, text)
    canvas.saveState()
    canvas.translate(x + canvas.stringWidth(text, font, size), y)
    canvas.doForm(form)
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
           watermark: str = "", keep: frozenset[str] | None = None, unnumbered: str = "",
           progress: Callable[[int, int], None] | None = None) -> bytes:
    """The PDF of ``story`` (which starts each card or document with a ``SectionStart``), with
    stable bytes for the same story.

    ``running_title`` adds the page within the whole file to every footer (a binder);
    ``watermark`` is printed across every page (ØVELSE); ``keep`` leaves out the pages of
    every document whose key is not in it (pages keep the numbers of the whole file); the
    pages of the document keyed ``unnumbered`` are left out of the file's page count (a sheet
    put before a binder's pages);
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
    sections = sum(getattr(flowable, "sections", 0) for flowable in story)
    document.build(story, canvasmaker=partial(_SectionedCanvas, progress=progress, sections=sections,
                                              running_title=running_title, watermark=watermark, keep=keep, unnumbered=unnumbered))
    if progress:
        progress(sections, sections)
    return buffer.getvalue()
