using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NhiTools.Engine.Activity;

namespace NhiTools.Engine.Analysis.Rules
{
    /// <summary>What an identity keeps for the rules that need activity, which run after the last identity.</summary>
    internal sealed class DeferredIdentity
    {
        public string Id, Name, Provider, NativeId;
        public IdentityKind Kind;
        public Exposure Exposure;
        public Permission[] Permissions;
        /// <summary>For NHI-ANOMALOUS-USE: which credentials the inventory lists (Inactive ones, and which are gone).</summary>
        public Credential[] Credentials;
        /// <summary>Disabled in the inventory: only a retired credential or a quarantine used counts (NHI-ANOMALOUS-USE).</summary>
        public bool Disabled;
        /// <summary>NHI-HUMAN-USE as the inventory alone says it (console password, interactive sign-in), held back so the activity evidence joins it.</summary>
        public List<RawFinding> HumanUse;
    }

    /// <summary>
    /// Rules that compare what an identity may do with what it did: NHI5 unused permissions and the activity side of
    /// NHI10 human use. Unknown is never unused: an identity no log names, or a log that covers too short a part
    /// of the window, gives no NHI-UNUSED-PERMISSION.
    /// </summary>
    internal static class ActivityRules
    {
        // Graph application permissions whose use shows in the directory audit log (changes to directory objects).
        private static readonly Regex DirectoryWrite = new Regex(
            @"^(Directory|User|Group|GroupMember|Application|AppRoleAssignment|RoleManagement|Device|Policy|Domain|Organization|AdministrativeUnit|UserAuthenticationMethod)\.[A-Za-z.]*ReadWrite",
            RegexOptions.Compiled | RegexOptions.CultureInvariant);

        public static void Evaluate(DeferredIdentity d, ActivityIndex index, RuleContext c)
        {
            if (d.Disabled)
            {
                if (c.Wants(RuleIds.AnomalousUse) && index != null) AnomalousUse(d, index, c);
                return;
            }
            var usage = index?.For(d.Id, d.Provider, d.NativeId);
            if (c.Wants(RuleIds.HumanUse)) HumanUse(d, usage, c);
            if (c.Wants(RuleIds.AnomalousUse) && index != null) AnomalousUse(d, index, c);
            if (c.Wants(RuleIds.UnusedPermission) && usage != null)
            {
                if (string.Equals(d.Provider, "Aws", StringComparison.OrdinalIgnoreCase)) UnusedAws(d, usage, index, c);
                else if (string.Equals(d.Provider, "Entra", StringComparison.OrdinalIgnoreCase)) UnusedEntra(d, usage, index, c);
            }
        }

        /// <summary>
        /// NHI-ANOMALOUS-USE from the behaviour baseline: one finding per retired credential (or quarantine) used, High;
        /// one finding for the behaviour that changed (every trigger named), High when a high-risk action is among them.
        /// </summary>
        private static void AnomalousUse(DeferredIdentity d, ActivityIndex index, RuleContext c)
        {
            var found = index.Baseline.For(d.Id, d.Provider, d.NativeId, d.Credentials, c.AsOf, c.P);
            if (found.Count == 0) return;
            foreach (var a in found.Where(x => x.Kind == AnomalyKind.RetiredCredentialUsed || x.Kind == AnomalyKind.QuarantinedIdentityUsed))
                c.Add(RuleIds.AnomalousUse, Severity.High, a.Evidence, a.Kind == AnomalyKind.RetiredCredentialUsed ? a.CredentialId : null);
            var changed = found.Where(x => x.Kind != AnomalyKind.RetiredCredentialUsed && x.Kind != AnomalyKind.QuarantinedIdentityUsed).ToList();
            if (changed.Count == 0 || d.Disabled) return;
            var severity = changed.Any(x => x.Kind == AnomalyKind.NewHighRiskAction) ? Severity.High : Severity.Medium;
            c.Add(RuleIds.AnomalousUse, severity, "Behaviour changed in the " + c.P.AnomalyRecentDays + " days to " + Text.Day(c.AsOf) + ". "
                + string.Join(" ", changed.Select(x => x.Evidence)));
        }

