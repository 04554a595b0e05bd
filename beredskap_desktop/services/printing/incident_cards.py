"""An incident's activated action cards on paper: the action board (progress per card and
per role, and every action not done yet, the overdue ones marked) and then each card with
its steps as worked: status, who has it, when it was started and done, and the comment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from beredskap_desktop.domain.actions import Action, ActionStatus, Board, Progress, board
from beredskap_desktop.domain.clock import OSLO, now_utc, show
from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services.printing.documents import Part, PrintContext, compose
from beredskap_desktop.services.printing.incident import find_incident, heading, snapshot, type_names, watermark
from beredskap_desktop.services.printing.styles import (
    BOLD, FONT, GRID, MARK_COLOUR, SHADE, PageInfo, SectionStart, TextLines, render, styles, text_cell,
)
from beredskap_desktop.storage import actions, municipality
from beredskap_desktop.storage.database import Store


@dataclass(frozen=True)
class CardActions:
    """One activated card's actions (``code`` empty: the ad-hoc actions)."""

    card_id: str | None
    code: str
    title: str
    version: int | None
    role: str
    actions: tuple[Action, ...]
    progress: Progress

    @property
    def ad_hoc(self) -> bool:
        return not self.code


@dataclass(frozen=True)
class IncidentCardsPrintout:
    municipality: str
    data_as_of: datetime
    incident: Incident
    type_names: tuple[str, ...]
    cards: tuple[CardActions, ...]  # board order, the ad-hoc actions last
    board: Board
    not_done: tuple[Action, ...]  # open actions, in board order
    overdue_at: datetime  # deadlines are judged at this moment: now, or when the incident closed

    def overdue(self, action: Action) -> bool:
        return action.overdue(self.incident.started_at, self.overdue_at)


def build_incident_cards(store: Store, incident_id: str, *, now: datetime | None = None) -> IncidentCardsPrintout:
    """The incident's actions (``UnknownIncident`` if there is no such incident) grouped by card."""
    now = now or now_utc()
    with snapshot(store):
        incident = find_incident(store, incident_id)
        listed = actions.list_for(store, incident_id)
        own = municipality.get(store)
        names = type_names(store, incident)
    overdue_at = incident.closed_at or now
    progress = board(listed, incident_started_at=incident.started_at, now=overdue_at)
    ordered = sorted(listed, key=lambda action: (action.ad_hoc, action.position))
    groups: dict[str | None, list[Action]] = {}
    for action in ordered:
        groups.setdefault(None if action.ad_hoc else (action.card_id or action.card_code), []).append(action)
    cards = []
    for key, grouped in groups.items():
        first = grouped[0]
        cards.append(CardActions(None if key is None else first.card_id, first.card_code,
                                 first.card_title if key else _("Ad-hoc actions"), first.card_version, first.card_role,
                                 tuple(grouped), board(grouped, incident_started_at=incident.started_at, now=overdue_at).total))
    not_done = tuple(action for action in ordered if action.status.is_open)
    return IncidentCardsPrintout(own.name if own else "", now, incident, names, tuple(cards), progress, not_done, overdue_at)


# --- Rendering --------------------------------------------------------------------------


def incident_card_parts(model: IncidentCardsPrintout, *, with_board: bool = True, with_cards: bool = True) -> list[Part]:
    """The board (key ``incident-board:<incident id>``) and each card (``incident-card:<card id>``,
    the ad-hoc actions ``incident-actions:<incident id>``)."""
    parts = []
    if with_board:
        key = f"incident-board:{model.incident.id}"
        parts.append(Part(key, _("Action board"), model.board, partial(_board_story, model, key)))
    if with_cards:
        for card in model.cards:
            key = f"incident-actions:{model.incident.id}" if card.ad_hoc else f"incident-card:{card.card_id}"
            parts.append(Part(key, f"{card.code} {card.title}".strip(), card, partial(_card_story, model, card, key)))
    return parts


def render_incident_cards(model: IncidentCardsPrintout, *, with_board: bool = True, with_cards: bool = True,
                          page_size: str = "A4", progress=None) -> bytes:
    """The PDF: the board, then each card starting on a new page; ØVELSE across an exercise's pages."""
    context = PrintContext(model.municipality, show(model.data_as_of), page_size)
    parts = incident_card_parts(model, with_board=with_board, with_cards=with_cards or not model.cards)
    title = _("Action board") if not with_cards else _("Activated action cards")
    return render(compose(parts, context), page_size=page_size, title=title, author=model.municipality,
                  watermark=watermark(model.incident), progress=progress)


_SIZE, _LEADING = 9, 11


def _style() -> ParagraphStyle:
    return ParagraphStyle("incident-cards", styles().small, fontSize=_SIZE, leading=_LEADING)


def _table_style(extra: list[tuple] = ()) -> TableStyle:
    return TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, _SIZE, _LEADING), ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID), ("BOX", (0, 0), (-1, -1), 0.8, GRID), *extra,
    ])


