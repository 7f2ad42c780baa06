using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Journal;

namespace NhiTools.Engine.Activity
{
    /// <summary>
    /// A streaming per-identity baseline of behaviour, for NHI-ANOMALOUS-USE. Observe every activity (in any order),
    /// tell it what the inventory and the change journal say about credentials, then ask <see cref="Anomalies"/> at an
    /// AsOf: the part of the logs older than the policy's AnomalyRecentDays is the baseline, the recent part is compared
    /// with it. Memory grows with identities x distinct networks, countries, regions, actions and credentials (each
    /// with a bitset of active days), never with events.
    /// </summary>
    public sealed class BehaviourBaseline
    {
        // Bounds on what one identity can make us keep (a runaway caller cannot grow memory with events).
        private const int MaxFeaturesPerIdentity = 2000, DayEvents = 16;
        private readonly Dictionary<string, Subject> _byId = new Dictionary<string, Subject>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Subject> _byKey = new Dictionary<string, Subject>(StringComparer.OrdinalIgnoreCase);
        private readonly List<Subject> _subjects = new List<Subject>();
        // From the journal: credential id -> when and how it was retired; identity id -> when it was quarantined.
        private readonly Dictionary<string, Retirement> _retired = new Dictionary<string, Retirement>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Retirement> _quarantined = new Dictionary<string, Retirement>(StringComparer.OrdinalIgnoreCase);
        // From the inventory: identity id -> its credentials.
        private readonly Dictionary<string, Credential[]> _inventory = new Dictionary<string, Credential[]>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Activities observed (Access Advisor rows are not events and are not counted).</summary>
        public long Count { get; private set; }

        /// <summary>Identities with at least one observed event.</summary>
        public int Identities => _subjects.Count;

        /// <summary>Folds one activity into its identity's baseline. Activities no identity is linked to are ignored.</summary>
        public void Observe(NhiTools.Activity a)
        {
            if (a == null || a.Origin == ActivityOrigins.AccessAdvisor) return;
            // A person's interactive sign-in to Entra is not a workload's behaviour.
            if (a.Origin == ActivityOrigins.EntraSignIn && a.Interactive) return;
            Subject s = null;
            if (a.Provider != "Entra")
            {
                // The hot path (CloudTrail): one lookup by identity id, no key built per event.
                if (a.IdentityId == null) return;
                if (!_byId.TryGetValue(a.IdentityId, out s)) { s = new Subject(); _subjects.Add(s); _byId[a.IdentityId] = s; }
            }
            else
            {
                // Entra: a log cannot tell entra:app from entra:sp, so the appId and object id key the identity too.
                var keys = ActivityIndex.Keys(a);
                if (keys.Count == 0) return;
                foreach (var k in keys) if (_byKey.TryGetValue(k, out s)) break;
                if (s == null) { s = new Subject(); _subjects.Add(s); }
                foreach (var k in keys) _byKey[k] = s;
            }
            Count++;
            if (s.Id == null) s.Id = a.IdentityId;
            if (a.IdentityName != null) s.Name = a.IdentityName;

            var ev = new Ev(a);
            int day = Day(a.When);
            s.Days.Set(day);
            if (a.When < s.First) s.First = a.When;
            if (s.Last.Action == null || a.When > s.Last.When) s.Last = ev;
            if (!s.DayFirst.TryGetValue(day, out var df) || a.When < df.When)
            {
                s.DayFirst[day] = ev;
                if (s.DayFirst.Count > DayEvents) s.DayFirst.RemoveAt(0); // keep the latest days: the recent part is what is asked about
            }

            string net;
            if (a.From != null && a.From == s.LastFrom) net = s.LastNetwork;
            else { net = Network(a.From); s.LastFrom = a.From; s.LastNetwork = net; }
            if (net != null) s.Note(FeatureKind.Network, net, ev, day);
            if (a.Origin == ActivityOrigins.EntraSignIn) { string country = Country(a.Region); if (country != null) s.Note(FeatureKind.Country, country, ev, day); }
            else if (a.Origin == ActivityOrigins.CloudTrail && !string.IsNullOrEmpty(a.Region)) s.Note(FeatureKind.Region, a.Region, ev, day);
            string action = ActionKey(a);
            if (action != null) s.Note(FeatureKind.Action, action, ev, day);
            if (IsLongTermCredential(a.CredentialId)) s.Note(FeatureKind.Credential, a.CredentialId, ev, day);
        }

