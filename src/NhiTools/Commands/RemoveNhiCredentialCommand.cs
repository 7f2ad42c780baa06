using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Cleanup;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// Removes credentials: an Entra client secret is removed (removePassword); an AWS access key is deactivated
    /// first and deleted by a later run once it stayed inactive for -HoldFor (default 7 days), unless -Force. The last
    /// working credential of an identity used in the last 30 days is never removed without -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "NhiCredential", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Change))]
    public sealed class RemoveNhiCredentialCommand : CleanupCmdlet
    {
        /// <summary>Days of recent use that make a last working credential untouchable without -Force.</summary>
        public const int RecentUseDays = 30;

        /// <summary>The credentials to remove (Finding.CredentialId and RotationStatus.CredentialId bind by property name).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] CredentialId { get; set; }

        /// <summary>How long an AWS access key stays deactivated before a later run deletes it (default 7 days).</summary>
        [Parameter]
        public TimeSpan HoldFor { get; set; } = TimeSpan.FromDays(7);

        /// <summary>Delete AWS keys at once (no hold), and remove a last working credential of a recently used identity.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string Verb => "remove credentials of";
        protected override bool UsesCredential => true;
        protected override string[] CredentialIds => CredentialId;

        // Credentials this invocation already takes away, per identity: the last-credential guard counts them as gone.
        private readonly Dictionary<string, HashSet<string>> taken = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        private List<Change> history;

        protected override PlannedStep Plan(CleanupTarget target, Identity live, ICleanupWriter writer)
        {
            if (target.CredentialId == null)
                return PlannedStep.Failing(new Hosting.NhiException(CleanupErrors.InvalidTarget, NhiErrorCategory.InvalidArgument,
                    "Name the credential of " + live.Id + " to remove with -CredentialId (a finding about the whole identity names none). Nothing was changed.", live.Id));
            var cred = (live.Credentials ?? Array.Empty<Credential>()).FirstOrDefault(c => string.Equals(c.Id, target.CredentialId, StringComparison.OrdinalIgnoreCase));
            if (cred == null) return PlannedStep.Skipping("credential " + target.CredentialId + " is not on it (already removed?).");

            var now = DateTime.UtcNow;
            if (!taken.TryGetValue(live.Id, out var gone)) taken[live.Id] = gone = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (!Force)
            {
                bool Working(Credential c) => c.Enabled && (!c.ExpiresOn.HasValue || c.ExpiresOn.Value > now);
                var lastUse = new[] { live.LastUsedOn, cred.LastUsedOn }.Where(d => d.HasValue).Select(d => d.Value).DefaultIfEmpty(DateTime.MinValue).Max();
                var others = live.Credentials.Where(c => c != cred && !gone.Contains(c.Id) && Working(c)).ToList();
                if (Working(cred) && others.Count == 0 && lastUse > now.AddDays(-RecentUseDays))
                    return PlannedStep.Failing(new Hosting.NhiException(CleanupErrors.LastCredential, NhiErrorCategory.InvalidOperation,
                        $"{cred.Id} is the last working credential of {live.Id}, which was used {lastUse:u} (within {RecentUseDays} days): removing it would break what uses it. "
                        + "Give it a new credential first (Invoke-NhiRotate), or use -Force. Nothing was changed.", live.Id));
            }

            PlannedStep step;
            if (live.Provider == "Aws" && cred.Type == CredentialType.AccessKey && !Force)
            {
                if (cred.Enabled)
                    step = new PlannedStep { Action = CleanupActions.DeactivateCredential, Target = cred.Id,
                        Description = "Deactivate access key " + cred.Id + " (deleted by a run after " + now.Add(HoldFor).ToString("u") + ")" };
                else
                {
                    var since = DeactivatedOn(live.Id, cred.Id);
                    if (since == null)
                        step = new PlannedStep { Action = CleanupActions.DeactivateCredential, Target = cred.Id,
                            Description = "Record that access key " + cred.Id + " is inactive (the hold starts now)" };
                    else if (now - since.Value < HoldFor)
                        return PlannedStep.Skipping("access key " + cred.Id + " was deactivated " + since.Value.ToString("u") + "; a run after "
                            + since.Value.Add(HoldFor).ToString("u") + " deletes it (-HoldFor " + HoldFor + "), or use -Force.");
                    else
                        step = new PlannedStep { Action = CleanupActions.DeleteCredential, Target = cred.Id,
                            Description = "Delete access key " + cred.Id + " (inactive since " + since.Value.ToString("u") + ")" };
                }
            }
            else if (live.Provider == "KeyVault")
                // A secret is not deleted: its current version is disabled (Undo-NhiChange re-enables that version).
                step = new PlannedStep { Action = CleanupActions.DeactivateCredential, Target = cred.Id, Description = "Disable the current version of secret " + cred.Id };
            else
                step = new PlannedStep { Action = CleanupActions.DeleteCredential, Target = cred.Id, Description = "Remove " + cred.Type + " " + cred.Id };
            gone.Add(cred.Id);
            return step;
        }

        /// <summary>When NhiTools last deactivated (or found inactive) this key, if that change still stands.</summary>
        private DateTime? DeactivatedOn(string identityId, string keyId)
        {
            if (history == null) history = ChangeLog.Read(Journal);
            var last = history.LastOrDefault(c => string.Equals(c.IdentityId, identityId, StringComparison.OrdinalIgnoreCase)
                && string.Equals(c.Target, keyId, StringComparison.OrdinalIgnoreCase)
                && (c.Action == CleanupActions.DeactivateCredential || c.Action == CleanupActions.ReactivateCredential));
            return last != null && last.Action == CleanupActions.DeactivateCredential && last.UndoneBy == null
                && (last.Outcome == ChangeLog.Done || last.Outcome == ChangeLog.Unchanged) ? last.At : (DateTime?)null;
        }
    }
}
