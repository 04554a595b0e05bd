"""Action card sheets (tiltakskort): one card per page in large type, numbered steps with a
tick box and "Kl. ____ Sign. ____", the people to call, page numbers within each card and a
QR code with the card's id and version."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache, partial

from reportlab.graphics.barcode.qr import QrCode
from reportlab.graphics.barcode.qrencoder import QRCode
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from beredskap_desktop.domain.cards import format_offset
from beredskap_desktop.domain.clock import now_utc, show, show_date
from beredskap_desktop.domain.contacts import Contact
from beredskap_desktop.domain.phones import format_phone
from beredskap_desktop.i18n import _
from beredskap_desktop.services.card_selection import chosen_cards
from beredskap_desktop.services.sheet_check import sheet_code
from beredskap_desktop.services.printing.documents import Part, PrintContext, compose
from beredskap_desktop.services.printing.styles import (
    BOLD, FONT, GRID, SHADE, PageInfo, SectionStart, TextLines, render, styles, text_cell,
)
from beredskap_desktop.storage import alerts, contacts, incident_types, municipality, plans
from beredskap_desktop.storage.database import Store


@dataclass(frozen=True)
class Person:
    """Someone to call, with display numbers (``private_phone`` empty unless asked for)."""

    contact_id: str
    name: str
    detail: str = ""  # position, organisation, or why there is no one to call
    work_mobile: str = ""
    work_landline: str = ""
    private_phone: str = ""
    nodnett: str = ""  # "ISSI 2041234 (alias)"


@dataclass(frozen=True)
class Notify:
    """An alert list or a contact a step notifies, resolved to people."""

    name: str
    people: tuple[Person, ...]
    is_list: bool


@dataclass(frozen=True)
class SheetStep:
    number: int
    text: str
    responsible: str  # the role's name when it is not the card's role, else ""
    deadline: str  # "T+30 min" or ""
    notify: Notify | None


@dataclass(frozen=True)
class CardSheet:
    id: str
    code: str
    title: str
    role: str
    trigger: str
    purpose: str
    incident_types: tuple[str, ...]  # names; empty with always_activate
    always_activate: bool
    phases: tuple[str, ...]
    version: int
    revised_at: date | None
    approved_by: str
    plan_title: str
    steps: tuple[SheetStep, ...]
    to_call: tuple[Person, ...]  # everyone the steps notify, once each, in step order

    @property
    def has_private_numbers(self) -> bool:
        return any(person.private_phone for person in self.to_call)

    @property
    def qr_value(self) -> str:
        """Upper case: QR alphanumeric mode holds it in a smaller code (29 modules, not 33)
        with larger modules; ``sheet_check`` reads either case."""
        return f"BEREDSKAP:CARD:{self.id.upper()}:V{self.version}"


@dataclass(frozen=True)
class CardSheets:
    municipality: str
    data_as_of: datetime
    include_private: bool
    cards: tuple[CardSheet, ...]


def build_card_sheets(store: Store, *, card_ids: list[str] | None = None, role: str | None = None,
                      incident_type: str | None = None, include_private: bool = False,
                      now: datetime | None = None) -> CardSheets:
    """The sheets of the cards with ``card_ids`` (every card for ``None``) held by ``role`` (an
    id or a name) that ``incident_type`` (a code) activates, in code order; a card that is
    always activated counts for every incident type. Private numbers only with
    ``include_private``. An unknown role or incident type raises ``UnknownFilter``."""
    chosen = chosen_cards(store, card_ids, incident_type=incident_type, role=role)
    resolver = _Resolver(store, include_private)
    own = municipality.get(store)
    return CardSheets(own.name if own else "", now or now_utc(), include_private,
                      tuple(resolver.sheet(card) for card in chosen))


class _Resolver:
    """Names of roles, types, plans and lists, and the people behind them, read once."""

    def __init__(self, store: Store, include_private: bool):
        self.store = store
        self.include_private = include_private
        self.roles = {r.id: r.name for r in contacts.roles(store)}
        self.types = incident_types.names(store)
        self.plans = {p.id: p.title for p in plans.summaries(store)}
        self.people: dict[str, Person] = {}

    def sheet(self, card) -> CardSheet:
        steps = tuple(
            SheetStep(number, step.text,
                      self.roles.get(step.responsible_role_id, "") if step.responsible_role_id not in (None, card.role_id) else "",
                      format_offset(step.deadline_minutes), self._notify(step.notify_alert_list_id, step.notify_contact_id))
            for number, step in enumerate(card.steps, start=1)
        )
        to_call: dict[str, Person] = {}
        for step in steps:
            for person in step.notify.people if step.notify else ():
                to_call.setdefault(person.contact_id, person)
        return CardSheet(
            card.id, card.code, card.title, self.roles.get(card.role_id, card.role_id), card.trigger, card.purpose,
            tuple(self.types.get(code, code) for code in card.incident_types), card.always_activate,
            tuple(phase.label for phase in card.phases), card.version, card.revised_at, card.approved_by,
            self.plans.get(card.plan_id, "") if card.plan_id else "", steps, tuple(to_call.values()),
        )

    def _notify(self, list_id: str | None, contact_id: str | None) -> Notify | None:
        if list_id:
            alert_list = alerts.get(self.store, list_id)
            if alert_list is None:
                return None
            people: list[Person] = []
            for member in alert_list.members:
                if member.contact_id:
                    people.extend(self._person(member.contact_id))
                else:
                    holders = contacts.holders(self.store, member.role_id)
                    role_name = self.roles.get(member.role_id, member.role_id)
                    people.extend(p for holder in holders for p in self._person(holder, role_name))
                    if not holders:
                        people.append(Person(f"role:{member.role_id}", role_name, _("No one holds this role.")))
            return Notify(alert_list.name, tuple(people), True)
        if contact_id:
            people = tuple(self._person(contact_id))
            return Notify(people[0].name, people, False) if people else None
        return None

    def _person(self, contact_id: str, role_name: str = "") -> list[Person]:
        if contact_id not in self.people:
            contact = contacts.get(self.store, contact_id)
            if contact is None:
                return []
            self.people[contact_id] = self._from_contact(contact)
        person = self.people[contact_id]
        if role_name and role_name not in person.detail:
            person = replace(person, detail=", ".join(p for p in (role_name, person.detail) if p))
        return [person]

    def _from_contact(self, contact: Contact) -> Person:
        organisation = contacts.get(self.store, contact.organisation_id) if contact.organisation_id else None
        detail = ", ".join(part for part in (contact.position, organisation.name if organisation else "") if part)
        nodnett = " ".join(part for part in (
            f"ISSI {contact.nodnett_issi}" if contact.nodnett_issi else "",
            f"({contact.nodnett_alias})" if contact.nodnett_alias and contact.nodnett_issi else contact.nodnett_alias,
        ) if part)
        return Person(contact.id, contact.name, detail, format_phone(contact.work_mobile), format_phone(contact.work_landline),
                      format_phone(contact.private_phone) if self.include_private else "", nodnett)


# --- Rendering --------------------------------------------------------------------------


class _TickBox(Flowable):
    """An empty square to tick."""

    def __init__(self, size: float = 6 * mm):
        super().__init__()
        self.width = self.height = size

    def draw(self) -> None:
        self.canv.setLineWidth(1.2)
        self.canv.rect(0, 0, self.width, self.height)


class _FixedMask(QRCode):
    """Mask pattern 4 always: reportlab scores all eight in pure Python (5 ms a card, a third
    of printing every card), and any mask reads. Pattern 4 scores best on average for these
    codes, and its worst is better than the other patterns' worst."""

    def getBestMaskPattern(self) -> int:
        return 4


