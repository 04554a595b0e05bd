"""Snapshot manifests, their canonical bytes, the file layout and fingerprints."""

from __future__ import annotations

import dataclasses

import pytest

from beredskap_desktop.domain import snapshots
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import set_language

MANIFEST = snapshots.Manifest(
    format_version=1, municipality="Fjordvik kommune", kommunenummer="4699", schema=("m0001_create_municipality",),
    sequence=3, created_at="2026-11-21T12:00:00+00:00", source_device="laptop-1", data_as_of="2026-11-20T08:00:00+00:00",
    counts={"contact": 12, "alert_list": 2}, database_sha256="ab" * 32, database_size=4096, includes_private=False,
    public_key="cd" * 32,
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")


def test_canonical_bytes_are_sorted_compact_utf8_and_round_trip():
    data = snapshots.canonical_bytes(MANIFEST)
    assert data.startswith(b'{"counts":{"alert_list":2,"contact":12},"created_at"')
    assert b" " not in data.replace(b"Fjordvik kommune", b"")
    assert snapshots.parse_manifest(data) == MANIFEST
    assert snapshots.canonical_bytes(dataclasses.replace(MANIFEST, municipality="Åsvik")).count("Åsvik".encode()) == 1


@pytest.mark.parametrize("data", [b"not json", b"[]", b'{"format_version": 1}', b"\xff\xfe"])
def test_a_damaged_manifest_is_refused(data):
    with pytest.raises(UserError, match="manifest is damaged"):
        snapshots.parse_manifest(data)


def test_a_manifest_with_a_bad_hash_is_refused():
    data = snapshots.canonical_bytes(dataclasses.replace(MANIFEST, database_sha256="xyz"))
    with pytest.raises(UserError, match="manifest is damaged"):
        snapshots.parse_manifest(data)


def test_a_newer_format_is_refused_with_the_version():
    data = snapshots.canonical_bytes(dataclasses.replace(MANIFEST, format_version=2))
    with pytest.raises(UserError, match="format version 2"):
        snapshots.parse_manifest(data)


def test_pack_and_unpack():
    packed = snapshots.pack(b"{manifest}", b"s" * 64, b"database bytes")
    assert packed.startswith(snapshots.MAGIC)
    assert snapshots.unpack(packed) == (b"{manifest}", b"s" * 64, b"database bytes")


def test_another_file_and_a_cut_one_are_named():
    packed = snapshots.pack(b"{manifest}", b"s" * 64, b"")
    with pytest.raises(UserError, match="not a beredskap snapshot"):
        snapshots.unpack(b"SQLite format 3\0")
    for length in (len(snapshots.MAGIC) + 2, len(packed) - 1):
        with pytest.raises(UserError, match="truncated"):
            snapshots.unpack(packed[:length])


def test_fingerprint_is_sha256_of_the_raw_key_in_groups_to_read_aloud():
    hex_fingerprint = snapshots.fingerprint(b"\x00" * 32)
    assert hex_fingerprint == "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
    shown = snapshots.format_fingerprint(hex_fingerprint)
    assert shown.split() == [hex_fingerprint[i:i + 4] for i in range(0, 64, 4)]
    assert snapshots.parse_fingerprint(shown.upper()) == hex_fingerprint


@pytest.mark.parametrize("text", ["", "66687aad", "g" * 64])
def test_a_fingerprint_must_be_64_hex_digits(text):
    with pytest.raises(UserError, match="not a key fingerprint"):
        snapshots.parse_fingerprint(text)


def link(key: str, by: str) -> dict:
    return {"key": key * 32, "by": by * 32, "signed_at": "2026-11-21T12:00:00+00:00", "signature": "ee" * 64}


CHAIN = (link("b1", "a0"), link("c2", "b1"))  # a0 endorsed b1, b1 endorsed c2, which signs


def fp(hex_byte: str) -> str:
    return snapshots.fingerprint(bytes.fromhex(hex_byte * 32))


def valid(_link: dict) -> bool:
    """Every signature passes here: the services check Ed25519 signatures (tested there)."""
    return True


def test_the_chain_starts_at_the_trusted_key_nearest_the_signer():
    assert snapshots.chain_start(CHAIN, "c2" * 32, {fp("a0")}, valid) == fp("a0")
    assert snapshots.chain_start(CHAIN, "c2" * 32, {fp("a0"), fp("b1")}, valid) == fp("b1")
    assert snapshots.chain_start(CHAIN, "c2" * 32, {fp("c2"), fp("dd")}, valid) is None
    assert snapshots.chain_start((), "c2" * 32, {fp("a0")}, valid) is None


@pytest.mark.parametrize(("chain", "signer", "message"), [
    ((link("b1", "a0"), link("c2", "ff")), "c2", "broken at link 2 of 2: it is not signed by the key"),
    (CHAIN, "dd", "does not end at the key that signed it"),
    ((dict(link("b1", "a0"), extra="x"),), "b1", "broken at link 1 of 1: the link is damaged"),
    ((dict(link("b1", "a0"), key="B1" * 32),), "b1", "broken at link 1 of 1: the link is damaged"),
    ((dict(link("b1", "a0"), signature="ee"),), "b1", "broken at link 1 of 1: the link is damaged"),
])
def test_a_broken_chain_is_refused(chain, signer, message):
    with pytest.raises(UserError, match=message):
        snapshots.chain_start(chain, signer * 32, {fp("a0")}, valid)


def test_every_link_signature_is_checked():
    checked = []

    def all_but_the_last(one: dict) -> bool:
        checked.append(one["key"])
        return one["key"] != "c2" * 32

    with pytest.raises(UserError, match="broken at link 2 of 2: the signature does not match"):
        snapshots.chain_start(CHAIN, "c2" * 32, {fp("a0")}, all_but_the_last)
    assert checked == ["b1" * 32, "c2" * 32]


def test_the_endorsement_message_is_prefixed_canonical_json():
    message = snapshots.endorsement_message("b1" * 32, "a0" * 32, "2026-11-21T12:00:00+00:00")
    assert message == snapshots.ENDORSEMENT_PREFIX + ('{"by":"' + "a0" * 32 + '","key":"' + "b1" * 32
                                                      + '","signed_at":"2026-11-21T12:00:00+00:00"}').encode()
