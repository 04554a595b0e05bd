"""Situation reports (situasjonsrapporter) on paper: every field of DOMAIN.md § 6.3 on one A4
page when it fits. The type shrinks step by step down to 9 pt to make it fit, and no further:
a longer report runs over to more pages, each page but the last saying it continues. A report
not yet approved carries a red UTKAST stamp; approval and sending say by whom, when and how."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from beredskap_desktop.domain.clock import now_utc, show
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.domain.phones import format_phone
from beredskap_desktop.domain.sitreps import FunctionState, Sitrep, SitrepStatus, label
from beredskap_desktop.i18n import _
from beredskap_desktop.services.card_selection import UnknownFilter
from beredskap_desktop.services.printing.documents import Part, PrintContext, compose
from beredskap_desktop.services.printing.incident import (
    find_incident, frame_height, snapshot, type_names, watermark,
)
from beredskap_desktop.services.printing.styles import (
    BOLD, FONT, GRID, ITALIC, MARK_COLOUR, SHADE, PageInfo, SectionStart, TextLines, render, styles,
)
from beredskap_desktop.storage import municipality, sitreps
from beredskap_desktop.storage.database import Store

SIZES = (11, 10.5, 10, 9.5, 9)  # body type tried in turn until the report fits one page


@dataclass(frozen=True)
class SitrepPrintout:
    municipality: str
    municipality_number: str
    data_as_of: datetime
    incident: Incident
    type_names: tuple[str, ...]
    reports: tuple[Sitrep, ...]


def build_sitreps(store: Store, incident_id: str, *, number: int | None = None, every: bool = False,
                  now: datetime | None = None) -> SitrepPrintout:
    """Report ``number`` of the incident (the latest for ``None``), or with ``every`` all of
    them in order. ``UnknownIncident`` for no such incident, ``UnknownFilter`` for no such
    report (naming the numbers there are), ``UserError`` when there are none."""
    with snapshot(store):
        incident = find_incident(store, incident_id)
        reports = sitreps.list_for(store, incident_id)
        own = municipality.get(store)
        names = type_names(store, incident)
    if not reports:
        raise UserError(_("The incident «{title}» has no situation reports yet.").format(title=incident.title))
    if not every:
        wanted = number if number is not None else reports[-1].number
        chosen = [report for report in reports if report.number == wanted]
        if not chosen:
            raise UnknownFilter(_("The incident has no situation report {number}; it has {numbers}.").format(
                number=wanted, numbers=", ".join(str(report.number) for report in reports)))
        reports = chosen
    return SitrepPrintout(own.name if own else "", own.kommunenummer if own else "", now or now_utc(), incident, names,
                          tuple(reports))


def sitrep_parts(model: SitrepPrintout) -> list[Part]:
    """Each report as a document of its own (key ``sitrep:<id>``)."""
    return [Part(f"sitrep:{report.id}", _("Situation report {number}").format(number=report.number), report,
                 partial(_report_story, model, report)) for report in model.reports]


def render_sitreps(model: SitrepPrintout, page_size: str = "A4", progress=None) -> bytes:
    """The PDF of ``model``: each report on its own page(s); ØVELSE across an exercise's pages."""
    context = PrintContext(model.municipality, show(model.data_as_of), page_size)
    title = _("Situation reports") if len(model.reports) > 1 else _("Situation report {number}").format(number=model.reports[0].number)
    return render(compose(sitrep_parts(model), context), page_size=page_size, title=title,
                  author=model.municipality, watermark=watermark(model.incident), progress=progress)


def _report_story(model: SitrepPrintout, report: Sitrep, context: PrintContext) -> list:
    info = PageInfo(_("Situation report {number}").format(number=report.number),
                    _("Situation report: {title}").format(title=model.incident.title), context.municipality,
                    context.data_as_of, key=f"sitrep:{report.id}")
    return [SectionStart(info), *fit(model, report, context)]


def fit(model: SitrepPrintout, report: Sitrep, context: PrintContext) -> list[Flowable]:
    """The report's flowables in the largest type that fits one page; at 9 pt a report that
    still does not fit is broken into pages, each but the last ending with a line saying it
    continues (heights are summed generously, so no page breaks anywhere else)."""
    height = frame_height(context.page_size)
    for size in SIZES:
        story = _flowables(model, report, _Styles(size), context.width)
        if _height(story, context.width) <= height:
            return story
    return _paged(model, report, story, _Styles(SIZES[-1]), context.width, height)


