"""Spreadsheet columns (CSV and XLSX) recognised by their headers.

Headers are compared folded (case, accents, æøå and punctuation ignored), in Norwegian
or English: the app's own export, Outlook's export in both languages, Google's
("Phone 1 - Value" with its "Phone 1 - Label"), and common hand-made sheets. A column
whose header names a phone the app has no field for ("Telefon 2", "Other Phone",
"Personsøker") keeps its numbers as extra numbers labelled with the header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.text import tokens
from beredskap_desktop.i18n import _
from beredskap_desktop.services.importers.records import (
    RAW_FIELDS, TYPE_HEADER, RawContact, field_label_keys, header_key, phone_field_for,
    spellings, split_other_phones,
)

_PHONE_FIELDS = ("work_mobile", "work_landline", "private_phone", "satellite_phone")
_NAME_PARTS = ("first_name", "middle_name", "last_name")
_SYNONYMS = {
    "name": ("Name", "Navn", "Full name", "Fullt navn", "Display name", "Visningsnavn", "Kontaktperson"),
    "first_name": ("First Name", "Fornavn", "Given Name"),
    "middle_name": ("Middle Name", "Mellomnavn", "Additional Name"),
    "last_name": ("Last Name", "Etternavn", "Family Name", "Surname"),
    "position": ("Job Title", "Stilling", "Position", "Stillingstittel", "Organization Title", "Organization 1 - Title"),
    "organisation": ("Company", "Firma", "Organization", "Organisasjon", "Virksomhet", "Arbeidsgiver",
                     "Organization Name", "Organization 1 - Name"),
    "org_kind": ("Organisasjonstype", "Type organisasjon", "Organisation kind", "Organization type"),
    "contact_type": ("Contact type", "Kontakttype"),
    "roles": ("Role", "Roller", "Rolle", "Beredskapsrolle"),
    "work_mobile": ("Mobile Phone", "Mobiltelefon", "Mobile", "Mobil", "Jobbmobil", "Mobil (jobb)",
                    "Mobil (arbeid)", "Cell phone", "Mobilnummer", "Mobiltlf"),
    "work_landline": ("Business Phone", "Telefon (arbeid)", "Telefon (jobb)", "Work phone", "Arbeidstelefon",
                      "Fasttelefon", "Direktenummer"),
    "private_phone": ("Home Phone", "Telefon (privat)", "Privattelefon", "Privat telefon", "Privat mobil",
                      "Hjemmetelefon", "Privat"),
    "satellite_phone": ("Satellittelefon", "Satellitt", "Satellite"),
    "email": ("E-mail Address", "E-postadresse", "E-mail", "Email", "E-post", "Epost", "Email Address",
              "E-mail 1 - Value"),
    "nodnett_alias": ("Nødnett", "Nødnett-alias"),
    "nodnett_issi": ("ISSI",),
    "nodnett_talkgroups": ("Talegrupper", "Nødnett talegrupper", "Talk groups"),
    "meeting_point": ("Oppmøtested", "Oppmøte"),
    "availability": ("Tilgjengelighet", "Vaktordning", "Treffbarhet"),
    "notes": ("Notes", "Notater", "Notat", "Note", "Merknad", "Merknader", "Kommentar"),
    "verified_by": ("Verifisert av", "Kontrollert av"),
    "other_phones": ("Andre numre", "Andre nummer"),
    # A phone of no stated kind: a mobile number becomes the work mobile, another the landline.
    "phone": ("Telefon", "Phone", "Tlf", "Telefonnummer", "Phone number"),
}
# Used only when the row leaves the columns above empty.
_SECONDARY = {
    "email": ("E-mail 2 Address", "E-post 2-adresse", "E-mail 3 Address", "E-post 3-adresse", "E-mail 2 - Value"),
}
# Used only when no other column gives the field (Outlook's "Title" is Mr/Ms beside "Job Title").
_WEAK = {"position": ("Title", "Tittel")}
_PHONE_WORDS = ("phone", "telefon", "tlf", "mobil", "fax", "faks", "pager", "personsoker", "callback", "isdn", "telex")
_GOOGLE = re.compile(r"^(phone|telefon) (\d+) (value|type|label)$")
_NAME_TARGETS = {"name", "organisation", *_NAME_PARTS}


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {header_key(text): target for target, texts in table.items() for text in texts}


_PRIMARY_KEYS = _index(_SYNONYMS)
_SECONDARY_KEYS = _index(_SECONDARY)
_WEAK_KEYS = _index(_WEAK)


def _own_keys() -> dict[str, str]:
    """The app's own export headers, in every language it ships."""
    keys = {key: name for name in (*RAW_FIELDS[1:], "other_phones") for key in field_label_keys(name)}
    keys.update({key: "contact_type" for key in spellings(TYPE_HEADER)})
    return keys


