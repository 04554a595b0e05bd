"""Excel workbooks (.xlsx): the first sheet, its first non-empty row as the header.

Excel stores a phone typed as 41234567 as a number; it comes back as those digits.
"""

from __future__ import annotations

import io
import warnings
from datetime import date, datetime, time

import openpyxl

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services.importers.columns import table_records
from beredskap_desktop.services.importers.records import RawContact


def read_xlsx(data: bytes, file_name: str) -> list[RawContact]:
    """Every contact row of the first sheet; ``UserError`` for a damaged or foreign file."""
    rows = _sheet_rows(data, file_name)
    numbered = ((number, row) for number, row in enumerate(rows, start=1) if any(row))
    return table_records(numbered, file_name, _("{file}: the first sheet is empty.").format(file=file_name), _("row {number}"))


def _sheet_rows(data: bytes, file_name: str) -> list[list[str]]:
    """The first sheet's rows as text, read whole so a damaged file fails here and only here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                return [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            finally:
                workbook.close()
        except Exception as error:  # a damaged zip or workbook fails in many ways inside openpyxl
            raise UserError(
                _("{file} is not a readable Excel workbook (.xlsx): {reason}").format(file=file_name, reason=str(error) or type(error).__name__)
            ) from None


def _text(value: object) -> str:
    """A cell as text; whole numbers without ``.0``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)
