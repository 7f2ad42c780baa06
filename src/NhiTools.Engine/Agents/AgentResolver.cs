using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Analysis;

namespace NhiTools.Engine.Agents
{
    /// <summary>
    /// Works out what a registered agent can do through its identities: the union of their permissions and systems
    /// (each with the identities that grant it), what goes beyond its declarations, which identities it inherited
    /// (shared, or older than the agent with rights of their own) and where its identities chain to.
    /// Never reads the clock: "older than the agent" compares CreatedOn with the agent's RegisteredOn.
    /// </summary>
    public static class AgentResolver
    {
        private const string AssumeRole = "sts:AssumeRole";
        private static readonly string[] VaultReadActions = { "Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action" };
        private static readonly string[] VaultReadRoles = { "Key Vault Secrets User", "Key Vault Secrets Officer", "Key Vault Administrator" };

        /// <summary>Resolves every agent against one index. Agents are copied: the registrations passed in are not changed.</summary>
        public static IReadOnlyList<Agent> Resolve(IEnumerable<Agent> agents, AgentIndex index)
        {
            if (agents == null) throw new ArgumentNullException(nameof(agents));
            if (index == null) throw new ArgumentNullException(nameof(index));
            var list = agents.Where(a => a != null).ToList();
            // Which registered agents use each identity: sharing between agents is itself inheritance.
            var users = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var a in list)
                foreach (var id in a.Identities ?? Array.Empty<string>())
                {
                    var key = index.Find(id)?.Id ?? id;
                    if (!users.TryGetValue(key, out var names)) users[key] = names = new List<string>();
                    if (!names.Contains(a.Name, StringComparer.OrdinalIgnoreCase)) names.Add(a.Name);
                }
            return list.Select(a => ResolveOne(a, index, users)).ToList();
        }

        private static Agent ResolveOne(Agent registration, AgentIndex index, Dictionary<string, List<string>> users)
        {
            var p = index.Policy;
            var a = Copy(registration);
            var identities = new List<Identity>();
            var missing = new List<string>();
            foreach (var id in a.Identities)
            {
                var i = index.Find(id);
                if (i == null) missing.Add(id);
                else if (!identities.Contains(i)) identities.Add(i);
            }
            a.MissingIdentities = missing.ToArray();
            a.Resolved = true;

            var systems = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            var perms = new Dictionary<string, AgentPermission>(StringComparer.OrdinalIgnoreCase);
            var order = new List<AgentPermission>();
            var undeclared = new Dictionary<AgentPermission, string>();
            bool declaresNothing = a.AllowedPermissions.Length == 0 && a.AllowedSystems.Length == 0;
            foreach (var i in identities)
            {
                // A disabled identity cannot act: it adds no access (it is still the agent's, not missing).
                if (!i.Enabled) continue;
                foreach (var s in SystemsOf(i)) systems.Add(s);
                foreach (var perm in i.Permissions ?? Array.Empty<Permission>())
                {
                    if (perm == null) continue;
                    var key = Key(perm);
                    if (!perms.TryGetValue(key, out var ap))
                    {
                        perms[key] = ap = new AgentPermission
                        {
                            Name = perm.Name, Type = perm.Type, Resource = perm.Resource, Actions = perm.Actions ?? Array.Empty<string>(),
                            AdminEquivalent = perm.AdminEquivalent,
                        };
                        order.Add(ap);
                    }
                    if (!ap.Via.Contains(i.Id, StringComparer.OrdinalIgnoreCase)) ap.Via = ap.Via.Concat(new[] { i.Id }).ToArray();
                    ap.AdminEquivalent |= perm.AdminEquivalent;
                    if (undeclared.ContainsKey(ap)) continue;
                    var why = declaresNothing ? "the agent declares no allowed permissions or systems" : Undeclared(perm, i, a);
                    if (why != null) undeclared[ap] = why;
                }
            }
            a.EffectiveSystems = systems.ToArray();
            a.EffectivePermissions = order.ToArray();
            foreach (var kv in undeclared) kv.Key.Reason = kv.Value;
            a.UndeclaredPermissions = order.Where(undeclared.ContainsKey).ToArray();
            a.UndeclaredSystems = a.AllowedSystems.Length == 0 ? Array.Empty<string>()
                : systems.Where(s => !a.AllowedSystems.Any(pattern => Text.GlobMatch(pattern, s))).ToArray();

            a.InheritedIdentities = identities.Select(i => Inheritance(a, i, users, p)).Where(x => x != null).ToArray();
            var own = new HashSet<string>(identities.Select(i => i.Id), StringComparer.OrdinalIgnoreCase);
            a.Chains = identities.Where(i => i.Enabled).SelectMany(i => Chains(i, index, own)).ToArray();
            return a;
        }