def _qr(value: str, size: float) -> QrCode:
    """The QR flowable draws straight on the canvas: ten times faster than a Drawing."""
    code = QrCode(value, width=size, height=size, qrBorder=0, qrLevel="M")
    code.qr = _FixedMask(None, code.qr.errorCorrectLevel)
    code.addData(value)
    return code


def card_parts(model: CardSheets) -> list[Part]:
    """Each card as a document of its own (key ``card:<id>``)."""
    return [Part(f"card:{sheet.id}", f"{sheet.code} {sheet.title}", sheet, partial(_card_story, sheet)) for sheet in model.cards]


def render_card_sheets(model: CardSheets, page_size: str = "A4", progress=None) -> bytes:
    """The PDF of ``model``: each card starts on a new page and is numbered on its own."""
    context = PrintContext(model.municipality, show(model.data_as_of), page_size)
    story = compose(card_parts(model), context)
    if not model.cards:
        story = [SectionStart(PageInfo(_("Action cards"), _("Action card"), model.municipality, context.data_as_of)),
                 TextLines([(_("No action cards match."), styles().body)])]
    return render(story, page_size=page_size, title=_("Action cards"), author=model.municipality, progress=progress)


def _card_story(sheet: CardSheet, context: PrintContext) -> list:
    classification = _("Contains personal data") if sheet.has_private_numbers else ""
    return [SectionStart(PageInfo(sheet.code, f"{sheet.code} {sheet.title}", context.municipality, context.data_as_of, str(sheet.version),
                                  show_date(sheet.revised_at), classification, key=f"card:{sheet.id}")),
            *_card(sheet, context.width)]


