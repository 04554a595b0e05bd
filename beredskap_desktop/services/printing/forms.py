"""Blank forms for when there is no computer at all: the incident log, the call-out sheet, the
situation report and the stock count, to fill in by hand with a pen, often standing and in
poor light. Boxes are drawn clearly, labels sit small at the top left of each writing space,
rows are tall enough to write in, and a form fits one portrait A4 page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from beredskap_desktop.domain.clock import now_utc, show
from beredskap_desktop.i18n import _
from beredskap_desktop.services.card_selection import UnknownFilter
from beredskap_desktop.services.printing.documents import Part, PrintContext, compose
from beredskap_desktop.services.printing.styles import BOLD, FONT, SHADE, PageInfo, SectionStart, render, styles
from beredskap_desktop.storage import municipality
from beredskap_desktop.storage.database import Store

FORM_KEYS = ("form:log", "form:callout", "form:sitrep", "form:stock")


@dataclass(frozen=True)
class Field:
    """A box to write in: ``label`` small at its top left, ``share`` of the row's width,
    ``text`` printed in the writing space (the municipality, "of" between two numbers)."""

    label: str
    share: float = 1.0
    text: str = ""


@dataclass(frozen=True)
class Fields:
    """Rows of boxes, stacked."""

    rows: tuple[tuple[Field, ...], ...]
    height: float = 12  # mm per row


@dataclass(frozen=True)
class Column:
    """A column of a ruled table; a ``tick`` column has a box to tick in every row."""

    label: str
    share: float
    tick: bool = False


@dataclass(frozen=True)
class Grid:
    """A ruled table of ``rows`` empty rows under the column headings; ``labels`` pre-print
    the first column (then there is a row per label)."""

    columns: tuple[Column, ...]
    rows: int
    height: float = 10  # mm per row
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    """A box headed ``label`` with ``lines`` lines to write on."""

    label: str
    lines: int


@dataclass(frozen=True)
class Areas:
    """Boxes of lines side by side, equally wide."""

    areas: tuple[Area, ...]
    pitch: float = 7  # mm between lines


@dataclass(frozen=True)
class Choices:
    """A label and options to tick, on one line."""

    label: str
    options: tuple[str, ...]


Block = Fields | Grid | Areas | Choices


@dataclass(frozen=True)
class Form:
    """One blank form: what is printed on it, and nothing that changes with time."""

    key: str
    title: str
    instruction: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Forms:
    municipality: str
    data_as_of: datetime
    forms: tuple[Form, ...]


def build_forms(store: Store, *, now: datetime | None = None) -> Forms:
    """The four blank forms with the municipality's name (in ``FORM_KEYS`` order)."""
    own = municipality.get(store)
    name = own.name if own else ""
    return Forms(name, now or now_utc(), (_log_form(), _callout_form(), _sitrep_form(name), _stock_form()))


def _page_field() -> Field:
    return Field(_("Page"), 1, _("of"))


def _log_form() -> Form:
    return Form("form:log", _("Incident log"), _(
        "One message, decision or action per row. Cross out a mistake with one line and sign it; never erase."), (
        Fields(((Field(_("Incident"), 2.6), Field(_("Date"), 1.1), _page_field(), Field(_("Logged by"), 1.8)),)),
        Grid((Column(_("Time"), 0.8), Column(_("From/To"), 1.6), Column(_("Message"), 4.5),
              Column(_("Action/Decision"), 2.2), Column(_("Sign."), 0.9)), rows=22),
    ))


def _callout_form() -> Form:
    return Form("form:callout", _("Call-out sheet"), _(
        "Call in the order of the list. No answer or a wrong number: call the deputy and write who in the row."), (
        Fields(((Field(_("Alert list"), 2.4), Field(_("Called by"), 2), Field(_("Date"), 1.1), _page_field()),)),
        Grid((Column(_("Name"), 2), Column(_("Number"), 1.4), Column(_("Time called"), 0.85),
              Column(_("Reached"), 0.95, tick=True), Column(_("No answer"), 0.95, tick=True),
              Column(_("Wrong number"), 0.95, tick=True), Column(_("Confirmed"), 0.95, tick=True),
              Column(_("Deputy called"), 1.5), Column(_("Sign."), 0.85)), rows=22),
    ))