def _height(flowables: list[Flowable], width: float) -> float:
    return sum(flowable.wrap(width, 10_000)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
               for flowable in flowables)


def _paged(model: SitrepPrintout, report: Sitrep, story: list[Flowable], s: _Styles, width: float,
           height: float) -> list[Flowable]:
    pages: list[Flowable] = []
    queue = list(story)
    note = TextLines([(_("Continues on the next page →"), s.continues)])
    reserve = _height([note], width)
    room, placed = height - reserve, 0
    while queue:
        flowable = queue[0]
        needed = _height([flowable], width)
        if getattr(flowable, "keepWithNext", False) and len(queue) > 1 and placed:
            following = queue[1]
            rest = room - needed
            if _height([following], width) > rest and len(following.split(width, rest - following.getSpaceBefore())) < 2:
                needed = room + 1  # the heading waits for the next page with what it heads
        if needed <= room or placed == 0 and not flowable.split(width, room):
            pages.append(queue.pop(0))
            room -= needed
            placed += 1
            continue
        parts = flowable.split(width, room - flowable.getSpaceBefore() - flowable.getSpaceAfter())
        if len(parts) > 1:
            pages.append(parts[0])
            queue[0:1] = parts[1:]
            room -= _height([parts[0]], width)
        pages += [Spacer(0, max(room - 1, 0)), note, PageBreak()]
        continued = [TextLines([(_("Situation report {number} (continued)").format(number=report.number), s.heading_first)])]
        pages += continued
        room, placed = height - reserve - _height(continued, width), 0
    return pages


class _Styles:
    """The report's type at body size ``size``."""

    def __init__(self, size: float):
        base = styles().body
        leading = round(size * 1.25, 1)
        self.size = size
        self.body = ParagraphStyle(f"sitrep-{size}", base, fontSize=size, leading=leading)
        self.label = ParagraphStyle(f"sitrep-label-{size}", self.body, fontName=BOLD)
        self.heading = ParagraphStyle(f"sitrep-heading-{size}", self.body, fontName=BOLD, fontSize=size + 1.5,
                                      leading=size + 4, spaceBefore=size * 0.35 * mm, spaceAfter=0.6 * mm)
        self.heading_first = ParagraphStyle(f"sitrep-heading1-{size}", self.heading, spaceBefore=0, spaceAfter=2 * mm)
        self.title = ParagraphStyle(f"sitrep-title-{size}", self.body, fontName=BOLD, fontSize=size + 7, leading=size + 10)
        self.continues = ParagraphStyle(f"sitrep-more-{size}", self.body, fontName=ITALIC, alignment=TA_RIGHT)


def _flowables(model: SitrepPrintout, report: Sitrep, s: _Styles, width: float) -> list[Flowable]:
    content = report.content
    incident = model.incident
    title = [TextLines([(_("Situation report {number}").format(number=report.number), s.title)]),
             TextLines([((_("EXERCISE: {title}") if incident.exercise else "{title}").format(title=incident.title), s.heading_first)])]
    stamp = _Stamp(report.status) if report.status in (SitrepStatus.DRAFT, SitrepStatus.FOR_APPROVAL) else None
    top = Table([[title, stamp or ""]], colWidths=[width - _Stamp.WIDTH - 4 * mm, _Stamp.WIDTH + 4 * mm])
    top.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("ALIGN", (1, 0), (1, 0), "RIGHT"), *_no_padding()]))
    story: list[Flowable] = [top, _facts(model, report, s, width)]
    story += _section(1, label("situation"), content.situation, s)
    story += [*_heading(2, _("Consequences for life and health"), s), _casualties(report, s, width)]
    story += [*_heading(3, label("functions"), s), _functions(report, s, width)]
    for number, name in enumerate(("measures_taken", "planned_measures", "needs", "communication", "other"), start=4):
        story += _section(number, label(name), getattr(content, name), s)
    return story


def _heading(number: int, title: str, s: _Styles) -> list[Flowable]:
    """A heading over a table: it goes to the next page with the table's first rows."""
    heading = TextLines([(f"{number}. {title}", s.heading)])
    heading.keepWithNext = True
    return [heading]


def _section(number: int, title: str, text: str, s: _Styles) -> list[Flowable]:
    """A heading and its text as one block, so a page never ends with the heading alone."""
    return [TextLines([(f"{number}. {title}", s.heading), (text.strip() or "–", s.body)])]


