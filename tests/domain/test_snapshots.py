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