        /// <summary>What the inventory says of an identity's credentials (Inactive, or gone since the logs used them).</summary>
        public void Know(Identity identity)
        {
            if (identity?.Id == null) return;
            _inventory[identity.Id] = identity.Credentials ?? Array.Empty<Credential>();
        }

        /// <summary>A credential retired (deleted, deactivated, removed) at <paramref name="when"/>: any later use is an anomaly.</summary>
        public void Retire(string credentialId, DateTime when, string how)
        {
            if (string.IsNullOrEmpty(credentialId)) return;
            if (!_retired.TryGetValue(credentialId, out var r) || when < r.When) _retired[credentialId] = new Retirement { When = when, How = how };
        }

        /// <summary>An identity quarantined (disabled, deleted) by cleanup at <paramref name="when"/>: any later use is an anomaly.</summary>
        public void Quarantine(string identityId, DateTime when, string how)
        {
            if (string.IsNullOrEmpty(identityId)) return;
            _quarantined[identityId] = new Retirement { When = when, How = how };
        }

        /// <summary>
        /// Reads the change journal (oldest first): rotation and cleanup steps that retired a credential
        /// (DeleteAccessKey, DeactivateAccessKey, RemovePassword, DeactivateCredential, DeleteCredential) or quarantined an
        /// identity (Disable, DeleteIdentity); a later reactivation or enable undoes it.
        /// </summary>
        public void ReadJournal(IEnumerable<ChangeRecord> changes)
        {
            if (changes == null) return;
            foreach (var c in changes.OrderBy(x => x.At))
            {
                if (c == null || c.Action == null) continue;
                // Started records say what is about to happen; only a finished change counts.
                if (!string.Equals(c.Outcome, "Done", StringComparison.OrdinalIgnoreCase) && !string.Equals(c.Outcome, "AlreadyGone", StringComparison.OrdinalIgnoreCase)) continue;
                string how = c.Action + " on " + Analysis.Text.Day(c.At) + (string.IsNullOrEmpty(c.Actor) ? "" : " by " + c.Actor) + " (journal)";
                switch (c.Action)
                {
                    case "DeleteAccessKey":
                    case "DeactivateAccessKey":
                    case "RemovePassword":
                    case "DeactivateCredential":
                    case "DeleteCredential":
                        Retire(c.Target, c.At, how);
                        break;
                    case "ReactivateAccessKey":
                    case "ReactivateCredential":
                        if (c.Target != null) _retired.Remove(c.Target);
                        break;
                    case "Disable":
                    case "DeleteIdentity":
                        Quarantine(c.IdentityId, c.At, how);
                        break;
                    case "Enable":
                    case "RestoreIdentity":
                        if (c.IdentityId != null) _quarantined.Remove(c.IdentityId);
                        break;
                }
            }
        }

        /// <summary>Every anomaly at <paramref name="asOf"/>, for every observed identity.</summary>
        public IReadOnlyList<Anomaly> Anomalies(DateTime asOf, FindingPolicy policy = null)
        {
            policy = policy ?? FindingPolicy.Default;
            var all = new List<Anomaly>();
            foreach (var s in _subjects)
            {
                _inventory.TryGetValue(s.Id ?? "", out var creds);
                all.AddRange(Evaluate(s, s.Id, creds, asOf, policy));
            }
            return all;
        }

