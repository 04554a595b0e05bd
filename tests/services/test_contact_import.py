"""Planning and applying a contact import: validation, matching, organisations, roles, one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from beredskap_desktop.domain.contacts import Contact, ContactType, OrgKind, OtherPhone, label
from beredskap_desktop.i18n import _
from beredskap_desktop.services import contact_import
from beredskap_desktop.services.contact_import import apply_import, plan_import
from beredskap_desktop.services.importers import read_contacts
from beredskap_desktop.storage import contacts
from beredskap_desktop.storage.database import ReadOnlyError, open_store

DATA = Path(__file__).parent.parent / "data" / "contacts"


def dump(store) -> list:
    """Everything an import may touch, in a stable order."""
    return [
        store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        for table in ("contact", "role", "contact_role")
    ]


def import_file(store, path: Path):
    plan = plan_import(store, read_contacts(path))
    apply_import(store, plan)
    return plan


def csv_file(tmp_path, text: str, name: str = "liste.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def contact_named(store, name: str) -> Contact:
    [row] = [row for row in contacts.list_rows(store) if row.name == name]
    return contacts.get(store, row.id)


def test_outlook_cards_become_people_in_a_new_organisation(store):
    plan = import_file(store, DATA / "outlook_2.1_cp1252.vcf")

    assert (len(plan.new), len(plan.updated), len(plan.rejected)) == (2, 0, 0)
    assert [org.name for org in plan.new_organisations] == ["Testvik kommune"]
    assert contacts.count(store) == 3
    [(org_id, org_name, kind)] = contacts.organisations(store)
    assert (org_name, kind) == ("Testvik kommune", OrgKind.OTHER)
    ase = contact_named(store, "Åse Ødegård")
    assert ase.organisation_id == org_id
    assert (ase.work_mobile, ase.work_landline, ase.private_phone) == ("+4741234567", "+4722334455", "+4793456789")
    assert ase.other_phones == (OtherPhone(ase.other_phones[0].label, "+4722998877"),)
    assert ase.notes == "Nærmeste leder: Børre Ås\nMøtested: Rådhuset, 2. etasje"


def test_two_people_sharing_a_landline_stay_two_people(store, tmp_path):
    import_file(store, DATA / "outlook_2.1_cp1252.vcf")  # Åse and Ragnhild share 22 33 44 55
    plan = import_file(store, csv_file(tmp_path, "Navn;Telefon (arbeid);Firma\nSentralbord Sissel;22 33 44 55;Testvik kommune\n"))

    assert len(plan.new) == 1 and not plan.updated
    people = [row for row in contacts.list_rows(store) if row.contact_type is ContactType.PERSON]
    assert sorted(row.name for row in people) == ["Ragnhild Bjørnstad", "Sentralbord Sissel", "Åse Ødegård"]
    assert {row.work_landline for row in people} == {"+4722334455"}


def test_bad_fields_reject_only_that_record(store):
    plan = import_file(store, DATA / "bad_fields.csv")

    assert [item.contact.name for item in plan.new] == ["Anne Berg", "Carl Dahl"]
    [rejected] = plan.rejected
    assert rejected.name == "Feil Fredrik"
    assert rejected.where == _("line {number}").format(number=3)
    assert len(rejected.reasons) == 3
    for field_name in ("work_mobile", "email", "nodnett_issi"):
        assert any(reason.startswith(label(field_name)) for reason in rejected.reasons), field_name
    names = {row.name for row in contacts.list_rows(store)}
    assert names == {"Anne Berg", "Carl Dahl", "Testvik kommune"}


def test_match_by_email_updates_only_given_fields_and_merges_numbers(store, tmp_path):
    kari = contacts.save(store, Contact(
        id="", name="Kari Nordmann", position="Teknisk sjef", email="Kari.Nordmann@Testvik.kommune.no",
        work_mobile="+4741414141", notes="Har nøkkel.", other_phones=(OtherPhone("Vakt", "+4791555555"),),
    ))
    plan = import_file(store, csv_file(tmp_path, (
        "Navn;E-post;Stilling;Mobil;Andre numre\n"
        'Kari Nordmann;kari.nordmann@testvik.kommune.no;;913 45 678;"Vakt: 915 55 555; Hytte: 22 11 00 99"\n'
    )))

    assert not plan.new
    [updated] = plan.updated
    assert updated.contact.id == kari.id
    assert {change.field for change in updated.changes} == {label("email"), label("work_mobile"), label("other_phones")}
    stored = contacts.get(store, kari.id)
    assert stored.position == "Teknisk sjef"  # empty in the file: kept
    assert stored.notes == "Har nøkkel."
    assert stored.email == "kari.nordmann@testvik.kommune.no"  # matched ignoring case, then overwritten
    assert stored.work_mobile == "+4791345678"
    assert stored.other_phones == (OtherPhone("Vakt", "+4791555555"), OtherPhone("Hytte", "+4722110099"))


def test_match_by_mobile_when_email_is_unknown(store, tmp_path):
    ola = contacts.save(store, Contact(id="", name="Ola Ås", work_mobile="+4741234567"))
    plan = import_file(store, csv_file(tmp_path, "Navn;Mobil;E-post\nOla Aas;412 34 567;ola@ny.no\n"))

    assert [item.contact.id for item in plan.updated] == [ola.id]
    assert contacts.get(store, ola.id).email == "ola@ny.no"
    assert contacts.get(store, ola.id).name == "Ola Aas"


def test_email_wins_over_mobile_and_the_clash_is_reported(store, tmp_path):
    by_email = contacts.save(store, Contact(id="", name="Anne", email="anne@x.no"))
    by_mobile = contacts.save(store, Contact(id="", name="Berit", work_mobile="+4741234567"))
    plan = import_file(store, csv_file(tmp_path, "Navn;Mobil;E-post\nAnne;412 34 567;ANNE@x.no\n"))

    assert [item.contact.id for item in plan.updated] == [by_email.id]
    assert contacts.get(store, by_mobile.id).name == "Berit"
    assert any(label("work_mobile") in str(notice) for notice in plan.warnings)


def test_never_matched_by_landline(store, tmp_path):
    office = contacts.save(store, Contact(id="", name="Per Kontor", work_landline="+4722334455"))
    plan = import_file(store, csv_file(tmp_path, "Navn;Telefon (arbeid)\nPål Kontor;22 33 44 55\n"))

    assert len(plan.new) == 1 and not plan.updated
    assert contacts.get(store, office.id).name == "Per Kontor"
    assert contacts.count(store) == 2


def test_records_in_one_file_with_the_same_email_merge(store, tmp_path):
    plan = import_file(store, csv_file(tmp_path, (
        "Navn;E-post;Mobil;Telefon 2\n"
        "Kari;kari@x.no;412 34 567;\n"
        "Kari N.;kari@x.no;;915 55 555\n"
    )))
    [kari] = plan.new
    assert kari.contact.name == "Kari N."
    assert kari.contact.work_mobile == "+4741234567"
    assert kari.contact.other_phones == (OtherPhone("Telefon 2", "+4791555555"),)
    assert contacts.count(store) == 1


def test_reimporting_the_same_file_changes_nothing(store):
    import_file(store, DATA / "outlook_nb_semicolon_cp1252.csv")
    before = dump(store)
    plan = plan_import(store, read_contacts(DATA / "outlook_nb_semicolon_cp1252.csv"))

    assert not plan.has_changes
    assert len(plan.unchanged) == 2
    apply_import(store, plan)
    assert dump(store) == before


def test_a_person_without_email_or_mobile_matches_by_name_and_organisation(store, tmp_path):
    path = csv_file(tmp_path, "Navn;Firma;Telefon (arbeid)\nSissel Sentralbord;Testvik kommune;22 33 44 55\n")
    import_file(store, path)
    plan = plan_import(store, read_contacts(csv_file(tmp_path, (
        "Navn;Firma;Telefon (arbeid);Stilling\nSissel Sentralbord;Testvik kommune;22 33 44 55;Resepsjon\n"
    ), "ny.csv")))
    assert not plan.new and len(plan.updated) == 1


def test_organisation_records_and_kinds(store, tmp_path):
    plan = import_file(store, csv_file(tmp_path, (
        "Navn;Firma;Organisasjonstype;Telefon (arbeid);E-post\n"
        ";Politiet;politi;02800;\n"
        ";Brannvesenet;Fire and rescue;110;\n"
        "Hilde Hansen;Politiet;;;hilde@politiet.no\n"
        ";Lensmannskontoret;Sheriff;;\n"
    )))

    assert not plan.rejected
    kinds = {name: kind for _, name, kind in contacts.organisations(store)}
    assert kinds == {"Politiet": OrgKind.POLICE, "Brannvesenet": OrgKind.FIRE, "Lensmannskontoret": OrgKind.OTHER}
    assert plan.new_organisations == []  # every organisation came from its own record
    assert any("Sheriff" in str(notice) for notice in plan.warnings)
    hilde = contact_named(store, "Hilde Hansen")
    assert contacts.get(store, hilde.organisation_id).name == "Politiet"
    assert contact_named(store, "Brannvesenet").work_landline == "110"


def test_short_numbers_are_refused_for_people(store, tmp_path):
    plan = plan_import(store, read_contacts(csv_file(tmp_path, "Navn;Telefon (arbeid)\nKari;110\n")))
    [rejected] = plan.rejected
    assert rejected.reasons[0].startswith(label("work_landline"))


def test_organisation_matched_by_name_ignoring_case(store, tmp_path):
    existing = contacts.save(store, Contact(id="", name="Østre Toten kommune", contact_type=ContactType.ORGANISATION, org_kind=OrgKind.NEIGHBOUR))
    plan = import_file(store, csv_file(tmp_path, "Navn;Firma\nKari;ØSTRE TOTEN KOMMUNE\n"))

    assert plan.new_organisations == []
    assert contact_named(store, "Kari").organisation_id == existing.id


def test_roles_matched_folded_and_unknown_ones_created(store, tmp_path):
    plan = import_file(store, csv_file(tmp_path, (
        "Navn;Roller\n"
        "Kari;kriseleder, LOGGFORER\n"
        'Ola;"Loggfører; Vaktleder brann"\n'
    )))

    assert [role.name for role in plan.new_roles] == ["Vaktleder brann"]
    names = {role.id: role.name for role in contacts.roles(store)}
    kari, ola = contact_named(store, "Kari"), contact_named(store, "Ola")
    assert [names[role_id] for role_id in kari.role_ids] == ["Kriseleder", "Loggfører"]
    assert [names[role_id] for role_id in ola.role_ids] == ["Loggfører", "Vaktleder brann"]


def test_foreign_numbers_are_warnings_not_rejections(store):
    plan = plan_import(store, read_contacts(DATA / "google_3.0.vcf"))
    assert len(plan.new) == 1 and not plan.rejected
    assert any("+46" in str(notice) for notice in plan.warnings)


def test_apply_is_one_transaction(store, monkeypatch, tmp_path):
    plan = plan_import(store, read_contacts(csv_file(tmp_path, "Navn;Roller;Firma\nKari;Ny rolle;Nytt firma\nOla;;\n")))
    before = dump(store)
    calls = []
    save = contacts.save_in_transaction

    def fail_on_second(store_, contact):
        calls.append(contact.name)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return save(store_, contact)

    monkeypatch.setattr(contact_import.contacts, "save_in_transaction", fail_on_second)
    with pytest.raises(RuntimeError):
        apply_import(store, plan)
    assert dump(store) == before


def test_apply_refuses_a_read_only_database(db_path, tmp_path):
    with open_store(db_path, create=True):
        pass
    with open_store(db_path, read_only=True) as store:
        before = dump(store)
        plan = plan_import(store, read_contacts(DATA / "android_3.0.vcf"))
        with pytest.raises(ReadOnlyError):
            apply_import(store, plan)
        assert dump(store) == before


def test_preview_lists_counts_rejections_and_warnings(store):
    plan = plan_import(store, read_contacts(DATA / "bad_fields.csv") + read_contacts(DATA / "google_3.0.vcf"))
    text = contact_import.format_preview(plan)
    assert text.splitlines()[0] == _("New contacts: {count}").format(count=3)
    assert "Feil Fredrik" in text
    assert label("nodnett_issi") in text
    assert "+46" in text
