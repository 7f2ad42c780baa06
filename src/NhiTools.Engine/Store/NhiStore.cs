using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using NhiTools.Hosting;

namespace NhiTools.Engine.Store
{
    /// <summary>
    /// The embedded SQLite store: owners for sources that cannot hold them, the audit log, drift snapshots and registered agents. WAL and a busy
    /// timeout let two processes use one file at once. Never holds a secret value.
    /// </summary>
    public sealed class NhiStore : IDisposable
    {
        private const int BusyTimeoutMilliseconds = 10000;
        private readonly SqliteConnection connection;
        private SnapshotStore snapshots;
        private AgentStore agents;
        private ExemptionStore exemptions;
        private PurposeStore purposes;
        private ReviewStore reviews;

        private NhiStore(SqliteConnection connection, string path)
        {
            this.connection = connection;
            Path = path;
        }

        public string Path { get; }

        /// <summary>Opens (creating if needed) and migrates the store.</summary>
        public static NhiStore Open(string path)
        {
            try
            {
                var directory = System.IO.Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                var builder = new SqliteConnectionStringBuilder
                {
                    DataSource = path,
                    Mode = SqliteOpenMode.ReadWriteCreate,
                    Pooling = false,
                    DefaultTimeout = BusyTimeoutMilliseconds / 1000,
                };
                var connection = new SqliteConnection(builder.ToString());
                connection.Open();
                var store = new NhiStore(connection, path);
                store.Execute("PRAGMA busy_timeout = " + BusyTimeoutMilliseconds + ";");
                store.Execute("PRAGMA journal_mode = WAL;");
                store.Migrate();
                return store;
            }
            catch (Exception ex) when (ex is SqliteException || ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new NhiException("NhiStoreUnavailable", NhiErrorCategory.OpenError,
                    "Cannot open the NhiTools store at '" + path + "' for writing: " + StoreWrite.Reason(ex), path, ex);
            }
        }

        /// <summary>
        /// Opens an existing store for reading only: no folder, file, WAL switch or migration - reads need no write
        /// access. Null when there is no store yet. A store older than this NhiTools is upgraded when it can be
        /// written, and otherwise read as it is (what it does not hold yet reads as empty).
        /// </summary>
        public static NhiStore OpenExisting(string path)
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var store = OpenReadOnly(path);
            if (store.SchemaVersion >= Migrations.Latest)
            {
                return store;
            }

            try
            {
                var upgraded = Open(path);
                store.Dispose();
                return upgraded;
            }
            catch (NhiException ex) when (ex.ErrorId == "NhiStoreUnavailable")
            {
                return store;
            }
        }

        private static NhiStore OpenReadOnly(string path)
        {
            try
            {
                return OpenReadOnly(path, immutable: false);
            }
            catch (SqliteException)
            {
                // A WAL store in a folder this user cannot write has no -shm to share: read the file as it is.
                try
                {
                    return OpenReadOnly(path, immutable: true);
                }
                catch (SqliteException ex)
                {
                    throw new NhiException("NhiStoreUnavailable", NhiErrorCategory.OpenError,
                        "Cannot read the NhiTools store at '" + path + "': " + ex.Message, path, ex);
                }
            }
        }

        private static NhiStore OpenReadOnly(string path, bool immutable)
        {
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = immutable ? new Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri + "?immutable=1" : path,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
                DefaultTimeout = BusyTimeoutMilliseconds / 1000,
            };
            var connection = new SqliteConnection(builder.ToString());
            try
            {
                connection.Open();
                var store = new NhiStore(connection, path) { ReadOnly = true };
                store.Execute("PRAGMA busy_timeout = " + BusyTimeoutMilliseconds + ";");
                store.Scalar("SELECT count(*) FROM sqlite_master;");
                return store;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>True for a store opened with <see cref="OpenExisting"/> that could not be upgraded or written.</summary>
        public bool ReadOnly { get; private set; }

        internal bool HasTable(string name) =>
            Convert.ToInt32(ScalarWith("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $n;", name), CultureInfo.InvariantCulture) > 0;

        /// <summary>Reads owners without creating a store that does not exist yet.</summary>
        public static IReadOnlyDictionary<string, string[]> ReadOwnersIfExists(string path)
        {
            using (var store = OpenExisting(path))
            {
                return store == null ? new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) : store.GetOwners();
            }
        }