        /// <summary>Why a permission held through <paramref name="i"/> is beyond the agent's declarations, or null when declared.</summary>
        internal static string Undeclared(Permission perm, Identity i, Agent a)
        {
            string why = null;
            if (a.AllowedPermissions.Length > 0 && !Matches(a.AllowedPermissions, perm.Name))
            {
                var actions = perm.Actions ?? Array.Empty<string>();
                var outside = actions.Where(x => !string.IsNullOrEmpty(x) && !Matches(a.AllowedPermissions, x)).ToList();
                if (actions.Length == 0) why = "'" + perm.Name + "' is not in AllowedPermissions";
                else if (outside.Count > 0) why = "actions not in AllowedPermissions: " + string.Join(", ", outside);
            }
            if (a.AllowedSystems.Length > 0)
            {
                var outside = Targets(perm, i).Where(t => !t.Value.Any(x => Matches(a.AllowedSystems, x))).Select(t => t.Key).ToList();
                if (outside.Count > 0) why = (why == null ? "" : why + "; ") + "reaches beyond AllowedSystems: " + string.Join(", ", outside);
            }
            return why;
        }

        private static bool Matches(string[] patterns, string value) =>
            !string.IsNullOrEmpty(value) && patterns.Any(p => Text.GlobMatch(p, value));

        /// <summary>
        /// Each resource a permission names, with the forms a system declaration may match: the resource itself and its
        /// system (aws:&lt;account&gt; of an ARN; the identity's home for * or an account-less ARN).
        /// </summary>
        private static IEnumerable<KeyValuePair<string, string[]>> Targets(Permission perm, Identity i)
        {
            string home = Home(i);
            var resources = string.IsNullOrWhiteSpace(perm.Resource) ? new[] { "*" }
                : perm.Resource.Split(',').Select(r => r.Trim()).Where(r => r.Length > 0).ToArray();
            foreach (var r in resources)
            {
                var forms = new List<string> { r };
                string account = ArnAccount(r);
                if (account != null && account != "*") forms.Add(Ids.AwsAccount(account));
                // *, an account-less ARN (s3) or a resource app of the tenant: the identity's own account or tenant.
                else if (home != null) forms.Add(home);
                yield return new KeyValuePair<string, string[]>(r == "*" ? "* (" + (home ?? "everything") + ")" : r, forms.ToArray());
            }
        }

        /// <summary>Account part of an ARN (arn:partition:service:region:account:resource), null when not an ARN or empty.</summary>
        internal static string ArnAccount(string arn)
        {
            return Arn.AccountOf(arn);
        }

        /// <summary>The account, tenant or vault an identity lives in, as a system: aws:&lt;account&gt;, entra:&lt;tenant&gt;, keyvault:&lt;vault&gt;.</summary>
        internal static string Home(Identity i)
        {
            return string.IsNullOrEmpty(i.Account) ? null : Ids.SystemOf(i.Provider, i.Account);
        }

        /// <summary>
        /// What an identity reaches: its home and its Systems, except vaults that merely store one of its credentials
        /// (an app whose secret sits in kv-prod does not reach kv-prod).
        /// </summary>
        internal static IEnumerable<string> SystemsOf(Identity i)
        {
            var home = Home(i);
            if (home != null) yield return home;
            bool secret = string.Equals(i.Provider, "KeyVault", StringComparison.OrdinalIgnoreCase);
            foreach (var s in i.Systems ?? Array.Empty<string>())
            {
                if (string.IsNullOrWhiteSpace(s)) continue;
                if (!secret && s.StartsWith("keyvault:", StringComparison.OrdinalIgnoreCase)) continue;
                yield return s.Trim();
            }
        }

