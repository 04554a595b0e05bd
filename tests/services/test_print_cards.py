"""Action card sheets: the model (steps, who to notify, private numbers, filters), then the PDF."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from tests.pdf_text import page_texts
from beredskap_desktop.domain.alerts import AlertList, AlertMember
from beredskap_desktop.domain.cards import ActionCard, Phase, Step
from beredskap_desktop.domain.contacts import Contact, ContactType, OrgKind
from beredskap_desktop.i18n import _
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.services.card_selection import UnknownFilter
from beredskap_desktop.services.printing.cards import _qr, build_card_sheets, render_card_sheets
from beredskap_desktop.storage import alerts, cards, contacts, municipality
from beredskap_desktop.storage.database import open_store

NOW = datetime(2026, 11, 21, 16, 42, tzinfo=timezone.utc)  # 17:42 in Oslo


@pytest.fixture
def ids(store):
    """Øyvik: a list with a person, a role held by one and a role held by no one; three cards."""
    municipality.set_municipality(store, "Øyvik", "4699")
    fire = contacts.save(store, Contact("", "Øyvik brann og redning", ContactType.ORGANISATION, org_kind=OrgKind.FIRE,
                                        work_landline="+4757704000"))
    kari = contacts.save(store, Contact("", "Kari Ødegård", position="Brannsjef", organisation_id=fire.id,
                                        work_mobile="+4791234567", private_phone="+4741122334",
                                        nodnett_issi="2047102", nodnett_alias="ØYVIK BRANN"))
    bjorn = contacts.save(store, Contact("", "Bjørn Åsland", role_ids=("stabssjef",), work_landline="+4757704001",
                                         private_phone="+4798877665"))
    crisis = alerts.save(store, AlertList("", "Kriseledelsen", "", (
        AlertMember("", contact_id=kari.id), AlertMember("", role_id="stabssjef"), AlertMember("", role_id="okonomisjef"))))
    first = cards.save(store, ActionCard(
        "", "TK-01", "Første tiltak – kriseledelsen", "kriseleder", (), (Phase.ALERT,), "Melding om uønsket hendelse",
        "Sette kriseledelsen raskt", (
            Step("", "Varsle kriseledelsen på Øyvik rådhus", responsible_role_id="stabssjef",
                 notify_alert_list_id=crisis.id, deadline_minutes=30),
            Step("", "Ring brannsjefen", notify_contact_id=kari.id, deadline_minutes=90),
            Step("", "Før logg"),
        ), always_activate=True, approved_by="Kommunedirektør"), on=date(2026, 4, 1))
    flood = cards.save(store, ActionCard("", "TK-02", "Flom: sandsekker", "teknisk-va", ("flom",), (Phase.RESPONSE,),
                                         steps=(Step("", "Kjør ut sandsekker", notify_contact_id=fire.id),)), on=date(2026, 4, 1))
    slide = cards.save(store, ActionCard("", "TK-03", "Skred: evakuering", "kriseleder", ("skred",), (Phase.RESPONSE,),
                                         steps=(Step("", "Evakuer Ås"),)), on=date(2026, 4, 1))
    return {"kari": kari, "bjorn": bjorn, "fire": fire, "first": first, "flood": flood, "slide": slide}


def text_of(pdf: bytes) -> list[str]:
    return page_texts(pdf)


def test_a_sheet_has_the_steps_and_the_people_behind_lists_roles_and_contacts(store, ids):
    model = build_card_sheets(store, now=NOW)
    assert model.municipality == "Øyvik" and model.data_as_of == NOW
    assert [sheet.code for sheet in model.cards] == ["TK-01", "TK-02", "TK-03"]
    first = model.cards[0]
    assert (first.title, first.role, first.version, first.revised_at, first.always_activate) == (
        "Første tiltak – kriseledelsen", "Kriseleder", 1, date(2026, 4, 1), True)
    assert first.qr_value == f"BEREDSKAP:CARD:{ids['first'].id.upper()}:V1"
    code = _qr(first.qr_value, 24 * mm).qr
    code.make()
    assert code.getModuleCount() == 29  # alphanumeric mode: a version 3 code, larger modules than byte mode's 33
    assert [(s.number, s.responsible, s.deadline) for s in first.steps] == [
        (1, "Stabssjef", "T+30 min"), (2, "", "T+1 t 30 min"), (3, "", "")]
    listed = first.steps[0].notify
    assert listed.is_list and listed.name == "Kriseledelsen"
    assert [p.name for p in listed.people] == ["Kari Ødegård", "Bjørn Åsland", "Økonomisjef"]
    kari, bjorn, nobody = listed.people
    assert (kari.work_mobile, kari.nodnett, kari.detail) == ("912 34 567", "ISSI 2047102 (ØYVIK BRANN)", "Brannsjef, Øyvik brann og redning")
    assert (bjorn.work_landline, bjorn.detail) == ("57 70 40 01", "Stabssjef")
    assert nobody.work_mobile == nobody.work_landline == "" and nobody.detail
    assert first.steps[1].notify.people[0].contact_id == ids["kari"].id and not first.steps[1].notify.is_list
    assert [p.name for p in first.to_call] == ["Kari Ødegård", "Bjørn Åsland", "Økonomisjef"]  # each once
    assert model.cards[1].to_call[0].work_landline == "57 70 40 00"  # an organisation
    assert not any(p.private_phone for sheet in model.cards for p in sheet.to_call)
    assert not any(sheet.has_private_numbers for sheet in model.cards)


def test_private_numbers_only_when_asked_for(store, ids):
    model = build_card_sheets(store, include_private=True, now=NOW)
    assert [p.private_phone for p in model.cards[0].to_call] == ["411 22 334", "988 77 665", ""]
    assert model.cards[0].has_private_numbers and not model.cards[1].has_private_numbers
    private_text = " ".join(text_of(render_card_sheets(model)))
    plain_text = " ".join(text_of(render_card_sheets(build_card_sheets(store, now=NOW))))
    assert "411 22 334" in private_text and "411 22 334" not in plain_text
    mark = _("Contains personal data")
    assert mark.upper() in private_text and mark.upper() not in plain_text


def test_filters_by_role_and_incident_type_and_names_the_valid_ones(store, ids):
    def codes(**filters):
        return [sheet.code for sheet in build_card_sheets(store, now=NOW, **filters).cards]

    assert codes(incident_type="flom") == ["TK-01", "TK-02"]  # TK-01 is always activated
    assert codes(role="kriseleder") == ["TK-01", "TK-03"]
    assert codes(role="Teknisk sjef / VA") == ["TK-02"]
    assert codes(role="kriseleder", incident_type="skred") == ["TK-01", "TK-03"]
    assert codes(card_ids=[ids["slide"].id]) == ["TK-03"]
    with pytest.raises(UnknownFilter, match="flom"):
        build_card_sheets(store, incident_type="tsunami")
    with pytest.raises(UnknownFilter, match="kriseleder"):
        build_card_sheets(store, role="sjef")


def test_the_pdf_has_the_text_footers_per_card_and_embedded_fonts(store, ids):
    pdf = render_card_sheets(build_card_sheets(store, now=NOW))
    pages = text_of(pdf)
    assert len(pages) == 3
    for page, code in zip(pages, ("TK-01", "TK-02", "TK-03")):
        assert _("{label} · page {page}/{pages}").format(label=code, page=1, pages=1) in page
        assert "21.11.2026 17:42" in page and "Øyvik" in page
    first = pages[0]
    for words in ("Første tiltak – kriseledelsen", "Varsle kriseledelsen på Øyvik rådhus", "Kari Ødegård", "Bjørn Åsland",
                  "912 34 567", "ISSI 2047102", "T+30 min", "01.04.2026"):
        assert words in first, words
    assert first.count(_("Time ____________")) == first.count(_("Sign. ____________")) == 3
    assert "Evakuer Ås" in pages[2]
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"]["/Font"]
        assert fonts
        for font in fonts.values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else font["/FontDescriptor"]
            assert "DejaVu" in font["/BaseFont"] and "/FontFile2" in descriptor


def test_the_same_model_gives_the_same_bytes(store, ids):
    model = build_card_sheets(store, now=NOW)
    assert render_card_sheets(model) == render_card_sheets(model)
    assert render_card_sheets(model, "A5") != render_card_sheets(model)


def test_a_long_demo_card_numbers_its_own_pages_on_a4_and_a5(tmp_path):
    path = tmp_path / "demo.sqlite"
    load_demo(path)
    with open_store(path, read_only=True) as store:
        model = build_card_sheets(store, role="kriseleder", now=NOW)
    assert model.cards[0].code == "TK-01" and len(model.cards[0].steps) == 10
    for size in ("A4", "A5"):
        pages = text_of(render_card_sheets(model, size))
        footers = [re.search(r"(TK-\d+) · \S+ (\d+)/(\d+)", page).groups() for page in pages]
        first_card = [f for f in footers if f[0] == "TK-01"]
        assert len(first_card) > 1  # ten steps and a long list of people need more than one page
        assert [int(f[1]) for f in first_card] == list(range(1, len(first_card) + 1))
        assert {int(f[2]) for f in first_card} == {len(first_card)}
        assert footers[len(first_card)][1] == "1"  # the next card starts again at 1
        for page in pages[:len(first_card)]:  # a step runs over a page only when taller than one: no stray headings
            assert page.count(f"# {_('Step')} {_('Done')}") <= 1
        assert any("Etabler kriseledelsen på kriserommet, rådhuset 2. etg." in page for page in pages)


def test_no_matching_cards_is_one_page_saying_so(store):
    pages = text_of(render_card_sheets(build_card_sheets(store, now=NOW)))
    assert len(pages) == 1 and _("No action cards match.") in pages[0]