def _card(sheet: CardSheet, width: float) -> list:
    s = styles()
    qr_size = 24 * mm
    applies = _("Every incident") if sheet.always_activate else ", ".join(sheet.incident_types)
    facts = [(_("Incident types"), applies), (_("Phases"), ", ".join(sheet.phases)), (_("Plan"), sheet.plan_title),
             (_("Approved by"), sheet.approved_by)]
    heading = [TextLines([(f"{sheet.code} {sheet.title}", s.title)]),
               TextLines([(sheet.role, s.body, f"{_('Role')}:"), *((value, s.small, f"{label}:") for label, value in facts)])]
    code_block = [_qr(sheet.qr_value, qr_size), TextLines([(sheet_code(sheet.code, sheet.version), s.centred)])]
    header = Table([[heading, code_block]], colWidths=[width - qr_size - 4 * mm, qr_size + 4 * mm])
    header.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # for any empty cell: no Helvetica in the file
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("ALIGN", (1, 0), (1, 0), "RIGHT"),
    ]))
    flowables: list = [header]
    for label, value in ((_("Triggered when"), sheet.trigger), (_("Purpose"), sheet.purpose)):
        if value:
            flowables.append(Spacer(0, 2 * mm))
            flowables.append(TextLines([(value, s.body, f"{label}:")]))
    flowables.append(Spacer(0, 4 * mm))
    flowables.append(_steps_table(sheet, width))
    if sheet.to_call:
        flowables.append(CondPageBreak(40 * mm))
        flowables.append(TextLines([(_("Who to notify"), s.heading)]))
        flowables.append(_people_table(sheet.to_call, width))
    return flowables


_TALL_ROW = 120 * mm  # only a row taller than this may run over pages: reportlab then also splits rows that fit, leaving a stray header


def _steps_table(sheet: CardSheet, width: float) -> Table:
    """A row per step: number, a box to tick, the step over its responsible, deadline and
    whom to notify, and lines to write the time and a signature on. Plain strings and text
    lines rather than paragraphs: thousands of cards print in seconds."""
    s = styles()
    sign_width = 36 * mm
    rows: list[list] = [["#", "", _("Step"), _("Done")]]
    done = "\n\n".join((_("Time ____________"), _("Sign. ____________")))  # room to write by hand
    for step in sheet.steps:
        extra = [part for part in (
            _("Responsible: {role}").format(role=step.responsible) if step.responsible else "",
            _("Deadline: {deadline}").format(deadline=step.deadline) if step.deadline else "",
        ) if part]
        notify = ""
        if step.notify:
            what = _("Notify the list {name}: {people}") if step.notify.is_list else _("Notify {people}")
            notify = what.format(name=step.notify.name, people=_names(step.notify.people))
        text = TextLines([(step.text, s.body), (" · ".join(extra), s.small), (notify, s.small)])
        rows.append([str(step.number), _TickBox(), [text], done])
    widths = [11 * mm, 10 * mm, width - 21 * mm - sign_width, sign_width]
    tallest = max((row[2][0].wrap(widths[2] - 12, _TALL_ROW)[1] for row in rows[1:]), default=0)  # less the padding
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=int(tallest > _TALL_ROW))
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), BOLD, s.label.fontSize, s.label.leading),
        ("FONT", (3, 1), (3, -1), FONT, s.small.fontSize, s.small.leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
        ("BOX", (0, 0), (-1, -1), 0.8, GRID),
        ("TOPPADDING", (0, 1), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 6),
    ]))
    return table


