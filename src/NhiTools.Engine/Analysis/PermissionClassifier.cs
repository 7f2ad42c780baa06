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
            foreach (var perm in permissions)
            {
                if (perm == null) continue;
                var m = ClassifyOne(perm, p);
                if (m != null) (result ?? (result = new List<PermissionMatch>())).Add(m);
            }
            return result;
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
