using System;
using System.Net.Http;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace NhiTools.Engine.Sources.KeyVault
{
    /// <summary>How Connect-NhiKeyVault authenticates and which vaults it reads. No SDK type here: the cmdlets bind to it.</summary>
    public sealed class KeyVaultConnectOptions : AzureSignInOptions
    {
        /// <summary>https://&lt;vault&gt;.vault.azure.net/ (a national cloud's vault, or a lab such as https://127.0.0.1:5102/).</summary>
        public Uri[] VaultUri { get; set; } = Array.Empty<Uri>();

        /// <summary>Transport for vault requests (tests trust a lab certificate with it). Null = the platform default.</summary>
        public HttpMessageHandler VaultHttpHandler { get; set; }

        /// <summary>Attempts per request on throttling and transient failures (the first try included).</summary>
        public int MaxAttempts { get; set; } = 6;

        /// <summary>Longest total wait on throttling and transient failures for one operation before it fails.</summary>
        public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>Backoff base when the vault sends no Retry-After: 1, 2, 4, 8, 16 s (Key Vault's guidance).</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>How often delete and recover operations are polled until the vault has finished them.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Longest wait for one request's answer.</summary>
        public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);
    }
}
