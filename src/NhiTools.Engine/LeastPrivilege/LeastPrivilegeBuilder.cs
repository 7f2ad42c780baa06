using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Analysis;

namespace NhiTools.Engine.LeastPrivilege
{
    /// <summary>
    /// The suggested replacement for what an identity holds, from what the logs show it used in a window, in the way
    /// IAM Access Analyzer's policy generation works from CloudTrail (action level) and Repokid from Access Advisor
    /// (service level). Unknown is never unused: an identity no log names, or logs covering fewer days of the window
    /// than the policy's UnusedPermissionMinCoverageDays, get Status Refused and no suggestion.
    /// </summary>
    public sealed class LeastPrivilegeBuilder
    {
        public const string Ready = "Ready", Refused = "Refused";

        // Graph application permissions whose use shows in the directory audit log (as in ActivityRules).
        private static readonly Regex DirectoryWrite = new Regex(
            @"^(Directory|User|Group|GroupMember|Application|AppRoleAssignment|RoleManagement|Device|Policy|Domain|Organization|AdministrativeUnit|UserAuthenticationMethod)\.[A-Za-z.]*ReadWrite",
            RegexOptions.CultureInvariant);

        private readonly ObservedUse _use;
        private readonly DateTime _from, _to;
        private readonly int _minDays;

        /// <param name="from">Window start (DateTime.MinValue: whatever the logs hold).</param>
        /// <param name="to">Window end (DateTime.MaxValue: whatever the logs hold).</param>
        public LeastPrivilegeBuilder(FindingPolicy policy, DateTime from, DateTime to)
        {
            _from = from;
            _to = to;
            _minDays = (policy ?? FindingPolicy.Default).UnusedPermissionMinCoverageDays;
            _use = new ObservedUse(from, to);
        }

        public long Events => _use.Count;

        public void Add(NhiTools.Activity a) => _use.Add(a);

        public NhiTools.LeastPrivilege Build(Identity identity)
        {
            if (identity == null) throw new ArgumentNullException(nameof(identity));
            var r = new NhiTools.LeastPrivilege { IdentityId = identity.Id, IdentityName = identity.Name, Provider = identity.Provider };
            var u = _use.For(identity);
            if (string.Equals(identity.Provider, "Aws", StringComparison.OrdinalIgnoreCase)) Aws(identity, u, r);
            else if (string.Equals(identity.Provider, "Entra", StringComparison.OrdinalIgnoreCase)) Entra(identity, u, r);
            else Refuse(r, "Least privilege from use is suggested for AWS and Entra identities only; " + identity.Provider + " keeps no activity log NhiTools reads.");
            return r;
        }

        private static void Refuse(NhiTools.LeastPrivilege r, string why)
        {
            r.Status = Refused;
            r.Reason = why;
            r.Keep = Array.Empty<LeastPrivilegeEntry>();
            r.Remove = Array.Empty<LeastPrivilegeEntry>();
            r.Statements = Array.Empty<PolicyStatement>();
            r.PolicyDocument = null;
        }

        /// <summary>The part of the window a span covers, or null.</summary>
        private Cover Clip(string what, DateTime from, DateTime to)
        {
            if (from < _from) from = _from;
            if (to > _to) to = _to;
            return to < from ? null : new Cover { What = what, From = from, To = to };
        }

        internal sealed class Cover
        {
            public string What;
            public DateTime From, To;
            public double Days => (To - From).TotalDays;
            /// <summary>"CloudTrail 2026-08-03..2026-10-31 (90 days)": calendar days, both ends included.</summary>
            public override string ToString() => Describe(What, From, To);
        }

        internal static string Describe(string what, DateTime from, DateTime to) =>
            what + " " + Text.Day(from) + ".." + Text.Day(to) + " (" + ((to.Date - from.Date).Days + 1).ToString(CultureInfo.InvariantCulture) + " days)";

