"""Checking a printed action card sheet by the code under its QR code or by scanning it."""

from __future__ import annotations

import dataclasses

import pytest

from beredskap_desktop.domain.cards import ActionCard, Step
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.services.printing.cards import build_card_sheets
from beredskap_desktop.services.sheet_check import check_sheet, sheet_code
from beredskap_desktop.storage import cards


@pytest.fixture
def card(store):
    return cards.save(store, ActionCard("", "TK-03", "Flom: sandsekker", "kriseleder", ("flom",), steps=(Step("", "Kjør ut sandsekker"),)))


def test_the_printed_code_and_the_scanned_qr_code_of_a_current_sheet(store, card):
    sheet = build_card_sheets(store).cards[0]
    assert sheet_code(sheet.code, sheet.version) == "TK-03 v1"
    scanned = f"beredskap:card:{card.id}:v1"  # as sheets printed before the QR code went upper case hold it
    for text in ("TK-03 v1", " tk-03v1 ", "TK-03 · V1", sheet.qr_value, scanned, scanned.upper()):
        assert check_sheet(store, text).current, text


def test_a_replaced_sheet_names_the_current_version(store, card):
    printed = build_card_sheets(store).cards[0].qr_value
    cards.save(store, dataclasses.replace(card, steps=(Step("", "Kjør ut 500 sandsekker"),)))
    for text in (printed, "TK-03 v1"):
        result = check_sheet(store, text)
        assert not result.current and "2" in result.message and "TK-03" in result.message


def test_a_deleted_or_renamed_card_and_a_newer_sheet_are_not_current(store, card):
    assert not check_sheet(store, "TK-03 v7").current
    qr = build_card_sheets(store).cards[0].qr_value
    cards.save(store, dataclasses.replace(card, code="TK-30"))
    assert not check_sheet(store, "TK-03 v1").current  # no card has that code now
    assert check_sheet(store, "TK-30 v2").current  # a new code is printed content: a new version
    cards.delete(store, card.id)
    assert not check_sheet(store, qr).current


@pytest.mark.parametrize("text", ["", "TK-03", "hello world", "beredskap:card:123:v1"])
def test_unreadable_text_gets_a_clear_message(store, card, text):
    with pytest.raises(UserError, match="TK-03 v4"):
        check_sheet(store, text)
