using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Entra
{
    /// <summary>Builds the Azure.Identity credential Connect-NhiEntra asked for.</summary>
    internal static class EntraCredentials
    {
        public static TokenCredential Create(EntraConnectOptions o, Action<string> deviceCodePrompt, out string method)
        {
            int chosen = (o.ManagedIdentity ? 1 : 0) + (o.CertificatePath != null || o.CertificateThumbprint != null ? 1 : 0)
                         + (o.ClientSecret != null ? 1 : 0) + (o.DeviceCode ? 1 : 0) + (o.AccessToken != null ? 1 : 0);
            if (chosen > 1)
                throw EntraErrors.BadArgument("Choose one way to authenticate: -ManagedIdentity, -CertificatePath/-CertificateThumbprint, -ClientSecret, -DeviceCode or -AccessToken.");
            if ((o.ClientSecret != null || o.CertificatePath != null || o.CertificateThumbprint != null) && (string.IsNullOrEmpty(o.TenantId) || string.IsNullOrEmpty(o.ClientId)))
                throw EntraErrors.BadArgument("-TenantId and -ClientId are required with a client secret or certificate.");

            if (o.AccessToken != null)
            {
                method = "AccessToken";
                return new StaticTokenCredential(Plain(o.AccessToken));
            }

            if (o.ManagedIdentity)
            {
                method = "ManagedIdentity";
                // IDENTITY_ENDPOINT/IDENTITY_HEADER (Azure Automation, App Service) or IMDS: ManagedIdentityCredential picks the source.
                var id = string.IsNullOrEmpty(o.ClientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(o.ClientId);
                return new ManagedIdentityCredential(Options(new ManagedIdentityCredentialOptions(id), o));
            }

            if (o.ClientSecret != null)
            {
                method = "ClientSecret";
                var options = Options(new ClientSecretCredentialOptions(), o);
                options.DisableInstanceDiscovery = o.AuthorityHost != null;
                return new ClientSecretCredential(o.TenantId, o.ClientId, Plain(o.ClientSecret), options);
            }

            if (o.CertificatePath != null || o.CertificateThumbprint != null)
            {
                method = "Certificate";
                var options = Options(new ClientCertificateCredentialOptions(), o);
                options.DisableInstanceDiscovery = o.AuthorityHost != null;
                return o.CertificatePath != null
                    ? new ClientCertificateCredential(o.TenantId, o.ClientId, o.CertificatePath, options)
                    : new ClientCertificateCredential(o.TenantId, o.ClientId, FindCertificate(o.CertificateThumbprint), options);
            }

            if (o.DeviceCode)
            {
                method = "DeviceCode";
                var options = Options(new DeviceCodeCredentialOptions(), o);
                options.TenantId = o.TenantId;
                if (!string.IsNullOrEmpty(o.ClientId)) options.ClientId = o.ClientId;
                options.DisableInstanceDiscovery = o.AuthorityHost != null;
                options.DeviceCodeCallback = (info, ct) =>
                {
                    deviceCodePrompt?.Invoke(info.Message); // the user code is meant to be shown; it is no secret
                    return Task.CompletedTask;
                };
                return new DeviceCodeCredential(options);
            }

            method = "DefaultAzureCredential";
            var d = Options(new DefaultAzureCredentialOptions(), o);
            if (!string.IsNullOrEmpty(o.TenantId)) d.TenantId = o.TenantId;
            if (!string.IsNullOrEmpty(o.ClientId)) d.ManagedIdentityClientId = o.ClientId;
            return new DefaultAzureCredential(d);
        }

        private static T Options<T>(T options, EntraConnectOptions o) where T : TokenCredentialOptions
        {
            if (o.AuthorityHost != null) options.AuthorityHost = o.AuthorityHost;
            if (o.TokenHttpHandler != null) options.Transport = new HttpClientTransport(o.TokenHttpHandler);
            return options;
        }

        private static X509Certificate2 FindCertificate(string thumbprint)
        {
            var wanted = thumbprint.Replace(" ", "").ToUpperInvariant();
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                try
                {
                    using (var store = new X509Store(StoreName.My, location))
                    {
                        store.Open(OpenFlags.ReadOnly);
                        var found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, false);
                        if (found.Count > 0) return found[0];
                    }
                }
                catch (System.Security.Cryptography.CryptographicException) { }
            }
            throw new NhiException("NhiEntraCertificateNotFound", NhiErrorCategory.ObjectNotFound,
                $"No certificate with thumbprint {wanted} in the CurrentUser or LocalMachine 'My' store.", thumbprint);
        }

        /// <summary>A SecureString's text, for the one SDK call that needs it as a string.</summary>
        internal static string Plain(SecureString s)
        {
            if (s == null) return null;
            var ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(s);
                return Marshal.PtrToStringUni(ptr);
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }
    }

    /// <summary>A token given by the caller; nothing to refresh.</summary>
    internal sealed class StaticTokenCredential : TokenCredential
    {
        private readonly AccessToken _token;

        public StaticTokenCredential(string token)
        {
            if (string.IsNullOrWhiteSpace(token)) throw EntraErrors.BadArgument("-AccessToken is empty.");
            _token = new AccessToken(token.Trim(), JwtClaims.Expiry(token) ?? DateTimeOffset.UtcNow.AddHours(1));
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => _token;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new ValueTask<AccessToken>(_token);
    }
}
