using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using NhiTools.Engine.Store;
using NhiTools.Hosting;

namespace NhiTools.Engine.Journal
{
    /// <summary>
    /// The change journal in the embedded SQLite store (migration 4). Every lease and row operation runs in a
    /// BEGIN IMMEDIATE transaction, so two processes sharing the file are serialised by SQLite's write lock (WAL and
    /// the store's busy timeout make them wait rather than fail). Rows carry an ETag (new on every save) and the
    /// WriteToken of the save that wrote them; leases carry a fencing token that changes on every take-over.
    /// </summary>
    public sealed class SqliteChangeJournal : IChangeJournal
    {
        private const string RowColumns = "key, kind, operation_id, identity_id, identity_name, provider, state, step, old_credential_id, new_credential_id, " +
            "vault_secret_id, started_on, updated_on, next_step_after, last_error, actor, reason, data, etag, write_token, lease_holder, lease_expires_on";
        private const string ChangeColumns = "id, at, actor, action, identity_id, identity_name, provider, target, operation_id, reason, before, after, outcome";

        private readonly NhiStore _store;
        private readonly SqliteConnection _connection;
        private readonly Func<DateTime> _clock;
        private readonly object _gate = new object();

        /// <summary>Opens (creating and migrating if needed) the store file and its journal tables.</summary>
        /// <param name="clock">UTC now; tests move it to expire leases.</param>
        public SqliteChangeJournal(string storePath, Func<DateTime> clock = null)
        {
            _store = NhiStore.Open(storePath);
            _connection = _store.Connection;
            _clock = clock ?? (() => DateTime.UtcNow);
        }

        public string Description => "SQLite journal in " + _store.Path;

        public string StorePath => _store.Path;

        public JournalLease TryAcquireLease(string key, string holder, TimeSpan duration)
        {
            Require(key, nameof(key));
            Require(holder, nameof(holder));
            return Write(tx =>
            {
                var now = _clock();
                var current = ReadLease(tx, key);
                if (current != null && current.ExpiresOn > now && !string.Equals(current.Holder, holder, StringComparison.Ordinal))
                {
                    return null;
                }

                // Same holder with a live lease keeps its token (a renewal); anyone else gets a new fencing token.
                var sameLive = current != null && current.ExpiresOn > now && string.Equals(current.Holder, holder, StringComparison.Ordinal);
                var lease = new JournalLease
                {
                    Key = key,
                    Holder = holder,
                    Token = sameLive ? current.Token : Guid.NewGuid().ToString("N"),
                    ExpiresOn = now + duration,
                };
                UpsertLease(tx, lease);
                return lease;
            });
        }

        public void RenewLease(JournalLease lease, TimeSpan duration)
        {
            if (lease == null) throw new ArgumentNullException(nameof(lease));
            Write(tx =>
            {
                var current = ReadLease(tx, lease.Key);
                if (current != null && !string.Equals(current.Token, lease.Token, StringComparison.Ordinal))
                {
                    throw LeaseLost(lease, current);
                }

                // Ours, live or expired-but-untaken (or released): extend it under the same token.
                lease.ExpiresOn = _clock() + duration;
                UpsertLease(tx, lease);
                return true;
            });
        }

        public void ReleaseLease(JournalLease lease)
        {
            if (lease == null) return;
            try
            {
                Write(tx =>
                {
                    using (var command = Command(tx, "DELETE FROM journal_leases WHERE key = $key AND token = $token;"))
                    {
                        command.Parameters.AddWithValue("$key", lease.Key);
                        command.Parameters.AddWithValue("$token", lease.Token);
                        command.ExecuteNonQuery();
                    }

                    return true;
                });
            }
            catch (SqliteException)
            {
                // Best effort: an unreleased lease simply expires.
            }
        }

        public JournalRow Get(string key)
        {
            Require(key, nameof(key));
            lock (_gate)
            {
                return Guard(() => ReadRow(null, key));
            }
        }

