"""Emergency plans (beredskapsplaner) on paper: each plan a document of its own with a title
page (status, owner, adoption, revision due), a table of contents of its sections, the
sections with their Markdown laid out, and the revision history.

The public version (``public=True``) leaves out every section exempt from public access
(offentleglova § 24) and any private phone number written in the text, and says so on the
title page; the internal version marks each exempt section and every page in red.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, partial
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, ListFlowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from beredskap_desktop.domain import plans as plan_rules
from beredskap_desktop.domain.clock import OSLO, now_utc, show, show_date
from beredskap_desktop.domain.markup import tokens
from beredskap_desktop.domain.phones import format_phone
from beredskap_desktop.domain.plans import Classification, LegalPart, Plan, PlanStatus, PlanType
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services.card_selection import UnknownFilter
from beredskap_desktop.services.printing.documents import Part, PrintContext, compose
from beredskap_desktop.services.printing.styles import (
    BOLD, FONT, GRID, ITALIC, MARK_COLOUR, SHADE, Anchor, Contents, ContentsEntry, PageInfo, SectionStart, TextLines,
    register_fonts, render, styles,
)
from beredskap_desktop.storage import contacts, municipality
from beredskap_desktop.storage import plans as plan_store
from beredskap_desktop.storage.database import Store

HOLDERS_SHOWN = 6  # people named under the owner role; more are counted


@dataclass(frozen=True)
class Holder:
    """Someone holding the plan's owner role, with work numbers as shown."""

    name: str
    work_mobile: str
    work_landline: str


@dataclass(frozen=True)
class PrintedSection:
    number: int  # the section's place in the whole plan (kept in the public version)
    title: str
    part: str  # the § 4 part's label, or ""
    exempt: bool
    body: str  # Markdown


@dataclass(frozen=True)
class RevisionLine:
    number: int
    version: int
    on: date
    author: str
    reason: str


@dataclass(frozen=True)
class PlanSheet:
    """One plan as printed: no timestamps, so its hash changes only with what is printed."""

    id: str
    title: str
    type_label: str
    status: str
    is_draft: bool
    version: int
    owner: str  # the role's name
    holders: tuple[Holder, ...]
    more_holders: int
    adopted_on: date | None
    adopted_by: str
    revised_at: date | None
    next_revision: date | None
    overdue: bool
    part_of: str  # the parent plan's title
    parts_covered: tuple[str, ...]
    parts_missing: tuple[str, ...]  # overall plans only
    sections: tuple[PrintedSection, ...]
    revisions: tuple[RevisionLine, ...]  # newest first
    public: bool
    left_out: tuple[int, ...]  # the numbers of the exempt sections left out of the public version
    numbers_left_out: int  # private phone numbers taken out of the public version's text

    @property
    def has_exempt(self) -> bool:
        return any(section.exempt for section in self.sections)


@dataclass(frozen=True)
class PlanPrintout:
    municipality: str
    data_as_of: datetime
    public: bool
    plans: tuple[PlanSheet, ...]


def exempt_mark() -> str:
    """The red mark of an exempt section and of every page of a plan holding one."""
    return _("Exempt from public access, offl. § 24 third paragraph")


def build_plan_printout(store: Store, *, plan_ids: list[str] | None = None, public: bool = False,
                        now: datetime | None = None) -> PlanPrintout:
    """The plans with ``plan_ids`` (every plan not archived for ``None``), each after the plan
    it belongs to. ``public`` leaves out exempt sections and private numbers in the text.
    An unknown id raises ``UnknownFilter``."""
    now = now or now_utc()
    summaries = plan_store.summaries(store)
    if plan_ids is None:
        chosen = [s for s in summaries if s.status is not PlanStatus.ARCHIVED]
    else:
        known = {s.id for s in summaries}
        unknown = [plan_id for plan_id in plan_ids if plan_id not in known]
        if unknown:
            raise UnknownFilter(_("Unknown plan: {ids}.").format(ids=", ".join(unknown)))
        chosen = [s for s in summaries if s.id in set(plan_ids)]
    reader = _Reader(store, summaries, public, now.astimezone(OSLO).date())
    full = plan_rules.parents_first([plan_store.get(store, s.id) for s in chosen])
    own = municipality.get(store)
    return PlanPrintout(own.name if own else "", now, public, tuple(reader.sheet(plan) for plan in full))