        private static AgentInheritance Inheritance(Agent a, Identity i, Dictionary<string, List<string>> users, CompiledPolicy p)
        {
            var shared = new List<string>();
            if (users.TryGetValue(i.Id, out var agents))
                shared.AddRange(agents.Where(n => !string.Equals(n, a.Name, StringComparison.OrdinalIgnoreCase)).Select(n => "agent:" + n));
            var tags = i.Tags ?? new Dictionary<string, string>();
            foreach (var key in p.SharedTagKeys)
                if (tags.TryGetValue(key, out var v))
                    foreach (var w in Text.SplitList(v))
                        if (!string.Equals(w, a.Name, StringComparison.OrdinalIgnoreCase) && !IsYes(w) && !shared.Contains(w, StringComparer.OrdinalIgnoreCase))
                            shared.Add(w);

            var rights = (i.Permissions ?? Array.Empty<Permission>()).Where(x => x != null).Select(Describe).Distinct().ToArray();
            bool predates = a.RegisteredOn.HasValue && i.CreatedOn.HasValue
                && i.CreatedOn.Value < a.RegisteredOn.Value.AddDays(-p.Source.AgentIdentityGraceDays);
            bool oldRights = predates && rights.Length > 0;
            if (shared.Count == 0 && !oldRights) return null;

            var reasons = new List<string>();
            if (shared.Count > 0) reasons.Add("shared with " + string.Join(", ", shared));
            if (predates)
                reasons.Add("created " + Text.Day(i.CreatedOn.Value) + ", " + Text.DaysBetween(i.CreatedOn.Value, a.RegisteredOn.Value) + " days before the agent went into service ("
                    + Text.Day(a.RegisteredOn.Value) + ")" + (rights.Length > 0 ? ", and kept its rights" : ""));
            return new AgentInheritance
            {
                IdentityId = i.Id, IdentityName = i.Name, SharedWith = shared.ToArray(), CreatedOn = i.CreatedOn, PredatesAgent = predates,
                Rights = rights, Reason = string.Join("; ", reasons),
            };
        }

        private static bool IsYes(string v) =>
            v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("yes", StringComparison.OrdinalIgnoreCase) || v == "1";

        /// <summary>"bedrock-agent [bedrock:*] on *" — the name, its actions when few, and where.</summary>
        internal static string Describe(Permission perm)
        {
            var actions = perm.Actions ?? Array.Empty<string>();
            string acts = actions.Length > 0 && !(actions.Length == 1 && string.Equals(actions[0], perm.Name, StringComparison.OrdinalIgnoreCase))
                ? " [" + string.Join(", ", actions.Take(6)) + (actions.Length > 6 ? ", +" + (actions.Length - 6) + " more" : "") + "]" : "";
            string on = string.IsNullOrEmpty(perm.Resource) ? "" : " on " + perm.Resource;
            return perm.Name + acts + on;
        }

        internal static string Describe(AgentPermission perm) =>
            Describe(new Permission { Name = perm.Name, Actions = perm.Actions, Resource = perm.Resource });

        private static IEnumerable<AgentChain> Chains(Identity i, AgentIndex index, HashSet<string> own)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            AgentChain Chain(string to, string via, bool broad) => seen.Add(to) ? new AgentChain { FromIdentity = i.Id, To = to, Via = via, Broad = broad } : null;

            // 1. Roles its policies let it assume.
            foreach (var perm in i.Permissions ?? Array.Empty<Permission>())
            {
                if (perm == null || !(perm.Actions ?? Array.Empty<string>()).Any(x => !string.IsNullOrEmpty(x) && Text.GlobMatch(x, AssumeRole))) continue;
                var resources = string.IsNullOrWhiteSpace(perm.Resource) ? new[] { "*" } : perm.Resource.Split(',').Select(r => r.Trim()).Where(r => r.Length > 0);
                foreach (var r in resources)
                {
                    if (PermissionClassifier.IsWildcardResource(r) && (r == "*" || ArnAccount(r) == "*" || r.IndexOf(":role/", StringComparison.OrdinalIgnoreCase) < 0))
                    {
                        var c = Chain(r, "sts:AssumeRole on " + r + " (" + perm.Name + "): any role whose trust allows it", true);
                        if (c != null) yield return c;
                        continue;
                    }
                    bool any = false;
                    foreach (var role in index.Roles)
                    {
                        if (!Text.GlobMatch(r, role.Key) || own.Contains(role.Value.Id)) continue;
                        any = true;
                        var c = Chain(role.Value.Id, "sts:AssumeRole on " + r + " (" + perm.Name + ")" + Privileged(role.Value), IsPrivileged(role.Value));
                        if (c != null) yield return c;
                    }
                    if (!any && r.IndexOf(":role/", StringComparison.OrdinalIgnoreCase) >= 0 && !IsOwn(r, own))
                    {
                        var c = Chain(r, "sts:AssumeRole on " + r + " (" + perm.Name + "), a role not among the identities given", r.IndexOf('*') >= 0);
                        if (c != null) yield return c;
                    }
                }
            }

            // 2. Roles whose trust policy names it.
            foreach (var principal in new[] { i.NativeId, i.Id })
            {
                if (string.IsNullOrEmpty(principal) || !index.TrustedBy.TryGetValue(principal, out var roles)) continue;
                foreach (var role in roles)
                {
                    if (own.Contains(role.Id)) continue;
                    var c = Chain(role.Id, "the trust policy of " + role.Name + " lets " + i.Name + " assume it" + Privileged(role), IsPrivileged(role));
                    if (c != null) yield return c;
                }
            }