        /// <summary>The anomalies of one identity (linked as ActivityIndex links it), or none when no log names it.</summary>
        internal IReadOnlyList<Anomaly> For(string identityId, string provider, string nativeId, Credential[] credentials, DateTime asOf, FindingPolicy policy)
        {
            Subject s = null;
            if (identityId != null && !_byId.TryGetValue(identityId, out s)) _byKey.TryGetValue("id:" + identityId, out s);
            if (s == null && nativeId != null && string.Equals(provider, "Entra", StringComparison.OrdinalIgnoreCase))
                _byKey.TryGetValue((identityId != null && identityId.StartsWith("entra:app:", StringComparison.OrdinalIgnoreCase) ? "app:" : "obj:") + nativeId, out s);
            if (s == null) return Array.Empty<Anomaly>();
            return Evaluate(s, identityId, credentials, asOf, policy);
        }

        private List<Anomaly> Evaluate(Subject s, string identityId, Credential[] creds, DateTime asOf, FindingPolicy p)
        {
            var found = new List<Anomaly>();
            int asOfDay = Day(asOf);
            var recentStart = asOf.AddDays(-p.AnomalyRecentDays);
            int recentDay = Day(recentStart);

            // 1. A credential that was rotated away or an identity quarantined is used at all: no baseline needed.
            foreach (var f in s.Features)
            {
                if (f.Kind != FeatureKind.Credential) continue;
                var retired = RetirementOf(f, creds, p);
                if (retired == null) continue;
                var use = UseAfter(f.Days, f.First, f.Last, s, retired.When, asOf);
                if (use == null) continue;
                found.Add(new Anomaly
                {
                    IdentityId = identityId ?? s.Id, IdentityName = s.Name, Kind = AnomalyKind.RetiredCredentialUsed, CredentialId = f.Value,
                    When = use.Value.When, Action = use.Value.Action, From = use.Value.From, Region = use.Value.Region, Result = use.Value.Result,
                    Value = f.Value,
                    Evidence = "Credential " + f.Value + " was retired (" + retired.How + ") and used again: " + use.Value.Describe(false)
                        + "; used on " + f.Days.Count(Day(retired.When) + 1, asOfDay) + " " + Plural(f.Days.Count(Day(retired.When) + 1, asOfDay), "day", "days") + " since.",
                });
            }
            if (identityId != null && _quarantined.TryGetValue(identityId, out var q))
            {
                var use = UseAfter(s.Days, s.FirstEvent, s.Last, s, q.When, asOf);
                if (use != null)
                    found.Add(new Anomaly
                    {
                        IdentityId = identityId, IdentityName = s.Name, Kind = AnomalyKind.QuarantinedIdentityUsed, CredentialId = use.Value.CredentialId,
                        When = use.Value.When, Action = use.Value.Action, From = use.Value.From, Region = use.Value.Region, Result = use.Value.Result,
                        Evidence = "The identity was quarantined (" + q.How + ") and used again: " + use.Value.Describe(true) + ".",
                    });
            }

            // 2. Behaviour that changed needs a baseline long enough to say what is usual.
            if (s.First >= recentStart) return found;
            int baselineDays = recentDay - Day(s.First);
            if (baselineDays < p.AnomalyMinBaselineDays) return found;
            string since = " " + Analysis.Text.Day(s.First) + " to " + Analysis.Text.Day(recentStart.AddDays(-1));
            var highRisk = p.AnomalyHighRiskActions ?? Array.Empty<string>();

            foreach (var f in s.Features.OrderBy(x => x.Kind).ThenBy(x => x.First.When))
            {
                if (f.Kind == FeatureKind.Credential) continue;
                // New: first seen in the recent part (at or before AsOf), never in the baseline.
                if (f.First.When < recentStart || f.First.When > asOf) continue;
                if (f.Kind == FeatureKind.Action && !IsHighRisk(f.Value, highRisk)) continue;
                var kind = f.Kind == FeatureKind.Network ? AnomalyKind.NewNetwork : f.Kind == FeatureKind.Country ? AnomalyKind.NewCountry
                    : f.Kind == FeatureKind.Region ? AnomalyKind.NewRegion : AnomalyKind.NewHighRiskAction;
                string what = f.Kind == FeatureKind.Network ? "from a new network " + f.Value
                    : f.Kind == FeatureKind.Country ? "from a new country " + f.Value
                    : f.Kind == FeatureKind.Region ? "in a new region " + f.Value
                    : "for a high-risk action it never called before, " + f.Value;
                found.Add(new Anomaly
                {
                    IdentityId = identityId ?? s.Id, IdentityName = s.Name, Kind = kind, Value = f.Value, CredentialId = f.First.CredentialId,
                    When = f.First.When, Action = f.First.Action, From = f.First.From, Region = f.First.Region, Result = f.First.Result,
                    Evidence = "Used " + what + ": " + f.First.Describe(true) + (f.Count > 1 ? " (" + f.Count + " events on " + f.Days.Count(recentDay, asOfDay) + " " + Plural(f.Days.Count(recentDay, asOfDay), "day", "days") + ")" : "")
                        + ". Baseline" + since + ": " + BaselineOf(s, f.Kind, recentDay) + ".",
                });
            }

            // Back after long dormancy: the first active day of the recent part and the active day before it.
            int comeback = s.Days.Next(recentDay, asOfDay);
            if (comeback >= 0)
            {
                int before = s.Days.Previous(comeback - 1);
                if (before >= 0 && comeback - before >= p.AnomalyDormantDays)
                {
                    s.DayFirst.TryGetValue(comeback, out var e);
                    found.Add(new Anomaly
                    {
                        IdentityId = identityId ?? s.Id, IdentityName = s.Name, Kind = AnomalyKind.BackFromDormancy, CredentialId = e.CredentialId,
                        When = e.Action != null ? e.When : FromDay(comeback), Action = e.Action, From = e.From, Region = e.Region, Result = e.Result,
                        Evidence = "Used again " + (comeback - before) + " days after its last use (" + Analysis.Text.Day(FromDay(before)) + "): "
                            + (e.Action != null ? e.Describe(true) : "on " + Analysis.Text.Day(FromDay(comeback))) + ". Baseline" + since + ": active on "
                            + s.Days.Count(Day(s.First), recentDay - 1) + " days.",
                    });
                }
            }
            return found;
        }