def _sitrep_form(own: str) -> Form:
    functions = (_("Power"), _("Electronic communications"), _("Water and sewerage"), _("Roads"),
                 _("Health and care"), _("Medicines"), _("Fuel"), _("Schools and kindergartens"))
    return Form("form:sitrep", _("Situation report"), "", (
        Fields((
            (Field(_("Report no."), 0.8), Field(_("Date"), 1), Field(_("Time"), 0.8), Field(_("Next report at"), 1.2)),
            (Field(_("Report from"), 1.5, own), Field(_("Report to"), 1.5), Field(_("Incident"), 2)),
            (Field(_("Contact person"), 2), Field(_("Phone"), 1), Field(_("E-mail"), 1.5)),
        ), height=11),
        Areas((Area(_("Situation description"), 5),)),
        Fields(((Field(_("Life and health: number of people"), 1.6), Field(_("Dead"), 1),
                 Field(_("Injured"), 1), Field(_("Evacuated"), 1), Field(_("Missing"), 1)),), height=11),
        Grid((Column(_("Critical societal function"), 2.6), Column(_("Normal"), 1, tick=True),
              Column(_("Reduced"), 1, tick=True), Column(_("Out of service"), 1, tick=True), Column(_("Comment"), 3.6)),
             rows=len(functions), height=6.5, labels=functions),
        Areas((Area(_("Actions taken"), 4), Area(_("Planned actions and expected development"), 4))),
        Areas((Area(_("Need for assistance and resources"), 3), Area(_("Communication (public, media, channels)"), 3),
               Area(_("Other matters"), 3))),
        Fields(((Field(_("Approved by"), 2), Field(_("Sent at (time)"), 1), Field(_("Receipt received (time)"), 1.3)),),
               height=11),
        Choices(_("Sent via"), (_("E-mail"), _("DSB-CIM"), _("Phone"), _("Nødnett"), _("Courier"))),
    ))


def _stock_form() -> Form:
    return Form("form:stock", _("Stock count"), _(
        "Minimum level for infection-control equipment: three months of normal consumption. "
        "Write the count in the item's own unit."), (
        Fields(((Field(_("Location"), 2.5), Field(_("Counted by"), 2), Field(_("Date"), 1.1), _page_field()),)),
        Grid((Column(_("Item"), 2.8), Column(_("Unit"), 0.9), Column(_("Minimum level"), 1),
              Column(_("Counted"), 1), Column(_("Expiry date"), 1.2), Column(_("Note"), 2.3)), rows=21),
    ))


def form_parts(model: Forms, keys: list[str] | None = None) -> list[Part]:
    """The forms with ``keys`` (every form for ``None``) as documents, in the order asked;
    an unknown key raises ``UnknownFilter`` naming the valid ones."""
    by_key = {form.key: form for form in model.forms}
    for key in keys or ():
        if key not in by_key:
            raise UnknownFilter(_("Unknown form «{key}». Valid forms: {keys}.").format(key=key, keys=", ".join(by_key)))
    chosen = model.forms if keys is None else tuple(by_key[key] for key in keys)
    return [Part(form.key, form.title, form, partial(_form_story, form)) for form in chosen]


def render_forms(model: Forms, keys: list[str] | None = None, page_size: str = "A4", progress=None) -> bytes:
    """The PDF of the forms with ``keys`` (every form for ``None``), each starting a page;
    on A4 each is one page. No keys at all raises ``UnknownFilter``."""
    parts = form_parts(model, keys)
    if not parts:
        raise UnknownFilter(_("Choose at least one form. Valid forms: {keys}.").format(keys=", ".join(FORM_KEYS)))
    context = PrintContext(model.municipality, show(model.data_as_of), page_size)
    story = compose(parts, context)
    return render(story, page_size=page_size, title=_("Blank forms"), author=model.municipality, progress=progress)


# --- Rendering --------------------------------------------------------------------------
# --- Rendering --------------------------------------------------------------------------
# The blocks take their width from the frame they are laid out in, so a form on A5 keeps
# its proportions; a label too long for its box wraps (or, in a table heading, turns) rather
# than shrinking below what is legible in poor light.

_LINE = colors.black
_RULE = colors.HexColor("#666666")  # the lines to write on
_LABEL_SIZE = 7.5
_SMALLEST = 6
_GAP = 2.5 * mm
_PAD = 1.5 * mm  # between a box's border and its label


def _form_story(form: Form, context: PrintContext) -> list:
    s = styles()
    story: list = [SectionStart(PageInfo(form.title, form.title, context.municipality, context.data_as_of, key=form.key)),
                   Paragraph(escape(form.title), ParagraphStyle("form-title", s.title, fontSize=18, leading=21, spaceAfter=1 * mm))]
    if form.instruction:
        story.append(Paragraph(escape(form.instruction), s.small))
    for block in form.blocks:
        story += [Spacer(0, _GAP), _flowable(block)]
    return story


