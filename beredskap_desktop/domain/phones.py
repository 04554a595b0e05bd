"""Phone numbers: validation, storage form and Norwegian display.

Ordinary numbers are stored in E.164 (``+4741234567``). Norwegian short numbers (110,
112, 113, 116 117, five-digit 0xxxx) cannot be dialled from abroad and are stored as
their digits; only organisations may have them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.i18n import _

_NORWAY = 47
_SHORT = re.compile(r"^(1\d{2}|116\d{3}|0\d{4})$", re.ASCII)
_JUNK = re.compile(r"[\s.\-/()]")


@dataclass(frozen=True)
class PhoneCheck:
    """A valid number in storage form, with a warning the user should see (or "")."""

    value: str
    warning: str = ""


def _digits_only(raw: str) -> str:
    """``raw`` without spaces and punctuation, digits of any script (٢, ２) as ASCII digits."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in _JUNK.sub("", raw))


def normalise_phone(raw: str, field: str, *, allow_short: bool = False) -> PhoneCheck | None:
    """Check ``raw`` for the field labelled ``field``; ``None`` when it is empty.

    Raises ``FieldError`` with a Norwegian (or English) message naming the field.
    """
    text = raw.strip()
    if not text:
        return None
    import phonenumbers  # imported on first use: it is not needed to start the program
    from phonenumbers import shortnumberinfo

    compact = _digits_only(text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if _SHORT.match(compact):
        if not allow_short:
            raise FieldError(field, _("{field}: short numbers such as {number} are only allowed for organisations.").format(field=field, number=text))
        parsed = phonenumbers.parse(compact, "NO")
        if not (shortnumberinfo.is_valid_short_number(parsed) or len(compact) == 5):
            raise FieldError(field, _("{field}: {number} is not a Norwegian short number in use.").format(field=field, number=text))
        return PhoneCheck(compact)
    if not re.fullmatch(r"\+?\d+", compact):
        raise FieldError(field, _("{field}: \"{number}\" is not a phone number. Use digits, optionally with +country code.").format(field=field, number=text))
    try:
        parsed = phonenumbers.parse(compact, "NO")
    except phonenumbers.NumberParseException:
        raise FieldError(field, _("{field}: \"{number}\" is not a phone number. Use digits, optionally with +country code.").format(field=field, number=text)) from None
    if not phonenumbers.is_valid_number(parsed):
        if parsed.country_code == _NORWAY:
            message = _("{field}: {number} is not a valid Norwegian number (8 digits, e.g. 412 34 567).")
        else:
            message = _("{field}: {number} is not a valid phone number.")
        raise FieldError(field, message.format(field=field, number=text))
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if parsed.country_code != _NORWAY:
        return PhoneCheck(e164, _("{field}: {number} is a foreign number. Check that it is right.").format(field=field, number=format_phone(e164)))
    return PhoneCheck(e164)


def is_mobile(value: str) -> bool:
    """True for a Norwegian mobile number (4x or 9x) in storage form."""
    return bool(re.fullmatch(r"\+47[49]\d{7}", value))


def mobile_warning(value: str, field: str) -> str:
    """A warning when a Norwegian landline sits in a mobile field (SMS will not reach it)."""
    if value.startswith("+47") and len(value) == 11 and not is_mobile(value):
        return _("{field}: {number} looks like a landline, so SMS will not reach it.").format(field=field, number=format_phone(value))
    return ""


def format_phone(value: str | None) -> str:
    """Norwegian display form: ``412 34 567`` (mobile), ``22 33 44 55`` (landline)."""
    if not value:
        return ""
    if not value.startswith("+"):
        return "116 117" if value == "116117" else value
    if value.startswith("+47") and len(value) == 11:
        n = value[3:]
        if n[0] in "489":
            return f"{n[:3]} {n[3:5]} {n[5:]}"
        return f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}"
    import phonenumbers

    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def dial_string(value: str) -> str:
    """What to put on the clipboard: the number as digits, ready to dial."""
    if value.startswith("+47") and len(value) == 11:
        return value[3:]
    return value