        public IReadOnlyList<JournalRow> List(string kind = null)
        {
            lock (_gate)
            {
                return Guard(() =>
                {
                    var list = new List<JournalRow>();
                    using (var command = Command(null, "SELECT " + RowColumns + " FROM journal_rows" + (kind == null ? "" : " WHERE kind = $kind") + " ORDER BY started_on, key;"))
                    {
                        if (kind != null) command.Parameters.AddWithValue("$kind", kind);
                        using (var reader = command.ExecuteReader())
                        {
                            while (reader.Read()) list.Add(ReadRow(reader));
                        }
                    }

                    return (IReadOnlyList<JournalRow>)list;
                });
            }
        }

        public JournalRow Save(JournalRow row, JournalLease lease)
        {
            if (row == null) throw new ArgumentNullException(nameof(row));
            if (lease == null) throw new ArgumentNullException(nameof(lease));
            Require(row.Key, "row.Key");
            if (!string.Equals(row.Key, lease.Key, StringComparison.Ordinal))
            {
                throw new NhiException("NhiLeaseLost", NhiErrorCategory.ResourceBusy, "The lease on '" + lease.Key + "' does not cover the row '" + row.Key + "'.", row.Key);
            }

            // A retry of a save whose answer was lost keeps the token it was first sent with (set on the caller's object).
            var token = row.WriteToken;
            return Write(tx =>
            {
                var now = _clock();
                var held = ReadLease(tx, lease.Key);
                if (held == null || !string.Equals(held.Token, lease.Token, StringComparison.Ordinal))
                {
                    throw LeaseLost(lease, held);
                }

                var stored = ReadRow(tx, row.Key);
                var matches = stored == null ? row.ETag == null : string.Equals(stored.ETag, row.ETag, StringComparison.Ordinal);
                if (!matches)
                {
                    if (stored != null && token != null && string.Equals(stored.WriteToken, token, StringComparison.Ordinal))
                    {
                        return stored; // our own write landed; only its answer was lost
                    }

                    throw new NhiException("NhiJournalConflict", NhiErrorCategory.ResourceBusy,
                        "The journal row '" + row.Key + "' was changed by someone else (expected ETag " + (row.ETag ?? "none") + ", found " + (stored?.ETag ?? "none") + ").", row.Key);
                }

                token = Guid.NewGuid().ToString("N");
                row.WriteToken = token;
                var saved = row.Clone();
                saved.ETag = Guid.NewGuid().ToString("N");
                saved.WriteToken = token;
                saved.LeaseHolder = lease.Holder;
                saved.LeaseExpiresOn = held.ExpiresOn;
                saved.UpdatedOn = now;
                if (saved.StartedOn == default(DateTime)) saved.StartedOn = now;
                if (string.IsNullOrEmpty(saved.Kind)) saved.Kind = "Rotation";
                if (string.IsNullOrEmpty(saved.State)) saved.State = "Idle";
                UpsertRow(tx, saved);
                return saved;
            });
        }

        public ChangeRecord Append(ChangeRecord change)
        {
            if (change == null) throw new ArgumentNullException(nameof(change));
            Require(change.Action, "change.Action");
            if (string.IsNullOrEmpty(change.Id)) change.Id = Guid.NewGuid().ToString("N");
            if (change.At == default(DateTime)) change.At = _clock();
            return Write(tx =>
            {
                using (var command = Command(tx, "INSERT OR IGNORE INTO journal_changes(" + ChangeColumns + ") VALUES($id, $at, $actor, $action, $iid, $iname, $provider, $target, $op, $reason, $before, $after, $outcome);"))
                {
                    Add(command, "$id", change.Id);
                    Add(command, "$at", Text(change.At));
                    Add(command, "$actor", change.Actor);
                    Add(command, "$action", change.Action);
                    Add(command, "$iid", change.IdentityId);
                    Add(command, "$iname", change.IdentityName);
                    Add(command, "$provider", change.Provider);
                    Add(command, "$target", change.Target);
                    Add(command, "$op", change.OperationId);
                    Add(command, "$reason", change.Reason);
                    Add(command, "$before", change.Before);
                    Add(command, "$after", change.After);
                    Add(command, "$outcome", change.Outcome);
                    command.ExecuteNonQuery();
                }

                return change;
            });
        }

