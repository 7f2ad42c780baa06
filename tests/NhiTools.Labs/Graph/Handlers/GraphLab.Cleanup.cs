using System;
using System.Collections.Generic;
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
    // Disable-NhiIdentity / Enable-NhiIdentity send - and soft delete with restore from deleted items (Remove-NhiIdentity,
    // Undo-NhiChange). Operation names: servicePrincipals|applications.update, servicePrincipals|applications.delete,
    // directory.deletedItems.get, directory.deletedItems.restore.
    public sealed partial class GraphLab
    {
        /// <summary>Properties a PATCH may change in the lab; anything else is 400 as Graph does for read-only ones.</summary>
        private static readonly string[] Patchable = { "accountEnabled", "tags", "notes", "displayName" };

        /// <summary>Routes the cleanup operations, or null when the request is not one of them.</summary>
        private LabOperation ResolveCleanup(string method, EntityCollection collection, string name, string key, bool byAppId, ArraySegment<string> tail)
        {
            var permission = ResolvePermissionWrites(method, collection, key, byAppId, tail); // GraphLab.Permissions.cs
            if (permission != null) return permission;
            if (tail.Count == 0 && HttpMethods.IsPatch(method) && (collection == Store.ServicePrincipals || collection == Store.Applications))
                return Api(name + ".update", true, c => PatchAsync(c, collection, key, byAppId));
            if (tail.Count == 0 && HttpMethods.IsDelete(method) && (collection == Store.ServicePrincipals || collection == Store.Applications))
                return Api(name + ".delete", true, c => DeleteAsync(c, collection, key, byAppId));
            return null;
        }

        /// <summary>/directory/deletedItems/{id} (GET) and /directory/deletedItems/{id}/restore (POST), or null.</summary>
        private LabOperation ResolveDirectory(string method, ArraySegment<string> s)
        {
            if (s.Count == 3 && s[1] == "deletedItems" && HttpMethods.IsGet(method))
                return Api("directory.deletedItems.get", false, c => DeletedGetAsync(c, s[2]));
            if (s.Count == 4 && s[1] == "deletedItems" && s[3] == "restore" && HttpMethods.IsPost(method))
                return Api("directory.deletedItems.restore", true, c => RestoreAsync(c, s[2]));
            return null;
        }

        private sealed class DeletedObject
        {
            public EntityCollection Collection;
            public JsonObject Json;
            /// <summary>Service principals deleted with their application (restored with it).</summary>
            public List<JsonObject> With = new List<JsonObject>();
        }

        private readonly Dictionary<string, DeletedObject> _deleted = new Dictionary<string, DeletedObject>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Soft delete: the object leaves its collection for deleted items (an application takes its service principal along).</summary>
        private Task DeleteAsync(HttpContext c, EntityCollection collection, string key, bool byAppId)
        {
            lock (Store.Gate)
            {
                var e = Find(collection, key, byAppId) ?? throw GraphQueryException.NotFound(key);
                RejectManagedIdentity(collection, e);
                var json = (JsonObject)e.AsObject().DeepClone();
                json["deletedDateTime"] = GraphJson.Iso(Clock.GetUtcNow());
                var deleted = new DeletedObject { Collection = collection, Json = json };
                if (collection == Store.Applications)
                {
                    var appId = e.GetString("appId");
                    foreach (var sp in Store.ServicePrincipals.All.Where(x => x.GetString("appId") == appId).ToList())
                    {
                        deleted.With.Add((JsonObject)sp.AsObject().DeepClone());
                        Store.ServicePrincipals.Remove(sp.Id);
                    }
                }
                collection.Remove(e.Id);
                _deleted[e.Id] = deleted;
            }
            c.Response.StatusCode = 204;
            return Task.CompletedTask;
        }

        private async Task DeletedGetAsync(HttpContext c, string id)
        {
            JsonObject json;
            lock (Store.Gate)
                json = _deleted.TryGetValue(id, out var d) ? (JsonObject)d.Json.DeepClone() : throw GraphQueryException.NotFound(id);
            await GraphJson.WriteAsync(c, 200, GraphJson.Build(w => json.WriteTo(w))).ConfigureAwait(false);
        }

        private async Task RestoreAsync(HttpContext c, string id)
        {
            JsonObject json;
            lock (Store.Gate)
            {
                if (!_deleted.TryGetValue(id, out var d)) throw GraphQueryException.NotFound(id);
                json = (JsonObject)d.Json.DeepClone();
                json["deletedDateTime"] = null;
                d.Collection.Upsert((JsonObject)json.DeepClone());
                foreach (var sp in d.With) Store.ServicePrincipals.Upsert((JsonObject)sp.DeepClone());
                _deleted.Remove(id);
            }
            await GraphJson.WriteAsync(c, 200, GraphJson.Build(w => json.WriteTo(w))).ConfigureAwait(false);
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
