using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Engine.Sources.Offline.Entra;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Entra
{
    /// <summary>
    /// Reads a tenant's applications and service principals in the fewest Graph requests and maps them with the
    /// Offline source's Graph-JSON mapping (GraphIndex + EntraBuilder), so a live read and a read of the same
    /// data in export files yield the same identities.
    /// <para>
    /// Six collections are listed at once ($top=999, $select of what the mapping reads): service principals
    /// ($expand=owners,appRoleAssignments), users (owner states), delegated grants, the two beta sign-in reports,
    /// and applications ($expand=owners). Objects whose expanded owners or assignments hit Graph's cap of 20 are
    /// completed through $batch before their page is handed on. Worker tasks only talk to Graph; everything the
    /// host sees (objects, warnings, progress) is queued and written here, on the pipeline thread.
    /// </para>
    /// <para>
    /// An application needs its service principal (any page), the resource service principals of its permissions
    /// and the tenant (most common owner organisation of service principals), so applications are mapped once the
    /// service principal index is complete; until then at most <see cref="AppPagesInFlight"/> application pages
    /// are fetched ahead. Memory: the compact index of service principals and users, plus those pages.
    /// </para>
    /// </summary>
    internal sealed class EntraReader
    {
        public const int AppPagesInFlight = 2;
        private const string AppSelect = "id,appId,displayName,createdDateTime,notes,tags,passwordCredentials,keyCredentials";
        private const string SpSelect = "id,appId,displayName,appDisplayName,servicePrincipalType,appOwnerOrganizationId,accountEnabled,createdDateTime,notes,tags,passwordCredentials,keyCredentials,appRoles";
        private const string UserSelect = "id,userPrincipalName,accountEnabled";
        private const string GrantSelect = "id,clientId,consentType,resourceId,scope";

        private readonly EntraGraph _graph;
        private readonly EntraConnectOptions _options;
        private readonly string _source;
        private Action<string> _sponsorWarning;

        public EntraReader(EntraGraph graph, EntraConnectOptions options, string source)
        {
            _graph = graph;
            _options = options;
            _source = source;
        }

        private enum Coll { ServicePrincipals, Users, Grants, SpSignIns, CredentialSignIns, Applications }

        /// <summary>How a collection's failure is handled.</summary>
        private enum Need
        {
            /// <summary>Any failure stops the read (identities would be wrong without it).</summary>
            Required,
            /// <summary>Not permitted (403) on the first page: warn once, go on without it; any later failure stops the read.</summary>
            AllOrNothing,
            /// <summary>Not permitted or not licensed: warn once; a later failure keeps the rows read (each row is a fact; no row = unknown).</summary>
            Report,
        }

        private sealed class Msg
        {
            public Coll Coll;
            public JsonDocument Page;
            /// <summary>object id -> complete owners (and, for service principals, complete appRoleAssignments).</summary>
            public Dictionary<string, List<JsonElement>> Owners, Assignments, Sponsors;
            public List<JsonDocument> Keep;
            public bool Done;
            public string Warning;
            public RetryNotice Retry;
            public NhiException Error;

            public void Dispose()
            {
                Page?.Dispose();
                if (Keep != null) foreach (var d in Keep) d.Dispose();
            }
        }

        private static string Name(Coll c)
        {
            switch (c)
            {
                case Coll.ServicePrincipals: return "servicePrincipals";
                case Coll.Users: return "users";
                case Coll.Grants: return "oauth2PermissionGrants";
                case Coll.SpSignIns: return "reports/servicePrincipalSignInActivities (beta)";
                case Coll.CredentialSignIns: return "reports/appCredentialSignInActivities (beta)";
                default: return "applications";
            }
        }

        public IEnumerable<Identity> Read(IHostContext host, LiveReadOptions options)
        {
            host = host ?? NullHostContext.Instance;
            var cts = CancellationTokenSource.CreateLinkedTokenSource(host.CancellationToken);
            var ct = cts.Token;
            var queue = new BlockingCollection<Msg>();
            var appSlots = new SemaphoreSlim(AppPagesInFlight);
            var budget = new RetryBudget(_options.MaxThrottleWait, _options.MaxAttempts, _options.MaxRequestWait);
            var buffered = new Queue<Msg>();
            _sponsorWarning = w => queue.Add(new Msg { Coll = Coll.ServicePrincipals, Warning = w });
            int top = Math.Max(1, Math.Min(999, _options.PageSize));
            string q(string select, string expand = null) =>
                "?$top=" + top.ToString(CultureInfo.InvariantCulture) + (select != null ? "&$select=" + select : "") + (expand != null ? "&$expand=" + expand : "");

            var workers = new List<Task>
            {
                Task.Run(() => ListAsync(Coll.ServicePrincipals, _graph.BaseUrl + "/servicePrincipals" + q(SpSelect, "owners,appRoleAssignments"), Need.Required, queue, null, budget, ct)),
                Task.Run(() => ListAsync(Coll.Users, _graph.BaseUrl + "/users" + q(UserSelect), Need.AllOrNothing, queue, null, budget, ct)),
                Task.Run(() => ListAsync(Coll.Grants, _graph.BaseUrl + "/oauth2PermissionGrants" + q(GrantSelect), Need.AllOrNothing, queue, null, budget, ct)),
                Task.Run(() => ListAsync(Coll.SpSignIns, _graph.BetaUrl + "/reports/servicePrincipalSignInActivities" + q(null), Need.Report, queue, null, budget, ct)),
                Task.Run(() => ListAsync(Coll.CredentialSignIns, _graph.BetaUrl + "/reports/appCredentialSignInActivities" + q(null), Need.Report, queue, null, budget, ct)),
                Task.Run(() => ListAsync(Coll.Applications, _graph.BaseUrl + "/applications" + q(AppSelect, "owners"), Need.Required, queue, appSlots, budget, ct)),
            };

            var index = new GraphIndex();
            var builder = new EntraBuilder(index, host);
            var counts = new Dictionary<Coll, int>();
            var warned = new HashSet<string>(StringComparer.Ordinal);
            int indexPending = 5;
            bool appsDone = false;
            int yielded = 0;
            try
            {
                while (!appsDone || indexPending > 0 || buffered.Count > 0)
                {
                    Msg m;
                    if (indexPending == 0 && buffered.Count > 0) m = buffered.Dequeue();
                    else m = queue.Take(ct);

                    if (m.Error != null) throw m.Error;
                    if (m.Warning != null)
                    {
                        if (warned.Add(m.Warning)) host.WriteWarning(m.Warning);
                        continue;
                    }
                    if (m.Retry != null && m.Retry.Trace != null)
                    {
                        host.WriteDebug(m.Retry.Trace);
                        continue;
                    }
                    if (m.Retry != null)
                    {
                        var r = m.Retry;
                        if (r.Delay > RetryNotice.WarnAfter) host.WriteWarning(r.Describe());
                        var status = r.Status == 0 ? "no response" : r.Status == 429 ? "throttled (429)" : "HTTP " + r.Status;
                        host.WriteProgress(new ProgressInfo
                        {
                            ActivityId = 2, Activity = "Reading Entra ID",
                            Status = $"Graph {status} on {r.What}: retrying in {r.Delay.TotalSeconds:0.#} s (retry {r.Attempt})",
                        });
                        host.WriteVerbose($"Graph {status} on {r.What}; retry {r.Attempt} after {r.Delay.TotalSeconds:0.#} s.");
                        continue;
                    }
                    if (m.Done)
                    {
                        if (m.Coll == Coll.Applications) appsDone = true;
                        else if (m.Coll != Coll.Applications) indexPending--;
                        continue;
                    }
                    if (m.Coll == Coll.Applications && indexPending > 0)
                    {
                        buffered.Enqueue(m); // the index is not complete yet: keep the page (at most AppPagesInFlight)
                        continue;
                    }

                    try
                    {
                        var items = Items(m.Page);
                        counts.TryGetValue(m.Coll, out var n);
                        counts[m.Coll] = n + items.Count;
                        Progress(host, counts);
                        if (m.Coll != Coll.Applications)
                        {
                            Index(index, m, items);
                            continue;
                        }
                        foreach (var item in items)
                        {
                            ct.ThrowIfCancellationRequested();
                            Identity id;
                            var objectId = Str(item, "id");
                            if (objectId != null && m.Owners != null && m.Owners.TryGetValue(objectId, out var owners))
                            {
                                using (var complete = WithOwners(item, owners))
                                    id = builder.FromApplication(complete.RootElement, _source, host);
                            }
                            else id = builder.FromApplication(item, _source, host);
                            if (id == null) continue;
                            yielded++;
                            yield return id;
                        }
                    }
                    finally
                    {
                        m.Dispose();
                        if (m.Coll == Coll.Applications) appSlots.Release();
                    }
                }

                foreach (var pair in builder.Remaining(host))
                {
                    yielded++;
                    yield return pair.Key;
                }
                host.WriteVerbose($"Entra: {yielded} identities from {Describe(counts)}; {budget.Retries} retries, {budget.Waited.TotalSeconds:0.#} s waited.");
                host.WriteProgress(new ProgressInfo { Activity = "Reading Entra ID", Status = "Done", PercentComplete = 100, Completed = true });
            }
            finally
            {
                cts.Cancel();
                while (buffered.Count > 0) buffered.Dequeue().Dispose();
                while (queue.TryTake(out var left)) left.Dispose();
                // Workers stop at their next await; any page they still post is dropped with the queue.
                Task.WhenAll(workers).ContinueWith(t => { _ = t.Exception; cts.Dispose(); appSlots.Dispose(); }, TaskScheduler.Default);
            }
        }

        private static string Describe(Dictionary<Coll, int> counts) =>
            string.Join(", ", counts.OrderBy(k => k.Key).Select(k => k.Value.ToString("N0", CultureInfo.InvariantCulture) + " " + Name(k.Key)));

        private static void Progress(IHostContext host, Dictionary<Coll, int> counts) =>
            host.WriteProgress(new ProgressInfo { Activity = "Reading Entra ID", Status = Describe(counts) + " read" });

        private void Index(GraphIndex index, Msg m, List<JsonElement> items)
        {
            foreach (var item in items)
            {
                switch (m.Coll)
                {
                    case Coll.ServicePrincipals: index.AddServicePrincipal(item, _source); break;
                    case Coll.Users: index.AddUser(item); break;
                    case Coll.Grants: index.AddGrant(item); break;
                    case Coll.SpSignIns: index.AddSpSignIn(item); break;
                    case Coll.CredentialSignIns: index.AddCredentialSignIn(item); break;
                }
            }
            if (m.Coll != Coll.ServicePrincipals) return;
            // Completed relations merge into the indexed object (GraphObject.MergeFrom de-duplicates by id).
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (m.Owners != null) ids.UnionWith(m.Owners.Keys);
            if (m.Assignments != null) ids.UnionWith(m.Assignments.Keys);
            if (m.Sponsors != null) ids.UnionWith(m.Sponsors.Keys);
            foreach (var id in ids)
            {
                List<JsonElement> owners = null, assignments = null, sponsors = null;
                m.Owners?.TryGetValue(id, out owners);
                m.Assignments?.TryGetValue(id, out assignments);
                m.Sponsors?.TryGetValue(id, out sponsors);
                using (var doc = Relations(id, owners, assignments, sponsors))
                    index.AddServicePrincipal(doc.RootElement, _source);
            }
        }

        // ---- workers (thread pool; never touch the host) ----------------------------------------------------

        private async Task ListAsync(Coll coll, string url, Need need, BlockingCollection<Msg> queue, SemaphoreSlim slots, RetryBudget budget, CancellationToken ct)
        {
            var what = Name(coll);
            int page = 0;
            string previous = null;
            Action<RetryNotice> onRetry = r => queue.Add(new Msg { Coll = coll, Retry = r });
            try
            {
                while (url != null)
                {
                    page++;
                    if (slots != null) await slots.WaitAsync(ct).ConfigureAwait(false);
                    var posted = false;
                    try
                    {
                        JsonDocument doc;
                        try
                        {
                            doc = await _graph.GetAsync(url, what, budget, onRetry, ct).ConfigureAwait(false);
                        }
                        catch (GraphRequestException ex) when (need != Need.Required && (page == 1 && Unavailable(ex.Failure) || need == Need.Report))
                        {
                            queue.Add(new Msg { Coll = coll, Warning = Unavailable(coll, page, ex.Failure) });
                            break;
                        }
                        if (doc == null) throw new GraphRequestException(new GraphFailure { Status = 204, Message = "empty answer to a list request" });
                        var msg = new Msg { Coll = coll, Page = doc };
                        try
                        {
                            if (coll == Coll.Applications || coll == Coll.ServicePrincipals)
                                await CompleteAsync(coll, msg, budget, onRetry, ct).ConfigureAwait(false);
                        }
                        catch
                        {
                            msg.Dispose();
                            throw;
                        }
                        var next = NextLink(doc);
                        if (next != null && next == previous)
                            throw new GraphRequestException(new GraphFailure { Status = 200, Message = "Graph returned the same nextLink twice" });
                        previous = next;
                        url = next;
                        queue.Add(msg, ct);
                        posted = true;
                    }
                    finally
                    {
                        if (!posted) slots?.Release();
                    }
                }
                queue.Add(new Msg { Coll = coll, Done = true });
            }
            catch (GraphRequestException ex)
            {
                queue.Add(new Msg { Coll = coll, Error = EntraErrors.ListFailed_(what, page, ex.Failure) });
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException)
            {
                queue.Add(new Msg { Coll = coll, Error = EntraErrors.ListFailed_(what, page, new GraphFailure { Status = 200, Message = "unreadable answer: " + ex.Message, Inner = ex }) });
            }
        }

        private static bool Unavailable(GraphFailure f) =>
            f.Status == 403 || f.Status == 404 || f.Status == 400 && f.Code != null && f.Code.IndexOf("Premium", StringComparison.OrdinalIgnoreCase) >= 0;

        private static string Unavailable(Coll coll, int page, GraphFailure f)
        {
            var reason = page > 1 ? $"stopped on page {page} ({f}); rows read so far are used, the rest stays unknown" : $"not available ({f})";
            switch (coll)
            {
                case Coll.SpSignIns: return $"Entra sign-in activity report {reason}. Last sign-in stays unknown where it is not reported; it needs AuditLog.Read.All and Entra ID P1.";
                case Coll.CredentialSignIns: return $"Entra credential usage report {reason}. Credential last use stays unknown (never 'never used') where it is not reported; it needs AuditLog.Read.All and Entra ID P1.";
                case Coll.Users: return $"Entra users {reason}. Owner states (enabled, disabled, deleted) are unknown; they need User.Read.All.";
                case Coll.Grants: return $"Entra delegated permission grants {reason}. Permissions list application roles only; delegated grants need DelegatedPermissionGrant.Read.All or Directory.Read.All.";
                default: return $"{Name(coll)} {reason}.";
            }
        }

        /// <summary>
        /// $expand returns at most 20 owners (and appRoleAssignments): objects at the cap get their complete lists
        /// through $batch (20 lookups per request), paged further with nextLink in the rare case of more than 999.
        /// </summary>
        private async Task CompleteAsync(Coll coll, Msg msg, RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            var segment = coll == Coll.Applications ? "applications" : "servicePrincipals";
            var urls = new List<string>();
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);      // url -> object id
            var assignments = new Dictionary<string, string>(StringComparer.Ordinal);
            var sponsors = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in Items(msg.Page))
            {
                var id = Str(item, "id");
                if (id == null) continue;
                // Agent identities name accountable people as sponsors (a relationship no list expands): they count as owners.
                if (coll == Coll.ServicePrincipals && string.Equals(Str(item, "@odata.type"), "#microsoft.graph.agentIdentity", StringComparison.OrdinalIgnoreCase))
                {
                    var u = "/servicePrincipals/" + EntraGraph.Escape(id) + "/microsoft.graph.agentIdentity/sponsors";
                    sponsors[u] = id;
                    urls.Add(u);
                }
                if (Count(item, "owners") >= EntraGraph.BatchLimit)
                {
                    var u = "/" + segment + "/" + EntraGraph.Escape(id) + "/owners?$top=999";
                    owners[u] = id;
                    urls.Add(u);
                }
                if (coll == Coll.ServicePrincipals && Count(item, "appRoleAssignments") >= EntraGraph.BatchLimit)
                {
                    var u = "/servicePrincipals/" + EntraGraph.Escape(id) + "/appRoleAssignments?$top=999";
                    assignments[u] = id;
                    urls.Add(u);
                }
            }
            if (urls.Count == 0) return;
            var answers = await _graph.BatchGetAsync(urls, Name(coll) + " owners", budget, onRetry, ct).ConfigureAwait(false);
            msg.Keep = new List<JsonDocument>();
            foreach (var kv in answers)
            {
                var a = kv.Value;
                if (a.Failure != null && sponsors.ContainsKey(kv.Key) && Unavailable(a.Failure))
                {
                    // Sponsors need AgentIdentity.Read.All or similar: without it, say so once and go on.
                    _sponsorWarning?.Invoke($"Agent identity sponsors not available ({a.Failure}); agent identities show their owners only.");
                    continue;
                }
                if (a.Failure != null)
                {
                    foreach (var x in answers.Values) x.Dispose();
                    throw new GraphRequestException(a.Failure);
                }
                var list = new List<JsonElement>();
                var doc = a.Body;
                msg.Keep.Add(doc);
                while (doc != null)
                {
                    list.AddRange(Items(doc));
                    var next = NextLink(doc);
                    if (next == null) break;
                    doc = await _graph.GetAsync(next, Name(coll) + " owners", budget, onRetry, ct).ConfigureAwait(false);
                    msg.Keep.Add(doc);
                }
                Dictionary<string, List<JsonElement>> target;
                if (owners.TryGetValue(kv.Key, out var objectId)) target = msg.Owners ?? (msg.Owners = NewRelations());
                else if (sponsors.TryGetValue(kv.Key, out objectId)) target = msg.Sponsors ?? (msg.Sponsors = NewRelations());
                else { objectId = assignments[kv.Key]; target = msg.Assignments ?? (msg.Assignments = NewRelations()); }
                target[objectId] = list;
            }
        }

        private static Dictionary<string, List<JsonElement>> NewRelations() => new Dictionary<string, List<JsonElement>>(StringComparer.OrdinalIgnoreCase);

        // ---- JSON helpers --------------------------------------------------------------------------------------

        private static List<JsonElement> Items(JsonDocument doc)
        {
            var list = new List<JsonElement>();
            if (doc != null && doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Array)
                foreach (var e in v.EnumerateArray())
                    if (e.ValueKind == JsonValueKind.Object) list.Add(e);
            return list;
        }

        private static string NextLink(JsonDocument doc) =>
            doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("@odata.nextLink", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString() : null;

        private static int Count(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.GetArrayLength() : 0;

        private static string Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        /// <summary>The item with its owners replaced by the complete list.</summary>
        private static JsonDocument WithOwners(JsonElement item, List<JsonElement> owners) =>
            JsonDocument.Parse(EntraGraph.Json(w =>
            {
                w.WriteStartObject();
                foreach (var p in item.EnumerateObject())
                    if (p.Name != "owners") p.WriteTo(w);
                w.WriteStartArray("owners");
                foreach (var o in owners) o.WriteTo(w);
                w.WriteEndArray();
                w.WriteBoolean(GraphObject.OwnersCompleteAnnotation, true);
                w.WriteEndObject();
            }));

        /// <summary>{"id":..,"owners":[..],"sponsors":[..],"appRoleAssignments":[..]}: merged into the indexed service principal.</summary>
        private static JsonDocument Relations(string id, List<JsonElement> owners, List<JsonElement> assignments, List<JsonElement> sponsors) =>
            JsonDocument.Parse(EntraGraph.Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                if (owners != null)
                {
                    w.WriteStartArray("owners");
                    foreach (var o in owners) o.WriteTo(w);
                    w.WriteEndArray();
                    w.WriteBoolean(GraphObject.OwnersCompleteAnnotation, true);
                }
                if (sponsors != null)
                {
                    w.WriteStartArray("sponsors");
                    foreach (var o in sponsors) o.WriteTo(w);
                    w.WriteEndArray();
                }
                if (assignments != null)
                {
                    w.WriteStartArray("appRoleAssignments");
                    foreach (var a in assignments) a.WriteTo(w);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }));
    }
}
