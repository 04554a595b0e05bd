"""The incident log (hendelseslogg) on paper: every entry in order of event time, numbered,
with key events, decisions and corrections marked, and on every page the heads of the
log's chains and whether they verified when it was printed (a later printout with the same
counts and heads shows nothing was changed). The log of key events and decisions alone
prints the same way, with the numbers of the whole log.

A log of 100,000 entries is read a page of the database at a time into compact lines, and
laid out one paper page at a time in plain-string table cells."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property, partial

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from beredskap_desktop.domain.clock import OSLO, now_utc, show
from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.domain.log import Category, Channel, grouped
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services.printing.documents import Part, PrintContext, compose
from beredskap_desktop.services.printing.incident import (
    ChainBand, ChainHead, count_text, find_incident, heading, snapshot, type_names, verification_lines,
    verified_chains, watermark,
)
from beredskap_desktop.services.printing.styles import (
    BOLD, FONT, GRID, MARK_COLOUR, SHADE, PageInfo, SectionStart, TextLines, render, styles, text_cell, wrap_text,
)
from beredskap_desktop.storage import log, municipality
from beredskap_desktop.storage.database import Store

_READ_PAGE = 10_000  # entries read from the database at a time


@dataclass(frozen=True, slots=True)
class LogLine:
    """One entry as printed; ``number`` is its place in the whole log, by event time."""

    number: int
    device_id: str
    seq: int
    event_at: datetime
    recorded_at: datetime
    category: Category
    channel: Channel | None
    source: str
    text: str
    operator: str
    role: str
    key_event: bool
    decided_by: str
    rationale: str

    @property
    def marked(self) -> bool:
        """A key event or a decision: what the log of key events and decisions holds."""
        return self.key_event or self.category is Category.DECISION


@dataclass(frozen=True)
class LogPrintout:
    municipality: str
    data_as_of: datetime
    incident: Incident
    type_names: tuple[str, ...]
    chains: tuple[ChainHead, ...]
    lines: tuple[LogLine, ...]
    corrections: tuple[tuple[int, int], ...]  # (number of a correction, number of the entry it corrects)
    total: int  # entries in the whole log
    key_events_only: bool = False
    next_of_kin: bool = False  # an entry about next of kin: the printout holds personal data

    @property
    def verified(self) -> bool:
        return all(chain.valid for chain in self.chains)

    @cached_property
    def corrects(self) -> dict[int, int]:
        return dict(self.corrections)

    @cached_property
    def corrected_by(self) -> dict[int, tuple[int, ...]]:
        found: dict[int, list[int]] = {}
        for correction, corrected in self.corrections:
            found.setdefault(corrected, []).append(correction)
        return {number: tuple(sorted(numbers)) for number, numbers in found.items()}


def build_incident_log(store: Store, incident_id: str, *, key_events_only: bool = False,
                       now: datetime | None = None) -> LogPrintout:
    """The log of ``incident_id`` (``UnknownIncident`` if there is none), verified now; with
    ``key_events_only`` only key events and decisions (see ``key_events``)."""
    with snapshot(store):
        incident = find_incident(store, incident_id)
        own = municipality.get(store)
        heads = verified_chains(store, incident_id)
        lines, corrections, numbers, next_of_kin = _read_lines(store, incident_id)
        names = type_names(store, incident)
    chains = tuple(ChainHead(head.device_id, head.count, head.head, head.broken, numbers.get(entry_id)) if entry_id else head
                   for head, entry_id in heads)
    resolved = tuple((number, numbers[target]) for number, target in corrections if target in numbers)
    model = LogPrintout(own.name if own else "", now or now_utc(), incident, names, chains, tuple(lines), resolved,
                        len(lines), next_of_kin=next_of_kin)
    return key_events(model) if key_events_only else model


def key_events(model: LogPrintout) -> LogPrintout:
    """``model`` with only the key events and decisions, and the entries correcting them
    (numbered as in the whole log)."""
    kept = {line.number for line in model.lines if line.marked}
    kept |= {number for number, target in model.corrections if target in kept}
    return replace(model, lines=tuple(line for line in model.lines if line.number in kept), key_events_only=True)


def _read_lines(store: Store, incident_id: str) -> tuple[list[LogLine], list[tuple[int, str]], dict[str, int], bool]:
    """Every entry as a line, a page of the database at a time; the corrections as (number,
    id corrected); every entry's number by id; whether any entry is about next of kin."""
    lines: list[LogLine] = []
    corrections: list[tuple[int, str]] = []
    numbers: dict[str, int] = {}
    intern = sys.intern
    next_of_kin = False
    while page := log.entries(store, incident_id, offset=len(lines), limit=_READ_PAGE):
        for entry in page:
            number = len(lines) + 1
            numbers[entry.id] = number
            if entry.corrects:
                corrections.append((number, entry.corrects))
            next_of_kin = next_of_kin or entry.category is Category.NEXT_OF_KIN
            lines.append(LogLine(
                number, intern(entry.device_id), entry.seq, entry.event_at, entry.recorded_at, entry.category, entry.channel,
                intern(entry.source), entry.text, intern(entry.operator), intern(entry.role), entry.key_event,
                intern(entry.decided_by), entry.rationale,
            ))
    return lines, corrections, numbers, next_of_kin


