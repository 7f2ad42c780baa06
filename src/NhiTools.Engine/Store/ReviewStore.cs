using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;
using NhiTools.Engine.Governance;
using NhiTools.Hosting;

namespace NhiTools.Engine.Store
{
    /// <summary>
    /// Access review campaigns and their items (migration 7). Evidence is written once, at creation; a decision updates its
    /// item inside a write transaction (two owners deciding at once both keep theirs) and writes an audit row: who decided
    /// what, when, and why. A decision made again is updated, and the audit keeps every one.
    /// </summary>
    public sealed class ReviewStore
    {
        private const string Columns = "i.review, r.due_on, i.identity_id, i.identity_name, i.provider, i.kind, i.owners, i.purpose, i.credentials, i.granted, i.usage, i.unused_rights, i.findings, i.decision, i.justification, i.decided_by, i.decided_on, i.unused_permissions";
        private readonly SqliteConnection connection;
        private readonly NhiStore store;

        internal ReviewStore(SqliteConnection connection, NhiStore store)
        {
            this.connection = connection;
            this.store = store;
        }

        /// <summary>Creates a campaign with its items; a name already used is NhiReviewExists and nothing is written.</summary>
        public void Create(string name, DateTime dueOn, IReadOnlyCollection<ReviewItem> items, string actor, DateTime now)
        {
            if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(new[] { '*', '?', '\n', '\r' }) >= 0)
                throw new NhiException("NhiInvalidReviewName", NhiErrorCategory.InvalidArgument, "'" + name + "' is not a valid review name (non-empty, no * ? or line breaks).", name);
            StoreWrite.Run(store.Path, () =>
            {
                using (var transaction = connection.BeginTransaction())
                {
                    using (var check = Command(transaction, "SELECT count(*) FROM reviews WHERE name = $n;"))
                    {
                        check.Parameters.AddWithValue("$n", name);
                        if (Convert.ToInt32(check.ExecuteScalar(), CultureInfo.InvariantCulture) > 0)
                            throw new NhiException("NhiReviewExists", NhiErrorCategory.ResourceExists,
                                "A review named '" + name + "' already exists in " + store.Path + ": choose another name. Nothing was written.", name);
                    }

                    using (var command = Command(transaction, "INSERT INTO reviews(name, due_on, created_on, created_by) VALUES($n, $due, $on, $by);"))
                    {
                        command.Parameters.AddWithValue("$n", name);
                        command.Parameters.AddWithValue("$due", Text(dueOn));
                        command.Parameters.AddWithValue("$on", Text(now));
                        command.Parameters.AddWithValue("$by", (object)actor ?? DBNull.Value);
                        command.ExecuteNonQuery();
                    }

                    foreach (var item in items)
                    {
                        using (var command = Command(transaction, @"INSERT OR REPLACE INTO review_items(review, identity_id, identity_name, provider, kind, owners, purpose, credentials, granted, usage, unused_rights, findings, unused_permissions)
                            VALUES($r, $id, $name, $provider, $kind, $owners, $purpose, $creds, $granted, $usage, $unused, $findings, $unusedNames);"))
                        {
                            command.Parameters.AddWithValue("$r", name);
                            command.Parameters.AddWithValue("$id", item.IdentityId);
                            command.Parameters.AddWithValue("$name", (object)item.IdentityName ?? DBNull.Value);
                            command.Parameters.AddWithValue("$provider", (object)item.Provider ?? DBNull.Value);
                            command.Parameters.AddWithValue("$kind", (object)item.Kind ?? DBNull.Value);
                            command.Parameters.AddWithValue("$owners", Join(item.Owners));
                            command.Parameters.AddWithValue("$purpose", (object)item.Purpose ?? DBNull.Value);
                            command.Parameters.AddWithValue("$creds", Join(item.Credentials));
                            command.Parameters.AddWithValue("$granted", Join(item.Granted));
                            command.Parameters.AddWithValue("$usage", (object)item.Usage ?? DBNull.Value);
                            command.Parameters.AddWithValue("$unused", item.UnusedRights ? 1 : 0);
                            command.Parameters.AddWithValue("$findings", Join(item.Findings));
                            command.Parameters.AddWithValue("$unusedNames", Join(item.UnusedPermissions));
                            command.ExecuteNonQuery();
                        }
                    }

                    store.WriteAudit(transaction, now, actor, "NewReview", "review:" + name, items.Count + " identities, due " + Text(dueOn));
                    transaction.Commit();
                    return true;
                }
            });
        }

        /// <summary>Items, optionally of one campaign (null: all), in campaign then identity order.</summary>
        public IReadOnlyList<ReviewItem> Items(string review = null, string identityId = null) => Items(review, identityId, null);

        /// <summary>
        /// Records a decision. The item is re-read inside the write transaction and checked there (a keep of unused rights or
        /// of an unowned identity needs a justification that says why): a refused decision records nothing.
        /// </summary>
        public ReviewItem Decide(string review, string identityId, ReviewDecision decision, string justification, string decidedBy, DateTime now) =>
            StoreWrite.Run(store.Path, () =>
            {
                using (var transaction = connection.BeginTransaction())
                {
                    var item = Items(review, identityId, transaction).FirstOrDefault();
                    if (item == null)
                        throw new NhiException("NhiReviewItemNotFound", NhiErrorCategory.ObjectNotFound,
                            "Review '" + review + "' has no item for " + identityId + " in " + store.Path + ".", identityId);
                    ReviewRules.CheckDecision(item, decision, justification);
                    using (var command = Command(transaction, @"UPDATE review_items SET decision = $d, justification = $j, decided_by = $by, decided_on = $on
                        WHERE review = $r AND identity_id = $id;"))
                    {
                        command.Parameters.AddWithValue("$d", decision.ToString());
                        command.Parameters.AddWithValue("$j", (object)Blank(justification) ?? DBNull.Value);
                        command.Parameters.AddWithValue("$by", (object)decidedBy ?? DBNull.Value);
                        command.Parameters.AddWithValue("$on", Text(now));
                        command.Parameters.AddWithValue("$r", item.Review);
                        command.Parameters.AddWithValue("$id", item.IdentityId);
                        command.ExecuteNonQuery();
                    }

                    store.WriteAudit(transaction, now, decidedBy, "ReviewDecision", item.IdentityId,
                        "review " + item.Review + ": " + decision + (Blank(justification) == null ? string.Empty : " - " + justification.Trim()));
                    var saved = Items(item.Review, item.IdentityId, transaction).First();
                    transaction.Commit();
                    return saved;
                }
            });

        /// <summary>The latest decision date of each identity (Identity.LastReviewedOn, NHI-NOT-REVIEWED).</summary>
        public IReadOnlyDictionary<string, DateTime> LastReviewed()
        {
            var result = new Dictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);
            if (!store.HasTable("review_items")) return result;
            using (var command = Command(null, "SELECT identity_id, max(decided_on) FROM review_items WHERE decided_on IS NOT NULL GROUP BY identity_id;"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) result[reader.GetString(0)] = Parse(reader.GetString(1));
            }

            return result;
        }

        private IReadOnlyList<ReviewItem> Items(string review, string identityId, SqliteTransaction transaction)
        {
            var list = new List<ReviewItem>();
            if (!store.HasTable("review_items")) return list;
            var where = new List<string>();
            if (review != null) where.Add("i.review = $r");
            if (identityId != null) where.Add("i.identity_id = $id");
            using (var command = Command(transaction, "SELECT " + Columns + " FROM review_items i JOIN reviews r ON r.name = i.review"
                + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty) + " ORDER BY r.created_on, i.review, i.identity_id;"))
            {
                if (review != null) command.Parameters.AddWithValue("$r", review);
                if (identityId != null) command.Parameters.AddWithValue("$id", identityId);
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read()) list.Add(Read(reader));
                }
            }

