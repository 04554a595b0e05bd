"""Incident printouts: the log (chain heads on every page, corrections both ways), situation
reports (one page when they fit), the activated cards and the board, call-outs; the model
first, then the PDF; ØVELSE on every page of an exercise."""

from __future__ import annotations

import io
import re
import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from beredskap_desktop.domain.actions import ActionStatus
from beredskap_desktop.domain.alerts import AlertList, AlertMember
from beredskap_desktop.domain.callouts import AttemptResult
from beredskap_desktop.domain.cards import ActionCard, Phase, Step
from beredskap_desktop.domain.contacts import Contact
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.incidents import Severity
from beredskap_desktop.domain.log import Category, Channel, Draft, Operator, Reason
from beredskap_desktop.domain.sitreps import (
    Casualties, CriticalFunction, FunctionState, FunctionStatus, SentVia, SitrepContent, SitrepStatus,
)
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services.card_selection import UnknownFilter
from beredskap_desktop.domain.log import grouped
from beredskap_desktop.services.printing.incident import UnknownIncident
from beredskap_desktop.services.printing.incident_callouts import build_callouts, render_callouts
from beredskap_desktop.services.printing.incident_cards import build_incident_cards, render_incident_cards
from beredskap_desktop.services.printing.incident_log import build_incident_log, key_events, render_incident_log
from beredskap_desktop.services.printing.printouts import Options, make
from beredskap_desktop.services.printing.sitrep import build_sitreps, render_sitreps
from beredskap_desktop.storage import actions, alerts, callouts, cards, contacts, incidents, log, municipality, sitreps
from tests.pdf_text import page_texts

T0 = datetime(2026, 11, 21, 16, 0, tzinfo=timezone.utc)  # 17:00 in Oslo
NOW = T0 + timedelta(hours=2)
KARI = Operator("Kari Ødegård", "Loggfører")
OLA = Operator("Ola Åsen", "Stabssjef")


def minutes(count: float) -> datetime:
    return T0 + timedelta(minutes=count)


def make_incident(store, *, exercise: bool = False) -> SimpleNamespace:
    """Øyvik: a card always activated, an incident with a log over two laptops: a message,
    a decision (a key event), a correction of the message, a call from next of kin."""
    municipality.set_municipality(store, "Øyvik", "4699")
    card = cards.save(store, ActionCard(
        "", "TK-01", "Første tiltak – kriseledelsen", "kriseleder", (), (Phase.ALERT,), "Melding om uønsket hendelse",
        "Sette kriseledelsen", (Step("", "Varsle kriseledelsen på Øyvik rådhus", deadline_minutes=30), Step("", "Før logg"),
                                Step("", "Åpne pårørendesenter", responsible_role_id="stabssjef", deadline_minutes=60)),
        always_activate=True), on=date(2026, 4, 1))
    incident = incidents.start(store, title="Flom på Øyra", incident_types=("flom",), severity=Severity.RED, device_id="laptop-1",
                               operator=KARI, location="Øyra", crisis_room="Rådhuset", exercise=exercise, now=T0)
    first = log.append(store, incident.id, Draft("Vannstanden ved Åsen bru er 3,2 m", channel=Channel.PHONE_IN, source="NVE",
                                                 event_at=minutes(5)), device_id="laptop-1", operator=KARI, now=minutes(20))
    decision = log.append(store, incident.id, Draft("Evakuere Nedre Øyra", category=Category.DECISION, key_event=True,
                                                    decided_by="Ordfører Bjørn Åsland", rationale="Prognosen viser 4,1 m kl. 22"),
                          device_id="laptop-1", operator=KARI, now=minutes(30))
    correction = log.append(store, incident.id, Draft("Rettelse: vannstanden var 3,4 m", corrects=first.id),
                            device_id="laptop-2", operator=OLA, now=minutes(40))
    kin = log.append(store, incident.id, Draft("Pårørende til beboer på Øyra sykehjem ringte", category=Category.NEXT_OF_KIN),
                     device_id="laptop-2", operator=OLA, now=minutes(45))
    return SimpleNamespace(incident=incident, card=card, first=first, decision=decision, correction=correction, kin=kin)


