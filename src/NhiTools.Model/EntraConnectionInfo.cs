using System;

namespace NhiTools
{
    /// <summary>What Connect-NhiEntra connected to. Never holds a token or secret.</summary>
    public sealed class EntraConnectionInfo
    {
        public string Provider { get; set; } = "Entra";
        /// <summary>Tenant id when known (given, or read from the token's tid claim).</summary>
        public string TenantId { get; set; }
        /// <summary>Client (application) id of the caller when known.</summary>
        public string ClientId { get; set; }
        /// <summary>Graph base URL every request goes to.</summary>
        public string Endpoint { get; set; }
        /// <summary>ManagedIdentity, ClientSecret, Certificate, DeviceCode, AccessToken or DefaultAzureCredential.</summary>
        public string AuthenticationMethod { get; set; }
        /// <summary>Graph permissions (roles) in the token, when the token says (app-only tokens list them).</summary>
        public string[] Roles { get; set; } = Array.Empty<string>();
        public DateTime ConnectedOn { get; set; }

        public override string ToString() => "Entra " + (string.IsNullOrEmpty(TenantId) ? "" : TenantId + " ") + "at " + Endpoint;
    }
}
