"""Reading contacts from vCard, CSV and Excel files, recognised by content, not by name.

``read_contacts(path)`` returns one ``RawContact`` per contact or raises ``UserError``
(naming the file and what is wrong) when the file as a whole cannot be read.
"""

from __future__ import annotations

from pathlib import Path

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services.importers.csv_table import read_csv
from beredskap_desktop.services.importers.records import RawContact
from beredskap_desktop.services.importers.vcard import read_vcards
from beredskap_desktop.services.importers.xlsx_table import read_xlsx

__all__ = ["RawContact", "read_contacts"]

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16 = (b"\xff\xfe", b"\xfe\xff")


def read_contacts(path: str | Path) -> list[RawContact]:
    """The contacts in a vCard (2.1, 3.0, 4.0), CSV or XLSX file."""
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UserError(_("Cannot read {file}: {reason}").format(file=path, reason=error.strerror or error)) from None
    if not data.strip():
        raise UserError(_("{file} is empty.").format(file=name))
    if data.startswith(_ZIP):
        records = read_xlsx(data, name)
    elif data.startswith(_OLE2):
        raise UserError(_("{file} is an old Excel (.xls) or Outlook file. Save it as .xlsx or CSV and try again.").format(file=name))
    else:
        text = _decode_text(data, name)
        if text.lstrip().upper().startswith("BEGIN:VCARD"):
            records = read_vcards(text, name)
        else:
            records = read_csv(text, name)
    if not records:
        raise UserError(_("{file} contains no contacts.").format(file=name))
    return records


def _decode_text(data: bytes, file_name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or else Windows-1252."""
    if data.startswith(_UTF16):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UserError(_("{file} is neither UTF-16 text nor a file the app can read.").format(file=file_name)) from None
    if b"\x00" in data:
        raise UserError(_("{file} is not a text file, a vCard or an Excel workbook.").format(file=file_name))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise UserError(_("{file} is neither UTF-8 nor Windows-1252 text.").format(file=file_name)) from None
