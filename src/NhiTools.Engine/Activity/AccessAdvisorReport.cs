using System;
using System.Collections.Generic;
using System.Text.Json;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Engine.Sources.Offline.Common;
using NhiTools.Hosting;

namespace NhiTools.Engine.Activity
{
    /// <summary>
    /// `aws iam get-service-last-accessed-details` output (IAM Access Advisor). The report does not name whose it is
    /// (the job was started for an ARN); every accessed service names its LastAuthenticatedEntity, so a report whose
    /// entries all name one user or role is that identity's. It covers the tracking period (400 days) before the job.
    /// </summary>
    internal sealed class AccessAdvisorReport
    {
        /// <summary>IAM Access Advisor's tracking period (service-level data).</summary>
        public const int TrackingDays = 400;

        private readonly List<JsonElement> _services = new List<JsonElement>();
        private readonly List<JsonDocument> _docs = new List<JsonDocument>();
        private string _status;
        private DateTime? _created, _completed;
        private bool _truncated;

        /// <summary>Reads the whole report (a few hundred services at most) and yields one activity per accessed service and tracked action.</summary>
        public static IEnumerable<NhiTools.Activity> Read(IEnumerable<JsonItem> items, string path, IHostContext host)
        {
            var r = new AccessAdvisorReport();
            try
            {
                foreach (var item in items)
                {
                    if (item.IsProperty)
                    {
                        switch (item.Container)
                        {
                            case "JobStatus": r._status = item.Element.ValueKind == JsonValueKind.String ? item.Element.GetString() : null; break;
                            case "JobCreationDate": r._created = Values.Time(item.Element.ValueKind == JsonValueKind.String ? item.Element.GetString() : null); break;
                            case "JobCompletionDate": r._completed = Values.Time(item.Element.ValueKind == JsonValueKind.String ? item.Element.GetString() : null); break;
                            case "IsTruncated": r._truncated = item.Element.ValueKind == JsonValueKind.True; break;
                        }
                    }
                    else if (item.Container == "ServicesLastAccessed")
                    {
                        var doc = JsonDocument.Parse(item.Element.GetRawText());
                        r._docs.Add(doc);
                        r._services.Add(doc.RootElement);
                    }
                }
                foreach (var a in r.Activities(path, host)) yield return a;
            }
            finally { foreach (var d in r._docs) d.Dispose(); }
        }

        private IEnumerable<NhiTools.Activity> Activities(string path, IHostContext host)
        {
            if (_status != null && !_status.Equals("COMPLETED", StringComparison.OrdinalIgnoreCase))
            {
                host.WriteError(new NhiException("NhiAccessAdvisorIncomplete", NhiErrorCategory.InvalidData,
                    "'" + path + "': Access Advisor job status is " + _status + ", not COMPLETED; the report was not used.", path));
                yield break;
            }
            var entities = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in _services)
            {
                string e = s.Str("LastAuthenticatedEntity");
                if (e != null) entities.Add(e);
            }
            string entity = entities.Count == 1 ? First(entities) : null;
            bool own = entity != null && (entity.Contains(":user/") || entity.Contains(":role/"));
            DateTime? end = _completed ?? _created;
            // A truncated list (IsTruncated, Marker) would make a missing service look unused: no coverage claimed.
            bool coverage = own && end.HasValue && !_truncated;
            if (_truncated)
                host.WriteWarning("'" + path + "': the Access Advisor report is truncated (IsTruncated); its services count as used, but it is not taken as proof that the others are unused.");
            else if (!own && _services.Count > 0)
                host.WriteWarning("'" + path + "': the Access Advisor report does not name one user or role (LastAuthenticatedEntity "
                    + (entities.Count == 0 ? "absent" : "differs between services") + "); used services are attributed per entry, and nothing is concluded about unused ones.");

            foreach (var s in _services)
            {
                string ns = s.Str("ServiceNamespace");
                string who = s.Str("LastAuthenticatedEntity") ?? entity;
                var last = Values.Time(s.Str("LastAuthenticated"));
                if (ns == null || who == null) continue;
                if (last.HasValue)
                    yield return Make(ns + ":*", ns, who, last.Value, s.Str("LastAuthenticatedRegion"), path, coverage ? end : null);
                foreach (var t in s.List("TrackedActionsLastAccessed"))
                {
                    var at = Values.Time(t.Str("LastAccessedTime"));
                    string action = t.Str("ActionName");
                    if (!at.HasValue || action == null) continue;
                    yield return Make(ns + ":" + action, ns, t.Str("LastAccessedEntity") ?? who, at.Value, t.Str("LastAccessedRegion"), path, coverage ? end : null);
                }
            }
        }

        private static NhiTools.Activity Make(string action, string ns, string entity, DateTime when, string region, string path, DateTime? end) => new NhiTools.Activity
        {
            Provider = "Aws",
            Origin = ActivityOrigins.AccessAdvisor,
            Source = path,
            Action = action,
            Service = ns,
            When = when,
            Region = region,
            Result = ActivityResults.Success,
            Principal = entity,
            IdentityId = Ids.Aws(entity),
            IdentityName = NameOf(entity),
            Account = AccountOf(entity),
            PeriodStart = end?.AddDays(-TrackingDays),
            PeriodEnd = end,
        };

        internal static string NameOf(string arn)
        {
            int slash = arn.LastIndexOf('/');
            return slash >= 0 ? arn.Substring(slash + 1) : arn;
        }

        internal static string AccountOf(string arn)
        {
            return Arn.AccountOf(arn);
        }

        private static string First(HashSet<string> set) { foreach (var s in set) return s; return null; }
    }
}
