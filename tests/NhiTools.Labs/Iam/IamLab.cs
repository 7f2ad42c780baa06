using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using NhiTools.Labs.Common;

namespace NhiTools.Labs.Iam
{
    /// <summary>
    /// The AWS IAM Query API (2010-05-08) and STS GetCallerIdentity (2011-06-15) on loopback, with SigV4
    /// verified from the received request. Operation name in the log and in fault rules = the Action.
    /// <code>
    /// await using var lab = new IamLab();
    /// lab.Store.AddUser("svc-billing"); var key = lab.Store.AddKey("svc-billing");
    /// await lab.StartAsync();   // lab.BaseUrl = http://127.0.0.1:port ; sign with service iam, region us-east-1
    /// </code>
    /// </summary>
    public sealed class IamLab : LabServer
    {
        const string BodyKey = "nhitools.iam.body";
        const string FormKey = "nhitools.iam.form";

        public IamLab(IamLabOptions options = null) : base(options ?? new IamLabOptions())
        {
            Store = new IamStore((IamLabOptions)Options) { Clock = () => Clock.GetUtcNow() };
        }

        public override string Name => "IAM";
        public IamStore Store { get; }
        /// <summary>CloudTrail event history LookupEvents serves (same listener; requests carry X-Amz-Target).</summary>
        public CloudTrailStore CloudTrail { get; } = new CloudTrailStore();
        public IamLabOptions IamOptions => (IamLabOptions)Options;

        /// <summary>The secret of a seeded or created key, for a test that signs as it.</summary>
        public string SecretOf(string accessKeyId) => Store.SecretOf(accessKeyId);

        protected override async ValueTask<LabOperation> ResolveAsync(HttpContext context)
        {
            // Buffer the body: the Action is in it, and SigV4 needs its exact bytes later.
            var body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            context.Items[BodyKey] = body;
            // AWS JSON 1.1 (CloudTrail): the operation is in X-Amz-Target, the body is JSON.
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            if (target.StartsWith(CloudTrailLookup.TargetPrefix, StringComparison.Ordinal))
            {
                context.Items[CloudTrailKey] = true;
                return new LabOperation(target.Substring(CloudTrailLookup.TargetPrefix.Length), false, HandleCloudTrailAsync);
            }
            var form = ParseForm(context.Request.QueryString.Value, body, context.Request.ContentType);
            context.Items[FormKey] = form;
            form.TryGetValue("Action", out var action);
            var name = string.IsNullOrEmpty(action) ? "unknown" : action;
            return new LabOperation(name, !IamCall.IsRead(action), HandleAsync);
        }

        async Task HandleAsync(HttpContext context)
        {
            var body = (byte[])context.Items[BodyKey];
            var form = (Dictionary<string, string>)context.Items[FormKey];
            form.TryGetValue("Action", out var action);
            form.TryGetValue("Version", out var version);
            var call = new IamCall { Action = action, Version = version, Form = form };
            string xml;
            try
            {
                if (string.IsNullOrEmpty(action)) throw new IamError("MissingAction", 400, "Missing Action");
                var service = IamActions.ServiceOf(action, version)
                    ?? throw new IamError("InvalidAction", 400, "Could not find operation " + action + " for version " + version);
                call.Caller = Authenticate(context, body, service);
                xml = IamActions.Invoke(Store, call);
            }
            catch (IamError e)
            {
                await WriteXmlAsync(context, e.Status, QueryXml.Error(e.Code, e.Message, call.RequestId, e.ReceiverFault, Ns(version)), call.RequestId, null)
                    .ConfigureAwait(false);
                return;
            }
            await WriteXmlAsync(context, 200, xml, call.RequestId, null).ConfigureAwait(false);
        }

        const string CloudTrailKey = "nhitools.cloudtrail";

        async Task HandleCloudTrailAsync(HttpContext context)
        {
            var body = (byte[])context.Items[BodyKey];
            var requestId = Guid.NewGuid().ToString();
            var operation = context.Request.Headers["X-Amz-Target"].ToString().Substring(CloudTrailLookup.TargetPrefix.Length);
            string json;
            try
            {
                try { Authenticate(context, body, "cloudtrail"); }
                catch (IamError e) { throw new CloudTrailError(e.Code, e.Status, e.Message); }
                if (operation != "LookupEvents") throw new CloudTrailError("UnknownOperationException", 400, "The lab serves LookupEvents only.");
                SigV4Verifier.TryParse(Received(context, body), out var auth);
                json = CloudTrailLookup.LookupEvents(CloudTrail, Store.AccountId, auth.Region, body);
            }
            catch (CloudTrailError e)
            {
                await WriteJsonAsync(context, e.Status, CloudTrailError.Body(e.Code, e.Message), requestId, null).ConfigureAwait(false);
                return;
            }
            await WriteJsonAsync(context, 200, json, requestId, null).ConfigureAwait(false);
        }

        static async Task WriteJsonAsync(HttpContext context, int status, string json, string requestId, int? retryAfter)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/x-amz-json-1.1";
            context.Response.Headers["x-amzn-RequestId"] = requestId;
            if (retryAfter.HasValue) context.Response.Headers["Retry-After"] = retryAfter.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
        }

        static string Ns(string version) => version == IamActions.StsVersion ? QueryXml.StsNamespace : QueryXml.IamNamespace;

