using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Data.Sqlite;
using NhiTools.Engine.Governance;

namespace NhiTools.Engine.Store
{
    /// <summary>Exceptions kept in the store (migration 7). Every add and removal writes an audit row in the same transaction.</summary>
    public sealed class ExemptionStore
    {
        private const string Columns = "id, rule, identity_id, reason, expires_on, approved_by, created_on, created_by";
        private readonly SqliteConnection connection;
        private readonly NhiStore store;

        internal ExemptionStore(SqliteConnection connection, NhiStore store)
        {
            this.connection = connection;
            this.store = store;
        }

        /// <summary>Validates (refusing open-ended or unapproved exceptions before anything is written), stores and returns it with its id.</summary>
        public Exemption Add(Exemption e, string actor, DateTime now)
        {
            ExemptionRules.Validate(e);
            return StoreWrite.Run(store.Path, () =>
            {
                using (var transaction = connection.BeginTransaction())
                {
                    long id;
                    using (var command = Command(transaction, @"INSERT INTO exemptions(rule, identity_id, reason, expires_on, approved_by, created_on, created_by)
                        VALUES($rule, $id, $reason, $expires, $approver, $on, $by); SELECT last_insert_rowid();"))
                    {
                        command.Parameters.AddWithValue("$rule", e.Rule.Trim());
                        command.Parameters.AddWithValue("$id", e.IdentityId.Trim());
                        command.Parameters.AddWithValue("$reason", e.Reason.Trim());
                        command.Parameters.AddWithValue("$expires", Text(e.ExpiresOn));
                        command.Parameters.AddWithValue("$approver", e.ApprovedBy.Trim());
                        command.Parameters.AddWithValue("$on", Text(now));
                        command.Parameters.AddWithValue("$by", (object)actor ?? DBNull.Value);
                        id = (long)command.ExecuteScalar();
                    }

                    store.WriteAudit(transaction, now, actor, "AddException", e.IdentityId.Trim(),
                        e.Rule.Trim() + " until " + Text(e.ExpiresOn) + ", approved by " + e.ApprovedBy.Trim() + ": " + e.Reason.Trim());
                    var saved = Find(id, transaction);
                    transaction.Commit();
                    return saved;
                }
            });
        }

        /// <summary>Every stored exception, oldest first (State is left Active: the caller sets it for its AsOf).</summary>
        public IReadOnlyList<Exemption> List()
        {
            var list = new List<Exemption>();
            if (!store.HasTable("exemptions")) return list;
            using (var command = Command(null, "SELECT " + Columns + " FROM exemptions ORDER BY id;"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) list.Add(Read(reader));
            }

            return list;
        }

        public Exemption Find(long id) => store.HasTable("exemptions") ? Find(id, null) : null;

        /// <summary>Removes one exception (its finding opens again); false when there was none. The audit row keeps what it was.</summary>
        public bool Delete(long id, string actor, DateTime now) => StoreWrite.Run(store.Path, () =>
        {
            using (var transaction = connection.BeginTransaction())
            {
                var existing = Find(id, transaction);
                if (existing == null)
                {
                    transaction.Rollback();
                    return false;
                }

                using (var command = Command(transaction, "DELETE FROM exemptions WHERE id = $id;"))
                {
                    command.Parameters.AddWithValue("$id", id);
                    command.ExecuteNonQuery();
                }

                store.WriteAudit(transaction, now, actor, "RemoveException", existing.IdentityId, ExemptionRules.Describe(existing));
                transaction.Commit();
                return true;
            }
        });

        private Exemption Find(long id, SqliteTransaction transaction)
        {
            using (var command = Command(transaction, "SELECT " + Columns + " FROM exemptions WHERE id = $id;"))
            {
                command.Parameters.AddWithValue("$id", id);
                using (var reader = command.ExecuteReader())
                {
                    return reader.Read() ? Read(reader) : null;
                }
            }
        }

        private Exemption Read(SqliteDataReader r) => new Exemption
        {
            Id = r.GetInt64(0),
            Rule = r.GetString(1),
            IdentityId = r.GetString(2),
            Reason = r.GetString(3),
            ExpiresOn = Parse(r.GetString(4)),
            ApprovedBy = r.GetString(5),
            CreatedOn = Parse(r.GetString(6)),
            CreatedBy = r.IsDBNull(7) ? null : r.GetString(7),
            Source = store.Path,
        };

        private SqliteCommand Command(SqliteTransaction transaction, string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command;
        }

        private static string Text(DateTime value) => ExemptionRules.ToUtc(value).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        private static DateTime Parse(string text) =>
            DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }
}
