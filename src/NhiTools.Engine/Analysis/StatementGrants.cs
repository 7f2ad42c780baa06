using System;
using System.Collections.Generic;

namespace NhiTools.Engine.Analysis
{
    /// <summary>
    /// What AWS policy statements grant, statement by statement: an Allow grants its actions (or every action but
    /// its NotActions) on its own resources; an unconditional explicit Deny anywhere in the identity's policies
    /// subtracts. A wildcard action ("iam:*") counts as granted only when nothing excludes any part of it, so
    /// Allow iam:* + Deny iam:PassRole no longer holds all of iam:*.
    /// </summary>
    internal sealed class StatementGrants
    {
        private readonly List<PolicyStatement> _denies = new List<PolicyStatement>();

        public StatementGrants(IEnumerable<Permission> permissions)
        {
            if (permissions == null) return;
            foreach (var p in permissions)
                foreach (var s in p?.Statements ?? Array.Empty<PolicyStatement>())
                    if (s != null && !s.IsAllow && s.Conditions.Length == 0) _denies.Add(s); // a conditional Deny may not apply
        }

        public StatementGrants(IEnumerable<PolicyStatement> statements)
        {
            foreach (var s in statements ?? Array.Empty<PolicyStatement>())
                if (s != null && !s.IsAllow && s.Conditions.Length == 0) _denies.Add(s);
        }

        /// <summary>The Deny statements taken into account (unconditional ones).</summary>
        public IReadOnlyList<PolicyStatement> Denies => _denies;

        /// <summary>
        /// The statement's pattern that grants the whole of <paramref name="action"/> (which may itself be a wildcard),
        /// or null. <paramref name="deniedBy"/> names a Deny that took it away.
        /// </summary>
        public string Granting(PolicyStatement allow, string action, out PolicyStatement deniedBy)
        {
            deniedBy = null;
            if (allow == null || !allow.IsAllow || string.IsNullOrEmpty(action)) return null;
            string by = null;
            if (allow.NotActions.Length > 0)
            {
                foreach (var na in allow.NotActions) if (Overlaps(na, action)) return null;
                by = "*";
            }
            else
            {
                foreach (var a in allow.Actions) if (!string.IsNullOrEmpty(a) && Text.GlobMatch(a, action)) { by = a; break; }
                if (by == null) return null;
            }
            foreach (var d in _denies)
                if (DenyHits(d, action, allow)) { deniedBy = d; return null; }
            return by;
        }

        /// <summary>Whether the Allow's resources are all resources (or a whole type): "*", role/*, or a NotResource.</summary>
        public static bool BroadResource(PolicyStatement allow) =>
            allow.NotResources.Length > 0 || Array.Exists(allow.Resources, PermissionClassifier.IsWildcardResource);

        /// <summary>"*" or the resources as written, for evidence.</summary>
        public static string ResourceText(PolicyStatement s) =>
            s.NotResources.Length > 0 ? "every resource except " + string.Join(", ", s.NotResources)
            : Array.IndexOf(s.Resources, "*") >= 0 ? "*" : string.Join(", ", s.Resources);

        private static bool DenyHits(PolicyStatement d, string action, PolicyStatement allow)
        {
            bool actionHit;
            if (d.NotActions.Length > 0)
            {
                actionHit = true;
                foreach (var na in d.NotActions) if (Text.GlobMatch(na, action)) { actionHit = false; break; }
            }
            else
            {
                actionHit = false;
                foreach (var a in d.Actions) if (!string.IsNullOrEmpty(a) && Overlaps(a, action)) { actionHit = true; break; }
            }
            if (!actionHit || d.NotResources.Length > 0) return false;
            // The Deny must cover every resource the Allow names ("*" covers all).
            if (Array.IndexOf(d.Resources, "*") >= 0) return true;
            if (allow.NotResources.Length > 0 || allow.Resources.Length == 0) return false;
            foreach (var r in allow.Resources)
            {
                bool covered = false;
                foreach (var dr in d.Resources) if (Text.GlobMatch(dr, r)) { covered = true; break; }
                if (!covered) return false;
            }
            return true;
        }

        /// <summary>Two action patterns share at least one action (approximately: one matches the other).</summary>
        internal static bool Overlaps(string a, string b) => Text.GlobMatch(a, b) || Text.GlobMatch(b, a);
    }
}
