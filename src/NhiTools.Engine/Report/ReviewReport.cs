using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using NhiTools.Engine.Governance;
using static NhiTools.Engine.Report.HtmlText;

namespace NhiTools.Engine.Report
{
    /// <summary>
    /// An access review campaign as self-contained HTML pages (no script, no external resource): one page per owner -
    /// what they own, what it uses, what to decide - one for the identities nobody owns, and index.html, the auditor's
    /// summary (states, decisions with who/when/why, keeps of unused rights, exceptions). Never a secret value: evidence
    /// holds credential ids and dates only.
    /// </summary>
    public static class ReviewReport
    {
        public const string UnownedPage = "unowned.html";
        public const string SummaryPage = "index.html";

        /// <summary>Writes the pages into <paramref name="folder"/> and returns their paths, summary first.</summary>
        public static IReadOnlyList<string> Write(string folder, string review, IReadOnlyList<ReviewItem> items, IReadOnlyList<Exemption> exemptions, DateTime asOf)
        {
            Directory.CreateDirectory(folder);
            var written = new List<string>();
            var byOwner = new SortedDictionary<string, List<ReviewItem>>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in items)
                foreach (var owner in item.Owners.Length == 0 ? new[] { (string)null } : item.Owners)
                {
                    var key = owner ?? string.Empty;
                    if (!byOwner.TryGetValue(key, out var list)) byOwner[key] = list = new List<ReviewItem>();
                    list.Add(item);
                }

            var pages = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { SummaryPage, UnownedPage };
            foreach (var owner in byOwner.Keys)
            {
                if (owner.Length == 0) { pages[owner] = UnownedPage; continue; }
                var slug = "owner-" + Slug(owner);
                var name = slug + ".html";
                for (int n = 2; !used.Add(name); n++) name = slug + "-" + n.ToString(CultureInfo.InvariantCulture) + ".html";
                pages[owner] = name;
            }

            written.Add(WritePage(folder, SummaryPage, Summary(review, items, exemptions, asOf, byOwner, pages)));
            foreach (var kv in byOwner)
                written.Add(WritePage(folder, pages[kv.Key], OwnerPage(review, kv.Key, kv.Value, asOf)));
            return written;
        }

        private static string WritePage(string folder, string name, string html)
        {
            var path = Path.Combine(folder, name);
            var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
            File.WriteAllText(temp, html, new UTF8Encoding(false));
            if (File.Exists(path)) File.Delete(path);
            File.Move(temp, path);
            return path;
        }

        private static string OwnerPage(string review, string owner, List<ReviewItem> items, DateTime asOf)
        {
            var sb = Start("Review " + review + (owner.Length == 0 ? " - identities nobody owns" : " - " + owner));
            sb.Append("<p class=\"muted\">").Append(owner.Length == 0
                ? "Nobody owns these identities: keeping one needs a justification that says why, and the first decision should be who owns it."
                : "You own these identities. For each, decide Keep, Reduce or Remove. Keeping rights the logs show unused needs a justification that says why.")
              .Append(" Due <b>").Append(Day(items[0].DueOn)).Append("</b>; as of ").Append(Day(asOf)).Append(".</p>\n");
            foreach (var i in items.OrderBy(i => i.Decision.HasValue).ThenByDescending(i => i.UnusedRights).ThenBy(i => i.IdentityName, StringComparer.OrdinalIgnoreCase))
            {
                var state = ReviewRules.StateAt(i, asOf);
                sb.Append("<section class=\"item ").Append(state.ToString().ToLowerInvariant()).Append("\"><h2>").Append(H(i.IdentityName ?? i.IdentityId))
                  .Append(" <span class=\"tag\">").Append(H(state.ToString())).Append("</span>")
                  .Append(i.UnusedRights ? " <span class=\"tag warn\">unused rights</span>" : string.Empty).Append("</h2>\n");
                sb.Append("<table>");
                Row(sb, "Identity", i.IdentityId + " (" + i.Provider + " " + i.Kind + ")");
                Row(sb, "Purpose", string.IsNullOrWhiteSpace(i.Purpose) ? "none recorded - say what it is for (Set-NhiPurpose)" : i.Purpose);
                Row(sb, "Owners", i.Owners.Length == 0 ? "none" : string.Join(", ", i.Owners));
                Row(sb, "Credentials", i.Credentials.Length == 0 ? "none" : string.Join("\n", i.Credentials));
                Row(sb, "Rights granted", i.Granted.Length == 0 ? "none" : string.Join("\n", i.Granted));
                Row(sb, "What it used", i.Usage);
                Row(sb, "Findings", i.Findings.Length == 0 ? "none" : string.Join("\n", i.Findings));
                if (i.Decision.HasValue)
                    Row(sb, "Decision", i.Decision + " by " + i.DecidedBy + " on " + Day(i.DecidedOn) + (string.IsNullOrEmpty(i.Justification) ? string.Empty : ": " + i.Justification));
                else
                    Row(sb, "To decide", "Get-NhiReview -Name '" + i.Review + "' -Identity '" + i.IdentityId + "' | Set-NhiReviewDecision Keep|Reduce|Remove '<why>'");
                sb.Append("</table></section>\n");
            }

            return End(sb);
        }

