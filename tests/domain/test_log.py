"""The log's hash chain: canonical bytes, sealing, and verification naming the first break."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from beredskap_desktop.domain.incidents import Incident, Severity, check_closing, check_incident
from beredskap_desktop.domain.log import (
    FORMATS, GENESIS, LINK_COLUMNS, Category, Channel, Draft, Operator, Reason, canonical_bytes, check_draft,
    entry_hash, iso_utc, seal, verify_chain, verify_chains,
)

T0 = datetime(2026, 11, 21, 16, 42, tzinfo=timezone.utc)
KARI = Operator("Kari Nordmann", "Loggfører")


def chain(texts, *, device="laptop-1", incident="incident-1", start=T0):
    """Entries sealed one after the other, as storage appends them."""
    entries, prev = [], GENESIS
    for number, text in enumerate(texts, start=1):
        entry = seal(Draft(text), entry_id=f"{device}-{number}", incident_id=incident, device_id=device, seq=number,
                     prev_hash=prev, recorded_at=start + timedelta(minutes=number), operator=KARI)
        entries.append(entry)
        prev = entry.hash
    return entries


def check(entries):
    return verify_chain([entry.link for entry in entries])


def reference_bytes(link) -> bytes:
    """The definition in the module docstring, written out the slow way."""
    version = link[1]
    obj = {name: unicodedata.normalize("NFC", v) if isinstance(v, str) else (bool(v) if name == "key_event" else v)
           for name, v in zip(LINK_COLUMNS, link) if name in FORMATS[version]}
    obj["format"] = version
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- Canonical bytes ---------------------------------------------------------------------

free_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
NORWEGIAN = st.sampled_from(["æøå ÆØÅ", "Ødegård", "Å\u030a", "e\u0301", "ﬁ", "\u212b", "\"\\\n\t\x00", "\n\u0303", "<\u0338", "日本", "🚒"])


@given(texts=st.lists(free_text | NORWEGIAN, min_size=11, max_size=11), key_event=st.booleans(),
       channel=st.none() | st.sampled_from([c.value for c in Channel]), corrects=st.none() | st.uuids().map(str))
def test_canonical_bytes_are_the_documented_json(texts, key_event, channel, corrects):
    link = (1, 1, GENESIS, "", *texts[:8], channel, *texts[8:10], key_event, texts[10], "grunn", corrects)
    assert canonical_bytes(link) == reference_bytes(link)
    assert canonical_bytes(link[:15] + (int(key_event),) + link[16:]) == reference_bytes(link)  # as SQLite stores it


@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",))) | NORWEGIAN)
def test_nfc_and_nfd_of_a_text_hash_the_same(text):
    nfc = chain([unicodedata.normalize("NFC", text) or "x"])[0]
    nfd = chain([unicodedata.normalize("NFD", text) or "x"])[0]
    assert nfc.hash == nfd.hash


def test_canonical_bytes_of_an_entry():
    entry = chain(["Vann i kjelleren på rådhuset"])[0]
    assert canonical_bytes(entry.link).decode() == (
        '{"category":"informasjon","channel":null,"corrects":null,"decided_by":"","device_id":"laptop-1",'
        '"event_at":"2026-11-21T16:43:00.000000+00:00","format":1,"id":"laptop-1-1","incident_id":"incident-1",'
        '"key_event":false,"operator":"Kari Nordmann","rationale":"","recorded_at":"2026-11-21T16:43:00.000000+00:00",'
        '"role":"Loggfører","source":"","text":"Vann i kjelleren på rådhuset"}'
    )
    assert entry.prev_hash == GENESIS == "0" * 64
    assert entry.hash == entry_hash(GENESIS, canonical_bytes(entry.link))


def test_timestamps_are_utc_whatever_zone_they_were_given_in():
    oslo = timezone(timedelta(hours=1))
    assert iso_utc(datetime(2026, 11, 21, 17, 42, tzinfo=oslo)) == "2026-11-21T16:42:00.000000+00:00"
    given_in_oslo = seal(Draft("x", event_at=datetime(2026, 11, 21, 17, 42, tzinfo=oslo)), entry_id="e", incident_id="i",
                         device_id="d", seq=1, prev_hash=GENESIS, recorded_at=T0, operator=KARI)
    given_in_utc = seal(Draft("x", event_at=datetime(2026, 11, 21, 16, 42, tzinfo=timezone.utc)), entry_id="e",
                        incident_id="i", device_id="d", seq=1, prev_hash=GENESIS, recorded_at=T0, operator=KARI)
    assert given_in_oslo.hash == given_in_utc.hash


def test_every_hashed_field_changes_the_hash():
    entry = seal(Draft("Evakuer sone 3", category=Category.DECISION, channel=Channel.MEETING, source="Stabsmøte",
                       key_event=True, decided_by="Ordfører", rationale="Flomvarsel rødt", corrects="earlier"),
                 entry_id="e", incident_id="i", device_id="d", seq=1, prev_hash=GENESIS, recorded_at=T0, operator=KARI)
    changed = {
        "id": "e2", "incident_id": "i2", "device_id": "d2", "event_at": T0 + timedelta(seconds=1),
        "recorded_at": T0 + timedelta(microseconds=1), "operator": "Ola", "role": "Stabssjef",
        "category": Category.ACTION, "channel": None, "source": "Politiet", "text": "Evakuer sone 4", "key_event": False,
        "decided_by": "Kriseleder", "rationale": "Skred", "corrects": None,
    }
    assert set(changed) == set(FORMATS[1])
    for field, value in changed.items():
        other = replace(entry, **{field: value})
        assert entry_hash(other.prev_hash, canonical_bytes(other.link)) != entry.hash, field
    assert entry_hash("1" * 64, canonical_bytes(entry.link)) != entry.hash


def test_seal_trims_and_normalises_the_texts():
    entry = seal(Draft("  Ode\u0301gard ringte \n"), entry_id="e", incident_id="i", device_id="d", seq=1,
                 prev_hash=GENESIS, recorded_at=T0, operator=Operator(" Kari ", " Loggfører "))
    assert (entry.text, entry.operator, entry.role) == ("Odégard ringte", "Kari", "Loggfører")
    assert entry.event_at == entry.recorded_at == T0


# --- Checking what the user wrote --------------------------------------------------------


def test_a_decision_needs_who_and_why():
    fields = {e.field for e in check_draft(Draft("Stenger skolen", category=Category.DECISION), KARI, T0)}
    assert fields == {"decided_by", "rationale"}
    assert check_draft(Draft("Stenger skolen", category=Category.DECISION, decided_by="Kriseleder", rationale="Ras"), KARI, T0) == []


def test_text_operator_and_a_future_time_are_checked():
    fields = {e.field for e in check_draft(Draft("  ", event_at=T0 + timedelta(hours=1)), Operator(""), T0)}
    assert fields == {"text", "operator", "event_at"}
    assert check_draft(Draft("Ringte", event_at=T0 + timedelta(minutes=4)), KARI, T0) == []
    with pytest.raises(ValueError):
        check_draft(Draft("x", event_at=datetime(2026, 1, 1)), KARI, T0)


def test_incident_checks_name_their_fields():
    incident = Incident("i", " ", ("flom", "ukjent"), Severity.RED, T0, "")
    fields = [e.field for e in check_incident(incident, {"flom", "skred"})]
    assert fields == ["title", "incident_types", "operator"]
    assert [e.field for e in check_incident(replace(incident, incident_types=()), {"flom"})][1] == "incident_types"
    assert check_incident(replace(incident, title="Flom", incident_types=("flom",), started_by="Kari"), {"flom"}) == []
    assert [e.field for e in check_closing("  ")] == ["evaluation_notes"]


# --- Verification ------------------------------------------------------------------------


def test_an_intact_chain_verifies_with_its_head():
    entries = chain(["Hendelse startet", "Strømmen borte", "Aggregat startet"])
    result = check(entries)
    assert result.valid
    assert (result.incident_id, result.device_id, result.count, result.head) == ("incident-1", "laptop-1", 3, entries[-1].hash)
    assert verify_chain([]).count == 0 and verify_chain([]).head == GENESIS


def test_a_changed_entry_is_named():
    entries = chain(["a", "b", "c", "d"])
    entries[2] = replace(entries[2], text="c, edited afterwards")
    broken = check(entries).first_broken
    assert (broken.entry_id, broken.seq, broken.reason) == ("laptop-1-3", 3, Reason.CHANGED)


def test_a_deleted_entry_is_a_gap():
    entries = chain(["a", "b", "c", "d"])
    del entries[1]
    broken = check(entries).first_broken
    assert (broken.entry_id, broken.reason) == ("laptop-1-3", Reason.MISSING)
    first_deleted = check(chain(["a", "b"])[1:]).first_broken
    assert (first_deleted.seq, first_deleted.reason) == (2, Reason.MISSING)


def test_reordered_entries_are_named():
    entries = chain(["a", "b", "c", "d", "e"])
    entries[2], entries[3] = entries[3], entries[2]
    broken = check(entries).first_broken
    assert (broken.entry_id, broken.reason) == ("laptop-1-4", Reason.REORDERED)
    # The numbers swapped instead (what an edit of the database does): still the first out of place.
    swapped = chain(["a", "b", "c", "d", "e"])
    swapped[2], swapped[3] = replace(swapped[3], seq=3), replace(swapped[2], seq=4)
    broken = check(swapped).first_broken
    assert (broken.entry_id, broken.reason) == ("laptop-1-4", Reason.REORDERED)


def test_an_entry_from_elsewhere_has_the_wrong_previous_hash():
    entries = chain(["a", "b", "c"])
    stranger = chain(["x", "y", "z"], start=T0 + timedelta(days=1))[2]
    entries[2] = replace(stranger, id="laptop-1-3")
    entries[2] = replace(entries[2], hash=entry_hash(entries[2].prev_hash, canonical_bytes(entries[2].link)))
    assert check(entries).first_broken.reason is Reason.WRONG_PREVIOUS


def test_an_unknown_format_is_named():
    entries = chain(["a", "b"])
    entries[1] = replace(entries[1], format_version=99)
    assert check(entries).first_broken.reason is Reason.UNKNOWN_FORMAT


def test_only_the_first_break_is_named_and_all_entries_counted():
    entries = chain(["a", "b", "c", "d", "e"])
    entries[1] = replace(entries[1], text="B")
    entries[3] = replace(entries[3], text="D")
    result = verify_chain(e.link for e in entries)
    assert (result.first_broken.seq, result.count, result.head) == (2, 5, entries[-1].hash)


def test_chains_of_several_devices_and_incidents_verify_separately():
    one, two = chain(["a", "b"], device="laptop-1"), chain(["c"], device="laptop-2")
    other_incident = chain(["d"], incident="incident-2")
    two[0] = replace(two[0], text="changed")
    results = list(verify_chains(e.link for e in [*one, *two, *other_incident]))
    assert [(r.incident_id, r.device_id, r.count, r.valid) for r in results] == [
        ("incident-1", "laptop-1", 2, True), ("incident-1", "laptop-2", 1, False), ("incident-2", "laptop-1", 1, True)]


@given(texts=st.lists(free_text | NORWEGIAN, min_size=1, max_size=8), data=st.data())
def test_any_single_change_breaks_the_chain_at_that_entry(texts, data):
    entries = chain(texts)
    assert check(entries).valid
    index = data.draw(st.integers(0, len(entries) - 1))
    new_text = data.draw(free_text | NORWEGIAN)
    assume(unicodedata.normalize("NFC", new_text) != entries[index].text)
    entries[index] = replace(entries[index], text=new_text)
    broken = check(entries).first_broken
    assert (broken.seq, broken.reason) == (index + 1, Reason.CHANGED)
