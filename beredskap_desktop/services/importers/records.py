"""What every importer produces: one ``RawContact`` of raw text per contact in a file.

Also the small vocabulary shared by readers and the contact exporter: how headers and
labels are compared, how a phone label is sorted into a field, how the "Other numbers"
cell is written and read, and how a cell is kept from turning into a spreadsheet formula.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from functools import lru_cache

import phonenumbers

from beredskap_desktop.domain.contacts import FIELD_LABELS
from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.domain.phones import normalise_phone
from beredskap_desktop.domain.text import tokens
from beredskap_desktop.i18n import DOMAIN, LANGUAGES, N_
from beredskap_desktop.paths import resource_path

# The fields a file may give, by their names in ``domain.contacts.FIELD_LABELS``, plus
# ``contact_type`` (person or organisation).
RAW_FIELDS = (
    "contact_type", "name", "position", "organisation", "org_kind", "roles",
    "work_mobile", "work_landline", "private_phone", "satellite_phone", "email",
    "nodnett_alias", "nodnett_issi", "nodnett_talkgroups", "meeting_point", "availability",
    "notes", "verified_by",
)
PERSON, ORGANISATION = N_("Person"), N_("Organisation")
TYPE_HEADER = N_("Type")

# A cell starting with one of these would be a formula in a spreadsheet; the exporter
# puts an apostrophe in front and the readers take it away again.
_FORMULA_START = "=+-@'\t\r"
_OTHER_SEPARATOR = "; "


@dataclass
class RawContact:
    """One contact as a file gives it: raw text per field, extra numbers, and where it was."""

    where: str
    fields: dict[str, str] = field(default_factory=dict)
    other_phones: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def put(self, name: str, value: str) -> None:
        """Set a field unless it is already set (the first non-empty value wins)."""
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if value and not self.fields.get(name):
            self.fields[name] = value

    def add_phone(self, name: str | None, number_label: str, number: str) -> None:
        """A number for field ``name``; kept as a labelled extra number when that is taken."""
        number = _restore_plus(number.strip())
        if not number:
            return
        if name and not self.fields.get(name):
            self.fields[name] = number
        else:
            self.other_phones.append((" ".join(number_label.split()), number))

    def add_unsorted_phone(self, number_label: str, number: str) -> None:
        """A number without a kind: a mobile goes to work mobile, another valid one to work landline."""
        self.add_phone(guess_phone_field(number), number_label, number)

    @property
    def display_name(self) -> str:
        return self.fields.get("name") or self.fields.get("organisation", "")

    @property
    def is_empty(self) -> bool:
        return not any(self.fields.values()) and not self.other_phones


def _restore_plus(number: str) -> str:
    """Put back the ``+`` a spreadsheet drops from an international number (4741234567)."""
    return "+" + number if re.fullmatch(r"[1-9]\d{9,14}", number) else number


def header_key(text: str) -> str:
    """A header or label as compared: folded, punctuation and case ignored."""
    return " ".join(tokens(text))


@lru_cache(maxsize=None)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=resource_path("translations"), languages=[language], fallback=True)


@lru_cache(maxsize=None)
def spellings(message: str) -> frozenset[str]:
    """``message`` in English and in every language the app ships, as ``header_key``s."""
    texts = {message} | {_catalogue(language).gettext(message) for language in LANGUAGES}
    return frozenset(header_key(text) for text in texts)


def field_label_keys(name: str) -> frozenset[str]:
    """Every spelling of the label of contact field ``name``."""
    return spellings(FIELD_LABELS[name])


_PHONE_KINDS = (
    # (words in a label, field); the first match decides.
    ({"fax", "faks", "pager", "personsoker", "modem", "bbs", "video", "isdn", "textphone", "telex"}, None),
    ({"home", "privat", "private", "hjem", "hjemme"}, "private_phone"),
    ({"cell", "mobile", "mobil", "iphone", "mobiltelefon"}, "work_mobile"),
    ({"work", "arbeid", "jobb", "business"}, "work_landline"),
)


def phone_field_for(words: set[str]) -> str | None:
    """The field a number with these kind words (vCard TYPE, Google label) belongs in."""
    for kind_words, name in _PHONE_KINDS:
        if words & kind_words:
            return name
    return None


def guess_phone_field(number: str) -> str | None:
    """work_mobile for a mobile number, work_landline for another valid one (short numbers too), else None."""
    try:
        checked = normalise_phone(number, "", allow_short=True)
    except FieldError:
        return None
    if checked is None:
        return None
    if not checked.value.startswith("+"):
        return "work_landline"
    kind = phonenumbers.number_type(phonenumbers.parse(checked.value))
    if kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return "work_mobile"
    return "work_landline"


def join_other_phones(pairs: list[tuple[str, str]]) -> str:
    """``label: number; label: number`` for one spreadsheet cell (``;`` in labels becomes ``,``)."""
    return _OTHER_SEPARATOR.join(
        f"{label.replace(';', ',')}: {number}" if label else number for label, number in pairs
    )


def split_other_phones(text: str) -> list[tuple[str, str]]:
    """The (label, number) pairs of a cell written by ``join_other_phones`` (or typed so)."""
    pairs = []
    for piece in re.split(r"[;\n]", text):
        if piece.strip():
            number_label, separator, number = piece.rpartition(":")
            pairs.append((number_label.strip(), number.strip()) if separator else ("", piece.strip()))
    return pairs


def guard_formula(text: str) -> str:
    """``text`` as a spreadsheet shows it as text, never runs it as a formula."""
    return "'" + text if text and text[0] in _FORMULA_START else text


def unguard_formula(text: str) -> str:
    """Undo ``guard_formula``."""
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START else text
