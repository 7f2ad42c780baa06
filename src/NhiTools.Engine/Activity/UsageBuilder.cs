using System;
using System.Collections.Generic;
using System.Linq;

namespace NhiTools.Engine.Activity
{
    /// <summary>
    /// Folds a stream of activities into one <see cref="NhiTools.Usage"/> per identity, in one pass. Memory follows
    /// identities x distinct workloads/actions/resources (each capped per identity), never the number of events.
    /// Targets: the identities given (ids, or names when only a name is known); with none, every identity the logs
    /// name. Coverage (which logs cover which account over which period) is kept per origin and account.
    /// </summary>
    public sealed class UsageBuilder
    {
        /// <summary>Caps per identity: beyond them, new keys are counted in the identity totals only.</summary>
        internal const int MaxWorkloads = 256, MaxActions = 512, MaxResources = 100, MaxCredentialsPerWorkload = 16;

        private readonly DateTime _from, _to;
        private readonly bool _all;
        private readonly List<Acc> _order = new List<Acc>();
        private readonly Dictionary<string, Acc> _byId = new Dictionary<string, Acc>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Acc> _byName = new Dictionary<string, Acc>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Acc> _byCredential = new Dictionary<string, Acc>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Coverage> _coverage = new Dictionary<string, Coverage>(StringComparer.Ordinal);
        private readonly UserAgents _agents = new UserAgents();
        private readonly List<Identity> _identities;
        private string _lastOrigin, _lastAccount, _lastCovKey;
        private Coverage _lastCoverage;
        private readonly List<string> _names;

        /// <summary>Activities read, and those that named a target.</summary>
        public long Read { get; private set; }
        public long Matched { get; private set; }

        /// <param name="identities">The identities to report on; empty: every identity the logs name.</param>
        /// <param name="names">Identity names or ids given without an identity object (-Identity svc-bi-exporter).</param>
        public UsageBuilder(IEnumerable<Identity> identities, IEnumerable<string> names = null, DateTime? from = null, DateTime? to = null)
        {
            _from = from ?? DateTime.MinValue;
            _to = to ?? DateTime.MaxValue;
            _identities = (identities ?? Enumerable.Empty<Identity>()).ToList();
            _names = (names ?? Enumerable.Empty<string>()).ToList();
            foreach (var i in _identities)
            {
                if (i == null || string.IsNullOrEmpty(i.Id) || _byId.ContainsKey(i.Id)) continue;
                var acc = new Acc(i.Id, i.Name, i.Provider);
                _order.Add(acc);
                _byId[i.Id] = acc;
                // Entra logs name apps by appId and service principals by object id, which the linker maps to the id;
                // credential ids link events the log does not attribute (lookup-events without a user name).
                foreach (var c in i.Credentials ?? Array.Empty<Credential>())
                    if (!string.IsNullOrEmpty(c?.Id) && !c.Id.StartsWith("access_key_", StringComparison.Ordinal)) _byCredential[c.Id] = acc;
            }
            foreach (var n in _names)
            {
                if (string.IsNullOrWhiteSpace(n)) continue;
                string key = n.Trim();
                if (_byId.ContainsKey(key) || _byName.ContainsKey(key)) continue;
                // "aws:arn:..." / "entra:app:..." are ids; anything else is a name (svc-bi-exporter).
                bool isId = key.IndexOf(':') > 0;
                var acc = new Acc(isId ? key : null, isId ? null : key, null);
                _order.Add(acc);
                if (isId) _byId[key] = acc; else _byName[key] = acc;
            }
            _all = _order.Count == 0;
        }

        /// <summary>An empty builder with the same targets and window, for another reader thread.</summary>
        public UsageBuilder Fork() => new UsageBuilder(_identities, _names, _from, _to);

