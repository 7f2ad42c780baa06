using System;
using System.Collections.Generic;
using NhiTools.Engine.Activity;

namespace NhiTools.Engine.LeastPrivilege
{
    /// <summary>
    /// Activity inside a window folded per identity for Get-NhiLeastPrivilege: IAM actions with the resources they
    /// touched, Access Advisor services, Entra resource apps signed in to and directory changes; and, per log and
    /// account, the period each log covers. One entry per identity, not per event, so a trail of any size streams.
    /// </summary>
    internal sealed class ObservedUse
    {
        /// <summary>Distinct resources kept per action; beyond it the action's resource is left at "*".</summary>
        internal const int MaxResourcesPerAction = 20;

        private readonly DateTime _from, _to;
        private readonly Dictionary<string, Use> _byKey = new Dictionary<string, Use>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Span> _spans = new Dictionary<string, Span>(StringComparer.OrdinalIgnoreCase);

        public ObservedUse(DateTime from, DateTime to) { _from = from; _to = to; }

        private readonly HashSet<string> _dataEventServices = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Whether the CloudTrail logs in the window hold any data event of the service (by anyone).</summary>
        public bool HasDataEvents(string service) => _dataEventServices.Contains(service);

        public long Count { get; private set; }

        public void Add(NhiTools.Activity a)
        {
            if (a == null) return;
            // Access Advisor says when a service was last used: inside the window or not, its period is what it covers.
            if (a.Origin != ActivityOrigins.AccessAdvisor && (a.When < _from || a.When > _to)) return;
            Count++;
            bool login = ActivityIndex.IsLogin(a);
            if (a.Origin != ActivityOrigins.AccessAdvisor && !login) Widen(a.Origin + "|" + (a.RecipientAccount ?? a.Account ?? ""), a.When);
            if (a.Origin == ActivityOrigins.CloudTrail && a.Service != null && IamActions.IsDataEvent(a.Action)) _dataEventServices.Add(a.Service);
            var keys = Keys(a);
            if (keys.Count == 0) return;
            Use u = null;
            foreach (var k in keys) if (_byKey.TryGetValue(k, out u)) break;
            if (u == null) u = new Use();
            foreach (var k in keys) _byKey[k] = u;
            u.Add(a, login, _from);
        }

        private static List<string> Keys(NhiTools.Activity a)
        {
            var keys = new List<string>(3);
            if (a.IdentityId != null) keys.Add("id:" + a.IdentityId);
            if (a.Provider == "Entra" && (a.Origin == ActivityOrigins.EntraAudit ? !a.Interactive
                    : a.Action != null && a.Action.StartsWith("Sign-in (", StringComparison.Ordinal) && !a.Action.Contains("interactive")))
            {
                if (a.Principal != null) keys.Add("app:" + a.Principal);
                if (a.PrincipalObjectId != null) keys.Add("obj:" + a.PrincipalObjectId);
            }
            return keys;
        }

        private void Widen(string key, DateTime when)
        {
            if (_spans.TryGetValue(key, out var s)) { if (when < s.From) s.From = when; if (when > s.To) s.To = when; }
            else _spans[key] = new Span { From = when, To = when };
        }

        public Use For(Identity i)
        {
            Use u = null;
            if (i?.Id == null) return null;
            _byKey.TryGetValue("id:" + i.Id, out u);
            if (u == null && i.NativeId != null && string.Equals(i.Provider, "Entra", StringComparison.OrdinalIgnoreCase))
                _byKey.TryGetValue((i.Id.StartsWith("entra:app:", StringComparison.OrdinalIgnoreCase) ? "app:" : "obj:") + i.NativeId, out u);
            return u;
        }

        /// <summary>What one origin's logs cover for one account or tenant (null account: the longest of any).</summary>
        public Span SpanOf(string origin, string account)
        {
            if (account != null) return _spans.TryGetValue(origin + "|" + account, out var s) ? s : null;
            Span best = null;
            foreach (var kv in _spans)
                if (kv.Key.StartsWith(origin + "|", StringComparison.Ordinal) && (best == null || kv.Value.Days > best.Days)) best = kv.Value;
            return best;
        }

        internal sealed class Span
        {
            public DateTime From, To;
            public double Days => (To - From).TotalDays;
        }

