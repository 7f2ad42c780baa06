using System;
using System.Management.Automation;
using System.Security;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Connects to Entra ID (Microsoft Graph) so Get-NhiIdentity and Set-NhiOwner work on the live tenant.</summary>
    [Cmdlet(VerbsCommunications.Connect, "NhiEntra", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(EntraConnectionInfo))]
    public sealed class ConnectNhiEntraCommand : NhiCmdlet
    {
        private const string DefaultSet = "Default";
        private const string ManagedIdentitySet = "ManagedIdentity";
        private const string CertificatePathSet = "CertificatePath";
        private const string CertificateThumbprintSet = "CertificateThumbprint";
        private const string ClientSecretSet = "ClientSecret";
        private const string DeviceCodeSet = "DeviceCode";
        private const string AccessTokenSet = "AccessToken";

        [Parameter(ParameterSetName = DefaultSet, Position = 0)]
        [Parameter(ParameterSetName = ManagedIdentitySet)]
        [Parameter(ParameterSetName = CertificatePathSet, Mandatory = true, Position = 0)]
        [Parameter(ParameterSetName = CertificateThumbprintSet, Mandatory = true, Position = 0)]
        [Parameter(ParameterSetName = ClientSecretSet, Mandatory = true, Position = 0)]
        [Parameter(ParameterSetName = DeviceCodeSet, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string TenantId { get; set; }

        [Parameter(ParameterSetName = DefaultSet)]
        [Parameter(ParameterSetName = ManagedIdentitySet)]
        [Parameter(ParameterSetName = CertificatePathSet, Mandatory = true)]
        [Parameter(ParameterSetName = CertificateThumbprintSet, Mandatory = true)]
        [Parameter(ParameterSetName = ClientSecretSet, Mandatory = true)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
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

        [Parameter(ParameterSetName = DeviceCodeSet, Mandatory = true)]
        public SwitchParameter DeviceCode { get; set; }

        [Parameter(ParameterSetName = AccessTokenSet, Mandatory = true)]
        [ValidateNotNull]
        public SecureString AccessToken { get; set; }

        /// <summary>Graph base URL (national cloud, or a test lab such as http://127.0.0.1:5100/v1.0).</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri Endpoint { get; set; }

        /// <summary>Entra authority host (national cloud, or a lab's token endpoint).</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri AuthorityHost { get; set; }

        /// <summary>Longest wait of one request across its retries (default 60 s).</summary>
        [Parameter]
        public TimeSpan RequestRetryBudget { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Longest total wait of one read or write across all its requests (default 10 min).</summary>
        [Parameter]
        public TimeSpan RunRetryBudget { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>A server certificate (PEM or DER) trusted for token requests besides the platform roots: the lab's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TrustedServerCertificate { get; set; }

        protected override void EndProcessing()
        {
            if (RequestRetryBudget < TimeSpan.Zero || RunRetryBudget < TimeSpan.Zero)
            {
                ThrowParameterError("NhiEntraInvalidArgument", "-RequestRetryBudget and -RunRetryBudget cannot be negative.", RequestRetryBudget);
            }

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
            }.Build(this, "NhiEntraInvalidArgument", new EntraConnectOptions
            {
                DeviceCode = DeviceCode,
                Endpoint = Endpoint,
                MaxRequestWait = RequestRetryBudget,
                MaxThrottleWait = RunRetryBudget,
            });

            Run(() =>
            {
                var source = EntraSource.Connect(options, HostContext);
                LiveSessions.Connect(source);
                WriteObject(source.Connection);
            });
        }
    }
}
