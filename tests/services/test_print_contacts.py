"""Alert lists and the contact directory: the model (members, deputies, role holders, groups,
private numbers), then the PDF."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from pypdf import PdfReader

from tests.pdf_text import page_texts
from beredskap_desktop.domain.alerts import AlertList, AlertMember, AlertMethod
from tests.pdf_text import page_texts
from beredskap_desktop.domain.contacts import Contact, ContactType, OrgKind
from tests.pdf_text import page_texts
from beredskap_desktop.i18n import _
from tests.pdf_text import page_texts
from beredskap_desktop.services.demo import load_demo
from tests.pdf_text import page_texts
from beredskap_desktop.services.printing.contacts import build_contact_printout, contact_parts, render_contact_printout
from tests.pdf_text import page_texts
from beredskap_desktop.services.printing.documents import content_hash
from tests.pdf_text import page_texts
from beredskap_desktop.storage import alerts, contacts, municipality
from tests.pdf_text import page_texts
from beredskap_desktop.storage.database import open_store

NOW = datetime(2026, 11, 21, 16, 42, tzinfo=timezone.utc)  # 17:42 in Oslo
PRIVATE = ("411 22 334", "988 77 665")


@pytest.fixture
def ids(store):
    """Øyvik: a fire service within the municipality, people with and without one, and two
    alert lists (members by contact and by role, deputies, a role no one holds)."""
    municipality.set_municipality(store, "Øyvik", "4699")

    def save(contact: Contact) -> Contact:
        return contacts.save(store, contact)

    town = save(Contact("", "Øyvik kommune", ContactType.ORGANISATION, org_kind=OrgKind.MUNICIPAL, work_landline="+4757704000"))
    fire = save(Contact("", "Øyvik brann og redning", ContactType.ORGANISATION, org_kind=OrgKind.FIRE, organisation_id=town.id,
                        work_landline="+4757704800", email="brann@oyvik.kommune.no"))
    ola = save(Contact("", "Ola Ås", position="Vaktleder", organisation_id=fire.id, work_mobile="+4791234500"))
    kari = save(Contact("", "Kari Ødegård", position="Brannsjef", organisation_id=fire.id, work_mobile="+4791234567",
                        private_phone="+4741122334", nodnett_issi="2047102", nodnett_alias="ØYVIK BRANN", deputy_id=ola.id,
                        meeting_point="Brannstasjonen, Åsvegen 2", availability="Døgnvakt annenhver uke."))
    bjorn = save(Contact("", "Bjørn Åsland", role_ids=("stabssjef",), work_landline="+4757704001", private_phone="+4798877665"))
    aase = save(Contact("", "Åse Berg", role_ids=("stabssjef",), work_mobile="+4748000001", deputy_id=bjorn.id))
    zara = save(Contact("", "Zara Ærø", work_mobile="+4748000002"))
    crisis = alerts.save(store, AlertList("", "Kriseledelsen", "Innkalling til kriserommet.", (
        AlertMember("", contact_id=kari.id, method=AlertMethod.CALL, note="Ring først"),
        AlertMember("", role_id="stabssjef", method=AlertMethod.SMS),
        AlertMember("", role_id="okonomisjef", method=AlertMethod.NODNETT),
        AlertMember("", contact_id=fire.id, method=AlertMethod.EMAIL, use_deputy=False),
        AlertMember("", contact_id=ola.id, method=AlertMethod.RUNNER),
    )))
    neighbours = alerts.save(store, AlertList("", "Åpne kanaler", "", (AlertMember("", contact_id=zara.id, use_deputy=False),)))
    return {"town": town, "fire": fire, "ola": ola, "kari": kari, "bjorn": bjorn, "aase": aase, "zara": zara,
            "crisis": crisis, "neighbours": neighbours}


def text_of(pdf: bytes) -> list[str]:
    return page_texts(pdf)


def document_of(page: str, labels: tuple[str, ...]) -> str:
    """The document a page belongs to, by its footer ("Kriseledelsen · side 1/2")."""
    found = [label for label in labels if re.search(re.escape(label) + r" · \S+ \d+/\d+", page)]
    assert len(found) == 1, page[-120:]
    return found[0]


def test_members_in_order_with_methods_deputies_and_role_holders(store, ids):
    model = build_contact_printout(store, now=NOW)
    assert (model.municipality, model.data_as_of, model.include_private) == ("Øyvik", NOW, False)
    assert [sheet.name for sheet in model.alert_lists] == ["Kriseledelsen", "Åpne kanaler"]
    crisis = model.alert_lists[0]
    assert crisis.purpose == "Innkalling til kriserommet."
    assert [(m.number, m.method, m.role, m.note) for m in crisis.members] == [
        (1, AlertMethod.CALL, "", "Ring først"), (2, AlertMethod.SMS, "Stabssjef", ""), (3, AlertMethod.NODNETT, "Økonomisjef", ""),
        (4, AlertMethod.EMAIL, "", ""), (5, AlertMethod.RUNNER, "", "")]
    kari = crisis.members[0].callees[0]
    assert (kari.person.name, kari.person.position, kari.person.organisation) == ("Kari Ødegård", "Brannsjef", "Øyvik brann og redning")
    assert (kari.person.work_mobile, kari.person.nodnett, kari.person.meeting_point) == (
        "912 34 567", "ISSI 2047102 (ØYVIK BRANN)", "Brannstasjonen, Åsvegen 2")
    assert (kari.deputy.name, kari.deputy.work_mobile, kari.deputy_missing) == ("Ola Ås", "912 34 500", False)
    # both holders of the role, in Norwegian order; Åse's deputy is alerted for the role anyway
    holders = crisis.members[1].callees
    assert [(c.person.name, c.deputy, c.deputy_missing) for c in holders] == [("Bjørn Åsland", None, True), ("Åse Berg", None, False)]
    assert holders[0].person.work_landline == "57 70 40 01" and holders[0].person.roles == ("Stabssjef",)
    assert crisis.members[2].callees == ()  # no one holds the role
    fire = crisis.members[3].callees[0]
    assert (fire.person.is_organisation, fire.person.email, fire.deputy, fire.deputy_missing) == (True, "brann@oyvik.kommune.no", None, False)
    assert crisis.members[4].callees[0].deputy_missing  # Ola has no deputy
    assert crisis.meeting_points == [("Brannstasjonen, Åsvegen 2", ["Kari Ødegård"])]
    assert not any(person.private_phone for sheet in model.alert_lists for person in sheet.people)


def test_lists_chosen_by_id_and_the_directory_grouped_by_organisation(store, ids):
    model = build_contact_printout(store, list_ids=[ids["neighbours"].id, "no-such-list"], now=NOW)
    assert [sheet.name for sheet in model.alert_lists] == ["Åpne kanaler"]
    groups = model.directory.groups
    assert [(g.organisation.name if g.organisation else None, g.part_of, [p.name for p in g.people]) for g in groups] == [
        ("Øyvik brann og redning", "Øyvik kommune", ["Kari Ødegård", "Ola Ås"]),
        ("Øyvik kommune", "", []),
        (None, "", ["Bjørn Åsland", "Zara Ærø", "Åse Berg"]),  # å after z, as Norwegian sorts
    ]
    assert groups[1].organisation.org_kind is OrgKind.MUNICIPAL and groups[1].organisation.work_landline == "57 70 40 00"
    roles = {entry.role: [p.name for p in entry.holders] for entry in model.directory.roles}
    assert roles["Stabssjef"] == ["Bjørn Åsland", "Åse Berg"] and roles["Økonomisjef"] == []
    assert [part.key for part in contact_parts(model)] == [f"alert-list:{ids['neighbours'].id}", "directory"]


def test_private_numbers_only_when_asked_for_and_then_marked(store, ids):
    plain = render_contact_printout(build_contact_printout(store, now=NOW))
    model = build_contact_printout(store, include_private=True, now=NOW)
    assert model.alert_lists[0].has_private_numbers and not model.alert_lists[1].has_private_numbers
    assert model.directory.has_private_numbers
    mark = _("Contains personal data").upper()
    plain_text = " ".join(text_of(plain))
    assert mark not in plain_text
    for number in PRIVATE:
        assert number not in plain_text and number.replace(" ", "") not in plain_text
    pages = text_of(render_contact_printout(model))
    for number in PRIVATE:
        assert number in " ".join(pages)
    for page in pages:  # the list without private numbers is not marked; every other page is
        assert (mark in page) == ("Åpne kanaler" not in page), page[:80]


def test_the_pdf_has_the_text_footers_per_document_and_embedded_fonts(store, ids):
    pdf = render_contact_printout(build_contact_printout(store, now=NOW))
    pages = text_of(pdf)
    documents = [document_of(page, ("Kriseledelsen", "Åpne kanaler", _("Contact directory"))) for page in pages]
    assert documents[0] == "Kriseledelsen" and documents[-1] == _("Contact directory") and "Åpne kanaler" in documents
    assert all("21.11.2026 17:42" in page and "Øyvik" in page for page in pages)
    crisis = " ".join(page for page, document in zip(pages, documents) if document == "Kriseledelsen")
    crisis = re.sub(r"(?<=[@.]) ", "", crisis)  # a long e-mail address wraps after an @ or a dot
    for words in ("Innkalling til kriserommet.", "Kari Ødegård", "912 34 567", "↳ Ola Ås", "Ring først", "Bjørn Åsland", "Åse Berg",
                  "Økonomisjef", _("No one holds this role."), "brann@oyvik.kommune.no", "Nødnett 2047102", "ØYVIK BRANN",
                  "Brannstasjonen, Åsvegen 2", _("No deputy registered.")):
        assert words in crisis, words
    assert crisis.index("Kari Ødegård") < crisis.index("↳ Ola Ås") < crisis.index("Bjørn Åsland") < crisis.index("Økonomisjef")
    directory = " ".join(page for page, document in zip(pages, documents) if document == _("Contact directory"))
    assert directory.index("Øyvik brann og redning") < directory.index("Øyvik kommune") < directory.index("Zara Ærø")
    assert _("Part of {organisation}").format(organisation="Øyvik kommune") in directory and "57 70 48 00" in directory
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else font["/FontDescriptor"]
            assert "DejaVu" in font["/BaseFont"] and "/FontFile2" in descriptor


def test_the_same_model_gives_the_same_bytes(store, ids):
    model = build_contact_printout(store, now=NOW)
    assert render_contact_printout(model) == render_contact_printout(model)
    assert render_contact_printout(model, "A5") != render_contact_printout(model)


def test_content_hashes_ignore_the_time_and_follow_a_changed_number(store, ids):
    def hashes(now):
        return {part.key: content_hash(part.content) for part in contact_parts(build_contact_printout(store, now=now))}

    before = hashes(NOW)
    assert hashes(NOW + timedelta(days=30)) == before
    contacts.save(store, replace(contacts.get(store, ids["ola"].id), work_mobile="+4791234599"))
    after = hashes(NOW)
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {f"alert-list:{ids['crisis'].id}", "directory"}  # Ola is on one list and in the directory


def test_an_empty_database_prints_pages_saying_so(store):
    model = build_contact_printout(store, now=NOW)
    assert [part.key for part in contact_parts(model)] == ["alert-lists", "directory"]
    pages = text_of(render_contact_printout(model))
    assert len(pages) == 2
    assert _("There are no alert lists.") in pages[0] and _("There are no contacts.") in pages[1]


def test_the_demo_prints_every_list_and_the_directory_with_numbered_pages(tmp_path):
    path = tmp_path / "demo.sqlite"
    load_demo(path)
    with open_store(path, read_only=True) as store:
        model = build_contact_printout(store, now=NOW)
        lists, people = alerts.count(store), contacts.count(store)
    assert len(model.alert_lists) == lists > 0
    assert sum(len(group.people) + (group.organisation is not None) for group in model.directory.groups) == people
    pages = text_of(render_contact_printout(model))
    footers = [re.search(r"· \S+ (\d+)/(\d+)", page).groups() for page in pages]
    starts = [index for index, (page, _pages) in enumerate(footers) if page == "1"]
    assert len(starts) == lists + 1  # every list and the directory start at page 1
    for start, end in zip(starts, starts[1:] + [len(pages)]):
        assert [int(page) for page, _pages in footers[start:end]] == list(range(1, end - start + 1))
        assert {int(total) for _page, total in footers[start:end]} == {end - start}


def test_a_list_without_members_says_so(store):
    alerts.save(store, AlertList("", "Tom liste", "Fylles ut senere."))
    pages = text_of(render_contact_printout(build_contact_printout(store, now=NOW)))
    assert "Tom liste" in pages[0] and _("This list has no members.") in pages[0]
