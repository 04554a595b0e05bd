"""CSV as Excel and Outlook write it: ``;`` or ``,`` (or tab) separated, headers in row one.

The separator is the one under which the header row has the most recognised columns
(an Excel ``sep=;`` first line decides it outright).
"""

from __future__ import annotations

import csv
import io
import re

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services.importers.columns import Layout, table_records
from beredskap_desktop.services.importers.records import RawContact, unguard_formula

_DELIMITERS = (";", ",", "\t")
_EXCEL_SEPARATOR = re.compile(r"sep=(.)\r?\n", re.IGNORECASE)


def read_csv(text: str, file_name: str) -> list[RawContact]:
    """Every contact row of the CSV ``text``; ``UserError`` when no header is recognised."""
    first_line = 1
    excel = _EXCEL_SEPARATOR.match(text)
    if excel:
        text, first_line, delimiters = text[excel.end():], 2, (excel.group(1),)
    else:
        delimiters = _DELIMITERS
    try:
        delimiter = max(delimiters, key=lambda candidate: _header_score(text, candidate))
        return _records(text, delimiter, first_line, file_name)
    except csv.Error as error:
        raise UserError(_("{file} is not a readable CSV file: {reason}.").format(file=file_name, reason=error)) from None


def _rows(text: str, delimiter: str, first_line: int):
    """(line number where the row starts, cells) for every row with something in it."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous = 0
    for row in reader:
        start, previous = previous + 1, reader.line_num
        if any(cell.strip() for cell in row):
            yield start + first_line - 1, [unguard_formula(cell.strip()) for cell in row]


def _header_score(text: str, delimiter: str) -> tuple[int, int]:
    header = next(_rows(text, delimiter, 1), (0, []))[1]
    layout = Layout(header)
    return layout.has_name, layout.score


def _records(text: str, delimiter: str, first_line: int, file_name: str) -> list[RawContact]:
    rows = _rows(text, delimiter, first_line)
    return table_records(rows, file_name, _("{file} has no rows.").format(file=file_name), _("line {number}"))