class _Reader:
    """What the sheets need besides the plans, read once: role names and holders, titles of
    the plans above, sub-plans, the revision interval and the private numbers to leave out."""

    def __init__(self, store: Store, summaries, public: bool, today: date):
        self.store, self.public, self.today = store, public, today
        self.summaries = summaries
        self.titles = {s.id: s.title for s in summaries}
        self.roles = {r.id: r.name for r in contacts.roles(store)}
        self.months = plan_store.revision_months(store)
        self.holders: dict[str, tuple[tuple[Holder, ...], int]] = {}
        self.private = _PrivateNumbers(store) if public else None

    def sheet(self, plan: Plan) -> PlanSheet:
        scrub = self.private.scrub if self.private else (lambda text: (text, 0))
        removed = 0

        def clean(text: str) -> str:
            nonlocal removed
            text, count = scrub(text)
            removed += count
            return text

        numbered = list(enumerate(plan.sections, start=1))
        left_out = tuple(n for n, s in numbered if self.public and s.classification is Classification.EXEMPT)
        sections = tuple(
            PrintedSection(n, clean(s.title), s.part.label if s.part else "", s.classification is Classification.EXEMPT, clean(s.body))
            for n, s in numbered if n not in left_out
        )
        revisions = tuple(
            RevisionLine(r.number, r.plan.version, r.created_at.astimezone(OSLO).date(), r.created_by, clean(r.reason))
            for r in plan_store.revisions(self.store, plan.id)
        )
        covered, missing = self._parts(plan)
        holders, more = self._holders(plan.owner_role_id)
        return PlanSheet(
            plan.id, plan.title, plan.plan_type.label, plan.status.label, plan.status is PlanStatus.DRAFT, plan.version,
            self.roles.get(plan.owner_role_id, plan.owner_role_id or ""), holders, more,
            plan.adopted_on, clean(plan.adopted_by), plan.revised_at,
            plan_rules.next_revision_due(plan.revised_at, self.months) if plan.status is PlanStatus.ADOPTED else None,
            plan_rules.is_overdue(plan, self.today, self.months),
            self.titles.get(plan.parent_id, "") if plan.parent_id else "",
            covered, missing, sections, revisions, self.public, left_out, removed,
        )

    def _parts(self, plan: Plan) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The § 4 parts the plan covers (by its sections, its type, or for an overall plan its
        sub-plans) and, for an overall plan, those it lacks."""
        covered = {s.part for s in plan.sections if s.part and s.body.strip()}
        covered |= {part for part in LegalPart if part.plan_type is plan.plan_type}
        if plan.plan_type is PlanType.OVERALL:
            covered |= {part for part in LegalPart for sub in self.summaries
                        if sub.parent_id == plan.id and sub.plan_type is part.plan_type and sub.status is not PlanStatus.ARCHIVED}
        missing = [part for part in LegalPart if part not in covered] if plan.plan_type is PlanType.OVERALL else []
        return tuple(part.label for part in LegalPart if part in covered), tuple(part.label for part in missing)

    def _holders(self, role_id: str | None) -> tuple[tuple[Holder, ...], int]:
        if not role_id:
            return (), 0
        if role_id not in self.holders:
            ids = contacts.holders(self.store, role_id)
            people = []
            for contact_id in ids[:HOLDERS_SHOWN]:
                contact = contacts.get(self.store, contact_id)
                if contact is not None:
                    people.append(Holder(contact.name, format_phone(contact.work_mobile), format_phone(contact.work_landline)))
            self.holders[role_id] = (tuple(people), max(0, len(ids) - HOLDERS_SHOWN))
        return self.holders[role_id]


_NUMBER_RUN = re.compile(r"\+?\d[\d \u00a0.\-]*\d")
_DIGIT_GROUP = re.compile(r"\d+")


class _PrivateNumbers:
    """Every contact's private number, to take out of the text of the public version
    wherever it is written (``+47 411 22 334``, ``41122334``, ``411 22 334``)."""

    def __init__(self, store: Store):
        self.digits: set[str] = set()
        for (number,) in store.conn.execute("SELECT private_phone FROM contact WHERE coalesce(private_phone, '') <> ''"):
            digits = number.lstrip("+")
            self.digits.add(digits)
            if number.startswith("+47"):
                self.digits.add(digits[2:])

    def scrub(self, text: str) -> tuple[str, int]:
        """``text`` with each private number replaced by a note, and how many were replaced."""
        if not self.digits or not text:
            return text, 0
        found: list[tuple[int, int]] = []
        for run in _NUMBER_RUN.finditer(text):
            found.extend(self._in_run(text, run))
        if not found:
            return text, 0
        note = _("[private number left out]")
        pieces, end = [], 0
        for start, stop in found:
            pieces += [text[end:start], note]
            end = stop
        pieces.append(text[end:])
        return "".join(pieces), len(found)

    def _in_run(self, text: str, run: re.Match) -> list[tuple[int, int]]:
        groups = list(_DIGIT_GROUP.finditer(text, run.start(), run.end()))
        spans, first = [], 0
        while first < len(groups):
            digits, last, match = "", first, None
            while last < len(groups) and len(digits) < 14:
                digits += groups[last].group()
                if digits.removeprefix("00") in self.digits:
                    match = last
                last += 1
            if match is None:
                first += 1
                continue
            start = groups[first].start()
            if start > 0 and text[start - 1] == "+":
                start -= 1
            spans.append((start, groups[match].end()))
            first = match + 1
        return spans


# --- Markdown to flowables -------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_MIN_COLUMN = 12 * mm  # narrower columns: the table is printed as lines of text instead
_CELL_PADDING = 8  # left and right padding of a table cell
_CELL_SIZE = 10
_SMALLEST_CELL_SIZE = 8
_TALL_ROW = 120 * mm  # a table row taller than this may be split across pages
_LIST_INDENT = 16
_MAX_INDENTED_DEPTH = 4  # lists nested deeper are not indented further
_HEADING_ROOM = 30 * mm  # a heading nearer the foot of the page than this starts the next page
_SECTION_ROOM = 45 * mm  # the same for a section (keepWithNext would leave its anchor behind)


def _esc(text: str) -> str:
    """``text`` safe inside reportlab's paragraph markup."""
    return escape(_CONTROL.sub(" ", text))


