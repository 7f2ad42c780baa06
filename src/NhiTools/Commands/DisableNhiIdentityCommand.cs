using System.Management.Automation;
using NhiTools.Engine.Cleanup;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// Quarantines identities without destroying anything: an Entra service principal gets accountEnabled = false;
    /// an AWS user or role gets the deny-all inline policy NhiTools-Quarantine (keys, policies and trust untouched).
    /// Every change is journaled; Enable-NhiIdentity or Undo-NhiChange reverses it.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Disable, "NhiIdentity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Change))]
    public sealed class DisableNhiIdentityCommand : CleanupCmdlet
    {
        protected override string Verb => "disable";

        protected override PlannedStep Plan(CleanupTarget target, Identity live, ICleanupWriter writer) => new PlannedStep
        {
            Action = CleanupActions.Disable,
            Description = live.Provider == "Aws"
                ? "Quarantine: add the deny-all inline policy " + Engine.Sources.Aws.AwsCleanupWriter.QuarantinePolicyName
                : live.Provider == "KeyVault" ? "Disable the secret's current version"
                : "Disable the service principal (accountEnabled = false)",
        };
    }

    /// <summary>Reverses Disable-NhiIdentity: accountEnabled = true (Entra) or the quarantine policy deleted (AWS).</summary>
    [Cmdlet(VerbsLifecycle.Enable, "NhiIdentity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Change))]
    public sealed class EnableNhiIdentityCommand : CleanupCmdlet
    {
        protected override string Verb => "enable";

        // Enabling puts back what Disable took: no finding reason to re-check, and protection does not stop a release.
        protected override void Configure(CleanupRunner runner)
        {
            runner.CheckReason = false;
            runner.CheckProtection = false;
        }

        protected override PlannedStep Plan(CleanupTarget target, Identity live, ICleanupWriter writer) => new PlannedStep
        {
            Action = CleanupActions.Enable,
            // Key Vault: re-enable exactly the version the last standing Disable took (a newer version may exist since).
            RestoreFrom = live.Provider == "KeyVault" ? LastDisable(live.Id)?.Before : null,
            Description = live.Provider == "Aws"
                ? "Release: delete the inline policy " + Engine.Sources.Aws.AwsCleanupWriter.QuarantinePolicyName
                : live.Provider == "KeyVault" ? "Enable the secret version " + (Engine.Sources.KeyVault.KeyVaultCleanupWriter.VersionOf(LastDisable(live.Id)?.Before) ?? "(current)")
                : "Enable the service principal (accountEnabled = true)",
        };

        private System.Collections.Generic.List<Change> history;

        /// <summary>The last Disable of this identity that changed something and was not undone, if any.</summary>
        private Change LastDisable(string identityId)
        {
            if (history == null) history = ChangeLog.Read(Journal);
            return System.Linq.Enumerable.LastOrDefault(history, c => string.Equals(c.IdentityId, identityId, System.StringComparison.OrdinalIgnoreCase)
                && c.Action == CleanupActions.Disable && c.Outcome == ChangeLog.Done && c.UndoneBy == null);
        }
    }
}
