"""Reading Excel workbooks (.xlsx)."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services.importers import read_contacts


def workbook(path, rows, *, start_row=1, other_sheet_active=False):
    book = Workbook()
    sheet = book.active
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=start_row + offset, column=column, value=value)
    if other_sheet_active:
        other = book.create_sheet("Notater")
        other["A1"] = "ikke kontakter"
        book.active = 1
    book.save(path)
    return path


def test_numbers_stored_as_numbers_come_back_as_digits(tmp_path):
    path = workbook(tmp_path / "liste.xlsx", [
        ("Navn", "Mobil", "Telefon (arbeid)", "Nødnett ISSI", "Firma"),
        ("Kari Nordmann", 41234567, 22334455.0, 1234567, "Testvik kommune"),
        ("Ola Ås", 4791345678, None, None, None),
    ], start_row=3, other_sheet_active=True)

    kari, ola = read_contacts(path)

    assert kari.fields == {
        "name": "Kari Nordmann", "work_mobile": "41234567", "work_landline": "22334455",
        "nodnett_issi": "1234567", "organisation": "Testvik kommune",
    }
    assert kari.where == _("row {number}").format(number=4)
    assert ola.fields["work_mobile"] == "+4791345678"  # Excel dropped the +


def test_outlook_headers_and_empty_rows(tmp_path):
    path = workbook(tmp_path / "liste.xlsx", [
        ("First Name", "Last Name", "Job Title", "Mobile Phone", "Home Phone", "Other Phone"),
        (None, None, None, None, None, None),
        ("Åse", "Ødegård", "Kommuneoverlege", "412 34 567", "934 56 789", "915 55 555"),
    ])
    [ase] = read_contacts(path)
    assert ase.fields["name"] == "Åse Ødegård"
    assert ase.fields["private_phone"] == "934 56 789"
    assert ase.other_phones == [("Other Phone", "915 55 555")]
    assert ase.where == _("row {number}").format(number=3)


def test_truncated_workbook_is_refused(tmp_path):
    whole = workbook(tmp_path / "hel.xlsx", [("Navn", "Mobil"), ("Kari", 41234567)]).read_bytes()
    path = tmp_path / "avkuttet.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(UserError) as raised:
        read_contacts(path)
    assert "avkuttet.xlsx" in str(raised.value)


def test_zip_that_is_no_workbook_is_refused(tmp_path):
    path = tmp_path / "arkiv.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hei")
    with pytest.raises(UserError) as raised:
        read_contacts(path)
    assert "arkiv.xlsx" in str(raised.value)


@pytest.mark.parametrize(
    "rows",
    [[], [("Navn", "Mobil")], [("Mobil", "E-post"), (41234567, "kari@x.no")]],
    ids=["empty-sheet", "header-only", "no-name-column"],
)
def test_sheet_without_contacts_is_refused(tmp_path, rows):
    path = workbook(tmp_path / "liste.xlsx", rows)
    with pytest.raises(UserError) as raised:
        read_contacts(path)
    assert "liste.xlsx" in str(raised.value)


def test_old_excel_format_is_named(tmp_path):
    path = tmp_path / "gammel.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(UserError) as raised:
        read_contacts(path)
    assert "gammel.xls" in str(raised.value) and ".xlsx" in str(raised.value)