        internal sealed class ActionUse
        {
            public long Count;
            public DateTime First = DateTime.MaxValue, Last = DateTime.MinValue;
            public readonly HashSet<string> Resources = new HashSet<string>(StringComparer.Ordinal);
            /// <summary>Some call named no usable resource (or too many): the action's resource stays "*".</summary>
            public bool AnyResource;
            public readonly HashSet<string> Logged = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        }

        internal sealed class Use
        {
            public readonly Dictionary<string, ActionUse> Actions = new Dictionary<string, ActionUse>(StringComparer.OrdinalIgnoreCase);
            public readonly Dictionary<string, long> Unmapped = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            /// <summary>Access Advisor: service (or "service:Action" where it tracks actions) to last use inside the window.</summary>
            public readonly Dictionary<string, DateTime> Advisor = new Dictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);
            public DateTime? AdvisorStart, AdvisorEnd;
            public bool AdvisorNamed;
            public readonly Dictionary<string, ActionUse> SignIns = new Dictionary<string, ActionUse>(StringComparer.OrdinalIgnoreCase);
            public readonly HashSet<string> Accounts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            public readonly List<string> Changes = new List<string>();
            public long ChangeCount, CloudTrailEvents;

            public void Add(NhiTools.Activity a, bool login, DateTime from)
            {
                if (a.Origin == ActivityOrigins.AccessAdvisor)
                {
                    AdvisorNamed = true;
                    if (a.PeriodEnd.HasValue)
                    {
                        if (!AdvisorEnd.HasValue || a.PeriodEnd > AdvisorEnd) AdvisorEnd = a.PeriodEnd;
                        if (!AdvisorStart.HasValue || a.PeriodStart < AdvisorStart) AdvisorStart = a.PeriodStart;
                    }
                    if (a.When < from || a.Action == null) return;
                    string key = a.Action.EndsWith(":*", StringComparison.Ordinal) ? a.Service : a.Action;
                    if (!Advisor.TryGetValue(key, out var t) || a.When > t) Advisor[key] = a.When;
                    return;
                }
                // A denied call, a failed sign-in: nothing was used.
                if (!ActivityResults.IsSuccess(a.Result)) return;
                if (a.Origin == ActivityOrigins.EntraAudit)
                {
                    ChangeCount++;
                    if (a.Action != null && !Changes.Contains(a.Action) && Changes.Count < 10) Changes.Add(a.Action);
                    return;
                }
                if (a.Origin == ActivityOrigins.EntraSignIn)
                {
                    if (login) return; // a person's interactive sign-in is not the workload's use
                    Bump(SignIns, a.Service ?? a.Resource ?? "(unknown resource)", a, null);
                    if (a.Account != null) Accounts.Add(a.Account);
                    return;
                }
                if (a.Origin != ActivityOrigins.CloudTrail || login) return;
                CloudTrailEvents++;
                if (a.RecipientAccount != null || a.Account != null) Accounts.Add(a.RecipientAccount ?? a.Account);
                string action = IamActions.FromEvent(a.Action, out bool none);
                if (action == null)
                {
                    if (!none && a.Action != null) Unmapped[a.Action] = Unmapped.TryGetValue(a.Action, out var n) ? n + 1 : 1;
                    return;
                }
                Bump(Actions, action, a, action);
            }

            private static void Bump(Dictionary<string, ActionUse> map, string key, NhiTools.Activity a, string action)
            {
                if (!map.TryGetValue(key, out var u)) map[key] = u = new ActionUse();
                u.Count++;
                if (a.When < u.First) u.First = a.When;
                if (a.When > u.Last) u.Last = a.When;
                if (a.Action != null && u.Logged.Count < 10) u.Logged.Add(a.Action);
                if (action == null || !IamActions.SupportsResources(action) || u.AnyResource) return;
                // Activity.Resource lists up to three ARNs ("a, b, c, ..."): a cut list hides some, so no narrowing.
                string logged = a.Resource;
                if (string.IsNullOrEmpty(logged) || logged.EndsWith("...", StringComparison.Ordinal)) { u.AnyResource = true; return; }
                string found = null;
                foreach (var part in logged.Split(new[] { ", " }, StringSplitOptions.RemoveEmptyEntries))
                {
                    string r = IamActions.ResourceFor(action, part);
                    if (r == null) continue;
                    found = IamActions.IsS3Object(action) ? IamActions.GeneraliseObject(r) : r;
                    u.Resources.Add(found);
                }
                if (found == null || u.Resources.Count > MaxResourcesPerAction) { u.AnyResource = true; u.Resources.Clear(); }
            }
        }
    }
}
