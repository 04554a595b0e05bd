"""Alert lists as call-out sheets (one document per list: members in order with method,
numbers, deputy and a "Varslet kl." column to tick on paper) and the contact directory
(the crisis roles, then every organisation with its people under it, then people without
one), for the emergency binder.

The directory is grouped by organisation because that is how a crisis staff looks people
up: "the power company", "the nursing home", "the police", rarely a name, and the
organisation's own number heads its group as the fallback when no one in it answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache, partial

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from beredskap_desktop.domain.alerts import AlertMethod
from beredskap_desktop.domain.clock import now_utc, show
from beredskap_desktop.domain.contacts import Contact, OrgKind
from beredskap_desktop.domain.phones import format_phone
from beredskap_desktop.domain.text import sort_key
from beredskap_desktop.i18n import _
from beredskap_desktop.services.printing.documents import Part, PrintContext, compose
from beredskap_desktop.services.printing.styles import (
    BOLD, FONT, ITALIC, MARK_COLOUR, PageInfo, SectionStart, TextLines, long_table, render, styles, text_cell,
)
from beredskap_desktop.storage import alerts, contacts, municipality
from beredskap_desktop.storage.database import Store


@dataclass(frozen=True)
class Person:
    """A contact as printed, numbers in display form (``private_phone`` empty unless asked for)."""

    contact_id: str
    name: str
    is_organisation: bool
    org_kind: OrgKind | None  # an organisation's own kind
    position: str
    organisation: str  # the name of the organisation the contact belongs to
    roles: tuple[str, ...]  # role names
    work_mobile: str
    work_landline: str
    private_phone: str
    satellite_phone: str
    email: str
    nodnett_issi: str
    nodnett_alias: str
    meeting_point: str
    availability: str

    @property
    def nodnett(self) -> str:
        """``ISSI 2047102 (ØYVIK BRANN)``, the alias alone, or ""."""
        if self.nodnett_issi:
            return f"ISSI {self.nodnett_issi}" + (f" ({self.nodnett_alias})" if self.nodnett_alias else "")
        return self.nodnett_alias


@dataclass(frozen=True)
class Callee:
    """Someone to alert for a member, and the deputy to try next when the list uses deputies
    (none when the deputy is alerted for the same member anyway)."""

    person: Person
    deputy: Person | None
    deputy_missing: bool = False  # the list uses deputies, but this person has none


@dataclass(frozen=True)
class ListMember:
    """One numbered line of an alert list: a contact, or a role and everyone holding it."""

    number: int
    method: AlertMethod
    role: str  # the role's name for a role member, else ""
    note: str
    use_deputy: bool
    callees: tuple[Callee, ...]  # one for a contact; the holders (maybe none) for a role


@dataclass(frozen=True)
class AlertListSheet:
    id: str
    name: str
    purpose: str
    members: tuple[ListMember, ...]

    @property
    def people(self) -> list[Person]:
        """Everyone on the sheet (members and deputies), in order."""
        return [person for member in self.members for callee in member.callees
                for person in (callee.person, callee.deputy) if person is not None]

    @property
    def has_private_numbers(self) -> bool:
        return any(person.private_phone for person in self.people)

    @property
    def meeting_points(self) -> list[tuple[str, list[str]]]:
        """Each meeting point with the names of the people who meet there, in order of first mention."""
        places: dict[str, list[str]] = {}
        for person in self.people:
            if person.meeting_point and person.name not in places.setdefault(person.meeting_point, []):
                places[person.meeting_point].append(person.name)
        return list(places.items())


@dataclass(frozen=True)
class RoleHolders:
    role: str
    holders: tuple[Person, ...]


@dataclass(frozen=True)
class DirectoryGroup:
    """An organisation with its people, or (``organisation`` None) the people without one."""

    organisation: Person | None
    part_of: str  # the name of the organisation this one belongs to
    people: tuple[Person, ...]


@dataclass(frozen=True)
class Directory:
    roles: tuple[RoleHolders, ...]
    groups: tuple[DirectoryGroup, ...]

    @property
    def has_private_numbers(self) -> bool:
        return any(person.private_phone for group in self.groups
                   for person in (group.organisation, *group.people) if person is not None)


@dataclass(frozen=True)
class ContactPrintout:
    municipality: str
    data_as_of: datetime
    include_private: bool
    alert_lists: tuple[AlertListSheet, ...]
    directory: Directory


def build_contact_printout(store: Store, *, list_ids: list[str] | None = None, include_private: bool = False,
                           now: datetime | None = None) -> ContactPrintout:
    """The alert lists with ``list_ids`` (every list for ``None``; unknown ids are left out) by
    name, and the directory of every contact. Private numbers only with ``include_private``."""
    role_names = {role.id: role.name for role in contacts.roles(store)}
    stored = {row.id: contacts.get(store, row.id) for row in contacts.list_rows(store)}
    organisations = {id_: contact.name for id_, contact in stored.items() if contact.is_organisation}
    people = {id_: _person(contact, organisations, role_names, include_private) for id_, contact in stored.items()}
    by_name = partial(_by_name, people)
    holders = {role_id: by_name(contacts.holders(store, role_id)) for role_id in role_names}

    def callee(contact_id: str, use_deputy: bool, alerted: list[str]) -> Callee:
        person = people[contact_id]
        deputy = people.get(stored[contact_id].deputy_id) if use_deputy and stored[contact_id].deputy_id else None
        missing = use_deputy and deputy is None and not person.is_organisation
        return Callee(person, deputy if deputy and deputy.contact_id not in alerted else None, missing)

    sheets = []
    for alert_list in sorted(alerts.list_all(store), key=lambda item: sort_key(item.name)):
        if list_ids is not None and alert_list.id not in list_ids:
            continue
        members = []
        for member in alert_list.members:
            if member.contact_id and member.contact_id not in people:
                continue
            ids = [member.contact_id] if member.contact_id else [p.contact_id for p in holders.get(member.role_id, ())]
            members.append(ListMember(len(members) + 1, member.method,
                                      "" if member.contact_id else role_names.get(member.role_id, member.role_id),
                                      member.note, member.use_deputy, tuple(callee(id_, member.use_deputy, ids) for id_ in ids)))
        sheets.append(AlertListSheet(alert_list.id, alert_list.name, alert_list.purpose, tuple(members)))
    own = municipality.get(store)
    directory = Directory(tuple(RoleHolders(name, holders[role_id]) for role_id, name in role_names.items()),
                          _groups(stored, people))
    return ContactPrintout(own.name if own else "", now or now_utc(), include_private, tuple(sheets), directory)


def _person(contact: Contact, organisations: dict[str, str], role_names: dict[str, str], include_private: bool) -> Person:
    return Person(
        contact.id, contact.name, contact.is_organisation, contact.org_kind if contact.is_organisation else None,
        contact.position, organisations.get(contact.organisation_id, "") if contact.organisation_id else "",
        tuple(role_names.get(role_id, role_id) for role_id in contact.role_ids),
        format_phone(contact.work_mobile), format_phone(contact.work_landline),
        format_phone(contact.private_phone) if include_private else "", format_phone(contact.satellite_phone),
        contact.email, contact.nodnett_issi, contact.nodnett_alias, contact.meeting_point, contact.availability,
    )


def _by_name(people: dict[str, Person], ids) -> tuple[Person, ...]:
    return tuple(sorted((people[id_] for id_ in ids if id_ in people), key=lambda person: sort_key(person.name)))


def _groups(stored: dict[str, Contact], people: dict[str, Person]) -> tuple[DirectoryGroup, ...]:
    """Every organisation (by name) with the people belonging to it (by name), then the people
    without an organisation; an organisation that belongs to another is a group of its own."""
    members: dict[str | None, list[str]] = {}
    for contact in stored.values():
        if not contact.is_organisation:
            members.setdefault(contact.organisation_id if contact.organisation_id in stored else None, []).append(contact.id)
    groups = [
        DirectoryGroup(people[contact.id], people[contact.id].organisation, _by_name(people, members.get(contact.id, ())))
        for contact in sorted((c for c in stored.values() if c.is_organisation), key=lambda c: sort_key(c.name))
    ]
    if members.get(None):
        groups.append(DirectoryGroup(None, "", _by_name(people, members[None])))
    return tuple(groups)


# --- Rendering --------------------------------------------------------------------------

_LINE = colors.black
_THIN = colors.HexColor("#777777")
_SHADE = colors.HexColor("#e4e4e4")
_NUMBER_SIZE = 11
_PAD = 4  # left and right cell padding in points


def contact_parts(model: ContactPrintout) -> list[Part]:
    """The alert lists (key ``alert-list:<id>``, or one ``alert-lists`` page saying there are
    none), then the directory (key ``directory``)."""
    parts = [Part(f"alert-list:{sheet.id}", sheet.name, sheet, partial(_list_story, sheet)) for sheet in model.alert_lists]
    if not parts:
        parts.append(Part("alert-lists", _("Alert lists"), (), partial(
            _empty_story, "alert-lists", _("Alert lists"), _("There are no alert lists."))))
    parts.append(Part("directory", _("Contact directory"), model.directory, partial(_directory_story, model.directory)))
    return parts


def render_contact_printout(model: ContactPrintout, page_size: str = "A4", progress=None) -> bytes:
    """The PDF of ``model``: each alert list, then the directory, each starting on a new page
    and numbered on its own."""
    context = PrintContext(model.municipality, show(model.data_as_of), page_size)
    return render(compose(contact_parts(model), context), page_size=page_size,
                  title=_("Alert lists and contact directory"), author=model.municipality, progress=progress)


@dataclass(frozen=True)
class _Extra:
    """Styles of this printout beyond the shared ones."""

    note: ParagraphStyle  # small italic
    warning: ParagraphStyle  # small, red
    numbers: ParagraphStyle  # 11 pt
    name: ParagraphStyle  # 11 pt bold
    header: ParagraphStyle  # 10 pt bold, for column headings
    group: ParagraphStyle  # 13 pt bold, an organisation heading the directory's group


@cache
def _extra() -> _Extra:
    s = styles()
    return _Extra(
        note=ParagraphStyle("note", s.small, fontName=ITALIC),
        warning=ParagraphStyle("warning", s.small, textColor=MARK_COLOUR),
        numbers=ParagraphStyle("numbers", s.body, fontSize=_NUMBER_SIZE, leading=_NUMBER_SIZE + 3),
        name=ParagraphStyle("name", s.body, fontName=BOLD, fontSize=_NUMBER_SIZE, leading=_NUMBER_SIZE + 2),
        header=ParagraphStyle("header", s.body, fontName=BOLD, fontSize=10, leading=12),
        group=ParagraphStyle("group", s.body, fontName=BOLD, fontSize=13, leading=16),
    )


def _p(text: str, style) -> TextLines:
    return TextLines([(text, style)])


def _empty_story(key: str, title: str, message: str, context: PrintContext) -> list:
    s = styles()
    return [SectionStart(PageInfo(title, title, context.municipality, context.data_as_of, key=key)),
            _p(title, s.title), _p(message, s.body)]


def _classification(has_private_numbers: bool) -> str:
    return _("Contains personal data") if has_private_numbers else ""


# Alert lists

class _TickTime(Flowable):
    """A box to tick and a line to write the time on."""

    def __init__(self, width: float):
        super().__init__()
        self.width, self.height = width, 6 * mm

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineWidth(1.2)
        canvas.rect(0, 0, self.height, self.height)
        canvas.setLineWidth(0.6)
        canvas.line(self.height + 2 * mm, 0.5, self.width, 0.5)


def _list_story(sheet: AlertListSheet, context: PrintContext) -> list:
    s = styles()
    width = context.width
    info = PageInfo(sheet.name, _("Alert list"), context.municipality, context.data_as_of,
                    classification=_classification(sheet.has_private_numbers), key=f"alert-list:{sheet.id}")
    story: list = [SectionStart(info), _p(sheet.name, s.title)]
    if sheet.purpose:
        story.append(TextLines([(sheet.purpose, s.body, f"{_('Purpose')}:")]))
    story.append(Spacer(0, 3 * mm))
    story.append(_started_line(width))
    story.append(Spacer(0, 3 * mm))
    if sheet.members:
        story.extend(_members(sheet, width))
    else:
        story.append(_p(_("This list has no members."), s.body))
    places = sheet.meeting_points
    if places:
        story.append(CondPageBreak(30 * mm))
        story.append(_p(_("Fallback meeting points"), s.heading))
        story.append(_p(_("Where people meet when phones and Nødnett are down."), s.small))
        story.append(Spacer(0, 2 * mm))
        story.append(_meeting_points_table(places, width))
    return story


def _started_line(width: float) -> Table:
    """Date, time and name of whoever runs the call-out, each label followed by a line to
    write on."""
    labels = [_("Date"), _("Alert started at"), _("By")]
    label_widths = [stringWidth(label, BOLD, 11) + 2 * _PAD for label in labels]
    blank = (width - sum(label_widths)) / len(labels)
    row = [text for label in labels for text in (label, "")]
    table = Table([row], colWidths=[w for label_width in label_widths for w in (label_width, blank)], rowHeights=[9 * mm])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), BOLD, 11), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD), ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        *(("LINEBELOW", (column, 0), (column, 0), 0.6, _LINE) for column in (1, 3, 5)),
    ]))
    return table


def _members(sheet: AlertListSheet, width: float) -> list[Table]:
    """The column headings, then a table per member: one row per person to alert, the
    deputy's row right under it, the member's number and method on its first row and
    strong lines around it. A table per member rather than one for the list keeps laying out
    lists with thousands of rows fast."""
    longest = max(stringWidth(label.format(number="412 34 567"), FONT, _NUMBER_SIZE)
                  for label in (_("Mob. {number}"), _("Tel. {number}"), _("Priv. {number}")))
    numbers = max(width * 0.27, longest + 2 * _PAD + 1)  # a phone number never wraps
    widths = [width * 0.05, 0, width * 0.12, numbers, width * 0.15]
    widths[1] = width - sum(widths)
    header = Table([[_p(text, _extra().header) for text in ("#", _("Who"), _("How"), _("Numbers"), _("Alerted at"))]],
                   colWidths=widths)
    header.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("BACKGROUND", (0, 0), (-1, -1), _SHADE),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD), ("RIGHTPADDING", (0, 0), (-1, -1), _PAD), ("BOX", (0, 0), (-1, -1), 1.2, _LINE),
    ]))
    tables = [header]
    for member in sheet.members:
        rows, pairs = _member_rows(member, widths)
        commands = [
            ("FONT", (0, 0), (0, -1), BOLD, 12, 15), ("FONT", (1, 0), (-1, -1), FONT, _NUMBER_SIZE, _NUMBER_SIZE + 3),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), _PAD), ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("BOX", (0, 0), (-1, -1), 1.2, _LINE),
            ("LINEBELOW", (1, 0), (1, -2), 0.5, _THIN), ("LINEBELOW", (3, 0), (-1, -2), 0.5, _THIN),
            *(("NOSPLIT", (0, row), (-1, row + 1)) for row in pairs),
        ]
        table = Table(rows, colWidths=widths)
        table.setStyle(TableStyle(commands))
        tables.append(table)
    return tables


def _member_rows(member: ListMember, widths: list[float]) -> tuple[list[list], list[int]]:
    """The member's rows (number and method on the first), and the indexes of the rows a
    deputy's row follows (the two keep together on a page)."""
    s, extra = styles(), _extra()
    method = text_cell([member.method.label], extra.numbers, widths[2] - 2 * _PAD)
    note = [(member.note, extra.note)]
    if not member.callees:  # a role no one holds
        who = TextLines([(member.role, s.label), (_("No one holds this role."), extra.warning), *note])
        return [[str(member.number), who, method, "", ""]], []
    rows: list[list] = []
    pairs: list[int] = []
    for index, callee in enumerate(member.callees):
        person = callee.person
        blocks = [(person.name, s.label), *((line, s.small) for line in _detail(person, member.role))]
        if callee.deputy_missing:
            blocks.append((_("No deputy registered."), s.small))
        rows.append([str(member.number) if index == 0 else "", TextLines(blocks + note if index == 0 else blocks),
                     method if index == 0 else "", _numbers(person, member.method, widths[3]), _TickTime(widths[4] - 2 * _PAD)])
        if callee.deputy:
            pairs.append(len(rows) - 1)
            deputy = callee.deputy
            lines = _detail(deputy, "")
            who = TextLines([(f"↳ {deputy.name}", s.label), (" · ".join([_("Deputy"), *lines[:1]]), s.small),
                         *((line, s.small) for line in lines[1:])])
            rows.append(["", who, "", _numbers(deputy, member.method, widths[3]), _TickTime(widths[4] - 2 * _PAD)])
    return rows, pairs


