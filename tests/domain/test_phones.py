"""Phone numbers: DOMAIN.md §11.1 and the phonenumbers facts in TOOLCHAIN.md."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.domain.phones import dial_string, format_phone, is_mobile, mobile_warning, normalise_phone

FIELD = "Work mobile"

# The 8-digit ranges phonenumbers (region NO) accepts in full; the numbering plan reserves
# more (4x, 50-57). 45 is mobile too, except 4536xxxx, which phonenumbers refuses.
MOBILE_PREFIXES = ("40", "41", "46", "47", "48", *(f"9{d}" for d in range(10)))
LANDLINE_PREFIXES = (
    "21", "22", "23", "24", "31", "32", "33", "35", "37", "38", "51", "52", "53", "55", "56", "57",
    "61", "62", "63", "64", "66", "67", "68", "69", *(f"7{d}" for d in range(10)),
)


@pytest.mark.parametrize(("raw", "e164"), [
    ("412 34 567", "+4741234567"),
    ("450 12 345", "+4745012345"),
    ("(+47) 934 56 789", "+4793456789"),
    ("0047 99 88 77 66", "+4799887766"),
    ("41234567", "+4741234567"),
    ("412.34.567", "+4741234567"),
    ("412-34-567", "+4741234567"),
    ("412\u00a034\u00a0567", "+4741234567"),  # non-breaking spaces, as pasted from a web page
    ("  +47 412 34 567  ", "+4741234567"),
])
def test_mobile_numbers_are_stored_in_e164(raw, e164):
    assert normalise_phone(raw, FIELD) == normalise_phone(e164, FIELD)
    assert normalise_phone(raw, FIELD).value == e164
    assert normalise_phone(raw, FIELD).warning == ""


@pytest.mark.parametrize(("raw", "e164"), [
    ("+47 22 33 44 55", "+4722334455"),
    ("22334456", "+4722334456"),
    ("55 12 34 56", "+4755123456"),
    ("800 12 345", "+4780012345"),
])
def test_landline_and_service_numbers_are_stored_in_e164(raw, e164):
    assert normalise_phone(raw, "Work landline").value == e164


@pytest.mark.parametrize(("value", "shown"), [
    ("+4741234567", "412 34 567"),
    ("+4799887766", "998 87 766"),
    ("+4722334455", "22 33 44 55"),
    ("+4780012345", "800 12 345"),
    ("110", "110"),
    ("112", "112"),
    ("113", "113"),
    ("116117", "116 117"),
    ("02800", "02800"),
    ("+46701234567", "+46 70 123 45 67"),
    (None, ""),
    ("", ""),
])
def test_display_form(value, shown):
    assert format_phone(value) == shown


@pytest.mark.parametrize(("raw", "stored"), [
    ("110", "110"), ("112", "112"), ("113", "113"), ("116 117", "116117"), ("02800", "02800"),
])
def test_short_numbers_are_kept_as_digits_for_organisations(raw, stored):
    assert normalise_phone(raw, "Work landline", allow_short=True) == normalise_phone(stored, "Work landline", allow_short=True)
    assert normalise_phone(raw, "Work landline", allow_short=True).value == stored


@pytest.mark.parametrize("raw", ["110", "112", "113", "116 117", "02800"])
def test_short_numbers_are_refused_for_persons(raw):
    with pytest.raises(FieldError) as caught:
        normalise_phone(raw, "Private phone")
    assert caught.value.field == "Private phone"
    assert "Private phone" in caught.value.message
    assert raw in caught.value.message


@pytest.mark.parametrize(("raw", "stored"), [
    ("４１２ ３４ ５６７", "+4741234567"),  # full-width digits, as some input methods type them
    ("٤١٢٣٤٥٦٧", "+4741234567"),
    ("1١٢", "112"),
    ("٠٢٨٠٠", "02800"),
])
def test_digits_of_other_scripts_are_stored_as_ascii_digits(raw, stored):
    assert normalise_phone(raw, "Work landline", allow_short=True).value == stored


@pytest.mark.parametrize("raw", ["1١٢", "٠٢٨٠٠"])
def test_short_numbers_in_other_digits_are_refused_for_persons(raw):
    with pytest.raises(FieldError, match="Private phone"):
        normalise_phone(raw, "Private phone")


def test_a_three_digit_number_not_in_use_is_refused_even_for_organisations():
    with pytest.raises(FieldError, match="Work landline"):
        normalise_phone("100", "Work landline", allow_short=True)


def test_foreign_numbers_are_accepted_with_a_warning_naming_the_field():
    checked = normalise_phone("+46 70 123 45 67", FIELD)
    assert checked.value == "+46701234567"
    assert FIELD in checked.warning
    assert "+46 70 123 45 67" in checked.warning


@pytest.mark.parametrize("raw", ["abc", "1234", "12345678901234", "+", "412 34 56x", "++4741234567", "0047"])
def test_bad_values_raise_a_field_error_naming_the_field(raw):
    with pytest.raises(FieldError) as caught:
        normalise_phone(raw, FIELD)
    assert FIELD in caught.value.message
    assert FIELD in str(caught.value)


@pytest.mark.parametrize("raw", ["", "   ", "\t\n"])
def test_empty_is_no_number(raw):
    assert normalise_phone(raw, FIELD) is None


def test_landline_in_a_mobile_field_warns():
    warning = mobile_warning("+4722334455", FIELD)
    assert FIELD in warning
    assert "22 33 44 55" in warning


@pytest.mark.parametrize("value", ["+4741234567", "+4793456789", "+46701234567", "110", "02800"])
def test_no_mobile_warning_for_mobiles_foreign_or_short_numbers(value):
    assert mobile_warning(value, FIELD) == ""


def test_is_mobile():
    assert is_mobile("+4741234567")
    assert is_mobile("+4799887766")
    assert not is_mobile("+4722334455")
    assert not is_mobile("+4780012345")
    assert not is_mobile("41234567")


@pytest.mark.parametrize(("value", "dialled"), [
    ("+4741234567", "41234567"), ("110", "110"), ("116117", "116117"), ("+46701234567", "+46701234567"),
])
def test_dial_string(value, dialled):
    assert dial_string(value) == dialled


def _decorated(prefix: str, rest: str, style: tuple[str, str]) -> str:
    country, separator = style
    digits = prefix + rest
    if prefix in MOBILE_PREFIXES:
        groups = (digits[:3], digits[3:5], digits[5:])
    else:
        groups = (digits[:2], digits[2:4], digits[4:6], digits[6:])
    return country + separator.join(groups)


number_styles = st.tuples(st.sampled_from(["", "+47", "+47 ", "0047 ", "(+47) "]), st.sampled_from(["", " ", ".", "-"]))
six_digits = st.text(alphabet="0123456789", min_size=6, max_size=6)


@given(st.sampled_from(MOBILE_PREFIXES + LANDLINE_PREFIXES), six_digits, number_styles)
def test_valid_numbers_round_trip_through_the_display_form(prefix, rest, style):
    raw = _decorated(prefix, rest, style)
    stored = normalise_phone(raw, FIELD)
    assert stored.value == "+47" + prefix + rest
    assert stored.warning == ""
    shown = format_phone(stored.value)
    assert normalise_phone(shown, FIELD) == stored
    shape = r"\d{3} \d{2} \d{3}" if prefix in MOBILE_PREFIXES else r"\d{2} \d{2} \d{2} \d{2}"
    assert re.fullmatch(shape, shown)
    assert is_mobile(stored.value) == (prefix in MOBILE_PREFIXES)


phone_like = st.text(alphabet=st.sampled_from("0123456789+()-. \u00a0") | st.characters(), max_size=20)


@given(phone_like, st.booleans())
@example("0٢٨٠٠", True)
def test_any_text_gives_a_number_none_or_a_field_error(raw, allow_short):
    try:
        checked = normalise_phone(raw, FIELD, allow_short=allow_short)
    except FieldError as error:
        assert FIELD in error.message
        return
    if checked is not None:
        assert re.fullmatch(r"\+[0-9]{7,15}|[0-9]{3,6}", checked.value, flags=re.ASCII)
        assert normalise_phone(checked.value, FIELD, allow_short=allow_short).value == checked.value