        /// <summary>When a credential stopped being valid, by the journal, or by the inventory: Inactive, or gone after a newer one was issued.</summary>
        private Retirement RetirementOf(Feature f, Credential[] creds, FindingPolicy p)
        {
            if (_retired.TryGetValue(f.Value, out var r)) return r;
            if (creds == null || creds.Length == 0) return null;
            var mine = creds.FirstOrDefault(c => c != null && string.Equals(c.Id, f.Value, StringComparison.OrdinalIgnoreCase));
            if (mine != null)
            {
                if (mine.Enabled) return null;
                // Inactive: valid uses end at its recorded last use, else at the issue of the newest other credential.
                DateTime? at = mine.LastUsedOn ?? creds.Where(c => c != null && c != mine && c.CreatedOn.HasValue).Select(c => c.CreatedOn).Max();
                return at.HasValue ? new Retirement { When = at.Value, How = "Inactive in the inventory" + (mine.LastUsedOn.HasValue ? ", last used " + Analysis.Text.Day(mine.LastUsedOn.Value) : "") } : null;
            }
            // Gone from the inventory. Only where the inventory names every credential of this kind by id (an access key of a
            // credential report without list-access-keys is "access_key_1"), and a newer one replaced it after its first use.
            bool aws = f.Value.StartsWith("AKIA", StringComparison.Ordinal);
            // Entra: only a keyId can be matched to the inventory; a certificate's thumbprint in a sign-in is not an id it lists.
            if (!aws && !Guid.TryParse(f.Value, out _)) return null;
            var sameKind = creds.Where(c => c != null && (aws ? c.Type == CredentialType.AccessKey : c.Type == CredentialType.ClientSecret || c.Type == CredentialType.Certificate)).ToList();
            if (sameKind.Count == 0 || sameKind.Any(c => string.IsNullOrEmpty(c.Id) || c.Id.StartsWith("access_key_", StringComparison.Ordinal))) return null;
            var replaced = sameKind.Where(c => c.CreatedOn.HasValue && c.CreatedOn.Value > f.First.When).Select(c => c.CreatedOn.Value).DefaultIfEmpty(DateTime.MinValue).Min();
            if (replaced == DateTime.MinValue) return null;
            var replacement = sameKind.First(c => c.CreatedOn == replaced);
            return new Retirement
            {
                When = replaced.AddDays(p.AnomalyRotationGraceDays),
                How = "gone from the inventory; replaced by " + replacement.Id + " on " + Analysis.Text.Day(replaced) + (p.AnomalyRotationGraceDays > 0 ? ", " + p.AnomalyRotationGraceDays + " grace " + Plural(p.AnomalyRotationGraceDays, "day", "days") : ""),
            };
        }