def _clock(moment: datetime | None, incident: Incident) -> str:
    """``17:42`` on the day the incident started, ``22.11. 08:15`` on a later one."""
    if moment is None:
        return ""
    local = moment.astimezone(OSLO)
    same_day = local.date() == incident.started_at.astimezone(OSLO).date()
    return local.strftime("%H:%M" if same_day else "%d.%m. %H:%M")


def _summary(progress: Progress) -> str:
    text = _("{done} of {total} done, {not_relevant} not relevant, {open} not done").format(
        done=progress.done, total=progress.total, not_relevant=progress.not_relevant, open=progress.open)
    if progress.overdue:
        text += " " + _("({count} overdue)").format(count=progress.overdue)
    return text


class _Bar(Flowable):
    """Progress at a glance: done dark, not relevant hatched grey, not done white."""

    def __init__(self, progress: Progress, width: float, height: float = 3 * mm):
        super().__init__()
        self.progress, self.width, self.height = progress, width, height

    def draw(self) -> None:
        canvas, total = self.canv, max(self.progress.total, 1)
        done = self.width * self.progress.done / total
        not_relevant = self.width * self.progress.not_relevant / total
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.setFillColor(GRID)
        canvas.rect(0, 0, done, self.height, stroke=0, fill=1)
        canvas.setFillColor(SHADE)
        canvas.rect(done, 0, not_relevant, self.height, stroke=0, fill=1)
        canvas.setStrokeColor(GRID)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canvas.restoreState()


def _board_story(model: IncidentCardsPrintout, key: str, context: PrintContext) -> list:
    s = styles()
    width = context.width
    info = PageInfo(_("Action board"), _("Action board: {title}").format(title=model.incident.title), context.municipality,
                    context.data_as_of, key=key)
    story: list = [SectionStart(info), *heading(_("Action board"), model.incident, model.type_names, context,
                                                [(_("In all"), _summary(model.board.total))])]
    if not model.cards:
        return story + [TextLines([(_("No action cards are activated in this incident."), s.body)])]
    story += [TextLines([(_("Per card"), s.heading)]), _cards_table(model, width), CondPageBreak(40 * mm),
              TextLines([(_("Per role"), s.heading)]), _roles_table(model, width)]
    story.append(CondPageBreak(30 * mm))
    story.append(TextLines([(ngettext("Not done: {count} action", "Not done: {count} actions", len(model.not_done)).format(
        count=len(model.not_done)), s.heading)]))
    if model.not_done:
        story.append(_not_done_table(model, width))
    else:
        story.append(TextLines([(_("Every action is done or not relevant."), s.body)]))
    return story


def _count_columns() -> tuple[list[str], float]:
    """The headings of the count columns and their width: the longest word of a heading, at least 12 mm."""
    labels = [_("Done"), _("Not relevant"), _("Not done"), _("Total"), _("Overdue")]
    return labels, max(12 * mm, max(stringWidth(word, BOLD, _SIZE) for label in labels for word in label.split()) + 8)


def _headings(labels: list[str], widths: list[float]) -> list[str]:
    """A table's headings, each wrapped to its column."""
    bold = ParagraphStyle("incident-cards-heading", _style(), fontName=BOLD)
    return [text_cell([label], bold, width - 6) for label, width in zip(labels, widths)]


def _counts(progress: Progress) -> list[str]:
    return [str(progress.done), str(progress.not_relevant), str(progress.open), str(progress.total),
            str(progress.overdue) if progress.overdue else ""]


def _cards_table(model: IncidentCardsPrintout, width: float) -> Table:
    labels, number = _count_columns()
    bar = 22 * mm
    rest = width - 5 * number - bar
    widths = [rest * 0.65, rest * 0.35, *[number] * 5, bar]
    style = _style()
    rows: list[list] = [_headings([_("Card"), _("Role"), *labels, _("Progress")], widths)]
    for card in model.cards:
        name = f"{card.code} {card.title}" if card.code else card.title
        rows.append([text_cell([name], style, widths[0] - 6), text_cell([card.role], style, widths[1] - 6),
                     *_counts(card.progress), _Bar(card.progress, bar - 6)])
    overdue = [("TEXTCOLOR", (6, 1), (6, -1), MARK_COLOUR), ("FONTNAME", (6, 1), (6, -1), BOLD)]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_table_style([("ALIGN", (2, 0), (6, -1), "RIGHT"), ("VALIGN", (7, 1), (7, -1), "MIDDLE"), *overdue]))
    return table


def _roles_table(model: IncidentCardsPrintout, width: float) -> Table:
    labels, number = _count_columns()
    bar = 22 * mm
    widths = [width - 5 * number - bar, *[number] * 5, bar]
    rows: list[list] = [_headings([_("Role"), *labels, _("Progress")], widths)]
    for role in model.board.roles:
        rows.append([text_cell([role.role or _("No role")], _style(), widths[0] - 6), *_counts(role.progress),
                     _Bar(role.progress, bar - 6)])
    overdue = [("TEXTCOLOR", (5, 1), (5, -1), MARK_COLOUR), ("FONTNAME", (5, 1), (5, -1), BOLD)]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_table_style([("ALIGN", (1, 0), (5, -1), "RIGHT"), ("VALIGN", (6, 1), (6, -1), "MIDDLE"), *overdue]))
    return table