def _detail(person: Person, role: str) -> list[str]:
    """Role, position and organisation, then availability (meeting points have a table of
    their own below the members)."""
    parts: list[str] = []
    for part in (role, person.position, person.organisation):
        if part and part.casefold() not in (seen.casefold() for seen in parts):
            parts.append(part)
    return [line for line in (", ".join(parts), _("Availability: {text}").format(text=person.availability)
                              if person.availability else "") if line]


def _numbers(person: Person, method: AlertMethod, width: float) -> str:
    """Every way to reach ``person``, the one the method uses first."""
    lines = {
        "mobile": [_("Mob. {number}").format(number=person.work_mobile)] if person.work_mobile else [],
        "landline": [_("Tel. {number}").format(number=person.work_landline)] if person.work_landline else [],
        "private": [_("Priv. {number}").format(number=person.private_phone)] if person.private_phone else [],
        "satellite": [_("Sat. {number}").format(number=person.satellite_phone)] if person.satellite_phone else [],
        "nodnett": [_("Nødnett {issi}").format(issi=person.nodnett_issi) if person.nodnett_issi else _("Nødnett"),
                    person.nodnett_alias] if person.nodnett else [],
    }
    first = {AlertMethod.NODNETT: "nodnett", AlertMethod.CALL: "mobile", AlertMethod.SMS: "mobile"}.get(method)
    ordered = lines.pop(first) if first else []
    if method is AlertMethod.EMAIL or not ordered and not any(lines.values()):
        ordered.append(person.email)
    ordered.extend(line for group in lines.values() for line in group)
    return text_cell(ordered, _extra().numbers, width - 2 * _PAD)


