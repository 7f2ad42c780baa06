using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;
using NhiTools.Engine.Drift;
using NhiTools.Hosting;

namespace NhiTools.Engine.Store
{
    /// <summary>
    /// Drift snapshots in the NhiTools store: a snapshot row and one row per identity with its digest. A snapshot
    /// is written in one transaction (all of it or none of it) with one prepared insert reused for every identity.
    /// </summary>
    public sealed class SnapshotStore
    {
        private const string Columns = "id, name, taken_on, created_on, identity_count, source";
        private const int ProgressEvery = 10000;
        private readonly SqliteConnection connection;
        private readonly string path;

        internal SnapshotStore(SqliteConnection connection, string path)
        {
            this.connection = connection;
            this.path = path;
        }

        /// <summary>
        /// Saves a snapshot of the items. A second copy of one identity id is left out (with a warning). An existing
        /// snapshot of the same name is an error unless <paramref name="replace"/>, which swaps it in the same transaction.
        /// </summary>
        public SnapshotInfo Save(string name, DateTime takenOn, DateTime createdOn, IEnumerable<SnapshotItem> items, bool replace = false, IHostContext host = null)
        {
            ValidateName(name);
            return StoreWrite.Run(path, () => SaveNow(name, takenOn, createdOn, items, replace, host));
        }

        private SnapshotInfo SaveNow(string name, DateTime takenOn, DateTime createdOn, IEnumerable<SnapshotItem> items, bool replace, IHostContext host)
        {
            host = host ?? NullHostContext.Instance;
            using (var transaction = connection.BeginTransaction())
            {
                var existing = Find(name, transaction);
                if (existing != null && string.Equals(existing.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    if (!replace)
                    {
                        throw new NhiException("NhiSnapshotExists", NhiErrorCategory.ResourceExists,
                            "A snapshot named '" + name + "' already exists in " + path + " (taken " + Text(existing.TakenOn) + "). Choose another name, or replace it with -Force.", name);
                    }

                    Delete(existing.Id, transaction);
                }

                long id;
                using (var command = Command(transaction, "INSERT INTO snapshots(name, taken_on, created_on, identity_count, source) VALUES($name, $taken, $created, 0, NULL); SELECT last_insert_rowid();"))
                {
                    command.Parameters.AddWithValue("$name", name);
                    command.Parameters.AddWithValue("$taken", Text(takenOn));
                    command.Parameters.AddWithValue("$created", Text(createdOn));
                    id = (long)command.ExecuteScalar();
                }

                var count = 0;
                var providers = new SortedDictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                using (var insert = Command(transaction, "INSERT OR IGNORE INTO snapshot_items(snapshot_id, identity_id, provider, name, digest) VALUES($s, $id, $p, $n, $d);"))
                {
                    insert.Parameters.AddWithValue("$s", id);
                    var identityId = insert.Parameters.Add("$id", SqliteType.Text);
                    var provider = insert.Parameters.Add("$p", SqliteType.Text);
                    var itemName = insert.Parameters.Add("$n", SqliteType.Text);
                    var digest = insert.Parameters.Add("$d", SqliteType.Text);
                    insert.Prepare();
                    foreach (var item in items)
                    {
                        host.CancellationToken.ThrowIfCancellationRequested();
                        identityId.Value = item.IdentityId;
                        provider.Value = item.Provider;
                        itemName.Value = (object)item.Name ?? DBNull.Value;
                        digest.Value = Encoding.UTF8.GetString(item.Digest);
                        if (insert.ExecuteNonQuery() == 0)
                        {
                            host.WriteWarning("Identity " + item.IdentityId + " was given more than once; the snapshot keeps its first copy.");
                            continue;
                        }

                        count++;
                        providers[item.Provider] = providers.TryGetValue(item.Provider, out var n) ? n + 1 : 1;
                        if (count % ProgressEvery == 0)
                        {
                            host.WriteProgress(new ProgressInfo { Activity = "Saving snapshot " + name, Status = count.ToString("N0", CultureInfo.InvariantCulture) + " identities" });
                        }
                    }
                }

                var source = string.Join(", ", providers.Select(p => p.Key + ": " + p.Value.ToString(CultureInfo.InvariantCulture)));
                using (var command = Command(transaction, "UPDATE snapshots SET identity_count = $c, source = $src WHERE id = $id;"))
                {
                    command.Parameters.AddWithValue("$c", count);
                    command.Parameters.AddWithValue("$src", source);
                    command.Parameters.AddWithValue("$id", id);
                    command.ExecuteNonQuery();
                }

                transaction.Commit();
                if (count >= ProgressEvery)
                {
                    host.WriteProgress(new ProgressInfo { Activity = "Saving snapshot " + name, Completed = true });
                }

                return new SnapshotInfo
                {
                    Id = id, Name = name, TakenOn = Utc(takenOn), CreatedOn = Utc(createdOn), IdentityCount = count, Source = source, StorePath = path,
                };
            }
        }

        /// <summary>Every snapshot, oldest first (by the time it was taken, then by id).</summary>
        public IReadOnlyList<SnapshotInfo> List()
        {
            var list = new List<SnapshotInfo>();
            using (var command = Command(null, "SELECT " + Columns + " FROM snapshots ORDER BY taken_on, id;"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    list.Add(ReadInfo(reader));
                }
            }

            return list;
        }

        /// <summary>The snapshot with this name (case-insensitive), else with this id; null when none.</summary>
        public SnapshotInfo Find(string nameOrId) => Find(nameOrId, null);

        /// <summary>The snapshot with this name or id; NhiSnapshotNotFound (naming the snapshots there are) when none.</summary>
        public SnapshotInfo Get(string nameOrId) => Find(nameOrId) ?? throw NotFound(nameOrId, List(), path);

        /// <summary>The error for a snapshot that is not there, listing the ones that are.</summary>
        public static NhiException NotFound(string nameOrId, IReadOnlyCollection<SnapshotInfo> existing, string storePath)
        {
            var there = existing == null || existing.Count == 0
                ? "It holds no snapshots: save one with Save-NhiSnapshot."
                : "Snapshots there: " + string.Join(", ", existing.Select(s => s.Name)) + ".";
            return new NhiException("NhiSnapshotNotFound", NhiErrorCategory.ObjectNotFound,
                "No snapshot named '" + nameOrId + "' in the store " + storePath + ". " + there, nameOrId);
        }

        public bool Delete(long id) => StoreWrite.Run(path, () =>
        {
            using (var transaction = connection.BeginTransaction())
            {
                var deleted = Delete(id, transaction);
                transaction.Commit();
                return deleted;
            }
        });

        /// <summary>The identities of a snapshot, streamed from the store (not held in memory here).</summary>
        public IEnumerable<SnapshotItem> ReadItems(long snapshotId)
        {
            using (var command = Command(null, "SELECT identity_id, provider, name, digest FROM snapshot_items WHERE snapshot_id = $s;"))
            {
                command.Parameters.AddWithValue("$s", snapshotId);
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        // The digest's UTF-8 bytes as stored: no round trip through a UTF-16 string.
                        yield return new SnapshotItem(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<byte[]>(3));
                    }
                }
            }
        }