        private string TooShort(IEnumerable<Cover> covers) =>
            "The logs cover too little of the window: " + string.Join("; ", covers.Where(c => c != null).Select(c => c.ToString()))
            + ", fewer than the policy's minimum coverage of " + _minDays + " days (UnusedPermissionMinCoverageDays). No suggestion from a shorter window.";

        private const string NotNamed = "No activity log given names this identity in the window: unknown is not unused, so no replacement is suggested.";

        private void Aws(Identity identity, ObservedUse.Use u, NhiTools.LeastPrivilege r)
        {
            if (u == null || (u.CloudTrailEvents == 0 && !u.AdvisorNamed)) { Refuse(r, NotNamed); return; }
            string account = AccountOf(identity.Id);
            Cover trail = null;
            foreach (var acct in account != null ? new[] { account }.Concat(u.Accounts) : u.Accounts)
            {
                var s = _use.SpanOf(ActivityOrigins.CloudTrail, acct);
                var c = s == null ? null : Clip("CloudTrail", s.From, s.To);
                if (c != null && (trail == null || c.Days > trail.Days)) trail = c;
            }
            Cover advisor = u.AdvisorEnd.HasValue ? Clip("Access Advisor, service level,", u.AdvisorStart.Value, u.AdvisorEnd.Value) : null;
            bool actionLevel = trail != null && trail.Days >= _minDays && u.CloudTrailEvents > 0;
            bool serviceLevel = advisor != null && advisor.Days >= _minDays;
            if (!actionLevel && !serviceLevel)
            {
                Refuse(r, trail == null && advisor == null ? NotNamed : TooShort(new[] { trail, advisor }));
                return;
            }
            var notes = new List<string>();
            var sources = new List<Cover>();
            if (actionLevel) sources.Add(trail);
            if (serviceLevel) sources.Add(advisor);
            Window(r, sources);

            // action -> (resources or null for "*", how it is known)
            var used = new SortedDictionary<string, Observed>(StringComparer.OrdinalIgnoreCase);
            if (actionLevel)
            {
                foreach (var kv in u.Actions)
                    used[kv.Key] = new Observed
                    {
                        Resources = kv.Value.AnyResource || kv.Value.Resources.Count == 0 ? null : kv.Value.Resources.OrderBy(x => x, StringComparer.Ordinal).ToArray(),
                        Detail = "CloudTrail: " + kv.Value.Count + " " + (kv.Value.Count == 1 ? "call" : "calls") + ", last " + Text.Day(kv.Value.Last),
                    };
                foreach (var service in u.Actions.Keys.Select(a => a.Substring(0, a.IndexOf(':'))).Distinct(StringComparer.OrdinalIgnoreCase).Where(IamActions.HasDataEventActions))
                    if (!_use.HasDataEvents(service))
                        notes.Add("The trail holds no " + service + " data events (" + IamActions.DataEventExample(service) + "): if it does not record them, such calls are missing from this policy.");
                foreach (var kv in u.Actions.Where(kv => IamActions.SupportsResources(kv.Key) && (kv.Value.AnyResource || kv.Value.Resources.Count == 0)))
                    notes.Add(kv.Key + " takes resource-level permissions, but the logged calls did not all name a resource (or named more than " + ObservedUse.MaxResourcesPerAction + "): its Resource is left at \"*\".");
            }
            if (serviceLevel)
            {
                // Access Advisor shows a service (or tracked action) used that the trail does not: its data events may
                // not be logged, or it was used outside the trail's period. Kept at the level Access Advisor knows.
                foreach (var kv in u.Advisor.OrderBy(k => k.Key, StringComparer.OrdinalIgnoreCase))
                {
                    bool isAction = kv.Key.IndexOf(':') > 0;
                    string service = isAction ? kv.Key.Substring(0, kv.Key.IndexOf(':')) : kv.Key;
                    if (isAction ? used.ContainsKey(kv.Key) : used.Keys.Any(a => a.StartsWith(service + ":", StringComparison.OrdinalIgnoreCase))) continue;
                    if (!isAction && u.Advisor.Keys.Any(k => k.StartsWith(service + ":", StringComparison.OrdinalIgnoreCase))) continue;
                    string action = isAction ? kv.Key : service + ":*";
                    if (!Regex.IsMatch(service, "^[a-z0-9-]+$")) continue;
                    used[action] = new Observed { Detail = "Access Advisor: last " + Text.Day(kv.Value) + (isAction ? " (action level)" : " (service level)") };
                    notes.Add(action + " is kept from Access Advisor" + (isAction ? "" : ", service level") + ": " + (actionLevel
                        ? "the trail shows no call to " + service + " (are its data events logged?)."
                        : "no CloudTrail covers the window, so actions are not known."));
                }
            }
            foreach (var kv in u.Unmapped.OrderBy(k => k.Key, StringComparer.OrdinalIgnoreCase))
                notes.Add(kv.Key + " (" + kv.Value + " logged) has no known IAM action in NhiTools' table: it is left out of the document; add it by hand if the workload needs it.");
            r.Unmapped = u.Unmapped.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase).ToArray();
            if (used.Count == 0)
            {
                Refuse(r, "The logs name this identity but show no successful call with a known IAM action in the window (" + string.Join("; ", sources) + "); an empty policy is not suggested.");
                r.Unmapped = u.Unmapped.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase).ToArray();
                return;
            }