def _meeting_points_table(places: list[tuple[str, list[str]]], width: float) -> Table:
    s = styles()
    widths = [width * 0.45, width * 0.55]
    rows = [[_p(_("Meeting point"), _extra().header), _p(_("Who meets there"), _extra().header)]]
    rows.extend([_p(place, s.label), _p(", ".join(names), s.body)] for place, names in places)
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), _SHADE), ("BOX", (0, 0), (-1, -1), 1.2, _LINE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.8, _LINE),
    ]))
    return table


# Directory

def _directory_story(directory: Directory, context: PrintContext) -> list:
    s = styles()
    title = _("Contact directory")
    info = PageInfo(title, title, context.municipality, context.data_as_of,
                    classification=_classification(directory.has_private_numbers), key="directory")
    if not directory.groups:
        return [SectionStart(info), _p(title, s.title), _p(_("There are no contacts."), s.body)]
    columns = _Columns(context.width, directory.has_private_numbers)
    story: list = [SectionStart(info), _p(title, s.title),
                   _p(_("Crisis roles first; then every organisation by name with its people under it, "
                        "the organisation's own numbers on its first line; people without an organisation last."), s.small)]
    if directory.roles:
        story.append(_p(_("Crisis roles"), s.heading))
        story.append(_roles_table(directory.roles, columns))
    story.append(_p(_("Organisations and people"), s.heading))
    for group in directory.groups:
        story += [_group_table(group, columns), Spacer(0, 2.5 * mm)]
    return story


