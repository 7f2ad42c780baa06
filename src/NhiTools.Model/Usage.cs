using System;
using System.Globalization;

namespace NhiTools
{
    /// <summary>
    /// What one identity was used for, and by what, over the window its activity logs cover (Get-NhiUsage).
    /// Unknown stays unknown: when no log names the identity, Known is false and everything else is empty; such an
    /// identity is never "unused", only not seen.
    /// </summary>
    public sealed class Usage
    {
        public string IdentityId { get; set; }
        public string Name { get; set; }
        public string Provider { get; set; }
        /// <summary>False when no log names the identity: usage unknown (not "unused").</summary>
        public bool Known { get; set; }
        /// <summary>Start and end of the period the logs that name the identity cover (within -After/-Before).</summary>
        public DateTime? WindowStart { get; set; }
        public DateTime? WindowEnd { get; set; }
        /// <summary>The logs that cover the window: "CloudTrail 111122223333 2026-08-03..2026-10-31 (3 files)".</summary>
        public string[] Logs { get; set; } = Array.Empty<string>();
        public DateTime? FirstSeen { get; set; }
        public DateTime? LastSeen { get; set; }
        /// <summary>Events that name the identity (failed and denied ones included).</summary>
        public long Events { get; set; }
        /// <summary>What uses it: source address or network, user agent, client app; most recent first.</summary>
        public Workload[] Workloads { get; set; } = Array.Empty<Workload>();
        /// <summary>Services used (IAM prefix: s3, cloudwatch; Entra resource app), successful calls only.</summary>
        public UsageCount[] Services { get; set; } = Array.Empty<UsageCount>();
        /// <summary>Actions used (s3:GetObject, Sign-in (service principal)), successful calls only.</summary>
        public UsageCount[] Actions { get; set; } = Array.Empty<UsageCount>();
        /// <summary>Resources touched (ARNs; S3 objects folded to bucket/prefix/*; resource apps), successful calls only; capped per identity (ResourcesCapped).</summary>
        public UsageCount[] Resources { get; set; } = Array.Empty<UsageCount>();
        /// <summary>True when more distinct resources were seen than are kept.</summary>
        public bool ResourcesCapped { get; set; }

        /// <summary>"used by 2 workloads in the last 30 days: ..." style summary for -WhatIf texts and reports.</summary>
        public string Summary(DateTime asOf, int days)
        {
            if (!Known) return "no log covers it: usage unknown";
            // Logs that end before asOf do not cover "the last N days": count back from their end, and say so.
            bool stale = WindowEnd.HasValue && WindowEnd.Value < asOf.AddDays(-1);
            var end = stale ? WindowEnd.Value : asOf;
            string period = stale ? "in the last " + days + " days of the logs (to " + Day(WindowEnd) + ")" : "in the last " + days + " days";
            var since = end.AddDays(-days);
            var recent = Array.FindAll(Workloads ?? Array.Empty<Workload>(), w => w.LastSeen >= since);
            if (recent.Length == 0)
                return "not used " + period + " (logs cover " + Day(WindowStart) + ".." + Day(WindowEnd) + ")";
            var names = new string[Math.Min(recent.Length, 3)];
            for (int i = 0; i < names.Length; i++) names[i] = recent[i].Label;
            return "used by " + recent.Length + " workload" + (recent.Length == 1 ? "" : "s") + " " + period + ": "
                + string.Join(", ", names) + (recent.Length > names.Length ? ", ..." : "");
        }

        /// <summary>yyyy-MM-dd, or ? when unknown.</summary>
        public static string Day(DateTime? d) => d.HasValue ? d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "?";

        public override string ToString() =>
            (Name ?? IdentityId) + ": " + (Known
                ? Events + " events, " + (Workloads?.Length ?? 0) + " workload(s), services " + string.Join(", ", Array.ConvertAll(Services ?? Array.Empty<UsageCount>(), s => s.Name))
                : "usage unknown");
    }

    /// <summary>
    /// One cluster of callers of an identity: a source address, or its /24 (IPv4) or /48 (IPv6) when several
    /// addresses of one network share the user agent family; the normalised user agent (aws-cli/2.17,
    /// Boto3/1.34, python-requests); for Entra the client app.
    /// </summary>
    public sealed class Workload
    {
        public string IdentityId { get; set; }
        /// <summary>10.20.1.7, or 10.20.4.0/24 when several addresses of that network share the user agent.</summary>
        public string Address { get; set; }
        /// <summary>Distinct source addresses folded into this workload.</summary>
        public int Addresses { get; set; }
        /// <summary>Normalised user agent: product/major.minor (aws-cli/2.17), or the product alone (python-requests).</summary>
        public string UserAgent { get; set; }
        /// <summary>Entra: the client app (appId or name) that signed in; null for AWS.</summary>
        public string ClientApp { get; set; }
        /// <summary>The long-term credential ids (access key ids, Entra keyIds) it used, where the log says; session keys (ASIA...) are left out.</summary>
        public string[] CredentialIds { get; set; } = Array.Empty<string>();
        public DateTime FirstSeen { get; set; }
        public DateTime LastSeen { get; set; }
        public long Events { get; set; }
        /// <summary>A person at a keyboard (console, interactive sign-in) rather than a program.</summary>
        public bool Interactive { get; set; }

        /// <summary>"10.20.1.7 aws-cli/2.17": address, user agent and client app.</summary>
        public string Label => (Address ?? "?") + " " + (UserAgent ?? "unknown-agent") + (ClientApp != null ? " via " + ClientApp : "");

        public override string ToString() =>
            Label + " (" + Events.ToString(CultureInfo.InvariantCulture) + " events, last " + LastSeen.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")";
    }

    /// <summary>A service, action or resource an identity used: how often and when last.</summary>
    public sealed class UsageCount
    {
        public string Name { get; set; }
        public long Count { get; set; }
        public DateTime LastUsed { get; set; }

        public override string ToString() => Name + " (" + Count.ToString(CultureInfo.InvariantCulture) + ", last " + LastUsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")";
    }
}
