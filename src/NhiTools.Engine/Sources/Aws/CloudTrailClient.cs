using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>One LookupEvents filter: the API takes at most one attribute per request.</summary>
    public sealed class LookupAttribute
    {
        public LookupAttribute(string key, string value) { Key = key; Value = value; }
        /// <summary>Username, AccessKeyId, EventName, EventSource, ResourceName, ResourceType, ReadOnly or EventId.</summary>
        public string Key { get; }
        public string Value { get; }
        public override string ToString() => Key + "=" + Value;
    }

    /// <summary>One page of LookupEvents: the parsed body (dispose it) and the token of the next page, if any.</summary>
    public sealed class LookupEventsPage : IDisposable
    {
        internal LookupEventsPage(JsonDocument document, string nextToken) { Document = document; NextToken = nextToken; }
        public JsonDocument Document { get; }
        public string NextToken { get; }
        public IEnumerable<JsonElement> Events =>
            Document.RootElement.ValueKind == JsonValueKind.Object && Document.RootElement.TryGetProperty("Events", out var e) && e.ValueKind == JsonValueKind.Array
                ? e.EnumerateArray() : Enumerable.Empty<JsonElement>();
        public void Dispose() => Document.Dispose();
    }

    /// <summary>
    /// CloudTrail LookupEvents over the AWS JSON 1.1 protocol (POST /, X-Amz-Target, application/x-amz-json-1.1),
    /// signed with AWSSDK.Core's SigV4 signer as <see cref="QueryClient"/> signs IAM, and retried with the same
    /// <see cref="BackoffPolicy"/> budgets: ThrottlingException and 5xx wait and retry, a page that still fails throws.
    /// LookupEvents is regional and allows 2 requests per second per account and region, so requests of one client
    /// are paced <see cref="MinInterval"/> apart (no AWS SDK for CloudTrail is available to us).
    /// </summary>
    public sealed class CloudTrailClient
    {
        public const string Target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";
        public const string JsonContentType = "application/x-amz-json-1.1";
        /// <summary>The API's largest page.</summary>
        public const int MaxResults = 50;

        private readonly HttpClient _http;
        private readonly AWSCredentials _credentials;
        private readonly RegionEndpoint _region;
        private readonly SemaphoreSlim _pace = new SemaphoreSlim(1, 1);
        private DateTime _lastSent = DateTime.MinValue;

        public CloudTrailClient(HttpClient http, Uri url, string region, AWSCredentials credentials, BackoffPolicy retry = null, QueryStats stats = null)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
            Url = url ?? throw new ArgumentNullException(nameof(url));
            Region = string.IsNullOrEmpty(region) ? "us-east-1" : region;
            _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            _region = RegionEndpoint.GetBySystemName(Region);
            Retry = retry ?? new BackoffPolicy();
            Stats = stats ?? new QueryStats();
        }

        public Uri Url { get; }
        /// <summary>The region read and signed for (CloudTrail keeps events per region).</summary>
        public string Region { get; }
        public BackoffPolicy Retry { get; }
        public QueryStats Stats { get; }
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>Least time between two requests of this client (LookupEvents: 2 per second per account and region).</summary>
        public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>cloudtrail.&lt;region&gt;.amazonaws.com (.cn in China), or an explicit endpoint (a lab, a VPC endpoint).</summary>
        public static Uri EndpointFor(string region, Uri endpoint)
        {
            if (endpoint != null) return new Uri(endpoint.GetLeftPart(UriPartial.Authority) + "/");
            region = string.IsNullOrEmpty(region) ? "us-east-1" : region;
            return new Uri("https://cloudtrail." + region + ".amazonaws.com" + (region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : "") + "/");
        }

        /// <summary>The request body: StartTime/EndTime as epoch seconds (the JSON protocol's timestamp), one attribute at most.</summary>
        public static byte[] Body(DateTime from, DateTime to, LookupAttribute attribute, string nextToken, int maxResults = MaxResults)
        {
            using (var ms = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(ms))
                {
                    w.WriteStartObject();
                    if (attribute != null)
                    {
                        w.WriteStartArray("LookupAttributes");
                        w.WriteStartObject();
                        w.WriteString("AttributeKey", attribute.Key);
                        w.WriteString("AttributeValue", attribute.Value);
                        w.WriteEndObject();
                        w.WriteEndArray();
                    }
                    w.WriteNumber("StartTime", Epoch(from));
                    w.WriteNumber("EndTime", Epoch(to));
                    w.WriteNumber("MaxResults", maxResults);
                    if (nextToken != null) w.WriteString("NextToken", nextToken);
                    w.WriteEndObject();
                }
                return ms.ToArray();
            }
        }

        private static long Epoch(DateTime t)
        {
            if (t <= DateTime.MinValue.AddDays(1)) return 0;
            if (t >= DateTime.MaxValue.AddDays(-1)) return 253402300799; // 9999-12-31T23:59:59Z
            return new DateTimeOffset(DateTime.SpecifyKind(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t, DateTimeKind.Utc)).ToUnixTimeSeconds();
        }

        /// <summary>One page. Throttling, 5xx and transport failures are retried within the budgets; anything else throws.</summary>
        public async Task<LookupEventsPage> LookupAsync(DateTime from, DateTime to, LookupAttribute attribute, string nextToken, CancellationToken cancellationToken = default)
        {
            const string action = "LookupEvents";
            var body = Body(from, to, attribute, nextToken);
            var waited = TimeSpan.Zero;
            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TimeSpan? retryAfter = null;
                Exception failure;
                bool throttled = false;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    var page = await SendOnceAsync(body, cancellationToken, ra => retryAfter = ra).ConfigureAwait(false);
                    Traced(200, null, clock.Elapsed, attempt);
                    return page;
                }
                catch (AwsServiceException ex) when (ex.IsRetryable)
                {
                    Traced(ex.HttpStatus, ex.Code, clock.Elapsed, attempt);
                    failure = ex;
                    throttled = AwsServiceException.IsThrottling(ex.Code);
                }
                catch (AwsServiceException ex)
                {
                    Traced(ex.HttpStatus, ex.Code, clock.Elapsed, attempt);
                    throw;
                }
                catch (Exception ex) when (IsTransport(ex, cancellationToken))
                {
                    Traced(0, null, clock.Elapsed, attempt); // a read: safe to send again
                    failure = ex;
                }

                if (attempt >= Retry.MaxAttempts)
                {
                    if (failure is AwsServiceException) throw failure;
                    throw Transport(failure);
                }
                var delay = Retry.Backoff(attempt, retryAfter);
                if (!Retry.TryTake(delay, waited)) throw BudgetSpent(failure, attempt, waited);
                waited += delay;
                Stats.Retry(throttled);
                Retry.Notify(new QueryNotice
                {
                    Service = "CLOUDTRAIL", Action = action, Delay = delay, Attempt = attempt,
                    Status = (failure as AwsServiceException)?.HttpStatus ?? 0, Code = (failure as AwsServiceException)?.Code,
                });
                await Retry.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private void Traced(int status, string code, TimeSpan duration, int attempt) =>
            Retry.Notify(new QueryNotice
            {
                Trace = "AWS CLOUDTRAIL LookupEvents " + Region + " -> " + (status == 0 ? "no response" : status.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    + (code != null ? " " + code : "") + $" in {duration.TotalMilliseconds:0} ms (attempt {attempt})",
            });

        private NhiException BudgetSpent(Exception failure, int attempts, TimeSpan waited)
        {
            var what = failure is AwsServiceException a ? a.Code + " (HTTP " + a.HttpStatus + ")" : "no response";
            return new NhiException("NhiAwsRetryBudgetExhausted", NhiErrorCategory.LimitsExceeded,
                $"AWS CLOUDTRAIL LookupEvents ({Region}) failed with {what} after {attempts} attempt(s); gave up because the retry budget is spent "
                + $"(this request waited {waited.TotalSeconds:0.#} s of {Retry.MaxRequestWait.TotalSeconds:0.#} s, this run {Retry.RunWaited.TotalSeconds:0.#} s of {Retry.MaxRunWait.TotalSeconds:0.#} s; "
                + "Connect-NhiAws -RequestRetryBudget / -RunRetryBudget change them). The activity is incomplete, so nothing more is returned.", "LookupEvents", failure);
        }

        private async Task PaceAsync(CancellationToken cancellationToken)
        {
            await _pace.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var wait = _lastSent + MinInterval - DateTime.UtcNow;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                _lastSent = DateTime.UtcNow;
            }
            finally { _pace.Release(); }
        }

        private async Task<LookupEventsPage> SendOnceAsync(byte[] body, CancellationToken cancellationToken, Action<TimeSpan?> retryAfter)
        {
            var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = Url, Content = body };
            signing.Headers["Content-Type"] = JsonContentType;
            signing.Headers["X-Amz-Target"] = Target;
            AWSSigningResult signed;
            try
            {
                signed = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
                {
                    Credentials = _credentials,
                    Region = _region,
                    Service = "cloudtrail",
                    SignPayload = true,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AmazonClientException || ex is AmazonServiceException)
            {
                throw new NhiException("NhiAwsCredentialsUnavailable", NhiErrorCategory.AuthenticationError,
                    "AWS credentials could not be obtained for LookupEvents: " + ex.Message, "LookupEvents", ex);
            }

            if (MinInterval > TimeSpan.Zero) await PaceAsync(cancellationToken).ConfigureAwait(false);
            using (var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new ByteArrayContent(body) })
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", JsonContentType);
                foreach (var h in signed.Headers)
                {
                    // Host comes from the URI and Content-Type is on the content: sign exactly what is sent.
                    if (h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) continue;
                    request.Headers.TryAddWithoutValidation(h.Key, h.Value);
                }
                if (!request.Headers.Contains("X-Amz-Target")) request.Headers.TryAddWithoutValidation("X-Amz-Target", Target);

                using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    attempt.CancelAfter(AttemptTimeout);
                    Stats.Request();
                    using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt.Token).ConfigureAwait(false))
                    {
                        var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                        int status = (int)response.StatusCode;
                        if (response.Headers.RetryAfter?.Delta is TimeSpan delta) retryAfter(delta);
                        JsonDocument doc = null;
                        try { if (bytes.Length > 0) doc = JsonDocument.Parse(bytes); }
                        catch (JsonException) { doc = null; }
                        var requestId = Header(response, "x-amzn-RequestId");
                        if (status >= 200 && status < 300 && doc != null && doc.RootElement.ValueKind == JsonValueKind.Object)
                        {
                            string next = doc.RootElement.TryGetProperty("NextToken", out var t) && t.ValueKind == JsonValueKind.String && t.GetString().Length > 0 ? t.GetString() : null;
                            return new LookupEventsPage(doc, next);
                        }
                        using (doc)
                        {
                            var code = ErrorCode(Header(response, "x-amzn-ErrorType"), doc);
                            if (code != null)
                                throw new AwsServiceException("LookupEvents", code, status, ErrorMessage(doc), requestId);
                            // Not an AWS answer (a proxy page, an empty body): report the status, never the body.
                            throw new AwsServiceException("LookupEvents", status >= 200 && status < 300 ? "MalformedResponse" : "Http" + status, status,
                                status >= 200 && status < 300 ? "the response is not AWS JSON" : response.ReasonPhrase, requestId);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// The error code of a JSON 1.1 error: x-amzn-ErrorType or the body's __type/code, cut to the shape name
        /// ("aws.cloudtrail#ThrottlingException:http://..." -> ThrottlingException).
        /// </summary>
        internal static string ErrorCode(string header, JsonDocument doc)
        {
            string raw = header;
            if (string.IsNullOrEmpty(raw) && doc != null && doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "__type", "code", "Code" })
                    if (doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String) { raw = v.GetString(); break; }
            }
            if (string.IsNullOrEmpty(raw)) return null;
            int colon = raw.IndexOf(':');
            if (colon >= 0) raw = raw.Substring(0, colon);
            int hash = raw.LastIndexOf('#');
            if (hash >= 0) raw = raw.Substring(hash + 1);
            return raw.Length == 0 ? null : raw;
        }

        private static string ErrorMessage(JsonDocument doc)
        {
            if (doc == null || doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var name in new[] { "message", "Message" })
                if (doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString();
            return null;
        }

        private static string Header(HttpResponseMessage r, string name) =>
            r.Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null;

        private static bool IsTransport(Exception ex, CancellationToken cancellationToken) =>
            ex is HttpRequestException || ex is IOException
            || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested;

        private NhiException Transport(Exception ex) =>
            new NhiException("NhiAwsConnectionFailed", NhiErrorCategory.ConnectionError,
                "LookupEvents could not reach " + Url + ": " + (ex is OperationCanceledException ? "timed out" : ex.Message), "LookupEvents", ex);
    }
}