@dataclass(frozen=True)
class Column:
    """One used column: its position, header, what it holds, and for Google its label column."""

    index: int
    header: str
    target: str
    rank: int = 0
    label_index: int | None = None


class Layout:
    """What the columns of a sheet hold, decided from its header row."""

    def __init__(self, header: list[str]):
        self.width = len(header)
        keys = [header_key(text) for text in header]
        own = _own_keys()
        columns: list[Column] = []
        for index, (text, key) in enumerate(zip(header, keys)):
            target = own.get(key) or _PRIMARY_KEYS.get(key)
            if target:
                columns.append(Column(index, text.strip(), target, 1 if target == "phone" else 0))
            elif key in _SECONDARY_KEYS:
                columns.append(Column(index, text.strip(), _SECONDARY_KEYS[key], 1))
            elif _GOOGLE.match(key):
                column = _google_column(index, text, keys)
                if column:
                    columns.append(column)
            elif key and any(word in key for word in _PHONE_WORDS):
                columns.append(Column(index, text.strip(), "extra_phone", 2))
        given = {column.target for column in columns}
        for index, key in enumerate(keys):
            target = _WEAK_KEYS.get(key)
            if target and target not in given:
                columns.append(Column(index, header[index].strip(), target, 1))
        self.columns = sorted(columns, key=lambda column: (column.rank, column.index))

    @property
    def has_name(self) -> bool:
        """Whether some column can name a contact (a name, its parts, or an organisation)."""
        return any(column.target in _NAME_TARGETS for column in self.columns)

    @property
    def score(self) -> int:
        return len(self.columns)

    def record(self, cells: list[str], where: str) -> RawContact | None:
        """The contact in one row, or ``None`` for a row with nothing in the used columns."""
        cells = [cell.strip() for cell in cells]
        cells += [""] * (self.width - len(cells))
        record = RawContact(where)
        parts: dict[str, str] = {}
        for column in self.columns:
            _read(record, parts, column, cells)
        if not record.fields.get("name"):
            record.put("name", " ".join(parts[part] for part in _NAME_PARTS if parts.get(part)))
        if record.is_empty:
            return None
        used = max(index for index, cell in enumerate(cells) if cell) + 1
        if used > self.width:
            record.problems.append(_("The row has {cells} cells, but the header has {columns} columns.").format(cells=used, columns=self.width))
        return record


def _google_column(index: int, text: str, keys: list[str]) -> Column | None:
    match = _GOOGLE.match(keys[index])
    if match.group(3) != "value":
        return None
    label_keys = {f"{match.group(1)} {match.group(2)} {kind}" for kind in ("type", "label")}
    label_index = next((i for i, key in enumerate(keys) if key in label_keys), None)
    return Column(index, text.strip(), "labelled_phone", 0, label_index)


def _read(record: RawContact, parts: dict[str, str], column: Column, cells: list[str]) -> None:
    value = cells[column.index]
    if not value:
        return
    target = column.target
    if target in _NAME_PARTS:
        parts.setdefault(target, value)
    elif target in _PHONE_FIELDS:
        record.add_phone(target, column.header, value)
    elif target == "phone":
        record.add_unsorted_phone(column.header, value)
    elif target == "extra_phone":
        record.add_phone(None, column.header, value)
    elif target == "other_phones":
        record.other_phones.extend(split_other_phones(value))
    elif target == "labelled_phone":
        number_label = cells[column.label_index] if column.label_index is not None else ""
        for number in value.split(":::"):
            record.add_phone(phone_field_for(set(tokens(number_label))), number_label or column.header, number)
    else:
        record.put(target, value)


def table_layout(header: list[str], file_name: str) -> Layout:
    """The layout of a sheet with this header row; ``UserError`` when no column can name a contact."""
    layout = Layout(header)
    if not layout.has_name:
        shown = ", ".join(text.strip()[:40] for text in header if text.strip() and text.isprintable())
        raise UserError(
            _("{file}: no column the app can use as a name (such as Name, Navn, First Name, Fornavn, Company or Firma). "
              "The first row has: {columns}.").format(file=file_name, columns=shown or _("nothing readable"))
        )
    return layout


def table_records(rows: Iterator[tuple[int, list]], file_name: str, empty: str, where: str) -> list[RawContact]:
    """The records of a table whose first row is the header.

    ``rows`` yields (number, cells); ``empty`` is the message when there is no row at all and
    ``where`` a translated template such as "line {number}" naming a row in messages.
    """
    header = next(rows, None)
    if header is None:
        raise UserError(empty)
    layout = table_layout(header[1], file_name)
    records = (layout.record(cells, where.format(number=number)) for number, cells in rows)
    return [record for record in records if record is not None]
