using System;
using System.Collections.Generic;
using NhiTools.Engine.Journal;
using NhiTools.Hosting;

namespace NhiTools.Engine.Rotation
{
    /// <summary>
    /// One run of one rotation: the lease, the journal row, what this run did. Every journal save is fenced (the
    /// journal checks the lease token) and every mutation of a provider or vault is preceded by <see cref="Fence"/>.
    /// </summary>
    public sealed class RotationRun
    {
        private readonly List<string> _steps = new List<string>();

        internal RotationRun(IChangeJournal journal, JournalLease lease, JournalRow row, RotationRequest request, RotationOptions options, IHostContext host, IRotationVault vault)
        {
            Journal = journal;
            Lease = lease;
            Row = row;
            Request = request;
            Options = options;
            Host = host;
            Vault = vault;
        }

        public IChangeJournal Journal { get; }
        public JournalLease Lease { get; }
        public JournalRow Row { get; private set; }
        public RotationRequest Request { get; }
        public RotationOptions Options { get; }
        public IHostContext Host { get; }
        public IRotationVault Vault { get; }
        public IReadOnlyList<string> Steps => _steps;
        public bool RetiredNow { get; set; }
        public DateTime Now => Options.Clock();

        public string SecretName => Row.Data.TryGetValue("secretName", out var n) ? n : Request?.SecretName;
        public string PendingName => SecretName + VaultTags.PendingSuffix;

        /// <summary>Fencing check before a mutation: renews the lease or throws NhiLeaseLost.</summary>
        public void Fence()
        {
            Host.CancellationToken.ThrowIfCancellationRequested();
            Journal.RenewLease(Lease, Options.LeaseDuration);
        }

        /// <summary>A step boundary (tests simulate a kill here).</summary>
        public void Boundary(string name) => Options.OnBoundary?.Invoke(Row.Provider + ":" + name);

        public void Save(string state, string step, Action<JournalRow> change = null)
        {
            var next = Row.Clone();
            next.State = state;
            next.Step = step;
            change?.Invoke(next);
            Row = Journal.Save(next, Lease);
        }

        public void Step(string text)
        {
            _steps.Add(text);
            Host.WriteVerbose(Row.IdentityId + ": " + text);
        }

        public void Change(string action, string target, string before = null, string after = null, string outcome = "Done") =>
            Journal.Append(new ChangeRecord
            {
                Action = action,
                At = Now,
                Actor = Options.Actor,
                IdentityId = Row.IdentityId,
                IdentityName = Row.IdentityName,
                Provider = Row.Provider,
                Target = target,
                OperationId = Row.OperationId,
                Reason = Row.Reason,
                Before = before,
                After = after,
                Outcome = outcome,
            });

        public Dictionary<string, string> VaultTagsFor(string credentialId) => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [VaultTags.Credential] = credentialId,
            [VaultTags.Identity] = Row.IdentityId,
            [VaultTags.Rotation] = Row.OperationId,
        };
    }

    /// <summary>Preflight found the estate not as rotation expects: nothing is changed (NhiRotationBlocked).</summary>
    public sealed class RotationBlockedException : NhiException
    {
        public RotationBlockedException(string message, object target)
            : base("NhiRotationBlocked", NhiErrorCategory.InvalidOperation, message, target) { }
    }
}
