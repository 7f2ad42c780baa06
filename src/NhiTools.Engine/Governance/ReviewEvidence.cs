using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Analysis.Rules;
using NhiTools.Hosting;

namespace NhiTools.Engine.Governance
{
    /// <summary>
    /// The evidence of one review item, gathered when the campaign is created: owners, purpose, credentials and their age,
    /// rights granted, rights used (NHI-UNUSED-PERMISSION's comparison over the activity logs, with the window they cover)
    /// and the findings open at that moment (excused ones marked). Never a secret value: credentials are ids and dates.
    /// </summary>
    public static class ReviewEvidence
    {
        public static List<ReviewItem> Build(IReadOnlyList<Identity> identities, DateTime asOf, FindingPolicy policy, ActivityIndex activity,
            IEnumerable<Exemption> exemptions, IHostContext host)
        {
            policy = policy ?? FindingPolicy.Default;
            var engine = new FindingEngine(policy, host);
            var filter = new ExemptionFilter(exemptions, asOf, policy.ExceptionSharePercent, includeSuppressed: true);
            var findings = filter.Apply(engine.Evaluate(identities, asOf, activity)).ToList();
            var byIdentity = findings.Where(f => f.IdentityId != null).GroupBy(f => f.IdentityId, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);

            var items = new List<ReviewItem>();
            foreach (var i in identities)
            {
                byIdentity.TryGetValue(i.Id, out var mine);
                mine = mine ?? new List<Finding>();
                var unused = mine.FirstOrDefault(f => f.Rule == RuleIds.UnusedPermission && !f.Suppressed);
                items.Add(new ReviewItem
                {
                    IdentityId = i.Id,
                    IdentityName = i.Name,
                    Provider = i.Provider,
                    Kind = i.Kind.ToString(),
                    Owners = i.Owners ?? Array.Empty<string>(),
                    Purpose = i.Purpose ?? Purposes.FromSource(i),
                    Credentials = (i.Credentials ?? Array.Empty<Credential>()).Where(c => c != null).Select(c => Describe(c, asOf)).ToArray(),
                    Granted = (i.Permissions ?? Array.Empty<Permission>()).Where(p => p != null).Select(p => p.ToString() + (p.AdminEquivalent ? " (admin)" : string.Empty)).Distinct().ToArray(),
                    UnusedRights = unused != null,
                    UnusedPermissions = unused != null ? ActivityRules.UnusedPermissionNames(i, unused.Evidence) : Array.Empty<string>(),
                    Usage = unused != null ? unused.Evidence
                        : activity == null ? "Unknown: no activity logs were given (-ActivityPath)."
                        : "The activity logs given show no granted right unused (or do not name this identity: unknown is not unused).",
                    Findings = mine.OrderByDescending(f => f.Score).Select(f => f.Rule + " (" + f.Severity + (f.Suppressed ? ", excused until " + Day(f.ExceptionExpiresOn) : string.Empty) + ")").ToArray(),
                });
            }

            return items;
        }

        private static string Describe(Credential c, DateTime asOf)
        {
            var from = c.LastRotatedOn ?? c.CreatedOn;
            var age = from.HasValue ? ", " + Math.Max(0, (int)Math.Floor((asOf - from.Value).TotalDays)).ToString(CultureInfo.InvariantCulture) + " days old" : ", age unknown";
            var used = c.LastUsedOn.HasValue ? ", last used " + Day(c.LastUsedOn) : c.NeverUsed ? ", never used" : string.Empty;
            return c.Id + " " + c.Type + age + used + (c.Enabled ? string.Empty : " (disabled)");
        }

        private static string Day(DateTime? d) => d.HasValue ? d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "?";
    }
}
