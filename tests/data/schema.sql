-- index idx__sqlite_migrations_migration_set_name
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name" ON "_sqlite_migrations" (
    "migration_set",
    "name"
);

-- index idx_alert_list_member_alert_list_id_position
CREATE INDEX "idx_alert_list_member_alert_list_id_position" ON "alert_list_member" (
    "alert_list_id",
    "position"
);

-- index idx_alert_list_member_contact_id
CREATE INDEX "idx_alert_list_member_contact_id" ON "alert_list_member" (
    "contact_id"
);

-- index idx_contact_deputy_id
CREATE INDEX "idx_contact_deputy_id" ON "contact" (
    "deputy_id"
);

-- index idx_contact_email
CREATE INDEX "idx_contact_email" ON "contact" (
    "email"
);

-- index idx_contact_listing
CREATE INDEX "idx_contact_listing" ON "contact" (
    "sort_name",
    "org_kind",
    "organisation_id",
    "verified_at"
);

-- index idx_contact_name
CREATE INDEX "idx_contact_name" ON "contact" (
    "name"
);

-- index idx_contact_organisation_id
CREATE INDEX "idx_contact_organisation_id" ON "contact" (
    "organisation_id"
);

-- index idx_contact_role_role_id
CREATE INDEX "idx_contact_role_role_id" ON "contact_role" (
    "role_id"
);

-- index idx_contact_work_mobile
CREATE INDEX "idx_contact_work_mobile" ON "contact" (
    "work_mobile"
);

-- table _sqlite_migrations
CREATE TABLE "_sqlite_migrations" (
    "id" INTEGER PRIMARY KEY,
    "migration_set" TEXT,
    "name" TEXT,
    "applied_at" TEXT
);

-- table alert_list
CREATE TABLE "alert_list" (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "purpose" TEXT DEFAULT '',
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
) STRICT;

-- table alert_list_member
CREATE TABLE "alert_list_member" (
    "id" TEXT PRIMARY KEY,
    "alert_list_id" TEXT NOT NULL REFERENCES "alert_list"("id"),
    "position" INTEGER NOT NULL,
    "contact_id" TEXT REFERENCES "contact"("id"),
    "role_id" TEXT REFERENCES "role"("id"),
    "method" TEXT NOT NULL,
    "use_deputy" INTEGER NOT NULL DEFAULT 1,
    "note" TEXT DEFAULT ''
) STRICT;

-- table contact
CREATE TABLE "contact" (
    "id" TEXT PRIMARY KEY,
    "contact_type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" TEXT DEFAULT '',
    "organisation_id" TEXT REFERENCES "contact"("id"),
    "org_kind" TEXT,
    "work_mobile" TEXT,
    "work_landline" TEXT,
    "private_phone" TEXT,
    "satellite_phone" TEXT,
    "other_phones" TEXT DEFAULT '[]',
    "email" TEXT DEFAULT '',
    "nodnett_alias" TEXT DEFAULT '',
    "nodnett_issi" TEXT DEFAULT '',
    "nodnett_talkgroups" TEXT DEFAULT '',
    "deputy_id" TEXT REFERENCES "contact"("id"),
    "meeting_point" TEXT DEFAULT '',
    "availability" TEXT DEFAULT '',
    "notes" TEXT DEFAULT '',
    "verified_at" TEXT,
    "verified_by" TEXT DEFAULT '',
    "search_text" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL ,
    "sort_name" TEXT NOT NULL DEFAULT ''
) STRICT;

-- table contact_fts
CREATE VIRTUAL TABLE "contact_fts" USING FTS5 (
    "search_text",
    tokenize='unicode61 remove_diacritics 2',
    content="contact"
);

-- table contact_fts_config
CREATE TABLE 'contact_fts_config'(
    k PRIMARY KEY,
    v
) WITHOUT ROWID;

-- table contact_fts_data
CREATE TABLE 'contact_fts_data'(
    id INTEGER PRIMARY KEY,
    block BLOB
);

-- table contact_fts_docsize
CREATE TABLE 'contact_fts_docsize'(
    id INTEGER PRIMARY KEY,
    sz BLOB
);

-- table contact_fts_idx
CREATE TABLE 'contact_fts_idx'(
    segid,
    term,
    pgno,
    PRIMARY KEY(segid, term)
) WITHOUT ROWID;

-- table contact_role
CREATE TABLE "contact_role" (
    "contact_id" TEXT REFERENCES "contact"("id"),
    "role_id" TEXT REFERENCES "role"("id"),
    PRIMARY KEY ("contact_id", "role_id")
) STRICT;

-- table municipality
CREATE TABLE "municipality" (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kommunenummer" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
) STRICT;

-- table role
CREATE TABLE "role" (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "sort_order" INTEGER NOT NULL
) STRICT;

-- table setting
CREATE TABLE "setting" (
    "key" TEXT PRIMARY KEY,
    "value" TEXT NOT NULL
) STRICT;

-- trigger contact_ad
CREATE TRIGGER "contact_ad" AFTER DELETE ON "contact" BEGIN INSERT INTO "contact_fts" (
    "contact_fts",
    rowid,
    "search_text"
) VALUES(
    'delete',
    old.rowid,
    old."search_text"
); END;

-- trigger contact_ai
CREATE TRIGGER "contact_ai" AFTER INSERT ON "contact" BEGIN INSERT INTO "contact_fts" (
    rowid,
    "search_text"
) VALUES (
    new.rowid,
    new."search_text"
); END;

-- trigger contact_au
CREATE TRIGGER "contact_au" AFTER UPDATE ON "contact" BEGIN INSERT INTO "contact_fts" (
    "contact_fts",
    rowid,
    "search_text"
) VALUES(
    'delete',
    old.rowid,
    old."search_text"
); INSERT INTO "contact_fts" (
    rowid,
    "search_text"
) VALUES (
    new.rowid,
    new."search_text"
); END;