def tamper(db_path, sql: str, params: list) -> None:
    """Edit the file behind the program's back, as someone with a database tool could."""
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER log_entry_refuse_update")
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def fonts_embedded(pdf: bytes) -> bool:
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else font["/FontDescriptor"]
            if "DejaVu" not in font["/BaseFont"] or "/FontFile2" not in descriptor:
                return False
    return True


def footers(pages: list[str], label: str) -> list[tuple[int, int]]:
    return [tuple(map(int, re.search(re.escape(label) + r" · \S+ (\d+)/(\d+)", page).groups())) for page in pages]


# --- The log ----------------------------------------------------------------------------


def test_the_log_model_numbers_entries_by_event_time_and_links_corrections_both_ways(store):
    made = make_incident(store)
    model = build_incident_log(store, made.incident.id, now=NOW)
    assert (model.municipality, model.data_as_of, model.total, model.type_names) == ("Øyvik", NOW, 6, ("Flom",))
    assert [line.text.split("\n")[0] for line in model.lines][2:] == [
        "Vannstanden ved Åsen bru er 3,2 m", "Evakuere Nedre Øyra", "Rettelse: vannstanden var 3,4 m",
        "Pårørende til beboer på Øyra sykehjem ringte"]
    assert [line.number for line in model.lines] == [1, 2, 3, 4, 5, 6]
    message, decision = model.lines[2], model.lines[3]
    assert (message.event_at, message.recorded_at, message.channel, message.source) == (minutes(5), minutes(20), Channel.PHONE_IN, "NVE")
    assert (decision.decided_by, decision.rationale, decision.key_event) == ("Ordfører Bjørn Åsland", "Prognosen viser 4,1 m kl. 22", True)
    assert model.corrections == ((5, 3),) and model.corrects == {5: 3} and model.corrected_by == {3: (5,)}
    assert [(c.device_id, c.count, c.valid) for c in model.chains] == [("laptop-1", 4, True), ("laptop-2", 2, True)]
    assert model.chains[1].head == made.kin.hash and model.verified and model.next_of_kin
    only = key_events(model)
    assert only.key_events_only and only.total == 6
    assert [line.number for line in only.lines] == [1, 4]  # the start (a key event) and the decision
    with pytest.raises(UnknownIncident, match="Flom på Øyra"):
        build_incident_log(store, "no-such-incident")


def test_the_log_pdf_has_every_entry_and_the_chain_heads_on_every_page(store):
    made = make_incident(store)
    with log.immediate(store):  # 300 more entries, one with a text longer than a page
        for number in range(300):
            text = f"Melding {number}: sandsekker lagt ut ved Øyra skole"
            if number == 150:
                text = " ".join(f"ord{index}" for index in range(2500)) + " slutten på den lange meldingen"
            log.append_in_transaction(store, made.incident.id, Draft(text, event_at=minutes(50 + number)),
                                      device_id="laptop-1", operator=KARI, now=minutes(50 + number))
    model = build_incident_log(store, made.incident.id, now=NOW)
    pdf = render_incident_log(model)
    pages = page_texts(pdf)
    assert len(pages) > 10
    laptop_1, laptop_2 = model.chains
    assert laptop_1.count == 304
    for page in pages:
        assert ngettext("The chain is verified", "The chains are verified", 2) in page
        assert grouped(laptop_1.head[:16]) in page and grouped(laptop_2.head[:16]) in page
        assert "INNEHOLDER PERSONOPPLYSNINGER".casefold() in page.casefold()  # the next-of-kin entry
    assert footers(pages, _("Log")) == [(number, len(pages)) for number in range(1, len(pages) + 1)]
    text = " ".join(pages)
    for words in ("Flom på Øyra", "Vannstanden ved Åsen bru er 3,2 m", "★ Evakuere Nedre Øyra", "Ordfører Bjørn Åsland",
                  "Prognosen viser 4,1 m kl. 22", "Kari Ødegård", "Ola Åsen", "Melding 0:", "Melding 299:", "ord2499 slutten",
                  _("Corrects no. {number}").format(number=3), _("Corrected by no. {number}").format(number=5),
                  _("rec. {time}").format(time="17:20"), "laptop-2 #1", _("(cont.)")):
        assert words in text, words
    assert all(f"Melding {number}:" in text for number in range(300) if number != 150)
    for chain in model.chains:  # the final section: every head in full, in two lines of groups of eight
        head = grouped(chain.head, 8)
        assert head[:35] in text and head[36:] in text
    assert _("EXERCISE") not in text
    assert fonts_embedded(pdf)
    assert render_incident_log(model) == pdf


