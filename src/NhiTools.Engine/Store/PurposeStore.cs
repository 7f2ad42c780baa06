using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Data.Sqlite;
using NhiTools.Hosting;

namespace NhiTools.Engine.Store
{
    /// <summary>Purposes kept in the store (migration 7) for identities whose source cannot hold one; each change is audited.</summary>
    public sealed class PurposeStore
    {
        private readonly SqliteConnection connection;
        private readonly NhiStore store;

        internal PurposeStore(SqliteConnection connection, NhiStore store)
        {
            this.connection = connection;
            this.store = store;
        }

        public IReadOnlyDictionary<string, string> List()
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (!store.HasTable("purposes")) return result;
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT identity_id, purpose FROM purposes;";
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read()) result[reader.GetString(0)] = reader.GetString(1);
                }
            }

            return result;
        }

        /// <summary>Sets (or, with an empty purpose, clears) the purpose of one identity; the audit row holds the new purpose.</summary>
        public void Set(string identityId, string purpose, string actor, DateTime now)
        {
            if (string.IsNullOrWhiteSpace(identityId))
                throw new NhiException("NhiInvalidIdentity", NhiErrorCategory.InvalidArgument, "The identity has no Id.");
            var text = string.IsNullOrWhiteSpace(purpose) ? null : purpose.Trim();
            StoreWrite.Run(store.Path, () =>
            {
                using (var transaction = connection.BeginTransaction())
                using (var command = connection.CreateCommand())
                {
                    command.Transaction = transaction;
                    command.CommandText = text == null
                        ? "DELETE FROM purposes WHERE identity_id = $id;"
                        : @"INSERT INTO purposes(identity_id, purpose, updated_on, updated_by) VALUES($id, $p, $on, $by)
                            ON CONFLICT(identity_id) DO UPDATE SET purpose = excluded.purpose, updated_on = excluded.updated_on, updated_by = excluded.updated_by;";
                    command.Parameters.AddWithValue("$id", identityId);
                    command.Parameters.AddWithValue("$p", (object)text ?? DBNull.Value);
                    command.Parameters.AddWithValue("$on", now.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
                    command.Parameters.AddWithValue("$by", (object)actor ?? DBNull.Value);
                    command.ExecuteNonQuery();
                    store.WriteAudit(transaction, now, actor, text == null ? "ClearPurpose" : "SetPurpose", identityId, text);
                    transaction.Commit();
                    return true;
                }
            });
        }
    }
}
