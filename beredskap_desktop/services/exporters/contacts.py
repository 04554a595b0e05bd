"""Exporting contacts to vCard 3.0, CSV (for Norwegian Excel) and Excel (.xlsx).

Each contact is one card or row with its full name, organisation, position, roles,
e-mail, Nødnett, meeting point and all its numbers; the private number only when asked.
vCard carries numbers in E.164, the sheets in Norwegian display form. The file is
written beside the target and moved into place, so a failed export never leaves half a
file. What is exported imports back unchanged (``services.contact_import``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import vobject
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from beredskap_desktop.domain.contacts import Contact, OrgKind, label
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.services.files import write_atomically
from beredskap_desktop.domain.phones import format_phone
from beredskap_desktop.i18n import _
from beredskap_desktop.services.importers.records import (
    ORGANISATION, PERSON, TYPE_HEADER, guard_formula, join_other_phones,
)
from beredskap_desktop.services.importers.vcard import APP_PROPERTIES
from beredskap_desktop.storage import contacts
from beredskap_desktop.storage.database import Store

_COLUMNS = (
    "contact_type", "name", "position", "organisation", "org_kind", "roles", "work_mobile",
    "work_landline", "private_phone", "satellite_phone", "other_phones", "email", "nodnett_alias",
    "nodnett_issi", "nodnett_talkgroups", "meeting_point", "availability", "notes", "verified_by",
)
_MAX_WIDTH = 50


@dataclass(frozen=True)
class ExportedContact:
    """A contact with the names of its organisation and roles, and the kind shown for it."""

    contact: Contact
    organisation: str
    org_kind: OrgKind | None
    roles: tuple[str, ...]


def export_contacts(store: Store, out_path: str | Path, fmt: str, include_private: bool = False) -> int:
    """Write every contact to ``out_path`` as ``fmt`` (vcf, csv or xlsx); the number written."""
    writers = {"vcf": write_vcards, "csv": write_csv, "xlsx": write_xlsx}
    if fmt not in writers:
        raise UserError(_("Unknown export format {format}; use vcf, csv or xlsx.").format(format=fmt))
    exported = exported_contacts(store)
    write_atomically(Path(out_path), lambda handle: writers[fmt](handle, exported, include_private))
    return len(exported)


def exported_contacts(store: Store) -> list[ExportedContact]:
    """Every contact by name, with what the export shows beside it."""
    result = []
    for row in contacts.list_rows(store):
        contact = contacts.get(store, row.id)
        result.append(ExportedContact(contact, row.organisation, contact.org_kind or row.org_kind, row.roles))
    return result


def write_vcards(handle: BinaryIO, exported: list[ExportedContact], include_private: bool) -> None:
    handle.write("".join(_vcard(item, include_private) for item in exported).encode("utf-8"))


def _vcard(item: ExportedContact, include_private: bool) -> str:
    contact = item.contact
    card = vobject.vCard()
    if contact.is_organisation:
        card.add("n").value = vobject.vcard.Name()
        card.add("x-abshowas").value = "COMPANY"
        card.add("org").value = [item.organisation, contact.name] if item.organisation else [contact.name]
    else:
        *given, family = contact.name.split() or [""]
        card.add("n").value = vobject.vcard.Name(family=family, given=" ".join(given))
        if item.organisation:
            card.add("org").value = [item.organisation]
    card.add("fn").value = contact.name
    _add_text(card, "title", contact.position)
    for role in item.roles:
        _add_text(card, "role", role)
    if contact.email:
        email = card.add("email")
        email.value, email.params["TYPE"] = contact.email, ["INTERNET", "WORK"]
    _add_text(card, "note", contact.notes)
    app_values = {name: getattr(contact, name) for name in APP_PROPERTIES if name != "org_kind"}
    app_values["org_kind"] = item.org_kind.value if item.org_kind else ""
    for name, prop in APP_PROPERTIES.items():
        _add_text(card, prop, app_values[name])
    numbers = [(contact.work_mobile, ["CELL", "WORK"]), (contact.work_landline, ["WORK", "VOICE"])]
    if include_private:
        numbers.append((contact.private_phone, ["HOME", "VOICE"]))
    for number, types in numbers:
        if number:
            tel = card.add("tel")
            tel.value, tel.params["TYPE"] = number, types
    labelled = [(label("satellite_phone"), contact.satellite_phone)] if contact.satellite_phone else []
    labelled += [(phone.label, phone.number) for phone in contact.other_phones]
    for index, (number_label, number) in enumerate(labelled, start=1):
        group = f"item{index}"
        card.add("tel", group=group).value = number
        card.add("x-ablabel", group=group).value = number_label
    return card.serialize()


def _add_text(card, name: str, value: str) -> None:
    if value:
        card.add(name).value = value


def _table(exported: list[ExportedContact], include_private: bool) -> tuple[list[str], list[list[str]]]:
    """Header and rows for the sheets: labels through ``_()``, numbers in display form."""
    columns = [name for name in _COLUMNS if include_private or name != "private_phone"]
    header = [_(TYPE_HEADER) if name == "contact_type" else label(name) for name in columns]
    rows = []
    for item in exported:
        contact = item.contact
        values = {name: getattr(contact, name, "") for name in _COLUMNS}
        values.update(
            contact_type=_(ORGANISATION) if contact.is_organisation else _(PERSON),
            organisation=item.organisation,
            org_kind=item.org_kind.label if item.org_kind else "",
            roles=", ".join(item.roles),
            other_phones=join_other_phones([(phone.label, format_phone(phone.number)) for phone in contact.other_phones]),
        )
        values.update({name: format_phone(getattr(contact, name)) for name in ("work_mobile", "work_landline", "private_phone", "satellite_phone")})
        rows.append([str(values[name]) for name in columns])
    return header, rows


def write_csv(handle: BinaryIO, exported: list[ExportedContact], include_private: bool) -> None:
    """Semicolon-separated UTF-8 with BOM: what Norwegian Excel opens with æøå intact."""
    header, rows = _table(exported, include_private)
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([guard_formula(value) for value in row] for row in rows)
    handle.write(text.getvalue().encode("utf-8-sig"))


def write_xlsx(handle: BinaryIO, exported: list[ExportedContact], include_private: bool) -> None:
    """One sheet, a bold frozen header row, columns as wide as their contents (within reason)."""
    header, rows = _table(exported, include_private)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Contacts"))
    for index, title in enumerate(header, start=1):
        longest = max([len(title)] + [len(line) for row in rows for line in row[index - 1].splitlines()])
        sheet.column_dimensions[get_column_letter(index)].width = min(longest, _MAX_WIDTH) + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, title, bold) for title in header])
    for row in rows:
        sheet.append([_text_cell(sheet, value) for value in row])
    workbook.save(handle)


def _text_cell(sheet, value: str, font: Font | None = None) -> WriteOnlyCell:
    """A text cell, even when the text starts with "=" (never a formula)."""
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    if font:
        cell.font = font
    return cell