def test_a_tampered_log_prints_broken_in_red_on_every_page(store, db_path):
    made = make_incident(store)
    tamper(db_path, "UPDATE log_entry SET text = 'Vannstanden er 2 m' WHERE id = ?", [made.first.id])
    model = build_incident_log(store, made.incident.id, now=NOW)
    broken = model.chains[0]
    assert not model.verified and broken.broken.reason is Reason.CHANGED and broken.broken_number == 3
    assert model.chains[1].valid
    pages = page_texts(render_incident_log(model))
    message = _("BROKEN: first broken entry no. {number} (device {device}, entry {seq} of its chain): {reason}").format(
        number=3, device="laptop-1", seq=3, reason=Reason.CHANGED.label)
    assert all(message in page for page in pages)
    assert ngettext("The chain is verified", "The chains are verified", 2) not in " ".join(pages)
    marked = " ".join(("Vannstanden er 2 m", _("Corrected by no. {number}").format(number=5),
                       _("BROKEN: the chain breaks at this entry")))
    assert marked in pages[0]


def test_every_page_of_an_exercise_carries_the_watermark(store):
    made = make_incident(store, exercise=True)
    with log.immediate(store):
        for number in range(120):
            log.append_in_transaction(store, made.incident.id, Draft(f"Øvingsmelding {number}"), device_id="laptop-1",
                                      operator=KARI, now=minutes(60 + number))
    sitreps.create(store, made.incident.id, SitrepContent(situation="Øvelse"), operator=KARI, now=minutes(90))
    for pdf in (render_incident_log(build_incident_log(store, made.incident.id, now=NOW)),
                render_sitreps(build_sitreps(store, made.incident.id, now=NOW)),
                render_incident_cards(build_incident_cards(store, made.incident.id, now=NOW)),
                render_callouts(build_callouts(store, made.incident.id, now=NOW))):
        pages = page_texts(pdf)
        assert pages and all(_("EXERCISE") in page for page in pages)


# --- Situation reports ------------------------------------------------------------------


CONTENT = SitrepContent(
    report_to="Statsforvalteren i Vestland", contact_name="Kari Ødegård", contact_phone="+4741234567",
    contact_email="kari@oyvik.kommune.no", situation="Elva har gått over sine bredder på Øyra.",
    casualties=Casualties(dead=0, injured=2, evacuated=140, missing=None),
    functions=(FunctionStatus(CriticalFunction.POWER, FunctionState.OUT, "Øyra uten strøm"),
               FunctionStatus(CriticalFunction.ROADS, FunctionState.REDUCED, "Fv. 57 stengt ved Åsen")),
    measures_taken="EPS åpnet på Øyvik skole.", planned_measures="Evakuere Øvre Øyra kl. 20.", needs="Pumper fra Sivilforsvaret.",
    communication="Pressemelding kl. 15.", other="Ingen andre forhold.", next_report_at=minutes(300),
)