        /// <summary>Snapshot names: not empty, no wildcard characters (Get-/Remove-NhiSnapshot -Name take patterns).</summary>
        public static void ValidateName(string name)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Trim() != name || name.IndexOfAny(new[] { '*', '?', '[', ']' }) >= 0)
            {
                throw new NhiException("NhiInvalidSnapshotName", NhiErrorCategory.InvalidArgument,
                    "'" + name + "' is not a valid snapshot name: it must be non-empty, without leading or trailing spaces or the wildcard characters * ? [ ].", name);
            }
        }

        private SnapshotInfo Find(string nameOrId, SqliteTransaction transaction)
        {
            using (var command = Command(transaction, "SELECT " + Columns + " FROM snapshots WHERE name = $name;"))
            {
                command.Parameters.AddWithValue("$name", nameOrId);
                using (var reader = command.ExecuteReader())
                {
                    if (reader.Read())
                    {
                        return ReadInfo(reader);
                    }
                }
            }

            if (!long.TryParse(nameOrId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }

            using (var command = Command(transaction, "SELECT " + Columns + " FROM snapshots WHERE id = $id;"))
            {
                command.Parameters.AddWithValue("$id", id);
                using (var reader = command.ExecuteReader())
                {
                    return reader.Read() ? ReadInfo(reader) : null;
                }
            }
        }

        private bool Delete(long id, SqliteTransaction transaction)
        {
            using (var command = Command(transaction, "DELETE FROM snapshot_items WHERE snapshot_id = $id; DELETE FROM snapshots WHERE id = $id;"))
            {
                command.Parameters.AddWithValue("$id", id);
                return command.ExecuteNonQuery() > 0;
            }
        }

        private SnapshotInfo ReadInfo(SqliteDataReader reader) => new SnapshotInfo
        {
            Id = reader.GetInt64(0),
            Name = reader.GetString(1),
            TakenOn = Parse(reader.GetString(2)),
            CreatedOn = Parse(reader.GetString(3)),
            IdentityCount = reader.GetInt32(4),
            Source = reader.IsDBNull(5) ? null : reader.GetString(5),
            StorePath = path,
        };

        private SqliteCommand Command(SqliteTransaction transaction, string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command;
        }

        private static DateTime Utc(DateTime value) =>
            value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();

        // Fixed-width UTC text: sorts as time sorts, so ORDER BY taken_on is chronological.
        private static string Text(DateTime value) => Utc(value).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        private static DateTime Parse(string text) =>
            DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }
}
