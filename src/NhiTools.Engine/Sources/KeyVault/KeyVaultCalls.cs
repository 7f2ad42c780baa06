using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.KeyVault
{
    /// <summary>
    /// Builds SecretClients and runs their calls: the SDK's own retry is off, so every retry happens here, within
    /// one budget per operation (attempts and total wait), honouring Retry-After, and told to the host. Failures come
    /// out as <see cref="KeyVaultRequestException"/> whose text is built from status, code and the vault's message
    /// (scrubbed), never from the SDK exception's message, which echoes response content and headers.
    /// </summary>
    internal static class KeyVaultCalls
    {
        /// <summary>The vault's secrets client. Verification of the challenge's resource stays on except on loopback (the lab).</summary>
        public static SecretClient Client(Uri vaultUri, TokenCredential credential, KeyVaultConnectOptions o, HttpMessageHandler handler)
        {
            var options = new SecretClientOptions
            {
                DisableChallengeResourceVerification = IsLoopback(vaultUri),
            };
            options.Retry.MaxRetries = 0;
            options.Retry.NetworkTimeout = o.NetworkTimeout;
            options.Diagnostics.IsLoggingContentEnabled = false; // a SetSecret body holds the value
            options.Diagnostics.IsTelemetryEnabled = false;
            if (handler != null) options.Transport = new HttpClientTransport(handler);
            return new SecretClient(vaultUri, credential, options);
        }

        public static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The vault transport: the caller's handler, or one that trusts the given certificate by thumbprint on top of
        /// the platform's validation, or null (the SDK's default).
        /// </summary>
        public static HttpMessageHandler Handler(HttpMessageHandler given, System.Security.Cryptography.X509Certificates.X509Certificate2 trusted)
        {
            if (given != null || trusted == null) return given;
            var thumbprint = trusted.Thumbprint;
            return new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (message, cert, chain, errors) =>
                    errors == System.Net.Security.SslPolicyErrors.None
                    || (cert != null && string.Equals(cert.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase)),
            };
        }

        /// <summary>The credential Connect-NhiKeyVault asked for, built by the same code as Connect-NhiEntra's.</summary>
        public static TokenCredential Credential(KeyVaultConnectOptions o, out string method)
        {
            int chosen = (o.ManagedIdentity ? 1 : 0) + (o.CertificatePath != null || o.CertificateThumbprint != null ? 1 : 0)
                         + (o.ClientSecret != null ? 1 : 0) + (o.AccessToken != null ? 1 : 0);
            if (chosen > 1)
                throw KeyVaultErrors.BadArgument("Choose one way to authenticate: -ManagedIdentity, -CertificatePath/-CertificateThumbprint, -ClientSecret or -AccessToken.");
            if ((o.ClientSecret != null || o.CertificatePath != null || o.CertificateThumbprint != null) && (string.IsNullOrEmpty(o.TenantId) || string.IsNullOrEmpty(o.ClientId)))
                throw KeyVaultErrors.BadArgument("-TenantId and -ClientId are required with a client secret or certificate.");
            if (o.AccessToken != null && o.AccessToken.Length == 0) throw KeyVaultErrors.BadArgument("-AccessToken is empty.");
            var entra = new EntraConnectOptions();
            o.CopySignInTo(entra);
            entra.AccessToken = o.AccessToken;
            entra.TokenHttpHandler = o.TokenHttpHandler ?? Handler(null, o.TrustedServerCertificate);
            try
            {
                return EntraCredentials.Create(entra, null, out method);
            }
            catch (NhiException ex) when (ex.ErrorId == EntraErrors.InvalidArgument)
            {
                throw KeyVaultErrors.BadArgument(ex.Message, ex.Target);
            }
        }

        /// <summary>
        /// Runs one call with retries on 408/429/5xx and lost answers (and 409 "being deleted/recovered" when
        /// <paramref name="retryConflict"/>). <paramref name="scrub"/> removes what must never surface (a value being written).
        /// </summary>
        public static T Run<T>(Func<CancellationToken, T> call, string what, IHostContext host, KeyVaultConnectOptions o,
            Func<string, string> scrub = null, bool retryConflict = false)
        {
            var ct = host.CancellationToken;
            var waited = TimeSpan.Zero;
            for (int attempt = 1; ; attempt++)
            {
                ct.ThrowIfCancellationRequested();
                KeyVaultFailure f;
                try
                {
                    return call(ct);
                }
                catch (RequestFailedException ex)
                {
                    f = FromRequestFailed(ex, scrub);
                }
                catch (AuthenticationFailedException ex) // CredentialUnavailableException too
                {
                    f = new KeyVaultFailure { Authentication = true, Status = 401, Message = Shorten(ex.Message, scrub) };
                }
                catch (InvalidOperationException ex) when (ex.Message.IndexOf("challenge", StringComparison.OrdinalIgnoreCase) >= 0
                                                           || ex.Message.IndexOf("TLS", StringComparison.Ordinal) >= 0)
                {
                    // The SDK refuses plain http and a challenge from a host that is not the vault's.
                    throw KeyVaultErrors.BadArgument(what + ": " + Shorten(ex.Message, scrub));
                }
                catch (Exception ex) when (!ct.IsCancellationRequested && (ex is HttpRequestException || ex is IOException || ex is OperationCanceledException))
                {
                    f = NoAnswer(new KeyVaultFailure { Status = 0 }, ex, scrub);
                }
                f.Attempts = attempt;
                if (!ShouldRetry(f, attempt, retryConflict, o, ref waited, out var delay)) throw new KeyVaultRequestException(f);
                host.WriteVerbose($"Key Vault {what}: {(f.Status == 0 ? "no response" : "HTTP " + f.Status)}{(f.Code != null ? " " + f.Code : "")}; retrying in {delay.TotalSeconds:0.###} s (attempt {attempt + 1} of {o.MaxAttempts}).");
                if (delay > TimeSpan.Zero && ct.WaitHandle.WaitOne(delay)) ct.ThrowIfCancellationRequested();
            }
        }

        private static bool ShouldRetry(KeyVaultFailure f, int attempt, bool retryConflict, KeyVaultConnectOptions o, ref TimeSpan waited, out TimeSpan delay)
        {
            delay = TimeSpan.Zero;
            if (f.Authentication || f.Permanent || attempt >= Math.Max(1, o.MaxAttempts)) return false;
            bool transient = f.Status == 0 || f.Status == 408 || f.Status == 429 || f.Status == 500 || f.Status == 502 || f.Status == 503 || f.Status == 504
                             || (retryConflict && f.Status == 409 && !f.DeletedButRecoverable);
            if (!transient) return false;
            delay = RetryBudget.ParseRetryAfter(f.RetryAfter)
                    ?? TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(16).Ticks, o.RetryBaseDelay.Ticks << Math.Min(4, attempt - 1)));
            if (delay > TimeSpan.FromMinutes(1)) delay = TimeSpan.FromMinutes(1);
            if (waited + delay > o.MaxRetryWait) return false;
            waited += delay;
            return true;
        }

        internal static KeyVaultFailure FromRequestFailed(RequestFailedException ex, Func<string, string> scrub)
        {
            var f = new KeyVaultFailure { Status = ex.Status, Code = ex.ErrorCode };
            var raw = ex.GetRawResponse();
            if (raw != null)
            {
                if (raw.Headers.TryGetValue("retry-after-ms", out var ms) || raw.Headers.TryGetValue("x-ms-retry-after-ms", out ms))
                {
                    if (double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis))
                        f.RetryAfter = (millis / 1000).ToString(CultureInfo.InvariantCulture);
                }
                if (f.RetryAfter == null && raw.Headers.TryGetValue("Retry-After", out var ra)) f.RetryAfter = ra;
                try
                {
                    var content = raw.Content;
                    if (content != null && content.ToMemory().Length > 0)
                        using (var doc = JsonDocument.Parse(content.ToMemory()))
                            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
                            {
                                if (f.Code == null && e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String) f.Code = c.GetString();
                                if (e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) f.Message = Shorten(m.GetString(), scrub);
                                if (e.TryGetProperty("innererror", out var inner) && inner.ValueKind == JsonValueKind.Object
                                    && inner.TryGetProperty("code", out var ic) && ic.ValueKind == JsonValueKind.String) f.InnerCode = ic.GetString();
                            }
                }
                catch (Exception x) when (x is JsonException || x is InvalidOperationException || x is ArgumentException) { }
                if (f.Message == null && !string.IsNullOrEmpty(raw.ReasonPhrase)) f.Message = Shorten(raw.ReasonPhrase, scrub);
            }
            if (f.Status == 0 && ex.InnerException != null) NoAnswer(f, ex.InnerException, scrub);
            return f;
        }

        /// <summary>
        /// A request with no answer: the innermost cause's message (the outer ones say "see inner exception"); a TLS
        /// certificate the client does not trust is permanent, with a hint.
        /// </summary>
        private static KeyVaultFailure NoAnswer(KeyVaultFailure f, Exception ex, Func<string, string> scrub)
        {
            var inner = ex;
            bool tls = false;
            for (var e = ex; e != null; e = e.InnerException)
            {
                tls |= e is System.Security.Authentication.AuthenticationException;
                inner = e;
            }
            f.Permanent = tls;
            f.Message = inner.GetType().Name + ": " + Shorten(inner.Message, scrub)
                        + (tls ? " (the vault's TLS certificate is not trusted; for the NhiTools lab pass its certificate to -TrustedServerCertificate)" : "");
            return f;
        }

        /// <summary>First line, at most 300 characters, with whatever <paramref name="scrub"/> removes.</summary>
        internal static string Shorten(string text, Func<string, string> scrub)
        {
            if (string.IsNullOrEmpty(text)) return text;
            int nl = text.IndexOfAny(new[] { '\r', '\n' });
            if (nl >= 0) text = text.Substring(0, nl);
            if (text.Length > 300) text = text.Substring(0, 300) + "…";
            return scrub != null ? scrub(text) : text;
        }
    }
}
