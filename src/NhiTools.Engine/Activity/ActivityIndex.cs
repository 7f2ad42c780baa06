using System;
using System.Collections.Generic;

namespace NhiTools.Engine.Activity
{
    /// <summary>
    /// Activity folded into what the findings rules need, per identity: which services and actions it used and when,
    /// its console logins and interactive sign-ins, its directory changes, and which logs cover it over which period.
    /// Compact: one entry per acting identity, not per event. Fill it, then hand it to the FindingEngine; it is read
    /// only after the last identity, so activities may arrive before or after the identities.
    /// </summary>
    public sealed class ActivityIndex
    {
        private const int MaxActionsPerService = 50, MaxLogins = 5;
        private readonly Dictionary<string, Usage> _byKey = new Dictionary<string, Usage>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Span> _spans = new Dictionary<string, Span>(StringComparer.OrdinalIgnoreCase);

        private readonly HashSet<string> _dataEventServices = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Whether the CloudTrail logs given hold any data event (S3 object, Lambda invoke...) of the service.</summary>
        internal bool HasDataEvents(string service) => service != null && _dataEventServices.Contains(service);

        /// <summary>Activities added.</summary>
        public long Count { get; private set; }

        /// <summary>The behaviour baseline of every identity (NHI-ANOMALOUS-USE), filled by the same activities.</summary>
        public BehaviourBaseline Baseline { get; } = new BehaviourBaseline();

        public void Add(NhiTools.Activity a)
        {
            if (a == null) return;
            Count++;
            Baseline.Observe(a);
            // Event logs cover their whole account (or tenant) from their first to their last event. Logins do not
            // count: a login-only export (lookup-events filtered on ConsoleLogin) says nothing about API use.
            bool covers = a.Origin != ActivityOrigins.AccessAdvisor && !IsLogin(a);
            // A log covers the account it is kept in (recipient), whoever the caller was.
            if (covers) Widen(SpanKey(a.Origin, a.RecipientAccount ?? a.Account), a.When, a.When);
            // Data events are in a trail only where it is set up to record them: note which services have any.
            if (a.Origin == ActivityOrigins.CloudTrail && a.Service != null && LeastPrivilege.IamActions.IsDataEvent(a.Action)) _dataEventServices.Add(a.Service);
            var keys = Keys(a);
            if (keys.Count == 0) return;
            Usage u = null;
            foreach (var k in keys) if (_byKey.TryGetValue(k, out u)) break;
            if (u == null) u = new Usage();
            foreach (var k in keys) _byKey[k] = u;
            u.Add(a);
            if (covers) u.SpanKeys.Add(SpanKey(a.Origin, a.RecipientAccount ?? a.Account));
        }

        internal static bool IsLogin(NhiTools.Activity a) =>
            a.Interactive && (a.Action == "signin:ConsoleLogin" || a.Origin == ActivityOrigins.EntraSignIn);

        internal static List<string> Keys(NhiTools.Activity a)
        {
            var keys = new List<string>(3);
            if (a.IdentityId != null) keys.Add("id:" + a.IdentityId);
            // Entra workloads are keyed by appId and object id too, since a log cannot tell entra:app from entra:sp.
            bool workload = a.Origin == ActivityOrigins.EntraAudit ? !a.Interactive
                : a.Action != null && (a.Action.StartsWith("Sign-in (service", StringComparison.Ordinal) || a.Action.StartsWith("Sign-in (managed", StringComparison.Ordinal));
            if (a.Provider == "Entra" && workload)
            {
                if (a.Principal != null) keys.Add("app:" + a.Principal);
                if (a.PrincipalObjectId != null) keys.Add("obj:" + a.PrincipalObjectId);
            }
            return keys;
        }

        private static string SpanKey(string origin, string account) => origin + "|" + (account ?? "");

        private void Widen(string key, DateTime from, DateTime to)
        {
            if (_spans.TryGetValue(key, out var s)) { if (from < s.From) s.From = from; if (to > s.To) s.To = to; }
            else _spans[key] = new Span { From = from, To = to };
        }

        /// <summary>What the logs say about one identity, or null when no log names it.</summary>
        internal Usage For(string identityId, string provider, string nativeId)
        {
            Usage u = null;
            if (identityId != null) _byKey.TryGetValue("id:" + identityId, out u);
            if (u == null && nativeId != null && string.Equals(provider, "Entra", StringComparison.OrdinalIgnoreCase))
            {
                string key = Ids.IsEntraApp(identityId) ? "app:" + nativeId : "obj:" + nativeId;
                _byKey.TryGetValue(key, out u);
            }
            return u;
        }

        internal Span SpanOf(string spanKey) => _spans.TryGetValue(spanKey, out var s) ? s : null;