@dataclass(frozen=True)
class _MarkdownStyles:
    body: ParagraphStyle
    headings: tuple[ParagraphStyle, ...]  # h1, h2, h3 and deeper


@cache
def _markdown_styles() -> _MarkdownStyles:
    body = ParagraphStyle("plan-body", styles().body, spaceAfter=2 * mm)
    heading = ParagraphStyle("plan-h", body, fontName=BOLD, spaceBefore=3 * mm, spaceAfter=1.5 * mm)
    return _MarkdownStyles(body, (ParagraphStyle("plan-h1", heading, fontSize=14, leading=18),
                                  ParagraphStyle("plan-h2", heading, fontSize=13, leading=16),
                                  ParagraphStyle("plan-h3", heading, fontSize=12, leading=15)))


def markdown_flowables(text: str, width: float) -> list:
    """``text`` (the plan subset of Markdown) as flowables ``width`` wide: headings, paragraphs
    with bold and italic, bulleted and numbered lists and tables; anything else as plain text."""
    return _blocks(_tree(tokens(text)), width, 0)


def _tree(flat: list) -> list:
    """markdown-it's flat token stream as nested ``(token, children)`` pairs (children ``None``
    for a token that opens nothing)."""
    root: list = []
    stack = [root]
    for token in flat:
        if token.nesting == 1:
            node = (token, [])
            stack[-1].append(node)
            stack.append(node[1])
        elif token.nesting == -1:
            if len(stack) > 1:
                stack.pop()
        else:
            stack[-1].append((token, None))
    return root


