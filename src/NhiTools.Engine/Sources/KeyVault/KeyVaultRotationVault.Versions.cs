using System;
using System.Linq;
using Azure.Security.KeyVault.Secrets;
using NhiTools.Engine.Rotation;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.KeyVault
{
    // Version-level reads and the attribute write cleanup uses (Disable-NhiIdentity, Remove-NhiCredential on a secret).
    public sealed partial class KeyVaultRotationVault
    {
        /// <summary>Metadata of one version (from the versions list: a disabled version answers 403 to GET), or null.</summary>
        public VaultSecretInfo GetVersion(string name, string version, IHostContext host)
        {
            CheckName(name);
            host = host ?? NullHostContext.Instance;
            if (string.IsNullOrEmpty(version)) return GetCurrent(name, host);
            try
            {
                var versions = KeyVaultCalls.Run(ct => Client.GetPropertiesOfSecretVersions(name, ct).ToList(), "list versions of " + name, host, _options);
                var v = versions.FirstOrDefault(p => string.Equals(p.Version, version, StringComparison.OrdinalIgnoreCase));
                return v == null ? null : Info(v);
            }
            catch (KeyVaultRequestException ex) when (ex.Failure.Status == 404)
            {
                return null;
            }
            catch (KeyVaultRequestException ex)
            {
                throw KeyVaultErrors.Request($"Listing the versions of secret '{name}' in {VaultUri}", ex.Failure, name);
            }
        }

        /// <summary>
        /// PATCH of one version's attributes: only "enabled" is sent (no value, no tags). Setting one attribute is
        /// idempotent, so 408/429/5xx and a lost answer are retried like a read.
        /// </summary>
        public VaultSecretInfo UpdateSecretProperties(string name, string version, bool enabled, IHostContext host)
        {
            CheckName(name);
            if (string.IsNullOrEmpty(version)) throw KeyVaultErrors.BadArgument("A secret version is required to change its attributes.", name);
            host = host ?? NullHostContext.Instance;
            var id = new Uri(VaultUri + "secrets/" + Uri.EscapeDataString(name) + "/" + Uri.EscapeDataString(version));
            try
            {
                return KeyVaultCalls.Run(ct =>
                {
                    var p = new SecretProperties(id) { Enabled = enabled };
                    return Info(Client.UpdateSecretProperties(p, ct).Value);
                }, (enabled ? "enable " : "disable ") + name + "/" + version, host, _options);
            }
            catch (KeyVaultRequestException ex)
            {
                throw KeyVaultErrors.Request($"{(enabled ? "Enabling" : "Disabling")} version {version} of secret '{name}' in {VaultUri}", ex.Failure, name);
            }
        }
    }
}