            return list;
        }

        private ReviewItem Read(SqliteDataReader r)
        {
            string S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            var item = new ReviewItem
            {
                Review = r.GetString(0),
                DueOn = Parse(r.GetString(1)),
                IdentityId = r.GetString(2),
                IdentityName = S(3),
                Provider = S(4),
                Kind = S(5),
                Owners = Split(r.GetString(6)),
                Purpose = S(7),
                Credentials = Split(r.GetString(8)),
                Granted = Split(r.GetString(9)),
                Usage = S(10),
                UnusedRights = r.GetInt64(11) != 0,
                Findings = Split(r.GetString(12)),
                Decision = S(13) == null ? (ReviewDecision?)null : (ReviewDecision)Enum.Parse(typeof(ReviewDecision), S(13)),
                Justification = S(14),
                DecidedBy = S(15),
                DecidedOn = S(16) == null ? (DateTime?)null : Parse(S(16)),
                UnusedPermissions = S(17) == null ? Array.Empty<string>() : Split(S(17)),
                StorePath = store.Path,
            };
            item.State = item.Decision.HasValue ? ReviewState.Decided : ReviewState.Pending;
            return item;
        }

        private SqliteCommand Command(SqliteTransaction transaction, string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command;
        }

        private static string Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        private static string Join(string[] values) => string.Join("\n", (values ?? Array.Empty<string>()).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Replace('\n', ' ').Trim()));
        private static string[] Split(string value) => string.IsNullOrEmpty(value) ? Array.Empty<string>() : value.Split('\n');
        private static string Text(DateTime value) => ExemptionRules.ToUtc(value).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        private static DateTime Parse(string text) =>
            DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }
}
