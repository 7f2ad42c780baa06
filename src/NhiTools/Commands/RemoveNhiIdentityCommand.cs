using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Cleanup;
using NhiTools.Host;
using NhiTools.Hosting;

namespace NhiTools.Commands
{
    /// <summary>
    /// Deletes identities NhiTools quarantined (Disable-NhiIdentity) that stayed quarantined for -HoldFor (default 30
    /// days): an Entra application or service principal is soft deleted (restorable with Undo-NhiChange for 30 days);
    /// an AWS user or role is deleted with everything attached captured in the journal first.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "NhiIdentity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Change))]
    public sealed class RemoveNhiIdentityCommand : CleanupCmdlet
    {
        /// <summary>How long an identity must have stayed quarantined by NhiTools before it is deleted (default 30 days).</summary>
        [Parameter]
        public TimeSpan HoldFor { get; set; } = TimeSpan.FromDays(30);

        protected override string Verb => "delete";

        private List<Change> history;

        // The reason to delete is the quarantine that held (checked below), not the finding that led to it: a
        // quarantined identity is disabled, so its original finding no longer fires.
        protected override void Configure(CleanupRunner runner) => runner.CheckReason = false;

        protected override PlannedStep Plan(CleanupTarget target, Identity live, ICleanupWriter writer)
        {
            if (history == null) history = ChangeLog.Read(Journal);
            var last = history.LastOrDefault(c => string.Equals(c.IdentityId, live.Id, StringComparison.OrdinalIgnoreCase)
                && (c.Action == CleanupActions.Disable || c.Action == CleanupActions.Enable) && c.Outcome != ChangeLog.Failed && c.Outcome != ChangeLog.Started);
            if (last == null || last.Action != CleanupActions.Disable || last.UndoneBy != null)
                return PlannedStep.Failing(new NhiException(CleanupErrors.NotQuarantined, NhiErrorCategory.InvalidOperation,
                    live.Id + " is not held in quarantine by NhiTools. Remove-NhiIdentity deletes only identities Disable-NhiIdentity quarantined and that stayed so for -HoldFor ("
                    + HoldFor + "). Nothing was changed.", live.Id));
            if (live.Enabled)
                return PlannedStep.Skipping("it was enabled again after NhiTools quarantined it on " + last.At.ToString("u") + ".");
            var due = last.At.Add(HoldFor);
            if (DateTime.UtcNow < due)
                return PlannedStep.Skipping("quarantined since " + last.At.ToString("u") + "; a run after " + due.ToString("u") + " deletes it (-HoldFor " + HoldFor + ").");
            return new PlannedStep
            {
                Action = CleanupActions.DeleteIdentity,
                Description = live.Provider == "Entra"
                    ? "Delete (soft: restorable from deleted items for 30 days), quarantined since " + last.At.ToString("u")
                    : "Delete the IAM " + (live.Kind == IdentityKind.IamRole ? "role" : "user") + " and everything attached (kept in the journal), quarantined since " + last.At.ToString("u"),
            };
        }
    }
}
