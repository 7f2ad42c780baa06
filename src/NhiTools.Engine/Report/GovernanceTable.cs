using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using NhiTools.Engine.Governance;
using static NhiTools.Engine.Report.HtmlText;

namespace NhiTools.Engine.Report
{
    /// <summary>
    /// The report's governance table: per identity its purpose, its review state (last decision, by whom, when, next due)
    /// and the exceptions in force at AsOf, so the page an auditor reads is also the one the review uses. Every value is escaped.
    /// </summary>
    internal static class GovernanceTable
    {
        public static void Write(StringBuilder sb, ReportData d)
        {
            var ids = d.Nhis.OrderBy(i => i.Provider, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
            if (ids.Count == 0) return;
            var asOf = ExemptionRules.ToUtc(d.AsOf == default ? DateTime.UtcNow : d.AsOf);
            var reviews = (d.Reviews ?? Array.Empty<ReviewItem>()).Where(r => r?.IdentityId != null)
                .GroupBy(r => r.IdentityId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
            var exemptions = (d.Exemptions ?? Array.Empty<Exemption>()).Where(e => e?.IdentityId != null && e.Rule != null).ToList();
            int cycle = d.ReviewCycleDays > 0 ? d.ReviewCycleDays : 90;

            var rows = new StringBuilder();
            int withPurpose = 0, current = 0, inForce = 0, ended = 0;
            foreach (var i in ids)
            {
                var purpose = i.Purpose ?? Purposes.FromSource(i);
                if (!string.IsNullOrWhiteSpace(purpose)) withPurpose++;
                reviews.TryGetValue(i.Id ?? "", out var items);
                var last = items?.Where(r => r.Decision.HasValue && r.DecidedOn.HasValue).OrderByDescending(r => r.DecidedOn.Value).FirstOrDefault();
                DateTime? lastOn = last?.DecidedOn ?? i.LastReviewedOn;
                var open = items?.Where(r => !r.Decision.HasValue).OrderBy(r => r.DueOn).FirstOrDefault();
                DateTime? nextDue = open != null ? open.DueOn : lastOn?.AddDays(cycle);
                bool overdue = nextDue.HasValue ? asOf >= ExemptionRules.End(nextDue.Value) : true;
                if (lastOn.HasValue && (asOf - ExemptionRules.ToUtc(lastOn.Value)).TotalDays <= cycle) current++;
                var live = exemptions.Where(e => ExemptionRules.Covers(e, e.Rule, i.Id) && ExemptionRules.StateAt(e, asOf) == ExemptionState.Active).OrderBy(e => e.ExpiresOn).ToList();
                var gone = exemptions.Where(e => ExemptionRules.Covers(e, e.Rule, i.Id) && ExemptionRules.StateAt(e, asOf) == ExemptionState.Expired).OrderBy(e => e.ExpiresOn).ToList();
                if (live.Count > 0) inForce++;
                if (gone.Count > 0) ended++;

                rows.Append("<tr data-identity=\"").Append(H(i.Id)).Append("\"><td><b>").Append(H(i.Name ?? i.Id)).Append("</b><br><span class=\"id\">").Append(H(i.Id)).Append("</span></td>");
                rows.Append("<td>").Append(string.IsNullOrWhiteSpace(purpose) ? "<span class=\"muted\">none recorded</span>" : H(purpose)).Append("</td>");
                rows.Append("<td class=\"review\">");
                if (last != null)
                    rows.Append("<b>").Append(H(last.Decision.Value.ToString())).Append("</b> by ").Append(H(last.DecidedBy ?? "unknown")).Append(" on ").Append(Day(last.DecidedOn.Value))
                        .Append("<br><span class=\"muted\">").Append(H(last.Review)).Append(": ").Append(H(last.Justification ?? "")).Append("</span>");
                else if (lastOn.HasValue)
                    rows.Append("decided on ").Append(Day(lastOn.Value));
                else
                    rows.Append("<span class=\"muted\">never reviewed</span>");
                rows.Append("</td><td class=\"due\">");
                if (nextDue.HasValue)
                    rows.Append("<span class=\"").Append(overdue ? "gov-due" : "gov-ok").Append("\">").Append(Day(nextDue.Value)).Append(overdue ? " (overdue)" : "").Append("</span>")
                        .Append(open != null ? "<br><span class=\"muted\">in " + H(open.Review) + "</span>" : "");
                else
                    rows.Append("<span class=\"gov-due\">now</span>");
                rows.Append("</td><td class=\"exceptions\">");
                foreach (var e in live)
                    rows.Append("<div class=\"exc\">").Append(H(ExemptionRules.Describe(e))).Append("</div>");
                foreach (var e in gone)
                    rows.Append("<div class=\"exc gov-ended\">ended ").Append(Day(ExemptionRules.End(e.ExpiresOn).AddDays(-1))).Append(", finding open again: ").Append(H(ExemptionRules.Describe(e))).Append("</div>");
                if (live.Count == 0 && gone.Count == 0) rows.Append("<span class=\"muted\">none</span>");
                rows.Append("</td></tr>\n");
            }

            sb.Append("<section id=\"governance\"><h2>Purpose, reviews and exceptions</h2><p class=\"muted\">")
              .Append(withPurpose).Append(" of ").Append(ids.Count).Append(" identities have a purpose; ")
              .Append(current).Append(" were reviewed within the ").Append(cycle).Append("-day cycle; ")
              .Append(inForce).Append(" carry an exception in force and ").Append(ended).Append(" one that has ended (OWASP NHI1, NHI7). ")
              .Append("Record purposes with <code>Set-NhiPurpose</code>, decisions with <code>Set-NhiReviewDecision</code>.</p>");
            sb.Append("<table class=\"grid\" id=\"governance-table\"><thead><tr><th>Identity</th><th>Purpose</th><th>Last review decision</th><th>Next due</th><th>Exceptions</th></tr></thead><tbody>");
            sb.Append(rows);
            sb.Append("</tbody></table></section>\n");
        }

        private static string Day(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