def _who(operator: Operator | None) -> str:
    if operator is None:
        return ""
    return f"{operator.name} ({operator.role})" if operator.role else operator.name


def _facts(model: SitrepPrintout, report: Sitrep, s: _Styles, width: float) -> Table:
    content = report.content
    sender = f"{model.municipality} ({model.municipality_number})" if model.municipality_number else model.municipality
    contact = ", ".join(part for part in (content.contact_name, format_phone(content.contact_phone), content.contact_email) if part)
    moment = report.approved_at or report.submitted_at or report.updated_at
    status = report.status.label
    pairs = [
        (_("Sender"), sender),
        (label("report_to"), content.report_to or "–"),
        (_("Incident types"), ", ".join(model.type_names)),
        (_("Severity"), model.incident.severity.label),
        (_("Report time"), show(moment)),
        (label("next_report_at"), show(content.next_report_at) or _("Not set")),
        (label("contact_name"), contact or "–"),
        (_("Status"), status),
        (_("Approved"), _("{moment} by {name}").format(moment=show(report.approved_at), name=_who(report.approved_by))
         if report.approved_at else _("Not approved")),
        (_("Sent"), _("{moment} via {via}, by {name}").format(moment=show(report.sent_at), via=report.sent_via.label,
                                                             name=_who(report.sent_by))
         if report.sent_at and report.sent_via else _("Not sent")),
    ]
    cells = [TextLines([(value, s.body, f"{name}:")]) for name, value in pairs]
    rows = [cells[index:index + 2] for index in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.8, GRID), ("INNERGRID", (0, 0), (-1, -1), 0.4, GRID),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    table.spaceBefore = 2 * mm
    return table


def _casualties(report: Sitrep, s: _Styles, width: float) -> Table:
    casualties = report.content.casualties
    names = ("dead", "injured", "evacuated", "missing")
    values = [getattr(casualties, name) for name in names]
    table = Table([[label(name) for name in names], [_("unknown") if value is None else str(value) for value in values]],
                  colWidths=[width / 4] * 4)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, s.size, s.body.leading), ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("BOX", (0, 0), (-1, -1), 0.8, GRID),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, GRID), ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _functions(report: Sitrep, s: _Styles, width: float) -> Table:
    """Each critical function with its state (out of service in bold) and comment."""
    longest = max(stringWidth(status.function.label, FONT, s.size) for status in report.content.functions)
    states = [state.label for state in FunctionState] + [_("Not assessed")]
    state_width = max(stringWidth(text, BOLD, s.size) for text in states) + 9
    widths = [longest + 9, state_width, width - longest - 9 - state_width]
    rows: list[list] = [[_("Function"), _("State"), _("Comment")]]
    commands = [
        ("FONT", (0, 0), (-1, -1), FONT, s.size, s.body.leading), ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("BOX", (0, 0), (-1, -1), 0.8, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID), ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for index, status in enumerate(report.content.functions, start=1):
        rows.append([status.function.label, status.state.label if status.state else _("Not assessed"),
                     TextLines([(status.comment, s.body)]) if status.comment else ""])
        if status.state is FunctionState.OUT:
            commands.append(("FONTNAME", (1, index), (1, index), BOLD))
        elif status.state is None:
            commands.append(("FONTNAME", (1, index), (1, index), ITALIC))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _no_padding() -> list[tuple]:
    return [(name, (0, 0), (-1, -1), 0) for name in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]


class _Stamp(Flowable):
    """A red frame with the status in capitals (UTKAST) and "not approved" under it."""

    WIDTH, HEIGHT = 46 * mm, 15 * mm

    def __init__(self, status: SitrepStatus):
        super().__init__()
        self.status = status
        self.width, self.height = self.WIDTH, self.HEIGHT

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(MARK_COLOUR)
        canvas.setFillColor(MARK_COLOUR)
        canvas.setLineWidth(2)
        canvas.roundRect(1, 1, self.width - 2, self.height - 2, 2 * mm)
        text = self.status.label.upper()
        size = 18
        while size > 9 and stringWidth(text, BOLD, size) > self.width - 6 * mm:
            size -= 1
        canvas.setFont(BOLD, size)
        canvas.drawCentredString(self.width / 2, self.height - 4 * mm - size * 0.7, text)
        canvas.setFont(FONT, 8)
        canvas.drawCentredString(self.width / 2, 3 * mm, _("Not approved"))
        canvas.restoreState()
