using System;
using System.Collections.Generic;
using System.Linq;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using NhiTools.Engine.Rotation;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Engine.Sources.Offline.KeyVault;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.KeyVault
{
    /// <summary>
    /// A Connect-NhiKeyVault session: the vaults Get-NhiIdentity -Provider KeyVault lists (metadata only: list items
    /// carry no value), mapped by the offline importer's own code, and the vaults rotation writes through
    /// (<see cref="GetVault"/>). Identities carry Source[0] = "live:keyvault:&lt;vault URI&gt;".
    /// </summary>
    public sealed class KeyVaultLiveSource : ILiveSource, ILinkingLiveSource, IPurposeWriter
    {
        private readonly object _gate = new object();
        private readonly TokenCredential _credential;
        private readonly KeyVaultConnectOptions _options;
        private readonly Dictionary<string, KeyVaultRotationVault> _vaults = new Dictionary<string, KeyVaultRotationVault>(StringComparer.OrdinalIgnoreCase);
        private readonly List<KeyVaultRotationVault> _listed = new List<KeyVaultRotationVault>();
        // The name each vault gives itself in its ids (keyvault:<name>/...), learned from its lists: a vault reached by
        // another address (a private endpoint, the lab) is still found from an identity id alone (Undo-NhiChange).
        private readonly Dictionary<string, KeyVaultRotationVault> _knownAs = new Dictionary<string, KeyVaultRotationVault>(StringComparer.OrdinalIgnoreCase);

        internal KeyVaultLiveSource(KeyVaultConnectOptions options, TokenCredential credential, string method)
        {
            _options = options;
            _credential = credential;
            AuthenticationMethod = method;
            foreach (var uri in options.VaultUri ?? Array.Empty<Uri>())
            {
                var vault = Vault(uri);
                if (!_listed.Contains(vault)) _listed.Add(vault);
            }
        }

        /// <summary>
        /// Builds the credential and a client per vault, and reads the first page of each vault's list so a wrong
        /// address, a refused token or a missing list permission fails here, with an error, rather than later.
        /// </summary>
        public static KeyVaultLiveSource Connect(KeyVaultConnectOptions options, IHostContext host)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            host = host ?? NullHostContext.Instance;
            if (options.VaultUri == null || options.VaultUri.Length == 0) throw KeyVaultErrors.BadArgument("Give at least one -VaultUri.");
            foreach (var uri in options.VaultUri) KeyVaultRotationVault.NormalizeVaultUri(uri);
            var credential = KeyVaultCalls.Credential(options, out var method);
            var source = new KeyVaultLiveSource(options, credential, method);
            foreach (var vault in source.Vaults)
            {
                host.WriteVerbose($"Key Vault: checking {vault.VaultUri} ({method}).");
                try
                {
                    KeyVaultCalls.Run(ct => vault.Client.GetPropertiesOfSecrets(ct).AsPages().First(), "list " + vault.VaultUri, host, options);
                }
                catch (KeyVaultRequestException ex)
                {
                    throw KeyVaultErrors.Request($"Connecting to {vault.VaultUri} (listing its secrets)", ex.Failure, vault.VaultUri.ToString());
                }
            }
            return source;
        }

        public string Provider => "KeyVault";
        public string AuthenticationMethod { get; }
        public DateTime ConnectedOn { get; } = DateTime.UtcNow;

        /// <summary>The vaults Get-NhiIdentity lists (the -VaultUri of Connect-NhiKeyVault).</summary>
        public IReadOnlyList<KeyVaultRotationVault> Vaults { get { lock (_gate) return _listed.ToList(); } }

        public string Description => string.Join(", ", Vaults.Select(v => v.VaultUri.ToString())) + " (" + AuthenticationMethod + ")";

        public KeyVaultConnectionInfo Info => new KeyVaultConnectionInfo
        {
            VaultUri = Vaults.Select(v => v.VaultUri.ToString()).ToArray(),
            AuthenticationMethod = AuthenticationMethod,
            TenantId = _options.TenantId,
            ClientId = _options.ClientId,
            TrustedServerCertificate = _options.TrustedServerCertificate?.Thumbprint,
            ConnectedOn = ConnectedOn,
        };

        /// <summary>
        /// The vault at <paramref name="vaultUri"/> with this connection's credential and transport: a connected vault,
        /// or a new client for another vault (rotation may write to a vault it was not asked to list).
        /// </summary>
        public KeyVaultRotationVault GetVault(Uri vaultUri) => Vault(vaultUri);

        private KeyVaultRotationVault Vault(Uri vaultUri)
        {
            var normal = KeyVaultRotationVault.NormalizeVaultUri(vaultUri);
            lock (_gate)
            {
                if (!_vaults.TryGetValue(normal.Authority, out var vault))
                    _vaults[normal.Authority] = vault = new KeyVaultRotationVault(normal, _credential, _options);
                return vault;
            }
        }

        /// <summary>
        /// The connected vault whose ids name it <paramref name="vaultName"/> (keyvault:&lt;vaultName&gt;/...): by its host's
        /// first label, else by the names its lists used (the vaults are listed once if none was read yet), else null.
        /// </summary>
        public KeyVaultRotationVault FindVault(string vaultName, IHostContext host)
        {
            var byHost = Vaults.FirstOrDefault(v => string.Equals(v.VaultName, vaultName, StringComparison.OrdinalIgnoreCase));
            if (byHost != null) return byHost;
            bool learned;
            lock (_gate) learned = _knownAs.Count > 0;
            if (!learned) Read(host ?? NullHostContext.Instance, new LiveReadOptions());
            lock (_gate) return _knownAs.TryGetValue(vaultName ?? "", out var v) ? v : null;
        }

        public IEnumerable<Identity> Read(IHostContext host, LiveReadOptions options) => Read(host, options, new VaultLinks());

        /// <summary>A secret (keyvault:&lt;vault&gt;/&lt;name&gt;) holds its purpose as the tag "purpose" on its current version.</summary>
        public bool HoldsPurpose(Identity identity) => KeyVaultPurposeTags.Holds(identity);

        /// <summary>PATCHes the current version's tags with "purpose" set (or removed); reached only after ShouldProcess said yes.</summary>
        public string SetPurpose(Identity identity, string purpose, IHostContext host) => KeyVaultPurposeTags.Set(this, identity, purpose, host);

        /// <summary>
        /// Every vault is listed to its last page before anything is yielded: a failed page is an error for the whole
        /// read, never a shorter list. Empty pages that carry a nextLink are followed.
        /// </summary>
        IEnumerable<Identity> ILinkingLiveSource.Read(IHostContext host, LiveReadOptions options, VaultLinks links) => Read(host, options, links);

        private IEnumerable<Identity> Read(IHostContext host, LiveReadOptions options, VaultLinks links)
        {
            host = host ?? NullHostContext.Instance;
            var all = new List<Identity>();
            var mapping = new OfflineOptions();
            foreach (var vault in Vaults)
                all.AddRange(List(vault, host, mapping, links));
            host.WriteProgress(new ProgressInfo { Activity = "Listing Key Vault secrets", Status = all.Count + " secrets", PercentComplete = 100, Completed = true });
            return all;
        }

        private List<Identity> List(KeyVaultRotationVault vault, IHostContext host, OfflineOptions mapping, VaultLinks links)
        {
            var result = new List<Identity>();
            var source = IdentityOrigin.Live("keyvault", vault.VaultUri.ToString());
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string token = null;
            int page = 0;
            do
            {
                page++;
                host.WriteProgress(new ProgressInfo { Activity = "Listing Key Vault secrets", Status = $"{vault.VaultUri}: page {page}, {result.Count} secrets" });
                Azure.Page<SecretProperties> p;
                try
                {
                    var from = token;
                    p = KeyVaultCalls.Run(ct => vault.Client.GetPropertiesOfSecrets(ct).AsPages(from).First(), $"list {vault.VaultUri} page {page}", host, _options);
                }
                catch (KeyVaultRequestException ex)
                {
                    throw KeyVaultErrors.List(vault.VaultUri.ToString(), page, ex.Failure);
                }
                foreach (var item in p.Values)
                {
                    var identity = SecretListReader.FromFields(Fields(item), source, mapping, links);
                    if (identity == null) continue;
                    result.Add(identity);
                    lock (_gate) _knownAs[identity.Account ?? vault.VaultName] = vault;
                }
                token = p.ContinuationToken;
                if (token != null && !seen.Add(token))
                    throw new NhiException(KeyVaultErrors.ListFailed, NhiErrorCategory.InvalidData,
                        $"Listing the secrets of {vault.VaultUri} failed on page {page}: the vault sent a nextLink it had sent before. The list is incomplete, so nothing is reported.", vault.VaultUri.ToString());
            } while (token != null);
            host.WriteVerbose($"Key Vault: {result.Count} secrets in {vault.VaultUri} ({page} page{(page == 1 ? "" : "s")}).");
            return result;
        }

        /// <summary>A live list item in the importer's terms (the same fields `az keyvault secret list` prints).</summary>
        internal static SecretItemFields Fields(SecretProperties p) => new SecretItemFields
        {
            Url = p.Id?.ToString(),
            Name = p.Name,
            Enabled = p.Enabled,
            CreatedOn = p.CreatedOn?.UtcDateTime,
            UpdatedOn = p.UpdatedOn?.UtcDateTime,
            ExpiresOn = p.ExpiresOn?.UtcDateTime,
            ContentType = p.ContentType,
            Managed = p.Managed,
            Tags = p.Tags,
        };
    }

    /// <summary>The live vault session of this process: what rotation asks for an <see cref="IRotationVault"/>.</summary>
    public static class KeyVaultSessions
    {
        /// <summary>The Connect-NhiKeyVault session, or null.</summary>
        public static KeyVaultLiveSource Current => LiveSessions.Get("KeyVault") as KeyVaultLiveSource;

        /// <summary>
        /// The vault at <paramref name="vaultUri"/> through the Connect-NhiKeyVault session (its credential and transport),
        /// whether or not that vault was one of its -VaultUri. Throws NhiKeyVaultNotConnected with no session.
        /// </summary>
        public static IRotationVault GetVault(Uri vaultUri)
        {
            var current = Current ?? throw new NhiException(KeyVaultErrors.NotConnected, NhiErrorCategory.InvalidOperation,
                "Not connected to Key Vault: run Connect-NhiKeyVault -VaultUri " + (vaultUri?.ToString() ?? "<uri>") + " (with -ManagedIdentity in Azure Automation) first.", vaultUri);
            return current.GetVault(vaultUri);
        }
    }
}