# --- Rendering --------------------------------------------------------------------------


def log_parts(model: LogPrintout) -> list[Part]:
    key = f"incident-log:{model.incident.id}" + (":key-events" if model.key_events_only else "")
    return [Part(key, _title(model), model, partial(_log_story, model, key))]


def render_incident_log(model: LogPrintout, page_size: str = "A4", progress=None) -> bytes:
    """The PDF of ``model``: the chain band on every page, ØVELSE across an exercise's pages."""
    context = PrintContext(model.municipality, show(model.data_as_of), page_size)
    return render(compose(log_parts(model), context), page_size=page_size, title=_title(model),
                  author=model.municipality, watermark=watermark(model.incident), progress=progress)


def _title(model: LogPrintout) -> str:
    return _("Key events and decisions") if model.key_events_only else _("Incident log")


def _log_story(model: LogPrintout, key: str, context: PrintContext) -> list:
    classification = _("Contains personal data") if model.next_of_kin else ""
    label = _("Key events") if model.key_events_only else _("Log")
    info = PageInfo(label, f"{_title(model)}: {model.incident.title}", context.municipality, context.data_as_of,
                    classification=classification, key=key)
    layout = _Layout(model, context.width)
    return [SectionStart(info), _LogPages(layout, 0, _first_page(model, context), _final_section(model, context))]


def _first_page(model: LogPrintout, context: PrintContext) -> list[Flowable]:
    s = styles()
    counts = [ngettext("{count} entry", "{count} entries", model.total).format(count=count_text(model.total))]
    marked = sum(line.marked for line in model.lines)
    if model.key_events_only:
        counts.append(ngettext("{count} key event or decision printed", "{count} key events and decisions printed",
                               marked).format(count=count_text(marked)))
    if model.corrections:
        counts.append(ngettext("{count} correction", "{count} corrections", len(model.corrections)).format(count=len(model.corrections)))
    story = heading(_title(model), model.incident, model.type_names, context, [(_("Log"), ", ".join(counts))])
    legend = _("★ key event. Times are Norwegian time; «rec.» is when an entry was recorded, where that was later than "
               "the event. A correction is a new entry: both stay in the log, each pointing to the other.")
    story.append(TextLines([(legend, ParagraphStyle("legend", s.small, spaceAfter=2 * mm))]))
    if not model.lines:
        story.append(TextLines([(_("No key events or decisions in the log.") if model.key_events_only else _("The log is empty."), s.body)]))
    return story


def _final_section(model: LogPrintout, context: PrintContext) -> list[Flowable]:
    """The chains in full: every head, what verifying them showed, and how to use the heads."""
    s = styles()
    width = context.width
    widths = [width * 0.22, width * 0.14, width * 0.64]
    small = styles().small
    rows = [[_("Device"), _("Entries"), _("Head (SHA-256 of the last entry)")]]
    for chain in model.chains:
        head = grouped(chain.head, 8)
        half = len(head) // 2 + 1
        device = text_cell([chain.device_id], small, widths[0] - 12)  # a device id is often a long UUID: wrapped, whole
        rows.append([device, count_text(chain.count), f"{head[:half].strip()}\n{head[half:].strip()}"])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, small.fontSize, small.leading), ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID), ("BOX", (0, 0), (-1, -1), 0.8, GRID),
    ]))
    result = TextLines([(line, ParagraphStyle("verified", s.label, textColor=MARK_COLOUR) if not model.verified else s.label)
                        for line in verification_lines(model.chains)])
    explanation = _(
        "Each entry is sealed with the SHA-256 of its content and of the entry before it, one chain per device. An entry "
        "changed, deleted or moved afterwards breaks the chain; the first broken entry is named above. The head is the last "
        "entry's hash: note it, or keep this printout; a later printout showing the same number of entries and the same "
        "head proves that none of these entries was changed since. Verified {moment}.").format(moment=context.data_as_of)
    return [TextLines([(_("The log's chains"), s.heading)]), table, Spacer(0, 3 * mm), result,
            TextLines([(explanation, s.small)])]


