using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Entra
{
    // Rotation: every password credential of an application, and proof that a new client secret works (a real
    // client-credentials token from the connected tenant's authority, as the application's consumers will get one).
    public sealed partial class EntraSource
    {
        public const string DefaultAuthority = "https://login.microsoftonline.com";

        /// <summary>How this session signed in (rotation reaches the vault with the same sign-in).</summary>
        internal EntraConnectOptions ConnectOptions => _options;

        /// <summary>Every password credential of an application (metadata only). A failed read throws; it is never an empty list.</summary>
        public IReadOnlyList<Credential> ListPasswords(string identityId, IHostContext host)
        {
            return Sync(async (onRetry, ct) =>
            {
                var budget = WriteBudget();
                var path = await CredentialPathAsync(identityId, budget, onRetry, ct).ConfigureAwait(false);
                return (IReadOnlyList<Credential>)await PasswordsAsync(path, budget, onRetry, ct).ConfigureAwait(false);
            }, host);
        }

        /// <summary>
        /// Asks the connected tenant's token endpoint for a client-credentials token with <paramref name="secret"/>,
        /// retrying "invalid client secret" (a new secret takes seconds to replicate), throttling and server errors
        /// until <paramref name="maxWait"/>. Returns the number of attempts; throws NhiRotationProofFailed when the
        /// secret never worked. The secret goes from the buffer into the request body bytes (zeroed after) and
        /// nowhere else; the token itself is discarded.
        /// </summary>
        public int ProveClientSecret(string appId, char[] secret, TimeSpan maxWait, IHostContext host)
        {
            if (string.IsNullOrWhiteSpace(appId)) throw EntraErrors.BadArgument("An application (client) id is required.", appId);
            if (secret == null || secret.Length == 0) throw EntraErrors.BadArgument("A secret is required.", appId);
            host = host ?? NullHostContext.Instance;
            var authority = (_options.AuthorityHost?.ToString() ?? DefaultAuthority).TrimEnd('/');
            var tenant = Connection.TenantId ?? _options.TenantId;
            if (string.IsNullOrEmpty(tenant))
                throw new NhiException("NhiRotationProofFailed", NhiErrorCategory.InvalidOperation, "The Entra connection has no tenant id to prove a secret against.", appId);
            var baseUri = new Uri(_graph.BaseUrl);
            var scope = IsLoopback(baseUri.Host) ? "https://graph.microsoft.com/.default" : baseUri.Scheme + "://" + baseUri.Host + "/.default";
            var url = authority + "/" + Uri.EscapeDataString(tenant) + "/oauth2/v2.0/token";
            var deadline = DateTime.UtcNow + maxWait;
            var ct = host.CancellationToken;
            string last = null;
            return Task.Run(async () =>
            {
                var handler = _options.TokenHttpHandler;
                using (var http = handler != null ? new HttpClient(handler, false) : new HttpClient())
                {
                    http.Timeout = TimeSpan.FromSeconds(30);
                    for (int attempt = 1; ; attempt++)
                    {
                        var body = FormBody(appId, scope, secret);
                        int status = 0;
                        string code = null;
                        TimeSpan? retryAfter = null;
                        try
                        {
                            using (var content = new ByteArrayContent(body))
                            {
                                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
                                using (var response = await http.PostAsync(url, content, ct).ConfigureAwait(false))
                                {
                                    status = (int)response.StatusCode;
                                    var answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                                    try
                                    {
                                        if (response.IsSuccessStatusCode) return attempt;
                                        code = AadCode(answer);
                                        retryAfter = response.Headers.RetryAfter?.Delta;
                                    }
                                    finally { Array.Clear(answer, 0, answer.Length); }
                                }
                            }
                        }
                        catch (HttpRequestException ex) { last = "no answer (" + ex.GetType().Name + ")"; }
                        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { last = "timed out"; }
                        finally { Array.Clear(body, 0, body.Length); }

                        if (status != 0) last = "HTTP " + status + (code == null ? "" : " " + code);
                        // Retry: not yet replicated (AADSTS7000215), throttled, server error, no answer. Anything else is final.
                        var retryable = status == 0 || status == 429 || status >= 500 || (status == 401 && code == "AADSTS7000215");
                        var now = DateTime.UtcNow;
                        if (!retryable || now >= deadline)
                            throw new NhiException("NhiRotationProofFailed", NhiErrorCategory.AuthenticationError,
                                "The new client secret of " + appId + " did not get a token from " + authority + " after " + attempt + " attempt(s): " + last + ".", appId);
                        var wait = retryAfter ?? TimeSpan.FromMilliseconds(Math.Min(5000, 250 * Math.Pow(2, Math.Min(attempt - 1, 5))));
                        if (wait > deadline - now) wait = deadline - now;
                        if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
                    }
                }
            }).GetAwaiter().GetResult();
        }

        private static byte[] FormBody(string appId, string scope, char[] secret)
        {
            var head = Encoding.ASCII.GetBytes("grant_type=client_credentials&client_id=" + Uri.EscapeDataString(appId) + "&scope=" + Uri.EscapeDataString(scope) + "&client_secret=");
            var raw = Encoding.UTF8.GetBytes(secret);
            try
            {
                int length = head.Length;
                foreach (var b in raw) length += Unreserved(b) ? 1 : 3;
                var body = new byte[length];
                Buffer.BlockCopy(head, 0, body, 0, head.Length);
                int i = head.Length;
                const string hex = "0123456789ABCDEF";
                foreach (var b in raw)
                {
                    if (Unreserved(b)) { body[i++] = b; continue; }
                    body[i++] = (byte)'%';
                    body[i++] = (byte)hex[b >> 4];
                    body[i++] = (byte)hex[b & 15];
                }
                return body;
            }
            finally { Array.Clear(raw, 0, raw.Length); }
        }

        private static bool Unreserved(byte b) =>
            (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '.' || b == '_' || b == '~';

        /// <summary>"AADSTS7000215" from an Entra error body (error_codes[0]); never the description, which echoes nothing secret but is long.</summary>
        private static string AadCode(byte[] body)
        {
            try
            {
                using (var doc = JsonDocument.Parse(body))
                {
                    if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error_codes", out var codes)
                        && codes.ValueKind == JsonValueKind.Array && codes.GetArrayLength() > 0 && codes[0].ValueKind == JsonValueKind.Number)
                        return "AADSTS" + codes[0].GetInt64();
                    if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String)
                        return e.GetString();
                }
            }
            catch (JsonException) { }
            return null;
        }
    }
}
