using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Analysis;

namespace NhiTools.Engine.Agents
{
    /// <summary>
    /// What agent analysis needs to know about the estate, gathered as identities stream past: the agents' own
    /// identities in full, and only compact facts about the rest (role ARNs and who their trust names, which vault
    /// secret holds whose credential). Lets Get-NhiFinding evaluate agents without holding the whole estate.
    /// </summary>
    public sealed class AgentIndex
    {
        /// <summary>The little kept of an identity an agent may chain into.</summary>
        internal sealed class Target
        {
            public string Id, Name, NativeId;
            public IdentityKind Kind;
            /// <summary>Its strongest risky permission ("admin-equivalent (AdministratorAccess)"), or null.</summary>
            public string Privilege;
            public Severity? PrivilegeLevel;
        }

        private readonly HashSet<string> wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Identity> agentIdentities = new Dictionary<string, Identity>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Identity> byNativeId = new Dictionary<string, Identity>(StringComparer.OrdinalIgnoreCase);
        private readonly CompiledPolicy policy;

        /// <summary>Roles by ARN (AWS roles an sts:AssumeRole resource can name).</summary>
        internal readonly Dictionary<string, Target> Roles = new Dictionary<string, Target>(StringComparer.OrdinalIgnoreCase);
        /// <summary>Trust principal (ARN or id, as written in AssumableBy) -> roles whose trust names it.</summary>
        internal readonly Dictionary<string, List<Target>> TrustedBy = new Dictionary<string, List<Target>>(StringComparer.OrdinalIgnoreCase);
        /// <summary>Vault secret id (keyvault:&lt;vault&gt;/&lt;name&gt;) -> identities whose credential it stores, with the credential id.</summary>
        internal readonly Dictionary<string, List<KeyValuePair<Target, string>>> SecretHolders = new Dictionary<string, List<KeyValuePair<Target, string>>>(StringComparer.OrdinalIgnoreCase);

        public AgentIndex(IEnumerable<Agent> agents, FindingPolicy policy = null)
        {
            this.policy = new CompiledPolicy(policy ?? FindingPolicy.Default);
            foreach (var agent in agents ?? Enumerable.Empty<Agent>())
                foreach (var id in agent?.Identities ?? Array.Empty<string>())
                    if (!string.IsNullOrWhiteSpace(id)) wanted.Add(id.Trim());
        }

        internal CompiledPolicy Policy => policy;
        public int IdentitiesSeen { get; private set; }

        public void Add(Identity i)
        {
            if (i == null || string.IsNullOrEmpty(i.Id)) return;
            IdentitiesSeen++;
            bool mine = wanted.Contains(i.Id) || (i.NativeId != null && wanted.Contains(i.NativeId));
            if (mine)
            {
                agentIdentities[i.Id] = i;
                if (!string.IsNullOrEmpty(i.NativeId)) byNativeId[i.NativeId] = i;
            }

            Target me = null;
            Target Me()
            {
                if (me != null) return me;
                me = new Target { Id = i.Id, Name = i.Name, NativeId = i.NativeId, Kind = i.Kind };
                var risky = PermissionClassifier.Classify(i.Permissions, policy);
                if (risky != null && risky.Count > 0)
                {
                    var top = risky.OrderByDescending(m => m.Level).First();
                    me.Privilege = top.Describe();
                    me.PrivilegeLevel = top.Level;
                }
                return me;
            }

            if (i.Kind == IdentityKind.IamRole && !string.IsNullOrEmpty(i.NativeId)) Roles[i.NativeId] = Me();
            foreach (var principal in i.AssumableBy ?? Array.Empty<string>())
            {
                if (string.IsNullOrWhiteSpace(principal)) continue;
                if (!TrustedBy.TryGetValue(principal.Trim(), out var list)) TrustedBy[principal.Trim()] = list = new List<Target>(1);
                list.Add(Me());
            }
            foreach (var c in i.Credentials ?? Array.Empty<Credential>())
                foreach (var s in c?.StoredIn ?? Array.Empty<string>())
                {
                    if (string.IsNullOrWhiteSpace(s)) continue;
                    if (!SecretHolders.TryGetValue(s, out var holders)) SecretHolders[s] = holders = new List<KeyValuePair<Target, string>>(1);
                    holders.Add(new KeyValuePair<Target, string>(Me(), c.Id));
                }
        }

        /// <summary>The identity registered under <paramref name="id"/>: its id, its native id (ARN, appId), or an ARN without the aws: prefix.</summary>
        public Identity Find(string id)
        {
            if (string.IsNullOrWhiteSpace(id)) return null;
            id = id.Trim();
            if (agentIdentities.TryGetValue(id, out var i)) return i;
            if (byNativeId.TryGetValue(id, out i)) return i;
            return id.StartsWith("arn:", StringComparison.OrdinalIgnoreCase) && agentIdentities.TryGetValue(Ids.Aws(id), out i) ? i : null;
        }
    }
}
