using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using NhiTools.Engine.Analysis;
using NhiTools.Hosting;

namespace NhiTools.Engine.Cleanup
{
    /// <summary>
    /// The checks every cleanup cmdlet makes before it writes: is the identity protected, is its tenant/account
    /// connected, and does the reason it was picked still hold on the identity as the live source shows it now.
    /// </summary>
    public sealed class CleanupGuard
    {
        /// <summary>Rules whose evidence is not in the identity itself (activity logs, scanned files, agent registry): not re-evaluated.</summary>
        private static readonly HashSet<string> OutsideEvidence = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            RuleIds.UnusedPermission, RuleIds.AnomalousUse, RuleIds.SecretEmbedded, RuleIds.AgentInherited, RuleIds.AgentUnscoped, RuleIds.AgentUnowned, RuleIds.AgentChained,
        };

        private readonly FindingPolicy _policy;
        private readonly DateTime _asOf;
        // Per live list (one per provider) and rule: which identity|credential the rule fires for.
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<Identity>, Dictionary<string, HashSet<string>>> _firing =
            new System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<Identity>, Dictionary<string, HashSet<string>>>();
        private readonly List<Regex> _protected;

        public CleanupGuard(FindingPolicy policy, DateTime asOf)
        {
            _policy = policy ?? FindingPolicy.Default;
            _asOf = asOf;
            _protected = (_policy.ProtectedIdentities ?? Array.Empty<string>()).Where(p => !string.IsNullOrWhiteSpace(p))
                .Select(p => new Regex("^" + Regex.Escape(p.Trim()).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
                .ToList();
        }

        /// <summary>Why the identity must not be touched (tag or policy list), or null.</summary>
        public string ProtectedBecause(Identity identity, string identityId = null, string name = null)
        {
            var id = identity?.Id ?? identityId;
            var n = identity?.Name ?? name;
            foreach (var key in _policy.ProtectedTagKeys ?? Array.Empty<string>())
                if (identity?.Tags != null && identity.Tags.TryGetValue(key, out var v) && !IsNo(v))
                    return "it is tagged " + key + (string.IsNullOrEmpty(v) ? "" : "=" + v);
            foreach (var p in _protected)
                if ((id != null && p.IsMatch(id)) || (n != null && p.IsMatch(n)))
                    return "the policy lists it in ProtectedIdentities";
            return null;
        }

        private static bool IsNo(string v) =>
            v != null && (v.Equals("false", StringComparison.OrdinalIgnoreCase) || v.Equals("no", StringComparison.OrdinalIgnoreCase) || v.Trim() == "0");

        /// <summary>
        /// Null when the reason to act still holds on <paramref name="live"/>; otherwise why it does not (the caller skips
        /// with a warning). <paramref name="all"/> is the whole live read (rules that compare identities need it).
        /// </summary>
        public string ReasonGone(CleanupTarget target, Identity live, IReadOnlyList<Identity> all)
        {
            if (target.CredentialId != null && !(live.Credentials ?? Array.Empty<Credential>()).Any(c => SameId(c.Id, target.CredentialId)))
                return "credential " + target.CredentialId + " is no longer on " + live.Id;

            if (!string.IsNullOrEmpty(target.Rule) && RuleCatalog.Find(target.Rule) != null && !OutsideEvidence.Contains(target.Rule))
            {
                // A finding about one credential still holds when the rule fires for that credential (or the identity as a whole);
                // an identity-level action holds when the rule fires for the identity at all.
                var firing = Firing(target.Rule, all);
                var holds = target.CredentialId == null
                    ? firing.Contains(live.Id + "|*")
                    : firing.Contains(FiringKey(live.Id, target.CredentialId)) || firing.Contains(FiringKey(live.Id, null));
                if (!holds)
                    return target.Rule + " no longer holds for " + live.Id + " on the live data";
            }

            var read = target.AsRead;
            if (read == null) return null;
            if (Later(live.LastUsedOn, read.LastUsedOn))
                return live.Id + " was used since it was read (last used " + live.LastUsedOn.Value.ToString("u") + ")";
            foreach (var c in live.Credentials ?? Array.Empty<Credential>())
            {
                if (target.CredentialId != null && !SameId(c.Id, target.CredentialId)) continue;
                var before = (read.Credentials ?? Array.Empty<Credential>()).FirstOrDefault(x => SameId(x.Id, c.Id));
                if (before != null && Later(c.LastUsedOn, before.LastUsedOn))
                    return "credential " + c.Id + " of " + live.Id + " was used since it was read (last used " + c.LastUsedOn.Value.ToString("u") + ")";
                if (before != null && Later(c.ExpiresOn, before.ExpiresOn))
                    return "credential " + c.Id + " of " + live.Id + " had its end date extended since it was read";
            }
            if (!Same(read.Owners, live.Owners))
                return "the owners of " + live.Id + " changed since it was read (now: " + string.Join(", ", live.Owners ?? Array.Empty<string>()) + ")";
            if (!SameTags(read.Tags, live.Tags))
                return "the tags of " + live.Id + " changed since it was read (an end date may have been extended)";
            return null;
        }

        private HashSet<string> Firing(string rule, IReadOnlyList<Identity> all)
        {
            var byRule = _firing.GetValue(all, _ => new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase));
            if (byRule.TryGetValue(rule, out var set)) return set;
            set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var engine = new FindingEngine(_policy, NullHostContext.Instance);
            foreach (var f in engine.Evaluate(all, _asOf, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { rule }))
            {
                set.Add(FiringKey(f.IdentityId, f.CredentialId));
                set.Add((f.IdentityId ?? "") + "|*");
            }
            byRule[rule] = set;
            return set;
        }

        private static string FiringKey(string identityId, string credentialId) => (identityId ?? "") + "|" + (credentialId ?? "");

        internal static bool SameId(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private static bool Later(DateTime? now, DateTime? then) => now.HasValue && (!then.HasValue || now.Value > then.Value.AddSeconds(1));

        private static bool Same(string[] a, string[] b)
        {
            var x = new HashSet<string>(a ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            return x.SetEquals(b ?? Array.Empty<string>());
        }

        private static bool SameTags(Dictionary<string, string> a, Dictionary<string, string> b)
        {
            a = a ?? new Dictionary<string, string>();
            b = b ?? new Dictionary<string, string>();
            if (a.Count != b.Count) return false;
            foreach (var kv in a)
                if (!b.TryGetValue(kv.Key, out var v) || !string.Equals(v, kv.Value, StringComparison.Ordinal)) return false;
            return true;
        }
    }
}
