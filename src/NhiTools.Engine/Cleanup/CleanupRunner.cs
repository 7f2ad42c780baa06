using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Sources;
using NhiTools.Hosting;

namespace NhiTools.Engine.Cleanup
{
    /// <summary>What a cleanup cmdlet decided to do with one target once its live state is known.</summary>
    public sealed class PlannedStep
    {
        public string Action { get; set; }
        /// <summary>The credential id or permission name concerned, or null for the identity.</summary>
        public string Target { get; set; }
        /// <summary>For ShouldProcess and messages: "Disable service principal (accountEnabled = false)".</summary>
        public string Description { get; set; }
        /// <summary>Set to skip the target with a warning (nothing to do, reason gone...).</summary>
        public string Skip { get; set; }
        /// <summary>Set to skip the target with an error.</summary>
        public NhiException Error { get; set; }
        /// <summary>For an undo: the Before of the change being reversed.</summary>
        public string RestoreFrom { get; set; }
        /// <summary>The action and target the journal records when they differ from the step's (Undo, the change id).</summary>
        public string JournalAction { get; set; }
        public string JournalTarget { get; set; }

        public static PlannedStep Skipping(string why) => new PlannedStep { Skip = why };
        public static PlannedStep Failing(NhiException error) => new PlannedStep { Error = error };
    }

    /// <summary>
    /// Runs a cleanup invocation with the guardrails every writing cmdlet shares, in this order:
    /// <list type="number">
    /// <item>targets whose provider is not connected (or whose tenant/account is another) fail with NhiNotConnected;
    /// protected identities (tag, policy list) are skipped with a warning;</item>
    /// <item>if more than <see cref="MaximumChanges"/> targets remain, NhiBlastRadius stops everything - before any
    /// read or write;</item>
    /// <item>each provider is read again from its live source, once (a failed or throttled read throws: nothing is
    /// decided on a partial list);</item>
    /// <item>per target: protection again on the live identity, the reason re-checked (the finding's rule re-evaluated,
    /// used since, owners or end date changed), the cmdlet's plan, ShouldProcess (-WhatIf stops here: zero writes), then
    /// the lease, a Started record, the write, and a Done/Unchanged/Failed record.</item>
    /// </list>
    /// </summary>
    public sealed class CleanupRunner
    {
        public delegate PlannedStep Planner(CleanupTarget target, Identity live, ICleanupWriter writer);

        private readonly IChangeJournal _journal;
        private readonly IHostContext _host;
        private readonly string _actor;
        private readonly string _holder;
        private readonly CleanupGuard _guard;

        public CleanupRunner(IChangeJournal journal, FindingPolicy policy, IHostContext host, string actor, DateTime? asOf = null)
        {
            _journal = journal;
            _host = host ?? NullHostContext.Instance;
            _actor = string.IsNullOrEmpty(actor) ? Environment.UserName : actor;
            _holder = _actor + "@" + Environment.MachineName + "/" + Guid.NewGuid().ToString("N").Substring(0, 8);
            AsOf = asOf ?? DateTime.UtcNow;
            _guard = new CleanupGuard(policy, AsOf);
        }

        public int MaximumChanges { get; set; } = 25;
        public DateTime AsOf { get; }
        public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);
        /// <summary>Re-check the reason on live data (off for Undo: restoring needs no reason).</summary>
        public bool CheckReason { get; set; } = true;
        /// <summary>Skip protected identities (off for Undo: putting back what was taken is always allowed).</summary>
        public bool CheckProtection { get; set; } = true;
        /// <summary>
        /// Read the live source again before acting (off for Undo: writers act by id, and a deleted identity is
        /// not in the live list but can be restored).
        /// </summary>
        public bool ReadLive { get; set; } = true;
        /// <summary>The verb of the cmdlet, for messages ("disable", "remove credentials of").</summary>
        public string Verb { get; set; } = "change";

        /// <summary>Provider of an id from its prefix (entra:, aws:, keyvault:).</summary>
        public static string ProviderOf(string identityId) => Ids.ProviderOf(identityId);

