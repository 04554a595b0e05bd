"""vCard 2.1, 3.0 and 4.0 (Outlook, phones, Google, iPhone) read into ``RawContact``s.

vobject unfolds the lines, decodes quoted-printable with the card's CHARSET and parses
the parameters. Values are unescaped here rather than by vobject's vCard 3.0 rules,
which cut an unescaped comma (common in 2.1 cards: "Rådgiver, beredskap") short.

Numbers: CELL (also WORK+CELL) is the work mobile, WORK or WORK+VOICE the work
landline, HOME (with anything but FAX or PAGER) the private phone; a number in an item
group with an ``X-ABLabel`` (iPhone, Google) and any other kind keeps its label as an
extra number. A number with no kind at all is sorted by what it is (mobile or not).
"""

from __future__ import annotations

import io
import re

from vobject.base import ContentLine, VObjectError, getLogicalLines, textLineToContentLine

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import N_, _
from beredskap_desktop.services.importers.records import (
    ORGANISATION, PERSON, RawContact, field_label_keys, header_key, phone_field_for,
)

# The app's own fields that vCard has no property for (written and read back).
APP_PROPERTIES = {
    "org_kind": "X-BEREDSKAP-ORG-KIND",
    "nodnett_alias": "X-BEREDSKAP-NODNETT-ALIAS",
    "nodnett_issi": "X-BEREDSKAP-NODNETT-ISSI",
    "nodnett_talkgroups": "X-BEREDSKAP-NODNETT-TALKGROUPS",
    "meeting_point": "X-BEREDSKAP-MEETING-POINT",
    "availability": "X-BEREDSKAP-AVAILABILITY",
    "verified_by": "X-BEREDSKAP-VERIFIED-BY",
}
_TEXT_PROPERTIES = {"TITLE": "position", "EMAIL": "email", "NOTE": "notes"} | {
    prop: name for name, prop in APP_PROPERTIES.items()
}
_NOT_A_KIND = {"voice", "pref", "internet"}
TYPE_LABELS = {
    "work": N_("Work"), "home": N_("Home"), "cell": N_("Mobile"), "fax": N_("Fax"),
    "pager": N_("Pager"), "car": N_("Car phone"), "main": N_("Main number"), "other": N_("Other"),
    "video": N_("Video"), "msg": N_("Voice mail"), "text": N_("Text messages"),
    "textphone": N_("Text phone"),
}
_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
_ESCAPE = re.compile(r"\\([\\,;nN])")


def read_vcards(text: str, file_name: str) -> list[RawContact]:
    """Every card in ``text``; ``UserError`` when the file is not well-formed vCard."""
    contacts: list[RawContact] = []
    lines: list[ContentLine] = []
    depth = start = 0
    for line, number in getLogicalLines(io.StringIO(text, newline=None), allowQP=True):
        number = max(number, 1)  # vobject numbers the first line 0
        content = _content_line(line, number, file_name)
        if content.name == "BEGIN":
            depth += 1
            if depth == 1:
                if content.value.strip().upper() != "VCARD":
                    raise UserError(_("{file}: line {line} starts a {what}, not a vCard.").format(file=file_name, line=number, what=content.value.strip()[:30]))
                lines, start = [], number
            continue
        if content.name == "END":
            if depth == 0:
                raise UserError(_("{file}: line {line} ends a vCard that was never begun.").format(file=file_name, line=number))
            depth -= 1
            if depth == 0:
                where = _("card {number} (line {line})").format(number=len(contacts) + 1, line=start)
                contacts.append(_contact(lines, where))
            continue
        if depth == 0:
            raise UserError(_("{file}: line {line} is outside any vCard (BEGIN:VCARD … END:VCARD).").format(file=file_name, line=number))
        if depth == 1:
            lines.append(content)
    if depth:
        raise UserError(_("{file}: the vCard on line {line} has no END:VCARD; the file may be cut off.").format(file=file_name, line=start))
    return contacts