def _flowable(block: Block) -> Flowable:
    if isinstance(block, Fields):
        return _FieldBoxes(block)
    if isinstance(block, Areas):
        return _LinedAreas(block)
    if isinstance(block, Choices):
        return _ChoiceLine(block)
    return _grid(block)


def _size(text: str, font: str, size: float, room: float) -> float:
    """The largest font size up to ``size`` at which ``text`` fits ``room`` on one line."""
    return min(size, size * room / max(pdfmetrics.stringWidth(text, font, size), 0.01))


def _lines(text: str, font: str, size: float, room: float) -> tuple[float, list[str]]:
    """``text`` on one line, smaller if need be; below the smallest legible size, wrapped."""
    fitted = _size(text, font, size, room)
    if fitted >= _SMALLEST:
        return fitted, [text]
    return _SMALLEST, simpleSplit(text, font, _SMALLEST, room)


def _draw_label(canvas, text: str, x: float, top: float, width: float) -> float:
    """A box's label, small and bold at its top left; returns the height it takes."""
    size, lines = _lines(text, BOLD, _LABEL_SIZE, width - 2 * _PAD)
    canvas.setFont(BOLD, size)
    for number, line in enumerate(lines):
        canvas.drawString(x + _PAD, top - 1.2 * mm - size - number * (size + 1), line)
    return _label_height(text, width)


def _label_height(text: str, width: float) -> float:
    size, lines = _lines(text, BOLD, _LABEL_SIZE, width - 2 * _PAD)
    return 1.2 * mm + len(lines) * (size + 1)


class _Block(Flowable):
    """A block as wide as the frame it is laid out in."""

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = self.measure()
        return self.width, self.height

    def measure(self) -> float:
        raise NotImplementedError


class _FieldBoxes(_Block):
    """Rows of boxes sharing their borders, each with its label small at the top left."""

    def __init__(self, block: Fields):
        super().__init__()
        self.block = block

    def measure(self) -> float:
        return len(self.block.rows) * self.block.height * mm

    def draw(self) -> None:
        canvas = self.canv
        row_height = self.block.height * mm
        canvas.setStrokeColor(_LINE)
        canvas.setLineWidth(1)
        for number, row in enumerate(self.block.rows):
            top = self.height - number * row_height
            x = 0.0
            total = sum(field.share for field in row)
            for field in row:
                width = self.width * field.share / total
                canvas.rect(x, top - row_height, width, row_height)
                _draw_label(canvas, field.label, x, top, width)
                if field.text:
                    canvas.setFont(FONT, _size(field.text, FONT, 11, width - 2 * _PAD))
                    canvas.drawCentredString(x + width / 2, top - row_height + 2.2 * mm, field.text)
                x += width


