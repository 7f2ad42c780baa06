using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Azure;
using Azure.Data.Tables;
using Azure.Identity;
using NhiTools.Hosting;

namespace NhiTools.Engine.Journal
{
    /// <summary>
    /// The change journal on Azure Table Storage, shared by every Automation job and hybrid worker that names it.
    ///
    /// Layout (one table): a partition per journal key ("k|" + encoded key) holding two entities, RowKey "row" (the
    /// state row) and RowKey "lease" (holder, token, expiry); and one partition "changes" with a change record per
    /// entity, RowKey = encoded record Id (so appending is idempotent on Id). Keeping the row and its lease in one
    /// partition lets a save be one entity-group transaction: the lease is touched with If-Match on the ETag it had
    /// when we checked its token, and the row is added (must not exist) or replaced with If-Match on the caller's
    /// ETag. A take-over between the check and the write fails the whole transaction: that is the fencing.
    ///
    /// Lost answers (reliability.md §8): when a conditional write commits but its response is lost, the SDK's retry
    /// meets 412/409. Every write carries a fresh WriteToken; on 412/409/transport failure the entity is re-read, and
    /// a stored WriteToken equal to ours means the write was our own, and it succeeded.
    ///
    /// Lease expiry is judged on this machine's clock: workers sharing a journal need clocks within a small fraction
    /// of the lease (60 s leases; NTP keeps clocks within a second).
    /// </summary>
    public sealed class AzureTableChangeJournal : IChangeJournal
    {
        const string RowRowKey = "row";
        const string LeaseRowKey = "lease";
        const string ChangesPartition = "changes";
        const int MaxStringLength = 30000; // a Table string property holds at most 32 K characters

        readonly TableClient _table;
        readonly object _gate = new object();
        bool _tableReady;

        public string Description { get; }

        /// <summary>Opens the journal a connection string names (see <see cref="TableJournalConnection"/>).</summary>
        /// <param name="options">SDK options (retries, transport); tests pass a transport that loses answers.</param>
        public AzureTableChangeJournal(string connectionString, TableClientOptions options = null)
            : this(TableJournalConnection.Parse(connectionString), options) { }

        public AzureTableChangeJournal(TableJournalConnection connection, TableClientOptions options = null)
        {
            if (connection == null) throw new ArgumentNullException(nameof(connection));
            Description = "Azure Table " + connection.Description;
            try
            {
                TableServiceClient service = connection.HasSharedCredential
                    ? new TableServiceClient(connection.StorageConnectionString, options ?? new TableClientOptions())
                    : new TableServiceClient(connection.TableEndpoint, new DefaultAzureCredential(), options ?? new TableClientOptions());
                _table = service.GetTableClient(connection.TableName);
            }
            catch (Exception e) when (e is FormatException || e is ArgumentException || e is InvalidOperationException)
            {
                // No inner exception and no SDK message: both may quote the connection string, key included.
                throw new NhiException("NhiJournalConnectionInvalid", NhiErrorCategory.InvalidArgument,
                    "The journal connection string for " + Description + " was refused by the Azure Tables client (" + e.GetType().Name + "). The string itself is not shown: it may hold an account key.");
            }
        }

        // ---- leases ------------------------------------------------------------------------------------------------