        private static void HumanUse(DeferredIdentity d, ActivityIndex.Usage u, RuleContext c)
        {
            string activity = null;
            if (u != null && u.Logins > 0)
            {
                var recent = u.RecentLogins.OrderByDescending(l => l.When).ToList();
                var last = recent[0];
                var from = recent.Select(l => l.From).Where(f => !string.IsNullOrEmpty(f)).Distinct().ToList();
                string what = last.Origin == ActivityOrigins.CloudTrail ? "console " + Text.Plural((int)Math.Min(u.Logins, int.MaxValue), "login", "logins") + " (CloudTrail ConsoleLogin)"
                    : "interactive " + Text.Plural((int)Math.Min(u.Logins, int.MaxValue), "sign-in", "sign-ins") + " (Entra sign-in log)";
                activity = "Activity logs show " + u.Logins + " successful " + what + ", last " + c.Ago(last.When)
                    + (from.Count > 0 ? " from " + string.Join(", ", from) : "")
                    + (u.FailedLogins > 0 ? "; " + u.FailedLogins + " failed" : "") + ".";
            }
            if (u != null && u.ConsoleCalls > 0 && u.LastConsoleCall != null)
            {
                // Calls made from a console session count as interactive: someone is clicking as this identity.
                activity = (activity == null ? "" : activity + " ") + "CloudTrail shows " + u.ConsoleCalls + " "
                    + Text.Plural((int)Math.Min(u.ConsoleCalls, int.MaxValue), "call", "calls") + " made from the AWS console (signin.amazonaws.com), last "
                    + u.LastConsoleCall.Value.Action + " " + c.Ago(u.LastConsoleCall.Value.When) + ".";
            }
            if (d.HumanUse != null && d.HumanUse.Count > 0)
            {
                foreach (var raw in d.HumanUse)
                {
                    var r = raw;
                    if (activity != null) { r.Evidence = r.Evidence + " " + activity; r.Severity = Severity.High; }
                    c.Output.Add(r);
                }
            }
            else if (activity != null)
            {
                c.Add(RuleIds.HumanUse, Severity.High, "A person signs in as this identity. " + activity);
            }
        }

        /// <summary>The part of [AsOf - window, AsOf] a log covers, and what covers it; null when none covers enough.</summary>
        private static Coverage Covered(ActivityIndex.Usage u, ActivityIndex index, RuleContext c, Func<string, bool> origin)
        {
            var start = c.AsOf.AddDays(-c.P.UnusedPermissionDays);
            Coverage best = null;
            var all = new List<Coverage>();
            void Consider(DateTime from, DateTime to, string what)
            {
                if (from < start) from = start;
                if (to > c.AsOf) to = c.AsOf;
                if (to <= from) return;
                var cov = new Coverage { From = from, To = to, What = what };
                all.Add(cov);
                if (best == null || cov.Days > best.Days) best = cov;
            }
            foreach (var key in u.SpanKeys)
            {
                string o = key.Substring(0, key.IndexOf('|'));
                if (!origin(o)) continue;
                var s = index.SpanOf(key);
                if (s != null) Consider(s.From, s.To, o == ActivityOrigins.CloudTrail ? "CloudTrail" : o == ActivityOrigins.EntraSignIn ? "Entra sign-in log" : "Entra audit log");
            }
            if (u.PeriodEnd.HasValue && origin(ActivityOrigins.AccessAdvisor)) Consider(u.PeriodStart.Value, u.PeriodEnd.Value, "Access Advisor, service level,");
            if (best == null || best.Days < c.P.UnusedPermissionMinCoverageDays) return null;
            best.All = all.OrderByDescending(x => x.Days).ToList();
            return best;
        }

        private sealed class Coverage
        {
            public DateTime From, To;
            public string What;
            public List<Coverage> All;
            public double Days => (To - From).TotalDays;
            // "CloudTrail 2026-08-03..2026-10-31 (90 days)", "Access Advisor, service level, ...": the window and the source.
            private string One() => LeastPrivilege.LeastPrivilegeBuilder.Describe(What, From, To);
            public string Describe() => "Logs: " + string.Join("; ", (All ?? new List<Coverage> { this }).Select(x => x.One()));
        }

        private static bool InWindow(ActivityIndex.ServiceUse s, Coverage cov) => s.Last >= cov.From && s.First <= cov.To.AddDays(1);

