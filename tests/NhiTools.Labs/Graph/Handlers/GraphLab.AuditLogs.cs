using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NhiTools.Labs.Common;
using NhiTools.Labs.Graph.Handlers;
using NhiTools.Labs.Graph.OData;
using NhiTools.Labs.Graph.Store;

namespace NhiTools.Labs.Graph
{
    // GET /v1.0|beta/auditLogs/signIns and /auditLogs/directoryAudits (operations auditLogs.signIns.list,
    // auditLogs.directoryAudits.list), seeded from Graph exports such as examples/estate/activity/entra.
    // Sign-ins as Graph lists them: without a signInEventTypes filter only interactive user sign-ins; the
    // servicePrincipal / managedIdentity types (and the filter on them) exist in beta only. Items come in the
    // order they were seeded (the export's, newest first), paged with $top and an absolute nextLink.
    public sealed partial class GraphLab
    {
        private LabOperation ResolveAuditLogs(string method, ArraySegment<string> s, bool beta)
        {
            if (s.Count != 2) return Unknown(400, "BadRequest", "Resource not found for the segment 'auditLogs'.");
            var collection = s[1] == "signIns" ? Store.SignIns : s[1] == "directoryAudits" ? Store.DirectoryAudits : null;
            if (collection == null) return Unknown(400, "BadRequest", $"Resource not found for the segment '{s[1]}'.");
            if (!HttpMethods.IsGet(method)) return MethodNotAllowed();
            return Api("auditLogs." + s[1] + ".list", false, c => AuditListAsync(c, collection, beta));
        }

        private async Task AuditListAsync(HttpContext c, EntityCollection collection, bool beta)
        {
            var q = ODataQuery.Parse(c.Request);
            if (q.Expand != null) throw GraphQueryException.BadRequest("$expand is not supported on " + collection.Type.Collection + ".");
            if (q.Count) throw GraphQueryException.BadRequest("$count is not supported on " + collection.Type.Collection + ".");
            bool signIns = collection == Store.SignIns;
            var filter = AuditLogFilter.Parse(q.Filter, signIns, beta);
            Func<GraphEntity, bool> predicate = filter.Predicate;
            if (signIns && filter.EventTypes == null)
            {
                // Graph's default: interactive user sign-ins only.
                var inner = predicate;
                predicate = e => AuditLogFilter.Types(e).Contains("interactiveUser") && inner(e);
            }
            var projection = Projection.From(q, collection);
            var context = Root(c) + "/$metadata#" + collection.Type.Collection;
            byte[] body;
            lock (Store.Gate)
            {
                var page = collection.Page(q.SkipAfter, predicate, q.Top, out var more);
                var nextLink = more ? NextLink(c, ODataQuery.EncodeSkipToken(page[page.Count - 1].Sequence, false)) : null;
                body = GraphJson.Build(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("@odata.context", context);
                    if (nextLink != null) w.WriteString("@odata.nextLink", nextLink);
                    w.WriteStartArray("value");
                    foreach (var e in page) WriteEntity(w, collection, e, projection, single: false);
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            await GraphJson.WriteAsync(c, 200, body).ConfigureAwait(false);
        }
    }
}