        private static string Summary(string review, IReadOnlyList<ReviewItem> items, IReadOnlyList<Exemption> exemptions, DateTime asOf,
            SortedDictionary<string, List<ReviewItem>> byOwner, Dictionary<string, string> pages)
        {
            var sb = Start("Access review " + review + " - summary for the auditor");
            var states = items.GroupBy(i => ReviewRules.StateAt(i, asOf)).ToDictionary(g => g.Key, g => g.Count());
            int Count(ReviewState s) => states.TryGetValue(s, out var n) ? n : 0;
            sb.Append("<p class=\"muted\">").Append(items.Count).Append(" identities, due ").Append(items.Count > 0 ? Day(items[0].DueOn) : "-")
              .Append(", as of ").Append(Day(asOf)).Append(". Evidence was gathered when the campaign was created; decisions are recorded with who, when and why.</p>\n");
            sb.Append("<table><tr><th>Decided</th><th>Pending</th><th>Overdue</th><th>Keep</th><th>Reduce</th><th>Remove</th><th>Unowned</th><th>Unused rights</th></tr><tr>")
              .Append("<td>").Append(Count(ReviewState.Decided)).Append("</td><td>").Append(Count(ReviewState.Pending)).Append("</td><td>").Append(Count(ReviewState.Overdue))
              .Append("</td><td>").Append(items.Count(i => i.Decision == ReviewDecision.Keep)).Append("</td><td>").Append(items.Count(i => i.Decision == ReviewDecision.Reduce))
              .Append("</td><td>").Append(items.Count(i => i.Decision == ReviewDecision.Remove)).Append("</td><td>").Append(items.Count(i => i.Owners.Length == 0))
              .Append("</td><td>").Append(items.Count(i => i.UnusedRights)).Append("</td></tr></table>\n");

            sb.Append("<h2>Owners</h2><table><tr><th>Owner</th><th>Identities</th><th>Decided</th><th>Page</th></tr>");
            foreach (var kv in byOwner)
                sb.Append("<tr><td>").Append(H(kv.Key.Length == 0 ? "(nobody)" : kv.Key)).Append("</td><td>").Append(kv.Value.Count).Append("</td><td>")
                  .Append(kv.Value.Count(i => i.Decision.HasValue)).Append("</td><td><a href=\"").Append(H(pages[kv.Key])).Append("\">").Append(H(pages[kv.Key])).Append("</a></td></tr>");
            sb.Append("</table>\n");

            var keptUnused = items.Where(i => i.Decision == ReviewDecision.Keep && (i.UnusedRights || i.Owners.Length == 0)).ToList();
            sb.Append("<h2>Kept despite unused rights or no owner</h2>");
            if (keptUnused.Count == 0) sb.Append("<p class=\"muted\">None.</p>");
            else
            {
                sb.Append("<table><tr><th>Identity</th><th>By</th><th>Justification</th></tr>");
                foreach (var i in keptUnused) sb.Append("<tr><td>").Append(H(i.IdentityName)).Append("</td><td>").Append(H(i.DecidedBy)).Append("</td><td>").Append(H(i.Justification)).Append("</td></tr>");
                sb.Append("</table>");
            }

            sb.Append("<h2>Decisions (audit trail)</h2><table><tr><th>When (UTC)</th><th>Identity</th><th>Decision</th><th>By</th><th>Justification</th></tr>");
            foreach (var i in items.Where(i => i.Decision.HasValue).OrderBy(i => i.DecidedOn))
                sb.Append("<tr><td>").Append(H(i.DecidedOn?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))).Append("</td><td>").Append(H(i.IdentityName))
                  .Append("</td><td>").Append(H(i.Decision.ToString())).Append("</td><td>").Append(H(i.DecidedBy)).Append("</td><td>").Append(H(i.Justification)).Append("</td></tr>");
            sb.Append("</table>\n");