            r.Status = Ready;
            r.Used = used.Keys.ToArray();
            r.Statements = Statements(used);
            r.PolicyDocument = Json(r.Statements);
            Difference(identity, used, r);
            r.Notes = notes.ToArray();
        }

        private void Window(NhiTools.LeastPrivilege r, List<Cover> sources)
        {
            r.Sources = sources.Select(c => c.ToString()).ToArray();
            var main = sources[0]; // the finest-grained log used: CloudTrail (AWS), the sign-in log (Entra)
            r.WindowStart = main.From;
            r.WindowEnd = main.To;
            r.WindowDays = (main.To.Date - main.From.Date).Days + 1;
        }

        private sealed class Observed
        {
            public string[] Resources; // null: "*"
            public string Detail;
        }

        private static string AccountOf(string id)
        {
            var m = Regex.Match(id ?? "", @"^aws:arn:aws[a-z-]*:iam::(\d{12}):");
            return m.Success ? m.Groups[1].Value : null;
        }

        /// <summary>One statement per service and resource set: actions on "*" first, then each narrowed set.</summary>
        private static PolicyStatement[] Statements(SortedDictionary<string, Observed> used)
        {
            var list = new List<PolicyStatement>();
            foreach (var service in used.GroupBy(kv => kv.Key.Substring(0, kv.Key.IndexOf(':')), StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                int n = 0;
                var sets = service.GroupBy(kv => kv.Value.Resources == null ? "*" : string.Join("\n", kv.Value.Resources), StringComparer.Ordinal)
                    .OrderBy(g => g.Key == "*" ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal);
                foreach (var set in sets)
                {
                    list.Add(new PolicyStatement
                    {
                        Sid = IamActions.Sid(service.Key) + (set.Key == "*" ? "" : "Scoped" + (++n).ToString(CultureInfo.InvariantCulture)),
                        Effect = "Allow",
                        Actions = set.Select(kv => kv.Key).OrderBy(a => a, StringComparer.Ordinal).ToArray(),
                        Resources = set.Key == "*" ? new[] { "*" } : set.First().Value.Resources,
                    });
                }
            }
            return list.ToArray();
        }

        /// <summary>The IAM policy document (Version 2012-10-17), indented; Action and Resource always arrays but a lone "*".</summary>
        internal static string Json(IEnumerable<PolicyStatement> statements)
        {
            using (var ms = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
                {
                    w.WriteStartObject();
                    w.WriteString("Version", "2012-10-17");
                    w.WriteStartArray("Statement");
                    foreach (var s in statements)
                    {
                        w.WriteStartObject();
                        if (s.Sid != null) w.WriteString("Sid", s.Sid);
                        w.WriteString("Effect", s.Effect);
                        w.WriteStartArray("Action");
                        foreach (var a in s.Actions) w.WriteStringValue(a);
                        w.WriteEndArray();
                        if (s.Resources.Length == 1 && s.Resources[0] == "*") w.WriteString("Resource", "*");
                        else
                        {
                            w.WriteStartArray("Resource");
                            foreach (var x in s.Resources) w.WriteStringValue(x);
                            w.WriteEndArray();
                        }
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                return Encoding.UTF8.GetString(ms.ToArray()).Replace("\r\n", "\n");
            }
        }

        /// <summary>Keep: each used action with the policy that grants it today. Remove: each granted pattern beyond the used actions.</summary>
        private static void Difference(Identity identity, SortedDictionary<string, Observed> used, NhiTools.LeastPrivilege r)
        {
            var keep = new List<LeastPrivilegeEntry>();
            var remove = new List<LeastPrivilegeEntry>();
            var granted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in identity.Permissions ?? Array.Empty<Permission>())
            {
                if (p == null) continue;
                string via = p.Via ?? p.Type.ToString();
                var statements = (p.Statements ?? Array.Empty<PolicyStatement>()).Where(s => s != null && s.IsAllow).ToList();
                if (statements.Count == 0 && (p.Actions?.Length ?? 0) > 0)
                    statements.Add(new PolicyStatement { Effect = "Allow", Actions = p.Actions, Resources = new[] { p.Resource ?? "*" } });
                foreach (var s in statements)
                {
                    var patterns = s.NotActions.Length > 0 ? new[] { "*" } : s.Actions;
                    foreach (var pattern in patterns.Where(x => !string.IsNullOrEmpty(x)))
                    {
                        var covered = used.Keys.Where(a => Covers(pattern, a) && !s.NotActions.Any(na => Text.GlobMatch(na, a))).ToList();
                        foreach (var a in covered)
                            if (granted.Add(a)) keep.Add(new LeastPrivilegeEntry { Permission = a, GrantedBy = p.Name, Via = via, Detail = used[a].Detail });
                        string what = s.NotActions.Length > 0 ? "* except " + string.Join(", ", s.NotActions) : pattern;
                        if (covered.Count == 0)
                            remove.Add(new LeastPrivilegeEntry { Permission = what, GrantedBy = p.Name, Via = via, Detail = "not used in the window" });
                        else if (!(covered.Count == 1 && string.Equals(covered[0], pattern, StringComparison.OrdinalIgnoreCase)))
                            remove.Add(new LeastPrivilegeEntry { Permission = what, GrantedBy = p.Name, Via = via, Detail = "only " + string.Join(", ", covered) + " used; the rest is not" });
                    }
                }
            }
            foreach (var a in used.Keys.Where(a => !granted.Contains(a)))
                keep.Add(new LeastPrivilegeEntry { Permission = a, Detail = used[a].Detail + "; not granted by its own policies as exported (a resource policy, or a policy the export lacks)" });
            r.Keep = keep.ToArray();
            r.Remove = remove.ToArray();
        }

        // A service-level entry (s3:*) from Access Advisor is covered by a grant of the whole service or more.
        private static bool Covers(string pattern, string action) =>
            action.EndsWith(":*", StringComparison.Ordinal) ? Text.GlobMatch(pattern, action) || pattern == "*" : Text.GlobMatch(pattern, action);

        private void Entra(Identity identity, ObservedUse.Use u, NhiTools.LeastPrivilege r)
        {
            if (u == null || u.SignIns.Count == 0) { Refuse(r, NotNamed); return; }
            Cover signIns = null;
            foreach (var acct in u.Accounts.DefaultIfEmpty(null))
            {
                var s = _use.SpanOf(ActivityOrigins.EntraSignIn, acct);
                var c = s == null ? null : Clip("Entra sign-in log", s.From, s.To);
                if (c != null && (signIns == null || c.Days > signIns.Days)) signIns = c;
            }
            if (signIns == null || signIns.Days < _minDays) { Refuse(r, signIns == null ? NotNamed : TooShort(new[] { signIns })); return; }
            var auditSpan = _use.SpanOf(ActivityOrigins.EntraAudit, null);
            var audit = auditSpan == null ? null : Clip("Entra audit log", auditSpan.From, auditSpan.To);
            bool auditCovers = audit != null && audit.Days >= _minDays;
            var sources = new List<Cover> { signIns };
            if (audit != null) sources.Add(audit);
            Window(r, sources);

            var keep = new List<LeastPrivilegeEntry>();
            var remove = new List<LeastPrivilegeEntry>();
            var used = new List<string>();
            var notes = new List<string>();
            foreach (var kv in u.SignIns.OrderBy(k => k.Key, StringComparer.OrdinalIgnoreCase))
                used.Add(kv.Key + " (" + kv.Value.Count + " app-only sign-ins, last " + Text.Day(kv.Value.Last) + ")");
            if (u.ChangeCount > 0) used.Add("directory changes: " + string.Join(", ", u.Changes));
            foreach (var p in identity.Permissions ?? Array.Empty<Permission>())
            {
                if (p == null || string.IsNullOrEmpty(p.Name)) continue;
                var e = new LeastPrivilegeEntry { Permission = p.Name, GrantedBy = p.Resource, Via = p.Via ?? p.Type.ToString() };
                switch (p.Type)
                {
                    case PermissionType.AppRole:
                        u.SignIns.TryGetValue(p.Resource ?? "", out var si);
                        if (si == null)
                        {
                            e.Detail = "app role (application permission): no sign-in to " + (p.Resource ?? "its resource") + " in the window";
                            remove.Add(e);
                        }
                        else if (DirectoryWrite.IsMatch(p.Name) && auditCovers && u.ChangeCount == 0)
                        {
                            e.Detail = "app role: signs in to " + p.Resource + ", but the audit log shows no directory change it made, so the write right is unused";
                            remove.Add(e);
                        }
                        else
                        {
                            e.Detail = "app role: " + si.Count + " sign-ins to " + p.Resource + ", last " + Text.Day(si.Last)
                                + (DirectoryWrite.IsMatch(p.Name) && u.ChangeCount > 0 ? "; directory changes: " + string.Join(", ", u.Changes) : "")
                                + " (the sign-in log names the resource app, not the role)";
                            keep.Add(e);
                        }
                        break;
                    case PermissionType.DirectoryRole:
                        if (auditCovers && u.ChangeCount == 0)
                        {
                            e.Detail = "directory role: no directory change made by it in the window";
                            remove.Add(e);
                        }
                        else
                        {
                            e.Detail = "directory role: " + (u.ChangeCount > 0 ? "directory changes: " + string.Join(", ", u.Changes) : "no audit log covers the window, so its use is unknown");
                            keep.Add(e);
                        }
                        break;
                    case PermissionType.DelegatedScope:
                        // App-only sign-ins do not show what users did through the app: unknown, so kept.
                        e.Detail = "delegated scope: its use is unknown (the logs hold app-only sign-ins, which do not show delegated calls); not judged";
                        keep.Add(e);
                        break;
                    default:
                        e.Detail = "not judged from sign-in logs";
                        keep.Add(e);
                        break;
                }
            }
            if (keep.Any(k => k.Detail.StartsWith("delegated scope", StringComparison.Ordinal)))
                notes.Add("Delegated scopes are kept: the sign-in logs given do not show which of them users exercised through this app.");
            r.Status = Ready;
            r.Used = keep.Where(k => !k.Detail.StartsWith("delegated", StringComparison.Ordinal) && !k.Detail.StartsWith("not judged", StringComparison.Ordinal))
                .Select(k => (k.GrantedBy ?? "?") + ": " + k.Permission).Concat(used).ToArray();
            r.Keep = keep.ToArray();
            r.Remove = remove.ToArray();
            r.Notes = notes.ToArray();
        }
    }
}
