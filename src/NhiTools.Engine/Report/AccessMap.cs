using System;
using System.Collections.Generic;
using System.Linq;

namespace NhiTools.Engine.Report
{
    public enum AccessNodeKind { Identity, Credential, System, Owner, Agent }

    /// <summary>One box on the access map.</summary>
    public sealed class AccessNode
    {
        public string Id { get; set; }
        public AccessNodeKind Kind { get; set; }
        public string Label { get; set; }
        public string Provider { get; set; }
        /// <summary>Highest severity among the findings on this node (identities only), null when none.</summary>
        public Severity? MaxSeverity { get; set; }
        public int FindingCount { get; set; }
        /// <summary>What the identity is for (Identity.Purpose), null when unknown.</summary>
        public string Purpose { get; set; }
        /// <summary>Its last access review decision (Identity.LastReviewedOn), null when never reviewed.</summary>
        public DateTime? LastReviewedOn { get; set; }
        /// <summary>Findings on it covered by a live exception (Suppressed), not counted in FindingCount.</summary>
        public int ExceptedCount { get; set; }
        public override string ToString() => Kind + " " + Id;
    }

    /// <summary>
    /// One arrow: owns, has-credential, reaches, can-assume, stored-in, acts-through (registered agent to its identity),
    /// can-escalate (a privilege-escalation path lets the identity make itself admin of that account or tenant).
    /// </summary>
    public sealed class AccessEdge
    {
        public const string Owns = "owns", HasCredential = "has-credential", Reaches = "reaches", CanAssume = "can-assume", StoredIn = "stored-in", ActsThrough = "acts-through", CanEscalate = "can-escalate";
        public string From { get; set; }
        public string To { get; set; }
        public string Kind { get; set; }
        public override string ToString() => From + " -" + Kind + "-> " + To;
    }

    /// <summary>
    /// Who owns what, which credentials each identity has, what it reaches and who can act as it.
    /// Node ids: identities keep their id; credentials are <c>credential:&lt;identityId&gt;/&lt;credentialId&gt;</c>;
    /// owners <c>owner:&lt;name&gt;</c>; systems <c>system:&lt;value&gt;</c> (aws:&lt;account&gt;, entra:&lt;tenant&gt;,
    /// keyvault:&lt;vault&gt;, resource apps, OIDC issuers, foreign accounts). Output is sorted, so the same
    /// input always gives the same graph.
    /// </summary>
    public sealed class AccessGraph
    {
        public IReadOnlyList<AccessNode> Nodes { get; }
        public IReadOnlyList<AccessEdge> Edges { get; }

        private AccessGraph(IReadOnlyList<AccessNode> nodes, IReadOnlyList<AccessEdge> edges) { Nodes = nodes; Edges = edges; }

        public AccessNode Find(string id) => Nodes.FirstOrDefault(n => n.Id == id);

        public static AccessGraph Build(IEnumerable<Identity> ids, IEnumerable<Finding> findings = null) => Build(ids, findings, null);