def _blocks(nodes: list, width: float, depth: int) -> list:
    s = _markdown_styles()
    flowables: list = []
    for token, children in nodes:
        kind = token.type
        if kind == "inline":
            flowables.append(_text([token], s.body))
        elif kind == "heading_open":
            level = min(int(token.tag[1:]) if token.tag[1:].isdigit() else 3, 3)
            flowables += [CondPageBreak(_HEADING_ROOM), _text(_inlines(children), s.headings[level - 1])]
        elif kind == "paragraph_open":
            flowables.append(_text(_inlines(children), s.body))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            flowables.append(_list(token, children, width, depth))
        elif kind == "table_open":
            flowables.extend(_table(children, width))
        elif children is not None:
            flowables.extend(_blocks(children, width, depth))
        elif token.content:
            flowables.append(Paragraph(_esc(token.content), s.body))
    return flowables


def _inlines(children: list) -> list:
    return [token for token, _none in children if token.type == "inline"]


def _text(inlines: list, style: ParagraphStyle) -> TextLines | Paragraph:
    """Inline tokens as lines of plain text where they hold no markup (most do, and lines are
    many times faster to lay out than a paragraph), else as a paragraph with bold and italic."""
    parts = [_inline(token) for token in inlines]
    markup, plain = "".join(markup for markup, _plain in parts), "".join(plain for _markup, plain in parts)
    if markup == _esc(plain):
        return TextLines([(_CONTROL.sub(" ", plain), style)])
    return Paragraph(markup, style)


_INLINE_TAGS = {"strong_open": "<b>", "strong_close": "</b>", "em_open": "<i>", "em_close": "</i>",
                "softbreak": " ", "hardbreak": "<br/>"}


def _inline(token) -> tuple[str, str]:
    """An inline token as paragraph markup and as plain text."""
    if token.children is None:
        return _esc(token.content), token.content
    markup, plain = [], []
    for child in token.children:
        if child.type in _INLINE_TAGS:
            markup.append(_INLINE_TAGS[child.type])
            if child.type.endswith("break"):
                plain.append(" ")
        else:
            markup.append(_esc(child.content))
            plain.append(child.content)
    return "".join(markup), "".join(plain)


def _list(token, items: list, width: float, depth: int) -> ListFlowable:
    ordered = token.type == "ordered_list_open"
    start = int(token.attrs.get("start", 1)) if ordered else 1
    s = _markdown_styles()
    indent = _LIST_INDENT if depth < _MAX_INDENTED_DEPTH else 0
    if ordered:
        indent = max(indent, stringWidth(f"{start + len(items)}.", FONT, s.body.fontSize) + 6)
    content = []
    for item, children in items:
        flowables = _blocks(children or [], width - indent, depth + 1) if item.type == "list_item_open" else []
        content.append(flowables or [Paragraph("", s.body)])
    options = dict(bulletFontName=FONT, bulletFontSize=s.body.fontSize, leftIndent=indent, spaceAfter=2 * mm)
    if ordered:
        return ListFlowable(content, bulletType="1", start=start, bulletFormat="%s.", **options)
    return ListFlowable(content, bulletType="bullet", start="•", **options)


