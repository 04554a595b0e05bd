"""The archive package of an incident: every file there, CSV as Norwegian Excel reads it with a
row per entry (enough to verify the chains again), the chain heads, written whole or not at all."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest

from beredskap_desktop.domain.callouts import AttemptResult
from beredskap_desktop.domain.contacts import Contact
from beredskap_desktop.domain.alerts import AlertList, AlertMember
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.log import LINK_COLUMNS, verify_chain
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services import archive
from beredskap_desktop.services.archive import export_archive, file_names
from beredskap_desktop.services.printing.incident import UnknownIncident
from beredskap_desktop.storage import alerts, callouts, contacts, log, sitreps
from tests.pdf_text import page_texts
from tests.services.test_print_incident import CONTENT, KARI, NOW, make_incident, minutes


def read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel needs to read UTF-8
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


@pytest.fixture
def made(store):
    made = make_incident(store, exercise=True)
    sitreps.create(store, made.incident.id, CONTENT, operator=KARI, now=minutes(60))
    sitreps.create(store, made.incident.id, CONTENT, operator=KARI, now=minutes(70))
    kari = contacts.save(store, Contact("", "Kari Ødegård", work_mobile="+4791234567"))
    listed = alerts.save(store, AlertList("", "Kriseledelsen", "", (AlertMember("", contact_id=kari.id),)))
    callout = callouts.start(store, made.incident.id, listed.id, device_id="laptop-1", operator=KARI, now=minutes(80))
    callouts.record_attempt(store, callout.id, callout.lines[0].id, AttemptResult.NO_ANSWER, device_id="laptop-1",
                            operator=KARI, at=minutes(81), now=minutes(81))
    callouts.record_attempt(store, callout.id, callout.lines[0].id, AttemptResult.REACHED, device_id="laptop-1",
                            operator=KARI, at=minutes(85), now=minutes(85))
    return made


def test_the_package_holds_every_file_and_says_what_each_is(store, made, tmp_path):
    folder = tmp_path / "arkiv"
    archived = export_archive(store, made.incident.id, folder, now=NOW)
    names = file_names()
    assert archived.folder == folder and archived.chains_verified
    assert sorted(archived.files) == sorted(names.values()) == sorted(path.name for path in folder.iterdir())
    readme = (folder / names["readme"]).read_text(encoding="utf-8")
    for name in archived.files[1:]:
        assert name in readme
    entries = log.entries(store, made.incident.id, limit=1000)
    heads = log.chains(store, made.incident.id)
    chains = (folder / names["chains"]).read_text(encoding="utf-8")
    for chain in heads:
        assert chain.head in readme and chain.head in chains
    assert ngettext("The chain is verified", "The chains are verified", 2) in chains and "Flom på Øyra" in readme and made.incident.id in readme
    log_pages = page_texts(folder / names["log-pdf"])
    assert all(_("EXERCISE") in page for page in log_pages)
    assert all(entry.text.split("\n")[0] in " ".join(log_pages) for entry in entries)
    assert "Evakuere Nedre Øyra" in " ".join(page_texts(folder / names["key-pdf"]))
    assert len(page_texts(folder / names["sitreps-pdf"])) == 2
    assert "Kriseledelsen" in page_texts(folder / names["callouts-pdf"])[0]
    assert "TK-01" in " ".join(page_texts(folder / names["actions-pdf"]))


def test_the_log_csv_has_a_row_per_entry_that_verifies_again(store, made, tmp_path):
    folder = tmp_path / "arkiv"
    export_archive(store, made.incident.id, folder, now=NOW)
    header, *rows = read_csv(folder / file_names()["log-csv"])
    entries = log.entries(store, made.incident.id, limit=1000)
    column = {name: header.index(name) for name in header}
    assert [row[column[_("Entry id")]] for row in rows] == [entry.id for entry in entries]
    assert [row[column[_("Text")]] for row in rows] == [entry.text for entry in entries]
    assert [row[column[_("No.")]] for row in rows] == [str(n) for n in range(1, len(entries) + 1)]
    correction = next(row for row in rows if row[column[_("Text")]] == "Rettelse: vannstanden var 3,4 m")
    assert correction[column[_("Corrects no.")]] == "3" and rows[2][column[_("Corrected by no.")]] == "5"
    assert correction[column[_("Corrects entry id")]] == made.first.id
    assert rows[2][column[_("Time of event")]] == "2026-11-21 17:05:00"  # Norwegian time, as Excel reads it
    decision = rows[3]
    assert (decision[column[_("Decided by")]], decision[column[_("Key event")]]) == ("Ordfører Bjørn Åsland", _("yes"))

    # The UTC times, codes and hashes are the values the hashes cover: the chains verify from the file alone.
    from_file = {
        "seq": _("Entry in chain"), "format": _("Format"), "prev_hash": _("Previous hash"), "hash": _("Hash"), "id": _("Entry id"),
        "device_id": _("Device"), "event_at": _("Time of event (UTC)"), "recorded_at": _("Recorded (UTC)"),
        "operator": _("Operator"), "role": _("Role"), "category": _("Category code"), "channel": _("Channel code"),
        "source": _("Source"), "text": _("Text"), "key_event": _("Key event"), "decided_by": _("Decided by"),
        "rationale": _("Rationale"), "corrects": _("Corrects entry id"),
    }

    def link(row):
        values = {name: row[column[heading]] for name, heading in from_file.items()}
        values.update(seq=int(values["seq"]), format=int(values["format"]), incident_id=made.incident.id,
                      key_event=values["key_event"] == _("yes"), channel=values["channel"] or None,
                      corrects=values["corrects"] or None)
        return tuple(values[name] for name in LINK_COLUMNS)

    for chain in log.chains(store, made.incident.id):
        links = sorted((link(row) for row in rows if row[column[_("Device")]] == chain.device_id), key=lambda l: l[0])
        result = verify_chain(links)
        assert result.valid and result.head == chain.head and result.count == chain.count

    key_header, *key_rows = read_csv(folder / file_names()["key-csv"])
    assert key_header == header and [row[0] for row in key_rows] == ["1", "4"]


def test_the_other_tables_have_a_row_per_report_attempt_and_action(store, made, tmp_path):
    folder = tmp_path / "arkiv"
    export_archive(store, made.incident.id, folder, now=NOW)
    names = file_names()
    header, *reports = read_csv(folder / names["sitreps-csv"])
    assert [row[0] for row in reports] == ["1", "2"] and reports[0][2] == "Statsforvalteren i Vestland"
    assert "Øyra uten strøm" in reports[0][header.index(_("Critical functions"))]
    header, *attempts = read_csv(folder / names["callouts-csv"])
    assert [row[header.index(_("Result"))] for row in attempts] == [AttemptResult.NO_ANSWER.label, AttemptResult.REACHED.label]
    assert {row[header.index(_("Person"))] for row in attempts} == {"Kari Ødegård"}
    header, *steps = read_csv(folder / names["actions-csv"])
    assert [row[header.index(_("Text"))] for row in steps] == ["Varsle kriseledelsen på Øyvik rådhus", "Før logg",
                                                                  "Åpne pårørendesenter"]


def test_an_empty_folder_is_used_a_full_one_or_a_file_refused(store, made, tmp_path):
    tmp_path = tmp_path / "ut"
    tmp_path.mkdir()
    empty = tmp_path / "tom"
    empty.mkdir()
    export_archive(store, made.incident.id, empty, now=NOW)
    assert (empty / file_names()["readme"]).exists()
    with pytest.raises(UserError, match="tom"):
        export_archive(store, made.incident.id, empty, now=NOW)
    (tmp_path / "fil").write_text("x")
    with pytest.raises(UserError):
        export_archive(store, made.incident.id, tmp_path / "fil", now=NOW)
    with pytest.raises(UnknownIncident):
        export_archive(store, "no-such-incident", tmp_path / "ny", now=NOW)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["fil", "tom"]


def test_a_failure_half_way_leaves_nothing_behind(store, made, tmp_path, monkeypatch):
    (tmp_path / "ut").mkdir()
    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(archive, "render_callouts", fail)
    with pytest.raises(UserError, match="No space left"):
        export_archive(store, made.incident.id, tmp_path / "ut" / "arkiv", now=NOW + timedelta(minutes=1))
    assert list((tmp_path / "ut").iterdir()) == []
