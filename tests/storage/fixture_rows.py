"""The rows inside each committed fixture database, by the migration the fixture stops before.

The upgrade tests check that every one of them survives the upgrade unchanged.
"""

from __future__ import annotations

_CREATED = "2025-02-01T08:00:00+00:00"
_UPDATED = "2025-06-01T12:30:00+00:00"

FIXTURE_ROWS: dict[str, dict[str, list[dict]]] = {
    "m0003_create_alert_lists": {
        "municipality": [
            {"id": "9b0e7c1e-1111-4a6e-9a51-000000000001", "name": "Fjordvik", "kommunenummer": "4699",
             "created_at": _CREATED, "updated_at": _UPDATED},
        ],
        "setting": [{"key": "contact_stale_months", "value": "6"}],
        "contact": [
            {"id": "9b0e7c1e-2222-4a6e-9a51-000000000001", "contact_type": "organisation",
             "name": "Fjordvik brann og redning", "org_kind": "brann_redning", "work_landline": "110",
             "search_text": "fjordvik brann og redning 110", "created_at": _CREATED, "updated_at": _UPDATED},
            {"id": "9b0e7c1e-2222-4a6e-9a51-000000000002", "contact_type": "person", "name": "Kari Ødegård",
             "position": "Kommunedirektør", "organisation_id": "9b0e7c1e-2222-4a6e-9a51-000000000001",
             "org_kind": "kommunal_enhet", "work_mobile": "+4741234567", "work_landline": "+4722334455",
             "private_phone": "+4799887766", "satellite_phone": "+881631234567",
             "other_phones": '[{"label": "Vakttelefon", "number": "+4790000001"}]',
             "email": "kari@fjordvik.kommune.no", "nodnett_alias": "FJORDVIK KL 1", "nodnett_issi": "2040123",
             "nodnett_talkgroups": "SAMVIRKE 1", "deputy_id": None, "meeting_point": "Rådhuset",
             "availability": "Hele døgnet", "notes": "Linje én\nLinje to", "verified_at": _UPDATED,
             "verified_by": "Per Beredskap",
             "search_text": "kari odegard kommunedirektor kari@fjordvik.kommune.no fjordvik brann og redning "
                            "kriseleder 41234567 22334455",
             "created_at": _CREATED, "updated_at": _UPDATED},
        ],
        "contact_role": [{"contact_id": "9b0e7c1e-2222-4a6e-9a51-000000000002", "role_id": "kriseleder"}],
    },
}
