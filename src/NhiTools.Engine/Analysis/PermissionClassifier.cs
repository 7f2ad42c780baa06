using System;
using System.Collections.Generic;

namespace NhiTools.Engine.Analysis
{
    /// <summary>One risky permission and why: level Critical (admin-equivalent), High (high-risk) or Medium (data-wide).</summary>
    internal sealed class PermissionMatch
    {
        public PermissionMatch(Permission permission, Severity level, string reason)
        {
            Permission = permission; Level = level; Reason = reason;
        }
        public Permission Permission { get; }
        public Severity Level { get; }
        public string Reason { get; }

        /// <summary>"iam:PassRole on * (InlinePolicy deploy, direct): high-risk action iam:* ..." for evidence.</summary>
        public string Describe()
        {
            var p = Permission;
            string where = p.Type.ToString() + (string.IsNullOrEmpty(p.Via) ? "" : ", " + p.Via);
            // Action matches already say "on <resource>"; name matches say it when scoped.
            bool byAction = Reason.IndexOf(" action ", System.StringComparison.Ordinal) >= 0;
            string on = byAction || string.IsNullOrEmpty(p.Resource) || p.Resource == "*" ? "" : " on " + p.Resource;
            return p.Name + on + " (" + where + "): " + Reason;
        }
    }

    /// <summary>Sorts permissions into admin-equivalent, high-risk and data-wide using the policy lists.</summary>
    internal static class PermissionClassifier
    {
        public static List<PermissionMatch> Classify(Permission[] permissions, CompiledPolicy p)
        {
            List<PermissionMatch> result = null;
            if (permissions == null) return null;
            StatementGrants grants = null;
            foreach (var perm in permissions)
            {
                if (perm == null) continue;
                PermissionMatch m;
                if (perm.Statements != null && perm.Statements.Length > 0)
                {
                    // The document is known: judge it statement by statement, with every explicit Deny the identity holds.
                    grants = grants ?? new StatementGrants(permissions);
                    m = Stronger(ByStatements(perm, grants, p), ByName(perm, p));
                }
                else m = ClassifyOne(perm, p);
                if (m != null) (result ?? (result = new List<PermissionMatch>())).Add(m);
            }
            return result;
        }

        private static PermissionMatch Stronger(PermissionMatch a, PermissionMatch b) => a == null ? b : b == null || a.Level >= b.Level ? a : b;

        /// <summary>The policy-file name lists (PrivilegedPermissions, HighRiskPermissions, DataWidePermissions) alone.</summary>
        private static PermissionMatch ByName(Permission perm, CompiledPolicy p)
        {
            string name = perm.Name ?? string.Empty;
            if (p.PrivilegedNames.Contains(name)) return new PermissionMatch(perm, Severity.Critical, "admin-equivalent (" + name + ")");
            if (p.HighRiskNames.Contains(name)) return new PermissionMatch(perm, Severity.High, "high-risk (" + name + ")");
            if (p.DataWideNames.Contains(name)) return new PermissionMatch(perm, Severity.Medium, "tenant-wide data access (" + name + ")");
            return null;
        }

        /// <summary>
        /// The strongest grant among the policy's Allow statements, each with its own resources: a risky action only
        /// counts on a broad resource, only when no explicit Deny takes it away, and a statement with a condition
        /// (source account, principal tag, MFA, source VPC, passed-to service...) is named and graded one level lower.
        /// </summary>
        private static PermissionMatch ByStatements(Permission perm, StatementGrants grants, CompiledPolicy p)
        {
            PermissionMatch best = null;
            var statements = perm.Statements;
            for (int i = 0; i < statements.Length; i++)
            {
                var s = statements[i];
                if (s == null || !s.IsAllow || !StatementGrants.BroadResource(s)) continue;
                var m = OneStatement(perm, s, statements.Length > 1 ? i + 1 : 0, grants, p);
                best = Stronger(best, m);
                if (best != null && best.Level == Severity.Critical && s.Conditions.Length == 0) break;
            }
            return best;
        }

