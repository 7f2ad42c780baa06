using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Rotation;
using NhiTools.Engine.Sources;
using NhiTools.Hosting;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// Rotates an Entra application client secret or an IAM user access key into a Key Vault secret, safely and
    /// resumably (a marked new credential, a pending vault secret, a real proof, promotion, a grace period, retirement).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "NhiRotate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(RotationResult))]
    public sealed class InvokeNhiRotateCommand : NhiCmdlet, IDisposable
    {
        private static readonly string[] LeakedRules = { "NHI-SECRET-EMBEDDED" };
        private static readonly string[] ExpiredRules = { "NHI-EXPIRED-CREDENTIAL" };

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string IdentityId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string CredentialId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        public string IdentityName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public string Provider { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public IdentityKind? Kind { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public CredentialType? CredentialType { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Credential[] Credentials { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter ThirdParty { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Status { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Rule { get; set; }

        [Parameter(Mandatory = true)]
        [ValidateNotNull]
        public Uri VaultUri { get; set; }

        [Parameter]
        [ValidatePattern("^[0-9a-zA-Z-]{1,118}$")]
        public string SecretName { get; set; }

        [Parameter]
        public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(24);

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string JournalConnectionString { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        private IChangeJournal journal;
        private readonly RotationVaults vaults = new RotationVaults();
        private Dictionary<string, string> linkedSecrets;
        private int count;

        protected override void BeginProcessing()
        {
            if (GracePeriod < TimeSpan.Zero) ThrowParameterError("NhiRotationBadArgument", "-GracePeriod cannot be negative.", GracePeriod);
        }

        protected override void ProcessRecord()
        {
            var why = RotationTargets.Unsupported(Provider, IdentityId, Kind, EffectiveType(), ThirdParty);
            if (why != null)
            {
                WriteError(new ErrorRecord(new NotSupportedException(why), "NhiRotationUnsupported", ErrorCategory.NotImplemented, IdentityId));
                return;
            }

            var provider = Provider ?? (NhiTools.Engine.Ids.IsEntra(IdentityId) ? "Entra" : "Aws");
            var credentialId = CredentialId ?? ChooseCredential();
            var emergency = Force && IsExpiredOrLeaked(credentialId);
            if (Force && !emergency)
                WriteWarning(IdentityId + ": -Force skips the grace period only for an expired or leaked credential; this one is neither, so the grace period applies.");

            var secretName = SecretName ?? LinkedSecret() ?? RotationTargets.DefaultSecretName(IdentityId);
            var target = IdentityId + (credentialId == null ? "" : " credential " + credentialId);
            if (!ShouldProcess(target, "Rotate into " + VaultUri.ToString().TrimEnd('/') + "/secrets/" + secretName + (emergency ? " (no grace period)" : "")))
                return;

            count++;
            WriteProgress(new ProgressRecord(1, "Invoke-NhiRotate", "Rotating " + IdentityId) { PercentComplete = -1 });
            try
            {
                var vault = vaults.Resolve(VaultUri, HostContext);
                var machine = RotationTargets.Machine(provider, IdentityId, vault);
                if (journal == null) journal = JournalFactory.Open(JournalConnectionString, StorePath);
                var runner = new RotationRunner(journal, new RotationOptions { GracePeriod = GracePeriod }, HostContext);
                var result = runner.Rotate(new RotationRequest
                {
                    IdentityId = IdentityId,
                    IdentityName = IdentityName ?? RotationTargets.DisplayName(IdentityId),
                    Provider = provider,
                    CredentialId = credentialId,
                    SecretName = secretName,
                    Reason = Rule ?? (Status == null ? null : "rotation status " + Status),
                    Emergency = emergency,
                }, machine);
                WriteObject(result);
                RotationErrors.Report(this, result);
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

        protected override void EndProcessing()
        {
            if (count > 0) WriteProgress(new ProgressRecord(1, "Invoke-NhiRotate", "Done") { RecordType = ProgressRecordType.Completed });
        }

        private CredentialType? EffectiveType()
        {
            if (CredentialType.HasValue) return CredentialType;
            if (CredentialId != null && Credentials != null)
                return Credentials.FirstOrDefault(c => string.Equals(c.Id, CredentialId, StringComparison.OrdinalIgnoreCase))?.Type;
            if (Credentials != null && Credentials.Length > 0 && !Credentials.Any(c => c.Type == NhiTools.CredentialType.ClientSecret || c.Type == NhiTools.CredentialType.AccessKey))
                return Credentials[0].Type;
            return null;
        }

        /// <summary>From an identity: its only client secret or access key; else null (the vault's tag decides).</summary>
        private string ChooseCredential()
        {
            var rotatable = (Credentials ?? Array.Empty<Credential>())
                .Where(c => c.Type == NhiTools.CredentialType.ClientSecret || c.Type == NhiTools.CredentialType.AccessKey).ToList();
            return rotatable.Count == 1 ? rotatable[0].Id : null;
        }

        private bool IsExpiredOrLeaked(string credentialId)
        {
            if (Rule != null && (LeakedRules.Contains(Rule, StringComparer.OrdinalIgnoreCase) || ExpiredRules.Contains(Rule, StringComparer.OrdinalIgnoreCase))) return true;
            if (string.Equals(Status, nameof(RotationState.Expired), StringComparison.OrdinalIgnoreCase)) return true;
            var credential = (Credentials ?? Array.Empty<Credential>()).FirstOrDefault(c => string.Equals(c.Id, credentialId, StringComparison.OrdinalIgnoreCase));
            return credential?.ExpiresOn != null && credential.ExpiresOn.Value <= DateTime.UtcNow;
        }

        /// <summary>A vault secret already linked to this identity by its nhi-identity tag (Connect-NhiKeyVault session), or null.</summary>
        private string LinkedSecret()
        {
            var source = LiveSessions.Get("KeyVault");
            if (source == null) return null;
            if (linkedSecrets == null)
            {
                linkedSecrets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                var authority = VaultUri.Authority;
                foreach (var secret in source.Read(HostContext, new LiveReadOptions()))
                {
                    if (secret.Tags == null || !secret.Tags.TryGetValue(VaultTags.Identity, out var owner) || string.IsNullOrEmpty(owner)) continue;
                    if (secret.Name == null || secret.Name.EndsWith(VaultTags.PendingSuffix, StringComparison.Ordinal)) continue;
                    if (!(secret.Source ?? Array.Empty<string>()).Any(s => s != null && s.IndexOf(authority, StringComparison.OrdinalIgnoreCase) >= 0)) continue;
                    if (!linkedSecrets.ContainsKey(owner)) linkedSecrets[owner] = secret.Name;
                }
            }
            return linkedSecrets.TryGetValue(IdentityId, out var name) ? name : null;
        }

        public void Dispose() => journal?.Dispose();
    }

    /// <summary>Blocked and failed rotations are also errors (the result object says the same, for scripts).</summary>
    internal static class RotationErrors
    {
        public static void Report(Cmdlet cmdlet, RotationResult result)
        {
            if (result.State == RotationStage.Blocked)
                cmdlet.WriteError(new ErrorRecord(new InvalidOperationException(result.IdentityId + ": rotation blocked: " + result.Message), "NhiRotationBlocked", ErrorCategory.InvalidOperation, result.IdentityId));
            else if (result.State == RotationStage.Failed)
                cmdlet.WriteError(new ErrorRecord(new InvalidOperationException(result.IdentityId + ": rotation failed and was rolled back (the old credential is unchanged): " + result.Message), "NhiRotationFailed", ErrorCategory.WriteError, result.IdentityId));
        }
    }
}