        /// <summary>Folds one activity in. Not thread-safe: one builder per reader thread, then <see cref="Merge"/>.</summary>
        public void Add(NhiTools.Activity a)
        {
            if (a == null) return;
            Read++;
            if (a.Origin == ActivityOrigins.AccessAdvisor) return; // service-level last access, not events of a workload
            if (a.When < _from || a.When > _to) return;
            // Consecutive events come from one log of one account: look the coverage up only when that changes.
            string account = a.RecipientAccount ?? a.Account ?? "";
            if (!ReferenceEquals(a.Origin, _lastOrigin) || !ReferenceEquals(account, _lastAccount) || _lastCoverage == null)
            {
                _lastCovKey = a.Origin + "|" + account;
                if (!_coverage.TryGetValue(_lastCovKey, out _lastCoverage)) _coverage[_lastCovKey] = _lastCoverage = new Coverage(a.Origin, a.RecipientAccount ?? a.Account);
                _lastOrigin = a.Origin;
                _lastAccount = account;
            }
            string covKey = _lastCovKey;
            _lastCoverage.Add(a.When, a.Source);

            var acc = Find(a);
            if (acc == null) return;
            Matched++;
            if (acc.Provider == null) acc.Provider = a.Provider;
            if (acc.Name == null) acc.Name = a.IdentityName;
            if (acc.Id == null) acc.Id = a.IdentityId;
            acc.Coverage.Add(covKey);
            acc.Add(a, _agents.Normalise(a));
        }

        private Acc Find(NhiTools.Activity a)
        {
            Acc acc;
            if (a.IdentityId != null && _byId.TryGetValue(a.IdentityId, out acc)) return acc;
            if (a.IdentityName != null && _byName.Count > 0 && _byName.TryGetValue(a.IdentityName, out acc)) return acc;
            if (a.CredentialId != null && _byCredential.Count > 0 && _byCredential.TryGetValue(a.CredentialId, out acc)) return acc;
            if (!_all || a.IdentityId == null) return null;
            acc = new Acc(a.IdentityId, a.IdentityName, a.Provider);
            _byId[a.IdentityId] = acc;
            _order.Add(acc);
            return acc;
        }

        /// <summary>Adds what another builder (another file, another thread) read; both must have the same targets.</summary>
        public void Merge(UsageBuilder other)
        {
            Read += other.Read;
            Matched += other.Matched;
            foreach (var kv in other._coverage)
            {
                if (_coverage.TryGetValue(kv.Key, out var c)) c.Merge(kv.Value);
                else _coverage[kv.Key] = kv.Value;
            }
            foreach (var o in other._order)
            {
                Acc mine = null;
                if (o.Id != null) _byId.TryGetValue(o.Id, out mine);
                if (mine == null && o.Name != null && _byName.TryGetValue(o.Name, out var byName)) mine = byName;
                if (mine == null)
                {
                    if (!_all) continue; // not one of ours: cannot happen with equal targets
                    _byId[o.Id] = o;
                    _order.Add(o);
                    continue;
                }
                mine.Merge(o);
            }
        }

        /// <summary>One usage per target, in the order given (or first seen); unknown ones with Known false.</summary>
        public IEnumerable<NhiTools.Usage> Results()
        {
            foreach (var acc in _order) yield return acc.ToUsage(_coverage);
        }

        internal sealed class Coverage
        {
            public readonly string Origin, Account;
            public DateTime First = DateTime.MaxValue, Last = DateTime.MinValue;
            public readonly HashSet<string> Files = new HashSet<string>(StringComparer.Ordinal);
            private string _lastFile;
            public Coverage(string origin, string account) { Origin = origin; Account = account; }

            public void Add(DateTime when, string file)
            {
                if (when < First) First = when;
                if (when > Last) Last = when;
                if (file != null && !ReferenceEquals(file, _lastFile)) { _lastFile = file; Files.Add(file); }
            }

            public void Merge(Coverage o)
            {
                if (o.First < First) First = o.First;
                if (o.Last > Last) Last = o.Last;
                Files.UnionWith(o.Files);
            }

            public override string ToString() =>
                Origin + (string.IsNullOrEmpty(Account) ? "" : " " + Account) + " " + NhiTools.Usage.Day(First) + ".." + NhiTools.Usage.Day(Last)
                + " (" + Files.Count + (Files.Count == 1 ? " file)" : " files)");
        }