            // 3. Vault secrets it reads that hold another identity's credential: the secret itself, or every secret of a vault it may read.
            if (string.Equals(i.Provider, "KeyVault", StringComparison.OrdinalIgnoreCase) || i.Id.StartsWith("keyvault:", StringComparison.OrdinalIgnoreCase))
                foreach (var c in Holders(i.Id, index, own, "reads secret " + i.Id))
                    if (seen.Add(c.To)) yield return Fix(c, i);
            foreach (var perm in i.Permissions ?? Array.Empty<Permission>())
            {
                if (perm == null || !ReadsVault(perm)) continue;
                string vault = VaultOf(perm.Resource);
                if (vault == null) continue;
                foreach (var secret in index.SecretHolders.Keys.Where(s => s.StartsWith("keyvault:" + vault + "/", StringComparison.OrdinalIgnoreCase)).ToList())
                    foreach (var c in Holders(secret, index, own, perm.Name + " on vault " + vault + " reads secret " + secret))
                        if (seen.Add(c.To)) yield return Fix(c, i);
            }
        }

        private static AgentChain Fix(AgentChain c, Identity i) { c.FromIdentity = i.Id; return c; }

        private static IEnumerable<AgentChain> Holders(string secretId, AgentIndex index, HashSet<string> own, string how)
        {
            if (!index.SecretHolders.TryGetValue(secretId, out var holders)) yield break;
            foreach (var h in holders)
                if (!own.Contains(h.Key.Id))
                    yield return new AgentChain { To = h.Key.Id, Via = how + ", which holds credential " + h.Value + " of " + h.Key.Name + Privileged(h.Key), Broad = IsPrivileged(h.Key) };
        }

        private static bool IsOwn(string arn, HashSet<string> own) => own.Contains(Ids.Aws(arn)) || own.Contains(arn);

        private static bool IsPrivileged(AgentIndex.Target t) => t.PrivilegeLevel.HasValue && t.PrivilegeLevel.Value >= Severity.High;

        private static string Privileged(AgentIndex.Target t) =>
            t.PrivilegeLevel.HasValue && t.PrivilegeLevel.Value >= Severity.High ? "; " + t.Name + " holds " + t.Privilege : "";

        private static bool ReadsVault(Permission perm) =>
            VaultReadRoles.Any(r => string.Equals(r, perm.Name, StringComparison.OrdinalIgnoreCase))
            || (perm.Actions ?? Array.Empty<string>()).Any(x => !string.IsNullOrEmpty(x) && VaultReadActions.Any(v => Text.GlobMatch(x, v)));

        /// <summary>keyvault:&lt;vault&gt; or an ARM id .../providers/Microsoft.KeyVault/vaults/&lt;vault&gt; -> the vault name.</summary>
        internal static string VaultOf(string resource)
        {
            if (string.IsNullOrWhiteSpace(resource)) return null;
            if (resource.StartsWith("keyvault:", StringComparison.OrdinalIgnoreCase))
            {
                var rest = resource.Substring("keyvault:".Length);
                int slash = rest.IndexOf('/');
                return slash < 0 ? rest : rest.Substring(0, slash);
            }
            const string marker = "/providers/Microsoft.KeyVault/vaults/";
            int at = resource.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at < 0) return null;
            var name = resource.Substring(at + marker.Length);
            int end = name.IndexOf('/');
            return end < 0 ? name : name.Substring(0, end);
        }

        private static string Key(Permission p) =>
            (p.Name ?? "") + "\u0001" + p.Type + "\u0001" + (p.Resource ?? "") + "\u0001" + string.Join(",", (p.Actions ?? Array.Empty<string>()).OrderBy(x => x, StringComparer.OrdinalIgnoreCase));

        internal static Agent Copy(Agent r) => new Agent
        {
            Name = r.Name,
            Identities = (r.Identities ?? Array.Empty<string>()).ToArray(),
            Owner = r.Owner,
            Purpose = r.Purpose,
            AllowedSystems = (r.AllowedSystems ?? Array.Empty<string>()).ToArray(),
            AllowedPermissions = (r.AllowedPermissions ?? Array.Empty<string>()).ToArray(),
            RegisteredOn = r.RegisteredOn,
            UpdatedOn = r.UpdatedOn,
            IsCandidate = r.IsCandidate,
            CandidateReason = r.CandidateReason,
            StorePath = r.StorePath,
        };
    }
}
