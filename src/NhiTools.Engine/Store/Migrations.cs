namespace NhiTools.Engine.Store
{
    /// <summary>
    /// Versioned schema. Each entry upgrades from version (index) to (index + 1) and is applied once, in a
    /// transaction, recorded in PRAGMA user_version. Never edit a shipped entry: append a new one.
    /// </summary>
    public static class Migrations
    {
        public static readonly string[] Steps =
        {
            // 1: owners kept for sources that cannot hold them, and the audit log.
            @"CREATE TABLE owners (
                identity_id TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                owners      TEXT NOT NULL,
                updated_on  TEXT NOT NULL,
                updated_by  TEXT
              );
              CREATE TABLE audit (
                id      INTEGER PRIMARY KEY AUTOINCREMENT,
                at      TEXT NOT NULL,
                actor   TEXT,
                action  TEXT NOT NULL,
                target  TEXT NOT NULL,
                detail  TEXT
              );
              CREATE INDEX audit_target ON audit(target);",

            // 2: snapshots for drift. One row per identity holding the JSON digest of its comparable facts (no values).
            @"CREATE TABLE snapshots (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
                taken_on       TEXT NOT NULL,
                created_on     TEXT NOT NULL,
                identity_count INTEGER NOT NULL,
                source         TEXT
              );
              CREATE INDEX snapshots_taken_on ON snapshots(taken_on);
              CREATE TABLE snapshot_items (
                snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
                identity_id TEXT NOT NULL COLLATE NOCASE,
                provider    TEXT NOT NULL,
                name        TEXT,
                digest      TEXT NOT NULL,
                PRIMARY KEY (snapshot_id, identity_id)
              ) WITHOUT ROWID;
              CREATE INDEX snapshot_items_identity ON snapshot_items(identity_id);",

            // 3: registered AI agents. Lists are newline-joined (ids, ARNs and patterns hold no newline).
            @"CREATE TABLE agents (
                name                TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                identities          TEXT NOT NULL,
                owner               TEXT,
                purpose             TEXT,
                allowed_systems     TEXT NOT NULL,
                allowed_permissions TEXT NOT NULL,
                registered_on       TEXT NOT NULL,
                updated_on          TEXT NOT NULL,
                updated_by          TEXT
              );",

            // 4: the change journal (helper "rot"): a state row per target (ETag-guarded, WriteToken recognises a lost
            // answer), a lease per target (holder, fencing token, expiry) and the append-only list of changes. No values.
            @"CREATE TABLE journal_rows (
                key               TEXT NOT NULL PRIMARY KEY,
                kind              TEXT NOT NULL,
                operation_id      TEXT,
                identity_id       TEXT,
                identity_name     TEXT,
                provider          TEXT,
                state             TEXT NOT NULL,
                step              TEXT,
                old_credential_id TEXT,
                new_credential_id TEXT,
                vault_secret_id   TEXT,
                started_on        TEXT NOT NULL,
                updated_on        TEXT NOT NULL,
                next_step_after   TEXT,
                last_error        TEXT,
                actor             TEXT,
                reason            TEXT,
                data              TEXT,
                etag              TEXT NOT NULL,
                write_token       TEXT,
                lease_holder      TEXT,
                lease_expires_on  TEXT
              );
              CREATE INDEX journal_rows_kind ON journal_rows(kind);
              CREATE TABLE journal_leases (
                key        TEXT NOT NULL PRIMARY KEY,
                holder     TEXT NOT NULL,
                token      TEXT NOT NULL,
                expires_on TEXT NOT NULL
              );
              CREATE TABLE journal_changes (
                seq           INTEGER PRIMARY KEY AUTOINCREMENT,
                id            TEXT NOT NULL UNIQUE,
                at            TEXT NOT NULL,
                actor         TEXT,
                action        TEXT NOT NULL,
                identity_id   TEXT,
                identity_name TEXT,
                provider      TEXT,
                target        TEXT,
                operation_id  TEXT,
                reason        TEXT,
                before        TEXT,
                after         TEXT,
                outcome       TEXT
              );
              CREATE INDEX journal_changes_identity ON journal_changes(identity_id);
              CREATE INDEX journal_changes_operation ON journal_changes(operation_id);",
            // 5: a per-store key for secret fingerprints (HMAC-SHA-256), made once and never shown, so a report's
            //    fingerprints cannot be tested against guessed passwords offline yet stay stable on one store.
            @"CREATE TABLE store_keys (
                name  TEXT NOT NULL PRIMARY KEY,
                value BLOB NOT NULL
              );
              INSERT INTO store_keys(name, value) VALUES('fingerprint', randomblob(32));",
            // 6: governance - exceptions that end (rule + identity, reason, approver, end date), purposes kept for sources that
            // cannot hold them, and access reviews (campaigns, one item per identity with its evidence and decision). Depends on no other new table.
            @"CREATE TABLE exemptions (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                rule        TEXT NOT NULL COLLATE NOCASE,
                identity_id TEXT NOT NULL COLLATE NOCASE,
                reason      TEXT NOT NULL,
                expires_on  TEXT NOT NULL,
                approved_by TEXT NOT NULL,
                created_on  TEXT NOT NULL,
                created_by  TEXT
              );
              CREATE INDEX exemptions_rule ON exemptions(rule);
              CREATE TABLE purposes (
                identity_id TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                purpose     TEXT NOT NULL,
                updated_on  TEXT NOT NULL,
                updated_by  TEXT
              );
              CREATE TABLE reviews (
                name        TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                due_on      TEXT NOT NULL,
                created_on  TEXT NOT NULL,
                created_by  TEXT
              );
              CREATE TABLE review_items (
                review        TEXT NOT NULL COLLATE NOCASE,
                identity_id   TEXT NOT NULL COLLATE NOCASE,
                identity_name TEXT,
                provider      TEXT,
                kind          TEXT,
                owners        TEXT NOT NULL,
                purpose       TEXT,
                credentials   TEXT NOT NULL,
                granted       TEXT NOT NULL,
                usage         TEXT,
                unused_rights INTEGER NOT NULL,
                findings      TEXT NOT NULL,
                decision      TEXT,
                justification TEXT,
                decided_by    TEXT,
                decided_on    TEXT,
                PRIMARY KEY (review, identity_id)
              ) WITHOUT ROWID;
              CREATE INDEX review_items_identity ON review_items(identity_id);",
            // 7: review items keep the names of the permissions the logs showed unused (Reduce -> Revoke-NhiPermission). Newline-joined.
            @"ALTER TABLE review_items ADD COLUMN unused_permissions TEXT;",
        };

        public static int Latest => Steps.Length;
    }
}
