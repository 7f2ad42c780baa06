using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NhiTools.Labs.Graph.Handlers;
using NhiTools.Labs.Graph.OData;
using NhiTools.Labs.Graph.Store;

namespace NhiTools.Labs.Graph
{
    // Reads: lists with OData options and paging, single GETs, $count, relations.
    public sealed partial class GraphLab
    {
        private static string Root(HttpContext c) =>
            c.Request.Scheme + "://" + c.Request.Host.Value + "/" + ((c.Request.Path.Value ?? "").TrimStart('/').Split('/')[0]);

        private Func<GraphEntity, bool> CompileFilter(ODataQuery q, EntityCollection collection) =>
            q.Filter == null ? null : GraphFilter.Compile(q.Filter, collection.Type.ResourceName, collection.Type.Filterable, q.Advanced);

        private async Task ListAsync(HttpContext c, EntityCollection collection, Func<GraphEntity, bool> scope, string contextName)
        {
            var q = ODataQuery.Parse(c.Request);
            var projection = Projection.From(q, collection);
            var filter = CompileFilter(q, collection);
            Func<GraphEntity, bool> predicate = filter == null ? scope : scope == null ? filter : (e => scope(e) && filter(e));
            var context = Root(c) + "/$metadata#" + contextName + (projection.Select != null ? "(" + string.Join(",", projection.Select) + ")" : "");
            byte[] body;
            lock (Store.Gate)
            {
                var page = collection.Page(q.SkipAfter, predicate, q.Top, out var more);
                int? count = q.Count ? collection.CountMatching(predicate) : (int?)null;
                var nextLink = more ? NextLink(c, ODataQuery.EncodeSkipToken(page[page.Count - 1].Sequence, q.Advanced)) : null;
                body = GraphJson.Build(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("@odata.context", context);
                    if (count.HasValue) w.WriteNumber("@odata.count", count.Value);
                    if (nextLink != null) w.WriteString("@odata.nextLink", nextLink);
                    w.WriteStartArray("value");
                    foreach (var e in page) WriteEntity(w, collection, e, projection, single: false);
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            await GraphJson.WriteAsync(c, 200, body).ConfigureAwait(false);
        }

        /// <summary>Absolute nextLink on the lab's own base: the request's options minus $count/$skiptoken, plus the new token.</summary>
        private static string NextLink(HttpContext c, string skipToken)
        {
            var sb = new StringBuilder(c.Request.Scheme).Append("://").Append(c.Request.Host.Value).Append(c.Request.Path.Value).Append('?');
            foreach (var pair in c.Request.Query)
            {
                if (pair.Key.Equals("$skiptoken", StringComparison.OrdinalIgnoreCase) || pair.Key.Equals("$count", StringComparison.OrdinalIgnoreCase)) continue;
                foreach (var value in pair.Value)
                    sb.Append(pair.Key.StartsWith("$", StringComparison.Ordinal) ? "$" + Uri.EscapeDataString(pair.Key.Substring(1)) : Uri.EscapeDataString(pair.Key))
                      .Append('=').Append(Uri.EscapeDataString(value ?? "")).Append('&');
            }
            return sb.Append("$skiptoken=").Append(skipToken).ToString();
        }

        private async Task CountAsync(HttpContext c, EntityCollection collection)
        {
            var q = ODataQuery.Parse(c.Request);
            if (!q.ConsistencyEventual) throw GraphQueryException.BadRequest("$count is not currently supported.");
            // /$count needs only the header (no $count=true), so advanced operators are allowed here.
            var filter = q.Filter == null ? null : GraphFilter.Compile(q.Filter, collection.Type.ResourceName, collection.Type.Filterable, true);
            int count;
            lock (Store.Gate) count = collection.CountMatching(filter);
            await GraphJson.WriteAsync(c, 200, Encoding.UTF8.GetBytes(count.ToString(CultureInfo.InvariantCulture)), "text/plain").ConfigureAwait(false);
        }

        private GraphEntity Find(EntityCollection collection, string key, bool byAppId) =>
            byAppId ? collection.GetByAppId(key) : collection.Get(key) ?? (collection == Store.Users ? FindUserByUpn(key) : null);

        /// <summary>Graph addresses a user by id or by userPrincipalName (users/{id | userPrincipalName}).</summary>
        private GraphEntity FindUserByUpn(string upn)
        {
            if (string.IsNullOrEmpty(upn) || upn.IndexOf('@') < 0) return null;
            foreach (var u in Store.Users.All)
                if (string.Equals(u.GetString("userPrincipalName"), upn, StringComparison.OrdinalIgnoreCase)) return u;
            return null;
        }

        private async Task GetAsync(HttpContext c, EntityCollection collection, string key, bool byAppId)
        {
            var q = ODataQuery.Parse(c.Request);
            var projection = Projection.From(q, collection);
            byte[] body;
            lock (Store.Gate)
            {
                var e = Find(collection, key, byAppId) ?? throw GraphQueryException.NotFound(key);
                var context = Root(c) + "/$metadata#" + collection.Type.Collection
                              + (projection.Select != null ? "(" + string.Join(",", projection.Select) + ")" : "") + "/$entity";
                body = GraphJson.Build(w => WriteEntity(w, collection, e, projection, single: true, context: context));
            }
            await GraphJson.WriteAsync(c, 200, body).ConfigureAwait(false);
        }

        private async Task GetDirectoryObjectAsync(HttpContext c, string id)
        {
            byte[] body;
            lock (Store.Gate)
            {
                if (Store.FindDirectoryObject(id, out _) == null) throw GraphQueryException.NotFound(id);
                body = GraphJson.Build(w => WriteDirectoryObject(w, id, Root(c) + "/$metadata#directoryObjects/$entity"));
            }
            await GraphJson.WriteAsync(c, 200, body).ConfigureAwait(false);
        }

        /// <summary>A service principal's appRoleAssignments / oauth2PermissionGrants (items whose link property is its id).</summary>
        private Task RelatedListAsync(HttpContext c, string key, bool byAppId, EntityCollection related, string linkProperty)
        {
            string spId;
            lock (Store.Gate) spId = (Find(Store.ServicePrincipals, key, byAppId) ?? throw GraphQueryException.NotFound(key)).Id;
            return ListAsync(c, related, e => string.Equals(e.Comparable(linkProperty), spId, StringComparison.OrdinalIgnoreCase),
                related.Type.Collection);
        }

        /// <summary>An agent identity's sponsors: the directory objects its seed listed under "sponsors" (404 for other service principals, as the type cast fails).</summary>
        private async Task SponsorsListAsync(HttpContext c, string key, bool byAppId)
        {
            byte[] body;
            lock (Store.Gate)
            {
                var e = Find(Store.ServicePrincipals, key, byAppId) ?? throw GraphQueryException.NotFound(key);
                if (!string.Equals(e.ODataType, "#microsoft.graph.agentIdentity", StringComparison.OrdinalIgnoreCase)) throw GraphQueryException.NotFound(key);
                // Read-only view of the stored sponsors (AsObject would materialize the compact entity).
                JsonArray sponsors = null;
                if (e.Has("sponsors"))
                {
                    var one = GraphJson.Build(w => { w.WriteStartObject(); e.WriteProperty(w, "sponsors", false); w.WriteEndObject(); });
                    sponsors = JsonNode.Parse(one)?["sponsors"] as JsonArray;
                }
                body = GraphJson.Build(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("@odata.context", Root(c) + "/$metadata#directoryObjects");
                    w.WriteStartArray("value");
                    if (sponsors != null)
                        foreach (var s in sponsors)
                            if (s is JsonObject o && o["id"]?.GetValue<string>() is string id) { if (Store.FindDirectoryObject(id, out _) != null) WriteDirectoryObject(w, id, null); else o.WriteTo(w); }
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            await GraphJson.WriteAsync(c, 200, body).ConfigureAwait(false);
        }

        // ---- serialization (under Store.Gate) ----------------------------------------------------------

        private void WriteEntity(Utf8JsonWriter w, EntityCollection collection, GraphEntity e, Projection projection, bool single, string context = null)
        {
            w.WriteStartObject();
            if (context != null) w.WriteString("@odata.context", context);
            var odataType = e.ODataType;
            if (odataType != null) w.WriteString("@odata.type", odataType);
            var names = projection.Select != null ? new[] { "id" }.Concat(projection.Select.Where(n => n != "id")) : (IEnumerable<string>)collection.Type.DefaultSelect;
            // keyCredentials.key is returned only on a single GET that names keyCredentials in $select.
            var keepKey = single && projection.Select != null && projection.Select.Contains("keyCredentials");
            if (names != null)
                foreach (var name in names) e.WriteProperty(w, name, keepKey);
            else
                e.WriteAll(w, keepKey);
            if (projection.ExpandOwners)
            {
                w.WriteStartArray("owners");
                foreach (var ownerId in Store.OwnersOf(e.Id).Take(Projection.ExpandCap)) WriteDirectoryObject(w, ownerId, null);
                w.WriteEndArray();
            }
            if (projection.ExpandAppRoleAssignments)
            {
                w.WriteStartArray("appRoleAssignments");
                foreach (var a in Store.AppRoleAssignments.All)
                    if (string.Equals(a.Comparable("principalId"), e.Id, StringComparison.OrdinalIgnoreCase))
                        a.WriteTo(w);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }

        /// <summary>A directoryObject with its @odata.type (kiota picks the derived model from it).</summary>
        private void WriteDirectoryObject(Utf8JsonWriter w, string id, string context)
        {
            var entity = Store.FindDirectoryObject(id, out var type);
            if (entity == null) return;
            w.WriteStartObject();
            if (context != null) w.WriteString("@odata.context", context);
            w.WriteString("@odata.type", entity.ODataType ?? type.ODataType);
            if (type == GraphResourceType.User && type.DefaultSelect != null)
                foreach (var name in type.DefaultSelect) entity.WriteProperty(w, name, false);
            else
                entity.WriteAll(w, false);
            w.WriteEndObject();
        }
    }
}
