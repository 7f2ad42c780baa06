using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace NhiTools.Engine.Analysis.Rules
{
    /// <summary>
    /// The rules that need the whole estate: one credential in several vaults or on several identities
    /// (NHI-SHARED) and a credential whose copies sit in production and non-production (NHI-ENV-REUSE).
    /// Identities stream past; this keeps only a compact index (credential id -> holders and storage places,
    /// vault secret -> environment) and emits at the end.
    /// </summary>
    internal sealed class CrossIdentityIndex
    {
        private static readonly Regex PlaceholderId = new Regex(@"^access_key_\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>The little we keep of an identity that takes part in a cross-identity finding.</summary>
        internal sealed class Participant
        {
            public string Id, Name, Provider;
            public Exposure Exposure;
            public string[] Prod, NonProd;
            public bool EnvReuseFired;
        }

        private sealed class Entry
        {
            public string CredentialId;
            public readonly List<Participant> Holders = new List<Participant>(1);
            public readonly List<KeyValuePair<string, Participant>> Locations = new List<KeyValuePair<string, Participant>>(0);
        }

        private readonly CompiledPolicy _policy;
        private readonly Dictionary<string, Entry> _byCredential = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        private readonly List<Entry> _order = new List<Entry>();
        /// <summary>Vault secret identity id -> that identity, for the environment of a storage place.</summary>
        private readonly Dictionary<string, Participant> _secrets = new Dictionary<string, Participant>(StringComparer.OrdinalIgnoreCase);

        public CrossIdentityIndex(CompiledPolicy policy) { _policy = policy; }

        /// <summary>AWS accounts identities of this run live in: yours, by definition.</summary>
        private readonly HashSet<string> _accounts = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<KeyValuePair<Participant, List<TrustEntry>>> _foreignTrusts = new List<KeyValuePair<Participant, List<TrustEntry>>>();

        public int IndexedCredentials => _byCredential.Count;

        public void Add(IdentityFacts f, bool envReuseFired)
        {
            var i = f.I;
            Participant me = null;
            Participant Me() => me ?? (me = new Participant
            {
                Id = i.Id, Name = i.Name, Provider = i.Provider, Exposure = f.Exposure,
                Prod = f.ProdEvidence.Count > 0 ? f.ProdEvidence.ToArray() : null,
                NonProd = f.NonProdEvidence.Count > 0 ? f.NonProdEvidence.ToArray() : null,
                EnvReuseFired = envReuseFired,
            });

            if (string.Equals(i.Provider, "Aws", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(i.Account)) _accounts.Add(i.Account);
            if (f.ForeignAccounts != null) _foreignTrusts.Add(new KeyValuePair<Participant, List<TrustEntry>>(Me(), f.ForeignAccounts));

            foreach (var cr in i.Credentials ?? Array.Empty<Credential>())
            {
                if (cr == null || string.IsNullOrEmpty(cr.Id) || !cr.Enabled || cr.ExpiresOn <= f.AsOf) continue;
                bool stored = cr.StoredIn != null && cr.StoredIn.Length > 0;
                bool uniqueId = (cr.Type == CredentialType.AccessKey || cr.Type == CredentialType.ClientSecret || cr.Type == CredentialType.Certificate)
                                && !PlaceholderId.IsMatch(cr.Id);
                if (!stored && !uniqueId) continue;
                var e = Get(cr.Id);
                if (!e.Holders.Exists(h => string.Equals(h.Id, i.Id, StringComparison.OrdinalIgnoreCase))) e.Holders.Add(Me());
                if (stored)
                    foreach (var s in cr.StoredIn)
                        if (!string.IsNullOrWhiteSpace(s)) e.Locations.Add(new KeyValuePair<string, Participant>(s, null));
            }

            bool vaultSecret = string.Equals(i.Provider, "KeyVault", StringComparison.OrdinalIgnoreCase)
                               || (i.Id != null && i.Id.StartsWith("keyvault:", StringComparison.OrdinalIgnoreCase));
            if (!vaultSecret) return;
            if (f.HasProd || f.HasNonProd) _secrets[i.Id] = Me();
            var tags = i.Tags;
            if (tags == null) return;
            foreach (var key in _policy.CredentialLinkTagKeys)
                if (tags.TryGetValue(key, out var linked) && !string.IsNullOrWhiteSpace(linked))
                    Get(linked.Trim()).Locations.Add(new KeyValuePair<string, Participant>(i.Id, Me()));
        }

        private Entry Get(string credentialId)
        {
            if (!_byCredential.TryGetValue(credentialId, out var e))
            {
                e = new Entry { CredentialId = credentialId };
                _byCredential.Add(credentialId, e);
                _order.Add(e);
            }
            return e;
        }

        /// <summary>Findings for the whole set, in the order credentials were first seen.</summary>
        public IEnumerable<KeyValuePair<Participant, RawFinding>> Finish(RuleContext c)
        {
            foreach (var e in _order)
            {
                if (e.Holders.Count < 2 && e.Locations.Count == 0) continue; // one holder, no copies: nothing to say
                var locations = e.Locations.Select(l => l.Key).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(l => l, StringComparer.OrdinalIgnoreCase).ToList();
                var places = IdentityFacts.StoragePlaces(locations.ToArray());

                // Who the finding is about: the identities holding the credential, else the first vault copy we saw.
                var targets = e.Holders.Count > 0 ? e.Holders
                    : e.Locations.Where(l => l.Value != null).Select(l => l.Value).Take(1).ToList();
                foreach (var t in targets)
                {
                    if (c.Wants(RuleIds.Shared))
                    {
                        var reasons = new List<string>();
                        if (e.Holders.Count > 1)
                            reasons.Add("credential " + e.CredentialId + " is attached to " + e.Holders.Count + " identities: " + string.Join(", ", e.Holders.Select(h => h.Id)));
                        if (places.Count > 1)
                            reasons.Add("credential " + e.CredentialId + " is stored in " + places.Count + " vaults/systems: " + string.Join(", ", locations));
                        if (reasons.Count > 0)
                            yield return Pair(t, RuleIds.Shared, Severity.Medium, "Shared: " + string.Join("; ", reasons) + ".", e.CredentialId);
                    }
                    if (c.Wants(RuleIds.EnvReuse) && !t.EnvReuseFired && locations.Count > 0)
                    {
                        var prod = new List<string>(t.Prod ?? Array.Empty<string>());
                        var non = new List<string>(t.NonProd ?? Array.Empty<string>());
                        foreach (var loc in locations)
                        {
                            if (string.Equals(loc, t.Id, StringComparison.OrdinalIgnoreCase)) continue;
                            LocationEnvironment(loc, prod, non);
                        }
                        if (prod.Count > 0 && non.Count > 0)
                        {
                            t.EnvReuseFired = true;
                            yield return Pair(t, RuleIds.EnvReuse, Severity.High,
                                "Credential " + e.CredentialId + " crosses environments. " + ReuseRules.EnvEvidence(prod, non), e.CredentialId);
                        }
                    }
                }

                // The misplaced copy itself: a non-production vault secret holding a credential production uses.
                if (c.Wants(RuleIds.EnvReuse))
                {
                    List<string> prodUse = null;
                    foreach (var h in e.Holders) if (h.Prod != null) (prodUse ?? (prodUse = new List<string>())).Add(h.Id + ": " + string.Join(", ", h.Prod));
                    foreach (var l in e.Locations) if (l.Value?.Prod != null) (prodUse ?? (prodUse = new List<string>())).Add(l.Value.Id + ": " + string.Join(", ", l.Value.Prod));
                    if (prodUse == null) continue;
                    var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var l in e.Locations)
                    {
                        var copy = l.Value;
                        if (copy == null || copy.EnvReuseFired || copy.Prod != null || copy.NonProd == null || !done.Add(copy.Id)) continue;
                        if (targets.Contains(copy)) continue;
                        copy.EnvReuseFired = true;
                        yield return Pair(copy, RuleIds.EnvReuse, Severity.High,
                            "Non-production copy of credential " + e.CredentialId + " (" + string.Join(", ", copy.NonProd) + "), which production uses ("
                            + string.Join("; ", prodUse.Distinct()) + ").", e.CredentialId);
                    }
                }
            }

            if (c.Wants(RuleIds.ThirdParty)) foreach (var f in ForeignTrusts(c)) yield return f;
        }

        /// <summary>
        /// NHI-THIRD-PARTY for roles trusted by an AWS account that is not yours: not the account of any identity in this
        /// run and not in the policy's TrustedAccounts. High without an sts:ExternalId condition (confused deputy).
        /// </summary>
        private IEnumerable<KeyValuePair<Participant, RawFinding>> ForeignTrusts(RuleContext c)
        {
            foreach (var kv in _foreignTrusts)
            {
                var outside = kv.Value.Where(t => !_accounts.Contains(t.Value) && !c.Policy.TrustedAccounts.Contains(t.Value)).ToList();
                if (outside.Count == 0) continue;
                bool noExternalId = outside.Exists(t => !t.HasCondition("ExternalId") && !t.HasCondition("sts:ExternalId"));
                yield return Pair(kv.Key, RuleIds.ThirdParty, noExternalId ? Severity.High : Severity.Medium,
                    "Another organisation can act as this identity: trusted by AWS " + Text.Plural(outside.Select(t => t.Value).Distinct().Count(), "account ", "accounts ")
                    + string.Join(", ", outside.Select(t => t.Raw)) + " (not an account of this estate)"
                    + (noExternalId ? ", with no sts:ExternalId condition" : "") + ".", null);
            }
        }

        private static KeyValuePair<Participant, RawFinding> Pair(Participant p, string rule, Severity s, string evidence, string credentialId) =>
            new KeyValuePair<Participant, RawFinding>(p, new RawFinding { Rule = rule, Severity = s, Evidence = evidence, CredentialId = credentialId, IdentityId = p.Id });

        /// <summary>
        /// Environment of a storage place: the vault secret's own environment when we saw it, else the policy's
        /// AccountEnvironments for the vault, else words in the vault name (kv-prod-01 is prod).
        /// </summary>
        private void LocationEnvironment(string location, List<string> prod, List<string> non)
        {
            if (_secrets.TryGetValue(location, out var secret))
            {
                if (secret.Prod != null) prod.Add(location + ": " + string.Join(", ", secret.Prod));
                if (secret.NonProd != null) non.Add(location + ": " + string.Join(", ", secret.NonProd));
                return;
            }
            string place = IdentityFacts.StoragePlace(location);
            string name = IdentityFacts.SystemValue(place);
            if (name != null && _policy.AccountEnvironments.TryGetValue(name, out var env))
            {
                foreach (var token in Text.SplitEnvironments(env))
                {
                    var isProd = _policy.IsProduction(token);
                    if (isProd == true) prod.Add(location + " (vault " + name + " is " + env + " in AccountEnvironments)");
                    else if (isProd == false) non.Add(location + " (vault " + name + " is " + env + " in AccountEnvironments)");
                }
                return;
            }
            foreach (var w in Text.Words(name))
            {
                var isProd = _policy.IsProduction(w);
                if (isProd == true) { prod.Add(location + " (vault name says '" + w + "')"); return; }
                if (isProd == false) { non.Add(location + " (vault name says '" + w + "')"); return; }
            }
        }
    }
}
