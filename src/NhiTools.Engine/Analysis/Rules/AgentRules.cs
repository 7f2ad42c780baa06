using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Agents;

namespace NhiTools.Engine.Analysis.Rules
{
    /// <summary>
    /// The NHI-AGENT-* rules, on an agent whose effective access is resolved (AgentResolver): inherited identities (NHI9),
    /// rights beyond its declarations (NHI5), no owner (NHI1), identities that chain into others (NHI5).
    /// </summary>
    internal static class AgentRules
    {
        public static void Evaluate(Agent a, CompiledPolicy p, RuleContext c)
        {
            string incomplete = a.MissingIdentities != null && a.MissingIdentities.Length > 0
                ? " Registered identities not among the identities given: " + string.Join(", ", a.MissingIdentities) + " (its access may be larger)."
                : "";

            if (c.Wants(RuleIds.AgentUnowned) && string.IsNullOrWhiteSpace(a.Owner))
                c.Add(RuleIds.AgentUnowned, Severity.Medium, (a.IsCandidate ? "Candidate agent " : "Agent ") + a.Name + " has no owner"
                    + (a.IsCandidate ? " (none of its identities names one)" : " registered") + "; it acts through " + string.Join(", ", a.Identities) + ".");

            if (c.Wants(RuleIds.AgentInherited))
                foreach (var h in a.InheritedIdentities ?? Array.Empty<AgentInheritance>())
                {
                    bool shared = h.SharedWith != null && h.SharedWith.Length > 0;
                    var undeclared = (a.UndeclaredPermissions ?? Array.Empty<AgentPermission>())
                        .Where(u => u.Via.Contains(h.IdentityId, StringComparer.OrdinalIgnoreCase)).Select(AgentResolver.Describe).ToList();
                    c.Add(RuleIds.AgentInherited, shared ? Severity.High : Severity.Medium,
                        "Agent " + a.Name + " acts through " + (h.IdentityName ?? h.IdentityId) + " (" + h.IdentityId + "): " + h.Reason
                        + (h.Rights.Length > 0 ? ". Rights it brings: " + string.Join("; ", h.Rights) : ". It holds no permissions of its own")
                        + (undeclared.Count > 0 ? ". Beyond the agent's declarations: " + string.Join("; ", undeclared) : "") + ".");
                }

            if (c.Wants(RuleIds.AgentUnscoped))
            {
                var perms = a.UndeclaredPermissions ?? Array.Empty<AgentPermission>();
                var systems = a.UndeclaredSystems ?? Array.Empty<string>();
                if (perms.Length > 0 || systems.Length > 0)
                {
                    var risky = PermissionClassifier.Classify(perms.Select(ToPermission).ToArray(), p);
                    var severity = risky != null && risky.Any(m => m.Level >= Severity.High) ? Severity.High : Severity.Medium;
                    string declared = a.AllowedPermissions.Length == 0 && a.AllowedSystems.Length == 0 ? "declares no allowed permissions or systems"
                        : "declares " + (a.AllowedPermissions.Length > 0 ? "permissions " + string.Join(", ", a.AllowedPermissions) : "no permissions")
                          + " and " + (a.AllowedSystems.Length > 0 ? "systems " + string.Join(", ", a.AllowedSystems) : "no systems");
                    var parts = perms.Select(u => AgentResolver.Describe(u) + " via " + string.Join(", ", u.Via) + " (" + u.Reason + ")").ToList();
                    c.Add(RuleIds.AgentUnscoped, severity,
                        "Agent " + a.Name + (string.IsNullOrEmpty(a.Purpose) ? "" : " (purpose: " + a.Purpose + ")") + " " + declared + ", but "
                        + (perms.Length > 0 ? perms.Length + " of its " + a.EffectivePermissions.Length + " effective permissions are undeclared: " + string.Join("; ", parts) : "")
                        + (systems.Length > 0 ? (perms.Length > 0 ? "; and it reaches undeclared systems: " : "it reaches undeclared systems: ") + string.Join(", ", systems) : "")
                        + "." + incomplete);
                }
            }

            if (c.Wants(RuleIds.AgentChained) && a.Chains != null && a.Chains.Length > 0)
            {
                bool strong = a.Chains.Any(x => x.Broad);
                c.Add(RuleIds.AgentChained, strong ? Severity.High : Severity.Medium,
                    "Agent " + a.Name + "'s identities chain into " + a.Chains.Length + " further " + Text.Plural(a.Chains.Length, "identity", "identities") + ": "
                    + string.Join("; ", a.Chains.Select(x => x.FromIdentity + " -> " + x.To + " (" + x.Via + ")")) + "." + incomplete);
            }
        }

        /// <summary>Score exposure of an agent: always an AI agent; privileged, unowned and cross-system from its resolved access.</summary>
        public static Exposure ExposureOf(Agent a, CompiledPolicy p)
        {
            var e = Exposure.Agent;
            var risky = PermissionClassifier.Classify((a.EffectivePermissions ?? Array.Empty<AgentPermission>()).Select(ToPermission).ToArray(), p);
            if (risky != null && risky.Any(m => m.Level == Severity.Critical)) e |= Exposure.Privileged;
            if (string.IsNullOrWhiteSpace(a.Owner)) e |= Exposure.Unowned;
            var domains = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var s in a.EffectiveSystems ?? Array.Empty<string>())
                if (s.StartsWith("aws:", StringComparison.OrdinalIgnoreCase) || s.StartsWith("entra:", StringComparison.OrdinalIgnoreCase)) domains.Add(s);
            if (domains.Count > 1) e |= Exposure.CrossSystem;
            return e;
        }

        internal static Permission ToPermission(AgentPermission a) => new Permission
        {
            Name = a.Name, Type = a.Type, Resource = a.Resource, Actions = a.Actions, AdminEquivalent = a.AdminEquivalent,
            Via = string.Join(", ", a.Via ?? Array.Empty<string>()),
        };
    }
}