        /// <summary>Snapshots for drift, kept in the same file.</summary>
        public SnapshotStore Snapshots => snapshots ?? (snapshots = new SnapshotStore(connection, Path));

        /// <summary>Registered AI agents, kept in the same file.</summary>
        public AgentStore Agents => agents ?? (agents = new AgentStore(connection, this));

        /// <summary>Exceptions to rules (Add-NhiException), kept in the same file.</summary>
        public ExemptionStore Exemptions => exemptions ?? (exemptions = new ExemptionStore(connection, this));

        /// <summary>Purposes for identities whose source cannot hold one (Set-NhiPurpose), kept in the same file.</summary>
        public PurposeStore Purposes => purposes ?? (purposes = new PurposeStore(connection, this));

        /// <summary>Access review campaigns and decisions (New-NhiReview, Set-NhiReviewDecision), kept in the same file.</summary>
        public ReviewStore Reviews => reviews ?? (reviews = new ReviewStore(connection, this));

        /// <summary>Purposes and last review dates per identity, without creating a store that does not exist yet.</summary>
        public static (IReadOnlyDictionary<string, string> Purposes, IReadOnlyDictionary<string, DateTime> Reviewed) ReadGovernanceIfExists(string path)
        {
            using (var store = OpenExisting(path))
            {
                if (store == null)
                    return (new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), new Dictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase));
                return (store.Purposes.List(), store.Reviews.LastReviewed());
            }
        }

        /// <summary>Stored exceptions without creating a store that does not exist yet.</summary>
        public static IReadOnlyList<Exemption> ReadExemptionsIfExists(string path)
        {
            using (var store = OpenExisting(path))
            {
                return store == null ? (IReadOnlyList<Exemption>)Array.Empty<Exemption>() : store.Exemptions.List();
            }
        }

        /// <summary>Registered agents without creating a store that does not exist yet.</summary>
        public static IReadOnlyList<Agent> ReadAgentsIfExists(string path)
        {
            using (var store = OpenExisting(path))
            {
                return store == null ? (IReadOnlyList<Agent>)Array.Empty<Agent>() : store.Agents.List();
            }
        }

        public int SchemaVersion => Convert.ToInt32(Scalar("PRAGMA user_version;"), CultureInfo.InvariantCulture);

        public IReadOnlyDictionary<string, string[]> GetOwners()
        {
            var result = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            if (ReadOnly && !HasTable("owners"))
            {
                return result;
            }

            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT identity_id, owners FROM owners;";
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        result[reader.GetString(0)] = SplitOwners(reader.GetString(1));
                    }
                }
            }

            return result;
        }

        /// <summary>Sets the complete owner list of one identity and writes an audit row, atomically.</summary>
        public void SetOwners(string identityId, IReadOnlyCollection<string> owners, string actor, DateTime now) =>
            ChangeOwners(identityId, null, owners, true, actor, now);

        /// <summary>
        /// Adds owners (or with <paramref name="replace"/> sets them) to the list stored NOW, read inside the write
        /// transaction (BEGIN IMMEDIATE), so overlapping writers working from stale copies all keep their owners.
        /// <paramref name="fallback"/> (the export's owners) is the starting list only when the store has none yet.
        /// The audit row records the list actually written. Returns that list.
        /// </summary>
        public string[] ChangeOwners(string identityId, IEnumerable<string> fallback, IEnumerable<string> owners, bool replace, string actor, DateTime now)
        {
            return StoreWrite.Run(Path, () =>
            {
                using (var transaction = connection.BeginTransaction())
                {
                    string[] current;
                    using (var command = connection.CreateCommand())
                    {
                        command.Transaction = transaction;
                        command.CommandText = "SELECT owners FROM owners WHERE identity_id = $id;";
                        command.Parameters.AddWithValue("$id", identityId);
                        var stored = command.ExecuteScalar() as string;
                        current = stored == null ? (fallback ?? Array.Empty<string>()).ToArray() : SplitOwners(stored);
                    }

                    var written = Ownership.OwnerOverlay.Combine(current, owners, replace);
                    using (var command = connection.CreateCommand())
                    {
                        command.Transaction = transaction;
                        command.CommandText = @"INSERT INTO owners(identity_id, owners, updated_on, updated_by) VALUES($id, $owners, $on, $by)
                        ON CONFLICT(identity_id) DO UPDATE SET owners = excluded.owners, updated_on = excluded.updated_on, updated_by = excluded.updated_by;";
                        command.Parameters.AddWithValue("$id", identityId);
                        command.Parameters.AddWithValue("$owners", string.Join("\n", written));
                        command.Parameters.AddWithValue("$on", now.ToString("o", CultureInfo.InvariantCulture));
                        command.Parameters.AddWithValue("$by", (object)actor ?? DBNull.Value);
                        command.ExecuteNonQuery();
                    }

                    WriteAudit(transaction, now, actor, "SetOwner", identityId, string.Join(", ", written));
                    transaction.Commit();
                    return written;
                }
            });
        }

        /// <summary>A key kept in the store (migration 5), or null when this store has none.</summary>
        internal byte[] ReadKey(string name)
        {
            if (!HasTable("store_keys"))
            {
                return null;
            }

            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT value FROM store_keys WHERE name = $n;";
                command.Parameters.AddWithValue("$n", name);
                return command.ExecuteScalar() as byte[];
            }
        }

        public IReadOnlyList<AuditEntry> ReadAudit(string target = null)
        {
            var list = new List<AuditEntry>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = target == null
                    ? "SELECT at, actor, action, target, detail FROM audit ORDER BY id;"
                    : "SELECT at, actor, action, target, detail FROM audit WHERE target = $t ORDER BY id;";
                if (target != null)
                {
                    command.Parameters.AddWithValue("$t", target);
                }

                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        list.Add(new AuditEntry
                        {
                            At = DateTime.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                            Actor = reader.IsDBNull(1) ? null : reader.GetString(1),
                            Action = reader.GetString(2),
                            Target = reader.GetString(3),
                            Detail = reader.IsDBNull(4) ? null : reader.GetString(4),
                        });
                    }
                }
            }

            return list;
        }

        public void Dispose() => connection.Dispose();

        private void Migrate()
        {
            var version = SchemaVersion;
            if (version > Migrations.Latest)
            {
                throw new NhiException("NhiStoreTooNew", NhiErrorCategory.InvalidData,
                    "The store at '" + Path + "' has schema version " + version + "; this NhiTools knows up to " + Migrations.Latest + ". Update NhiTools.", Path);
            }

            for (var step = version; step < Migrations.Latest; step++)
            {
                using (var transaction = connection.BeginTransaction())
                {
                    using (var command = connection.CreateCommand())
                    {
                        command.Transaction = transaction;
                        // Re-read inside the write transaction: another process may have migrated meanwhile.
                        command.CommandText = "PRAGMA user_version;";
                        if (Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture) > step)
                        {
                            transaction.Rollback();
                            continue;
                        }

                        command.CommandText = Migrations.Steps[step] + "\nPRAGMA user_version = " + (step + 1) + ";";
                        command.ExecuteNonQuery();
                    }

                    transaction.Commit();
                }
            }
        }

        internal void WriteAudit(SqliteTransaction transaction, DateTime now, string actor, string action, string target, string detail)
        {
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO audit(at, actor, action, target, detail) VALUES($at, $actor, $action, $target, $detail);";
                command.Parameters.AddWithValue("$at", now.ToString("o", CultureInfo.InvariantCulture));
                command.Parameters.AddWithValue("$actor", (object)actor ?? DBNull.Value);
                command.Parameters.AddWithValue("$action", action);
                command.Parameters.AddWithValue("$target", target);
                command.Parameters.AddWithValue("$detail", (object)detail ?? DBNull.Value);
                command.ExecuteNonQuery();
            }
        }

        private void Execute(string sql)
        {
            using (var command = connection.CreateCommand())
            {
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
        }

        private object Scalar(string sql)
        {
            using (var command = connection.CreateCommand())
            {
                command.CommandText = sql;
                return command.ExecuteScalar();
            }
        }

        private object ScalarWith(string sql, string value)
        {
            using (var command = connection.CreateCommand())
            {
                command.CommandText = sql;
                command.Parameters.AddWithValue("$n", value);
                return command.ExecuteScalar();
            }
        }

        private static string[] SplitOwners(string value) =>
            value.Length == 0 ? Array.Empty<string>() : value.Split('\n');
    }

    public sealed class AuditEntry
    {
        public DateTime At { get; set; }
        public string Actor { get; set; }
        public string Action { get; set; }
        public string Target { get; set; }
        public string Detail { get; set; }
    }
}