        public IReadOnlyList<ChangeRecord> Changes(ChangeQuery query = null)
        {
            var sql = new StringBuilder("SELECT " + ChangeColumns + " FROM journal_changes WHERE 1 = 1");
            if (query?.IdentityId != null) sql.Append(" AND identity_id = $iid");
            if (query?.OperationId != null) sql.Append(" AND operation_id = $op");
            if (query?.Action != null) sql.Append(" AND action = $action");
            if (query?.After != null) sql.Append(" AND at > $after");
            if (query?.Before != null) sql.Append(" AND at < $before");
            sql.Append(" ORDER BY at, seq;");
            lock (_gate)
            {
                return Guard(() =>
                {
                    var list = new List<ChangeRecord>();
                    using (var command = Command(null, sql.ToString()))
                    {
                        if (query?.IdentityId != null) command.Parameters.AddWithValue("$iid", query.IdentityId);
                        if (query?.OperationId != null) command.Parameters.AddWithValue("$op", query.OperationId);
                        if (query?.Action != null) command.Parameters.AddWithValue("$action", query.Action);
                        if (query?.After != null) command.Parameters.AddWithValue("$after", Text(query.After.Value));
                        if (query?.Before != null) command.Parameters.AddWithValue("$before", Text(query.Before.Value));
                        using (var reader = command.ExecuteReader())
                        {
                            while (reader.Read())
                            {
                                list.Add(new ChangeRecord
                                {
                                    Id = reader.GetString(0),
                                    At = Time(reader.GetString(1)),
                                    Actor = Str(reader, 2),
                                    Action = reader.GetString(3),
                                    IdentityId = Str(reader, 4),
                                    IdentityName = Str(reader, 5),
                                    Provider = Str(reader, 6),
                                    Target = Str(reader, 7),
                                    OperationId = Str(reader, 8),
                                    Reason = Str(reader, 9),
                                    Before = Str(reader, 10),
                                    After = Str(reader, 11),
                                    Outcome = Str(reader, 12),
                                });
                            }
                        }
                    }

                    return (IReadOnlyList<ChangeRecord>)list;
                });
            }
        }

        public void Dispose() => _store.Dispose();

        private T Write<T>(Func<SqliteTransaction, T> work)
        {
            lock (_gate)
            {
                return Guard(() =>
                {
                    // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is taken before the read, so the
                    // read-check-write below is atomic across processes.
                    using (var tx = _connection.BeginTransaction())
                    {
                        var result = work(tx);
                        tx.Commit();
                        return result;
                    }
                });
            }
        }

        private T Guard<T>(Func<T> work)
        {
            try
            {
                return work();
            }
            catch (SqliteException ex)
            {
                throw new NhiException("NhiJournalUnavailable", NhiErrorCategory.OpenError,
                    "The journal in '" + _store.Path + "' could not be read or written: " + ex.Message, _store.Path, ex);
            }
        }

        private JournalLease ReadLease(SqliteTransaction tx, string key)
        {
            using (var command = Command(tx, "SELECT holder, token, expires_on FROM journal_leases WHERE key = $key;"))
            {
                command.Parameters.AddWithValue("$key", key);
                using (var reader = command.ExecuteReader())
                {
                    if (!reader.Read()) return null;
                    return new JournalLease { Key = key, Holder = reader.GetString(0), Token = reader.GetString(1), ExpiresOn = Time(reader.GetString(2)) };
                }
            }
        }

