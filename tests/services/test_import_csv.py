"""Reading CSV as Norwegian Excel and Outlook write it."""

from __future__ import annotations

from pathlib import Path

import pytest

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services.importers import read_contacts

DATA = Path(__file__).parent.parent / "data" / "contacts"


def write(tmp_path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "kontakter.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_norwegian_outlook_semicolon_windows_1252():
    ase, oystein = read_contacts(DATA / "outlook_nb_semicolon_cp1252.csv")

    assert ase.fields["name"] == "Åse Ødegård"
    assert ase.fields["organisation"] == "Testvik kommune"
    assert ase.fields["position"] == "Kommuneoverlege"
    assert ase.fields["work_landline"] == "22 33 44 55"
    assert ase.fields["work_mobile"] == "412 34 567"
    assert ase.fields["private_phone"] == "934 56 789"
    assert ase.fields["email"] == "ase.odegard@testvik.kommune.no"
    assert ase.fields["notes"] == "Nærmeste leder: Børre Ås; møtested Rådhuset"
    assert ase.other_phones == [("Personsøker", "22 99 88 77")]
    assert ase.where == _("line {number}").format(number=2)
    # Outlook's "Tittel" (Hr./Fru) is not the position while "Stilling" is there
    assert oystein.fields["name"] == "Øystein Bæra"
    assert oystein.fields["position"] == "Driftsleder"
    assert oystein.other_phones == [("Telefon 2 (arbeid)", "77 12 34 56"), ("Annen telefon", "915 55 555")]


def test_english_outlook_comma_utf8_bom():
    ase, jorgen = read_contacts(DATA / "outlook_en_comma_bom.csv")

    assert ase.fields["name"] == "Åse Ødegård"
    assert ase.fields["position"] == "Kommuneoverlege, smittevern"
    assert ase.fields["notes"] == "Første linje\nandre linje"
    assert ase.other_phones == [("Pager", "22 99 88 77")]
    assert jorgen.where == _("line {number}").format(number=4)  # after a quoted line break
    assert jorgen.fields["name"] == "Jørgen Lie"
    assert jorgen.fields["position"] == "Rådgiver"
    assert jorgen.fields["work_landline"] == "+47 55 57 20 00"
    assert jorgen.other_phones == [("Other Phone", "+46 70 123 45 67")]


def test_headers_match_ignoring_case_and_accents(tmp_path):
    path = write(tmp_path, "NAVN;mobil;E-POST;Oppmotested;ROLLER;nodnett;issi\nKari;412 34 567;kari@x.no;Rådhuset;Kriseleder;KARI-1;123456\n")
    [kari] = read_contacts(path)
    assert kari.fields == {
        "name": "Kari", "work_mobile": "412 34 567", "email": "kari@x.no", "meeting_point": "Rådhuset",
        "roles": "Kriseleder", "nodnett_alias": "KARI-1", "nodnett_issi": "123456",
    }


def test_the_apps_own_export_headers(tmp_path):
    path = write(tmp_path, (
        "Type;Name;Organisation;Kind of organisation;Work mobile;Satellite phone;Other numbers;Nødnett talk groups\n"
        'Organisation;Politiet;;Police;;+881631234567;"Vakt: 22 99 88 77; 915 55 555";TG-1\n'
    ))
    [police] = read_contacts(path)
    assert police.fields["contact_type"] == "Organisation"
    assert police.fields["org_kind"] == "Police"
    assert police.fields["satellite_phone"] == "+881631234567"
    assert police.fields["nodnett_talkgroups"] == "TG-1"
    assert police.other_phones == [("Vakt", "22 99 88 77"), ("", "915 55 555")]


def test_a_phone_of_no_stated_kind_is_sorted_by_number(tmp_path):
    path = write(tmp_path, "Navn;Telefon\nMobil Marit;412 34 567\nFast Frode;22 33 44 55\n")
    marit, frode = read_contacts(path)
    assert marit.fields["work_mobile"] == "412 34 567"
    assert frode.fields["work_landline"] == "22 33 44 55"


def test_google_csv_phone_labels(tmp_path):
    path = write(tmp_path, (
        "Name,Given Name,Phone 1 - Type,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,E-mail 1 - Value\n"
        "Kari Nordmann,Kari,Mobile,412 34 567 ::: 913 45 678,Vakttelefon,915 55 555,kari@x.no\n"
    ))
    [kari] = read_contacts(path)
    assert kari.fields["work_mobile"] == "412 34 567"
    assert kari.fields["email"] == "kari@x.no"
    assert kari.other_phones == [("Mobile", "913 45 678"), ("Vakttelefon", "915 55 555")]


def test_excel_separator_line_and_dropped_plus(tmp_path):
    path = write(tmp_path, "sep=,\nFornavn,Etternavn,Mobil\nSven,Ås,4741234567\n")
    [sven] = read_contacts(path)
    assert sven.fields["name"] == "Sven Ås"
    assert sven.fields["work_mobile"] == "+4741234567"
    assert sven.where == _("line {number}").format(number=3)


def test_delimiter_is_found_from_the_header(tmp_path):
    path = write(tmp_path, "Navn,Stilling,Mobil\nKari,\"Rådgiver; beredskap\",412 34 567\n")
    [kari] = read_contacts(path)
    assert kari.fields["position"] == "Rådgiver; beredskap"


def test_formula_guard_is_removed(tmp_path):
    path = write(tmp_path, "Navn;Notater\nKari;'=1+1\n")
    [kari] = read_contacts(path)
    assert kari.fields["notes"] == "=1+1"


def test_a_ragged_row_is_a_problem_of_that_row_only(tmp_path):
    path = write(tmp_path, "Navn;Mobil\nKari;412 34 567\nOla;913 45 678;ekstra;celle\n")
    kari, ola = read_contacts(path)
    assert kari.problems == []
    assert len(ola.problems) == 1 and "4" in ola.problems[0] and "2" in ola.problems[0]


def test_blank_rows_are_skipped(tmp_path):
    path = write(tmp_path, "\n;;\nNavn;Mobil\n;\nKari;412 34 567\n\n")
    [kari] = read_contacts(path)
    assert kari.fields["name"] == "Kari"


@pytest.mark.parametrize(
    "data",
    [
        "Mobil;E-post\n412 34 567;kari@x.no\n".encode(),
        (DATA / "ragged_unknown_header.csv").read_bytes(),
        b"Navn;Mobil\n\x81\x8d\x8f\x90 \xff\xfe\n",  # neither UTF-8 nor Windows-1252
        b"Navn;Mobil\n",
        b"\x00\x01\x02 binary \x00",
        b"",
        b"  \r\n\t ",
    ],
    ids=["no-name-column", "ragged-unknown-header", "undecodable", "header-only", "binary", "empty", "whitespace"],
)
def test_unreadable_csv_is_refused_naming_the_file(tmp_path, data):
    path = tmp_path / "kontakter.csv"
    path.write_bytes(data)
    with pytest.raises(UserError) as raised:
        read_contacts(path)
    assert "kontakter.csv" in str(raised.value)


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError):
        read_contacts(tmp_path / "finnes-ikke.csv")
