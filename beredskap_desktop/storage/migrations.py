"""Schema migrations, applied in order through sqlite-utils' ``Migrations``.

Names are ``mNNNN_verb_noun`` and a landed migration is never edited. The names are
known without importing sqlite-utils, so opening an up-to-date database stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable

MIGRATION_SET = "beredskap_desktop"
MIGRATIONS_TABLE = "_sqlite_migrations"

STANDARD_ROLES = (
    ("kriseleder", "Kriseleder"),
    ("stabssjef", "Stabssjef"),
    ("loggforer", "Loggfører"),
    ("informasjonsleder", "Informasjonsleder"),
    ("beredskapskoordinator", "Beredskapskoordinator"),
    ("kommuneoverlege", "Kommuneoverlege"),
    ("ikt-leder", "IKT-leder"),
    ("ordforer", "Ordfører"),
    ("kommunedirektor", "Kommunedirektør"),
    ("eps-leder", "EPS-leder"),
    ("teknisk-va", "Teknisk sjef / VA"),
    ("hr-leder", "HR-leder"),
    ("okonomisjef", "Økonomisjef"),
)


def m0001_create_municipality(db) -> None:
    db["municipality"].create(
        {"id": str, "name": str, "kommunenummer": str, "created_at": str, "updated_at": str},
        pk="id", not_null={"name", "kommunenummer", "created_at", "updated_at"}, strict=True,
    )
    db["setting"].create({"key": str, "value": str}, pk="key", not_null={"value"}, strict=True)


def m0002_create_contacts(db) -> None:
    db["role"].create(
        {"id": str, "name": str, "sort_order": int},
        pk="id", not_null={"name", "sort_order"}, strict=True,
    )
    db["role"].insert_all(
        {"id": code, "name": name, "sort_order": index} for index, (code, name) in enumerate(STANDARD_ROLES)
    )
    db["contact"].create(
        {
            "id": str, "contact_type": str, "name": str, "position": str,
            "organisation_id": str, "org_kind": str,
            "work_mobile": str, "work_landline": str, "private_phone": str, "satellite_phone": str,
            "other_phones": str, "email": str,
            "nodnett_alias": str, "nodnett_issi": str, "nodnett_talkgroups": str,
            "deputy_id": str, "meeting_point": str, "availability": str, "notes": str,
            "verified_at": str, "verified_by": str,
            "search_text": str, "created_at": str, "updated_at": str,
        },
        pk="id",
        not_null={"contact_type", "name", "search_text", "created_at", "updated_at"},
        defaults={
            "position": "", "other_phones": "[]", "email": "", "nodnett_alias": "",
            "nodnett_issi": "", "nodnett_talkgroups": "", "meeting_point": "",
            "availability": "", "notes": "", "verified_by": "",
        },
        foreign_keys=[("organisation_id", "contact", "id"), ("deputy_id", "contact", "id")],
        strict=True,
    )
    db["contact"].create_index(["name"])
    db["contact"].create_index(["email"])
    db["contact"].create_index(["work_mobile"])
    db["contact"].create_index(["organisation_id"])
    db["contact"].create_index(["deputy_id"])
    db["contact_role"].create(
        {"contact_id": str, "role_id": str},
        pk=("contact_id", "role_id"),
        foreign_keys=[("contact_id", "contact", "id"), ("role_id", "role", "id")],
        strict=True,
    )
    db["contact_role"].create_index(["role_id"])
    db["contact"].enable_fts(["search_text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")


def m0003_create_alert_lists(db) -> None:
    db["alert_list"].create(
        {"id": str, "name": str, "purpose": str, "created_at": str, "updated_at": str},
        pk="id", not_null={"name", "created_at", "updated_at"}, defaults={"purpose": ""}, strict=True,
    )
    db["alert_list_member"].create(
        {
            "id": str, "alert_list_id": str, "position": int, "contact_id": str, "role_id": str,
            "method": str, "use_deputy": int, "note": str,
        },
        pk="id",
        not_null={"alert_list_id", "position", "method", "use_deputy"},
        defaults={"note": "", "use_deputy": 1},
        foreign_keys=[
            ("alert_list_id", "alert_list", "id"),
            ("contact_id", "contact", "id"),
            ("role_id", "role", "id"),
        ],
        strict=True,
    )
    db["alert_list_member"].create_index(["alert_list_id", "position"])
    db["alert_list_member"].create_index(["contact_id"])


def m0004_add_contact_sort_name(db) -> None:
    """A stored Norwegian sort key (æ, ø, å after z), so listing needs no sorting in Python."""
    from beredskap_desktop.domain.text import sort_key

    db["contact"].add_column("sort_name", str, not_null_default="")
    db.conn.executemany(
        "UPDATE contact SET sort_name = ? WHERE id = ?",
        [(sort_key(name), id_) for id_, name in db.conn.execute("SELECT id, name FROM contact").fetchall()],
    )
    # Covers what the contact table reads at start-up, in name order, without touching the rows.
    db["contact"].create_index(["sort_name", "org_kind", "organisation_id", "verified_at"], index_name="idx_contact_listing")


MIGRATIONS: tuple[Callable, ...] = (
    m0001_create_municipality,
    m0002_create_contacts,
    m0003_create_alert_lists,
    m0004_add_contact_sort_name,
)


def known_names() -> list[str]:
    return [step.__name__ for step in MIGRATIONS]


def apply(db) -> None:
    """Apply every pending migration to the sqlite-utils ``db``."""
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in MIGRATIONS:
        migrations()(step)
    migrations.apply(db)