        /// <summary>An event after <paramref name="after"/> and at or before AsOf: the latest known, else the first of the first active day.</summary>
        private static Ev? UseAfter(DaySet days, Ev first, Ev last, Subject s, DateTime after, DateTime asOf)
        {
            if (last.Action != null && last.When > after && last.When <= asOf) return last;
            if (first.Action != null && first.When > after && first.When <= asOf) return first;
            int d = days.Next(Day(after) + 1, Day(asOf));
            if (d < 0) return null;
            if (s.DayFirst.TryGetValue(d, out var e) && e.When > after) return e;
            return new Ev { When = FromDay(d), Action = "(an event)" };
        }

        private static string BaselineOf(Subject s, FeatureKind kind, int recentDay)
        {
            var seen = s.Features.Where(x => x.Kind == kind)
                .Select(x => new { x.Value, Days = x.Days.Count(int.MinValue / 2, recentDay - 1), First = x.First.When })
                .Where(x => x.Days > 0).OrderByDescending(x => x.Days).ThenBy(x => x.Value, StringComparer.Ordinal).ToList();
            string noun = kind == FeatureKind.Network ? "from " : kind == FeatureKind.Country ? "from " : kind == FeatureKind.Region ? "in " : "";
            if (seen.Count == 0)
                return kind == FeatureKind.Action ? "no high-risk action; active on " + s.Days.Count(Day(s.First), recentDay - 1) + " days" : "no " + kind.ToString().ToLowerInvariant() + " recorded";
            if (kind == FeatureKind.Action)
                return "called " + string.Join(", ", seen.Take(5).Select(x => x.Value)) + (seen.Count > 5 ? ", ..." : "");
            return "seen " + string.Join("; ", seen.Take(3).Select(x => noun + x.Value + " on " + x.Days + " " + Plural(x.Days, "day", "days") + " since " + Analysis.Text.Day(x.First)))
                + (seen.Count > 3 ? "; and " + (seen.Count - 3) + " more" : "");
        }

        private static bool IsHighRisk(string action, string[] patterns)
        {
            foreach (var p in patterns)
                if (!string.IsNullOrEmpty(p) && Glob(action, p)) return true;
            return false;
        }

        /// <summary>Case-insensitive match where * stands for any run of characters.</summary>
        internal static bool Glob(string text, string pattern)
        {
            var parts = pattern.Split('*');
            if (parts.Length == 1) return string.Equals(text, pattern, StringComparison.OrdinalIgnoreCase);
            if (!text.StartsWith(parts[0], StringComparison.OrdinalIgnoreCase)) return false;
            int at = parts[0].Length;
            for (int i = 1; i < parts.Length - 1; i++)
            {
                if (parts[i].Length == 0) continue;
                int found = text.IndexOf(parts[i], at, StringComparison.OrdinalIgnoreCase);
                if (found < 0) return false;
                at = found + parts[i].Length;
            }
            string last = parts[parts.Length - 1];
            return text.Length - at >= last.Length && text.EndsWith(last, StringComparison.OrdinalIgnoreCase);
        }

        private static readonly Regex RoleArn = new Regex(@"arn:aws[a-z-]*:iam::(\d{12}):role/", RegexOptions.Compiled | RegexOptions.CultureInvariant);