        /// <summary>Runs the targets; yields one Change per step taken (Unchanged ones included). Host calls happen on the caller's thread.</summary>
        public IEnumerable<Change> Run(IReadOnlyList<CleanupTarget> targets, Planner plan)
        {
            var ct = _host.CancellationToken;
            var work = new List<(CleanupTarget Target, ICleanupWriter Writer)>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var t in targets)
            {
                if (string.IsNullOrEmpty(t.IdentityId))
                {
                    _host.WriteError(new NhiException(CleanupErrors.InvalidTarget, NhiErrorCategory.InvalidArgument, "An input has no identity id; give an Identity, a Finding, a RotationStatus or -IdentityId.", t));
                    continue;
                }
                if (!seen.Add(t.Key)) continue;
                var provider = t.Provider ?? ProviderOf(t.IdentityId);
                var writer = provider == null ? null : CleanupWriters.For(provider);
                if (writer == null)
                {
                    _host.WriteError(new NhiException(CleanupErrors.NotConnected, NhiErrorCategory.ConnectionError,
                        $"Cannot {Verb} {t.IdentityId}: no live {provider ?? "provider"} connection. An identity read from an export can be acted on once its "
                        + (provider == "Aws" ? "account is connected (Connect-NhiAws)" : provider == "Entra" ? "tenant is connected (Connect-NhiEntra)" : "source is connected") + ". Nothing was changed.", t.IdentityId));
                    continue;
                }
                if (t.AsRead != null && !writer.Covers(t.AsRead))
                {
                    _host.WriteError(new NhiException(CleanupErrors.NotConnected, NhiErrorCategory.ConnectionError,
                        $"Cannot {Verb} {t.IdentityId}: it belongs to {provider} {(provider == "Aws" ? "account" : "tenant")} {t.AsRead.Account}, which is not the one connected ({writer.Source.Description}). Nothing was changed.", t.IdentityId));
                    continue;
                }
                var protectedBy = CheckProtection ? _guard.ProtectedBecause(t.AsRead, t.IdentityId, t.IdentityName) : null;
                if (protectedBy != null)
                {
                    _host.WriteWarning($"Skipped {t.IdentityId}: it is protected ({protectedBy}).");
                    continue;
                }
                work.Add((t, writer));
            }

            if (work.Count > MaximumChanges)
            {
                var by = string.Join(", ", work.GroupBy(w => w.Writer.Provider).Select(g => g.Count() + " " + g.Key));
                throw new NhiException(CleanupErrors.BlastRadius, NhiErrorCategory.LimitsExceeded,
                    $"This would {Verb} {work.Count} targets ({by}), more than -MaximumChanges {MaximumChanges}. Nothing was changed. "
                    + "Narrow the pipeline, or raise -MaximumChanges if that many changes are intended.", work.Count);
            }
            if (work.Count == 0) yield break;

            // One fresh read per provider, just before the first write.
            var live = new Dictionary<string, List<Identity>>(StringComparer.OrdinalIgnoreCase);
            foreach (var writer in work.Select(w => w.Writer).GroupBy(w => w.Provider).Select(g => g.First()).Where(_ => ReadLive))
            {
                _host.WriteVerbose("Reading " + writer.Provider + " again before acting (" + writer.Source.Description + ").");
                _host.WriteProgress(new ProgressInfo { ActivityId = 7, Activity = "Cleanup", Status = "Reading " + writer.Provider + " again before acting" });
                live[writer.Provider] = writer.Source.Read(_host, new LiveReadOptions { IncludeHuman = true, AsOf = AsOf }).ToList();
            }