class _Columns:
    """The directory's columns: name, details, then the phone numbers (11 pt, as wide as a
    Norwegian number; Nødnett goes with the details)."""

    def __init__(self, width: float, with_private: bool):
        self.labels = [_("Mobile"), _("Landline")] + ([_("Private")] if with_private else [])
        number = stringWidth("57 70 40 00 ", FONT, _NUMBER_SIZE) + 2 * _PAD  # a number never wraps
        rest = width - number * len(self.labels)
        self.widths = [rest * 0.42, rest * 0.58, *[number] * len(self.labels)]
        self.with_private = with_private

    def numbers(self, person: Person) -> list[str]:
        values = [person.work_mobile, person.work_landline] + ([person.private_phone] if self.with_private else [])
        return [text_cell([value], _extra().numbers, width - 2 * _PAD) for value, width in zip(values, self.widths[2:])]

    def style(self) -> list:
        small = styles().small
        return [
            ("FONT", (0, 0), (0, -1), BOLD, _NUMBER_SIZE, _NUMBER_SIZE + 2),
            ("FONT", (1, 0), (1, -1), FONT, small.fontSize, small.leading),
            ("FONT", (2, 0), (-1, -1), FONT, _NUMBER_SIZE, _NUMBER_SIZE + 2),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), _PAD), ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, _THIN), ("BOX", (0, 0), (-1, -1), 1, _LINE),
        ]

    def heading(self, title: str) -> tuple[list, list]:
        """A shaded first row (repeated on every page the table runs over): ``title`` in bold
        over the name and details, the labels of the numbers. The title is wrapped to both
        columns and runs on over the empty second: a span would make reportlab map spans over
        every row at each page break, quadratic in a group of thousands."""
        group = _extra().group
        row = [text_cell([title], group, self.widths[0] + self.widths[1] - 2 * _PAD), "", *self.labels]
        return row, [
            ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
            ("FONT", (0, 0), (1, 0), BOLD, group.fontSize, group.leading),
            ("FONT", (2, 0), (-1, 0), BOLD, 9, 11), ("VALIGN", (2, 0), (-1, 0), "BOTTOM"),
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, _LINE),
        ]