        public JournalLease TryAcquireLease(string key, string holder, TimeSpan duration)
        {
            Require(key, nameof(key));
            Require(holder, nameof(holder));
            if (duration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration));
            string pk = PartitionFor(key);
            return Call("take the lease on " + key, () =>
            {
                for (int attempt = 0; attempt < 4; attempt++)
                {
                    DateTime now = DateTime.UtcNow;
                    TableEntity current = Find(pk, LeaseRowKey);
                    var lease = new JournalLease { Key = key, Holder = holder, ExpiresOn = now + duration };
                    string writeToken = NewToken();
                    if (current == null)
                    {
                        lease.Token = NewToken();
                        if (TryWrite(() => _table.AddEntity(LeaseEntity(pk, lease, writeToken)), pk, LeaseRowKey, writeToken)) return lease;
                        continue; // someone else created it first: look again
                    }
                    JournalLease held = ToLease(current);
                    bool live = held.ExpiresOn > now;
                    if (live && !string.Equals(held.Holder, holder, StringComparison.Ordinal)) return null; // busy
                    // The same holder renews and keeps its token; an expired lease is taken over with a new token.
                    lease.Token = live ? held.Token : NewToken();
                    if (TryWrite(() => _table.UpdateEntity(LeaseEntity(pk, lease, writeToken), current.ETag, TableUpdateMode.Replace), pk, LeaseRowKey, writeToken))
                        return lease;
                }
                return null; // lost every race for it: someone else is active on this key
            });
        }