            int done = 0;
            foreach (var (target, writer) in work)
            {
                ct.ThrowIfCancellationRequested();
                _host.WriteProgress(new ProgressInfo { ActivityId = 7, Activity = "Cleanup", Status = target.ToString(), PercentComplete = 100 * done++ / work.Count });
                var all = ReadLive ? live[writer.Provider] : new List<Identity>();
                var identity = ReadLive
                    ? all.FirstOrDefault(i => string.Equals(i.Id, target.IdentityId, StringComparison.OrdinalIgnoreCase))
                    : new Identity { Id = target.IdentityId, Provider = writer.Provider, Name = target.IdentityName };
                if (identity == null)
                {
                    _host.WriteError(new NhiException(CleanupErrors.IdentityNotFound, NhiErrorCategory.ObjectNotFound,
                        $"{target.IdentityId} is not in the connected {writer.Provider} source ({writer.Source.Description}): deleted since it was read, or from another tenant/account. Nothing was changed.", target.IdentityId));
                    continue;
                }
                var protectedBy = CheckProtection ? _guard.ProtectedBecause(identity) : null;
                if (protectedBy != null)
                {
                    _host.WriteWarning($"Skipped {identity.Id}: it is protected ({protectedBy}).");
                    continue;
                }
                if (CheckReason && ReadLive)
                {
                    try { writer.Refresh(identity, _host); }
                    catch (NhiException ex)
                    {
                        _host.WriteError(ex);
                        continue;
                    }
                    var gone = _guard.ReasonGone(target, identity, all);
                    if (gone != null)
                    {
                        _host.WriteWarning($"Skipped {identity.Id}: {gone}. Nothing was changed; read it again and review.");
                        continue;
                    }
                }
                var step = plan(target, identity, writer);
                if (step == null) continue;
                if (step.Error != null) { _host.WriteError(step.Error); continue; }
                if (step.Skip != null) { _host.WriteWarning($"Skipped {identity.Id}: {step.Skip}"); continue; }
                var what = identity.Id + (step.Target != null ? " (" + step.Target + ")" : "");
                if (!_host.ShouldProcess(what, step.Description ?? step.Action)) continue;

                Change change;
                try
                {
                    change = Execute(step, identity, target.Reason, writer);
                }
                catch (NhiException ex)
                {
                    _host.WriteError(ex);
                    continue;
                }
                yield return change;
            }
            _host.WriteProgress(new ProgressInfo { ActivityId = 7, Activity = "Cleanup", Completed = true });
        }

        /// <summary>Lease, Started record (with what will be replaced), fencing check, the write, the outcome record.</summary>
        public Change Execute(PlannedStep step, Identity identity, string reason, ICleanupWriter writer)
        {
            var lease = _journal.TryAcquireLease("cleanup|" + identity.Id, _holder, LeaseDuration)
                ?? throw new NhiException(CleanupErrors.Busy, NhiErrorCategory.ResourceBusy,
                    identity.Id + " is being changed by another NhiTools run right now (its journal lease is held). Nothing was changed; run again later.", identity.Id);
            try
            {
                var captured = writer.Capture(step.Action, identity, step.Target, _host);
                var operation = Guid.NewGuid().ToString("N");
                var recordAction = step.JournalAction ?? step.Action;
                var recordTarget = step.JournalAction != null ? step.JournalTarget : step.Target;
                ChangeRecord Record(string outcome, string before, string after) => new ChangeRecord
                {
                    Id = Guid.NewGuid().ToString("N"),
                    At = DateTime.UtcNow,
                    Actor = _actor,
                    Action = recordAction,
                    IdentityId = identity.Id,
                    IdentityName = identity.Name,
                    Provider = writer.Provider,
                    Target = recordTarget,
                    OperationId = operation,
                    Reason = reason,
                    Before = before,
                    After = after,
                    Outcome = outcome,
                };
                var started = _journal.Append(Record(ChangeLog.Started, captured, null));
                _journal.RenewLease(lease, LeaseDuration);
                CleanupStep result;
                try
                {
                    result = writer.Apply(step.Action, identity, step.Target, step.RestoreFrom, _host);
                }
                catch (Exception ex) when (ex is NhiException || ex is OperationCanceledException)
                {
                    // The write may or may not have been applied (a lost answer): the journal says so, and Undo stays possible.
                    _journal.Append(Record(ChangeLog.Failed, null, ChangeLog.ErrorPrefix + (ex is OperationCanceledException ? "stopped; the change may or may not have been applied" : ex.Message)));
                    throw;
                }
                var outcome = result.Changed ? ChangeLog.Done : ChangeLog.Unchanged;
                _journal.Append(Record(outcome, result.Before ?? captured, result.After));
                if (!result.Changed && result.Note != null) _host.WriteVerbose(identity.Id + ": " + result.Note);
                else _host.WriteVerbose(identity.Id + ": " + step.Action + (step.Target != null ? " " + step.Target : "") + " done.");
                var reverse = CleanupActions.ReverseOf(recordAction, writer.Provider, out var whyNot);
                return new Change
                {
                    Id = started.Id,
                    At = started.At,
                    Actor = _actor,
                    Action = recordAction,
                    IdentityId = identity.Id,
                    IdentityName = identity.Name,
                    Provider = writer.Provider,
                    Target = recordTarget,
                    OperationId = operation,
                    Reason = reason,
                    Before = result.Before ?? captured,
                    After = result.After,
                    Outcome = outcome,
                    CanUndo = reverse != null && result.Changed,
                    UndoNote = reverse == null ? whyNot : result.Changed ? null : "Nothing was changed.",
                };
            }
            finally
            {
                _journal.ReleaseLease(lease);
            }
        }
    }
}