        private static void UnusedAws(DeferredIdentity d, ActivityIndex.Usage u, ActivityIndex index, RuleContext c)
        {
            var cov = Covered(u, index, c, o => o == ActivityOrigins.CloudTrail || o == ActivityOrigins.AccessAdvisor);
            if (cov == null) return;
            var used = u.Services.Where(kv => InWindow(kv.Value, cov)).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            var usedSet = new HashSet<string>(used.Select(kv => kv.Key), StringComparer.OrdinalIgnoreCase);

            var everything = new List<string>();
            var granted = new SortedDictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
            var adminServices = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in d.Permissions ?? Array.Empty<Permission>())
            {
                var actions = p.Actions ?? Array.Empty<string>();
                if (actions.Length == 0 && p.AdminEquivalent) { everything.Add(p.Name); continue; }
                foreach (var a in actions)
                {
                    if (string.IsNullOrEmpty(a)) continue;
                    int colon = a.IndexOf(':');
                    string service = colon < 0 ? a : a.Substring(0, colon);
                    if (service == "*" ) { if (!everything.Contains(p.Name)) everything.Add(p.Name); continue; }
                    if (!granted.TryGetValue(service, out var set)) granted[service] = set = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
                    set.Add(a);
                    if (p.AdminEquivalent) adminServices.Add(service);
                }
            }
            var unused = granted.Where(kv => !usedSet.Contains(kv.Key)).ToList();
            var neverCalled = UnusedActions(d, u, index, c, usedSet);
            if (everything.Count == 0 && unused.Count == 0 && neverCalled.Count == 0) return;

            var sb = new StringBuilder();
            if (everything.Count > 0)
                sb.Append(string.Join(", ", everything)).Append(Text.Plural(everything.Count, " grants", " grant")).Append(" every service (*)");
            if (unused.Count > 0)
            {
                if (sb.Length > 0) sb.Append("; ");
                sb.Append("granted but unused: ").Append(string.Join(", ", unused.Select(kv => kv.Key + " (" + Short(kv.Value) + ")")));
            }
            sb.Append(sb.Length > 0 ? ". " : "").Append("Used in the window: ");
            sb.Append(used.Count == 0 ? "nothing" : string.Join(", ", used.Select(kv => kv.Key + " (" + UseText(kv.Value) + ")")));
            if (neverCalled.Count > 0)
                sb.Append(". ").Append(NeverCalledLabel).Append(string.Join(", ", neverCalled.Select(kv => kv.Key + " (" + kv.Value + ")")));
            sb.Append(". ").Append(cov.Describe()).Append(", in the ").Append(c.P.UnusedPermissionDays).Append(" days to ").Append(Text.Day(c.AsOf)).Append('.');
            var severity = everything.Count > 0 || unused.Any(kv => adminServices.Contains(kv.Key) || kv.Key.Equals("iam", StringComparison.OrdinalIgnoreCase) && kv.Value.Contains("iam:*")) ? Severity.High : Severity.Medium;
            c.Add(RuleIds.UnusedPermission, severity, sb.ToString());
        }

        private const string NeverCalledLabel = "Granted actions never called (CloudTrail, action level): ";