        private static PermissionMatch OneStatement(Permission perm, PolicyStatement s, int number, StatementGrants grants, CompiledPolicy p)
        {
            string on = StatementGrants.ResourceText(s);
            Severity level;
            string reason;
            string action, risky;
            if ((action = Granted(s, p.PrivilegedActions, grants, out risky)) != null)
            { level = Severity.Critical; reason = "admin-equivalent action " + action + Grants(action, risky) + " on " + on; }
            else if ((action = Granted(s, p.HighRiskActions, grants, out risky)) != null)
            { level = Severity.High; reason = "high-risk action " + action + Grants(action, risky) + " on " + on; }
            else if (s.NotActions.Length > 0)
            { level = Severity.High; reason = "broad grant: every action except " + string.Join(", ", s.NotActions) + " on " + on; }
            else if ((action = WholeService(s.Actions)) != null && grants.Granting(s, action, out _) != null)
            { level = Severity.High; reason = "every action of a service (" + action + ") on " + on; }
            else if ((action = Granted(s, p.DataWideActions, grants, out risky)) != null)
            { level = Severity.Medium; reason = "account-wide data action " + action + Grants(action, risky) + " on " + on; }
            else return null;

            if (s.NotActions.Length > 0 && reason.IndexOf("every action except", StringComparison.Ordinal) < 0)
                reason += " (NotAction " + string.Join(", ", s.NotActions) + ")";
            if (number > 0) reason += " [statement " + number + (string.IsNullOrEmpty(s.Sid) ? "" : " " + s.Sid) + "]";
            var denied = Denied(s, grants);
            if (denied != null) reason += "; explicit Deny of " + denied + " subtracted";
            if (s.Conditions.Length > 0)
            {
                reason += "; only when " + string.Join(" and ", s.Conditions) + " (condition narrows the grant, graded one level lower)";
                level = level > Severity.Low ? level - 1 : level;
            }
            return new PermissionMatch(perm, level, reason);
        }

        /// <summary>The statement's pattern granting one of the risky actions (not denied), or null.</summary>
        private static string Granted(PolicyStatement s, string[] riskyActions, StatementGrants grants, out string risky)
        {
            risky = null;
            foreach (var r in riskyActions)
            {
                var by = grants.Granting(s, r, out _);
                if (by != null) { risky = r; return by; }
            }
            return null;
        }

        /// <summary>Denied action patterns that overlap this statement's grant, for evidence ("iam:*"); null when none.</summary>
        private static string Denied(PolicyStatement s, StatementGrants grants)
        {
            List<string> hit = null;
            foreach (var d in grants.Denies)
                foreach (var a in d.NotActions.Length > 0 ? new[] { "all but " + string.Join("/", d.NotActions) } : d.Actions)
                {
                    bool overlaps = d.NotActions.Length > 0 || s.NotActions.Length > 0 || Array.Exists(s.Actions, x => StatementGrants.Overlaps(x, a));
                    if (overlaps && (hit ?? (hit = new List<string>())).IndexOf(a) < 0) hit.Add(a);
                }
            return hit == null ? null : string.Join(", ", hit);
        }

