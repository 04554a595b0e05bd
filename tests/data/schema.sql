-- index idx__sqlite_migrations_migration_set_name
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name" ON "_sqlite_migrations" (
    "migration_set",
    "name"
);

-- index idx_action_card_code
CREATE UNIQUE INDEX "idx_action_card_code" ON "action_card" (
    "code"
);

-- index idx_action_card_incident_type_incident_type
CREATE INDEX "idx_action_card_incident_type_incident_type" ON "action_card_incident_type" (
    "incident_type"
);

-- index idx_action_card_plan_id
CREATE INDEX "idx_action_card_plan_id" ON "action_card" (
    "plan_id"
);

-- index idx_action_card_step_card_id_position
CREATE INDEX "idx_action_card_step_card_id_position" ON "action_card_step" (
    "card_id",
    "position"
);

-- index idx_action_card_step_notify_alert_list_id
CREATE INDEX "idx_action_card_step_notify_alert_list_id" ON "action_card_step" (
    "notify_alert_list_id"
);

-- index idx_action_card_step_notify_contact_id
CREATE INDEX "idx_action_card_step_notify_contact_id" ON "action_card_step" (
    "notify_contact_id"
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

-- index idx_binder_copy_name
CREATE UNIQUE INDEX "idx_binder_copy_name" ON "binder_copy" (
    "name"
);

-- index idx_binder_print_copy_id_printed_at
CREATE INDEX "idx_binder_print_copy_id_printed_at" ON "binder_print" (
    "copy_id",
    "printed_at"
);

-- index idx_callout_attempt_callout_id_at
CREATE INDEX "idx_callout_attempt_callout_id_at" ON "callout_attempt" (
    "callout_id",
    "at"
);

-- index idx_callout_attempt_line_id
CREATE INDEX "idx_callout_attempt_line_id" ON "callout_attempt" (
    "line_id"
);

-- index idx_callout_incident_id_started_at
CREATE INDEX "idx_callout_incident_id_started_at" ON "callout" (
    "incident_id",
    "started_at"
);

-- index idx_callout_line_callout_id_position
CREATE UNIQUE INDEX "idx_callout_line_callout_id_position" ON "callout_line" (
    "callout_id",
    "position"
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

-- index idx_incident_action_incident_id_position
CREATE UNIQUE INDEX "idx_incident_action_incident_id_position" ON "incident_action" (
    "incident_id",
    "position"
);

-- index idx_incident_incident_type_incident_type
CREATE INDEX "idx_incident_incident_type_incident_type" ON "incident_incident_type" (
    "incident_type"
);

-- index idx_incident_status_started_at
CREATE INDEX "idx_incident_status_started_at" ON "incident" (
    "status",
    "started_at"
);

-- index idx_log_entry_corrects
CREATE INDEX "idx_log_entry_corrects" ON "log_entry" (
    "corrects"
);

-- index idx_log_entry_incident_id_device_id_seq
CREATE UNIQUE INDEX "idx_log_entry_incident_id_device_id_seq" ON "log_entry" (
    "incident_id",
    "device_id",
    "seq"
);

-- index idx_log_entry_order
CREATE INDEX "idx_log_entry_order" ON "log_entry" (
    "incident_id",
    "event_at",
    "recorded_at",
    "device_id",
    "seq"
);

-- index idx_plan_parent_id
CREATE INDEX "idx_plan_parent_id" ON "plan" (
    "parent_id"
);

-- index idx_plan_revision_plan_id_number
CREATE UNIQUE INDEX "idx_plan_revision_plan_id_number" ON "plan_revision" (
    "plan_id",
    "number"
);

-- index idx_plan_section_plan_id_position
CREATE INDEX "idx_plan_section_plan_id_position" ON "plan_section" (
    "plan_id",
    "position"
);

-- index idx_sitrep_incident_id_number
CREATE UNIQUE INDEX "idx_sitrep_incident_id_number" ON "sitrep" (
    "incident_id",
    "number"
);

-- index idx_trusted_key_kommunenummer
CREATE INDEX "idx_trusted_key_kommunenummer" ON "trusted_key" (
    "kommunenummer"
);

-- table _sqlite_migrations
CREATE TABLE "_sqlite_migrations" (
    "id" INTEGER PRIMARY KEY,
    "migration_set" TEXT,
    "name" TEXT,
    "applied_at" TEXT
);

-- table action_card
CREATE TABLE "action_card" (
    "id" TEXT PRIMARY KEY,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "role_id" TEXT NOT NULL REFERENCES "role"("id"),
    "trigger" TEXT NOT NULL DEFAULT '',
    "purpose" TEXT NOT NULL DEFAULT '',
    "plan_id" TEXT REFERENCES "plan"("id"),
    "version" INTEGER NOT NULL DEFAULT 1,
    "revised_at" TEXT,
    "approved_by" TEXT NOT NULL DEFAULT '',
    "always_activate" INTEGER NOT NULL DEFAULT 0,
    "search_text" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
) STRICT;

-- table action_card_fts
CREATE VIRTUAL TABLE "action_card_fts" USING FTS5 (
    "search_text",
    tokenize='unicode61 remove_diacritics 2',
    content="action_card"
);

-- table action_card_fts_config
CREATE TABLE 'action_card_fts_config'(
    k PRIMARY KEY,
    v
) WITHOUT ROWID;

-- table action_card_fts_data
CREATE TABLE 'action_card_fts_data'(
    id INTEGER PRIMARY KEY,
    block BLOB
);

-- table action_card_fts_docsize
CREATE TABLE 'action_card_fts_docsize'(
    id INTEGER PRIMARY KEY,
    sz BLOB
);

-- table action_card_fts_idx
CREATE TABLE 'action_card_fts_idx'(
    segid,
    term,
    pgno,
    PRIMARY KEY(segid, term)
) WITHOUT ROWID;

-- table action_card_incident_type
CREATE TABLE "action_card_incident_type" (
    "card_id" TEXT REFERENCES "action_card"("id"),
    "incident_type" TEXT REFERENCES "incident_type"("code"),
    PRIMARY KEY ("card_id", "incident_type")
) STRICT;

-- table action_card_phase
CREATE TABLE "action_card_phase" (
    "card_id" TEXT REFERENCES "action_card"("id"),
    "phase" TEXT,
    PRIMARY KEY ("card_id", "phase")
) STRICT;

-- table action_card_step
CREATE TABLE "action_card_step" (
    "id" TEXT PRIMARY KEY,
    "card_id" TEXT NOT NULL REFERENCES "action_card"("id"),
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "responsible_role_id" TEXT REFERENCES "role"("id"),
    "notify_alert_list_id" TEXT REFERENCES "alert_list"("id"),
    "notify_contact_id" TEXT REFERENCES "contact"("id"),
    "deadline_minutes" INTEGER
) STRICT;

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

-- table binder_copy
CREATE TABLE "binder_copy" (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "retired_at" TEXT
) STRICT;

-- table binder_copy_document
CREATE TABLE "binder_copy_document" (
    "copy_id" TEXT REFERENCES "binder_copy"("id"),
    "doc_key" TEXT,
    "title" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "print_id" TEXT NOT NULL REFERENCES "binder_print"("id"),
    PRIMARY KEY ("copy_id", "doc_key")
) STRICT;

-- table binder_print
CREATE TABLE "binder_print" (
    "id" TEXT PRIMARY KEY,
    "copy_id" TEXT NOT NULL REFERENCES "binder_copy"("id"),
    "printed_at" TEXT NOT NULL,
    "printed_by" TEXT NOT NULL,
    "documents" INTEGER NOT NULL,
    "whole" INTEGER NOT NULL
) STRICT;

-- table callout
CREATE TABLE "callout" (
    "id" TEXT PRIMARY KEY,
    "incident_id" TEXT NOT NULL REFERENCES "incident"("id"),
    "alert_list_id" TEXT,
    "list_name" TEXT NOT NULL,
    "started_at" TEXT NOT NULL,
    "started_by" TEXT NOT NULL,
    "started_by_role" TEXT NOT NULL,
    "finished_at" TEXT,
    "finished_by" TEXT,
    "finished_by_role" TEXT
) STRICT;

-- table callout_attempt
CREATE TABLE "callout_attempt" (
    "id" TEXT PRIMARY KEY,
    "callout_id" TEXT NOT NULL REFERENCES "callout"("id"),
    "line_id" TEXT NOT NULL REFERENCES "callout_line"("id"),
    "on_deputy" INTEGER NOT NULL,
    "result" TEXT NOT NULL,
    "at" TEXT NOT NULL,
    "operator" TEXT NOT NULL,
    "operator_role" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "recorded_at" TEXT NOT NULL
) STRICT;

-- table callout_line
CREATE TABLE "callout_line" (
    "id" TEXT PRIMARY KEY,
    "callout_id" TEXT NOT NULL REFERENCES "callout"("id"),
    "position" INTEGER NOT NULL,
    "member_number" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "use_deputy" INTEGER NOT NULL,
    "contact_id" TEXT,
    "name" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "other_numbers" TEXT NOT NULL DEFAULT '[]',
    "deputy_contact_id" TEXT,
    "deputy_name" TEXT,
    "deputy_number" TEXT,
    "deputy_other_numbers" TEXT
) STRICT;

-- table chain_flag
CREATE TABLE "chain_flag" (
    "incident_id" TEXT REFERENCES "incident"("id"),
    "device_id" TEXT,
    "reason" TEXT,
    "detail" TEXT NOT NULL,
    "flagged_at" TEXT NOT NULL,
    "import_id" TEXT REFERENCES "snapshot_import"("id"),
    PRIMARY KEY ("incident_id", "device_id", "reason")
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

-- table incident
CREATE TABLE "incident" (
    "id" TEXT PRIMARY KEY,
    "title" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "location" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "crisis_room" TEXT NOT NULL DEFAULT '',
    "exercise" INTEGER NOT NULL DEFAULT 0,
    "phase" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TEXT NOT NULL,
    "started_by" TEXT NOT NULL,
    "closed_at" TEXT,
    "evaluation_notes" TEXT NOT NULL DEFAULT '',
    "follow_up" TEXT NOT NULL DEFAULT '[]',
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
) STRICT;

-- table incident_action
CREATE TABLE "incident_action" (
    "id" TEXT PRIMARY KEY,
    "incident_id" TEXT NOT NULL REFERENCES "incident"("id"),
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "card_id" TEXT,
    "card_code" TEXT NOT NULL DEFAULT '',
    "card_title" TEXT NOT NULL DEFAULT '',
    "card_version" INTEGER,
    "card_role" TEXT NOT NULL DEFAULT '',
    "step_number" INTEGER,
    "role_id" TEXT,
    "role" TEXT NOT NULL DEFAULT '',
    "deadline_minutes" INTEGER,
    "notify" TEXT NOT NULL DEFAULT '',
    "notify_alert_list_id" TEXT,
    "status" TEXT NOT NULL,
    "assignee" TEXT NOT NULL DEFAULT '',
    "comment" TEXT NOT NULL DEFAULT '',
    "started_at" TEXT,
    "done_at" TEXT,
    "changed_at" TEXT,
    "changed_by" TEXT,
    "changed_by_role" TEXT,
    "created_at" TEXT NOT NULL
) STRICT;

-- table incident_incident_type
CREATE TABLE "incident_incident_type" (
    "incident_id" TEXT REFERENCES "incident"("id"),
    "incident_type" TEXT REFERENCES "incident_type"("code"),
    PRIMARY KEY ("incident_id", "incident_type")
) STRICT;

-- table incident_type
CREATE TABLE "incident_type" (
    "code" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL
) STRICT;

-- table log_entry
CREATE TABLE "log_entry" (
    "id" TEXT PRIMARY KEY,
    "incident_id" TEXT NOT NULL REFERENCES "incident"("id"),
    "device_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "format" INTEGER NOT NULL,
    "event_at" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    "operator" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "channel" TEXT,
    "source" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "key_event" INTEGER NOT NULL,
    "decided_by" TEXT NOT NULL,
    "rationale" TEXT NOT NULL,
    "corrects" TEXT REFERENCES "log_entry"("id"),
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "search_text" TEXT NOT NULL
) STRICT;

-- table log_entry_fts
CREATE VIRTUAL TABLE "log_entry_fts" USING FTS5 (
    "search_text",
    tokenize='unicode61 remove_diacritics 2',
    content="log_entry"
);

-- table log_entry_fts_config
CREATE TABLE 'log_entry_fts_config'(
    k PRIMARY KEY,
    v
) WITHOUT ROWID;

-- table log_entry_fts_data
CREATE TABLE 'log_entry_fts_data'(
    id INTEGER PRIMARY KEY,
    block BLOB
);

-- table log_entry_fts_docsize
CREATE TABLE 'log_entry_fts_docsize'(
    id INTEGER PRIMARY KEY,
    sz BLOB
);

-- table log_entry_fts_idx
CREATE TABLE 'log_entry_fts_idx'(
    segid,
    term,
    pgno,
    PRIMARY KEY(segid, term)
) WITHOUT ROWID;

-- table municipality
CREATE TABLE "municipality" (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kommunenummer" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
) STRICT;

-- table plan
CREATE TABLE "plan" (
    "id" TEXT PRIMARY KEY,
    "plan_type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "owner_role_id" TEXT REFERENCES "role"("id"),
    "status" TEXT NOT NULL,
    "adopted_by" TEXT DEFAULT '',
    "adopted_on" TEXT,
    "revised_at" TEXT,
    "parent_id" TEXT REFERENCES "plan"("id"),
    "version" INTEGER NOT NULL DEFAULT 0,
    "search_text" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
) STRICT;

-- table plan_fts
CREATE VIRTUAL TABLE "plan_fts" USING FTS5 (
    "search_text",
    tokenize='unicode61 remove_diacritics 2',
    content="plan"
);

-- table plan_fts_config
CREATE TABLE 'plan_fts_config'(
    k PRIMARY KEY,
    v
) WITHOUT ROWID;

-- table plan_fts_data
CREATE TABLE 'plan_fts_data'(
    id INTEGER PRIMARY KEY,
    block BLOB
);

-- table plan_fts_docsize
CREATE TABLE 'plan_fts_docsize'(
    id INTEGER PRIMARY KEY,
    sz BLOB
);

-- table plan_fts_idx
CREATE TABLE 'plan_fts_idx'(
    segid,
    term,
    pgno,
    PRIMARY KEY(segid, term)
) WITHOUT ROWID;

-- table plan_revision
CREATE TABLE "plan_revision" (
    "id" TEXT PRIMARY KEY,
    "plan_id" TEXT NOT NULL REFERENCES "plan"("id"),
    "number" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "content" TEXT NOT NULL
) STRICT;

-- table plan_section
CREATE TABLE "plan_section" (
    "id" TEXT PRIMARY KEY,
    "plan_id" TEXT NOT NULL REFERENCES "plan"("id"),
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "classification" TEXT NOT NULL,
    "part" TEXT,
    "search_text" TEXT NOT NULL
) STRICT;

-- table plan_section_fts
CREATE VIRTUAL TABLE "plan_section_fts" USING FTS5 (
    "search_text",
    tokenize='unicode61 remove_diacritics 2',
    content="plan_section"
);

-- table plan_section_fts_config
CREATE TABLE 'plan_section_fts_config'(
    k PRIMARY KEY,
    v
) WITHOUT ROWID;

-- table plan_section_fts_data
CREATE TABLE 'plan_section_fts_data'(
    id INTEGER PRIMARY KEY,
    block BLOB
);

-- table plan_section_fts_docsize
CREATE TABLE 'plan_section_fts_docsize'(
    id INTEGER PRIMARY KEY,
    sz BLOB
);

-- table plan_section_fts_idx
CREATE TABLE 'plan_section_fts_idx'(
    segid,
    term,
    pgno,
    PRIMARY KEY(segid, term)
) WITHOUT ROWID;

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

-- table sitrep
CREATE TABLE "sitrep" (
    "id" TEXT PRIMARY KEY,
    "incident_id" TEXT NOT NULL REFERENCES "incident"("id"),
    "number" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "copied_from" TEXT REFERENCES "sitrep"("id"),
    "report_to" TEXT NOT NULL DEFAULT '',
    "contact_name" TEXT NOT NULL DEFAULT '',
    "contact_phone" TEXT NOT NULL DEFAULT '',
    "contact_email" TEXT NOT NULL DEFAULT '',
    "situation" TEXT NOT NULL DEFAULT '',
    "dead" INTEGER,
    "injured" INTEGER,
    "evacuated" INTEGER,
    "missing" INTEGER,
    "functions" TEXT NOT NULL DEFAULT '{}',
    "measures_taken" TEXT NOT NULL DEFAULT '',
    "planned_measures" TEXT NOT NULL DEFAULT '',
    "needs" TEXT NOT NULL DEFAULT '',
    "communication" TEXT NOT NULL DEFAULT '',
    "other" TEXT NOT NULL DEFAULT '',
    "next_report_at" TEXT,
    "sent_via" TEXT,
    "created_at" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_by_role" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_by_role" TEXT NOT NULL,
    "submitted_at" TEXT,
    "submitted_by" TEXT,
    "submitted_by_role" TEXT,
    "approved_at" TEXT,
    "approved_by" TEXT,
    "approved_by_role" TEXT,
    "sent_at" TEXT,
    "sent_by" TEXT,
    "sent_by_role" TEXT
) STRICT;

-- table snapshot_import
CREATE TABLE "snapshot_import" (
    "id" TEXT PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "imported_at" TEXT NOT NULL,
    "imported_by" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "sequence" INTEGER,
    "created_at" TEXT NOT NULL,
    "data_as_of" TEXT,
    "source_device" TEXT NOT NULL,
    "file_sha256" TEXT NOT NULL,
    "summary" TEXT NOT NULL
) STRICT;

-- table trusted_key
CREATE TABLE "trusted_key" (
    "fingerprint" TEXT PRIMARY KEY,
    "kommunenummer" TEXT NOT NULL,
    "public_key" TEXT NOT NULL,
    "pinned_at" TEXT NOT NULL,
    "pinned_by" TEXT NOT NULL,
    "last_sequence" INTEGER ,
    "replaced_by" TEXT,
    "replaced_at" TEXT
) STRICT;

-- trigger action_card_ad
CREATE TRIGGER "action_card_ad" AFTER DELETE ON "action_card" BEGIN INSERT INTO "action_card_fts" (
    "action_card_fts",
    rowid,
    "search_text"
) VALUES(
    'delete',
    old.rowid,
    old."search_text"
); END;

-- trigger action_card_ai
CREATE TRIGGER "action_card_ai" AFTER INSERT ON "action_card" BEGIN INSERT INTO "action_card_fts" (
    rowid,
    "search_text"
) VALUES (
    new.rowid,
    new."search_text"
); END;

-- trigger action_card_au
CREATE TRIGGER "action_card_au" AFTER UPDATE ON "action_card" BEGIN INSERT INTO "action_card_fts" (
    "action_card_fts",
    rowid,
    "search_text"
) VALUES(
    'delete',
    old.rowid,
    old."search_text"
); INSERT INTO "action_card_fts" (
    rowid,
    "search_text"
) VALUES (
    new.rowid,
    new."search_text"
); END;

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

-- trigger log_entry_ad
CREATE TRIGGER "log_entry_ad" AFTER DELETE ON "log_entry" BEGIN INSERT INTO "log_entry_fts" (
    "log_entry_fts",
    rowid,
    "search_text"
) VALUES(
    'delete',
    old.rowid,
    old."search_text"
); END;

-- trigger log_entry_ai
CREATE TRIGGER "log_entry_ai" AFTER INSERT ON "log_entry" BEGIN INSERT INTO "log_entry_fts" (
    rowid,
    "search_text"
) VALUES (
    new.rowid,
    new."search_text"
); END;

-- trigger log_entry_au
CREATE TRIGGER "log_entry_au" AFTER UPDATE ON "log_entry" BEGIN INSERT INTO "log_entry_fts" (
    "log_entry_fts",
    rowid,
    "search_text"
) VALUES(
    'delete',
    old.rowid,
    old."search_text"
); INSERT INTO "log_entry_fts" (
    rowid,
    "search_text"
) VALUES (
    new.rowid,
    new."search_text"
); END;

-- trigger log_entry_refuse_delete
CREATE TRIGGER log_entry_refuse_delete BEFORE DELETE ON log_entry BEGIN SELECT RAISE(
    ABORT,
    'The incident log is append-only: an entry cannot be changed or deleted. Write a correction instead.'
); END;

-- trigger log_entry_refuse_update
CREATE TRIGGER log_entry_refuse_update BEFORE UPDATE ON log_entry BEGIN SELECT RAISE(
    ABORT,
    'The incident log is append-only: an entry cannot be changed or deleted. Write a correction instead.'
); END;

-- trigger plan_ad
CREATE TRIGGER "plan_ad" AFTER DELETE ON "plan" BEGIN INSERT INTO "plan_fts" (
    "plan_fts",
    rowid,
    "search_text"
) VALUES(
    'delete',
    old.rowid,
    old."search_text"
); END;

-- trigger plan_ai
CREATE TRIGGER "plan_ai" AFTER INSERT ON "plan" BEGIN INSERT INTO "plan_fts" (
    rowid,
    "search_text"
) VALUES (
    new.rowid,
    new."search_text"
); END;

-- trigger plan_au
CREATE TRIGGER "plan_au" AFTER UPDATE ON "plan" BEGIN INSERT INTO "plan_fts" (
    "plan_fts",
    rowid,
    "search_text"
) VALUES(
    'delete',
    old.rowid,
    old."search_text"
); INSERT INTO "plan_fts" (
    rowid,
    "search_text"
) VALUES (
    new.rowid,
    new."search_text"
); END;

-- trigger plan_section_ad
CREATE TRIGGER "plan_section_ad" AFTER DELETE ON "plan_section" BEGIN INSERT INTO "plan_section_fts" (
    "plan_section_fts",
    rowid,
    "search_text"
) VALUES(
    'delete',
    old.rowid,
    old."search_text"
); END;

-- trigger plan_section_ai
CREATE TRIGGER "plan_section_ai" AFTER INSERT ON "plan_section" BEGIN INSERT INTO "plan_section_fts" (
    rowid,
    "search_text"
) VALUES (
    new.rowid,
    new."search_text"
); END;

-- trigger plan_section_au
CREATE TRIGGER "plan_section_au" AFTER UPDATE ON "plan_section" BEGIN INSERT INTO "plan_section_fts" (
    "plan_section_fts",
    rowid,
    "search_text"
) VALUES(
    'delete',
    old.rowid,
    old."search_text"
); INSERT INTO "plan_section_fts" (
    rowid,
    "search_text"
) VALUES (
    new.rowid,
    new."search_text"
); END;

