"""Sample records for storage tests, shared with the child processes of the durability tests."""

from __future__ import annotations

from datetime import datetime, timezone

from beredskap_desktop.domain.alerts import AlertList, AlertMember, AlertMethod
from beredskap_desktop.domain.contacts import Contact, ContactType, OrgKind, OtherPhone
from beredskap_desktop.storage import contacts
from beredskap_desktop.storage.database import Store

VERIFIED_AT = datetime(2026, 3, 14, 9, 30, tzinfo=timezone.utc)


def organisation(name: str = "Fjordvik brann og redning") -> Contact:
    return Contact("", name, ContactType.ORGANISATION, org_kind=OrgKind.FIRE, work_landline="110")


def person(name: str, **fields) -> Contact:
    return Contact("", name, **fields)


def full_person(organisation_id: str, deputy_id: str) -> Contact:
    """A person with every field filled in, with storage-form values."""
    return Contact(
        id="",
        name="Kari Ødegård",
        contact_type=ContactType.PERSON,
        position="Kommunedirektør",
        organisation_id=organisation_id,
        org_kind=OrgKind.MUNICIPAL,
        role_ids=("kriseleder", "informasjonsleder"),
        work_mobile="+4741234567",
        work_landline="+4722334455",
        private_phone="+4799887766",
        satellite_phone="+881631234567",
        other_phones=(OtherPhone("Vakttelefon", "+4790000001"), OtherPhone("Hytte", "+4761234567")),
        email="kari.odegard@fjordvik.kommune.no",
        nodnett_alias="FJORDVIK KL 1",
        nodnett_issi="2040123",
        nodnett_talkgroups="SAMVIRKE 1, KOMMUNE-FJORDVIK",
        deputy_id=deputy_id,
        meeting_point="Rådhuset, kriserommet 2. etg.",
        availability="Hele døgnet; «hjemme» etter 16",
        notes="Linje én\nLinje to: æøå ÆØÅ",
        verified_at=VERIFIED_AT,
        verified_by="Per Beredskap",
    )


def save_full_person(store: Store) -> Contact:
    """Save an organisation, a deputy and a full person; return the person as saved."""
    org = contacts.save(store, organisation())
    deputy = contacts.save(store, person("Ola Stedfortreder", organisation_id=org.id))
    return contacts.save(store, full_person(org.id, deputy.id))


def alert_list(contact_ids: list[str], role_id: str = "kriseleder") -> AlertList:
    """A list with the contacts in order, a role between the first and the rest."""
    members = [AlertMember("", contact_id=contact_ids[0], method=AlertMethod.SMS, note="Først")]
    members.append(AlertMember("", role_id=role_id, method=AlertMethod.NODNETT, use_deputy=False))
    members += [AlertMember("", contact_id=c, method=AlertMethod.CALL) for c in contact_ids[1:]]
    return AlertList("", "Kriseledelsen", "Full mobilisering", tuple(members))
