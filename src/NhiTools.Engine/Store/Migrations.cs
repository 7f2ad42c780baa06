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
        };

        public static int Latest => Steps.Length;
    }
}
