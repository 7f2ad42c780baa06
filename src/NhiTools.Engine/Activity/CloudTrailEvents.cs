using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NhiTools.Engine.Sources.Offline.Common;

namespace NhiTools.Engine.Activity
{
    /// <summary>
    /// CloudTrail records (the trail's S3 log files: {"Records":[...]}) and lookup-events items (whose
    /// CloudTrailEvent is the same record as a JSON string inside JSON) to activities.
    /// </summary>
    internal static class CloudTrailEvents
    {
        /// <summary>
        /// One record. The acting identity: IAMUser -> the user's ARN; AssumedRole -> the role that issued the session
        /// (sessionContext.sessionIssuer), not the session; FederatedUser -> the IAM user that federated; Root -> the
        /// account root. AWSService and other accounts' principals stay unlinked (IdentityId null).
        /// </summary>
        public static NhiTools.Activity FromRecord(JsonElement r, string source)
        {
            var when = Values.Time(r.Str("eventTime"));
            if (!when.HasValue) return null;
            var ui = r.Obj("userIdentity");
            string type = ui.Str("type");
            string source0 = r.Str("eventSource");
            string service = ServiceOf(source0);
            string name = r.Str("eventName");
            var a = new NhiTools.Activity
            {
                Provider = "Aws",
                Origin = ActivityOrigins.CloudTrail,
                Source = source,
                When = when.Value,
                Service = service,
                Action = service + ":" + name,
                From = r.Str("sourceIPAddress"),
                Region = r.Str("awsRegion"),
                UserAgent = r.Str("userAgent"),
                CredentialId = ui.Str("accessKeyId"),
                // The caller's account: a cross-account AssumeRole logged in the role's account is the caller's act.
                Account = ui.Str("accountId") ?? r.Str("recipientAccountId"),
                RecipientAccount = r.Str("recipientAccountId"),
                Resource = Resources(r),
            };
            if (string.IsNullOrEmpty(a.CredentialId)) a.CredentialId = null;

            string arn = ui.Str("arn");
            var issuer = ui.Obj("sessionContext").Obj("sessionIssuer");
            switch (type)
            {
                case "IAMUser":
                case "Root":
                    a.Principal = arn;
                    a.IdentityId = arn != null ? Ids.Aws(arn) : null;
                    a.IdentityName = type == "Root" ? "<root_account>" : ui.Str("userName");
                    break;
                case "AssumedRole":
                case "FederatedUser":
                    a.Principal = arn;
                    string issuerArn = issuer.Str("arn");
                    if (issuerArn != null)
                    {
                        a.IdentityId = Ids.Aws(issuerArn);
                        a.IdentityName = issuer.Str("userName");
                    }
                    break;
                case "AWSService":
                    a.Principal = ui.Str("invokedBy");
                    break;
                default:
                    a.Principal = arn ?? ui.Str("principalId") ?? ui.Str("accountId");
                    break;
            }
            if (a.From == null) a.From = ui.Str("invokedBy");

            a.Result = r.Str("errorCode");
            if (name == "ConsoleLogin")
            {
                // The console's own outcome; a failed login has no errorCode in some versions.
                var outcome = r.Obj("responseElements").Str("ConsoleLogin");
                if (a.Result == null && outcome != null && !outcome.Equals("Success", StringComparison.OrdinalIgnoreCase)) a.Result = outcome;
                a.Interactive = true;
            }
            else if (r.Bool("sessionCredentialFromConsole") == true || IsConsole(ui.Str("invokedBy")) || IsConsole(r.Str("userAgent")))
            {
                a.Interactive = true; // a call made from a console session (invokedBy/userAgent signin.amazonaws.com): a person clicking
            }
            if (string.IsNullOrEmpty(a.Result)) a.Result = ActivityResults.Success;
            return a;
        }

        private static bool IsConsole(string by) =>
            by != null && (by.Equals("signin.amazonaws.com", StringComparison.OrdinalIgnoreCase) || by.Equals("console.amazonaws.com", StringComparison.OrdinalIgnoreCase));

