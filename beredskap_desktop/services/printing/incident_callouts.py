"""An incident's call-outs (varslinger) on paper: for each alert list worked down, every
person to reach with the number used, the deputy, each attempt and who is still not reached."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from beredskap_desktop.domain.callouts import Callout, CalloutStatus, LineStatus, duration_text, status
from beredskap_desktop.domain.clock import OSLO, now_utc, show
from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.i18n import _
from beredskap_desktop.services.printing.documents import Part, PrintContext, compose
from beredskap_desktop.services.printing.incident import find_incident, heading, snapshot, type_names, watermark
from beredskap_desktop.services.printing.styles import (
    BOLD, FONT, GRID, MARK_COLOUR, SHADE, PageInfo, SectionStart, TextLines, render, styles, text_cell,
)
from beredskap_desktop.storage import callouts, municipality
from beredskap_desktop.storage.database import Store


@dataclass(frozen=True)
class CalloutsPrintout:
    municipality: str
    data_as_of: datetime
    incident: Incident
    type_names: tuple[str, ...]
    callouts: tuple[tuple[Callout, CalloutStatus], ...]  # in the order they were started


def build_callouts(store: Store, incident_id: str, *, now: datetime | None = None) -> CalloutsPrintout:
    """The incident's call-outs with their status now (``UnknownIncident`` if there is no such incident)."""
    now = now or now_utc()
    with snapshot(store):
        incident = find_incident(store, incident_id)
        listed = callouts.list_for(store, incident_id)
        own = municipality.get(store)
        names = type_names(store, incident)
    return CalloutsPrintout(own.name if own else "", now, incident, names,
                            tuple((callout, status(callout, now)) for callout in listed))


def callout_parts(model: CalloutsPrintout) -> list[Part]:
    """Each call-out as a document (key ``callout:<id>``), or one page saying there are none."""
    parts = [Part(f"callout:{callout.id}", callout.list_name, callout, partial(_callout_story, model, callout, callout_status))
             for callout, callout_status in model.callouts]
    return parts or [Part(f"callouts:{model.incident.id}", _("Call-outs"), (), partial(_none_story, model))]


def render_callouts(model: CalloutsPrintout, page_size: str = "A4", progress=None) -> bytes:
    context = PrintContext(model.municipality, show(model.data_as_of), page_size)
    return render(compose(callout_parts(model), context), page_size=page_size, title=_("Call-outs"),
                  author=model.municipality, watermark=watermark(model.incident), progress=progress)


def _info(model: CalloutsPrintout, label: str, key: str, context: PrintContext) -> PageInfo:
    return PageInfo(label, _("Call-outs: {title}").format(title=model.incident.title), context.municipality,
                    context.data_as_of, key=key)


def _none_story(model: CalloutsPrintout, context: PrintContext) -> list:
    return [SectionStart(_info(model, _("Call-outs"), f"callouts:{model.incident.id}", context)),
            *heading(_("Call-outs"), model.incident, model.type_names, context),
            TextLines([(_("No call-outs in this incident."), styles().body)])]


def _callout_story(model: CalloutsPrintout, callout: Callout, callout_status: CalloutStatus, context: PrintContext) -> list:
    def who(operator) -> str:
        return f"{operator.name} ({operator.role})" if operator.role else operator.name

    started = _("{moment} by {name}").format(moment=show(callout.started_at), name=who(callout.started_by))
    finished = (_("{moment} by {name}").format(moment=show(callout.finished_at), name=who(callout.finished_by))
                if callout.finished else _("Not finished"))
    reached = _("{reached} of {total}").format(reached=callout_status.reached_count, total=len(callout_status.lines))
    if callout_status.all_reached_after is not None:
        reached += " " + _("(everyone after {duration})").format(duration=duration_text(callout_status.all_reached_after))
    facts = [(_("Alert list"), callout.list_name), (_("Call-out started"), started), (_("Call-out finished"), finished),
             (_("Time taken"), duration_text(callout_status.elapsed)), (_("Reached"), reached)]
    title = _("Call-out: {name}").format(name=callout.list_name)
    return [SectionStart(_info(model, callout.list_name, f"callout:{callout.id}", context)),
            *heading(title, model.incident, model.type_names, context, facts), Spacer(0, 1 * mm),
            _lines_table(callout, callout_status, context.width)]


def _lines_table(callout: Callout, callout_status: CalloutStatus, width: float) -> Table:
    style = ParagraphStyle("callout", styles().small, fontSize=9, leading=11)
    widths = [9 * mm, 0, 38 * mm, 52 * mm, 28 * mm]
    widths[1] = width - sum(widths)
    fit = [w - 6 for w in widths]
    rows: list[list] = [["#", _("Person"), _("Deputy"), _("Attempts"), _("Status")]]
    commands = []
    for index, line in enumerate(callout_status.lines, start=1):
        person = line.line.person
        first = [person.name, line.line.role if line.line.role != person.name else "",
                 f"{line.line.method.label}: {person.number or '–'}", *(_("Also: {number}").format(number=n) for n in person.other_numbers)]
        if line.line.no_one:
            first = [_("No one holds the role {role}.").format(role=line.line.role)]
        deputy = line.line.deputy
        deputy_text = [deputy.name, deputy.number] if deputy else [_("No deputy") if line.line.deputy_missing else ""]
        rows.append([str(line.line.member_number), text_cell(first, style, fit[1]), text_cell(deputy_text, style, fit[2]),
                     text_cell(_attempts(line), style, fit[3]), text_cell(_status(line), style, fit[4])])
        if line.reached is None:
            commands += [("TEXTCOLOR", (4, index), (4, index), MARK_COLOUR), ("FONTNAME", (4, index), (4, index), BOLD)]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, style.fontSize, style.leading), ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTNAME", (1, 1), (1, -1), FONT), ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID), ("BOX", (0, 0), (-1, -1), 0.8, GRID), *commands,
    ]))
    return table


def _attempts(line: LineStatus) -> list[str]:
    texts = []
    for attempt in line.attempts:
        text = f"{attempt.at.astimezone(OSLO).strftime('%H:%M')} {attempt.result.label}"
        if attempt.on_deputy:
            text += " " + _("(deputy)")
        text += f" – {attempt.operator.name}"
        texts.append(text)
        if attempt.note:
            texts.append(f"   {attempt.note}")
    return texts or [_("Not tried")]


def _status(line: LineStatus) -> list[str]:
    if line.reached is None:
        texts = [_("NOT REACHED")]
        if line.try_deputy:
            texts.append(_("Try the deputy"))
        return texts
    who = _("deputy") if line.reached.on_deputy else ""
    texts = [_("Acknowledged") if line.acknowledged else _("Reached"), show(line.reached.at)]
    return texts + ([who] if who else [])
