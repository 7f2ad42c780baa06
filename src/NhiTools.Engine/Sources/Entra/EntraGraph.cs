using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace NhiTools.Engine.Sources.Entra
{
    /// <summary>
    /// Sends Graph requests through the GraphServiceClient's request adapter (its auth provider and middleware)
    /// and returns raw JSON, which the shared Graph-JSON mapping reads. The SDK's own retry is switched off on
    /// every request: retries happen here, where Retry-After is honoured, the total wait is bounded and the host
    /// is told (progress) - and where addPassword is never resent.
    /// </summary>
    internal sealed class EntraGraph : IDisposable
    {
        public const int BatchLimit = 20;
        private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping =
            new Dictionary<string, ParsableFactory<IParsable>> { ["XXX"] = ODataError.CreateFromDiscriminatorValue };

        private readonly GraphServiceClient _client;

        public EntraGraph(GraphServiceClient client, string baseUrl)
        {
            _client = client;
            BaseUrl = baseUrl.TrimEnd('/');
            // https://host/v1.0 -> https://host/beta for the sign-in activity reports.
            BetaUrl = BaseUrl.Substring(0, BaseUrl.LastIndexOf('/')) + "/beta";
        }

        public string BaseUrl { get; }
        public string BetaUrl { get; }

        public void Dispose() => _client.Dispose();

        public string Absolute(string url) =>
            url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                ? url : BaseUrl + (url.StartsWith("/", StringComparison.Ordinal) ? "" : "/") + url;

        /// <summary>GET returning the JSON body; retried on throttling and transient failures.</summary>
        public Task<JsonDocument> GetAsync(string url, string what, RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct) =>
            SendJsonAsync(HttpMethod.Get, url, null, what, RetryMode.Transient, budget, onRetry, ct);

        /// <summary>Sends a request and parses the JSON answer (null for 204).</summary>
        public async Task<JsonDocument> SendJsonAsync(HttpMethod method, string url, byte[] body, string what, RetryMode mode,
            RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            var bytes = await SendAsync(method, url, body, what, mode, budget, onRetry, ct).ConfigureAwait(false);
            return bytes == null || bytes.Length == 0 ? null : JsonDocument.Parse(bytes);
        }

        /// <summary>Sends a request and returns the raw body (the caller may zero it: addPassword answers hold a secret).</summary>
        public async Task<byte[]> SendAsync(HttpMethod method, string url, byte[] body, string what, RetryMode mode,
            RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            var waited = TimeSpan.Zero;
            for (int attempt = 1; ; attempt++)
            {
                ct.ThrowIfCancellationRequested();
                GraphFailure failure;
                string retryAfter;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    var answer = await SendOnceAsync(method, url, body, ct).ConfigureAwait(false);
                    onRetry?.Invoke(Trace(method, url, answer == null ? 204 : 200, clock.Elapsed, attempt));
                    return answer;
                }
                catch (ApiException ex)
                {
                    failure = FromApiException(ex);
                    retryAfter = Header(ex.ResponseHeaders, "Retry-After");
                }
                catch (Exception ex) when (!ct.IsCancellationRequested && (ex is HttpRequestException || ex is IOException || ex is OperationCanceledException))
                {
                    // No answer (reset, timeout): the request may or may not have been processed.
                    failure = new GraphFailure { Status = 0, Message = ex.GetType().Name + ": " + ex.Message, Inner = ex };
                    retryAfter = null;
                }
                onRetry?.Invoke(Trace(method, url, failure.Status, clock.Elapsed, attempt));
                failure.Attempts = attempt;
                if (!budget.ShouldRetry(mode, failure.Status, retryAfter, attempt, waited, out var delay))
                    throw new GraphRequestException(failure);
                waited += delay;
                onRetry?.Invoke(new RetryNotice { What = what, Status = failure.Status, Delay = delay, Attempt = attempt });
                if (delay > TimeSpan.Zero) await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// One -Debug line: method, path, status, duration, attempt. The query string is cut to its parameter names
        /// ($skiptoken and $filter values may hold anything) and no header (the token) is ever part of it.
        /// </summary>
        internal static RetryNotice Trace(HttpMethod method, string url, int status, TimeSpan duration, int attempt)
        {
            var path = url;
            int q = path.IndexOf('?');
            string names = "";
            if (q >= 0)
            {
                var parts = path.Substring(q + 1).Split('&').Select(p => p.Split('=')[0]).Where(p => p.Length > 0);
                names = "?" + string.Join("&", parts);
                path = path.Substring(0, q);
            }
            if (Uri.TryCreate(path, UriKind.Absolute, out var absolute)) path = absolute.AbsolutePath;
            var answer = status == 0 ? "no response" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new RetryNotice
            {
                Trace = $"Graph {method.Method} {path}{names} -> {answer} in {duration.TotalMilliseconds:0} ms (attempt {attempt})",
                Attempt = attempt,
                Status = status,
            };
        }

        private async Task<byte[]> SendOnceAsync(HttpMethod method, string url, byte[] body, CancellationToken ct)
        {
            var request = new RequestInformation
            {
                HttpMethod = (Method)Enum.Parse(typeof(Method), method.Method, true),
                URI = new Uri(Absolute(url)),
            };
            request.Headers.Add("Accept", "application/json");
            request.AddRequestOptions(new IRequestOption[] { new RetryHandlerOption { MaxRetry = 0 } });
            if (body != null) request.SetStreamContent(new MemoryStream(body, false), "application/json");
            using (var stream = await _client.RequestAdapter.SendPrimitiveAsync<Stream>(request, ErrorMapping, ct).ConfigureAwait(false))
            {
                if (stream == null) return null;
                using (var copy = new MemoryStream())
                {
                    await stream.CopyToAsync(copy, 81920, ct).ConfigureAwait(false);
                    return copy.ToArray();
                }
            }
        }

        internal static GraphFailure FromApiException(ApiException ex)
        {
            var f = new GraphFailure { Status = ex.ResponseStatusCode, Inner = ex };
            if (ex is ODataError odata && odata.Error != null)
            {
                f.Code = odata.Error.Code;
                f.Message = odata.Error.Message;
            }
            else f.Message = ex.Message;
            return f;
        }

        private static string Header(IDictionary<string, IEnumerable<string>> headers, string name)
        {
            if (headers == null) return null;
            foreach (var kv in headers)
                if (string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) return kv.Value?.FirstOrDefault();
            return null;
        }

        // ---- $batch ------------------------------------------------------------------------------------------

        /// <summary>
        /// GETs many relative URLs in $batch requests of 20. Items answered 429/5xx are sent again in a later batch
        /// (Graph throttles items one by one inside a 200 batch); the rest come back as they are.
        /// </summary>
        public async Task<IReadOnlyDictionary<string, BatchAnswer>> BatchGetAsync(IReadOnlyList<string> urls, string what,
            RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            var answers = new Dictionary<string, BatchAnswer>(StringComparer.Ordinal);
            var pending = urls.Distinct(StringComparer.Ordinal).ToList();
            var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
            while (pending.Count > 0)
            {
                var retry = new List<string>();
                TimeSpan wait = TimeSpan.Zero;
                for (int i = 0; i < pending.Count; i += BatchLimit)
                {
                    var chunk = pending.Skip(i).Take(BatchLimit).ToList();
                    using (var doc = await SendJsonAsync(HttpMethod.Post, "$batch", BatchBody(chunk), what + " ($batch)", RetryMode.Transient, budget, onRetry, ct).ConfigureAwait(false))
                    {
                        var got = new HashSet<string>(StringComparer.Ordinal);
                        if (doc != null && doc.RootElement.TryGetProperty("responses", out var responses) && responses.ValueKind == JsonValueKind.Array)
                        {
                            foreach (var r in responses.EnumerateArray())
                            {
                                if (!r.TryGetProperty("id", out var idProp) || !int.TryParse(idProp.GetString(), out var index) || index < 0 || index >= chunk.Count) continue;
                                var url = chunk[index];
                                got.Add(url);
                                int status = r.TryGetProperty("status", out var s) && s.TryGetInt32(out var sv) ? sv : 0;
                                r.TryGetProperty("body", out var itemBody);
                                if (status >= 200 && status < 300)
                                {
                                    answers[url] = new BatchAnswer { Status = status, Body = itemBody.ValueKind == JsonValueKind.Undefined ? null : JsonDocument.Parse(itemBody.GetRawText()) };
                                    continue;
                                }
                                attempts.TryGetValue(url, out var n);
                                attempts[url] = ++n;
                                var failure = ItemFailure(status, itemBody, n);
                                var itemRetryAfter = ItemHeader(r, "Retry-After");
                                if (budget.ShouldRetry(RetryMode.Transient, status, itemRetryAfter, n, out var d))
                                {
                                    retry.Add(url);
                                    if (d > wait) wait = d;
                                    onRetry?.Invoke(new RetryNotice { What = what, Status = status, Delay = d, Attempt = n });
                                }
                                else answers[url] = new BatchAnswer { Status = status, Failure = failure };
                            }
                        }
                        foreach (var url in chunk)
                            if (!got.Contains(url))
                                answers[url] = new BatchAnswer { Status = 0, Failure = new GraphFailure { Status = 0, Message = "the $batch answer had no response for this request" } };
                    }
                }
                if (retry.Count > 0 && wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
                pending = retry;
            }
            return answers;
        }

        private static byte[] BatchBody(List<string> urls)
        {
            using (var ms = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(ms))
                {
                    w.WriteStartObject();
                    w.WriteStartArray("requests");
                    for (int i = 0; i < urls.Count; i++)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        w.WriteString("method", "GET");
                        w.WriteString("url", urls[i]);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                return ms.ToArray();
            }
        }

        private static GraphFailure ItemFailure(int status, JsonElement body, int attempts)
        {
            var f = new GraphFailure { Status = status, Attempts = attempts };
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String) f.Code = c.GetString();
                if (e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) f.Message = m.GetString();
            }
            return f;
        }

        private static string ItemHeader(JsonElement response, string name)
        {
            if (!response.TryGetProperty("headers", out var h) || h.ValueKind != JsonValueKind.Object) return null;
            foreach (var p in h.EnumerateObject())
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                    return p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
            return null;
        }

        public static byte[] Json(Action<Utf8JsonWriter> write)
        {
            using (var ms = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(ms)) write(w);
                return ms.ToArray();
            }
        }

        public static string Escape(string segment) => Uri.EscapeDataString(segment);
    }

    /// <summary>One $batch item's final answer: a JSON body (2xx) or a failure.</summary>
    internal sealed class BatchAnswer : IDisposable
    {
        public int Status;
        public JsonDocument Body;
        public GraphFailure Failure;
        public void Dispose() => Body?.Dispose();
    }
}