        /// <summary>
        /// Actions granted by name (no wildcard) in a service the identity did call, that CloudTrail never shows it
        /// calling, with the policy granting each. Judged only where CloudTrail alone covers enough of the window, the
        /// service's calls were all recorded (no cap), and, for data-event actions (S3 objects, Lambda invoke...), only
        /// when the logs hold data events of that service at all: a trail that does not record them says nothing.
        /// </summary>
        private static List<KeyValuePair<string, string>> UnusedActions(DeferredIdentity d, ActivityIndex.Usage u, ActivityIndex index, RuleContext c, HashSet<string> usedServices)
        {
            var result = new List<KeyValuePair<string, string>>();
            if (Covered(u, index, c, o => o == ActivityOrigins.CloudTrail) == null) return result;
            var called = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var kv in u.Services)
            {
                if (kv.Value.Count == 0) continue;
                foreach (var logged in kv.Value.Actions.Keys)
                {
                    string action = LeastPrivilege.IamActions.FromEvent(logged, out _);
                    if (action != null) called.Add(action);
                }
            }
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in d.Permissions ?? Array.Empty<Permission>())
            {
                foreach (var a in p.Actions ?? Array.Empty<string>())
                {
                    if (string.IsNullOrEmpty(a) || a.IndexOf('*') >= 0 || a.IndexOf('?') >= 0) continue;
                    int colon = a.IndexOf(':');
                    if (colon <= 0) continue;
                    string service = a.Substring(0, colon);
                    if (!usedServices.Contains(service) || called.Contains(a)) continue;
                    if (!u.Services.TryGetValue(service, out var su) || su.Count == 0 || su.ActionsCapped) continue;
                    if (LeastPrivilege.IamActions.IsDataEvent(a) && !index.HasDataEvents(service)) continue;
                    if (seen.Add(a + "|" + p.Name)) result.Add(new KeyValuePair<string, string>(a, p.Name));
                }
            }
            return result;
        }

        private static readonly Regex NeverCalled = new Regex(Regex.Escape(NeverCalledLabel) + @"(.*?)\. Logs:", RegexOptions.CultureInvariant);
        private static readonly Regex NeverCalledItem = new Regex(@"(?:^|, )([A-Za-z0-9-]+:[A-Za-z0-9]+) \(([^)]*)\)", RegexOptions.CultureInvariant);

        private static readonly Regex UnusedServices = new Regex(@"granted but unused: (.*?)\. Used in the window:", RegexOptions.CultureInvariant);
        private static readonly Regex UnusedService = new Regex(@"(?:^|, )([A-Za-z0-9-]+) \(", RegexOptions.CultureInvariant);
        private static readonly Regex UnusedRoles = new Regex(@"(?:app roles|write rights) (.+?)(?=; | \((?:the|Entra) audit log|\. Signed in to:|$)", RegexOptions.CultureInvariant);

        /// <summary>
        /// The permission names an NHI-UNUSED-PERMISSION finding (its evidence, written above) shows unused: an AWS policy whose every
        /// action is in a service never used in the window (held directly, not through a group), an Entra app role named unused.
        /// Policies granting every service (*) are left to Get-NhiLeastPrivilege: the logs show them too broad, not unused.
        /// </summary>
        internal static string[] UnusedPermissionNames(Identity identity, string evidence)
        {
            var result = new List<string>();
            if (identity?.Permissions == null || string.IsNullOrEmpty(evidence)) return result.ToArray();
            if (string.Equals(identity.Provider, "Aws", StringComparison.OrdinalIgnoreCase))
            {
                var m = UnusedServices.Match(evidence);
                var services = new HashSet<string>(m.Success ? UnusedService.Matches(m.Groups[1].Value).Cast<Match>().Select(x => x.Groups[1].Value) : Enumerable.Empty<string>(), StringComparer.OrdinalIgnoreCase);
                // Actions never called, per policy: a policy every action of which is named there is unused too.
                var never = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                var n = NeverCalled.Match(evidence);
                if (n.Success) foreach (Match x in NeverCalledItem.Matches(n.Groups[1].Value)) never.Add(x.Groups[1].Value + "|" + x.Groups[2].Value);
                foreach (var p in identity.Permissions)
                {
                    if (p == null || string.IsNullOrEmpty(p.Name) || (p.Via ?? "").StartsWith("group:", StringComparison.OrdinalIgnoreCase)) continue;
                    var actions = (p.Actions ?? Array.Empty<string>()).Where(a => !string.IsNullOrEmpty(a)).ToList();
                    if (actions.Count > 0 && actions.All(a => { int colon = a.IndexOf(':'); return colon > 0 && (services.Contains(a.Substring(0, colon)) || never.Contains(a + "|" + p.Name)); })
                        && !result.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
                        result.Add(p.Name);
                }
            }
            else if (string.Equals(identity.Provider, "Entra", StringComparison.OrdinalIgnoreCase))
            {
                var names = new HashSet<string>(UnusedRoles.Matches(evidence).Cast<Match>().SelectMany(x => x.Groups[1].Value.Split(new[] { ", " }, StringSplitOptions.RemoveEmptyEntries)), StringComparer.OrdinalIgnoreCase);
                foreach (var p in identity.Permissions)
                    if (p != null && p.Type == PermissionType.AppRole && names.Contains(p.Name ?? "") && !result.Contains(p.Name, StringComparer.OrdinalIgnoreCase)) result.Add(p.Name);
            }
            return result.ToArray();
        }

        private static void UnusedEntra(DeferredIdentity d, ActivityIndex.Usage u, ActivityIndex index, RuleContext c)
        {
            var roles = (d.Permissions ?? Array.Empty<Permission>()).Where(p => p.Type == PermissionType.AppRole && !string.IsNullOrEmpty(p.Name)).ToList();
            if (roles.Count == 0) return;
            var parts = new List<string>();
            bool admin = false;
            var signIns = Covered(u, index, c, o => o == ActivityOrigins.EntraSignIn);
            string coverage = null;
            if (signIns != null)
            {
                var usedResources = new HashSet<string>(u.Services.Where(kv => InWindow(kv.Value, signIns)).Select(kv => kv.Key), StringComparer.OrdinalIgnoreCase);
                foreach (var g in roles.GroupBy(p => p.Resource ?? "(unknown resource)", StringComparer.OrdinalIgnoreCase))
                {
                    if (usedResources.Contains(g.Key)) continue;
                    parts.Add("no sign-in to " + g.Key + " for its app roles " + string.Join(", ", g.Select(p => p.Name)));
                    admin |= g.Any(p => p.AdminEquivalent);
                }
                coverage = signIns.Describe();
            }
            // Directory changes show in the audit log for the whole tenant: a workload seen signing in that changed
            // nothing there in the window did not use its directory write rights.
            var writes = roles.Where(p => DirectoryWrite.IsMatch(p.Name)).ToList();
            var audit = index.SpanOfOrigin(ActivityOrigins.EntraAudit);
            if (writes.Count > 0 && audit != null && signIns != null)
            {
                var start = c.AsOf.AddDays(-c.P.UnusedPermissionDays);
                var from = audit.From < start ? start : audit.From;
                var to = audit.To > c.AsOf ? c.AsOf : audit.To;
                bool changed = u.LastChange.HasValue && u.LastChange.Value >= from;
                if ((to - from).TotalDays >= c.P.UnusedPermissionMinCoverageDays && !changed)
                {
                    parts.Add("no directory change initiated by it for its write rights " + string.Join(", ", writes.Select(p => p.Name))
                        + " (" + LeastPrivilege.LeastPrivilegeBuilder.Describe("Entra audit log", from, to) + ")");
                    admin |= writes.Any(p => p.AdminEquivalent);
                }
            }
            if (parts.Count == 0) return;
            var used = u.Services.Where(kv => signIns == null || InWindow(kv.Value, signIns)).Select(kv => kv.Key + " (" + kv.Value.Count + " sign-ins)").ToList();
            c.Add(RuleIds.UnusedPermission, admin ? Severity.High : Severity.Medium,
                "Granted but unused in the " + c.P.UnusedPermissionDays + " days to " + Text.Day(c.AsOf) + ": " + string.Join("; ", parts)
                + ". Signed in to: " + (used.Count == 0 ? "nothing" : string.Join(", ", used))
                + (u.DirectoryChanges > 0 ? "; directory changes: " + string.Join(", ", u.Changes.Select(x => x.Value).Distinct()) : "")
                + (coverage != null ? ". " + coverage : "") + ".");
        }

        private static string UseText(ActivityIndex.ServiceUse s)
        {
            var parts = new List<string>();
            if (s.Count > 0) parts.Add(s.Count + " " + Text.Plural((int)Math.Min(s.Count, 2), "call", "calls") + ": " + Short(s.Actions.Keys.Where(a => !a.EndsWith(":*", StringComparison.Ordinal)), s.ActionsCapped));
            if (s.AdvisorLast.HasValue) parts.Add("Access Advisor: last " + Text.Day(s.AdvisorLast.Value));
            return string.Join("; ", parts);
        }

        private static string Short(IEnumerable<string> items, bool capped = false)
        {
            var list = items.OrderBy(x => x, StringComparer.OrdinalIgnoreCase).ToList();
            string s = string.Join(", ", list.Take(6));
            if (list.Count > 6 || capped) s += ", ...";
            return s;
        }
    }
}
