using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Cleanup;
using NhiTools.Engine.Journal;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// Reverses changes from the journal where the provider allows (re-enable, release the quarantine, reactivate a
    /// key, put back a revoked permission, restore from Entra deleted items) and says plainly where it cannot (a deleted
    /// credential, a deleted IAM user). Each undo is itself a journaled change.
    /// </summary>
    [Cmdlet(VerbsCommon.Undo, "NhiChange", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Change))]
    public sealed class UndoNhiChangeCommand : JournaledChangeCmdlet
    {
        /// <summary>Change ids (Change.Id from Get-NhiChange binds by property name).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ChangeId")]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; }

        private readonly List<string> ids = new List<string>();

        protected override void ProcessRecord() => ids.AddRange(Id);

        protected override void EndProcessing()
        {
            Run(() =>
            {
                var journal = OpenJournal();
                var changes = ChangeLog.Read(journal).ToDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase);
                var targets = new List<CleanupTarget>();
                foreach (var id in ids.Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (!changes.TryGetValue(id, out var change))
                    {
                        WriteError(new ErrorRecord(new ArgumentException("No change with id '" + id + "' in the journal (" + journal.Description + ")."),
                            CleanupErrors.ChangeNotFound, ErrorCategory.ObjectNotFound, id));
                        continue;
                    }
                    var reverse = CleanupActions.ReverseOf(change.Action, change.Provider, out var whyNot);
                    if (reverse == null)
                    {
                        WriteError(new ErrorRecord(new InvalidOperationException("Change " + id + " (" + change.Action + " " + change.IdentityId + ") cannot be undone: " + whyNot),
                            CleanupErrors.CannotUndo, ErrorCategory.InvalidOperation, change));
                        continue;
                    }
                    if (change.UndoneBy != null)
                    {
                        WriteWarning("Change " + id + " was already undone by " + change.UndoneBy + "; nothing to do.");
                        continue;
                    }
                    if (change.Outcome == ChangeLog.Unchanged)
                    {
                        WriteWarning("Change " + id + " changed nothing (" + change.Action + " found it already done); nothing to undo.");
                        continue;
                    }
                    targets.Add(new CleanupTarget { IdentityId = change.IdentityId, Provider = change.Provider, IdentityName = change.IdentityName, Change = change, Note = Reason ?? "Undo-NhiChange of " + change.Action + " " + id });
                }
                var runner = NewRunner(FindingPolicy.Default, "undo changes of");
                // Undo acts on what the journal says it did: no reason or protection to re-check, no live re-read.
                runner.CheckReason = false;
                runner.CheckProtection = false;
                runner.ReadLive = false;
                foreach (var result in runner.Run(targets, Plan))
                    WriteObject(result);
            });
        }

        private static PlannedStep Plan(CleanupTarget target, Identity live, ICleanupWriter writer)
        {
            var c = target.Change;
            var reverse = CleanupActions.ReverseOf(c.Action, c.Provider, out _);
            return new PlannedStep
            {
                Action = reverse,
                Target = c.Target,
                RestoreFrom = c.Before,
                JournalAction = CleanupActions.Undo,
                JournalTarget = c.Id,
                Description = "Undo " + c.Action + (string.IsNullOrEmpty(c.Target) ? "" : " of " + c.Target) + " (" + reverse + ") made " + c.At.ToString("u") + " by " + c.Actor,
            };
        }
    }
}