        public void RenewLease(JournalLease lease, TimeSpan duration)
        {
            if (lease == null) throw new ArgumentNullException(nameof(lease));
            if (duration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration));
            string pk = PartitionFor(lease.Key);
            Call("renew the lease on " + lease.Key, () =>
            {
                for (int attempt = 0; attempt < 4; attempt++)
                {
                    TableEntity current = Find(pk, LeaseRowKey);
                    if (current != null && !string.Equals(current.GetString("Token"), lease.Token, StringComparison.Ordinal)) throw LeaseLost(lease);
                    // Ours, live or expired-but-untaken, or released (then added back: 409 if someone took it meanwhile).
                    var renewed = new JournalLease { Key = lease.Key, Holder = lease.Holder, Token = lease.Token, ExpiresOn = DateTime.UtcNow + duration };
                    string writeToken = NewToken();
                    Action write = current == null
                        ? (Action)(() => _table.AddEntity(LeaseEntity(pk, renewed, writeToken)))
                        : () => _table.UpdateEntity(LeaseEntity(pk, renewed, writeToken), current.ETag, TableUpdateMode.Replace);
                    if (TryWrite(write, pk, LeaseRowKey, writeToken))
                    {
                        lease.ExpiresOn = renewed.ExpiresOn;
                        return true;
                    }
                }
                throw LeaseLost(lease);
            });
        }

        public void ReleaseLease(JournalLease lease)
        {
            if (lease == null) return;
            string pk = PartitionFor(lease.Key);
            try
            {
                Call("release the lease on " + lease.Key, () =>
                {
                    TableEntity current = Find(pk, LeaseRowKey);
                    if (current != null && string.Equals(current.GetString("Token"), lease.Token, StringComparison.Ordinal))
                        _table.DeleteEntity(pk, LeaseRowKey, current.ETag);
                    return true;
                });
            }
            catch (NhiException) { } // best effort: an unreleased lease simply expires
            catch (RequestFailedException) { }
        }

        // ---- state rows --------------------------------------------------------------------------------------------

        public JournalRow Get(string key)
        {
            Require(key, nameof(key));
            return Call("read " + key, () =>
            {
                TableEntity e = Find(PartitionFor(key), RowRowKey);
                return e == null ? null : ToRow(e);
            });
        }

        public IReadOnlyList<JournalRow> List(string kind = null)
        {
            return Call("list its rows", () =>
            {
                string filter = string.IsNullOrEmpty(kind)
                    ? TableClient.CreateQueryFilter($"RowKey eq {RowRowKey}")
                    : TableClient.CreateQueryFilter($"RowKey eq {RowRowKey} and Kind eq {kind}");
                return (IReadOnlyList<JournalRow>)_table.Query<TableEntity>(filter).Select(ToRow)
                    .OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            });
        }

        public JournalRow Save(JournalRow row, JournalLease lease)
        {
            if (row == null) throw new ArgumentNullException(nameof(row));
            if (lease == null) throw new ArgumentNullException(nameof(lease));
            Require(row.Key, "row.Key");
            if (!string.Equals(lease.Key, row.Key, StringComparison.Ordinal))
                throw new NhiException("NhiLeaseLost", NhiErrorCategory.ResourceBusy, "The lease on '" + lease.Key + "' does not cover the row '" + row.Key + "'.", row.Key);
            string pk = PartitionFor(row.Key);
            // A caller retrying a save whose answer it lost sends the same row object again: it still carries the
            // token that save was sent with (set on the caller's object, as the SQLite journal does).
            string retryToken = row.WriteToken;

            return Call("save " + row.Key, () =>
            {
                TableEntity held = Find(pk, LeaseRowKey);
                if (held == null || !string.Equals(held.GetString("Token"), lease.Token, StringComparison.Ordinal)) throw LeaseLost(lease);

                DateTime now = DateTime.UtcNow;
                string token = NewToken();
                row.WriteToken = token;
                JournalRow toStore = row.Clone();
                toStore.WriteToken = token;
                toStore.LeaseHolder = lease.Holder;
                toStore.LeaseExpiresOn = ToLease(held).ExpiresOn;
                toStore.UpdatedOn = now;
                if (toStore.StartedOn == default(DateTime)) toStore.StartedOn = now;
                if (string.IsNullOrEmpty(toStore.Kind)) toStore.Kind = "Rotation";
                if (string.IsNullOrEmpty(toStore.State)) toStore.State = "Idle";

                // Touch the lease with If-Match: a take-over after our check fails the whole transaction.
                var actions = new List<TableTransactionAction>
                {
                    new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(pk, LeaseRowKey) { ["TouchedBy"] = token }, held.ETag),
                };
                TableEntity entity = RowEntity(pk, toStore);
                actions.Add(row.ETag == null
                    ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(row.ETag)));

                try
                {
                    Response<IReadOnlyList<Response>> result = _table.SubmitTransaction(actions);
                    Response rowResponse = result.Value[actions.Count - 1];
                    toStore.ETag = rowResponse.Headers.ETag?.ToString();
                    if (toStore.ETag == null) toStore.ETag = Find(pk, RowRowKey)?.ETag.ToString(); // never expected; keeps the row usable
                    return toStore;
                }
                catch (Exception e) when (IsConflict(e) || IsTransport(e))
                {
                    // Our own write whose answer was lost (the SDK retried a committed transaction, or gave up)?
                    TableEntity stored = Find(pk, RowRowKey);
                    string storedToken = stored?.GetString("WriteToken");
                    if (stored != null && (storedToken == token || (retryToken != null && storedToken == retryToken && stored.ETag.ToString() != row.ETag)))
                        return ToRow(stored);
                    if (IsTransport(e)) throw;
                    TableEntity holder = Find(pk, LeaseRowKey);
                    if (holder == null || !string.Equals(holder.GetString("Token"), lease.Token, StringComparison.Ordinal)) throw LeaseLost(lease);
                    throw new NhiException("NhiJournalConflict", NhiErrorCategory.ResourceBusy,
                        "The journal row " + row.Key + " in " + Description + " was changed by someone else since it was read (" +
                        (row.ETag == null ? "it already exists" : "its ETag no longer matches") + ").", row.Key);
                }
            });
        }

        // ---- change records ----------------------------------------------------------------------------------------

        public ChangeRecord Append(ChangeRecord change)
        {
            if (change == null) throw new ArgumentNullException(nameof(change));
            Require(change.Action, "change.Action");
            // Id and At are set on the caller's object too, so a retry of the same object is the same record.
            if (string.IsNullOrEmpty(change.Id)) change.Id = NewToken();
            if (change.At == default(DateTime)) change.At = DateTime.UtcNow;
            var record = Copy(change);
            string rk = TableKeyEncoding.Encode(record.Id);
            return Call("append a change record", () =>
            {
                try
                {
                    _table.AddEntity(ChangeEntity(rk, record));
                    return record;
                }
                catch (Exception e) when (IsConflict(e) || IsTransport(e))
                {
                    // Idempotent on Id: already there (an earlier append, or this one whose answer was lost).
                    TableEntity stored = Find(ChangesPartition, rk);
                    if (stored != null) return ToChange(stored);
                    throw;
                }
            });
        }

        public IReadOnlyList<ChangeRecord> Changes(ChangeQuery query = null)
        {
            query = query ?? new ChangeQuery();
            var filters = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {ChangesPartition}") };
            if (!string.IsNullOrEmpty(query.IdentityId)) filters.Add(TableClient.CreateQueryFilter($"IdentityId eq {query.IdentityId}"));
            if (!string.IsNullOrEmpty(query.OperationId)) filters.Add(TableClient.CreateQueryFilter($"OperationId eq {query.OperationId}"));
            if (!string.IsNullOrEmpty(query.Action)) filters.Add(TableClient.CreateQueryFilter($"Action eq {query.Action}"));
            return Call("read its change records", () =>
            {
                IEnumerable<ChangeRecord> records = _table.Query<TableEntity>(string.Join(" and ", filters)).Select(ToChange);
                // Time bounds are applied here: Tables cannot store dates before 1601, so At is kept as ticks.
                if (query.After.HasValue) { DateTime after = ToUtc(query.After.Value); records = records.Where(r => r.At > after); }
                if (query.Before.HasValue) { DateTime before = ToUtc(query.Before.Value); records = records.Where(r => r.At < before); }
                return (IReadOnlyList<ChangeRecord>)records.OrderBy(r => r.At).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
            });
        }

        public void Dispose() { }

        // ---- plumbing ----------------------------------------------------------------------------------------------

        static string PartitionFor(string key) => "k|" + TableKeyEncoding.Encode(key);
        static string NewToken() => Guid.NewGuid().ToString("N");

        /// <summary>
        /// A conditional write that may race: true when it landed (or landed and its answer was lost: the entity
        /// re-read carries our write token), false when someone else's write got there first.
        /// </summary>
        bool TryWrite(Action write, string pk, string rk, string writeToken)
        {
            try
            {
                write();
                return true;
            }
            catch (Exception e) when (IsConflict(e) || IsTransport(e))
            {
                TableEntity stored = Find(pk, rk);
                if (stored != null && string.Equals(stored.GetString("WriteToken"), writeToken, StringComparison.Ordinal)) return true;
                if (IsTransport(e)) throw;
                return false;
            }
        }

        TableEntity Find(string pk, string rk)
        {
            NullableResponse<TableEntity> response = _table.GetEntityIfExists<TableEntity>(pk, rk);
            return response.HasValue ? response.Value : null;
        }

        // 412: the ETag moved; 409: the entity already exists; 404: it was deleted meanwhile (a released lease).
        static bool IsConflict(Exception e) => e is RequestFailedException r && (r.Status == 409 || r.Status == 412 || r.Status == 404);

        static bool IsTransport(Exception e) =>
            (e is RequestFailedException r && r.Status == 0) || e is IOException || e is HttpRequestException
            || e is TaskCanceledException || e is TimeoutException
            || (e is AggregateException a && a.InnerExceptions.All(IsTransport));

        T Call<T>(string what, Func<T> action)
        {
            try
            {
                EnsureTable();
                return action();
            }
            catch (NhiException) { throw; }
            catch (AuthenticationFailedException e)
            {
                throw new NhiException("NhiJournalUnavailable", NhiErrorCategory.AuthenticationError,
                    "Could not sign in to the journal " + Description + " to " + what + ": " + e.GetType().Name + ".", null, e);
            }
            catch (RequestFailedException e)
            {
                NhiErrorCategory category = e.Status == 401 || e.Status == 403 ? NhiErrorCategory.PermissionDenied
                    : e.Status == 429 || e.Status == 503 ? NhiErrorCategory.LimitsExceeded
                    : e.Status == 0 ? NhiErrorCategory.ConnectionError : NhiErrorCategory.ResourceUnavailable;
                // The SDK's own message carries headers and the response body: status and error code are enough,
                // and cannot carry a key.
                throw new NhiException("NhiJournalUnavailable", category,
                    "The journal " + Description + " could not " + what + ": " +
                    (e.Status == 0 ? "no answer" : "HTTP " + e.Status + (string.IsNullOrEmpty(e.ErrorCode) ? "" : " " + e.ErrorCode)) + ".", null, e);
            }
            catch (Exception e) when (IsTransport(e))
            {
                throw new NhiException("NhiJournalUnavailable", NhiErrorCategory.ConnectionError,
                    "The journal " + Description + " could not " + what + ": no answer (" + e.GetType().Name + ").", null, e);
            }
        }

        void EnsureTable()
        {
            if (_tableReady) return;
            lock (_gate)
            {
                if (_tableReady) return;
                try { _table.CreateIfNotExists(); }
                catch (RequestFailedException e) when (e.Status == 409) { } // created meanwhile by another worker
                _tableReady = true;
            }
        }

        static void Require(string value, string name)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new NhiException("NhiJournalBadArgument", NhiErrorCategory.InvalidArgument, name + " is required.", name);
        }

        static NhiException LeaseLost(JournalLease lease) =>
            new NhiException("NhiLeaseLost", NhiErrorCategory.ResourceBusy,
                "The lease on " + lease.Key + " held by " + lease.Holder + " was lost (it expired and another holder took it); nothing more is written under it.", lease.Key);

        // ---- entity mapping ----------------------------------------------------------------------------------------

        static TableEntity LeaseEntity(string pk, JournalLease lease, string writeToken) => new TableEntity(pk, LeaseRowKey)
        {
            ["Key"] = lease.Key,
            ["Holder"] = lease.Holder,
            ["Token"] = lease.Token,
            ["ExpiresOnTicks"] = ToUtc(lease.ExpiresOn).Ticks,
            ["WriteToken"] = writeToken,
        };

        static JournalLease ToLease(TableEntity e) => new JournalLease
        {
            Key = e.GetString("Key"),
            Holder = e.GetString("Holder"),
            Token = e.GetString("Token"),
            ExpiresOn = FromTicks(e.GetInt64("ExpiresOnTicks")) ?? DateTime.MinValue,
        };

        static TableEntity RowEntity(string pk, JournalRow row)
        {
            var e = new TableEntity(pk, RowRowKey);
            Put(e, "Key", row.Key);
            Put(e, "Kind", row.Kind);
            Put(e, "OperationId", row.OperationId);
            Put(e, "IdentityId", row.IdentityId);
            Put(e, "IdentityName", row.IdentityName);
            Put(e, "Provider", row.Provider);
            Put(e, "State", row.State);
            Put(e, "Step", row.Step);
            Put(e, "OldCredentialId", row.OldCredentialId);
            Put(e, "NewCredentialId", row.NewCredentialId);
            Put(e, "VaultSecretId", row.VaultSecretId);
            Put(e, "LastError", row.LastError);
            Put(e, "Actor", row.Actor);
            Put(e, "Reason", row.Reason);
            Put(e, "WriteToken", row.WriteToken);
            Put(e, "LeaseHolder", row.LeaseHolder);
            if (row.Data != null && row.Data.Count > 0) Put(e, "Data", JsonSerializer.Serialize(row.Data));
            // Dates as ticks (UTC): Tables' DateTime cannot hold DateTime.MinValue, which an unset date is.
            e["StartedOnTicks"] = ToUtc(row.StartedOn).Ticks;
            e["UpdatedOnTicks"] = ToUtc(row.UpdatedOn).Ticks;
            if (row.NextStepAfter.HasValue) e["NextStepAfterTicks"] = ToUtc(row.NextStepAfter.Value).Ticks;
            if (row.LeaseExpiresOn.HasValue) e["LeaseExpiresOnTicks"] = ToUtc(row.LeaseExpiresOn.Value).Ticks;
            return e;
        }

        static JournalRow ToRow(TableEntity e)
        {
            var row = new JournalRow
            {
                Key = e.GetString("Key"),
                Kind = e.GetString("Kind"),
                OperationId = e.GetString("OperationId"),
                IdentityId = e.GetString("IdentityId"),
                IdentityName = e.GetString("IdentityName"),
                Provider = e.GetString("Provider"),
                State = e.GetString("State"),
                Step = e.GetString("Step"),
                OldCredentialId = e.GetString("OldCredentialId"),
                NewCredentialId = e.GetString("NewCredentialId"),
                VaultSecretId = e.GetString("VaultSecretId"),
                LastError = e.GetString("LastError"),
                Actor = e.GetString("Actor"),
                Reason = e.GetString("Reason"),
                WriteToken = e.GetString("WriteToken"),
                LeaseHolder = e.GetString("LeaseHolder"),
                StartedOn = FromTicks(e.GetInt64("StartedOnTicks")) ?? default(DateTime),
                UpdatedOn = FromTicks(e.GetInt64("UpdatedOnTicks")) ?? default(DateTime),
                NextStepAfter = FromTicks(e.GetInt64("NextStepAfterTicks")),
                LeaseExpiresOn = FromTicks(e.GetInt64("LeaseExpiresOnTicks")),
                ETag = e.ETag.ToString(),
            };
            string data = e.GetString("Data");
            if (!string.IsNullOrEmpty(data))
                row.Data = new Dictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(data), StringComparer.Ordinal);
            return row;
        }

        static TableEntity ChangeEntity(string rk, ChangeRecord c)
        {
            var e = new TableEntity(ChangesPartition, rk);
            Put(e, "Id", c.Id);
            e["AtTicks"] = ToUtc(c.At).Ticks;
            Put(e, "Actor", c.Actor);
            Put(e, "Action", c.Action);
            Put(e, "IdentityId", c.IdentityId);
            Put(e, "IdentityName", c.IdentityName);
            Put(e, "Provider", c.Provider);
            Put(e, "Target", c.Target);
            Put(e, "OperationId", c.OperationId);
            Put(e, "Reason", c.Reason);
            Put(e, "Before", c.Before);
            Put(e, "After", c.After);
            Put(e, "Outcome", c.Outcome);
            return e;
        }

        static ChangeRecord ToChange(TableEntity e) => new ChangeRecord
        {
            Id = e.GetString("Id"),
            At = FromTicks(e.GetInt64("AtTicks")) ?? default(DateTime),
            Actor = e.GetString("Actor"),
            Action = e.GetString("Action"),
            IdentityId = e.GetString("IdentityId"),
            IdentityName = e.GetString("IdentityName"),
            Provider = e.GetString("Provider"),
            Target = e.GetString("Target"),
            OperationId = e.GetString("OperationId"),
            Reason = e.GetString("Reason"),
            Before = e.GetString("Before"),
            After = e.GetString("After"),
            Outcome = e.GetString("Outcome"),
        };

        static ChangeRecord Copy(ChangeRecord c) => new ChangeRecord
        {
            Id = c.Id, At = c.At == default(DateTime) ? c.At : ToUtc(c.At), Actor = c.Actor, Action = c.Action, IdentityId = c.IdentityId,
            IdentityName = c.IdentityName, Provider = c.Provider, Target = c.Target, OperationId = c.OperationId,
            Reason = c.Reason, Before = c.Before, After = c.After, Outcome = c.Outcome,
        };

        static void Put(TableEntity e, string name, string value)
        {
            if (value == null) return;
            e[name] = value.Length > MaxStringLength ? value.Substring(0, MaxStringLength) : value;
        }

        static DateTime ToUtc(DateTime value) =>
            value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);

        static DateTime? FromTicks(long? ticks) => ticks.HasValue ? new DateTime(ticks.Value, DateTimeKind.Utc) : (DateTime?)null;
    }
}
