using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NhiTools.Engine.Analysis;

namespace NhiTools.Engine.Governance
{
    /// <summary>
    /// Applies exceptions to a stream of findings at AsOf: a finding covered by a live exception is kept but marked
    /// Suppressed (and dropped unless suppressed findings are wanted); one whose exceptions all ended is open again and
    /// says so. Counts per rule so that, after the last finding, <see cref="NormFindings"/> reports each rule whose
    /// findings are mostly excused (NHI-EXCEPTION-NORM). Not thread-safe: one stream at a time.
    /// </summary>
    public sealed class ExemptionFilter
    {
        private readonly List<Exemption> exemptions;
        private readonly DateTime asOf;
        private readonly int sharePercent;
        private readonly bool includeSuppressed;
        private readonly Dictionary<string, int[]> counts = new Dictionary<string, int[]>(StringComparer.OrdinalIgnoreCase);

        public ExemptionFilter(IEnumerable<Exemption> exemptions, DateTime asOf, int sharePercent, bool includeSuppressed)
        {
            this.exemptions = (exemptions ?? Enumerable.Empty<Exemption>()).Where(e => e != null).ToList();
            this.asOf = ExemptionRules.ToUtc(asOf);
            this.sharePercent = sharePercent;
            this.includeSuppressed = includeSuppressed;
            foreach (var e in this.exemptions) e.State = ExemptionRules.StateAt(e, this.asOf);
        }

        public int Count => exemptions.Count;

        /// <summary>The findings with exceptions applied (lazy, in order).</summary>
        public IEnumerable<Finding> Apply(IEnumerable<Finding> findings)
        {
            foreach (var f in findings)
            {
                if (Mark(f) || includeSuppressed) yield return f;
            }
        }

        /// <summary>Marks one finding; true when it is open (not suppressed).</summary>
        public bool Mark(Finding f)
        {
            if (f == null || f.Rule == null) return true;
            if (!counts.TryGetValue(f.Rule, out var c)) counts[f.Rule] = c = new int[2];
            c[0]++;
            if (exemptions.Count == 0) return true;

            Exemption live = null, ended = null;
            foreach (var e in exemptions)
            {
                if (!ExemptionRules.Covers(e, f.Rule, f.IdentityId)) continue;
                if (e.State == ExemptionState.Active) { if (live == null || e.ExpiresOn > live.ExpiresOn) live = e; }
                else if (ended == null || e.ExpiresOn > ended.ExpiresOn) ended = e;
            }

            if (live != null)
            {
                f.Suppressed = true;
                f.Exception = ExemptionRules.Describe(live);
                f.ExceptionExpiresOn = live.ExpiresOn;
                c[1]++;
                return false;
            }

            if (ended != null)
            {
                f.Exception = "expired: " + ExemptionRules.Describe(ended);
                f.ExceptionExpiresOn = ended.ExpiresOn;
                f.Evidence = (string.IsNullOrEmpty(f.Evidence) ? string.Empty : f.Evidence + " ")
                    + "An exception approved by " + ended.ApprovedBy + " covered this until " + Day(ended.ExpiresOn) + "; it has ended, so the finding is open again.";
            }

            return true;
        }

        /// <summary>One NHI-EXCEPTION-NORM finding per rule whose suppressed share is above the limit (call after the last finding).</summary>
        public IEnumerable<Finding> NormFindings()
        {
            foreach (var kv in counts.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                int total = kv.Value[0], excused = kv.Value[1];
                if (excused == 0 || excused * 100 <= sharePercent * total) continue;
                var rule = RuleCatalog.Find(kv.Key);
                var percent = (int)Math.Round(excused * 100.0 / total);
                yield return new Finding
                {
                    IdentityId = null,
                    IdentityName = kv.Key,
                    Provider = "NhiTools",
                    Rule = RuleIds.ExceptionNorm,
                    Owasp = rule?.Owasp ?? "NHI7",
                    Severity = Severity.Medium,
                    Score = Math.Min(100, 30 + percent / 2),
                    Title = "Exceptions have become the norm for " + kv.Key,
                    Evidence = excused.ToString(CultureInfo.InvariantCulture) + " of " + total.ToString(CultureInfo.InvariantCulture) + " " + kv.Key
                        + " findings (" + percent.ToString(CultureInfo.InvariantCulture) + "%) are covered by live exceptions; the policy allows "
                        + sharePercent.ToString(CultureInfo.InvariantCulture) + "% (ExceptionSharePercent).",
                    Remediation = "Get-NhiException -Rule " + kv.Key + " # fix the findings, or change the rule's policy, instead of excusing them one by one",
                    AsOf = asOf,
                };
            }
        }

        private static string Day(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
