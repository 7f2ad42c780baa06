using System;
using System.Collections.Generic;

namespace NhiTools.Engine.Journal
{
    /// <summary>
    /// The one journal of every change NhiTools makes (rotation, cleanup, owners), behind one interface with two
    /// back ends: the SQLite store (default) and Azure Table Storage (shared by many workers). It holds two things:
    /// a state row per target (where a multi-step change stands, ETag-guarded) and an append-only list of changes
    /// (what was done, to what, why, and what it replaced). Never a secret value.
    /// </summary>
    public interface IChangeJournal : IDisposable
    {
        /// <summary>Where the journal lives (a file path, a table endpoint and name), for messages. Never a key.</summary>
        string Description { get; }

        /// <summary>
        /// Takes the lease on <paramref name="key"/> for <paramref name="duration"/>, or returns null when another
        /// holder has a live lease (the caller fails fast with NhiRotationBusy and writes nothing). An expired
        /// lease is taken over. The same holder asking again gets its lease renewed.
        /// </summary>
        JournalLease TryAcquireLease(string key, string holder, TimeSpan duration);

        /// <summary>
        /// Fencing check before every mutation: extends the lease, or throws NhiException "NhiLeaseLost"
        /// (ResourceBusy) when it expired and someone else took it. A lease that expired but nobody took is renewed.
        /// </summary>
        void RenewLease(JournalLease lease, TimeSpan duration);

        /// <summary>Gives the lease up (best effort; an expired or taken-over lease is left alone).</summary>
        void ReleaseLease(JournalLease lease);

        /// <summary>The state row for a key, or null.</summary>
        JournalRow Get(string key);

        /// <summary>Every state row, or those of one kind ("Rotation", "Cleanup").</summary>
        IReadOnlyList<JournalRow> List(string kind = null);

        /// <summary>
        /// Writes a state row, guarded twice: the lease must still be held (fencing), and row.ETag must equal the
        /// stored ETag (null: the row must not exist yet). Returns the row as stored, with its new ETag. A write
        /// whose answer was lost is recognised as our own on re-read (same WriteToken) and not reported as a
        /// conflict. Otherwise a mismatch throws NhiException "NhiJournalConflict" (ResourceBusy).
        /// </summary>
        JournalRow Save(JournalRow row, JournalLease lease);

        /// <summary>Appends a change record (its Id is assigned when empty). Idempotent on Id.</summary>
        ChangeRecord Append(ChangeRecord change);

        /// <summary>Change records, oldest first, filtered.</summary>
        IReadOnlyList<ChangeRecord> Changes(ChangeQuery query = null);
    }

    /// <summary>Where one multi-step change stands. ETag-guarded; one per target key.</summary>
    public sealed class JournalRow
    {
        /// <summary>The target: "rotation|&lt;identityId&gt;|&lt;vaultSecretId&gt;", "cleanup|&lt;identityId&gt;"...</summary>
        public string Key { get; set; }
        /// <summary>Rotation, Cleanup...</summary>
        public string Kind { get; set; }
        /// <summary>The rotation id (or cleanup operation id) of the change in progress; marks what it creates.</summary>
        public string OperationId { get; set; }
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        public string Provider { get; set; }
        /// <summary>State machine position: Idle, Creating, Pending, Promoted, Grace, Retiring, Retired, Blocked, Failed...</summary>
        public string State { get; set; }
        /// <summary>The last step done or being done, in words the state machine understands.</summary>
        public string Step { get; set; }
        public string OldCredentialId { get; set; }
        public string NewCredentialId { get; set; }
        public string VaultSecretId { get; set; }
        public DateTime StartedOn { get; set; }
        public DateTime UpdatedOn { get; set; }
        /// <summary>Nothing more is done before this time (grace period, AWS hold).</summary>
        public DateTime? NextStepAfter { get; set; }
        /// <summary>The last error, scrubbed (never a secret).</summary>
        public string LastError { get; set; }
        public string Actor { get; set; }
        /// <summary>Why: the finding's rule and evidence, or the rotation status.</summary>
        public string Reason { get; set; }
        /// <summary>Further non-secret facts a state machine needs to resume (keys and values without newlines).</summary>
        public Dictionary<string, string> Data { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        /// <summary>Set by the journal; null for a row never saved.</summary>
        public string ETag { get; set; }
        /// <summary>Set by the journal on each save: lets a lost answer be recognised as our own write on re-read.</summary>
        public string WriteToken { get; set; }
        /// <summary>Who held the lease at the last save (read-only for callers).</summary>
        public string LeaseHolder { get; set; }
        public DateTime? LeaseExpiresOn { get; set; }

        public JournalRow Clone()
        {
            var copy = (JournalRow)MemberwiseClone();
            copy.Data = new Dictionary<string, string>(Data ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            return copy;
        }

        public override string ToString() => Key + ": " + State;
    }

    /// <summary>One change made: who, when, why, to what, what it replaced. Append-only.</summary>
    public sealed class ChangeRecord
    {
        public string Id { get; set; }
        public DateTime At { get; set; }
        public string Actor { get; set; }
        /// <summary>AddPassword, RemovePassword, CreateAccessKey, DeactivateAccessKey, SetVaultSecret, Disable, Revoke...</summary>
        public string Action { get; set; }
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        public string Provider { get; set; }
        /// <summary>What was changed inside the identity: a credential id, a permission, a vault secret id.</summary>
        public string Target { get; set; }
        /// <summary>The rotation or cleanup operation this change belongs to.</summary>
        public string OperationId { get; set; }
        public string Reason { get; set; }
        /// <summary>What it replaced, readable or JSON (a policy document, an assignment) - never a secret value.</summary>
        public string Before { get; set; }
        public string After { get; set; }
        /// <summary>Started, Done, Failed, Undone.</summary>
        public string Outcome { get; set; }
        public override string ToString() => At.ToString("u") + " " + Action + " " + IdentityId + " " + Target + " " + Outcome;
    }

    public sealed class ChangeQuery
    {
        public string IdentityId { get; set; }
        public string OperationId { get; set; }
        public string Action { get; set; }
        public DateTime? After { get; set; }
        public DateTime? Before { get; set; }
    }

    /// <summary>A lease on one key, held by one holder until ExpiresOn; Token changes on every take-over.</summary>
    public sealed class JournalLease
    {
        public string Key { get; set; }
        public string Holder { get; set; }
        public string Token { get; set; }
        public DateTime ExpiresOn { get; set; }
        public override string ToString() => Key + " held by " + Holder + " until " + ExpiresOn.ToString("u");
    }
}
