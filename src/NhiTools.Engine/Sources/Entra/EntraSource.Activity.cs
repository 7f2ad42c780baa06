using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using NhiTools.Engine.Activity;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Entra
{
    /// <summary>
    /// Live activity (Get-NhiActivity without -Path): workload sign-ins from beta auditLogs/signIns (only beta has
    /// signInEventTypes, so only beta lists servicePrincipal and managedIdentity sign-ins) and directory audits from
    /// v1.0 auditLogs/directoryAudits. Identity and time are filtered by Graph; items go through the offline mapping
    /// (<see cref="EntraEvents"/>), so a live read and a read of the same events exported to files are equal.
    /// </summary>
    public sealed partial class EntraSource : ILiveActivitySource
    {
        /// <summary>
        /// Above this many identities one whole-tenant read (3 listings) costs fewer requests than 2 filtered listings
        /// per identity; the identities are then picked out here instead of by Graph.
        /// </summary>
        internal const int PerIdentityLimit = 20;

        /// <summary>One listing: what it is called in messages, its first URL, and whether it holds sign-ins.</summary>
        internal sealed class ActivityListing
        {
            public string What;
            public string Url;
            public bool SignIns;
        }

        public IEnumerable<NhiTools.Activity> ReadActivity(IHostContext host, ActivityQuery query)
        {
            if (query == null) throw new ArgumentNullException(nameof(query));
            host = host ?? NullHostContext.Instance;
            var identities = (query.Identities ?? Array.Empty<Identity>()).Where(i => i != null && string.Equals(i.Provider, Provider, StringComparison.OrdinalIgnoreCase)).ToList();
            var linker = identities.Count > 0 ? IdentityLinker.From(identities) : null;
            var budget = new RetryBudget(_options.MaxThrottleWait, _options.MaxAttempts, _options.MaxRequestWait);
            var listings = ActivityListings(query, identities, Math.Max(1, Math.Min(999, _options.PageSize)));
            int done = 0;
            foreach (var listing in listings)
            {
                host.WriteProgress(new ProgressInfo { Activity = "Reading Entra activity", Status = listing.What, PercentComplete = done * 100 / listings.Count });
                foreach (var a in ReadListing(host, listing, budget))
                {
                    // Linked as the offline reader links with -Identity; with identities given, only theirs.
                    if (linker != null && !linker.Link(a)) continue;
                    yield return a;
                }
                done++;
            }
            host.WriteProgress(new ProgressInfo { Activity = "Reading Entra activity", Completed = true, PercentComplete = 100 });
        }

        /// <summary>Pages through one listing; a page that fails after its retries ends the read with an error.</summary>
        private IEnumerable<NhiTools.Activity> ReadListing(IHostContext host, ActivityListing listing, RetryBudget budget)
        {
            var url = listing.Url;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int page = 0, events = 0;
            while (url != null)
            {
                page++;
                host.CancellationToken.ThrowIfCancellationRequested();
                using (var doc = GetPage(host, listing.What, page, url, budget))
                {
                    var root = doc.RootElement;
                    if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
                        throw EntraErrors.ListFailed_(listing.What, page, new GraphFailure { Status = 200, Message = "the answer has no value array" });
                    foreach (var item in value.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.Object) continue;
                        var a = listing.SignIns ? EntraEvents.FromSignIn(item, _source) : EntraEvents.FromAudit(item, _source);
                        if (a == null) continue;
                        events++;
                        yield return a;
                    }
                    url = root.TryGetProperty("@odata.nextLink", out var next) && next.ValueKind == JsonValueKind.String && next.GetString().Length > 0 ? next.GetString() : null;
                    if (url != null && !seen.Add(url))
                        throw EntraErrors.ListFailed_(listing.What, page, new GraphFailure { Status = 200, Message = "Graph returned the same nextLink twice" });
                }
            }
            host.WriteVerbose("Entra activity: " + listing.What + ": " + events + " event(s) in " + page + " page(s).");
        }

        private JsonDocument GetPage(IHostContext host, string what, int page, string url, RetryBudget budget)
        {
            try
            {
                var doc = Sync((onRetry, ct) => _graph.GetAsync(url, what, budget, onRetry, ct), host);
                return doc ?? throw new GraphRequestException(new GraphFailure { Status = 204, Message = "empty answer" });
            }
            catch (GraphRequestException ex)
            {
                throw EntraErrors.ListFailed_(what, page, ex.Failure);
            }
            catch (JsonException ex)
            {
                throw EntraErrors.ListFailed_(what, page, new GraphFailure { Status = 200, Message = "unreadable answer: " + ex.Message, Inner = ex });
            }
        }

        /// <summary>
        /// The listings a query needs. Whole tenant (or more than <see cref="PerIdentityLimit"/> identities): service
        /// principal sign-ins, managed identity sign-ins and every directory audit in the window. Otherwise two per
        /// identity: its sign-ins of its own event type and the audits it initiated, each filtered by Graph (audits of
        /// a nameless service principal known only by object id: one unfiltered audit listing, picked here).
        /// </summary>
        internal List<ActivityListing> ActivityListings(ActivityQuery query, IReadOnlyList<Identity> identities, int top)
        {
            var list = new List<ActivityListing>();
            string signIns = _graph.BetaUrl + "/auditLogs/signIns", audits = _graph.BaseUrl + "/auditLogs/directoryAudits";
            string signInTime = Window("createdDateTime", query.From, query.To), auditTime = Window("activityDateTime", query.From, query.To);
            if (identities.Count == 0 || identities.Count > PerIdentityLimit)
            {
                list.Add(Listing("service principal sign-ins", signIns, true, top, signInTime, EventType("servicePrincipal")));
                list.Add(Listing("managed identity sign-ins", signIns, true, top, signInTime, EventType("managedIdentity")));
                list.Add(Listing("directory audits", audits, false, top, auditTime));
                return list;
            }
            var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            bool allAudits = false;
            foreach (var i in identities)
            {
                if (!Target(i, out var byAppId, out var key, out var managed) || !done.Add((byAppId ? "app:" : "obj:") + key)) continue;
                string name = i.Name ?? key;
                list.Add(Listing((managed ? "managed identity sign-ins of " : "service principal sign-ins of ") + name, signIns, true, top, signInTime,
                    EventType(managed ? "managedIdentity" : "servicePrincipal"), (byAppId ? "appId" : "servicePrincipalId") + " eq '" + key + "'"));
                // directoryAudits filters initiatedBy/app by appId or displayName only (not servicePrincipalId): a
                // service principal known by object id is asked for by name, and the linker drops namesakes.
                if (byAppId)
                    list.Add(Listing("directory audits by " + name, audits, false, top, auditTime, "initiatedBy/app/appId eq '" + key + "'"));
                else if (!string.IsNullOrEmpty(i.Name))
                    list.Add(Listing("directory audits by " + name, audits, false, top, auditTime, "initiatedBy/app/displayName eq '" + i.Name.Replace("'", "''") + "'"));
                else allAudits = true;
            }
            if (allAudits) list.Add(Listing("directory audits", audits, false, top, auditTime));
            return list;
        }

        /// <summary>
        /// What Graph filters an identity by: entra:app:&lt;appId&gt; by appId; entra:sp:&lt;objectId&gt; (managed identities,
        /// service principals without an app registration here) by servicePrincipalId. False for ids of other shapes.
        /// </summary>
        private static bool Target(Identity i, out bool byAppId, out string key, out bool managed)
        {
            managed = i.Kind == IdentityKind.ManagedIdentity;
            byAppId = i.Id != null && i.Id.StartsWith("entra:app:", StringComparison.OrdinalIgnoreCase);
            bool bySp = i.Id != null && i.Id.StartsWith("entra:sp:", StringComparison.OrdinalIgnoreCase);
            key = i.NativeId ?? (byAppId ? i.Id.Substring(10) : bySp ? i.Id.Substring(9) : null);
            // Only GUIDs go into a filter: anything else is not an Entra id and must not reach the query text.
            return (byAppId || bySp) && Guid.TryParse(key, out var g) && (key = g.ToString("D")) != null;
        }

        private static ActivityListing Listing(string what, string path, bool signIns, int top, params string[] clauses)
        {
            var filter = string.Join(" and ", clauses.Where(c => !string.IsNullOrEmpty(c)));
            var url = path + "?$top=" + top.ToString(CultureInfo.InvariantCulture) + (filter.Length > 0 ? "&$filter=" + Uri.EscapeDataString(filter) : "");
            return new ActivityListing { What = what, Url = url, SignIns = signIns };
        }

        private static string EventType(string type) => "signInEventTypes/any(t: t eq '" + type + "')";

        private static string Window(string property, DateTime from, DateTime to)
        {
            var parts = new List<string>();
            if (from > DateTime.MinValue) parts.Add(property + " ge " + Iso(from));
            // Whole seconds on the wire: the end is rounded up so no event of its last second is lost.
            if (to < DateTime.MaxValue.AddSeconds(-1)) parts.Add(property + " le " + Iso(to.AddTicks(TimeSpan.TicksPerSecond - 1)));
            return string.Join(" and ", parts);
        }

        private static string Iso(DateTime d) =>
            (d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