        /// <summary>
        /// As above, plus registered agents: one node <c>agent:&lt;name&gt;</c> each (kind Agent), an acts-through edge to each
        /// of its identities that is in the input, an owns edge from its owner, and a can-assume edge for each of its chains
        /// between identities of the input. Findings on agent:&lt;name&gt; colour it.
        /// </summary>
        public static AccessGraph Build(IEnumerable<Identity> ids, IEnumerable<Finding> findings, IEnumerable<Agent> agents)
        {
            if (ids == null) throw new ArgumentNullException(nameof(ids));
            var nodes = new Dictionary<string, AccessNode>(StringComparer.Ordinal);
            var edges = new HashSet<(string, string, string)>();
            List<Identity> identities = ids.Where(i => i != null && !string.IsNullOrEmpty(i.Id)).ToList();
            var byId = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var byNativeId = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (Identity i in identities.OrderBy(x => x.Id, StringComparer.Ordinal))
            {
                if (!byId.ContainsKey(i.Id)) byId[i.Id] = i.Id;
                if (!string.IsNullOrEmpty(i.NativeId) && !byNativeId.ContainsKey(i.NativeId)) byNativeId[i.NativeId] = i.Id;
            }

            AccessNode Node(string id, AccessNodeKind kind, string label, string provider)
            {
                if (!nodes.TryGetValue(id, out AccessNode n))
                    nodes[id] = n = new AccessNode { Id = id, Kind = kind, Label = string.IsNullOrEmpty(label) ? id : label, Provider = provider };
                return n;
            }
            string System(string value, string provider, string label = null) =>
                Node("system:" + value, AccessNodeKind.System, label ?? value, provider).Id;

            foreach (Identity i in identities)
            {
                var node = Node(i.Id, i.Kind == IdentityKind.AgentIdentity ? AccessNodeKind.Agent : AccessNodeKind.Identity, i.Name, i.Provider);
                node.Purpose = node.Purpose ?? i.Purpose ?? Governance.Purposes.FromSource(i);
                node.LastReviewedOn = node.LastReviewedOn ?? i.LastReviewedOn;
            }

            foreach (Identity i in identities)
            {
                foreach (string owner in (i.Owners ?? Array.Empty<string>()).Where(o => !string.IsNullOrWhiteSpace(o)))
                {
                    string state = null;
                    i.OwnerStates?.TryGetValue(owner, out state);
                    string label = state != null && !state.Equals("Enabled", StringComparison.OrdinalIgnoreCase) ? owner + " (" + state + ")" : owner;
                    var ownerNode = Node("owner:" + owner, AccessNodeKind.Owner, label, null);
                    // Whichever identity names the owner first, a known Disabled/Deleted state wins: same graph for any order.
                    if (label != owner) ownerNode.Label = label;
                    edges.Add((ownerNode.Id, i.Id, AccessEdge.Owns));
                }
                foreach (Credential c in (i.Credentials ?? Array.Empty<Credential>()).Where(c => c != null))
                {
                    string cid = "credential:" + i.Id + "/" + (c.Id ?? c.Type.ToString());
                    string label = c.Type + " " + (string.IsNullOrEmpty(c.DisplayName) ? c.Id : c.DisplayName + " (" + c.Id + ")");
                    edges.Add((i.Id, Node(cid, AccessNodeKind.Credential, label, i.Provider).Id, AccessEdge.HasCredential));
                    foreach (string store in (c.StoredIn ?? Array.Empty<string>()).Where(s => !string.IsNullOrWhiteSpace(s)))
                    {
                        string target = byId.TryGetValue(store, out string storeId) ? storeId : System(store, "KeyVault");
                        edges.Add((cid, target, AccessEdge.StoredIn));
                    }
                }
                foreach (string sys in SystemsOf(i)) edges.Add((i.Id, System(sys, ProviderOf(sys, i.Provider)), AccessEdge.Reaches));
                // Escalation paths (Analysis.EscalationPaths) end at admin of the identity's own account or tenant.
                if (!string.IsNullOrWhiteSpace(i.Account) && Analysis.EscalationPaths.Find(i).Count > 0)
                {
                    string p = (i.Provider ?? "").ToLowerInvariant();
                    string home = p == "aws" || p == "entra" ? Ids.SystemOf(p, i.Account) : null;
                    if (home != null) edges.Add((i.Id, System(home, ProviderOf(home, i.Provider)), AccessEdge.CanEscalate));
                }
                foreach (string p in (i.AssumableBy ?? Array.Empty<string>()).Where(p => !string.IsNullOrWhiteSpace(p)))
                {
                    string principal = p.Trim();
                    string match = byId.TryGetValue(Ids.Aws(principal), out string m1) ? m1
                        : byId.TryGetValue(principal, out string m2) ? m2
                        : byNativeId.TryGetValue(principal, out string m3) ? m3 : null;
                    if (match == null)
                    {
                        string account = AwsAccountOfRootPrincipal(principal);
                        match = account != null ? System(Ids.AwsAccount(account), "Aws", Ids.AwsAccount(account) + (account != i.Account ? " (foreign account)" : ""))
                            : System(principal, ProviderOf(principal, i.Provider));
                    }
                    if (match != i.Id) edges.Add((match, i.Id, AccessEdge.CanAssume));
                }
            }

            foreach (Agent a in (agents ?? Enumerable.Empty<Agent>()).Where(a => a != null && !string.IsNullOrEmpty(a.Name)).OrderBy(a => a.Name, StringComparer.Ordinal))
            {
                var agentNode = Node("agent:" + a.Name, AccessNodeKind.Agent, a.Name + (a.IsCandidate ? " (candidate agent)" : " (agent)"), "Agent");
                foreach (string id in a.Identities ?? Array.Empty<string>())
                {
                    if (string.IsNullOrWhiteSpace(id)) continue;
                    string target = byId.TryGetValue(id.Trim(), out string t1) ? t1 : byId.TryGetValue(Ids.Aws(id.Trim()), out string t2) ? t2
                        : byNativeId.TryGetValue(id.Trim(), out string t3) ? t3 : null;
                    if (target != null) edges.Add((agentNode.Id, target, AccessEdge.ActsThrough));
                }
                if (!string.IsNullOrWhiteSpace(a.Owner)) edges.Add((Node("owner:" + a.Owner.Trim(), AccessNodeKind.Owner, a.Owner.Trim(), null).Id, agentNode.Id, AccessEdge.Owns));
                // A resolved agent's chains: its identity can become another identity of the map.
                foreach (AgentChain c in a.Chains ?? Array.Empty<AgentChain>())
                    if (c != null && c.FromIdentity != null && c.To != null && byId.TryGetValue(c.FromIdentity, out string from) && byId.TryGetValue(c.To, out string to))
                        edges.Add((from, to, AccessEdge.CanAssume));
            }

            if (findings != null)
                foreach (var g in findings.Where(f => f != null && f.IdentityId != null).GroupBy(f => f.IdentityId, StringComparer.Ordinal))
                    if (nodes.TryGetValue(g.Key, out AccessNode n))
                    {
                        // Excused findings (a live exception) are shown apart: they are accepted risk, not open work.
                        n.ExceptedCount = g.Count(f => f.Suppressed);
                        n.FindingCount = g.Count(f => !f.Suppressed);
                        n.MaxSeverity = n.FindingCount == 0 ? (Severity?)null : g.Where(f => !f.Suppressed).Max(f => f.Severity);
                    }

            var nodeList = nodes.Values.OrderBy(n => n.Kind).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
            var edgeList = edges.OrderBy(e => e.Item1, StringComparer.Ordinal).ThenBy(e => e.Item2, StringComparer.Ordinal).ThenBy(e => e.Item3, StringComparer.Ordinal)
                .Select(e => new AccessEdge { From = e.Item1, To = e.Item2, Kind = e.Item3 }).ToList();
            return new AccessGraph(nodeList, edgeList);
        }