class _Layout:
    """The log table's columns, and each line as plain-string cells with their height."""

    SIZE, LEADING = 9, 11  # text, number and time
    SMALL, SMALL_LEADING = 8, 10  # category and who
    PAD_TOP, PAD_BOTTOM, PAD_SIDE = 2, 3, 3

    def __init__(self, model: LogPrintout, width: float):
        self.model = model
        self.text_style = ParagraphStyle("log-text", fontName=FONT, fontSize=self.SIZE, leading=self.LEADING)
        self.key_style = ParagraphStyle("log-key", self.text_style, fontName=BOLD)
        self.small_style = ParagraphStyle("log-small", fontName=FONT, fontSize=self.SMALL, leading=self.SMALL_LEADING)
        pad = 2 * self.PAD_SIDE
        number = stringWidth(str(max(model.total, 99)) + "0", FONT, self.SIZE) + pad
        time = stringWidth("00.00.0000", FONT, self.SIZE) + pad + 2
        category = 27 * mm
        who = 29 * mm
        self.widths = [number, time, category, width - number - time - category - who, who]
        self.fit = [w - pad for w in self.widths]
        self.header = [_("No."), _("Time"), _("Category"), _("Entry"), _("By")]
        self.header_height = self.LEADING + self.PAD_TOP + self.PAD_BOTTOM
        self.multi_device = len(model.chains) > 1
        self.bold_key_events = not model.key_events_only  # where every line is one, bold marks nothing
        self.broken = {chain.broken_number for chain in model.chains if chain.broken_number is not None}

    def cells(self, line: LogLine, show_date: bool) -> list[list[str]]:
        """The line's cells as lists of text lines; the date with the time when ``show_date``."""
        event = line.event_at.astimezone(OSLO)
        time = [event.strftime("%d.%m.%Y")] if show_date else []
        time.append(event.strftime("%H:%M"))
        recorded = line.recorded_at.astimezone(OSLO)
        if (recorded - event).total_seconds() >= 60:
            moment = recorded.strftime("%H:%M" if recorded.date() == event.date() else "%d.%m. %H:%M")
            time.append(_("rec. {time}").format(time=moment))
        category = [line.category.label]
        if line.channel:
            category.append(line.channel.label)
        if line.source:
            category.append(_("Source: {source}").format(source=line.source))
        text = [f"★ {line.text}" if line.key_event else line.text]
        if line.decided_by:
            text.append(_("Decided by: {name}").format(name=line.decided_by))
        if line.rationale:
            text.append(_("Why: {rationale}").format(rationale=line.rationale))
        if line.number in self.model.corrects:
            text.append(_("Corrects no. {number}").format(number=self.model.corrects[line.number]))
        for correction in self.model.corrected_by.get(line.number, ()):
            text.append(_("Corrected by no. {number}").format(number=correction))
        if line.number in self.broken:
            text.append(_("BROKEN: the chain breaks at this entry"))
        who = [line.operator, line.role]
        if self.multi_device:
            who.append(f"{line.device_id} #{line.seq}")
        text_style = self.key_style if line.key_event and self.bold_key_events else self.text_style
        return [
            [str(line.number)], time,
            _wrapped(category, self.small_style, self.fit[2]),
            _wrapped(text, text_style, self.fit[3]),
            _wrapped(who, self.small_style, self.fit[4]),
        ]

    def height(self, cells: list[list[str]]) -> float:
        leadings = (self.LEADING, self.LEADING, self.SMALL_LEADING, self.LEADING, self.SMALL_LEADING)
        return max(len(lines) * leading for lines, leading in zip(cells, leadings)) + self.PAD_TOP + self.PAD_BOTTOM

    def lines_fitting(self, column: int, height: float) -> int:
        leading = self.SMALL_LEADING if column in (2, 4) else self.LEADING
        return max(int((height - self.PAD_TOP - self.PAD_BOTTOM) // leading), 0)

    def table(self, rows: list[tuple[list[list[str]], LogLine]]) -> Table:
        data = [self.header] + [["\n".join(lines) for lines in cells] for cells, _line in rows]
        table = Table(data, colWidths=self.widths)
        commands = [
            ("FONT", (0, 0), (-1, -1), FONT, self.SIZE, self.LEADING),
            ("FONT", (2, 1), (2, -1), FONT, self.SMALL, self.SMALL_LEADING),
            ("FONT", (4, 1), (4, -1), FONT, self.SMALL, self.SMALL_LEADING),
            ("FONTNAME", (0, 0), (-1, 0), BOLD), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), self.PAD_TOP), ("BOTTOMPADDING", (0, 0), (-1, -1), self.PAD_BOTTOM),
            ("LEFTPADDING", (0, 0), (-1, -1), self.PAD_SIDE), ("RIGHTPADDING", (0, 0), (-1, -1), self.PAD_SIDE),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID), ("BOX", (0, 0), (-1, -1), 0.8, GRID),
        ]
        for index, (_cells, line) in enumerate(rows, start=1):
            if line.key_event and self.bold_key_events:
                commands.append(("FONTNAME", (3, index), (3, index), BOLD))
            if line.category is Category.DECISION:
                commands.append(("FONTNAME", (2, index), (2, index), BOLD))
            if line.number in self.broken:
                commands.append(("TEXTCOLOR", (0, index), (-1, index), MARK_COLOUR))
        table.setStyle(TableStyle(commands))
        return table


