"""Contact fields: validation that names the field, and staleness."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beredskap_desktop.domain.contacts import (
    FIELD_LABELS, PHONE_FIELDS, TEXT_FIELDS, OtherPhone, check_fields, check_other_phones, is_stale, label,
)
from beredskap_desktop.domain.errors import FieldError


def errors_by_field(checked) -> dict[str, str]:
    return {error.field: error.message for error in checked.errors}


def test_every_field_has_a_label():
    assert set(TEXT_FIELDS) | set(PHONE_FIELDS) <= set(FIELD_LABELS)


def test_valid_person_is_cleaned():
    checked = check_fields({
        "name": "  Kari   Nordmann ", "position": "Kommunedirektør", "email": "kari@kommune.no",
        "work_mobile": "412 34 567", "work_landline": "22 33 44 55", "private_phone": "",
        "nodnett_issi": "1234567", "notes": "  Line one\nline two  ",
    }, is_organisation=False)
    assert checked.ok, checked.errors
    assert checked.warnings == []
    assert checked.values["name"] == "Kari Nordmann"
    assert checked.values["work_mobile"] == "+4741234567"
    assert checked.values["work_landline"] == "+4722334455"
    assert checked.values["private_phone"] is None
    assert checked.values["notes"] == "Line one\nline two"


def test_only_fields_present_are_checked():
    checked = check_fields({"email": "a@b.no"}, is_organisation=False)
    assert checked.ok
    assert set(checked.values) == {"email"}


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_name_is_required(name):
    checked = check_fields({"name": name}, is_organisation=False)
    assert not checked.ok
    assert label("name") in errors_by_field(checked)["name"]


@pytest.mark.parametrize("email", ["kari", "kari@", "kari@kommune", "@kommune.no", "kari @kommune.no", "a@b@c.no"])
def test_bad_email_names_the_field(email):
    checked = check_fields({"name": "Kari", "email": email}, is_organisation=False)
    message = errors_by_field(checked)["email"]
    assert label("email") in message
    assert email.strip() in message


@pytest.mark.parametrize("issi", ["1", "2040123", "16777215"])
def test_issi_within_24_bits_is_accepted(issi):
    assert check_fields({"nodnett_issi": issi}, is_organisation=False).ok


@pytest.mark.parametrize("issi", ["0", "16777216", "123456789", "abc", "-5", "12 34", "1.5", "²", "١٢٣"])
def test_issi_out_of_bounds_or_not_a_number_names_the_field(issi):
    checked = check_fields({"nodnett_issi": issi}, is_organisation=False)
    assert label("nodnett_issi") in errors_by_field(checked)["nodnett_issi"]


@pytest.mark.parametrize("field", PHONE_FIELDS)
def test_short_numbers_only_for_organisations(field):
    person = check_fields({field: "110"}, is_organisation=False)
    assert label(field) in errors_by_field(person)[field]
    organisation = check_fields({field: "110"}, is_organisation=True)
    assert organisation.ok
    assert organisation.values[field] == "110"


@pytest.mark.parametrize("field", PHONE_FIELDS)
def test_bad_phone_error_carries_the_field_name_and_label(field):
    checked = check_fields({field: "12ab"}, is_organisation=False)
    [error] = checked.errors
    assert isinstance(error, FieldError)
    assert error.field == field
    assert label(field) in error.message


def test_landline_in_the_mobile_field_warns_but_is_kept():
    checked = check_fields({"work_mobile": "22 33 44 55"}, is_organisation=False)
    assert checked.ok
    assert checked.values["work_mobile"] == "+4722334455"
    [warning] = checked.warnings
    assert label("work_mobile") in warning


def test_landline_in_the_landline_field_does_not_warn():
    assert check_fields({"work_landline": "22 33 44 55"}, is_organisation=False).warnings == []


def test_foreign_number_warns_with_the_field_label():
    checked = check_fields({"private_phone": "+46 70 123 45 67"}, is_organisation=False)
    assert checked.ok
    [warning] = checked.warnings
    assert label("private_phone") in warning


def test_several_errors_are_all_reported():
    checked = check_fields({"name": "", "email": "x", "work_mobile": "1"}, is_organisation=False)
    assert set(errors_by_field(checked)) == {"name", "email", "work_mobile"}


@given(st.dictionaries(st.sampled_from(TEXT_FIELDS + PHONE_FIELDS), st.text(max_size=20)), st.booleans())
def test_any_text_gives_values_or_field_errors(raw, is_organisation):
    checked = check_fields(raw, is_organisation=is_organisation)
    assert all(isinstance(error, FieldError) and error.field in raw for error in checked.errors)
    assert {error.field for error in checked.errors}.isdisjoint(checked.values.keys() & set(PHONE_FIELDS))


def test_other_phones_keep_their_labels():
    kept, errors, warnings = check_other_phones(
        [("Vakttelefon", "412 34 567"), ("", "22 33 44 55"), ("Hytte", "")], is_organisation=False,
    )
    assert kept == [OtherPhone("Vakttelefon", "+4741234567"), OtherPhone("", "+4722334455")]
    assert errors == [] and warnings == []


def test_other_phones_errors_name_the_label():
    kept, errors, _ = check_other_phones([("Vakttelefon", "abc"), ("Sentralbord", "113")], is_organisation=False)
    assert kept == []
    assert [error.field for error in errors] == ["other_phones", "other_phones"]
    assert "Vakttelefon" in errors[0].message
    assert "Sentralbord" in errors[1].message


def test_other_phones_short_numbers_for_organisations():
    kept, errors, _ = check_other_phones([("Nød", "113")], is_organisation=True)
    assert kept == [OtherPhone("Nød", "113")] and errors == []


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, 0, tzinfo=timezone.utc)


def test_never_verified_is_stale():
    assert is_stale(None, at(2026, 1, 1))


@pytest.mark.parametrize(("verified", "now", "stale"), [
    (at(2025, 1, 15), at(2025, 1, 15), False),
    (at(2025, 1, 15), at(2025, 12, 15), False),  # 11 months
    (at(2025, 1, 15), at(2026, 1, 15), False),  # exactly 12 months
    (at(2025, 1, 15), at(2026, 1, 16), True),
    (at(2025, 1, 15), at(2026, 2, 15), True),  # 13 months
    (at(2023, 3, 1), at(2024, 3, 1), False),  # 12 months spanning 29 February
    (at(2023, 3, 1), at(2024, 3, 2), True),
])
def test_stale_after_twelve_months_by_default(verified, now, stale):
    assert is_stale(verified, now) is stale


@pytest.mark.parametrize(("months", "now", "stale"), [
    (6, at(2025, 7, 15), False),
    (6, at(2025, 7, 16), True),
    (1, at(2025, 2, 15), False),
    (1, at(2025, 2, 16), True),
    (24, at(2026, 12, 15), False),
    (24, at(2027, 1, 16), True),
])
def test_stale_months_are_configurable(months, now, stale):
    assert is_stale(at(2025, 1, 15), now, months=months) is stale


def test_month_end_verification_is_due_at_the_end_of_the_shorter_month():
    assert not is_stale(at(2025, 1, 31), at(2025, 2, 28), months=1)
    assert is_stale(at(2025, 1, 31), at(2025, 3, 1), months=1)
