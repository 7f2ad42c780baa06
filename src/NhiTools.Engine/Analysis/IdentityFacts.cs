using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace NhiTools.Engine.Analysis
{
    /// <summary>Exposure traits that raise a finding's score (see <see cref="Scoring"/>).</summary>
    [Flags]
    internal enum Exposure : byte
    {
        None = 0,
        Privileged = 1,
        CrossSystem = 2,
        Unowned = 4,
        Production = 8,
        Automation = 16,
        Agent = 32,
    }

    /// <summary>What the rules need to know about one identity, worked out once.</summary>
    internal sealed class IdentityFacts
    {
        private static readonly Regex AccountInArn = new Regex(@"(?:^|:)(\d{12})(?::|$)", RegexOptions.CultureInvariant);

        public Identity I { get; }
        public DateTime AsOf { get; }
        /// <summary>Enabled credentials that have not expired: the ones that can authenticate.</summary>
        public List<Credential> Live { get; } = new List<Credential>();
        /// <summary>Owners from Identity.Owners and owner tags.</summary>
        public List<string> Owners { get; } = new List<string>();
        public bool OwnersAllGone { get; }
        /// <summary>Environment words with where each came from, for evidence.</summary>
        public List<string> ProdEvidence { get; } = new List<string>();
        public List<string> NonProdEvidence { get; } = new List<string>();
        public List<PermissionMatch> Privilege { get; }
        public Severity? MaxPrivilege { get; }
        public List<string> CrossReasons { get; } = new List<string>();
        /// <summary>OIDC trusts (role trust statements and federated credentials), for NHI-INSECURE-DEPLOY; null when none.</summary>
        public List<TrustEntry> Federated { get; private set; }
        /// <summary>Trusted principals in other AWS accounts, for NHI-THIRD-PARTY; null when none.</summary>
        public List<TrustEntry> ForeignAccounts { get; private set; }
        public bool CrossToAnyone { get; private set; }
        /// <summary>The only bridge is OIDC federation pinned to specific subjects.</summary>
        public bool OnlyPinnedFederation { get; private set; }
        public string AgentWhy { get; }
        public string AutomationWhy { get; }
        public Exposure Exposure { get; }

        public bool HasProd => ProdEvidence.Count > 0;
        public bool HasNonProd => NonProdEvidence.Count > 0;

        public IdentityFacts(Identity identity, DateTime asOf, CompiledPolicy p)
        {
            I = identity;
            AsOf = asOf;
            foreach (var c in identity.Credentials ?? Array.Empty<Credential>())
                if (c != null && c.Enabled && !(c.ExpiresOn <= asOf)) Live.Add(c);

            foreach (var o in identity.Owners ?? Array.Empty<string>())
                if (!string.IsNullOrWhiteSpace(o) && !Owners.Contains(o)) Owners.Add(o);
            var tags = identity.Tags ?? new Dictionary<string, string>();
            foreach (var key in p.OwnerTagKeys)
                if (tags.TryGetValue(key, out var v))
                    foreach (var o in Text.SplitList(v))
                        if (!Owners.Exists(x => string.Equals(x, o, StringComparison.OrdinalIgnoreCase))) Owners.Add(o);
            if (Owners.Count > 0 && identity.OwnerStates != null)
            {
                bool allGone = true;
                foreach (var o in Owners)
                    if (!identity.OwnerStates.TryGetValue(o, out var state) || state == null || !p.GoneOwnerStates.Contains(state)) { allGone = false; break; }
                OwnersAllGone = allGone;
            }

            CollectEnvironments(p, tags);
            Privilege = PermissionClassifier.Classify(identity.Permissions, p);
            if (Privilege != null)
                foreach (var m in Privilege)
                    if (MaxPrivilege == null || m.Level > MaxPrivilege) MaxPrivilege = m.Level;
            CollectCrossSystem(p);
            ScanWords(identity, p, tags, out var agent, out var pipeline);
            AgentWhy = agent;
            AutomationWhy = pipeline;

            var e = Exposure.None;
            if (MaxPrivilege == Severity.Critical) e |= Exposure.Privileged;
            if (CrossReasons.Count > 0 || (HasProd && HasNonProd)) e |= Exposure.CrossSystem;
            if ((Owners.Count == 0 && identity.Kind != IdentityKind.ManagedIdentity) || OwnersAllGone) e |= Exposure.Unowned;
            if (identity.Kind == IdentityKind.RootAccount) e |= Exposure.Privileged;
            if (HasProd) e |= Exposure.Production;
            if (AgentWhy != null) e |= Exposure.Agent;
            if (AutomationWhy != null) e |= Exposure.Automation;
            Exposure = e;
        }

        private void AddEnvironment(CompiledPolicy p, string value, string source)
        {
            foreach (var token in Text.SplitEnvironments(value))
            {
                var prod = p.IsProduction(token);
                if (prod == true) ProdEvidence.Add(source);
                else if (prod == false) NonProdEvidence.Add(source);
            }
        }

        private void CollectEnvironments(CompiledPolicy p, Dictionary<string, string> tags)
        {
            if (!string.IsNullOrEmpty(I.Environment)) AddEnvironment(p, I.Environment, "Environment=" + I.Environment);
            foreach (var key in p.EnvironmentTagKeys)
                if (tags.TryGetValue(key, out var v) && !string.IsNullOrEmpty(v)) AddEnvironment(p, v, "tag " + key + "=" + v);
            // Accounts, tenants and vaults mapped to an environment in the policy.
            if (p.AccountEnvironments.Count == 0) return;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            void Account(string account, string what)
            {
                if (!string.IsNullOrEmpty(account) && seen.Add(account) && p.AccountEnvironments.TryGetValue(account, out var env))
                    AddEnvironment(p, env, what + " " + account + " is " + env + " (AccountEnvironments)");
            }
            Account(I.Account, "account");
            foreach (var s in I.Systems ?? Array.Empty<string>()) Account(SystemValue(s), "reaches");
            foreach (var a in I.AssumableBy ?? Array.Empty<string>())
            {
                var m = AccountInArn.Match(a ?? "");
                if (m.Success) Account(m.Groups[1].Value, "assumable from account");
            }
        }

        private static readonly char[] SystemSeparators = { '/', ':' };

        /// <summary>"aws:123456789012" -> 123456789012; "keyvault:kv-prod" -> kv-prod; else the text.</summary>
        internal static string SystemValue(string system)
        {
            if (string.IsNullOrEmpty(system)) return system;
            int colon = system.IndexOf(':');
            if (colon < 0) return system;
            string rest = system.Substring(colon + 1);
            int end = rest.IndexOfAny(SystemSeparators);
            return end < 0 ? rest : rest.Substring(0, end);
        }

        /// <summary>Trust domains (AWS accounts, Entra tenants...) a Systems entry names, or null.</summary>
        private static string Domain(string system)
        {
            if (string.IsNullOrEmpty(system)) return null;
            int colon = system.IndexOf(':');
            if (colon <= 0) return null;
            string prefix = system.Substring(0, colon).ToLowerInvariant();
            if (prefix != "aws" && prefix != "entra" && prefix != "azure" && prefix != "gcp") return null;
            string value = SystemValue(system);
            if (string.IsNullOrEmpty(value) || value == "app" || value == "sp") return null;
            if (prefix == "aws" && !(value.Length == 12 && IsDigits(value))) return null;
            return prefix + ":" + value.ToLowerInvariant();
        }

        private static bool IsDigits(string s) { foreach (var c in s) if (c < '0' || c > '9') return false; return true; }

        private void CollectCrossSystem(CompiledPolicy p)
        {
            SortedSet<string> issuers = null, foreign = null;
            SortedSet<string> Issuers() => issuers ?? (issuers = new SortedSet<string>(StringComparer.Ordinal));
            foreach (var a in I.AssumableBy ?? Array.Empty<string>())
            {
                var t = TrustEntry.Parse(a);
                if (t == null) continue;
                switch (t.Kind)
                {
                    case TrustKind.Anyone:
                        CrossReasons.Add("assumable by any AWS principal (" + t.Raw + ")");
                        CrossToAnyone = true;
                        break;
                    case TrustKind.Oidc:
                        Issuers().Add("OIDC issuer " + t.Value);
                        (Federated ?? (Federated = new List<TrustEntry>())).Add(t);
                        break;
                    case TrustKind.Saml:
                        Issuers().Add("SAML provider " + t.Value);
                        break;
                    case TrustKind.Account:
                    case TrustKind.Principal:
                        if (string.Equals(t.Value, I.Account, StringComparison.Ordinal)) break;
                        (foreign ?? (foreign = new SortedSet<string>(StringComparer.Ordinal))).Add(t.Value + (t.Raw == t.Value ? "" : " (" + t.Raw + ")"));
                        (ForeignAccounts ?? (ForeignAccounts = new List<TrustEntry>())).Add(t);
                        break;
                }
            }
            foreach (var c in Live)
            {
                if (c.Type != CredentialType.FederatedCredential) continue;
                var t = TrustEntry.FromCredential(c);
                if (t == null) continue;
                Issuers().Add("OIDC issuer " + t.Value);
                (Federated ?? (Federated = new List<TrustEntry>())).Add(t);
            }
            if (foreign != null) CrossReasons.Add("assumable from other AWS " + Text.Plural(foreign.Count, "account", "accounts") + ": " + string.Join(", ", foreign));
            if (issuers != null) CrossReasons.Add("trusts tokens from outside: " + string.Join(", ", issuers));
            // Pinned OIDC federation is the recommended bridge: still reported, at low weight.
            OnlyPinnedFederation = CrossReasons.Count == 1 && issuers != null && !CrossToAnyone && foreign == null
                && Federated != null && Federated.Count == issuers.Count
                && Federated.TrueForAll(t => t.Subjects != null && t.Subjects.TrueForAll(sub => Rules.AuthenticationRules.UnrestrictedSubject(sub) == null));

            SortedSet<string> domains = null;
            string own = I.Provider != null && !string.IsNullOrEmpty(I.Account)
                ? Domain((I.Provider.Equals("Aws", StringComparison.OrdinalIgnoreCase) ? "aws:" : I.Provider.Equals("Entra", StringComparison.OrdinalIgnoreCase) ? "entra:" : "other:") + I.Account)
                : null;
            foreach (var s in I.Systems ?? Array.Empty<string>())
            {
                var d = Domain(s);
                if (d == null || d == own) continue;
                if (domains == null) { domains = new SortedSet<string>(StringComparer.Ordinal); if (own != null) domains.Add(own); }
                domains.Add(d);
            }
            if (domains != null && domains.Count > 1) CrossReasons.Add("reaches " + domains.Count + " accounts/tenants: " + string.Join(", ", domains));

            foreach (var c in Live)
            {
                if (c.StoredIn == null || c.StoredIn.Length < 2) continue;
                var places = StoragePlaces(c.StoredIn);
                if (places.Count > 1) CrossReasons.Add("credential " + c.Id + " is stored in " + places.Count + " places: " + string.Join(", ", places));
            }

            SortedSet<string> apps = null;
            foreach (var perm in I.Permissions ?? Array.Empty<Permission>())
                if (perm != null && (perm.Type == PermissionType.AppRole || perm.Type == PermissionType.DelegatedScope)
                    && !string.IsNullOrEmpty(perm.Resource) && perm.Resource != "*")
                    (apps ?? (apps = new SortedSet<string>(StringComparer.OrdinalIgnoreCase))).Add(perm.Resource);
            if (apps != null && apps.Count > p.Source.MaxResourceApps) CrossReasons.Add("holds rights in " + apps.Count + " resource apps: " + string.Join(", ", apps));
        }

        /// <summary>Distinct vaults/systems of StoredIn entries: keyvault:&lt;vault&gt;/&lt;secret&gt; counts as its vault.</summary>
        internal static SortedSet<string> StoragePlaces(string[] storedIn)
        {
            var places = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            if (storedIn == null) return places;
            foreach (var s in storedIn) { var place = StoragePlace(s); if (place != null) places.Add(place); }
            return places;
        }

        internal static string StoragePlace(string storedIn)
        {
            if (string.IsNullOrWhiteSpace(storedIn)) return null;
            if (storedIn.StartsWith("keyvault:", StringComparison.OrdinalIgnoreCase))
            {
                int slash = storedIn.IndexOf('/');
                return slash < 0 ? storedIn : storedIn.Substring(0, slash);
            }
            return storedIn;
        }

        /// <summary>
        /// One pass over the words of the name, tags (not owner tags) and notes, finding the first agent word and the
        /// first pipeline word, each described for evidence.
        /// </summary>
        private static void ScanWords(Identity i, CompiledPolicy p, Dictionary<string, string> tags, out string agent, out string pipeline)
        {
            agent = i.Kind == IdentityKind.AgentIdentity ? "kind AgentIdentity" : null;
            pipeline = null;
            string a = agent, c = null;
            void Look(string text, Func<string> where)
            {
                if (a != null && c != null) return;
                foreach (var w in Text.Words(text))
                {
                    if (a == null && p.AgentWords.Contains(w)) a = "'" + w + "' in " + where();
                    if (c == null && p.PipelineWords.Contains(w)) c = "'" + w + "' in " + where();
                    if (a != null && c != null) return;
                }
            }
            Look(i.Name, () => "name " + i.Name);
            foreach (var kv in tags)
            {
                if (Array.Exists(p.OwnerTagKeys, k => string.Equals(k, kv.Key, StringComparison.OrdinalIgnoreCase))) continue;
                Look(kv.Key, () => "tag " + kv.Key + "=" + kv.Value);
                Look(kv.Value, () => "tag " + kv.Key + "=" + kv.Value);
            }
            Look(i.Notes, () => "notes");
            agent = a;
            pipeline = c;
        }
    }
}
