"""Contacts (persons and organisations): fields, kinds, validation and staleness."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from beredskap_desktop.domain.clock import add_months
from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.domain.phones import PhoneCheck, mobile_warning, normalise_phone
from beredskap_desktop.i18n import N_, _


class ContactType(str, Enum):
    PERSON = "person"
    ORGANISATION = "organisation"


class OrgKind(str, Enum):
    """What kind of organisation a contact belongs to (or is)."""

    MUNICIPAL = "kommunal_enhet"
    POLICE = "politi"
    FIRE = "brann_redning"
    HEALTH = "helse"
    COUNTY_GOVERNOR = "statsforvalter"
    CIVIL_DEFENCE = "sivilforsvaret"
    NEIGHBOUR = "nabokommune"
    VOLUNTEER = "frivillig"
    UTILITY = "forsyning"
    MEDIA = "media"
    OTHER = "annen"

    @property
    def label(self) -> str:
        return _(ORG_KIND_LABELS[self])


ORG_KIND_LABELS = {
    OrgKind.MUNICIPAL: N_("Municipal unit"),
    OrgKind.POLICE: N_("Police"),
    OrgKind.FIRE: N_("Fire and rescue"),
    OrgKind.HEALTH: N_("Health, AMK, out-of-hours clinic"),
    OrgKind.COUNTY_GOVERNOR: N_("County Governor"),
    OrgKind.CIVIL_DEFENCE: N_("Civil Defence"),
    OrgKind.NEIGHBOUR: N_("Neighbouring municipality"),
    OrgKind.VOLUNTEER: N_("Volunteer organisation"),
    OrgKind.UTILITY: N_("Utility (power, telecom, water)"),
    OrgKind.MEDIA: N_("Media"),
    OrgKind.OTHER: N_("Other"),
}

# Labels of the editable fields, used in forms, messages, import reports and exports.
FIELD_LABELS = {
    "name": N_("Name"),
    "position": N_("Position"),
    "organisation": N_("Organisation"),
    "org_kind": N_("Kind of organisation"),
    "roles": N_("Roles"),
    "work_mobile": N_("Work mobile"),
    "work_landline": N_("Work landline"),
    "private_phone": N_("Private phone"),
    "email": N_("E-mail"),
    "nodnett_alias": N_("Nødnett alias"),
    "nodnett_issi": N_("Nødnett ISSI"),
    "nodnett_talkgroups": N_("Nødnett talk groups"),
    "satellite_phone": N_("Satellite phone"),
    "deputy": N_("Deputy"),
    "meeting_point": N_("Meeting point"),
    "availability": N_("Availability"),
    "notes": N_("Notes"),
    "verified_at": N_("Verified"),
    "verified_by": N_("Verified by"),
    "other_phones": N_("Other numbers"),
}

PHONE_FIELDS = ("work_mobile", "work_landline", "private_phone", "satellite_phone")
TEXT_FIELDS = (
    "name", "position", "email", "nodnett_alias", "nodnett_issi", "nodnett_talkgroups",
    "meeting_point", "availability", "notes", "verified_by",
)
DEFAULT_STALE_MONTHS = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ISSI = re.compile(r"[0-9]{1,8}")
_ISSI_MAX = 2**24 - 1


def label(field_name: str) -> str:
    """The translated label of a contact field."""
    return _(FIELD_LABELS[field_name])


@dataclass(frozen=True)
class OtherPhone:
    """A number with a label the app has no field for (kept on import and export)."""

    label: str
    number: str


@dataclass(frozen=True)
class Contact:
    """A person or an organisation, with numbers in storage form."""

    id: str
    name: str
    contact_type: ContactType = ContactType.PERSON
    position: str = ""
    organisation_id: str | None = None
    org_kind: OrgKind | None = None
    role_ids: tuple[str, ...] = ()
    work_mobile: str | None = None
    work_landline: str | None = None
    private_phone: str | None = None
    satellite_phone: str | None = None
    other_phones: tuple[OtherPhone, ...] = ()
    email: str = ""
    nodnett_alias: str = ""
    nodnett_issi: str = ""
    nodnett_talkgroups: str = ""
    deputy_id: str | None = None
    meeting_point: str = ""
    availability: str = ""
    notes: str = ""
    verified_at: datetime | None = None
    verified_by: str = ""

    @property
    def is_organisation(self) -> bool:
        return self.contact_type is ContactType.ORGANISATION


@dataclass
class Checked:
    """The outcome of validating raw field values: clean values, errors and warnings."""

    values: dict[str, object] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_fields(raw: dict[str, str], *, is_organisation: bool) -> Checked:
    """Validate the raw text of a contact's fields, as typed or imported.

    Returns clean values for the fields present in ``raw`` (phones in storage form,
    empty strings as ``None`` for phones), plus every error and warning found.
    """
    result = Checked()
    for name in TEXT_FIELDS:
        if name in raw:
            result.values[name] = " ".join(raw[name].split()) if name != "notes" else raw[name].strip()
    if "name" in raw and not result.values["name"]:
        result.errors.append(FieldError("name", _("{field}: required.").format(field=label("name"))))
    email = result.values.get("email", "")
    if email and not _EMAIL.match(str(email)):
        result.errors.append(FieldError("email", _("{field}: \"{value}\" is not an e-mail address.").format(field=label("email"), value=email)))
    issi = str(result.values.get("nodnett_issi", ""))
    if issi and not (_ISSI.fullmatch(issi) and 0 < int(issi) <= _ISSI_MAX):
        result.errors.append(FieldError("nodnett_issi", _("{field}: must be a number of up to 8 digits (at most {max}).").format(field=label("nodnett_issi"), max=_ISSI_MAX)))
    for name in PHONE_FIELDS:
        if name not in raw:
            continue
        try:
            checked = normalise_phone(raw[name], label(name), allow_short=is_organisation)
        except FieldError as error:
            result.errors.append(FieldError(name, error.message))
            continue
        result.values[name] = checked.value if checked else None
        _note_warnings(result, checked, name)
    return result


def _note_warnings(result: Checked, checked: PhoneCheck | None, name: str) -> None:
    if checked is None:
        return
    if checked.warning:
        result.warnings.append(checked.warning)
    if name == "work_mobile":
        warning = mobile_warning(checked.value, label(name))
        if warning:
            result.warnings.append(warning)


def check_other_phones(pairs: list[tuple[str, str]], *, is_organisation: bool) -> tuple[list[OtherPhone], list[FieldError], list[str]]:
    """Validate labelled extra numbers; each keeps its label."""
    kept: list[OtherPhone] = []
    errors: list[FieldError] = []
    warnings: list[str] = []
    for number_label, number in pairs:
        field_label = f"{label('other_phones')} ({number_label})" if number_label else label("other_phones")
        try:
            checked = normalise_phone(number, field_label, allow_short=is_organisation)
        except FieldError as error:
            errors.append(FieldError("other_phones", error.message))
            continue
        if checked:
            kept.append(OtherPhone(number_label, checked.value))
            if checked.warning:
                warnings.append(checked.warning)
    return kept, errors, warnings


def is_stale(verified_at: datetime | None, now: datetime, months: int = DEFAULT_STALE_MONTHS) -> bool:
    """True when a contact was never verified or was verified more than ``months`` calendar
    months ago (verified 31 January, one month: due 28 February)."""
    return verified_at is None or verified_at < stale_cutoff(now, months)


def stale_cutoff(now: datetime, months: int = DEFAULT_STALE_MONTHS) -> datetime:
    """The moment ``months`` calendar months before ``now``; a verification older than this is stale."""
    return add_months(now, -months)