def _details(person: Person, *lines: str) -> list[str]:
    """What the details column says about a person or an organisation, line by line."""
    return [
        *lines,
        _("Roles: {roles}").format(roles=", ".join(person.roles)) if person.roles else "",
        _("Nødnett: {id}").format(id=person.nodnett) if person.nodnett else "",
        _("Satellite phone: {number}").format(number=person.satellite_phone) if person.satellite_phone else "",
        _("Meeting point: {place}").format(place=person.meeting_point) if person.meeting_point else "",
        _("Availability: {text}").format(text=person.availability) if person.availability else "",
    ]


def _group_table(group: DirectoryGroup, columns: _Columns) -> Flowable:
    s = styles()
    name_fit, detail_fit = columns.widths[0] - 2 * _PAD, columns.widths[1] - 2 * _PAD
    organisation = group.organisation
    heading, commands = columns.heading(organisation.name if organisation else _("People without an organisation"))
    rows = []
    if organisation:
        kind = organisation.org_kind.label if organisation.org_kind else _("Organisation")
        part_of = _("Part of {organisation}").format(organisation=group.part_of) if group.part_of else ""
        rows.append([TextLines([(kind, _extra().note)]),
                     text_cell(_details(organisation, part_of), s.small, detail_fit), *columns.numbers(organisation)])
    for person in group.people:
        rows.append([text_cell([person.name], _extra().name, name_fit),
                     text_cell(_details(person, person.position), s.small, detail_fit), *columns.numbers(person)])
    return long_table(heading, rows, columns.widths, columns.style() + commands)