        /// <summary>The action as a feature: AWS actions as logged, AssumeRole into another account named with it; Entra directory changes by a workload.</summary>
        private static string ActionKey(NhiTools.Activity a)
        {
            if (string.IsNullOrEmpty(a.Action)) return null;
            if (a.Origin == ActivityOrigins.EntraSignIn || a.Action == "signin:ConsoleLogin") return null;
            if (a.Origin == ActivityOrigins.EntraAudit && a.Interactive) return null;
            if (a.Action.Equals("sts:AssumeRole", StringComparison.OrdinalIgnoreCase) && a.Resource != null)
            {
                var m = RoleArn.Match(a.Resource);
                string own = a.Account ?? a.RecipientAccount;
                if (m.Success && own != null && m.Groups[1].Value != own) return "sts:AssumeRole into " + m.Groups[1].Value;
            }
            return a.Action;
        }

        private static bool IsLongTermCredential(string id) =>
            !string.IsNullOrEmpty(id) && !id.StartsWith("ASIA", StringComparison.Ordinal); // a session key belongs to one session

        /// <summary>The /24 of an IPv4 address or the /48 of an IPv6 one; null when <paramref name="from"/> is not an address (an AWS service).</summary>
        public static string Network(string from)
        {
            if (string.IsNullOrEmpty(from) || !IPAddress.TryParse(from.Trim(), out var ip)) return null;
            if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
            var b = ip.GetAddressBytes();
            if (ip.AddressFamily == AddressFamily.InterNetwork) return b[0] + "." + b[1] + "." + b[2] + ".0/24";
            if (ip.AddressFamily != AddressFamily.InterNetworkV6) return null;
            for (int i = 6; i < 16; i++) b[i] = 0;
            return new IPAddress(b).ToString() + "/48";
        }

        /// <summary>The country of an Entra sign-in location ("Bucharest, RO" -> RO).</summary>
        private static string Country(string location)
        {
            if (string.IsNullOrWhiteSpace(location)) return null;
            int comma = location.LastIndexOf(", ", StringComparison.Ordinal);
            return comma < 0 ? location.Trim() : location.Substring(comma + 2).Trim();
        }

        private static readonly DateTime Epoch = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        internal static int Day(DateTime when) => (int)Math.Floor((when - Epoch).TotalDays);
        private static DateTime FromDay(int day) => Epoch.AddDays(day);
        private static string Plural(int n, string one, string many) => n == 1 ? one : many;

        private sealed class Retirement
        {
            public DateTime When;
            public string How;
        }

        private enum FeatureKind { Network, Country, Region, Action, Credential }

        /// <summary>One event as evidence: never a secret (key ids are identifiers).</summary>
        private struct Ev
        {
            public DateTime When;
            public string Action, From, Region, CredentialId, Result;

            public Ev(NhiTools.Activity a)
            {
                When = a.When; Action = a.Action; From = a.From; Region = a.Region; CredentialId = a.CredentialId; Result = a.Result;
            }

            public string Describe(bool withKey)
            {
                var parts = new List<string> { When.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC", Action };
                if (From != null) parts.Add("from " + From);
                if (Region != null) parts.Add("in " + Region);
                if (withKey && CredentialId != null) parts.Add("with " + CredentialId);
                if (Result != null && !ActivityResults.IsSuccess(Result)) parts.Add("(" + Result + ")");
                return string.Join(" ", parts);
            }
        }

        private sealed class Feature
        {
            public FeatureKind Kind;
            public string Value;
            public readonly DaySet Days = new DaySet();
            public Ev First, Last;
            public long Count;
            public int LastDay = int.MinValue;
        }

        private sealed class Subject
        {
            public string Id, Name;
            public DateTime First = DateTime.MaxValue;
            public Ev Last;
            public Ev FirstEvent => DayFirst.Count > 0 ? DayFirst.Values[0] : Last;
            public readonly DaySet Days = new DaySet();
            public readonly SortedList<int, Ev> DayFirst = new SortedList<int, Ev>();
            // One map per kind (no key concatenation per event); Features enumerates them all.
            private readonly Dictionary<string, Feature>[] _byKind =
            {
                new Dictionary<string, Feature>(StringComparer.OrdinalIgnoreCase), new Dictionary<string, Feature>(StringComparer.OrdinalIgnoreCase),
                new Dictionary<string, Feature>(StringComparer.OrdinalIgnoreCase), new Dictionary<string, Feature>(StringComparer.Ordinal),
                new Dictionary<string, Feature>(StringComparer.Ordinal),
            };
            private readonly Feature[] _last = new Feature[5];
            private int _featureCount;
            // The last address seen and its network: a workload calls from the same address again and again.
            public string LastFrom, LastNetwork;