        private sealed class Counter
        {
            public long Count;
            public DateTime Last;
            public void Hit(DateTime when) { Count++; if (when > Last) Last = when; }
            public void Merge(Counter o) { Count += o.Count; if (o.Last > Last) Last = o.Last; }
        }

        private sealed class Flow
        {
            public string From, Agent, ClientApp;
            public DateTime First = DateTime.MaxValue, Last = DateTime.MinValue;
            public long Events;
            public bool Interactive;
            public readonly List<string> Credentials = new List<string>(1);

            public void Hit(DateTime when, string credential, bool interactive)
            {
                Events++;
                if (when < First) First = when;
                if (when > Last) Last = when;
                Interactive |= interactive;
                if (credential != null && Credentials.Count < MaxCredentialsPerWorkload && !Credentials.Contains(credential)) Credentials.Add(credential);
            }

            public void Merge(Flow o)
            {
                Events += o.Events;
                if (o.First < First) First = o.First;
                if (o.Last > Last) Last = o.Last;
                Interactive |= o.Interactive;
                foreach (var c in o.Credentials) if (Credentials.Count < MaxCredentialsPerWorkload && !Credentials.Contains(c)) Credentials.Add(c);
            }
        }

        /// <summary>One identity's activity, folded.</summary>
        private sealed class Acc
        {
            public string Id, Name, Provider;
            public long Events;
            public DateTime First = DateTime.MaxValue, Last = DateTime.MinValue;
            public bool ResourcesCapped;
            public readonly HashSet<string> Coverage = new HashSet<string>(StringComparer.Ordinal);
            public readonly Dictionary<(string, string, string), Flow> Flows = new Dictionary<(string, string, string), Flow>();
            public readonly Dictionary<string, Counter> Services = new Dictionary<string, Counter>(StringComparer.OrdinalIgnoreCase);
            public readonly Dictionary<string, Counter> Actions = new Dictionary<string, Counter>(StringComparer.OrdinalIgnoreCase);
            public readonly Dictionary<string, Counter> Resources = new Dictionary<string, Counter>(StringComparer.Ordinal);
            private Flow _overflow;

            public Acc(string id, string name, string provider) { Id = id; Name = name; Provider = provider; }

            public void Add(NhiTools.Activity a, UserAgents.Normalised agent)
            {
                Events++;
                if (a.When < First) First = a.When;
                if (a.When > Last) Last = a.When;
                string from = a.From ?? "unknown";
                var key = (from, agent.Agent, agent.ClientApp);
                if (!Flows.TryGetValue(key, out var f))
                {
                    if (Flows.Count < MaxWorkloads) Flows[key] = f = new Flow { From = from, Agent = agent.Agent, ClientApp = agent.ClientApp };
                    else f = _overflow ?? (_overflow = new Flow { From = "other", Agent = "other" });
                }
                // Session keys (ASIA...) live for an hour and name the session, not a credential anyone manages.
                string credential = a.CredentialId != null && a.CredentialId.StartsWith("ASIA", StringComparison.Ordinal) ? null : a.CredentialId;
                f.Hit(a.When, credential, a.Interactive);

                // A denied call or failed sign-in is a workload trying, but nothing was used.
                if (!ActivityResults.IsSuccess(a.Result)) return;
                Hit(Services, a.Service ?? "unknown", a.When, int.MaxValue);
                if (a.Action != null) Hit(Actions, a.Action, a.When, MaxActions);
                if (a.Resource != null && !Hit(Resources, FoldResource(a.Resource), a.When, MaxResources)) ResourcesCapped = true;
            }