def test_a_normal_report_is_one_page_with_every_field(store):
    made = make_incident(store)
    report = sitreps.create(store, made.incident.id, CONTENT, operator=KARI, now=minutes(60))
    sitreps.approve(store, report.id, approver=Operator("Bjørn Åsland", "Ordfører"), device_id="laptop-1", operator=KARI, now=minutes(70))
    sitreps.mark_sent(store, report.id, SentVia.DSB_CIM, device_id="laptop-1", operator=KARI, now=minutes(75))
    model = build_sitreps(store, made.incident.id, now=NOW)
    [printed] = model.reports
    assert (printed.number, printed.status, model.municipality_number) == (1, SitrepStatus.SENT, "4699")
    pages = page_texts(render_sitreps(model))
    assert len(pages) == 1
    page = pages[0]
    for words in ("Statsforvalteren i Vestland", "Kari Ødegård, 412 34 567, kari@oyvik.kommune.no", "Øyvik (4699)",
                  "Elva har gått over sine bredder på Øyra.", "140", _("unknown"), "Øyra uten strøm", "Fv. 57 stengt ved Åsen",
                  FunctionState.OUT.label, _("Not assessed"), "EPS åpnet på Øyvik skole.", "Evakuere Øvre Øyra kl. 20.",
                  "Pumper fra Sivilforsvaret.", "Pressemelding kl. 15.", "Ingen andre forhold.", "22:00",
                  "Bjørn Åsland (Ordfører)", SentVia.DSB_CIM.label, "18:15", CriticalFunction.SCHOOLS.label):
        assert words in page, words
    assert footers(pages, _("Situation report {number}").format(number=1)) == [(1, 1)]
    assert SitrepStatus.DRAFT.label.upper() not in page and _("Not approved") not in page


def test_a_draft_is_stamped_and_a_long_report_runs_over_saying_so(store):
    made = make_incident(store)
    sitreps.create(store, made.incident.id, CONTENT, operator=KARI, now=minutes(60))
    long = replace(CONTENT, situation="Situasjonen på Øyra. " * 450 + "Slutt på situasjonen.")
    sitreps.create(store, made.incident.id, long, operator=KARI, now=minutes(61))
    draft = page_texts(render_sitreps(build_sitreps(store, made.incident.id, number=1, now=NOW)))
    assert len(draft) == 1 and SitrepStatus.DRAFT.label.upper() in draft[0] and _("Not approved") in draft[0]
    pages = page_texts(render_sitreps(build_sitreps(store, made.incident.id, now=NOW)))
    assert len(pages) >= 2
    assert all(_("Continues on the next page →") in page for page in pages[:-1])
    assert _("Continues on the next page →") not in pages[-1]
    assert footers(pages, _("Situation report {number}").format(number=2)) == [(n, len(pages)) for n in range(1, len(pages) + 1)]
    text = " ".join(pages)
    assert "Slutt på situasjonen." in text and "Ingen andre forhold." in text


def test_reports_to_print_are_chosen_by_number(store):
    made = make_incident(store)
    with pytest.raises(UserError):
        build_sitreps(store, made.incident.id)
    for _number in range(3):
        sitreps.create(store, made.incident.id, CONTENT, operator=KARI, now=minutes(60))
    assert [r.number for r in build_sitreps(store, made.incident.id, now=NOW).reports] == [3]
    assert [r.number for r in build_sitreps(store, made.incident.id, number=2, now=NOW).reports] == [2]
    assert [r.number for r in build_sitreps(store, made.incident.id, every=True, now=NOW).reports] == [1, 2, 3]
    with pytest.raises(UnknownFilter, match="1, 2, 3"):
        build_sitreps(store, made.incident.id, number=7)


# --- Activated cards and the board ------------------------------------------------------


