using System;
using System.Collections.Generic;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Engine.Sources.KeyVault;
using NhiTools.Hosting;

namespace NhiTools.Engine.Rotation
{
    /// <summary>
    /// Finds the vault a rotation writes to: the Connect-NhiKeyVault session when there is one; else the vault reached
    /// with the Connect-NhiEntra session's sign-in (same tenant, client and secret/certificate/managed identity);
    /// else DefaultAzureCredential (managed identity in Azure Automation).
    /// </summary>
    public sealed class RotationVaults
    {
        private readonly Dictionary<string, IRotationVault> _cache = new Dictionary<string, IRotationVault>(StringComparer.OrdinalIgnoreCase);

        public IRotationVault Resolve(Uri vaultUri, IHostContext host)
        {
            if (vaultUri == null) throw new NhiException("NhiRotationBadArgument", NhiErrorCategory.InvalidArgument, "A vault URI is required (-VaultUri).", null);
            var normalized = KeyVaultRotationVault.NormalizeVaultUri(vaultUri);
            if (_cache.TryGetValue(normalized.ToString(), out var cached)) return cached;
            IRotationVault vault = null;
            if (KeyVaultSessions.Current != null) vault = KeyVaultSessions.GetVault(normalized);
            if (vault == null)
            {
                var options = new KeyVaultConnectOptions { VaultUri = new[] { normalized } };
                if (LiveSessions.Get("Entra") is EntraSource entra && entra.ConnectOptions.AccessToken == null)
                {
                    entra.ConnectOptions.CopySignInTo(options);
                    host?.WriteVerbose("Reaching " + normalized + " with the Connect-NhiEntra sign-in.");
                }
                else
                {
                    host?.WriteVerbose("Reaching " + normalized + " with DefaultAzureCredential (Connect-NhiKeyVault chooses another sign-in).");
                }
                vault = KeyVaultRotationVault.Connect(normalized, options);
            }
            _cache[normalized.ToString()] = vault;
            return vault;
        }

        /// <summary>Splits https://vault/secrets/name[/version] into the vault URI and the secret name.</summary>
        public static bool TryParseSecretId(string secretId, out Uri vaultUri, out string name)
        {
            vaultUri = null;
            name = null;
            if (!Uri.TryCreate(secretId, UriKind.Absolute, out var uri)) return false;
            var segments = uri.AbsolutePath.Trim('/').Split('/');
            if (segments.Length < 2 || !string.Equals(segments[0], "secrets", StringComparison.OrdinalIgnoreCase)) return false;
            vaultUri = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
            name = segments[1];
            return true;
        }
    }
}
