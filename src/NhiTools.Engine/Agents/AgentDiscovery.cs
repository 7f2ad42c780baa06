using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Analysis;

namespace NhiTools.Engine.Agents
{
    /// <summary>
    /// Finds likely AI agents nobody registered: Entra Agent ID identities and blueprints, identities tagged as an
    /// agent's, identities whose rights reach AI model endpoints, and names with agent words. Reported as candidates
    /// (IsCandidate, CandidateReason), never registered. Identities tagged with one agent name form one candidate;
    /// every other match is a candidate of its own. Identities already part of a registered agent are left out.
    /// </summary>
    public sealed class AgentDiscovery
    {
        private readonly FindingPolicy policy;
        private readonly HashSet<string> agentWords;
        private readonly HashSet<string> modelNames;
        private readonly HashSet<string> registered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Agent> byName = new Dictionary<string, Agent>(StringComparer.OrdinalIgnoreCase);
        private readonly List<Agent> order = new List<Agent>();

        public AgentDiscovery(FindingPolicy policy, IEnumerable<Agent> registeredAgents)
        {
            this.policy = policy ?? FindingPolicy.Default;
            agentWords = new HashSet<string>(this.policy.AgentWords, StringComparer.OrdinalIgnoreCase);
            modelNames = new HashSet<string>(this.policy.ModelEndpointPermissions, StringComparer.OrdinalIgnoreCase);
            foreach (var a in registeredAgents ?? Enumerable.Empty<Agent>())
                foreach (var id in a?.Identities ?? Array.Empty<string>())
                    if (!string.IsNullOrWhiteSpace(id)) registered.Add(id.Trim());
        }

        public void Add(Identity i)
        {
            if (i == null || string.IsNullOrEmpty(i.Id) || !i.Enabled || i.Kind == IdentityKind.Human || i.Kind == IdentityKind.RootAccount) return;
            if (registered.Contains(i.Id) || (i.NativeId != null && registered.Contains(i.NativeId))) return;
            var reasons = Reasons(i, out var taggedName);
            if (reasons.Count == 0) return;
            string name = taggedName ?? i.Name ?? i.Id;
            if (!byName.TryGetValue(name, out var candidate))
            {
                byName[name] = candidate = new Agent { Name = name, IsCandidate = true };
                order.Add(candidate);
            }
            candidate.Identities = candidate.Identities.Concat(new[] { i.Id }).ToArray();
            if (candidate.Owner == null && i.Owners != null && i.Owners.Length > 0) candidate.Owner = i.Owners[0];
            string line = (i.Name ?? i.Id) + ": " + string.Join("; ", reasons);
            candidate.CandidateReason = candidate.CandidateReason == null ? line : candidate.CandidateReason + " | " + line;
        }

        /// <summary>The candidates, strongest evidence first (several identities, then by name).</summary>
        public IReadOnlyList<Agent> Candidates() =>
            order.OrderByDescending(a => a.Identities.Length).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>Why an identity looks like an agent's; <paramref name="taggedName"/> is the agent name a tag gives.</summary>
        internal List<string> Reasons(Identity i, out string taggedName)
        {
            taggedName = null;
            var reasons = new List<string>();
            if (i.Kind == IdentityKind.AgentIdentity) reasons.Add("Entra Agent ID identity or blueprint (kind AgentIdentity)");

            var tags = i.Tags ?? new Dictionary<string, string>();
            foreach (var key in policy.AgentTagKeys)
            {
                if (!tags.TryGetValue(key, out var v) || string.IsNullOrWhiteSpace(v) || IsNo(v)) continue;
                reasons.Add("tag " + key + "=" + v);
                if (!IsYes(v) && taggedName == null) taggedName = v.Trim();
                break;
            }

            var model = ModelEndpoint(i);
            if (model != null) reasons.Add("reaches AI models: " + model);

            if (reasons.Count == 0)
            {
                var word = Text.Words(i.Name).FirstOrDefault(agentWords.Contains);
                if (word != null) reasons.Add("name word '" + word + "' (weak: a name alone)");
            }
            return reasons;
        }

        /// <summary>The first permission reaching a model endpoint, described, or null.</summary>
        internal string ModelEndpoint(Identity i)
        {
            foreach (var perm in i.Permissions ?? Array.Empty<Permission>())
            {
                if (perm == null) continue;
                if (perm.Name != null && modelNames.Contains(perm.Name)) return perm.Name + (string.IsNullOrEmpty(perm.Resource) ? "" : " on " + perm.Resource);
                if (perm.Resource != null && modelNames.Contains(perm.Resource)) return perm.Name + " on " + perm.Resource;
                foreach (var granted in perm.Actions ?? Array.Empty<string>())
                {
                    // A bare * or *:* is every service: an admin, not evidence of an agent.
                    int colon = granted?.IndexOf(':') ?? -1;
                    if (colon <= 0 || granted.Substring(0, colon).IndexOf('*') >= 0) continue;
                    var hit = policy.ModelEndpointActions.FirstOrDefault(x => Text.GlobMatch(granted, x));
                    if (hit != null) return granted + (string.Equals(granted, hit, StringComparison.OrdinalIgnoreCase) ? "" : " (grants " + hit + ")") + " in " + perm.Name;
                }
            }
            return null;
        }

        private static bool IsYes(string v) => v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("yes", StringComparison.OrdinalIgnoreCase) || v.Trim() == "1";
        private static bool IsNo(string v) => v.Equals("false", StringComparison.OrdinalIgnoreCase) || v.Equals("no", StringComparison.OrdinalIgnoreCase) || v.Trim() == "0";
    }
}
