using System;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NhiTools.Labs.Common
{
    /// <summary>
    /// Self-signed TLS certificate made at run time (none is committed): CN=NhiTools Lab, ECDSA P-256, SAN 127.0.0.1
    /// and localhost, valid from yesterday for 30 days.
    /// </summary>
    public static class LabCertificate
    {
        public static X509Certificate2 Create(string subject = "CN=NhiTools Lab")
        {
            // ECDSA P-256: made in a millisecond (RSA-2048 key generation costs up to a second per lab).
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(
                X509KeyUsageFlags.DigitalSignature, false));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false)); // server authentication
            var now = DateTimeOffset.UtcNow;
            using var ephemeral = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
            // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null,
                X509KeyStorageFlags.Exportable);
        }

        private static readonly Lazy<X509Certificate2> SharedCertificate = new Lazy<X509Certificate2>(() => Create());

        /// <summary>One certificate for every lab in this process (the default), so clients trust one thumbprint.</summary>
        public static X509Certificate2 Shared => SharedCertificate.Value;

        /// <summary>A handler that trusts exactly this certificate (by thumbprint) and nothing else self-signed.</summary>
        public static HttpClientHandler CreateTrustingHandler(X509Certificate2 certificate)
        {
            if (certificate == null) throw new ArgumentNullException(nameof(certificate));
            var thumbprint = certificate.Thumbprint;
            return new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, cert, _, errors) =>
                    errors == SslPolicyErrors.None ||
                    (cert != null && string.Equals(cert.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase)),
            };
        }

        /// <summary>Writes the public certificate (PEM) so a shell or another process can trust the lab.</summary>
        public static string ExportPublicPem(X509Certificate2 certificate) => certificate.ExportCertificatePem();
    }
}
