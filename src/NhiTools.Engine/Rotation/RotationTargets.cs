using System;
using System.Text;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.Aws;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Hosting;

namespace NhiTools.Engine.Rotation
{
    /// <summary>
    /// What can be rotated automatically (Entra application client secrets, IAM user access keys), the default
    /// vault secret name, and the state machine for a provider over the connected sessions.
    /// </summary>
    public static class RotationTargets
    {
        /// <summary>Null when supported; otherwise why not (the cmdlet reports NhiRotationUnsupported).</summary>
        public static string Unsupported(string provider, string identityId, IdentityKind? kind, CredentialType? credentialType, bool thirdParty)
        {
            if (string.Equals(provider, "Entra", StringComparison.OrdinalIgnoreCase) || (provider == null && Ids.IsEntra(identityId)))
            {
                if (thirdParty) return identityId + " belongs to another organisation (a third-party app): its credentials are rotated by its publisher.";
                if (EntraSecretRotation.AppIdOf(identityId) == null)
                    return identityId + " is not an application registration (entra:app:<appId>): service principal and managed identity credentials are not rotated automatically.";
                if (kind.HasValue && kind.Value != IdentityKind.Application) return identityId + " is a " + kind.Value + ", not an application.";
                if (credentialType.HasValue && credentialType.Value != CredentialType.ClientSecret)
                    return "Credential type " + credentialType.Value + " of " + identityId + " is not rotated automatically (certificates need a new key pair and an upload); only client secrets are.";
                return null;
            }
            if (string.Equals(provider, "Aws", StringComparison.OrdinalIgnoreCase) || (provider == null && identityId != null && identityId.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)))
            {
                if (kind == IdentityKind.RootAccount || (identityId != null && identityId.EndsWith(":root", StringComparison.OrdinalIgnoreCase)))
                    return identityId + " is the account root: root access keys should be deleted, not rotated.";
                if (!AwsKeyRotation.TryParseUser(identityId, out _, out _))
                    return identityId + " is not an IAM user: only IAM user access keys are rotated (roles use temporary credentials).";
                if (credentialType.HasValue && credentialType.Value != CredentialType.AccessKey)
                    return "Credential type " + credentialType.Value + " of " + identityId + " is not rotated automatically; only access keys are.";
                return null;
            }
            if (string.Equals(provider, "KeyVault", StringComparison.OrdinalIgnoreCase))
                return identityId + " is a vault-only secret: NhiTools cannot create its value at the service it belongs to. Rotate it where it is issued.";
            return identityId + " (" + (provider ?? "unknown provider") + ") is not rotated automatically: only Entra application client secrets and IAM user access keys are.";
        }

        /// <summary>
        /// The documented default vault secret name when none is linked by tags: entra-app-&lt;appId&gt; or
        /// aws-&lt;account&gt;-&lt;user&gt;, characters outside [0-9a-zA-Z-] replaced by '-', at most 118 characters
        /// (room for "--pending").
        /// </summary>
        public static string DefaultSecretName(string identityId)
        {
            string raw;
            if (EntraSecretRotation.AppIdOf(identityId) is string appId) raw = "entra-app-" + appId;
            else if (AwsKeyRotation.TryParseUser(identityId, out var account, out var user)) raw = "aws-" + account + "-" + user;
            else raw = identityId ?? "secret";
            var sb = new StringBuilder(raw.Length);
            foreach (var c in raw) sb.Append((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ? c : '-');
            var name = sb.ToString();
            while (name.Contains("--")) name = name.Replace("--", "-"); // "--" is the pending suffix's separator
            name = name.Trim('-');
            return name.Length > 118 ? name.Substring(0, 118) : name;
        }

        /// <summary>A name for output when none was given: the IAM user name or the application id.</summary>
        public static string DisplayName(string identityId) =>
            AwsKeyRotation.TryParseUser(identityId, out _, out var user) ? user : EntraSecretRotation.AppIdOf(identityId) ?? identityId;

        /// <summary>The state machine for a provider over the connected session (Connect-NhiEntra, Connect-NhiAws).</summary>
        public static RotationMachine Machine(string provider, string identityId, IRotationVault vault)
        {
            if (string.Equals(provider, "Entra", StringComparison.OrdinalIgnoreCase))
            {
                var entra = LiveSessions.Get("Entra") as EntraSource
                    ?? throw NotConnected("Entra", "Connect-NhiEntra", identityId);
                return new EntraSecretRotation(entra, vault);
            }
            if (string.Equals(provider, "Aws", StringComparison.OrdinalIgnoreCase))
            {
                var aws = LiveSessions.Get("Aws") as AwsLiveSource
                    ?? throw NotConnected("AWS", "Connect-NhiAws", identityId);
                return new AwsKeyRotation(aws, identityId, vault);
            }
            throw new NhiException("NhiRotationUnsupported", NhiErrorCategory.InvalidOperation, "No rotation for provider " + provider + ".", identityId);
        }

        private static NhiException NotConnected(string what, string cmdlet, string identityId) =>
            new NhiException("NhiRotationNotConnected", NhiErrorCategory.ConnectionError,
                "Rotating " + identityId + " needs a live " + what + " connection: run " + cmdlet + " first (rotation never works from export files).", identityId);
    }
}
