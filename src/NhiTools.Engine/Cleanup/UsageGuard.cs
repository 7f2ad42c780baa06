using System;
using System.Globalization;
using System.Linq;

namespace NhiTools.Engine.Cleanup
{
    /// <summary>
    /// What the activity logs say about a cleanup or rotation target: the -WhatIf/-Confirm text ("used by 2 workloads in
    /// the last 30 days: ...", "no log covers it: usage unknown") and the refusal to act on an identity, or a
    /// credential, used after the finding that made it a target was made.
    /// </summary>
    public static class UsageGuard
    {
        /// <summary>Why acting would break something in use, or null. Without a finding time there is nothing to compare.</summary>
        public static string UsedSinceFinding(CleanupTarget target, NhiTools.Usage usage)
        {
            if (target?.FindingAsOf == null || usage == null || !usage.Known) return null;
            var since = target.FindingAsOf.Value;
            DateTime? last = usage.LastSeen;
            string by = null;
            if (target.CredentialId != null)
            {
                // A credential cmdlet: only the workloads that used this credential matter.
                var users = usage.Workloads.Where(w => w.CredentialIds.Contains(target.CredentialId, StringComparer.OrdinalIgnoreCase)).ToList();
                last = users.Count == 0 ? (DateTime?)null : users.Max(w => w.LastSeen);
                by = users.Count == 0 ? null : string.Join(", ", users.Where(w => w.LastSeen > since).Select(w => w.Label));
            }
            else by = string.Join(", ", usage.Workloads.Where(w => w.LastSeen > since).Select(w => w.Label));
            if (last == null || last <= since) return null;
            return (target.CredentialId != null ? "credential " + target.CredentialId : "it") + " was used " + Stamp(last.Value)
                + ", after its finding was made (" + Stamp(since) + ")" + (string.IsNullOrEmpty(by) ? "" : " by " + by);
        }

        /// <summary>The usage part of a ShouldProcess text.</summary>
        public static string Text(NhiTools.Usage usage, string credentialId, DateTime asOf, int days)
        {
            if (usage == null || !usage.Known) return "no log covers it: usage unknown";
            if (credentialId == null) return usage.Summary(asOf, days);
            var mine = new NhiTools.Usage
            {
                Known = true, WindowStart = usage.WindowStart, WindowEnd = usage.WindowEnd,
                Workloads = usage.Workloads.Where(w => w.CredentialIds.Contains(credentialId, StringComparer.OrdinalIgnoreCase)).ToArray(),
            };
            return "credential " + credentialId + " " + mine.Summary(asOf, days);
        }

        private static string Stamp(DateTime d) => d.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
    }
}