        IamAccessKey Authenticate(HttpContext context, byte[] body, string service)
        {
            var received = Received(context, body);
            if (!IamOptions.VerifySignatures)
            {
                SigV4Verifier.TryParse(received, out var loose);
                lock (Store.Gate) return loose != null && Store.Keys.TryGetValue(loose.AccessKeyId, out var k0) ? k0 : null;
            }
            var failure = SigV4Verifier.TryParse(received, out var auth);
            if (failure != null) throw new IamError(failure.Code, failure.Status, failure.Message);

            IamAccessKey key;
            var now = Store.Now;
            lock (Store.Gate)
            {
                // Unknown, deleted, inactive or not-yet-propagated keys all look the same to the caller.
                if (Store.Keys.TryGetValue(auth.AccessKeyId, out key))
                {
                    if (key.Status != "Active" || now < key.UsableFrom || auth.SecurityToken != null)
                        throw new IamError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
                }
                else if (Store.Sessions.TryGetValue(auth.AccessKeyId, out key))
                {
                    if (auth.SecurityToken != key.SessionToken)
                        throw new IamError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
                    if (now >= key.Expiration)
                        throw new IamError("ExpiredToken", 403, "The security token included in the request is expired");
                    // A session's user may have been deleted since.
                    if (key.UserName != null && !Store.Users.ContainsKey(key.UserName))
                        throw new IamError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
                }
                else throw new IamError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
            }
            if (!string.Equals(auth.Service, service, StringComparison.Ordinal))
                throw new IamError("SignatureDoesNotMatch", 403, "Credential should be scoped to correct service: '" + service + "'. ");
            if (service == "iam" && auth.Region != "us-east-1")
                throw new IamError("SignatureDoesNotMatch", 403, "Credential should be scoped to a valid region. ");
            failure = SigV4Verifier.Verify(received, auth, key.SecretAccessKey, now);
            if (failure != null) throw new IamError(failure.Code, failure.Status, failure.Message);
            if (key.IsSession) return key; // temporary credentials leave the access key's last-used alone
            lock (Store.Gate)
            {
                key.LastUsedDate = now;
                key.LastUsedService = service;
                key.LastUsedRegion = auth.Region;
            }
            return key;
        }

        static ReceivedRequest Received(HttpContext context, byte[] body)
        {
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path.Value + context.Request.QueryString.Value);
            var q = raw.IndexOf('?');
            var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in context.Request.Headers) headers[h.Key] = h.Value.ToArray();
            return new ReceivedRequest
            {
                Method = context.Request.Method,
                RawPath = q < 0 ? raw : raw.Substring(0, q),
                RawQuery = q < 0 ? "" : raw.Substring(q + 1),
                Headers = headers,
                Body = body,
            };
        }

        protected override Task WriteErrorAsync(HttpContext context, LabError error)
        {
            // Faults in IAM's own words: a "429" is IAM's 400 Throttling / Rate exceeded.
            var requestId = Guid.NewGuid().ToString();
            if (context.Items.ContainsKey(CloudTrailKey))
            {
                // CloudTrail's JSON errors: throttling is 400 ThrottlingException, a server fault InternalFailure / ServiceUnavailable.
                int ctStatus = error.Status == 429 ? (error.Code == null ? 400 : 429) : error.Status;
                string ctCode = error.Code ?? (error.Status == 429 ? "ThrottlingException" : error.Status == 503 ? "ServiceUnavailableException" : error.Status >= 500 ? "InternalFailure" : "InvalidRequest");
                return WriteJsonAsync(context, ctStatus, CloudTrailError.Body(ctCode, error.Message ?? (error.Status == 429 ? "Rate exceeded" : "Lab error " + error.Status)), requestId, error.RetryAfterSeconds);
            }
            int status = error.Status;
            string code = error.Code, message = error.Message;
            bool receiver = false;
            switch (error.Status)
            {
                case 429: status = error.Code == null ? 400 : 429; code ??= "Throttling"; message ??= "Rate exceeded"; break;
                case 500: code ??= "ServiceFailure"; message ??= "Service Failure"; receiver = true; break;
                case 503: code ??= "ServiceUnavailable"; message ??= "Service is unable to handle request."; receiver = true; break;
                default: code ??= status >= 500 ? "InternalFailure" : "InvalidRequest"; message ??= "Lab error " + status; receiver = status >= 500; break;
            }
            string version = null;
            if (context.Items.TryGetValue(FormKey, out var f) && f is Dictionary<string, string> form) form.TryGetValue("Version", out version);
            return WriteXmlAsync(context, status, QueryXml.Error(code, message, requestId, receiver, Ns(version)), requestId, error.RetryAfterSeconds);
        }

        static async Task WriteXmlAsync(HttpContext context, int status, string xml, string requestId, int? retryAfter)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/xml";
            context.Response.Headers["x-amzn-RequestId"] = requestId;
            if (retryAfter.HasValue) context.Response.Headers["Retry-After"] = retryAfter.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var bytes = Encoding.UTF8.GetBytes(xml);
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
        }

        static async Task<byte[]> ReadBodyAsync(HttpRequest request)
        {
            using (var ms = new MemoryStream())
            {
                await request.Body.CopyToAsync(ms).ConfigureAwait(false);
                return ms.ToArray();
            }
        }

        /// <summary>Query parameters plus a form-encoded body (the query protocol allows both).</summary>
        internal static Dictionary<string, string> ParseForm(string query, byte[] body, string contentType)
        {
            var form = new Dictionary<string, string>(StringComparer.Ordinal);
            void add(string text)
            {
                if (string.IsNullOrEmpty(text)) return;
                foreach (var pair in text.TrimStart('?').Split('&'))
                {
                    if (pair.Length == 0) continue;
                    var i = pair.IndexOf('=');
                    var k = Decode(i < 0 ? pair : pair.Substring(0, i));
                    form[k] = i < 0 ? "" : Decode(pair.Substring(i + 1));
                }
            }
            add(query);
            if (body.Length > 0 && (contentType == null || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)))
                add(Encoding.UTF8.GetString(body));
            return form;
        }

        static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
    }
}