class _LinedAreas(_Block):
    """Boxes side by side, each with its label at the top left and lines to write on; as
    many to a row as are at least 55 mm wide."""

    _NARROWEST = 55 * mm

    def __init__(self, block: Areas):
        super().__init__()
        self.block = block

    def measure(self) -> float:
        areas = self.block.areas
        self.per_row = max(1, min(len(areas), int(self.width // self._NARROWEST)))
        self.rows = [areas[start:start + self.per_row] for start in range(0, len(areas), self.per_row)]
        width = self.width / self.per_row
        self.bands = [max(_label_height(area.label, width) for area in row) + 1 * mm for row in self.rows]
        self.heights = [band + (max(area.lines for area in row) * self.block.pitch + 2) * mm
                        for band, row in zip(self.bands, self.rows)]
        return sum(self.heights)

    def draw(self) -> None:
        canvas = self.canv
        width = self.width / self.per_row
        pitch = self.block.pitch * mm
        top = self.height
        for row, band, height in zip(self.rows, self.bands, self.heights):
            for number, area in enumerate(row):
                x = number * width
                canvas.setStrokeColor(_LINE)
                canvas.setLineWidth(1)
                canvas.rect(x, top - height, width, height)
                _draw_label(canvas, area.label, x, top, width)
                canvas.setStrokeColor(_RULE)
                canvas.setLineWidth(0.4)
                for line in range(1, area.lines + 1):
                    y = top - band - line * pitch
                    canvas.line(x + 2 * mm, y, x + width - 2 * mm, y)
            top -= height


class _ChoiceLine(_Block):
    """The label, then a box to tick before each option."""

    _BOX = 4.5 * mm

    def __init__(self, block: Choices):
        super().__init__()
        self.block = block

    def measure(self) -> float:
        return 9 * mm

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(_LINE)
        canvas.setLineWidth(1)
        canvas.rect(0, 0, self.width, self.height)
        middle = self.height / 2
        label = self.block.label + ":"
        canvas.setFont(BOLD, 10)
        canvas.drawString(2 * mm, middle - 3.5, label)
        start = 4 * mm + pdfmetrics.stringWidth(label, BOLD, 10)
        step = (self.width - start) / len(self.block.options)
        for number, option in enumerate(self.block.options):
            x = start + number * step
            canvas.rect(x, middle - self._BOX / 2, self._BOX, self._BOX)
            canvas.setFont(FONT, max(_SMALLEST, _size(option, FONT, 10, step - self._BOX - 3 * mm)))
            canvas.drawString(x + self._BOX + 1.5 * mm, middle - 3.5, option)


class _TickBox(Flowable):
    """An empty square to tick."""

    def __init__(self, size: float):
        super().__init__()
        self.width = self.height = size

    def draw(self) -> None:
        self.canv.setLineWidth(1)
        self.canv.rect(0, 0, self.width, self.height)


class _RowLabel(Flowable):
    """A pre-printed first cell: one line, smaller if need be, else wrapped."""

    _SIZE = 10

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def wrap(self, available_width, available_height):
        self.size, self.lines = _lines(self.text, FONT, self._SIZE, available_width)
        self.width, self.height = available_width, len(self.lines) * (self.size + 1)
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setFont(FONT, self.size)
        for number, line in enumerate(self.lines, start=1):
            self.canv.drawString(0, self.height - number * (self.size + 1) + 1.5, line)


class _Heading(Flowable):
    """A column heading, small and bold, in a size at which no word is broken; in a column
    too narrow for that, turned to read upwards."""

    def __init__(self, text: str, centred: bool):
        super().__init__()
        self.text, self.centred = text, centred

    def wrap(self, available_width, available_height):
        size = min(_size(word, BOLD, _LABEL_SIZE, available_width - 0.5) for word in self.text.split())
        self.paragraph = None
        if size >= _SMALLEST:
            style = ParagraphStyle("form-heading", fontName=BOLD, fontSize=size, leading=size + 1.5, alignment=int(self.centred))
            self.paragraph = Paragraph(escape(self.text), style)
            self.width, self.height = self.paragraph.wrap(available_width, available_height)
        else:
            self.width, self.height = _LABEL_SIZE + 2, pdfmetrics.stringWidth(self.text, BOLD, _LABEL_SIZE)
        return self.width, self.height

    def draw(self) -> None:
        if self.paragraph:
            self.paragraph.drawOn(self.canv, 0, 0)
            return
        self.canv.saveState()
        self.canv.rotate(90)
        self.canv.setFont(BOLD, _LABEL_SIZE)
        self.canv.drawString(0, -self.width + 2.5, self.text)
        self.canv.restoreState()


def _grid(block: Grid) -> Table:
    """The ruled table; its heading row repeats on a new page."""
    total = sum(column.share for column in block.columns)
    rows = [[_Heading(column.label, column.tick) for column in block.columns]]
    box = min(5 * mm, block.height * mm - 2.5 * mm)
    for number in range(block.rows):
        row = [_TickBox(box) if column.tick else "" for column in block.columns]
        if block.labels:
            row[0] = _RowLabel(block.labels[number])
        rows.append(row)
    table = Table(rows, colWidths=[f"{100 * column.share / total:.4f}%" for column in block.columns],
                  rowHeights=[None] + [block.height * mm] * block.rows, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"), ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("ALIGN", (0, 1), (0, -1), "LEFT"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD), ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        ("LEFTPADDING", (0, 0), (-1, 0), 1 * mm), ("RIGHTPADDING", (0, 0), (-1, 0), 1 * mm),
        ("TOPPADDING", (0, 0), (-1, 0), 1.2 * mm), ("BOTTOMPADDING", (0, 0), (-1, 0), 1.2 * mm),
        ("TOPPADDING", (0, 1), (-1, -1), 0), ("BOTTOMPADDING", (0, 1), (-1, -1), 0),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("GRID", (0, 0), (-1, -1), 0.6, _LINE),
        ("BOX", (0, 0), (-1, -1), 1.2, _LINE),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, _LINE),
    ]))
    return table
