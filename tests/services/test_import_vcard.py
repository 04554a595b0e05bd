"""Reading vCard 2.1 (Outlook), 3.0 (phones, Google, iPhone) and 4.0 files."""

from __future__ import annotations

from pathlib import Path

import pytest

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.services.importers import read_contacts

DATA = Path(__file__).parent.parent / "data" / "contacts"


def by_name(records):
    return {record.fields["name"]: record for record in records}


def test_outlook_21_with_quoted_printable_and_windows_1252():
    records = by_name(read_contacts(DATA / "outlook_2.1_cp1252.vcf"))

    ase = records["Åse Ødegård"]
    assert ase.fields["organisation"] == "Testvik kommune"
    # QP with a soft line break and an unescaped comma (2.1 does not escape commas)
    assert ase.fields["position"] == "Kommuneoverlege, rådgiver for smittevern og miljørettet helsevern i Helse- og omsorgsetaten"
    assert ase.fields["notes"] == "Nærmeste leder: Børre Ås\nMøtested: Rådhuset, 2. etasje"
    assert ase.fields["work_landline"] == "+47 22 33 44 55"
    assert ase.fields["work_mobile"] == "412 34 567"
    assert ase.fields["private_phone"] == "934 56 789"
    assert ase.fields["email"] == "ase.odegard@testvik.kommune.no"
    assert ase.other_phones == [(_("Pager"), "22 99 88 77")]
    assert ase.where.startswith(_("card {number} (line {line})").format(number=1, line=1))
    # the second card's name is quoted-printable Windows-1252
    assert records["Ragnhild Bjørnstad"].fields["work_mobile"] == "913 45 678"


def test_iphone_item_labels_are_kept_and_folded_lines_joined():
    [kari] = read_contacts(DATA / "iphone_3.0_items.vcf")

    assert kari.fields["name"] == "Kari Nordmann"
    assert kari.fields["position"] == "Teknisk sjef, vann og avløp"
    assert kari.fields["notes"] == (
        "Har nøkkel til høydebassenget og pumpestasjonene. Ring vakttelefonen etter kl. 15, ikke mobilen.\n"
        "Reserve: Ola i driftsavdelingen."
    )
    assert kari.fields["work_mobile"] == "+47 414 14 141"
    assert kari.fields["work_landline"] == "77 12 34 56"
    assert kari.other_phones == [
        (_("Pager"), "22 99 11 22"),
        ("Vakttelefon", "+47 915 55 555"),
        (_("Other"), "22 11 00 99"),
    ]


def test_phone_export_types_and_an_organisation_card():
    records = by_name(read_contacts(DATA / "android_3.0.vcf"))

    jonas = records["Jonas Ås"]
    assert (jonas.fields["work_mobile"], jonas.fields["work_landline"], jonas.fields["private_phone"]) == (
        "480 00 001", "+47 55 55 55 55", "404 04 040",
    )
    assert jonas.other_phones == [(f"{_('Work')}, {_('Fax')}", "51 50 00 00")]
    fire = records["Brannvesenet"]
    assert fire.fields["contact_type"] == "Organisation"
    assert "organisation" not in fire.fields
    assert fire.fields["work_landline"] == "110"


def test_google_custom_label():
    [sigrid] = read_contacts(DATA / "google_3.0.vcf")
    assert sigrid.fields["name"] == "Sigrid Ødegaard"
    assert sigrid.fields["organisation"] == "Statsforvalteren i Vestland"
    assert sigrid.fields["work_mobile"] == "+47 459 12 345"
    assert sigrid.other_phones == [("Sverige", "+46 70 123 45 67")]


def test_vcard_40_tel_uris_and_kind_org():
    records = by_name(read_contacts(DATA / "vcard_4.0.vcf"))

    per = records["Per Ås"]
    assert per.fields["contact_type"] == "Person"
    assert per.fields["work_mobile"] == "+47-987-65-432"
    assert per.fields["work_landline"] == "+47-22-44-66-88"  # the extension is dropped
    assert per.fields["private_phone"] == "+47-976-54-321"
    police = records["Politiet"]
    assert police.fields["contact_type"] == "Organisation"
    assert police.fields["work_landline"] == "02800"


def test_untyped_number_is_sorted_by_what_it_is(tmp_path):
    path = tmp_path / "plain.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ola\nN:;Ola;;;\nTEL:22 33 44 55\nTEL;TYPE=VOICE:412 34 567\nEND:VCARD\n")
    [ola] = read_contacts(path)
    assert ola.fields["work_landline"] == "22 33 44 55"
    assert ola.fields["work_mobile"] == "412 34 567"


def test_second_number_of_a_kind_is_kept_as_extra(tmp_path):
    path = tmp_path / "two.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ola\nTEL;TYPE=CELL:412 34 567\nTEL;TYPE=CELL:913 45 678\nEND:VCARD\n")
    [ola] = read_contacts(path)
    assert ola.fields["work_mobile"] == "412 34 567"
    assert ola.other_phones == [(_("Mobile"), "913 45 678")]


def test_unescaped_comma_in_30_is_not_cut(tmp_path):
    path = tmp_path / "comma.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ola\r\nTITLE:Rådgiver, beredskap\r\nEND:VCARD\r\n", encoding="utf-8")
    [ola] = read_contacts(path)
    assert ola.fields["position"] == "Rådgiver, beredskap"


@pytest.mark.parametrize(
    "content, words",
    [
        ((DATA / "missing_end.vcf").read_text(encoding="utf-8"), ["END:VCARD", "7"]),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nEND:VCARD\n", ["5"]),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nstray text\n", ["5"]),
        ("BEGIN:VCARD\nVERSION:3.0\nthis line has no colon\nEND:VCARD\n", ["3"]),
        ("BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE;CHARSET=no-such-charset:=C5se\nEND:VCARD\n", ["3"]),
        ("BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCALENDAR\nEND:VCALENDAR\n", ["4", "VCALENDAR"]),
    ],
    ids=["missing-end", "end-without-begin", "outside-card", "no-colon", "unknown-charset", "not-a-vcard"],
)
def test_malformed_vcard_is_refused_naming_file_and_line(tmp_path, content, words):
    path = tmp_path / "kontakter.vcf"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError) as raised:
        read_contacts(path)
    message = str(raised.value)
    assert "kontakter.vcf" in message
    for word in words:
        assert word in message


def test_old_mac_line_endings(tmp_path):
    path = tmp_path / "mac.vcf"
    path.write_bytes(b"BEGIN:VCARD\rVERSION:3.0\rFN:Mac Classic\rTEL;TYPE=CELL:412 34 567\rEND:VCARD\r")
    [record] = read_contacts(path)
    assert (record.fields["name"], record.fields["work_mobile"]) == ("Mac Classic", "412 34 567")