def _roles_table(roles: tuple[RoleHolders, ...], columns: _Columns) -> Table:
    """Each crisis role with its holders (or, in red, no one); the role column as wide as
    the longest word of a role's name needs, within reason."""
    s, extra = styles(), _extra()
    both = columns.widths[0] + columns.widths[1]
    longest = max(stringWidth(word, BOLD, _NUMBER_SIZE) for entry in roles for word in entry.role.split() or [""])
    role_width = min(max(longest + 2 * _PAD + 1, columns.widths[0]), both * 0.6)
    widths = [role_width, both - role_width, *columns.widths[2:]]
    heading = [_p(_("Role"), extra.header), _p(_("Held by"), extra.header), *columns.labels]
    rows = [heading]
    commands = [("BACKGROUND", (0, 0), (-1, 0), _SHADE), ("LINEBELOW", (0, 0), (-1, 0), 1.2, _LINE),
                ("FONT", (2, 0), (-1, 0), BOLD, 9, 11), ("VALIGN", (2, 0), (-1, 0), "BOTTOM")]
    for entry in roles:
        role = text_cell([entry.role], extra.name, role_width - 2 * _PAD)
        if not entry.holders:
            rows.append([role, _p(_("No one holds this role."), extra.warning), *[""] * len(columns.labels)])
            continue
        for index, holder in enumerate(entry.holders):
            detail = ", ".join(part for part in (holder.position, holder.organisation) if part)
            rows.append([role if index == 0 else "", TextLines([(holder.name, extra.name), (detail, s.small)]),
                         *columns.numbers(holder)])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(columns.style() + commands))
    return table