def _content_line(line: str, number: int, file_name: str) -> ContentLine:
    try:
        return textLineToContentLine(line, number)
    except VObjectError:
        raise UserError(_("{file}: line {line} is not a valid vCard line.").format(file=file_name, line=number)) from None
    except (ValueError, LookupError) as error:
        raise UserError(_("{file}: line {line} cannot be decoded ({reason}).").format(file=file_name, line=number, reason=error)) from None


def _contact(lines: list[ContentLine], where: str) -> RawContact:
    version = next((line.value.strip() for line in lines if line.name == "VERSION"), "3.0")
    card = _Card(lines, version)
    record = RawContact(where)
    person = card.structured("N")
    person_name = " ".join(part for part in (person[1:3] + person[:1]) if part)
    organisation = card.structured("ORG")[0]
    name = card.text("FN") or person_name
    is_organisation = (
        card.text("KIND").lower() == "org" or card.text("X-ABSHOWAS").upper() == "COMPANY"
        or bool(organisation and not person_name and name in ("", organisation))
    )
    record.put("contact_type", ORGANISATION if is_organisation else PERSON)
    record.put("name", name or (organisation if is_organisation else ""))
    if organisation.casefold() != record.fields.get("name", "").casefold():
        record.put("organisation", organisation)
    for prop, field_name in _TEXT_PROPERTIES.items():
        record.put(field_name, card.text(prop))
    record.put("roles", ", ".join(value for value in card.texts("ROLE") if value))
    for line in card.all("TEL"):
        _add_phone(record, card, line)
    return record


def _add_phone(record: RawContact, card: _Card, line: ContentLine) -> None:
    number = card.unescape(line.value).strip()
    if number.lower().startswith("tel:"):
        number = number[4:].split(";")[0]
    group = (line.group or "").lower()
    if group in card.labels:
        number_label = card.labels[group]
        apple = _APPLE_LABEL.fullmatch(number_label)
        if apple:
            number_label = _(TYPE_LABELS.get(apple.group(1).lower(), apple.group(1)))
        is_satellite = header_key(number_label) in field_label_keys("satellite_phone")
        record.add_phone("satellite_phone" if is_satellite else None, number_label, number)
        return
    words = [word.strip() for value in line.params.get("TYPE", []) for word in value.split(",")]
    kinds = [word for word in words + line.singletonparams if word and word.lower() not in _NOT_A_KIND]
    if not kinds:
        record.add_unsorted_phone("", number)
        return
    number_label = ", ".join(_(TYPE_LABELS.get(kind.lower(), kind)) for kind in kinds)
    record.add_phone(phone_field_for({kind.lower() for kind in kinds}), number_label, number)


class _Card:
    """The properties of one card, with values unescaped for its version."""

    def __init__(self, lines: list[ContentLine], version: str):
        self.lines = lines
        self.version = version
        self.labels = {
            line.group.lower(): self.unescape(line.value).strip()
            for line in lines if line.name == "X-ABLABEL" and line.group
        }

    def all(self, name: str) -> list[ContentLine]:
        return [line for line in self.lines if line.name == name]

    def texts(self, name: str) -> list[str]:
        return [self.unescape(line.value).strip() for line in self.all(name)]

    def text(self, name: str) -> str:
        """The first non-empty value of property ``name`` (or "")."""
        return next((value for value in self.texts(name) if value), "")

    def structured(self, name: str) -> list[str]:
        """The ``;``-separated parts of the first ``name`` property, at least five."""
        lines = self.all(name)
        parts = _split_structured(lines[0].value) if lines else []
        return [self.unescape(part).strip() for part in parts] + [""] * 5

    def unescape(self, value: str) -> str:
        if self.version == "2.1":
            return value.replace("\\;", ";")
        return _ESCAPE.sub(lambda match: "\n" if match.group(1) in "nN" else match.group(1), value)


def _split_structured(value: str) -> list[str]:
    """Split on ``;`` that is not escaped, keeping the escapes for ``unescape``."""
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current) + ("\\" if escaped else ""))
    return parts