def _table(sections: list, width: float) -> list:
    """A Markdown table: a grid with a shaded header row; with more columns than fit, each row
    as a line of text."""
    rows: list[list[tuple[str, str, str]]] = []  # per cell: markup, plain text, alignment
    for section, rows_in_section in sections:
        for row, cells in rows_in_section or []:
            if row.type != "tr_open":
                continue
            rows.append([_table_cell(cell_token, cell_children) for cell_token, cell_children in cells or []])
    columns = max((len(row) for row in rows), default=0)
    if not columns:
        return []
    s = _markdown_styles()
    if columns * _MIN_COLUMN > width:
        return [Paragraph(" | ".join(markup for markup, _plain, _align in row), s.body) for row in rows]
    rows = [row + [("", "", "left")] * (columns - len(row)) for row in rows]
    size = _cell_size(rows, columns, width)
    widths = _column_widths(rows, columns, width, size)
    cell_styles = _cell_styles(size)
    data = []
    for index, row in enumerate(rows):
        line = []
        for column, (markup, plain, align) in enumerate(row):
            style = cell_styles["head"] if index == 0 else cell_styles.get(align, cell_styles["left"])
            if markup == escape(plain):
                line.append(_lines(plain, style, widths[column] - _CELL_PADDING))
            else:
                line.append(Paragraph(markup, style))
        data.append(line)
    table = _grid(data, widths, cell_styles["left"].leading)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), cell_styles["left"].leading), ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING / 2), ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING / 2),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("GRID", (0, 0), (-1, -1), 0.5, GRID),
    ]
    for column, (_markup, _plain, align) in enumerate(rows[0]):
        if align in ("right", "center"):
            commands.append(("ALIGN", (column, 0), (column, -1), align.upper()))
    table.setStyle(TableStyle(commands))
    return [table, Spacer(0, 3 * mm)]


def _grid(rows: list, widths: list[float], leading: float, header: bool = True) -> Table:
    """A table whose ``header`` row repeats on each page. Rows split across pages only when one
    is too tall for a page (reportlab then also splits rows that fit, leaving a stray header)."""
    tallest = 0.0
    for row in rows:
        for value, width in zip(row, widths):
            if isinstance(value, str):
                tallest = max(tallest, (value.count("\n") + 1) * leading)
            else:
                tallest = max(tallest, value.wrap(width - _CELL_PADDING, _TALL_ROW * 10)[1])
    return Table(rows, colWidths=widths, repeatRows=int(header), splitInRow=int(tallest > _TALL_ROW))


