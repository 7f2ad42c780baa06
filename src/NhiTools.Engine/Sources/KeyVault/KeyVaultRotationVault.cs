using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using NhiTools.Engine.Rotation;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.KeyVault
{
    /// <summary>
    /// One live vault for rotation (and the live source's reads): a SecretClient with the connection's credential.
    /// Writes go from a char buffer to the vault through one short-lived string that is wiped afterwards; values read
    /// back (GET answers carry them) are wiped too and never returned. Every failure is an NhiException with a stable
    /// id whose text is built from status and code, never the SDK's message.
    /// </summary>
    public sealed partial class KeyVaultRotationVault : IRotationVault
    {
        private static readonly Regex NamePattern = new Regex("^[0-9a-zA-Z-]{1,127}$", RegexOptions.CultureInvariant);
        private readonly KeyVaultConnectOptions _options;

        /// <summary>A vault reached with <paramref name="credential"/>; options give the transport (a lab's trusting handler) and retry budget.</summary>
        public KeyVaultRotationVault(Uri vaultUri, TokenCredential credential, KeyVaultConnectOptions options = null)
        {
            if (vaultUri == null) throw new ArgumentNullException(nameof(vaultUri));
            if (credential == null) throw new ArgumentNullException(nameof(credential));
            _options = options ?? new KeyVaultConnectOptions();
            VaultUri = NormalizeVaultUri(vaultUri);
            Client = KeyVaultCalls.Client(VaultUri, credential,  _options, KeyVaultCalls.Handler(_options.VaultHttpHandler, _options.TrustedServerCertificate));
        }

        /// <summary>A vault reached with the credential the options describe (managed identity, secret, certificate, token, default chain).</summary>
        public static KeyVaultRotationVault Connect(Uri vaultUri, KeyVaultConnectOptions options)
        {
            var credential = KeyVaultCalls.Credential(options ?? new KeyVaultConnectOptions(), out _);
            return new KeyVaultRotationVault(vaultUri, credential, options);
        }

        public Uri VaultUri { get; }

        /// <summary>The vault's short name (the first label of its host), as offline ids use it.</summary>
        public string VaultName => VaultUri.Host.Split('.')[0];

        internal SecretClient Client { get; }
        internal KeyVaultConnectOptions Options => _options;

        /// <summary>https://host[:port]/ with nothing after it; only https (the SDK refuses to send a token over http).</summary>
        public static Uri NormalizeVaultUri(Uri uri)
        {
            if (uri == null || !uri.IsAbsoluteUri) throw KeyVaultErrors.BadArgument("A vault URI must be absolute: https://<vault>.vault.azure.net/.", uri);
            if (!string.Equals(uri.Scheme, "https", StringComparison.OrdinalIgnoreCase))
                throw KeyVaultErrors.BadArgument($"'{uri}' is not https: Key Vault tokens are only sent over TLS. Use https://<vault>.vault.azure.net/ (or the lab's https address).", uri);
            if (uri.AbsolutePath.Trim('/').Length > 0 || !string.IsNullOrEmpty(uri.Query))
                throw KeyVaultErrors.BadArgument($"'{uri}' has a path or query; a vault URI is only https://<vault>.vault.azure.net/.", uri);
            return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
        }

        public VaultSecretInfo GetCurrent(string name, IHostContext host)
        {
            CheckName(name);
            host = host ?? NullHostContext.Instance;
            KeyVaultSecret secret = null;
            try
            {
                secret = KeyVaultCalls.Run(ct => Client.GetSecret(name, null, ct).Value, "get " + name, host, _options);
                return Info(secret.Properties);
            }
            catch (KeyVaultRequestException ex) when (ex.Failure.Status == 404)
            {
                return null;
            }
            catch (KeyVaultRequestException ex) when (ex.Failure.Disabled)
            {
                // A disabled latest version answers 403 to GET; its metadata is still listed with the versions.
                return LatestVersion(name, host);
            }
            catch (KeyVaultRequestException ex)
            {
                throw KeyVaultErrors.Request($"Reading secret '{name}' in {VaultUri}", ex.Failure, name);
            }
            finally
            {
                SecretText.Wipe(secret?.Value);
            }
        }

        private VaultSecretInfo LatestVersion(string name, IHostContext host)
        {
            try
            {
                var versions = KeyVaultCalls.Run(ct => Client.GetPropertiesOfSecretVersions(name, ct).ToList(), "list versions of " + name, host, _options);
                var latest = versions.OrderBy(v => v.CreatedOn ?? DateTimeOffset.MinValue).LastOrDefault();
                return latest == null ? null : Info(latest);
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

        public VaultSecretInfo SetSecret(string name, char[] value, string contentType, IDictionary<string, string> tags, IHostContext host)
        {
            CheckName(name);
            if (value == null) throw KeyVaultErrors.BadArgument("A secret value is required.", name);
            host = host ?? NullHostContext.Instance;
            var scrub = SecretText.Scrubber(value);
            bool recovered = false;
            while (true)
            {
                try
                {
                    // After a recovery the vault may still answer 409 for a moment: retried like a throttle.
                    return KeyVaultCalls.Run(ct => Write(name, value, contentType, tags, ct), "set " + name, host, _options, scrub, retryConflict: recovered);
                }
                catch (KeyVaultRequestException ex) when (ex.Failure.DeletedButRecoverable && !recovered)
                {
                    host.WriteVerbose($"Key Vault: secret '{name}' in {VaultUri} is soft-deleted; recovering it before writing a new version.");
                    Recover(name, host);
                    recovered = true;
                }
                catch (KeyVaultRequestException ex)
                {
                    throw KeyVaultErrors.Request($"Writing secret '{name}' in {VaultUri}", ex.Failure, name);
                }
            }
        }

        // One attempt: the only string copy of the value lives for the duration of the request.
        private VaultSecretInfo Write(string name, char[] value, string contentType, IDictionary<string, string> tags, System.Threading.CancellationToken ct)
        {
            string copy = null;
            KeyVaultSecret written = null;
            try
            {
                copy = new string(value);
                var secret = new KeyVaultSecret(name, copy);
                secret.Properties.ContentType = contentType;
                if (tags != null) foreach (var t in tags) secret.Properties.Tags[t.Key] = t.Value;
                written = Client.SetSecret(secret, ct).Value;
                return Info(written.Properties);
            }
            finally
            {
                SecretText.Wipe(copy);
                SecretText.Wipe(written?.Value);
            }
        }

        private void Recover(string name, IHostContext host)
        {
            try
            {
                KeyVaultCalls.Run(ct =>
                {
                    var op = Client.StartRecoverDeletedSecret(name, ct);
                    Wait(op, ct);
                    return true;
                }, "recover " + name, host, _options, retryConflict: true);
            }
            catch (KeyVaultRequestException ex) when (ex.Failure.Status == 404)
            {
                // Purged meanwhile: the name is free again.
            }
            catch (KeyVaultRequestException ex) when (ex.Failure.Status == 403)
            {
                throw new NhiException(KeyVaultErrors.PermissionDenied, NhiErrorCategory.PermissionDenied,
                    $"Secret '{name}' in {VaultUri} is deleted but recoverable, so its name cannot be written until it is recovered or purged, and recovering it was refused: {ex.Failure}. Grant the 'recover' secret permission (Key Vault Secrets Officer) or purge it.", name);
            }
            catch (KeyVaultRequestException ex)
            {
                throw KeyVaultErrors.Request($"Recovering deleted secret '{name}' in {VaultUri}", ex.Failure, name);
            }
        }

        public void RemoveSecret(string name, IHostContext host)
        {
            CheckName(name);
            host = host ?? NullHostContext.Instance;
            bool softDeleted = true;
            try
            {
                softDeleted = KeyVaultCalls.Run(ct =>
                {
                    var op = Client.StartDeleteSecret(name, ct);
                    // No recovery id: the vault has no soft delete and the secret is gone for good.
                    if (op.Value?.RecoveryId == null) return false;
                    Wait(op, ct);
                    return true;
                }, "delete " + name, host, _options, retryConflict: true);
            }
            catch (KeyVaultRequestException ex) when (ex.Failure.Status == 404)
            {
                // Not a live secret: it may be left deleted by an earlier run whose purge did not happen.
            }
            catch (KeyVaultRequestException ex)
            {
                throw KeyVaultErrors.Request($"Deleting secret '{name}' in {VaultUri}", ex.Failure, name);
            }
            if (!softDeleted) return;
            try
            {
                KeyVaultCalls.Run(ct => Client.PurgeDeletedSecret(name, ct), "purge " + name, host, _options, retryConflict: true);
            }
            catch (KeyVaultRequestException ex) when (ex.Failure.Status == 404)
            {
                // Nothing deleted under that name (never existed, or purged already): done.
            }
            catch (KeyVaultRequestException ex) when (ex.Failure.Status == 403)
            {
                host.WriteWarning($"Secret '{name}' in {VaultUri} was deleted but not purged: purging was refused ({ex.Failure.Code ?? "Forbidden"}); the identity lacks the 'purge' secret permission. It stays soft-deleted until the vault purges it; a later write of that name recovers it first.");
            }
            catch (KeyVaultRequestException ex)
            {
                throw KeyVaultErrors.Request($"Purging deleted secret '{name}' in {VaultUri}", ex.Failure, name);
            }
        }

        /// <summary>
        /// Polls a delete or recover until the vault has finished it, for at most the retry budget: a poll that never
        /// ends surfaces as a timeout (no answer), which the caller's retry handles by asking again.
        /// </summary>
        private void Wait<T>(Azure.Operation<T> op, System.Threading.CancellationToken ct)
        {
            using (var bounded = System.Threading.CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                bounded.CancelAfter(_options.MaxRetryWait);
                op.WaitForCompletion(_options.PollInterval, bounded.Token);
            }
        }

        private static void CheckName(string name)
        {
            if (string.IsNullOrEmpty(name) || !NamePattern.IsMatch(name))
                throw KeyVaultErrors.BadArgument($"'{name}' is not a valid Key Vault secret name: 1-127 letters, digits and dashes.", name);
        }

        /// <summary>
        /// Metadata of a version. The id is built on the address this client dials (for a real vault the same as the
        /// id it returns), so a journaled id always leads back to the vault, also a lab that answers with another host.
        /// </summary>
        internal VaultSecretInfo Info(SecretProperties p)
        {
            var info = new VaultSecretInfo
            {
                Name = p.Name,
                Id = p.Version == null ? p.Id?.ToString() : VaultUri + "secrets/" + Uri.EscapeDataString(p.Name) + "/" + p.Version,
                Version = p.Version,
                ContentType = p.ContentType,
                Enabled = p.Enabled ?? true,
                CreatedOn = p.CreatedOn?.UtcDateTime,
                UpdatedOn = p.UpdatedOn?.UtcDateTime,
                ExpiresOn = p.ExpiresOn?.UtcDateTime,
                Managed = p.Managed,
            };
            foreach (var t in p.Tags) info.Tags[t.Key] = t.Value;
            return info;
        }

        public override string ToString() => VaultUri.ToString();
    }
}