            /// <summary>
            /// S3 objects fold to their first prefix (arn:aws:s3:::bucket/daily/*): a job writes a new key every run, and
            /// what a policy names, and an admin reads, is the bucket and prefix.
            /// </summary>
            internal static string FoldResource(string resource)
            {
                const string S3 = "arn:aws:s3:::";
                if (!resource.StartsWith(S3, StringComparison.Ordinal) || resource.IndexOf(", ", StringComparison.Ordinal) >= 0) return resource;
                int slash = resource.IndexOf('/', S3.Length);
                if (slash < 0 || resource.EndsWith("/*", StringComparison.Ordinal)) return resource;
                int next = resource.IndexOf('/', slash + 1);
                return next < 0 ? resource.Substring(0, slash + 1) + "*" : resource.Substring(0, next + 1) + "*";
            }

            private static bool Hit(Dictionary<string, Counter> d, string key, DateTime when, int cap)
            {
                if (!d.TryGetValue(key, out var c))
                {
                    if (d.Count >= cap) return false;
                    d[key] = c = new Counter();
                }
                c.Hit(when);
                return true;
            }

            public void Merge(Acc o)
            {
                Events += o.Events;
                if (o.First < First) First = o.First;
                if (o.Last > Last) Last = o.Last;
                ResourcesCapped |= o.ResourcesCapped;
                if (Provider == null) Provider = o.Provider;
                if (Name == null) Name = o.Name;
                if (Id == null) Id = o.Id;
                Coverage.UnionWith(o.Coverage);
                foreach (var kv in o.Flows)
                {
                    if (Flows.TryGetValue(kv.Key, out var f)) f.Merge(kv.Value);
                    else if (Flows.Count < MaxWorkloads) Flows[kv.Key] = kv.Value;
                    else (_overflow ?? (_overflow = new Flow { From = "other", Agent = "other" })).Merge(kv.Value);
                }
                if (o._overflow != null) (_overflow ?? (_overflow = new Flow { From = "other", Agent = "other" })).Merge(o._overflow);
                MergeCounters(Services, o.Services, int.MaxValue);
                MergeCounters(Actions, o.Actions, MaxActions);
                if (!MergeCounters(Resources, o.Resources, MaxResources)) ResourcesCapped = true;
            }

            private static bool MergeCounters(Dictionary<string, Counter> mine, Dictionary<string, Counter> theirs, int cap)
            {
                bool all = true;
                foreach (var kv in theirs)
                {
                    if (mine.TryGetValue(kv.Key, out var c)) c.Merge(kv.Value);
                    else if (mine.Count < cap) mine[kv.Key] = kv.Value;
                    else all = false;
                }
                return all;
            }

            public NhiTools.Usage ToUsage(Dictionary<string, Coverage> coverage)
            {
                var u = new NhiTools.Usage { IdentityId = Id, Name = Name, Provider = Provider, Known = Events > 0 };
                if (!u.Known) return u;
                var covs = Coverage.Select(k => coverage[k]).OrderBy(c => c.Origin, StringComparer.Ordinal).ThenBy(c => c.Account, StringComparer.Ordinal).ToList();
                u.WindowStart = covs.Min(c => c.First);
                u.WindowEnd = covs.Max(c => c.Last);
                u.Logs = covs.Select(c => c.ToString()).ToArray();
                u.FirstSeen = First;
                u.LastSeen = Last;
                u.Events = Events;
                var flows = Flows.Values.ToList();
                if (_overflow != null) flows.Add(_overflow);
                u.Workloads = Workloads.Cluster(Id, flows.Select(f => new Workloads.Raw
                {
                    From = f.From, Agent = f.Agent, ClientApp = f.ClientApp, First = f.First, Last = f.Last, Events = f.Events,
                    Interactive = f.Interactive, Credentials = f.Credentials,
                }));
                u.Services = Counts(Services);
                u.Actions = Counts(Actions);
                u.Resources = Counts(Resources);
                u.ResourcesCapped = ResourcesCapped;
                return u;
            }

            private static UsageCount[] Counts(Dictionary<string, Counter> d) =>
                d.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                 .Select(kv => new UsageCount { Name = kv.Key, Count = kv.Value.Count, LastUsed = kv.Value.Last }).ToArray();
        }
    }
}