        private static PermissionMatch ClassifyOne(Permission perm, CompiledPolicy p)
        {
            string name = perm.Name ?? string.Empty;
            string action = Covering(perm.Actions, p.PrivilegedActions, out var risky);
            if (action != null) return new PermissionMatch(perm, Severity.Critical, "admin-equivalent action " + action + Grants(action, risky) + " on " + Resource(perm));
            if (p.PrivilegedNames.Contains(name)) return new PermissionMatch(perm, Severity.Critical, "admin-equivalent (" + name + ")");
            if (perm.AdminEquivalent)
                return new PermissionMatch(perm, Severity.Critical, "admin-equivalent (as the source marks it" + (perm.Actions != null && perm.Actions.Length > 0 && perm.Actions.Length <= 5 ? ": " + string.Join(", ", perm.Actions) : "") + ")");

            bool wildcard = IsWildcardResource(perm.Resource);
            if (p.HighRiskNames.Contains(name)) return new PermissionMatch(perm, Severity.High, "high-risk (" + name + ")");
            if (wildcard && (action = Covering(perm.Actions, p.HighRiskActions, out risky)) != null)
                return new PermissionMatch(perm, Severity.High, "high-risk action " + action + Grants(action, risky) + " on " + perm.Resource);

            if (wildcard && (action = WholeService(perm.Actions)) != null)
                return new PermissionMatch(perm, Severity.High, "every action of a service (" + action + ") on " + perm.Resource);

            if (p.DataWideNames.Contains(name)) return new PermissionMatch(perm, Severity.Medium, "tenant-wide data access (" + name + ")");
            if (wildcard && (action = Covering(perm.Actions, p.DataWideActions, out risky)) != null)
                return new PermissionMatch(perm, Severity.Medium, "account-wide data action " + action + Grants(action, risky) + " on " + perm.Resource);
            return null;
        }

        /// <summary>A granted "service:*" (every action of one service), or null.</summary>
        private static string WholeService(string[] granted)
        {
            if (granted == null) return null;
            foreach (var g in granted)
            {
                if (g == null || g.Length < 3 || !g.EndsWith(":*", System.StringComparison.Ordinal)) continue;
                string service = g.Substring(0, g.Length - 2);
                if (service.Length > 0 && service.IndexOf('*') < 0 && service.IndexOf(':') < 0) return g;
            }
            return null;
        }

        private static string Grants(string granted, string risky) =>
            string.Equals(granted, risky, System.StringComparison.OrdinalIgnoreCase) ? "" : " (grants " + risky + ")";

        private static string Resource(Permission perm) => string.IsNullOrEmpty(perm.Resource) ? "any resource" : perm.Resource;

        /// <summary>
        /// Whether a resource pattern means "all of them": *, an ARN whose service, account or resource part is *,
        /// or a whole resource type (role/*, table/*). A scoped pattern (arn:aws:s3:::reports/*, role/app-*) is not.
        /// Null/empty means unknown, never wildcard: unknown is not evidence.
        /// </summary>
        internal static bool IsWildcardResource(string resource)
        {
            if (string.IsNullOrEmpty(resource) || resource.IndexOf('*') < 0) return false;
            string r = resource.Trim();
            if (r == "*") return true;
            if (!r.StartsWith("arn:", System.StringComparison.OrdinalIgnoreCase)) return r.Trim('*', '/').Length == 0;
            var parts = r.Split(new[] { ':' }, 6);
            if (parts.Length < 6) return true; // arn:aws:* and the like
            string service = parts[2], account = parts[4], rest = parts[5];
            if (service == "*" || account == "*") return true;
            if (rest.StartsWith("*", System.StringComparison.Ordinal)) return true;
            if (service.Equals("s3", System.StringComparison.OrdinalIgnoreCase)) return false; // bucket/* is one bucket
            int sep = rest.IndexOfAny(new[] { '/', ':' });
            return sep > 0 && rest.Substring(sep + 1).Trim('*', '/').Length == 0 && rest.Substring(sep + 1).Length > 0;
        }

        /// <summary>The first granted action pattern that covers one of the risky actions (a granted iam:* covers iam:PassRole and iam:*).</summary>
        private static string Covering(string[] granted, string[] riskyActions, out string risky)
        {
            risky = null;
            if (granted == null || granted.Length == 0) return null;
            foreach (var g in granted)
            {
                if (string.IsNullOrEmpty(g)) continue;
                foreach (var r in riskyActions)
                    if (Text.GlobMatch(g, r)) { risky = r; return g; }
            }
            return null;
        }
    }
}
