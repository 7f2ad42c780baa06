using System;
using System.Net.Http;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace NhiTools.Engine.Sources.KeyVault
{
    /// <summary>How Connect-NhiKeyVault authenticates and which vaults it reads. No SDK type here: the cmdlets bind to it.</summary>
    public sealed class KeyVaultConnectOptions
    {
        /// <summary>https://&lt;vault&gt;.vault.azure.net/ (a national cloud's vault, or a lab such as https://127.0.0.1:5102/).</summary>
        public Uri[] VaultUri { get; set; } = Array.Empty<Uri>();

        public string TenantId { get; set; }
        public string ClientId { get; set; }

        /// <summary>Managed identity (system-assigned, or user-assigned when ClientId is given). Works in Azure Automation.</summary>
        public bool ManagedIdentity { get; set; }

        public string CertificatePath { get; set; }
        public string CertificateThumbprint { get; set; }
        public SecureString ClientSecret { get; set; }

        /// <summary>A bearer token for https://vault.azure.net obtained elsewhere (az account get-access-token --resource https://vault.azure.net).</summary>
        public SecureString AccessToken { get; set; }

        /// <summary>Entra authority (national cloud, or a lab's token endpoint).</summary>
        public Uri AuthorityHost { get; set; }

        /// <summary>
        /// A server certificate trusted in addition to the platform's roots, by exact thumbprint (the lab's self-signed
        /// certificate). Everything else is validated as usual.
        /// </summary>
        public X509Certificate2 TrustedServerCertificate { get; set; }

        /// <summary>Transport for vault requests (tests trust a lab certificate with it). Null = the platform default.</summary>
        public HttpMessageHandler VaultHttpHandler { get; set; }

        /// <summary>Transport for token requests only. Null = the platform default (or one trusting TrustedServerCertificate).</summary>
        public HttpMessageHandler TokenHttpHandler { get; set; }

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
