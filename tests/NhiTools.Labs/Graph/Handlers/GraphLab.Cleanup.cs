using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NhiTools.Labs.Common;
using NhiTools.Labs.Graph.OData;
using NhiTools.Labs.Graph.Store;

namespace NhiTools.Labs.Graph
{
    // Cleanup writes: PATCH an application or service principal (accountEnabled, tags, notes) - what
    // Disable-NhiIdentity / Enable-NhiIdentity send. Operation names: servicePrincipals.update, applications.update.
    public sealed partial class GraphLab
    {
        /// <summary>Properties a PATCH may change in the lab; anything else is 400 as Graph does for read-only ones.</summary>
        private static readonly string[] Patchable = { "accountEnabled", "tags", "notes", "displayName" };

        /// <summary>Routes the cleanup operations, or null when the request is not one of them.</summary>
        private LabOperation ResolveCleanup(string method, EntityCollection collection, string name, string key, bool byAppId, ArraySegment<string> tail)
        {
            if (tail.Count == 0 && HttpMethods.IsPatch(method) && (collection == Store.ServicePrincipals || collection == Store.Applications))
                return Api(name + ".update", true, c => PatchAsync(c, collection, key, byAppId));
            return null;
        }

        /// <summary>204 No Content, as Graph answers a PATCH of a directory object.</summary>
        private async Task PatchAsync(HttpContext c, EntityCollection collection, string key, bool byAppId)
        {
            var body = await ReadBodyAsync(c, required: true).ConfigureAwait(false);
            foreach (var p in body)
                if (!Patchable.Contains(p.Key, StringComparer.Ordinal))
                    throw GraphQueryException.BadRequest($"Property '{p.Key}' is read-only and cannot be set.");
            if (collection == Store.Applications && body.ContainsKey("accountEnabled"))
                throw GraphQueryException.BadRequest("Property 'accountEnabled' does not exist as a declared property or extension property.");
            if (body["accountEnabled"] is JsonNode n && !(n is JsonValue v && v.TryGetValue<bool>(out _)))
                throw GraphQueryException.BadRequest("Invalid value specified for property 'accountEnabled' of resource 'ServicePrincipal'.");
            lock (Store.Gate)
            {
                var e = Find(collection, key, byAppId) ?? throw GraphQueryException.NotFound(key);
                RejectManagedIdentity(collection, e);
                var json = e.AsObject();
                foreach (var p in body)
                {
                    json[p.Key] = p.Value?.DeepClone();
                    collection.SeenProperties.Add(p.Key);
                }
            }
            c.Response.StatusCode = 204;
        }
    }
}