def _lines(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A table cell as plain lines broken at spaces and newlines (many times faster to lay out
    than a paragraph), or a paragraph when a word is wider than the column."""
    lines = simpleSplit(text, style.fontName, style.fontSize, width)
    if any(stringWidth(line, style.fontName, style.fontSize) > width for line in lines):
        return Paragraph(_esc(text).replace("\n", "<br/>"), style)
    return "\n".join(lines)


def _table_cell(token, children) -> tuple[str, str, str]:
    align = (token.attrs.get("style") or "").removeprefix("text-align:") or "left"
    parts = [_inline(child) for child, _none in children or [] if child.type == "inline"]
    return "".join(markup for markup, _plain in parts), "".join(plain for _markup, plain in parts), align


@cache
def _cell_styles(size: float) -> dict[str, ParagraphStyle]:
    """Table cell styles in ``size`` points: the header row, and left, right and centred cells."""
    left = ParagraphStyle(f"plan-cell-{size}", _markdown_styles().body, fontSize=size, leading=round(size * 1.2, 1), spaceAfter=0)
    return {"head": ParagraphStyle(f"plan-cell-head-{size}", left, fontName=BOLD), "left": left,
            "right": ParagraphStyle(f"plan-cell-right-{size}", left, alignment=TA_RIGHT),
            "center": ParagraphStyle(f"plan-cell-centre-{size}", left, alignment=TA_CENTER)}


def _longest(rows: list, columns: int, size: float, split) -> list[float]:
    """Per column the widest piece of a cell (``split`` cuts a cell's text into pieces), padded."""
    widest = [_MIN_COLUMN] * columns
    for index, row in enumerate(rows):
        font = BOLD if index == 0 else FONT
        for column, (_markup, plain, _align) in enumerate(row):
            widest[column] = max([widest[column]] + [stringWidth(piece, font, size) + _CELL_PADDING + 2 for piece in split(plain)])
    return widest


def _cell_size(rows: list, columns: int, width: float) -> float:
    """The table's font size: 10 pt, or down to 8 pt when the longest words do not fit side by side."""
    words = sum(_longest(rows, columns, _CELL_SIZE, str.split))
    if words <= width:
        return _CELL_SIZE
    return max(_SMALLEST_CELL_SIZE, int(_CELL_SIZE * width / words * 2) / 2)


def _column_widths(rows: list, columns: int, width: float, size: float) -> list[float]:
    """Each column at least as wide as its longest word and, as far as the width allows, as
    its longest line: the room left after the words goes first to the columns that need
    least; what is still left widens every column alike. When the words do not fit side by
    side, the columns share the width by their longest words, none narrower than
    ``_MIN_COLUMN``."""
    word = _longest(rows, columns, size, str.split)
    line = _longest(rows, columns, size, lambda text: [text])
    if sum(word) >= width:
        narrow: set[int] = set()
        while True:
            wide = sum(w for column, w in enumerate(word) if column not in narrow)
            room = width - _MIN_COLUMN * len(narrow)
            widths = [_MIN_COLUMN if column in narrow else w * room / wide for column, w in enumerate(word)]
            too_narrow = {column for column, w in enumerate(widths) if w < _MIN_COLUMN and column not in narrow}
            if not too_narrow:
                return widths
            narrow |= too_narrow
    widths, room = list(word), width - sum(word)
    waiting = [column for column in range(columns) if line[column] > word[column]]
    while waiting and room > 0:
        share = room / len(waiting)
        content = [column for column in waiting if line[column] - widths[column] <= share]
        if not content:
            for column in waiting:
                widths[column] += share
            return widths
        for column in content:
            room -= line[column] - widths[column]
            widths[column] = line[column]
        waiting = [column for column in waiting if column not in content]
    return [w + room / columns for w in widths]


# --- The pages ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _PageStyles:
    plan_title: ParagraphStyle
    type_line: ParagraphStyle
    fact_label: ParagraphStyle
    fact: ParagraphStyle
    warning: ParagraphStyle
    note: ParagraphStyle
    exempt_note: ParagraphStyle
    mark: ParagraphStyle
    section_title: ParagraphStyle
    section_part: ParagraphStyle
    empty: ParagraphStyle


@cache
def _page_styles() -> _PageStyles:
    s = styles()
    return _PageStyles(
        ParagraphStyle("plan-title", s.title, fontSize=26, leading=31, spaceAfter=3 * mm),
        ParagraphStyle("plan-type", s.body, fontSize=14, leading=18, spaceAfter=5 * mm),
        ParagraphStyle("plan-fact-label", s.body, fontName=BOLD, fontSize=11, leading=14),
        ParagraphStyle("plan-fact", s.body, fontSize=11, leading=14),
        ParagraphStyle("plan-warning", s.body, fontName=BOLD, textColor=MARK_COLOUR, spaceBefore=2 * mm),
        ParagraphStyle("plan-note", s.body, fontSize=11, leading=14, spaceBefore=3 * mm),
        ParagraphStyle("plan-exempt-note", s.body, fontSize=11, leading=14, spaceBefore=3 * mm, textColor=MARK_COLOUR),
        ParagraphStyle("plan-mark", s.body, fontName=BOLD, fontSize=11, leading=14, textColor=MARK_COLOUR, spaceAfter=2 * mm),
        ParagraphStyle("plan-section", s.heading, fontSize=16, leading=20, spaceBefore=6 * mm),
        ParagraphStyle("plan-part", s.small, spaceAfter=2 * mm),
        ParagraphStyle("plan-empty", s.body, fontName=ITALIC),
    )


def plan_parts(model: PlanPrintout) -> list[Part]:
    """Each plan as a document of its own (key ``plan:<id>``)."""
    return [Part(f"plan:{sheet.id}", sheet.title, sheet, partial(_plan_story, sheet)) for sheet in model.plans]


def render_plan_printout(model: PlanPrintout, page_size: str = "A4", progress=None) -> bytes:
    """The PDF of ``model``: each plan starts on a new page and numbers its own pages."""
    context = PrintContext(model.municipality, show(model.data_as_of), page_size)
    title = _("Emergency plans – public version") if model.public else _("Emergency plans")
    story = compose(plan_parts(model), context)
    if not model.plans:
        story = [SectionStart(PageInfo(_("Emergency plans"), title, model.municipality, context.data_as_of)),
                 Paragraph(_esc(_("No plans to print.")), styles().body)]
    return render(story, page_size=page_size, title=title, author=model.municipality, progress=progress)


def _plan_story(sheet: PlanSheet, context: PrintContext) -> list:
    register_fonts()
    header = _("{type} – public version").format(type=sheet.type_label) if sheet.public else sheet.type_label
    version, revised = str(sheet.version) if sheet.version else "", show_date(sheet.revised_at)
    # The footer reads "<title> · side 3/12" on the left and "Versjon 2 · Revidert 04.03.2026" on the right.
    details = " · ".join(text for text in (_("Version {version}").format(version=version) if version else "",
                                           _("Revised {date}").format(date=revised) if revised else "") if text)
    label_room = (context.width - stringWidth(details, FONT, 8) - 6 * mm
                  - stringWidth(_("{label} · page {page}/{pages}").format(label="", page=999, pages=999), BOLD, 10))
    header_room = context.width - stringWidth(context.municipality, FONT, 9) - 6 * mm
    info = PageInfo(_fit(sheet.title, BOLD, 10, label_room), _fit(header, FONT, 9, header_room), context.municipality,
                    context.data_as_of, version, revised, exempt_mark() if sheet.has_exempt else "", key=f"plan:{sheet.id}")
    story: list = [SectionStart(info), *_title_page(sheet, context), *_contents(sheet), PageBreak()]
    for section in sheet.sections:
        story.extend(_section(sheet, section, context.width))
    story.extend(_history(sheet, context.width))
    return story


def _fit(text: str, font: str, size: float, room: float) -> str:
    """``text`` shortened with an ellipsis to fit ``room`` points."""
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _title_page(sheet: PlanSheet, context: PrintContext) -> list:
    p = _page_styles()
    flowables: list = [Paragraph(_esc(sheet.title), p.plan_title), Paragraph(_esc(sheet.type_label), p.type_line)]
    owner = [sheet.owner] if sheet.owner else []
    for holder in sheet.holders:
        numbers = ", ".join(number for number in (holder.work_mobile, holder.work_landline) if number)
        owner.append(f"{holder.name} – {numbers}" if numbers else holder.name)
    if sheet.more_holders:
        owner.append(ngettext("and {count} more person holds this role", "and {count} more people hold this role",
                              sheet.more_holders).format(count=sheet.more_holders))
    adopted = ""
    if sheet.adopted_on:
        adopted = show_date(sheet.adopted_on)
        if sheet.adopted_by:
            adopted = _("{date} by {by}").format(date=adopted, by=sheet.adopted_by)
    facts = [
        (_("Status"), sheet.status),
        (_("Version"), str(sheet.version) if sheet.version else _("Not adopted yet")),
        (_("Owner"), "\n".join(owner)),
        (_("Adopted"), adopted),
        (_("Revised"), show_date(sheet.revised_at)),
        (_("Next revision due"), show_date(sheet.next_revision)),
        (_("Part of"), sheet.part_of),
        (_("§ 4 parts covered"), "\n".join(sheet.parts_covered)),
        (_("§ 4 parts missing"), "\n".join(sheet.parts_missing)),
        (_("Municipality"), context.municipality),
    ]
    widths = [46 * mm, context.width - 46 * mm]
    rows = [[_lines(label, p.fact_label, widths[0] - _CELL_PADDING), _lines(value, p.fact, widths[1] - _CELL_PADDING)]
            for label, value in facts if value]
    table = _grid(rows, widths, p.fact.leading, header=False)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTNAME", (0, 0), (0, -1), BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), p.fact.fontSize), ("LEADING", (0, 0), (-1, -1), p.fact.leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, SHADE),
    ]))
    flowables.append(table)
    if sheet.overdue:
        flowables.append(Paragraph(_esc(_("Overdue for revision since {date}.").format(date=show_date(sheet.next_revision))), p.warning))
    if sheet.is_draft:
        flowables.append(Paragraph(_esc(_("Draft: this plan has not been adopted.")), p.warning))
    if sheet.public:
        left_out = ngettext(
            "Section {numbers} is exempt from public access (offentleglova § 24 third paragraph) and left out.",
            "Sections {numbers} are exempt from public access (offentleglova § 24 third paragraph) and left out.",
            len(sheet.left_out)).format(numbers=", ".join(map(str, sheet.left_out))) if sheet.left_out else ""
        public = _("Public version.")
        flowables.append(Paragraph(f"<b>{_esc(public)}</b> {_esc(left_out)}", p.note))
        if sheet.numbers_left_out:
            flowables.append(Paragraph(_esc(ngettext(
                "{count} private phone number is left out of the text.",
                "{count} private phone numbers are left out of the text.",
                sheet.numbers_left_out).format(count=sheet.numbers_left_out)), p.note))
    elif sheet.has_exempt:
        flowables.append(Paragraph(_esc(_("This plan contains sections exempt from public access (offentleglova § 24 third "
                                          "paragraph), marked in red. Print the public version for anyone outside the municipality.")),
                                   p.exempt_note))
    return flowables


