"""Exporting contacts to vCard, CSV and XLSX, and importing the export back unchanged."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from beredskap_desktop.domain.contacts import Contact, ContactType, OrgKind, OtherPhone, label
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services.contact_import import apply_import, plan_import
from beredskap_desktop.services.exporters import contacts as exporter
from beredskap_desktop.services.exporters.contacts import export_contacts
from beredskap_desktop.services.importers import read_contacts
from beredskap_desktop.storage import contacts
from beredskap_desktop.storage.database import open_store

FORMATS = ("vcf", "csv", "xlsx")


@pytest.fixture
def filled(store):
    """A municipality with an organisation tree, people with every field, and a private number."""
    kommune = contacts.save(store, Contact(
        id="", name="Testvik kommune", contact_type=ContactType.ORGANISATION, org_kind=OrgKind.MUNICIPAL,
        work_landline="+4722334455", email="postmottak@testvik.kommune.no",
    ))
    contacts.save(store, Contact(
        id="", name="Testvik kommune – helse og omsorg", contact_type=ContactType.ORGANISATION,
        organisation_id=kommune.id, org_kind=OrgKind.MUNICIPAL, work_landline="+4722334400",
    ))
    contacts.save(store, Contact(
        id="", name="Politiet", contact_type=ContactType.ORGANISATION, org_kind=OrgKind.POLICE, work_landline="02800",
    ))
    contacts.save(store, Contact(
        id="", name="Åse Marie Ødegård", position="Kommuneoverlege; smittevern, miljø", organisation_id=kommune.id,
        role_ids=("kriseleder", "kommuneoverlege"), work_mobile="+4741234567", work_landline="+4722334455",
        private_phone="+4793456789", satellite_phone="+881631234567", email="ase.odegard@testvik.kommune.no",
        other_phones=(OtherPhone("Vakttelefon", "+4791555555"), OtherPhone("Sverige: hytte", "+46701234567"), OtherPhone("", "+4722110099")),
        nodnett_alias="TESTVIK-KO", nodnett_issi="1234567", nodnett_talkgroups="TV-KRISE, TV-HELSE",
        meeting_point="Rådhuset, møterom «Fjorden»", availability="Døgnvakt uke 12", notes="=Linje én\nLinje to: ærlig, øm, å",
        verified_by="Bjørn Ås",
    ))
    contacts.save(store, Contact(id="", name="Ola", work_mobile="+4791345678"))
    return store


def comparable(store) -> list[tuple]:
    """Every contact as names and values, without ids or timestamps."""
    org_names = {id_: name for id_, name, _ in contacts.organisations(store)}
    role_names = {role.id: role.name for role in contacts.roles(store)}
    result = []
    for row in contacts.list_rows(store, include_private=True):
        contact = contacts.get(store, row.id)
        result.append((
            contact.name, contact.contact_type, contact.position, org_names.get(contact.organisation_id),
            contact.org_kind, tuple(role_names[r] for r in contact.role_ids), contact.work_mobile,
            contact.work_landline, contact.private_phone, contact.satellite_phone, contact.other_phones,
            contact.email, contact.nodnett_alias, contact.nodnett_issi, contact.nodnett_talkgroups,
            contact.meeting_point, contact.availability, contact.notes, contact.verified_by,
        ))
    return result


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_into_a_fresh_database(filled, tmp_path, fmt):
    out = tmp_path / f"kontakter.{fmt}"
    assert export_contacts(filled, out, fmt, include_private=True) == 5

    with open_store(tmp_path / "ny.sqlite", create=True) as fresh:
        plan = plan_import(fresh, read_contacts(out))
        assert not plan.rejected
        assert plan.new_organisations == []
        apply_import(fresh, plan)
        assert comparable(fresh) == comparable(filled)


@pytest.mark.parametrize("fmt", FORMATS)
def test_reimporting_an_export_changes_nothing(filled, tmp_path, fmt):
    out = tmp_path / f"kontakter.{fmt}"
    export_contacts(filled, out, fmt, include_private=True)
    plan = plan_import(filled, read_contacts(out))
    assert (len(plan.new), len(plan.updated), len(plan.unchanged)) == (0, 0, 5)


@pytest.mark.parametrize("fmt", FORMATS)
def test_private_numbers_only_when_asked(filled, tmp_path, fmt):
    without, with_private = tmp_path / f"uten.{fmt}", tmp_path / f"med.{fmt}"
    export_contacts(filled, without, fmt)
    export_contacts(filled, with_private, fmt, include_private=True)

    def private_numbers(path):
        return [record.fields.get("private_phone") for record in read_contacts(path) if record.fields.get("private_phone")]

    assert private_numbers(without) == []
    assert len(private_numbers(with_private)) == 1
    text = "\n".join(str(record) for record in read_contacts(without))
    assert "93456789" not in text.replace(" ", "")


def test_vcard_is_30_utf8_with_e164_numbers(filled, tmp_path):
    out = tmp_path / "kontakter.vcf"
    export_contacts(filled, out, "vcf")
    text = out.read_bytes().decode("utf-8")
    assert text.count("BEGIN:VCARD") == 5
    assert text.count("VERSION:3.0") == 5
    assert "TEL;TYPE=CELL,WORK:+4741234567" in text
    assert "FN:Åse Marie Ødegård" in text
    assert "X-ABLABEL:Vakttelefon" in text


def test_csv_for_norwegian_excel(filled, tmp_path):
    out = tmp_path / "kontakter.csv"
    export_contacts(filled, out, "csv")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    header = rows[0]
    assert header[:3] == [_("Type"), label("name"), label("position")]
    assert label("private_phone") not in header
    ase = dict(zip(header, next(row for row in rows if row[1] == "Åse Marie Ødegård")))
    assert ase[label("work_mobile")] == "412 34 567"
    assert ase[label("work_landline")] == "22 33 44 55"
    assert ase[label("organisation")] == "Testvik kommune"
    assert ase[label("roles")] == "Kriseleder, Kommuneoverlege"
    assert ase[label("other_phones")] == "Vakttelefon: 915 55 555; Sverige: hytte: +46 70 123 45 67; 22 11 00 99"
    assert ase[label("notes")] == "'=Linje én\nLinje to: ærlig, øm, å"  # never a formula in Excel


def test_xlsx_with_bold_header_text_cells_and_widths(filled, tmp_path):
    out = tmp_path / "kontakter.xlsx"
    export_contacts(filled, out, "xlsx")
    sheet = load_workbook(out).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[1] == label("name")
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    notes = header.index(label("notes")) + 1
    ase_row = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "Åse Marie Ødegård")
    assert ase_row[notes - 1].data_type == "s"  # "=Linje én" stays text, not a formula
    assert ase_row[notes - 1].value == "=Linje én\nLinje to: ærlig, øm, å"
    assert sheet.column_dimensions["B"].width >= len("Åse Marie Ødegård")
    assert sheet.max_row == 6


def test_failed_export_keeps_the_old_file_and_leaves_no_part(filled, tmp_path, monkeypatch):
    out = tmp_path / "kontakter.csv"
    out.write_text("forrige eksport")

    def broken(handle, exported, include_private):
        handle.write(b"halv fil")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporter, "write_csv", broken)
    with pytest.raises(UserError) as raised:
        export_contacts(filled, out, "csv")
    assert "kontakter.csv" in str(raised.value)
    assert out.read_text() == "forrige eksport"
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_export_to_a_missing_folder_is_a_user_error(filled, tmp_path):
    with pytest.raises(UserError):
        export_contacts(filled, tmp_path / "finnes-ikke" / "kontakter.vcf", "vcf")


def test_unknown_format_is_a_user_error(filled, tmp_path):
    with pytest.raises(UserError):
        export_contacts(filled, tmp_path / "kontakter.pdf", "pdf")