def _wrapped(lines: list[str], style: ParagraphStyle, width: float) -> list[str]:
    return [wrapped for line in lines if line for wrapped in wrap_text(line, style, width)]


class _LogPages(Flowable):
    """The log's pages, laid out one at a time: each starts with the chain band, then ``head``
    (the first page's heading), as many entries from ``start`` as fit, and once the entries
    are done ``tail`` (the chains in full). ``pending`` is the rest of an entry too long for
    one page. It only starts at the top of a page, so every page has the band."""

    def __init__(self, layout: _Layout, start: int, head: list[Flowable], tail: list[Flowable],
                 pending: list[list[str]] | None = None):
        super().__init__()
        self.layout, self.start, self.head, self.tail, self.pending = layout, start, head, tail, pending

    def wrap(self, available_width, available_height):
        return available_width, available_height + 1  # never fits: the frame asks to split

    def split(self, available_width, available_height):
        if not self._frame._atTop:
            return []  # the rest goes on the next page, under its band
        band = ChainBand(self.layout.model.chains)
        room = available_height - band.wrap(available_width, available_height)[1] - band.spaceAfter
        page: list[Flowable] = [band]
        head = list(self.head)
        while head:
            flowable = head.pop(0)
            height = _height(flowable, available_width, room)
            if height > room:  # a heading longer than a page: let the frame split it
                return [*page, flowable, *head, _LogPages(self.layout, self.start, [], self.tail, self.pending)]
            page.append(flowable)
            room -= height
        index, pending = self.start, self.pending
        lines = self.layout.model.lines
        if index < len(lines) or pending:
            rows, index, pending = self._rows(index, pending, room, available_height - band.height - band.spaceAfter)
            if rows:
                table = self.layout.table(rows)
                page.append(table)
                room -= table.wrap(available_width, room)[1]
            if index < len(lines) or pending:
                return [*page, _LogPages(self.layout, index, [], self.tail, pending)]
        tail = list(self.tail)
        first = len(page) == 1
        while tail:
            flowable = tail[0]
            height = _height(flowable, available_width, room)
            if height <= room or first:
                page.append(tail.pop(0))
                room -= height
                first = False
                continue
            parts = flowable.split(available_width, room)
            if parts:
                page.append(parts[0])
                tail[0:1] = parts[1:]
            return [*page, _LogPages(self.layout, index, [], tail)]
        return page

    def _rows(self, index: int, pending: list[list[str]] | None, room: float, page_room: float):
        """The rows that fit in ``room`` from line ``index`` (after the rest ``pending`` of a
        split one): (rows, next index, what is left of a line split here). Only a line taller
        than a whole page (``page_room``) is split, where at least three of its lines fit."""
        layout = self.layout
        lines = layout.model.lines
        rows: list[tuple[list[list[str]], LogLine]] = []
        room -= layout.header_height
        page_room -= layout.header_height
        previous_date = None
        while index < len(lines) or pending:
            line = lines[index]
            event_date = line.event_at.astimezone(OSLO).date()
            cells = pending or layout.cells(line, show_date=event_date != previous_date)
            height = layout.height(cells)
            if height > room:
                if height <= page_room or layout.lines_fitting(3, room) < 3:
                    break  # on the next page
                cells, rest = _split_cells(layout, cells, room, line.number)
                rows.append((cells, line))
                return rows, index, rest
            rows.append((cells, line))
            room -= height
            previous_date = event_date
            index += 1
            pending = None
        return rows, index, None


def _split_cells(layout: _Layout, cells: list[list[str]], room: float,
                 number: int) -> tuple[list[list[str]], list[list[str]]]:
    """An entry taller than a page: the lines that fit here, and the rest (marked as continued)."""
    first = [lines[:layout.lines_fitting(column, room)] for column, lines in enumerate(cells)]
    rest = [lines[len(part):] for lines, part in zip(cells, first)]
    rest[0] = [str(number), _("(cont.)")]
    return first, rest


def _height(flowable: Flowable, width: float, room: float) -> float:
    return flowable.wrap(width, room)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()

