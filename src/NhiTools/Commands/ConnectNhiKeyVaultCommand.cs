using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.KeyVault;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Connects to Azure Key Vault so Get-NhiIdentity lists vault secrets and rotation writes into the vault.</summary>
    [Cmdlet(VerbsCommunications.Connect, "NhiKeyVault", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(KeyVaultConnectionInfo))]
    public sealed class ConnectNhiKeyVaultCommand : NhiCmdlet
    {
        private const string DefaultSet = "Default";
        private const string ManagedIdentitySet = "ManagedIdentity";
        private const string CertificatePathSet = "CertificatePath";
        private const string CertificateThumbprintSet = "CertificateThumbprint";
        private const string ClientSecretSet = "ClientSecret";
        private const string AccessTokenSet = "AccessToken";

        /// <summary>https://&lt;vault&gt;.vault.azure.net/ (several allowed); binds from objects with a VaultUri property.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("Endpoint", "VaultUrl")]
        public Uri[] VaultUri { get; set; }

        [Parameter(ParameterSetName = DefaultSet)]
        [Parameter(ParameterSetName = ManagedIdentitySet)]
        [Parameter(ParameterSetName = CertificatePathSet, Mandatory = true)]
        [Parameter(ParameterSetName = CertificateThumbprintSet, Mandatory = true)]
        [Parameter(ParameterSetName = ClientSecretSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string TenantId { get; set; }

        [Parameter(ParameterSetName = DefaultSet)]
        [Parameter(ParameterSetName = ManagedIdentitySet)]
        [Parameter(ParameterSetName = CertificatePathSet, Mandatory = true)]
        [Parameter(ParameterSetName = CertificateThumbprintSet, Mandatory = true)]
        [Parameter(ParameterSetName = ClientSecretSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [Alias("ApplicationId", "AppId")]
        public string ClientId { get; set; }

        [Parameter(ParameterSetName = ManagedIdentitySet, Mandatory = true)]
        [Alias("Identity")]
        public SwitchParameter ManagedIdentity { get; set; }

        [Parameter(ParameterSetName = CertificatePathSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string CertificatePath { get; set; }

        [Parameter(ParameterSetName = CertificateThumbprintSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string CertificateThumbprint { get; set; }

        [Parameter(ParameterSetName = ClientSecretSet, Mandatory = true)]
        [ValidateNotNull]
        public SecureString ClientSecret { get; set; }

        [Parameter(ParameterSetName = AccessTokenSet, Mandatory = true)]
        [ValidateNotNull]
        public SecureString AccessToken { get; set; }

        /// <summary>Entra authority host (national cloud, or a lab's token endpoint).</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri AuthorityHost { get; set; }

        /// <summary>A server certificate file (PEM or DER) trusted for TLS beyond the platform's roots: the lab's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TrustedServerCertificate { get; set; }

        private readonly System.Collections.Generic.List<Uri> vaults = new System.Collections.Generic.List<Uri>();

        protected override void ProcessRecord()
        {
            if (VaultUri != null) vaults.AddRange(VaultUri);
        }

        protected override void EndProcessing()
        {
            var options = new SignInOptionsBuilder
            {
                TenantId = TenantId,
                ClientId = ClientId,
                ManagedIdentity = ManagedIdentity,
                CertificatePath = CertificatePath,
                CertificateThumbprint = CertificateThumbprint,
                ClientSecret = ClientSecret,
                AccessToken = AccessToken,
                AuthorityHost = AuthorityHost,
                TrustedServerCertificate = TrustedServerCertificate,
            }.Build(this, "NhiKeyVaultInvalidArgument", new KeyVaultConnectOptions { VaultUri = vaults.ToArray() });

            Run(() =>
            {
                var source = KeyVaultLiveSource.Connect(options, HostContext);
                LiveSessions.Connect(source);
                WriteObject(source.Info);
            });
        }
    }
}