def test_activated_cards_with_status_and_the_board(store):
    made = make_incident(store)
    steps = actions.list_for(store, made.incident.id)
    actions.change(store, steps[0].id, status=ActionStatus.DONE, assignee="Per Ås", comment="Alle møtt på Øyvik rådhus",
                   device_id="laptop-1", operator=KARI, now=minutes(20))
    actions.change(store, steps[1].id, status=ActionStatus.NOT_RELEVANT, device_id="laptop-1", operator=KARI, now=minutes(25))
    actions.add_ad_hoc(store, made.incident.id, "Skaffe aggregat til sykehjemmet", assignee="Åse Berg",
                       device_id="laptop-1", operator=KARI, now=minutes(26))
    model = build_incident_cards(store, made.incident.id, now=NOW)
    first, ad_hoc = model.cards
    assert (first.code, first.title, first.version, first.role) == ("TK-01", "Første tiltak – kriseledelsen", 1, "Kriseleder")
    assert [a.status for a in first.actions] == [ActionStatus.DONE, ActionStatus.NOT_RELEVANT, ActionStatus.NOT_STARTED]
    assert (first.progress.done, first.progress.not_relevant, first.progress.open, first.progress.overdue) == (1, 1, 1, 1)
    assert ad_hoc.ad_hoc and [a.text for a in ad_hoc.actions] == ["Skaffe aggregat til sykehjemmet"]
    assert [a.text for a in model.not_done] == ["Åpne pårørendesenter", "Skaffe aggregat til sykehjemmet"]
    assert model.overdue(first.actions[2]) and (model.board.total.total, model.board.total.done) == (4, 1)
    pdf = render_incident_cards(model)
    pages = page_texts(pdf)
    board, card_page, ad_hoc_page = pages
    for words in ("Flom på Øyra", "TK-01 Første tiltak – kriseledelsen", "Kriseleder", "Stabssjef", "Åpne pårørendesenter",
                  "Skaffe aggregat til sykehjemmet", _("OVERDUE"), _("Assigned to {name}").format(name="Åse Berg")):
        assert words in board, words
    for words in ("Varsle kriseledelsen på Øyvik rådhus", "Per Ås", "Alle møtt på Øyvik rådhus", ActionStatus.DONE.label,
                  ActionStatus.NOT_RELEVANT.label, _("Done {time}").format(time="17:20"), _("Responsible: {role}").format(role="Stabssjef"),
                  _("Deadline: {deadline}").format(deadline=_("{deadline} (at {time})").format(deadline="T+1 t", time="18:00"))):
        assert words in card_page, words
    assert "Skaffe aggregat til sykehjemmet" in ad_hoc_page
    assert footers(pages[1:2], "TK-01") == [(1, 1)] and fonts_embedded(pdf)
    assert len(page_texts(render_incident_cards(model, with_cards=False))) == 1


# --- Call-outs --------------------------------------------------------------------------


def test_callouts_show_every_attempt_and_who_is_not_reached(store):
    made = make_incident(store)
    kari = contacts.save(store, Contact("", "Kari Ødegård", work_mobile="+4791234567"))
    bjorn = contacts.save(store, Contact("", "Bjørn Åsland", work_mobile="+4798877665"))
    listed = alerts.save(store, AlertList("", "Kriseledelsen", "", (AlertMember("", contact_id=kari.id), AlertMember("", contact_id=bjorn.id))))
    callout = callouts.start(store, made.incident.id, listed.id, device_id="laptop-1", operator=KARI, now=minutes(10))
    callouts.record_attempt(store, callout.id, callout.lines[0].id, AttemptResult.REACHED, note="Kommer straks",
                            device_id="laptop-1", operator=KARI, at=minutes(12), now=minutes(12))
    callouts.record_attempt(store, callout.id, callout.lines[1].id, AttemptResult.NO_ANSWER, device_id="laptop-1",
                            operator=KARI, at=minutes(13), now=minutes(13))
    model = build_callouts(store, made.incident.id, now=NOW)
    [(printed, status)] = model.callouts
    assert printed.list_name == "Kriseledelsen" and status.reached_count == 1
    [page] = page_texts(render_callouts(model))
    for words in ("Kriseledelsen", "Kari Ødegård", "912 34 567", "17:12", AttemptResult.REACHED.label, "Kommer straks",
                  "Bjørn Åsland", AttemptResult.NO_ANSWER.label, _("NOT REACHED")):
        assert words in page, words


# --- The registry -----------------------------------------------------------------------


def test_the_printouts_registry_prints_an_incident_by_id(store):
    made = make_incident(store)
    sitreps.create(store, made.incident.id, CONTENT, operator=KARI, now=minutes(60))
    for what in ("log", "sitrep", "incident-cards", "board", "callouts"):
        printed = make(store, what, Options(incident=made.incident.id))
        assert printed.pdf.startswith(b"%PDF") and "Flom på Øyra" in printed.summary and not printed.personal_data
    library = make(store, "cards", Options())
    activated = make(store, "cards", Options(incident=made.incident.id))
    assert _("Action board") in page_texts(activated.pdf)[0] and _("Action board") not in page_texts(library.pdf)[0]
    with pytest.raises(UnknownFilter):
        make(store, "log", Options())
    with pytest.raises(UnknownFilter):
        make(store, "sitrep", Options(incident="no-such-incident"))
