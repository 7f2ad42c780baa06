using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NhiTools.Engine.Sources;

namespace NhiTools.Host
{
    /// <summary>
    /// The sign-in parameters Connect-NhiEntra and Connect-NhiKeyVault share, turned into engine options in one place:
    /// PowerShell paths resolved, the trusted certificate read, bad input refused with the cmdlet's ErrorId.
    /// </summary>
    internal sealed class SignInOptionsBuilder
    {
        public string TenantId { get; set; }
        public string ClientId { get; set; }
        public bool ManagedIdentity { get; set; }
        public string CertificatePath { get; set; }
        public string CertificateThumbprint { get; set; }
        public SecureString ClientSecret { get; set; }
        public SecureString AccessToken { get; set; }
        public Uri AuthorityHost { get; set; }
        public string TrustedServerCertificate { get; set; }

        /// <summary>Fills <paramref name="options"/>; a path that does not resolve or an unreadable certificate stops
        /// <paramref name="cmdlet"/> with <paramref name="errorId"/>.</summary>
        public T Build<T>(PSCmdlet cmdlet, string errorId, T options) where T : AzureSignInOptions
        {
            options.TenantId = TenantId;
            options.ClientId = ClientId;
            options.ManagedIdentity = ManagedIdentity;
            options.CertificatePath = Resolve(cmdlet, errorId, CertificatePath, "CertificatePath");
            options.CertificateThumbprint = CertificateThumbprint;
            options.ClientSecret = ClientSecret;
            options.AccessToken = AccessToken;
            options.AuthorityHost = AuthorityHost;
            options.TrustedServerCertificate = LoadTrusted(cmdlet, errorId);
            return options;
        }

        private X509Certificate2 LoadTrusted(PSCmdlet cmdlet, string errorId)
        {
            var path = Resolve(cmdlet, errorId, TrustedServerCertificate, "TrustedServerCertificate");
            if (path == null) return null;
            try
            {
                return new X509Certificate2(path);
            }
            catch (Exception ex) when (ex is CryptographicException || ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                throw Fail(cmdlet, errorId, "-TrustedServerCertificate '" + TrustedServerCertificate + "' is not a readable certificate file (PEM or DER): " + ex.Message, TrustedServerCertificate);
            }
        }

        private static string Resolve(PSCmdlet cmdlet, string errorId, string path, string parameter)
        {
            if (path == null) return null;
            try
            {
                return cmdlet.GetUnresolvedProviderPathFromPSPath(path);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException)
            {
                throw Fail(cmdlet, errorId, "Cannot resolve -" + parameter + " '" + path + "': " + ex.Message, path);
            }
        }

        // ThrowTerminatingError never returns; the throw keeps the compiler sure of it.
        private static Exception Fail(PSCmdlet cmdlet, string errorId, string message, object target)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));
            return new InvalidOperationException(message);
        }
    }
}