        /// <summary>The period one origin's logs cover for a tenant/account (Entra audits: any account).</summary>
        internal Span SpanOfOrigin(string origin)
        {
            Span all = null;
            foreach (var kv in _spans)
            {
                if (!kv.Key.StartsWith(origin + "|", StringComparison.Ordinal)) continue;
                if (all == null) all = new Span { From = kv.Value.From, To = kv.Value.To };
                else { if (kv.Value.From < all.From) all.From = kv.Value.From; if (kv.Value.To > all.To) all.To = kv.Value.To; }
            }
            return all;
        }

        internal sealed class Span
        {
            public DateTime From, To;
        }

        internal sealed class ServiceUse
        {
            public DateTime First = DateTime.MaxValue, Last = DateTime.MinValue;
            public long Count;
            public readonly Dictionary<string, DateTime> Actions = new Dictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);
            public bool ActionsCapped;
            public DateTime? AdvisorLast;
        }

        internal struct Login
        {
            public DateTime When;
            public string From, Action, Origin, Result;
        }

        /// <summary>One identity's activity, folded.</summary>
        internal sealed class Usage
        {
            public readonly Dictionary<string, ServiceUse> Services = new Dictionary<string, ServiceUse>(StringComparer.OrdinalIgnoreCase);
            public readonly HashSet<string> SpanKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            public readonly List<Login> RecentLogins = new List<Login>();
            public long Logins, FailedLogins, Events, DirectoryChanges;
            /// <summary>API calls made from a console session (CloudTrail invokedBy signin.amazonaws.com): a person at work.</summary>
            public long ConsoleCalls;
            public Login? LastConsoleCall;
            public DateTime? PeriodStart, PeriodEnd; // Access Advisor
            public DateTime? LastChange;
            public readonly HashSet<string> Origins = new HashSet<string>(StringComparer.Ordinal);
            public readonly List<KeyValuePair<DateTime, string>> Changes = new List<KeyValuePair<DateTime, string>>();

            public void Add(NhiTools.Activity a)
            {
                Events++;
                Origins.Add(a.Origin ?? "");
                if (a.PeriodEnd.HasValue)
                {
                    if (!PeriodEnd.HasValue || a.PeriodEnd > PeriodEnd) PeriodEnd = a.PeriodEnd;
                    if (!PeriodStart.HasValue || a.PeriodStart < PeriodStart) PeriodStart = a.PeriodStart;
                }
                if (a.Interactive)
                {
                    if (!ActivityResults.IsSuccess(a.Result)) { FailedLogins++; return; }
                    // Only logins and sign-ins are counted as logins; console clicks are use like any other.
                    if (IsLogin(a))
                    {
                        Logins++;
                        RecentLogins.Add(new Login { When = a.When, From = a.From, Action = a.Action, Origin = a.Origin, Result = a.Result });
                        if (RecentLogins.Count > MaxLogins)
                        {
                            RecentLogins.Sort((x, y) => y.When.CompareTo(x.When));
                            RecentLogins.RemoveAt(RecentLogins.Count - 1);
                        }
                        return;
                    }
                    if (a.Origin == ActivityOrigins.CloudTrail)
                    {
                        ConsoleCalls++;
                        if (LastConsoleCall == null || a.When > LastConsoleCall.Value.When)
                            LastConsoleCall = new Login { When = a.When, From = a.From, Action = a.Action, Origin = a.Origin, Result = a.Result };
                    }
                }
                if (a.Origin == ActivityOrigins.EntraAudit)
                {
                    if (!ActivityResults.IsSuccess(a.Result)) return;
                    DirectoryChanges++;
                    if (!LastChange.HasValue || a.When > LastChange) LastChange = a.When;
                    if (Changes.Count < MaxLogins) Changes.Add(new KeyValuePair<DateTime, string>(a.When, a.Action));
                    return;
                }
                // Entra: a failed sign-in reached nothing. AWS: a denied call is logged, but nothing was used.
                if (!ActivityResults.IsSuccess(a.Result)) return;
                string service = a.Service ?? "unknown";
                if (!Services.TryGetValue(service, out var s)) Services[service] = s = new ServiceUse();
                if (a.When < s.First) s.First = a.When;
                if (a.When > s.Last) s.Last = a.When;
                // Access Advisor gives a last access per service (or tracked action), not calls.
                if (a.Origin == ActivityOrigins.AccessAdvisor) { s.AdvisorLast = a.When; return; }
                s.Count++;
                if (a.Action != null)
                {
                    if (s.Actions.TryGetValue(a.Action, out var t)) { if (a.When > t) s.Actions[a.Action] = a.When; }
                    else if (s.Actions.Count < MaxActionsPerService) s.Actions[a.Action] = a.When;
                    else s.ActionsCapped = true;
                }
            }
        }
    }
}
