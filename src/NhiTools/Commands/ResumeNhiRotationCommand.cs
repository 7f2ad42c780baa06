using System;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Rotation;
using NhiTools.Hosting;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Finishes (or rolls back) every rotation left in progress: the hourly runbook's second step.</summary>
    [Cmdlet(VerbsLifecycle.Resume, "NhiRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RotationResult))]
    public sealed class ResumeNhiRotationCommand : NhiCmdlet, IDisposable
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [SupportsWildcards]
        public string[] IdentityId { get; set; }

        [Parameter]
        public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(24);

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string JournalConnectionString { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        private IChangeJournal journal;
        private readonly RotationVaults vaults = new RotationVaults();

        protected override void ProcessRecord()
        {
            if (GracePeriod < TimeSpan.Zero) ThrowParameterError("NhiRotationBadArgument", "-GracePeriod cannot be negative.", GracePeriod);
            Run(() => { if (journal == null) journal = JournalFactory.Open(JournalConnectionString, StorePath); });
            var patterns = (IdentityId ?? new[] { "*" }).Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase)).ToList();
            var rows = journal.List(RotationStates.Kind).Where(r => RotationStates.IsInProgress(r.State) && patterns.Any(p => p.IsMatch(r.IdentityId ?? ""))).ToList();
            WriteVerbose(rows.Count + " rotation(s) in progress in " + journal.Description + ".");
            foreach (var row in rows)
            {
                if (!ShouldProcess(row.IdentityId + " (" + row.OldCredentialId + ")", "Resume rotation at " + row.State))
                    continue;
                try
                {
                    Uri vaultUri = null;
                    if (row.Data.TryGetValue("vaultUri", out var recorded)) Uri.TryCreate(recorded, UriKind.Absolute, out vaultUri);
                    if (vaultUri == null && !RotationVaults.TryParseSecretId(row.VaultSecretId, out vaultUri, out _))
                        throw new NhiException("NhiRotationBadJournal", NhiErrorCategory.InvalidData, "The journal row of " + row.IdentityId + " names no vault secret.", row.IdentityId);
                    var machine = RotationTargets.Machine(row.Provider, row.IdentityId, vaults.Resolve(vaultUri, HostContext));
                    var result = new RotationRunner(journal, new RotationOptions { GracePeriod = GracePeriod }, HostContext).Resume(row, machine);
                    WriteObject(result);
                    RotationErrors.Report(this, result);
                }
                catch (NhiException ex) when (ex.ErrorId == "NhiRotationBusy")
                {
                    // Another worker is on it right now (several runbook jobs at once): its job, not an error of this one.
                    WriteVerbose(ex.Message);
                }
                catch (NhiException ex)
                {
                    WriteError(ToErrorRecord(ex));
                }
                catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }
            }
        }

        public void Dispose() => journal?.Dispose();
    }
}