        /// <summary>A lookup-events item: the embedded record when it parses, else the item's own fields.</summary>
        public static NhiTools.Activity FromLookupEvent(JsonElement e, string source)
        {
            string embedded = e.Str("CloudTrailEvent");
            if (!string.IsNullOrEmpty(embedded))
            {
                try
                {
                    using (var doc = JsonDocument.Parse(embedded))
                    {
                        var a = FromRecord(doc.RootElement, source);
                        if (a != null)
                        {
                            if (a.Resource == null) a.Resource = LookupResources(e);
                            return a;
                        }
                    }
                }
                catch (JsonException) { /* fall back to the outer fields below */ }
            }
            DateTime? when = null;
            if (e.TryGetProperty("EventTime", out var t))
            {
                // CLI v2 writes ISO 8601; v1 (and the raw API) epoch seconds, with a fraction.
                if (t.ValueKind == JsonValueKind.String) when = Values.Time(t.GetString());
                else if (t.ValueKind == JsonValueKind.Number && t.TryGetDouble(out double secs))
                    when = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(secs);
            }
            if (!when.HasValue) return null;
            string service = ServiceOf(e.Str("EventSource"));
            string name = e.Str("EventName");
            return new NhiTools.Activity
            {
                Provider = "Aws",
                Origin = ActivityOrigins.CloudTrail,
                Source = source,
                When = when.Value,
                Service = service,
                Action = service + ":" + name,
                Principal = e.Str("Username"),
                IdentityName = e.Str("Username"),
                CredentialId = e.Str("AccessKeyId"),
                Resource = LookupResources(e),
                Interactive = name == "ConsoleLogin",
                Result = ActivityResults.Success, // the outer item does not say; the embedded record would
            };
        }

        private static readonly Dictionary<string, string> ServiceAliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["monitoring"] = "cloudwatch",
            ["email"] = "ses",
            ["bedrock-runtime"] = "bedrock",
        };

        /// <summary>"s3.amazonaws.com" -> s3, "monitoring.amazonaws.com" -> cloudwatch (the IAM action prefix).</summary>
        public static string ServiceOf(string eventSource)
        {
            if (string.IsNullOrEmpty(eventSource)) return "unknown";
            string s = eventSource;
            int dot = s.IndexOf(".amazonaws.com", StringComparison.OrdinalIgnoreCase);
            if (dot > 0) s = s.Substring(0, dot);
            int last = s.LastIndexOf('.');
            if (last >= 0) s = s.Substring(last + 1); // runtime.sagemaker -> sagemaker
            s = s.ToLowerInvariant();
            return ServiceAliases.TryGetValue(s, out var alias) ? alias : s;
        }

        private static string Resources(JsonElement r)
        {
            StringBuilder sb = null;
            int n = 0;
            foreach (var res in r.List("resources"))
            {
                string arn = res.Str("ARN") ?? res.Str("arn");
                if (arn == null) continue;
                if (n++ == 3) { sb.Append(", ..."); break; }
                sb = sb == null ? new StringBuilder(arn) : sb.Append(", ").Append(arn);
            }
            if (sb != null) return sb.ToString();
            // Many management events name their target only in requestParameters.
            var p = r.Obj("requestParameters");
            string bucket = p.Str("bucketName");
            if (bucket != null) return "arn:aws:s3:::" + bucket + (p.Str("key") is string key ? "/" + key : "");
            return p.Str("roleArn") ?? p.Str("userName") ?? p.Str("roleName") ?? p.Str("functionName") ?? p.Str("modelId") ?? p.Str("secretId") ?? p.Str("name");
        }

        private static string LookupResources(JsonElement e)
        {
            var names = new List<string>();
            foreach (var res in e.List("Resources"))
            {
                string n = res.Str("ResourceName");
                if (n != null && names.Count < 3) names.Add(n);
            }
            return names.Count == 0 ? null : string.Join(", ", names);
        }
    }

    /// <summary>Activity.Origin values.</summary>
    public static class ActivityOrigins
    {
        public const string CloudTrail = "CloudTrail";
        public const string EntraSignIn = "EntraSignIn";
        public const string EntraAudit = "EntraAudit";
        public const string AccessAdvisor = "AccessAdvisor";
    }

    internal static class ActivityResults
    {
        public const string Success = "Success";
        public static bool IsSuccess(string r) => r == null || string.Equals(r, Success, StringComparison.OrdinalIgnoreCase);
        public static string Code(long code) => code.ToString(CultureInfo.InvariantCulture);
    }
}