_NAMES_IN_STEP = 6


def _names(people: tuple[Person, ...]) -> str:
    """The first few names; a long list is counted, as the table below holds everyone."""
    names = ", ".join(person.name for person in people[:_NAMES_IN_STEP])
    if len(people) > _NAMES_IN_STEP:
        names += " " + _("and {count} more (see below)").format(count=len(people) - _NAMES_IN_STEP)
    return names


def _people_table(people: tuple[Person, ...], width: float) -> Table:
    """One line per person where it fits (name, position, mobile, landline or private number,
    Nødnett): plain strings, as a table of hundreds of people must stay short and fast."""
    name, small = _people_styles()
    if width < _NARROW:
        return _people_stacked(people, width)
    widths = [width * share for share in (0.25, 0.25, 0.16, 0.16, 0.18)]
    fit = [w - 8 for w in widths]  # less the cell padding
    rows = [[_("Name"), _("Position"), _("Mobile"), _("Landline"), _("Nødnett")]]
    for person in people:
        other = _("Priv. {number}").format(number=person.private_phone) if person.private_phone else person.work_landline
        if person.private_phone and person.work_landline:
            other = f"{person.work_landline}\n{other}"
        rows.append([text_cell([person.name], name, fit[0]), text_cell([person.detail], small, fit[1]), person.work_mobile,
                     other, text_cell([person.nodnett], small, fit[4])])
    tallest = max((text.count("\n") + 1) * 13 for row in rows[1:] for text in row)  # 13 pt: the tallest leading
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=int(tallest > _TALL_ROW))
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), BOLD, styles().label.fontSize, styles().label.leading),
        ("FONT", (0, 1), (-1, -1), FONT, name.fontSize, name.leading), ("FONTNAME", (0, 1), (0, -1), BOLD),
        *(("FONT", (column, 1), (column, -1), FONT, small.fontSize, small.leading) for column in (1, 4)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
        ("BOX", (0, 0), (-1, -1), 0.8, GRID),
    ]))
    return table


_NARROW = 140 * mm  # an A5 frame: name over position, the numbers one under the other


def _people_stacked(people: tuple[Person, ...], width: float) -> Table:
    """The people table for a narrow page: three columns, nothing side by side that could
    run together."""
    name, small = _people_styles()
    widths = [width * share for share in (0.40, 0.34, 0.26)]
    rows = [[_("Name"), _("Phone"), _("Nødnett")]]
    for person in people:
        numbers = [number for number in (
            _("Mob. {number}").format(number=person.work_mobile) if person.work_mobile else "",
            _("Tel. {number}").format(number=person.work_landline) if person.work_landline else "",
            _("Priv. {number}").format(number=person.private_phone) if person.private_phone else "") if number]
        rows.append([TextLines([(person.name, name), (person.detail, small)]), "\n".join(numbers),
                     text_cell([person.nodnett], small, widths[2] - 8)])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # for the cells holding text lines: no Helvetica in the file
        ("FONT", (0, 0), (-1, 0), BOLD, styles().label.fontSize, styles().label.leading),
        ("FONT", (1, 1), (1, -1), FONT, 10, 12.5), ("FONT", (2, 1), (2, -1), FONT, small.fontSize, small.leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
        ("BOX", (0, 0), (-1, -1), 0.8, GRID),
    ]))
    return table


@cache
def _people_styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    """The people table's names (11 pt bold) and details (small)."""
    return ParagraphStyle("card-name", styles().label, fontSize=11, leading=13), styles().small