        /// <summary>Systems, the home account/tenant/vault, and resources named by permissions (not "*").</summary>
        private static IEnumerable<string> SystemsOf(Identity i)
        {
            var set = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string s in i.Systems ?? Array.Empty<string>()) if (!string.IsNullOrWhiteSpace(s)) set.Add(s.Trim());
            if (!string.IsNullOrWhiteSpace(i.Account))
            {
                string p = (i.Provider ?? "").ToLowerInvariant();
                string home = Ids.SystemOf(p, i.Account);
                if (home != null) set.Add(home);
            }
            foreach (Permission perm in i.Permissions ?? Array.Empty<Permission>())
                if (perm != null && !string.IsNullOrWhiteSpace(perm.Resource) && perm.Resource.Trim() != "*") set.Add(perm.Resource.Trim());
            return set;
        }

        private static string ProviderOf(string system, string fallback)
        {
            if (system.StartsWith("aws:", StringComparison.OrdinalIgnoreCase) || system.StartsWith("arn:", StringComparison.OrdinalIgnoreCase)) return "Aws";
            if (system.StartsWith("entra:", StringComparison.OrdinalIgnoreCase)) return "Entra";
            if (system.StartsWith("keyvault:", StringComparison.OrdinalIgnoreCase)) return "KeyVault";
            if (system.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || system.Contains("token.actions") || system.Contains("oidc")) return "Oidc";
            return fallback;
        }

        /// <summary>"123456789012" or "arn:aws:iam::123456789012:root" name a whole account; anything else is not an account.</summary>
        private static string AwsAccountOfRootPrincipal(string p)
        {
            if (p.Length == 12 && p.All(char.IsDigit)) return p;
            if (Arn.TryParse(p, out var arn) && arn.IsAccountRoot && arn.Account.Length == 12 && arn.Account.All(char.IsDigit)) return arn.Account;
            return null;
        }
    }
}
