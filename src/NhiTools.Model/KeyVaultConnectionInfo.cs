using System;

namespace NhiTools
{
    /// <summary>What Connect-NhiKeyVault connected to. Never holds a token or secret.</summary>
    public sealed class KeyVaultConnectionInfo
    {
        public string Provider { get; set; } = "KeyVault";
        /// <summary>The vaults Get-NhiIdentity -Provider KeyVault lists (https://&lt;vault&gt;.vault.azure.net/).</summary>
        public string[] VaultUri { get; set; } = Array.Empty<string>();
        /// <summary>ManagedIdentity, ClientSecret, Certificate, AccessToken or DefaultAzureCredential.</summary>
        public string AuthenticationMethod { get; set; }
        public string TenantId { get; set; }
        public string ClientId { get; set; }
        /// <summary>Thumbprint of a server certificate trusted beyond the platform's roots (a lab's), or null.</summary>
        public string TrustedServerCertificate { get; set; }
        public DateTime ConnectedOn { get; set; }

        public override string ToString() => "KeyVault " + string.Join(", ", VaultUri);
    }
}