            public IEnumerable<Feature> Features => _byKind.SelectMany(d => d.Values);

            public void Note(FeatureKind kind, string value, Ev ev, int day)
            {
                // The same value as last time (a workload repeats itself) skips the hash lookup.
                var f = _last[(int)kind];
                if (f == null || !string.Equals(f.Value, value, StringComparison.Ordinal))
                {
                    var map = _byKind[(int)kind];
                    if (!map.TryGetValue(value, out f))
                    {
                        if (_featureCount >= MaxFeaturesPerIdentity) return;
                        map[value] = f = new Feature { Kind = kind, Value = value, First = ev, Last = ev };
                        _featureCount++;
                    }
                    _last[(int)kind] = f;
                }
                f.Count++;
                if (day != f.LastDay) { f.Days.Set(day); f.LastDay = day; } // most events fall on a day already marked
                if (ev.When < f.First.When) f.First = ev;
                if (ev.When > f.Last.When) f.Last = ev;
            }
        }

        /// <summary>A set of day numbers as a growable bitset: a year of days is 6 longs.</summary>
        private sealed class DaySet
        {
            private int _base;
            private ulong[] _bits;

            public void Set(int day)
            {
                if (_bits == null) { _base = day & ~63; _bits = new ulong[1]; }
                if (day < _base)
                {
                    int grow = ((_base - day) + 63) / 64;
                    var n = new ulong[_bits.Length + grow];
                    Array.Copy(_bits, 0, n, grow, _bits.Length);
                    _bits = n;
                    _base -= grow * 64;
                }
                int i = (day - _base) >> 6;
                if (i >= _bits.Length) Array.Resize(ref _bits, i + 1);
                _bits[i] |= 1UL << ((day - _base) & 63);
            }

            public bool Has(int day)
            {
                if (_bits == null || day < _base) return false;
                int i = (day - _base) >> 6;
                return i < _bits.Length && (_bits[i] & (1UL << ((day - _base) & 63))) != 0;
            }

            private int Lo => _bits == null ? 0 : _base;
            private int Hi => _bits == null ? -1 : _base + _bits.Length * 64 - 1;

            /// <summary>Active days in [from, to].</summary>
            public int Count(int from, int to)
            {
                int n = 0;
                for (int d = Math.Max(from, Lo); d <= Math.Min(to, Hi); d++) if (Has(d)) n++;
                return n;
            }

            /// <summary>The first active day in [from, to], or -1.</summary>
            public int Next(int from, int to)
            {
                for (int d = Math.Max(from, Lo); d <= Math.Min(to, Hi); d++) if (Has(d)) return d;
                return -1;
            }

            /// <summary>The last active day at or before <paramref name="day"/>, or -1.</summary>
            public int Previous(int day)
            {
                for (int d = Math.Min(day, Hi); d >= Lo; d--) if (Has(d)) return d;
                return -1;
            }
        }
    }

    /// <summary>What changed in an identity's behaviour.</summary>
    public enum AnomalyKind
    {
        NewNetwork,
        NewCountry,
        NewRegion,
        NewHighRiskAction,
        BackFromDormancy,
        RetiredCredentialUsed,
        QuarantinedIdentityUsed,
    }

    /// <summary>One anomaly: the event that broke the baseline and the evidence naming both. Never a secret value.</summary>
    public sealed class Anomaly
    {
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        public AnomalyKind Kind { get; set; }
        /// <summary>The new network, country, region or action; the retired credential id.</summary>
        public string Value { get; set; }
        public DateTime When { get; set; }
        public string Action { get; set; }
        public string From { get; set; }
        public string Region { get; set; }
        public string CredentialId { get; set; }
        public string Result { get; set; }
        public string Evidence { get; set; }
        public override string ToString() => Kind + " " + IdentityId + ": " + Evidence;
    }
}