def _contents(sheet: PlanSheet) -> list:
    entries = [ContentsEntry(_section_heading(section) + (" – " + _("exempt") if section.exempt else ""),
                             f"plan:{sheet.id}:s{section.number}", within_document=True) for section in sheet.sections]
    entries.append(ContentsEntry(_("Revision history"), f"plan:{sheet.id}:history", within_document=True))
    return [Spacer(0, 6 * mm), CondPageBreak(_HEADING_ROOM), Paragraph(_esc(_("Contents")), styles().heading), Contents(entries)]


def _section_heading(section: PrintedSection) -> str:
    return f"{section.number}. {section.title}"


def _section(sheet: PlanSheet, section: PrintedSection, width: float) -> list:
    p = _page_styles()
    flowables: list = [CondPageBreak(_SECTION_ROOM), Anchor(f"plan:{sheet.id}:s{section.number}"),
                       Paragraph(_esc(_section_heading(section)), p.section_title)]
    if section.part:
        flowables.append(Paragraph(_esc(section.part), p.section_part))
    if section.exempt:
        flowables.append(Paragraph(_esc(exempt_mark()), p.mark))
    body = markdown_flowables(section.body, width)
    flowables.extend(body or [Paragraph(_esc(_("(No text.)")), p.empty)])
    return flowables


def _history(sheet: PlanSheet, width: float) -> list:
    flowables: list = [CondPageBreak(_SECTION_ROOM), Anchor(f"plan:{sheet.id}:history"),
                       Paragraph(_esc(_("Revision history")), _page_styles().section_title)]
    if not sheet.revisions:
        return flowables + [Paragraph(_esc(_("No revisions yet: the plan has not been adopted.")), _page_styles().empty)]
    widths = [18 * mm, 26 * mm, 0.4 * (width - 44 * mm), 0.6 * (width - 44 * mm)]
    style = _cell_styles(_CELL_SIZE)["left"]
    rows = [[_("Version"), _("Date"), _("By"), _("Reason")]]
    rows += [[str(line.version), show_date(line.on), _lines(line.author, style, widths[2] - _CELL_PADDING),
              _lines(line.reason, style, widths[3] - _CELL_PADDING)] for line in sheet.revisions]
    table = _grid(rows, widths, style.leading)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), style.fontSize),
        ("LEADING", (0, 0), (-1, -1), style.leading), ("FONTNAME", (0, 0), (-1, 0), BOLD), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING / 2), ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING / 2),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("GRID", (0, 0), (-1, -1), 0.5, GRID),
    ]))
    return flowables + [table]
