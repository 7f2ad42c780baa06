using System;
using System.Net.Http;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace NhiTools.Engine.Sources
{
    /// <summary>
    /// How an Azure source signs in to Entra: what Connect-NhiEntra and Connect-NhiKeyVault share. No SDK type here:
    /// the cmdlets bind to it.
    /// </summary>
    public abstract class AzureSignInOptions
    {
        public string TenantId { get; set; }
        public string ClientId { get; set; }

        /// <summary>Managed identity (system-assigned, or user-assigned when ClientId is given). Works in Azure Automation.</summary>
        public bool ManagedIdentity { get; set; }

        public string CertificatePath { get; set; }
        public string CertificateThumbprint { get; set; }
        public SecureString ClientSecret { get; set; }

        /// <summary>A bearer token obtained elsewhere (az account get-access-token, a lab), for this source's resource only.</summary>
        public SecureString AccessToken { get; set; }

        /// <summary>Entra authority (login.microsoftonline.com by default; a national cloud; a lab's token endpoint).</summary>
        public Uri AuthorityHost { get; set; }

        /// <summary>A server certificate trusted (by exact thumbprint) besides the platform roots: a lab's. Everything else
        /// is validated as usual.</summary>
        public X509Certificate2 TrustedServerCertificate { get; set; }

        /// <summary>Transport for token requests only (tests trust a lab certificate with it). Null = the platform default.</summary>
        public HttpMessageHandler TokenHttpHandler { get; set; }

        /// <summary>
        /// Gives <paramref name="to"/> the same sign-in: tenant, client, method, authority and token transport. Not the
        /// access token (it is for one resource) nor the trusted certificate (it is for one server).
        /// </summary>
        public void CopySignInTo(AzureSignInOptions to)
        {
            to.TenantId = TenantId;
            to.ClientId = ClientId;
            to.ManagedIdentity = ManagedIdentity;
            to.CertificatePath = CertificatePath;
            to.CertificateThumbprint = CertificateThumbprint;
            to.ClientSecret = ClientSecret;
            to.AuthorityHost = AuthorityHost;
            to.TokenHttpHandler = TokenHttpHandler;
        }
    }
}
