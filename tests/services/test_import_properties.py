"""Properties: random contacts with æøå survive export and import; no bytes crash the readers."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from beredskap_desktop.domain.contacts import Contact, OtherPhone
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.services.contact_import import plan_import
from beredskap_desktop.services.exporters.contacts import ExportedContact, write_csv, write_vcards, write_xlsx
from beredskap_desktop.services.importers import read_contacts
from beredskap_desktop.services.importers.records import field_label_keys, header_key
from beredskap_desktop.storage import contacts
from beredskap_desktop.storage.database import open_store

LETTERS = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅéü"
MOBILE_PREFIXES = ("40", "41", "46", "47", "48", "90", "91", "92", "93", "94", "95", "96", "97", "98", "99")
LANDLINE_PREFIXES = ("21", "22", "23", "24", "32", "33", "51", "52", "55", "56", "57", "61", "62", "63", "64", "67", "69", "70", "71", "73", "75", "77", "78")
ROLE_NAMES = ("Kriseleder", "Loggfører", "Økonomisjef", "IKT-leder", "Teknisk sjef / VA")
ORGANISATIONS = ("Testvik kommune", "Ål kommune", "Sivilforsvaret Øst-Finnmark")
ROUND_TRIP = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

words = st.text(alphabet=LETTERS, min_size=1, max_size=10)
names = st.lists(words, min_size=1, max_size=3).map(" ".join)
free_text = st.text(alphabet=LETTERS + "0123456789 ,;:.-'\"=+@/()«»\\", max_size=30).map(lambda text: " ".join(text.split()))
notes = st.lists(free_text, max_size=3).map("\n".join).map(str.strip)
emails = st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,8})?@[a-zæøå]{2,8}\.no", fullmatch=True)
mobiles = st.builds(lambda prefix, rest: f"+47{prefix}{rest:06d}", st.sampled_from(MOBILE_PREFIXES), st.integers(0, 999_999))
landlines = st.builds(lambda prefix, rest: f"+47{prefix}{rest:06d}", st.sampled_from(LANDLINE_PREFIXES), st.integers(0, 999_999))
foreign = st.builds(lambda rest: f"+4670{rest:07d}", st.integers(1_000_000, 9_999_999))
labels = st.text(alphabet=LETTERS + "0123456789 :-()", max_size=20).map(lambda text: " ".join(text.split())).filter(
    lambda text: header_key(text) not in field_label_keys("satellite_phone")
)


@st.composite
def people(draw) -> list[ExportedContact]:
    """A few people, each number and e-mail used once in the whole set."""
    taken: set[str] = set()

    def fresh(strategy):
        value = draw(strategy.filter(lambda v: v not in taken))
        taken.add(value)
        return value

    def maybe(strategy):
        return fresh(strategy) if draw(st.booleans()) else None

    result = []
    for _ in range(draw(st.integers(1, 4))):
        contact = Contact(
            id="", name=draw(names), position=draw(free_text), email=maybe(emails) or "",
            work_mobile=maybe(mobiles), work_landline=maybe(landlines), private_phone=maybe(mobiles),
            satellite_phone=draw(st.sampled_from([None, "+881631234567"])) if "+881631234567" not in taken else None,
            other_phones=tuple(OtherPhone(draw(labels), fresh(st.one_of(mobiles, landlines, foreign))) for _ in range(draw(st.integers(0, 3)))),
            nodnett_alias=draw(free_text), nodnett_issi=draw(st.sampled_from(["", "1", "16777215", "2345678"])),
            nodnett_talkgroups=draw(free_text), meeting_point=draw(free_text), availability=draw(free_text),
            notes=draw(notes), verified_by=draw(free_text),
        )
        if contact.satellite_phone:
            taken.add(contact.satellite_phone)
        organisation = draw(st.sampled_from(("",) + ORGANISATIONS))
        roles = tuple(draw(st.lists(st.sampled_from(ROLE_NAMES), unique=True, max_size=3)))
        result.append(ExportedContact(contact, organisation, None, roles))
    return result


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory):
    """An empty database; planning never writes, so every example can share it."""
    with open_store(tmp_path_factory.mktemp("db") / "tom.sqlite", create=True) as store:
        yield store


def essentials(contact: Contact, organisation: str, roles: tuple[str, ...]) -> tuple:
    return (
        contact.name, contact.position, organisation, roles, contact.email, contact.work_mobile,
        contact.work_landline, contact.private_phone, contact.satellite_phone, contact.other_phones,
        contact.nodnett_alias, contact.nodnett_issi, contact.nodnett_talkgroups, contact.meeting_point,
        contact.availability, contact.notes, contact.verified_by,
    )


def round_trip(store, exported: list[ExportedContact], writer, suffix: str) -> list[tuple]:
    buffer = io.BytesIO()
    writer(buffer, exported, True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"kontakter{suffix}"
        path.write_bytes(buffer.getvalue())
        plan = plan_import(store, read_contacts(path))
    assert plan.rejected == []
    organisations = {organisation.id: organisation.name for organisation in plan.new_organisations}
    role_names = {role.id: role.name for role in contacts.roles(store) + plan.new_roles}
    return [
        essentials(item.contact, organisations.get(item.contact.organisation_id, ""), tuple(role_names[r] for r in item.contact.role_ids))
        for item in plan.new
    ]


@pytest.mark.parametrize("writer, suffix", [(write_csv, ".csv"), (write_vcards, ".vcf"), (write_xlsx, ".xlsx")], ids=["csv", "vcard", "xlsx"])
@ROUND_TRIP
@given(exported=people())
def test_random_contacts_survive_a_round_trip(empty_store, writer, suffix, exported):
    expected = [essentials(item.contact, item.organisation, item.roles) for item in exported]
    assert round_trip(empty_store, exported, writer, suffix) == expected


def _workbook_bytes() -> bytes:
    book = Workbook()
    book.active.append(["Navn", "Mobil"])
    book.active.append(["Kari", 41234567])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PREFIXES = (
    b"", b"BEGIN:VCARD\r\nVERSION:2.1\r\n", b"BEGIN:VCARD\nVERSION:3.0\nFN:A\n", b"\xef\xbb\xbfNavn;Mobil;E-post\r\n",
    b"First Name,Last Name,Mobile Phone,Other Phone\r\n", b"PK\x03\x04", b"\xff\xfe", _workbook_bytes()[:300],
)
junk = st.one_of(
    st.binary(max_size=400),
    st.builds(lambda prefix, tail: prefix + tail, st.sampled_from(PREFIXES), st.binary(max_size=300)),
    st.builds(lambda prefix, tail: prefix + tail.encode("utf-8"), st.sampled_from(PREFIXES[:5]), st.text(max_size=300)),
)


@settings(max_examples=300, deadline=None, database=None)
@given(data=junk)
def test_arbitrary_bytes_raise_nothing_but_user_errors(empty_store, tmp_path_factory, data):
    path = tmp_path_factory.getbasetemp() / "junk.bin"
    path.write_bytes(data)
    try:
        records = read_contacts(path)
    except UserError as error:
        assert "junk.bin" in str(error)
        return
    plan_import(empty_store, records)  # whatever was read, planning never crashes