        private void UpsertLease(SqliteTransaction tx, JournalLease lease)
        {
            using (var command = Command(tx, @"INSERT INTO journal_leases(key, holder, token, expires_on) VALUES($key, $holder, $token, $expires)
                ON CONFLICT(key) DO UPDATE SET holder = excluded.holder, token = excluded.token, expires_on = excluded.expires_on;"))
            {
                command.Parameters.AddWithValue("$key", lease.Key);
                command.Parameters.AddWithValue("$holder", lease.Holder);
                command.Parameters.AddWithValue("$token", lease.Token);
                command.Parameters.AddWithValue("$expires", Text(lease.ExpiresOn));
                command.ExecuteNonQuery();
            }
        }

        private JournalRow ReadRow(SqliteTransaction tx, string key)
        {
            using (var command = Command(tx, "SELECT " + RowColumns + " FROM journal_rows WHERE key = $key;"))
            {
                command.Parameters.AddWithValue("$key", key);
                using (var reader = command.ExecuteReader())
                {
                    return reader.Read() ? ReadRow(reader) : null;
                }
            }
        }

        private static JournalRow ReadRow(SqliteDataReader r) => new JournalRow
        {
            Key = r.GetString(0),
            Kind = r.GetString(1),
            OperationId = Str(r, 2),
            IdentityId = Str(r, 3),
            IdentityName = Str(r, 4),
            Provider = Str(r, 5),
            State = r.GetString(6),
            Step = Str(r, 7),
            OldCredentialId = Str(r, 8),
            NewCredentialId = Str(r, 9),
            VaultSecretId = Str(r, 10),
            StartedOn = Time(r.GetString(11)),
            UpdatedOn = Time(r.GetString(12)),
            NextStepAfter = r.IsDBNull(13) ? (DateTime?)null : Time(r.GetString(13)),
            LastError = Str(r, 14),
            Actor = Str(r, 15),
            Reason = Str(r, 16),
            Data = DataCodec.Decode(Str(r, 17)),
            ETag = r.GetString(18),
            WriteToken = Str(r, 19),
            LeaseHolder = Str(r, 20),
            LeaseExpiresOn = r.IsDBNull(21) ? (DateTime?)null : Time(r.GetString(21)),
        };

        private void UpsertRow(SqliteTransaction tx, JournalRow row)
        {
            using (var command = Command(tx, "INSERT OR REPLACE INTO journal_rows(" + RowColumns + @") VALUES($key, $kind, $op, $iid, $iname, $provider, $state, $step, $old, $new,
                $vault, $started, $updated, $next, $error, $actor, $reason, $data, $etag, $token, $holder, $expires);"))
            {
                Add(command, "$key", row.Key);
                Add(command, "$kind", row.Kind);
                Add(command, "$op", row.OperationId);
                Add(command, "$iid", row.IdentityId);
                Add(command, "$iname", row.IdentityName);
                Add(command, "$provider", row.Provider);
                Add(command, "$state", row.State);
                Add(command, "$step", row.Step);
                Add(command, "$old", row.OldCredentialId);
                Add(command, "$new", row.NewCredentialId);
                Add(command, "$vault", row.VaultSecretId);
                Add(command, "$started", Text(row.StartedOn));
                Add(command, "$updated", Text(row.UpdatedOn));
                Add(command, "$next", row.NextStepAfter.HasValue ? Text(row.NextStepAfter.Value) : null);
                Add(command, "$error", row.LastError);
                Add(command, "$actor", row.Actor);
                Add(command, "$reason", row.Reason);
                Add(command, "$data", DataCodec.Encode(row.Data));
                Add(command, "$etag", row.ETag);
                Add(command, "$token", row.WriteToken);
                Add(command, "$holder", row.LeaseHolder);
                Add(command, "$expires", row.LeaseExpiresOn.HasValue ? Text(row.LeaseExpiresOn.Value) : null);
                command.ExecuteNonQuery();
            }
        }

        private SqliteCommand Command(SqliteTransaction tx, string sql)
        {
            var command = _connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            return command;
        }

        private static NhiException LeaseLost(JournalLease lease, JournalLease current) =>
            new NhiException("NhiLeaseLost", NhiErrorCategory.ResourceBusy,
                "The lease on '" + lease.Key + "' held by " + lease.Holder + " was lost" + (current == null ? "." : " to " + current.Holder + "."), lease.Key);

        private static void Add(SqliteCommand command, string name, string value) =>
            command.Parameters.AddWithValue(name, (object)value ?? DBNull.Value);

        private static string Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

        internal static string Text(DateTime value) =>
            (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc)).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

        internal static DateTime Time(string text) =>
            DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

        private static void Require(string value, string name)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new NhiException("NhiJournalBadArgument", NhiErrorCategory.InvalidArgument, name + " is required.", name);
        }
    }
}
