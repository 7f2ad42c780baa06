using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace NhiTools.Engine.Analysis.Rules
{
    /// <summary>NHI1 Improper Offboarding: no owner, owners gone, dormant, temporary access left behind.</summary>
    internal static class OffboardingRules
    {
        public static void Evaluate(IdentityFacts f, RuleContext c)
        {
            var i = f.I;
            // A managed identity lives and dies with its Azure resource: it has no owner of its own to lose.
            if (c.Wants(RuleIds.Unowned) && f.Owners.Count == 0 && i.Kind != IdentityKind.ManagedIdentity)
                c.Add(RuleIds.Unowned, Severity.Medium,
                    "No owner: Owners is empty and no " + string.Join("/", c.Policy.OwnerTagKeys) + " tag is set" + CreatedText(i, c) + ".");

            if (c.Wants(RuleIds.OwnerGone) && f.OwnersAllGone)
                c.Add(RuleIds.OwnerGone, Severity.High,
                    "Every owner has left: " + string.Join(", ", f.Owners.Select(o => o + " (" + i.OwnerStates[o] + ")")) + ".");

            if (c.Wants(RuleIds.Dormant)) Dormant(f, c);
            if (c.Wants(RuleIds.TempAccessExpired)) TemporaryAccess(f, c);
            if (c.Wants(RuleIds.NoPurpose) || c.Wants(RuleIds.NotReviewed)) Governance(f, c);
        }

        /// <summary>
        /// NHI-NO-PURPOSE and NHI-NOT-REVIEWED: nobody can say what it is for, nobody looked at it this cycle. Only on
        /// identities in the policy's GovernanceScope (by default those that can do real harm: admin-equivalent, reachable
        /// across a boundary, or acted through by an agent), so they do not fire on every identity of an estate; a review
        /// that lapsed is reported on any identity, since someone put it into the cycle.
        /// </summary>
        private static void Governance(IdentityFacts f, RuleContext c)
        {
            var i = f.I;
            int cycle = c.P.ReviewCycleDays;
            bool reviewedRecently = i.LastReviewedOn.HasValue && c.DaysSince(i.LastReviewedOn.Value) <= cycle;
            bool inScope = c.Policy.GovernanceAll || (f.Exposure & c.Policy.GovernanceExposure) != 0;
            if (!inScope && !i.LastReviewedOn.HasValue) return;
            var purpose = i.Purpose ?? NhiTools.Engine.Governance.Purposes.FromSource(i);
            if (c.Wants(RuleIds.NoPurpose) && inScope && string.IsNullOrWhiteSpace(purpose) && !reviewedRecently)
                c.Add(RuleIds.NoPurpose, Severity.Low,
                    "No purpose recorded (Set-NhiPurpose, a purpose tag or Entra notes) and "
                    + (i.LastReviewedOn.HasValue ? "last reviewed " + c.Ago(i.LastReviewedOn.Value) : "never reviewed")
                    + (i.Permissions != null && i.Permissions.Length > 0 ? "; it holds " + string.Join(", ", i.Permissions.Where(p => p != null).Take(5).Select(p => p.Name)) + (i.Permissions.Length > 5 ? ", ..." : "") : "") + ".");
            if (c.Wants(RuleIds.NotReviewed) && !reviewedRecently)
                c.Add(RuleIds.NotReviewed, i.LastReviewedOn.HasValue ? Severity.Medium : Severity.Low,
                    i.LastReviewedOn.HasValue
                        ? "Last review decision " + c.Ago(i.LastReviewedOn.Value) + ", outside the " + cycle + "-day cycle."
                        : "Never reviewed: no access review decision recorded (cycle " + cycle + " days).");
        }

        private static string CreatedText(Identity i, RuleContext c) => i.CreatedOn.HasValue ? "; created " + Text.Day(i.CreatedOn.Value) : "";

        /// <summary>
        /// Dormant only on known usage: identity-level last use (covers every credential), or every live
        /// credential's own usage (a date or NeverUsed). One credential of unknown usage keeps it quiet.
        /// </summary>
        private static void Dormant(IdentityFacts f, RuleContext c)
        {
            var i = f.I;
            // Credentials that remain (enabled or not: an inactive key left behind is offboarding debt too);
            // roles and managed identities need none to be used.
            var held = (i.Credentials ?? Array.Empty<Credential>()).Where(cr => cr != null).ToList();
            bool credentialless = i.Kind == IdentityKind.IamRole || i.Kind == IdentityKind.ManagedIdentity;
            if (held.Count == 0 && !credentialless && !i.HasPassword) return;

            DateTime? last = Max(i.LastUsedOn, i.PasswordLastUsedOn);
            foreach (var cr in held) last = Max(last, cr.LastUsedOn);

            bool known = i.LastUsedOn.HasValue || (held.Count > 0 && held.All(cr => cr.LastUsedOn.HasValue || cr.NeverUsed));
            if (!known) return;

            int limit = c.P.DormantDays;
            string creds = held.Count == 0 ? "" : "; credentials still attached: " + string.Join(", ", held.Select(cr => cr.Id + (cr.Enabled ? "" : " (disabled)")));
            if (last.HasValue)
            {
                if (c.DaysSince(last.Value) > limit)
                    c.Add(RuleIds.Dormant, Severity.Medium, "Last used " + c.Ago(last.Value) + ", over the " + limit + "-day limit" + creds + ".");
                return;
            }
            // Never used at all: measure from creation, so a new identity is not dormant yet.
            DateTime? created = i.CreatedOn;
            if (!created.HasValue)
                foreach (var cr in held) created = Max(created, cr.CreatedOn);
            if (created.HasValue && c.DaysSince(created.Value) > limit)
                c.Add(RuleIds.Dormant, Severity.Medium, "Never used since it was created " + c.Ago(created.Value) + ", over the " + limit + "-day limit" + creds + ".");
        }

        private static DateTime? Max(DateTime? a, DateTime? b) => !a.HasValue ? b : !b.HasValue ? a : (a.Value >= b.Value ? a : b);

        private static readonly Regex TemporaryWord = new Regex(@"\btemp(orary|orarily)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        // "until 2026-09-30", "Remove after 2026-03-31", "delete by 31 March 2026", "revoke before 2026/03/31",
        // "decommission after March 31, 2026", "until end of March 2026": all name the last day.
        private static readonly Regex NoteEnd = new Regex(
            @"\b(?:until|till|through|thru|expires?|expiring|expiry|ends?|ending|end\s+date|valid\s+(?:until|through|till)|"
            + @"(?:remove|removed|delete|deleted|revoke|revoked|decommission|decommissioned|disable|disabled|retire|retired|deprovision|deprovisioned|offboard)\s+(?:after|by|before|on)|by)\b"
            + @"\s*(?:on|:|=)?\s*(" + Text.DatePattern + ")",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        // Name tokens that mark an identity temporary: svc-temp-migration, tmp-contractor, app-poc-temporary.
        private static readonly Regex TemporaryName = new Regex(@"(?:^|[^a-z0-9])(?:temp|tmp|temporary)(?:$|[^a-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Ticket = new Regex(@"\b[A-Z][A-Z0-9]{1,9}-\d{1,7}\b", RegexOptions.CultureInvariant);

        /// <summary>
        /// Temporary access past its end and still enabled. Marked by a temporary/temp/ticket tag, an end-date tag,
        /// or notes ("temporary until 2026-09-30", "CHG-1234 ends 2026-09-30"). A date-only end is valid through that day.
        /// </summary>
        private static void TemporaryAccess(IdentityFacts f, RuleContext c)
        {
            var i = f.I;
            var tags = i.Tags ?? new Dictionary<string, string>();
            var marks = new List<string>();
            DateTime? end = null;
            string endSource = null;

            foreach (var key in c.Policy.TemporaryTagKeys)
            {
                if (!tags.TryGetValue(key, out var v)) continue;
                string t = (v ?? "").Trim();
                if (t.Equals("false", StringComparison.OrdinalIgnoreCase) || t.Equals("no", StringComparison.OrdinalIgnoreCase) || t == "0") continue;
                marks.Add("tag " + key + "=" + v);
                var d = Text.ParseEndDate(t) ?? EndInText(t);
                if (d.HasValue && end == null) { end = d; endSource = "tag " + key + "=" + v; }
            }
            foreach (var key in c.Policy.EndDateTagKeys)
            {
                if (!tags.TryGetValue(key, out var v)) continue;
                var d = Text.ParseEndDate(v) ?? EndInText(v);
                if (!d.HasValue) continue;
                if (end == null) { end = d; endSource = "tag " + key + "=" + v; }
                if (!marks.Contains("tag " + key + "=" + v)) marks.Add("tag " + key + "=" + v);
            }
            string notes = i.Notes ?? "";
            if (notes.Length > 0)
            {
                if (TemporaryWord.IsMatch(notes)) marks.Add("notes say temporary");
                var tm = Ticket.Match(notes);
                if (tm.Success) marks.Add("ticket " + tm.Value);
                var nm = NoteEnd.Match(notes);
                if (nm.Success && end == null)
                {
                    var d = Text.ParseEndDate(nm.Groups[1].Value);
                    if (d.HasValue) { end = d; endSource = "notes \"" + Clip(notes, nm.Index) + "\""; }
                }
            }
            if (i.Name != null && TemporaryName.IsMatch(i.Name)) marks.Add("name " + i.Name);
            if (marks.Count == 0) return;
            if (end == null)
            {
                NoEndDate(f, c, marks);
                return;
            }
            if (c.AsOf < end.Value) return;

            DateTime lastDay = end.Value.TimeOfDay == TimeSpan.Zero ? end.Value.AddDays(-1) : end.Value;
            int overdue = Text.DaysBetween(lastDay, c.AsOf);
            string still = f.Live.Count > 0 ? "; still enabled with credentials " + string.Join(", ", f.Live.Select(cr => cr.Id)) : "; identity still enabled";
            c.Add(RuleIds.TempAccessExpired, Severity.High,
                "Temporary access ended " + Text.Day(lastDay) + " (" + endSource + "), " + overdue + " " + Text.Plural(overdue, "day", "days") + " before " + Text.Day(c.AsOf)
                + "; marked by " + string.Join(", ", marks.Distinct()) + still + ".");
        }

        private static DateTime? EndInText(string text)
        {
            var m = NoteEnd.Match(text ?? "");
            return m.Success ? Text.ParseEndDate(m.Groups[1].Value) : null;
        }

        /// <summary>
        /// Marked temporary (a temporary/temp tag, the name, or notes saying so; a ticket alone is not enough) with no
        /// end date at all, and older than MaxTemporaryAgeDays: temporary access with no end is how it is never revoked.
        /// </summary>
        private static void NoEndDate(IdentityFacts f, RuleContext c, List<string> marks)
        {
            var temporary = marks.Where(m => !m.StartsWith("ticket ", StringComparison.Ordinal)).ToList();
            if (temporary.Count == 0 || !f.I.CreatedOn.HasValue) return;
            int age = c.DaysSince(f.I.CreatedOn.Value);
            int limit = c.P.MaxTemporaryAgeDays;
            if (age <= limit) return;
            string still = f.Live.Count > 0 ? "; still enabled with credentials " + string.Join(", ", f.Live.Select(cr => cr.Id)) : "; identity still enabled";
            c.Add(RuleIds.TempAccessExpired, Severity.Medium,
                "Temporary access with no end date, created " + c.Ago(f.I.CreatedOn.Value) + ": " + age + " days is over the " + limit
                + "-day maximum for temporary access; marked by " + string.Join(", ", marks.Distinct()) + still + ".");
        }

        private static string Clip(string notes, int at)
        {
            int start = Math.Max(0, at - 40);
            int len = Math.Min(notes.Length - start, 100);
            return (start > 0 ? "..." : "") + notes.Substring(start, len).Replace("\"", "'") + (start + len < notes.Length ? "..." : "");
        }
    }
}