def _due(model: IncidentCardsPrintout, action: Action) -> str:
    due = action.due_at(model.incident.started_at)
    return _("{deadline} (at {time})").format(deadline=action.deadline, time=_clock(due, model.incident)) if due else ""


def _not_done_table(model: IncidentCardsPrintout, width: float) -> Table:
    style = _style()
    widths = [22 * mm, width - 22 * mm - 34 * mm - 30 * mm, 34 * mm, 30 * mm]
    rows: list[list] = [_headings([_("Card, step"), _("What"), _("Role / assigned to"), _("Status, deadline")], widths)]
    commands = []
    for index, action in enumerate(model.not_done, start=1):
        status = [action.status.label, _due(model, action)]
        if model.overdue(action):
            status.append(_("OVERDUE"))
            commands += [("TEXTCOLOR", (3, index), (3, index), MARK_COLOUR), ("FONTNAME", (3, index), (3, index), BOLD)]
        rows.append([text_cell([action.label], style, widths[0] - 6), text_cell([action.text], style, widths[1] - 6),
                     text_cell([action.role, action.assignee and _("Assigned to {name}").format(name=action.assignee)], style, widths[2] - 6),
                     text_cell(status, style, widths[3] - 6)])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_table_style(commands))
    return table


_MARKS = {ActionStatus.DONE: "☑", ActionStatus.NOT_RELEVANT: "–", ActionStatus.STARTED: "◐", ActionStatus.NOT_STARTED: "☐"}


def _card_story(model: IncidentCardsPrintout, card: CardActions, key: str, context: PrintContext) -> list:
    s = styles()
    label = card.code or _("Ad-hoc")
    info = PageInfo(label, _("Activated action card: {title}").format(title=model.incident.title), context.municipality,
                    context.data_as_of, str(card.version) if card.version else "", key=key)
    name = f"{card.code} {card.title}" if card.code else card.title
    incident = model.incident.title
    if model.incident.exercise:
        incident = _("EXERCISE: {title}").format(title=incident)
    facts = [(_("Incident"), incident)]
    if card.role:
        facts.append((_("Role"), card.role))
    if card.version:
        facts.append((_("Version"), _("{version} (as when activated)").format(version=card.version)))
    facts.append((_("Progress"), _summary(card.progress)))
    return [SectionStart(info), TextLines([(name, s.title)]),
            TextLines([(value, s.small, f"{fact}:") for fact, value in facts]), Spacer(0, 3 * mm),
            _steps_table(model, card, context.width)]


def _steps_table(model: IncidentCardsPrintout, card: CardActions, width: float) -> Table:
    """A row per step: the step, its status with the times, who has it, and the comment."""
    style = _style()
    text_style = ParagraphStyle("incident-step", style, fontSize=10, leading=12.5)
    widths = [9 * mm, 0, 32 * mm, 32 * mm, 40 * mm]
    widths[1] = width - sum(widths)
    fit = [w - 6 for w in widths]
    rows: list[list] = [_headings(["#", _("Step"), _("Status"), _("Assigned to"), _("Comment")], widths)]
    commands = [("FONT", (1, 1), (1, -1), FONT, text_style.fontSize, text_style.leading)]
    for index, action in enumerate(card.actions, start=1):
        details = [
            _("Responsible: {role}").format(role=action.role) if action.role and action.role != card.role else "",
            _("Deadline: {deadline}").format(deadline=_due(model, action)) if action.deadline else "",
            _("Notify: {name}").format(name=action.notify) if action.notify else "",
        ]
        status = [f"{_MARKS[action.status]} {action.status.label}"]
        if action.started_at:
            status.append(_("Started {time}").format(time=_clock(action.started_at, model.incident)))
        if action.done_at:
            status.append(_("Done {time}").format(time=_clock(action.done_at, model.incident)))
        if model.overdue(action):
            status.append(_("OVERDUE"))
            commands += [("TEXTCOLOR", (2, index), (2, index), MARK_COLOUR)]
        if action.status is ActionStatus.DONE:
            commands.append(("FONTNAME", (2, index), (2, index), BOLD))
        changed = ""
        if action.changed_by and action.changed_at:
            changed = _("Changed {time} by {name}").format(time=_clock(action.changed_at, model.incident), name=action.changed_by.name)
        number = str(action.step_number) if action.step_number is not None else str(index)
        rows.append([number, [TextLines([(action.text, text_style), (" · ".join(d for d in details if d), style)])],
                     text_cell(status, style, fit[2]), text_cell([action.assignee, changed], style, fit[3]),
                     text_cell([action.comment], style, fit[4])])
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(_table_style(commands))
    return table