            var ids = new HashSet<string>(items.Select(i => i.IdentityId), StringComparer.OrdinalIgnoreCase);
            var relevant = (exemptions ?? Array.Empty<Exemption>()).Where(e => ids.Any(id => ExemptionRules.Covers(e, e.Rule, id))).ToList();
            sb.Append("<h2>Exceptions on these identities</h2>");
            if (relevant.Count == 0) sb.Append("<p class=\"muted\">None.</p>");
            else
            {
                sb.Append("<table><tr><th>State</th><th>Rule</th><th>Identity</th><th>Ends</th><th>Approved by</th><th>Reason</th></tr>");
                foreach (var e in relevant.OrderBy(e => e.ExpiresOn))
                    sb.Append("<tr><td>").Append(H(ExemptionRules.StateAt(e, asOf).ToString())).Append("</td><td>").Append(H(e.Rule)).Append("</td><td>").Append(H(e.IdentityId))
                      .Append("</td><td>").Append(Day(e.ExpiresOn)).Append("</td><td>").Append(H(e.ApprovedBy)).Append("</td><td>").Append(H(e.Reason)).Append("</td></tr>");
                sb.Append("</table>");
            }

            return End(sb);
        }

        private static StringBuilder Start(string title)
        {
            var sb = new StringBuilder(16 * 1024);
            sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
            sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
            sb.Append("<title>").Append(H(title)).Append("</title><style>").Append(Css).Append("</style></head><body><header><h1>").Append(H(title)).Append("</h1></header><main>\n");
            return sb;
        }

        private static string End(StringBuilder sb) =>
            sb.Append("</main><footer class=\"muted\">Generated by NhiTools. No secret value is ever included: credentials appear by id and date only.</footer></body></html>\n").ToString();

        private static void Row(StringBuilder sb, string label, string value) =>
            sb.Append("<tr><th>").Append(H(label)).Append("</th><td>").Append(H(value).Replace("\n", "<br>")).Append("</td></tr>");

        private static string Slug(string owner)
        {
            var sb = new StringBuilder();
            foreach (var c in owner.ToLowerInvariant()) sb.Append(char.IsLetterOrDigit(c) && c < 128 ? c : '-');
            var s = sb.ToString().Trim('-');
            return s.Length == 0 ? "x" : s.Length > 60 ? s.Substring(0, 60) : s;
        }

        private static string Day(DateTime? d) => d.HasValue ? d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "-";

        private const string Css = @"body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#202124}
header{padding:16px 24px;border-bottom:1px solid #dadce0;background:#f8f9fa}h1{margin:0;font-size:20px}h2{font-size:16px;margin:22px 0 6px}
main{padding:8px 24px 24px}footer{padding:12px 24px;font-size:12px}.muted{color:#5f6368}
table{border-collapse:collapse;margin:6px 0;width:100%}th,td{border:1px solid #dadce0;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f8f9fa;width:160px}
.tag{font-size:12px;padding:1px 6px;border-radius:8px;background:#e8f0fe;color:#1a73e8}.tag.warn{background:#fce8e6;color:#c5221f}
section.item{border-left:4px solid #dadce0;padding-left:10px;margin:14px 0}section.overdue{border-color:#c5221f}section.decided{border-color:#137333}";
    }
}
