using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>Requests and retries a client (or several sharing it) made: what a benchmark reports.</summary>
    public sealed class QueryStats
    {
        private long _requests, _retries, _throttled;
        public long Requests => Interlocked.Read(ref _requests);
        public long Retries => Interlocked.Read(ref _retries);
        public long Throttled => Interlocked.Read(ref _throttled);
        internal void Request() => Interlocked.Increment(ref _requests);
        internal void Retry(bool throttled)
        {
            Interlocked.Increment(ref _retries);
            if (throttled) Interlocked.Increment(ref _throttled);
        }
    }

    /// <summary>
    /// The AWS query protocol (IAM, STS) over HTTP: a form-encoded POST signed with AWSSDK.Core's public SigV4
    /// signer, an XML answer, typed errors, retries on throttling and server faults, Marker/IsTruncated paging.
    /// Thread-safe; it never writes to the host (calls run on pool threads) and never logs a body or a header:
    /// request bodies name no secret, but CreateAccessKey and AssumeRole responses carry one.
    /// </summary>
    public sealed class QueryClient
    {
        private const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";
        private readonly HttpClient _http;
        private readonly AWSCredentials _credentials;
        private readonly RegionEndpoint _region;

        public QueryClient(HttpClient http, QueryEndpoint endpoint, AWSCredentials credentials, BackoffPolicy retry = null, QueryStats stats = null)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            _region = RegionEndpoint.GetBySystemName(endpoint.SigningRegion);
            Retry = retry ?? new BackoffPolicy();
            Stats = stats ?? new QueryStats();
        }

        public QueryEndpoint Endpoint { get; }
        /// <summary>The session's credentials, for the account's other clients (CloudTrail) to sign with.</summary>
        internal AWSCredentials Credentials => _credentials;
        public BackoffPolicy Retry { get; }
        public QueryStats Stats { get; }
        /// <summary>One attempt's limit; a timed-out attempt counts as a transport failure.</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>IAM's largest page (botocore maxItemsType); IAM may still return fewer while more remain.</summary>
        public int PageSize { get; set; } = 1000;

        public static KeyValuePair<string, string> P(string name, string value) => new KeyValuePair<string, string>(name, value);

        /// <summary>
        /// Calls an action and returns its &lt;ActionResult&gt; element. An error response throws
        /// <see cref="AwsServiceException"/>. Throttling and 5xx are retried; so are transport failures when
        /// <paramref name="idempotent"/> (a lost CreateAccessKey response must not create a second key).
        /// </summary>
        public async Task<XElement> CallAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters = null,
            bool idempotent = true, CancellationToken cancellationToken = default)
        {
            var form = new List<KeyValuePair<string, string>> { P("Action", action), P("Version", Endpoint.Version) };
            if (parameters != null) form.AddRange(parameters.Where(p => p.Value != null));
            var body = Encoding.UTF8.GetBytes(Encode(form));

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
                    var result = await SendOnceAsync(action, body, cancellationToken, ra => retryAfter = ra).ConfigureAwait(false);
                    Traced(action, 200, null, clock.Elapsed, attempt);
                    return result;
                }
                catch (AwsServiceException ex) when (ex.IsRetryable)
                {
                    Traced(action, ex.HttpStatus, ex.Code, clock.Elapsed, attempt);
                    failure = ex;
                    throttled = AwsServiceException.IsThrottling(ex.Code);
                    // A write's 5xx may have been applied; only throttling is certain to have done nothing.
                    if (!idempotent && !throttled) throw;
                }
                catch (AwsServiceException ex)
                {
                    Traced(action, ex.HttpStatus, ex.Code, clock.Elapsed, attempt);
                    throw;
                }
                catch (Exception ex) when (idempotent && IsTransport(ex, cancellationToken))
                {
                    Traced(action, 0, null, clock.Elapsed, attempt);
                    failure = ex;
                }
                catch (Exception ex) when (IsTransport(ex, cancellationToken))
                {
                    Traced(action, 0, null, clock.Elapsed, attempt);
                    throw Transport(action, ex);
                }

                if (attempt >= Retry.MaxAttempts)
                {
                    if (failure is AwsServiceException) throw failure;
                    throw Transport(action, failure);
                }
                var delay = Retry.Backoff(attempt, retryAfter);
                if (!Retry.TryTake(delay, waited)) throw BudgetSpent(action, failure, attempt, waited);
                waited += delay;
                Stats.Retry(throttled);
                Retry.Notify(new QueryNotice
                {
                    Service = Endpoint.Service.ToUpperInvariant(), Action = action, Delay = delay, Attempt = attempt,
                    Status = (failure as AwsServiceException)?.HttpStatus ?? 0, Code = (failure as AwsServiceException)?.Code,
                });
                await Retry.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>One -Debug line per attempt: the action name, never a parameter value, header or body.</summary>
        private void Traced(string action, int status, string code, TimeSpan duration, int attempt) =>
            Retry.Notify(new QueryNotice
            {
                Trace = $"AWS {Endpoint.Service.ToUpperInvariant()} {action} -> {(status == 0 ? "no response" : status.ToString(System.Globalization.CultureInfo.InvariantCulture))}"
                    + (code != null ? " " + code : "") + $" in {duration.TotalMilliseconds:0} ms (attempt {attempt})",
            });

        private NhiException BudgetSpent(string action, Exception failure, int attempts, TimeSpan waited)
        {
            var what = failure is AwsServiceException a ? a.Code + " (HTTP " + a.HttpStatus + ")" : "no response";
            return new NhiException("NhiAwsRetryBudgetExhausted", NhiErrorCategory.LimitsExceeded,
                $"AWS {Endpoint.Service.ToUpperInvariant()} {action} failed with {what} after {attempts} attempt(s); gave up because the retry budget is spent "
                + $"(this request waited {waited.TotalSeconds:0.#} s of {Retry.MaxRequestWait.TotalSeconds:0.#} s, this run {Retry.RunWaited.TotalSeconds:0.#} s of {Retry.MaxRunWait.TotalSeconds:0.#} s; "
                + "Connect-NhiAws -RequestRetryBudget / -RunRetryBudget change them). The result is incomplete, so nothing is returned.", action, failure);
        }

        private async Task<XElement> SendOnceAsync(string action, byte[] body, CancellationToken cancellationToken, Action<TimeSpan?> retryAfter)
        {
            var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = Endpoint.Url, Content = body };
            signing.Headers["Content-Type"] = FormContentType;
            AWSSigningResult signed;
            try
            {
                signed = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
                {
                    Credentials = _credentials,
                    Region = _region,
                    Service = Endpoint.Service,
                    SignPayload = true,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AmazonClientException || ex is AmazonServiceException)
            {
                // Credentials that cannot be resolved or refreshed (expired SSO session, failed AssumeRole refresh).
                throw new NhiException("NhiAwsCredentialsUnavailable", NhiErrorCategory.AuthenticationError,
                    "AWS credentials could not be obtained for " + action + ": " + ex.Message, action, ex);
            }

            using (var request = new HttpRequestMessage(HttpMethod.Post, Endpoint.Url) { Content = new ByteArrayContent(body) })
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", FormContentType);
                foreach (var h in signed.Headers)
                {
                    // Host comes from the URI and Content-Type is already on the content: sign exactly what is sent.
                    if (h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) continue;
                    request.Headers.TryAddWithoutValidation(h.Key, h.Value);
                }

                using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    attempt.CancelAfter(AttemptTimeout);
                    Stats.Request();
                    using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt.Token).ConfigureAwait(false))
                    {
                        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        int status = (int)response.StatusCode;
                        if (response.Headers.RetryAfter?.Delta is TimeSpan delta) retryAfter(delta);
                        XElement root = Parse(text);
                        if (status >= 200 && status < 300 && root != null && root.Name.LocalName != "ErrorResponse")
                        {
                            return QueryXml.Result(root, action);
                        }

                        if (QueryXml.TryError(root, out var code, out var message, out var requestId))
                        {
                            throw new AwsServiceException(action, code, status, message, requestId ?? Header(response, "x-amzn-RequestId"));
                        }

                        // Not an AWS answer (a proxy page, an empty body): report the status, never the body.
                        throw new AwsServiceException(action, status >= 200 && status < 300 ? "MalformedResponse" : "Http" + status, status,
                            status >= 200 && status < 300 ? "the response is not query-protocol XML" : response.ReasonPhrase, Header(response, "x-amzn-RequestId"));
                    }
                }
            }
        }

        private static string Header(HttpResponseMessage r, string name) =>
            r.Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null;

        private static XElement Parse(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            try { return XDocument.Parse(text).Root; }
            catch (XmlException) { return null; }
        }

        private static bool IsTransport(Exception ex, CancellationToken cancellationToken) =>
            ex is HttpRequestException || ex is IOException
            || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested; // an attempt timeout, not the user's Ctrl+C

        private NhiException Transport(string action, Exception ex) =>
            new NhiException("NhiAwsConnectionFailed", NhiErrorCategory.ConnectionError,
                action + " could not reach " + Endpoint.Url + ": " + (ex is OperationCanceledException ? "timed out" : ex.Message), action, ex);

        /// <summary>RFC 3986 form encoding, as the query protocol signs it.</summary>
        public static string Encode(IEnumerable<KeyValuePair<string, string>> form) =>
            string.Join("&", form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value ?? "")));

        /// <summary>
        /// Every page of a list action, in order. Loops on IsTruncated (IAM returns short pages while more remain);
        /// a truncated page without a new Marker is an error, never the end of the list.
        /// </summary>
        public async Task PagesAsync(string action, IList<KeyValuePair<string, string>> parameters, Action<XElement> onPage, CancellationToken cancellationToken = default)
        {
            string marker = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var p = new List<KeyValuePair<string, string>>(parameters ?? Array.Empty<KeyValuePair<string, string>>());
                p.Add(P("MaxItems", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                if (marker != null) p.Add(P("Marker", marker));
                var result = await CallAsync(action, p, true, cancellationToken).ConfigureAwait(false);
                onPage(result);
                if (!result.Flag("IsTruncated")) return;
                marker = result.Text("Marker");
                if (string.IsNullOrEmpty(marker) || !seen.Add(marker))
                {
                    throw new NhiException("NhiAwsPagingBroken", NhiErrorCategory.InvalidData,
                        action + " said more results remain but gave " + (string.IsNullOrEmpty(marker) ? "no Marker" : "a Marker it gave before") + "; the list is incomplete.", action);
                }
            }
        }

        /// <summary>All members of one list across every page.</summary>
        public async Task<List<XElement>> ListAllAsync(string action, IList<KeyValuePair<string, string>> parameters, string listName, CancellationToken cancellationToken = default)
        {
            var all = new List<XElement>();
            await PagesAsync(action, parameters, page => all.AddRange(page.Members(listName)), cancellationToken).ConfigureAwait(false);
            return all;
        }
    }
}
