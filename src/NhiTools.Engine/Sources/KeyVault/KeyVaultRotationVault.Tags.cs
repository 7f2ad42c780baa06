using System;
using System.Collections.Generic;
using Azure.Security.KeyVault.Secrets;
using NhiTools.Engine.Rotation;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.KeyVault
{
    // The tag write Set-NhiPurpose uses on a vault secret.
    public sealed partial class KeyVaultRotationVault
    {
        /// <summary>
        /// PATCH of one version's tags: Key Vault replaces the whole tag set, so <paramref name="tags"/> is the full set
        /// wanted (no value, no attributes are sent). Idempotent, so 408/429/5xx and a lost answer are retried like a read.
        /// </summary>
        public VaultSecretInfo UpdateTags(string name, string version, IDictionary<string, string> tags, IHostContext host)
        {
            CheckName(name);
            if (string.IsNullOrEmpty(version)) throw KeyVaultErrors.BadArgument("A secret version is required to change its tags.", name);
            host = host ?? NullHostContext.Instance;
            var id = new Uri(VaultUri + "secrets/" + Uri.EscapeDataString(name) + "/" + Uri.EscapeDataString(version));
            try
            {
                return KeyVaultCalls.Run(ct =>
                {
                    var p = new SecretProperties(id);
                    foreach (var t in tags) p.Tags[t.Key] = t.Value;
                    return Info(Client.UpdateSecretProperties(p, ct).Value);
                }, "tag " + name + "/" + version, host, _options);
            }
            catch (KeyVaultRequestException ex)
            {
                throw KeyVaultErrors.Request($"Updating the tags of version {version} of secret '{name}' in {VaultUri}", ex.Failure, name);
            }
        }
    }
}
