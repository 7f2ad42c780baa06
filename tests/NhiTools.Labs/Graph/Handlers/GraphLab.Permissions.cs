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
    // Permission writes (Revoke-NhiPermission, Undo-NhiChange): app role assignments of a service principal
    // (POST/DELETE /servicePrincipals/{id}/appRoleAssignments[/{assignmentId}]) and delegated grants
    // (POST /oauth2PermissionGrants, PATCH|DELETE /oauth2PermissionGrants/{id}). Operation names:
    // servicePrincipals.appRoleAssignments.create|delete, oauth2PermissionGrants.create|update|delete.
    public sealed partial class GraphLab
    {
        /// <summary>Routes a permission write, or null when the request is not one.</summary>
        private LabOperation ResolvePermissionWrites(string method, EntityCollection collection, string key, bool byAppId, ArraySegment<string> tail)
        {
            if (collection == Store.ServicePrincipals && tail.Count == 1 && tail[0] == "appRoleAssignments" && HttpMethods.IsPost(method))
                return Api("servicePrincipals.appRoleAssignments.create", true, c => AssignmentCreateAsync(c, key, byAppId));
            if (collection == Store.ServicePrincipals && tail.Count == 2 && tail[0] == "appRoleAssignments" && HttpMethods.IsDelete(method))
                return Api("servicePrincipals.appRoleAssignments.delete", true, c => AssignmentDeleteAsync(c, key, byAppId, tail[1]));
            if (collection == Store.OAuth2PermissionGrants && tail.Count == 0 && HttpMethods.IsDelete(method))
                return Api("oauth2PermissionGrants.delete", true, c => GrantDeleteAsync(c, key));
            if (collection == Store.OAuth2PermissionGrants && tail.Count == 0 && HttpMethods.IsPatch(method))
                return Api("oauth2PermissionGrants.update", true, c => GrantPatchAsync(c, key));
            return null;
        }

        /// <summary>POST on a collection itself (only /oauth2PermissionGrants), or null.</summary>
        private LabOperation ResolveCollectionCreate(string method, EntityCollection collection) =>
            collection == Store.OAuth2PermissionGrants && HttpMethods.IsPost(method)
                ? Api("oauth2PermissionGrants.create", true, GrantCreateAsync)
                : null;

        private static string Required(JsonObject body, string name)
        {
            var v = body[name] is JsonValue j && j.TryGetValue<string>(out var s) ? s : null;
            if (string.IsNullOrEmpty(v)) throw GraphQueryException.BadRequest($"Property '{name}' is required.");
            return v;
        }

        private async Task AssignmentCreateAsync(HttpContext c, string key, bool byAppId)
        {
            var body = await ReadBodyAsync(c, required: true).ConfigureAwait(false);
            JsonObject json;
            lock (Store.Gate)
            {
                var sp = Find(Store.ServicePrincipals, key, byAppId) ?? throw GraphQueryException.NotFound(key);
                var principalId = Required(body, "principalId");
                var resourceId = Required(body, "resourceId");
                var appRoleId = Required(body, "appRoleId");
                if (!string.Equals(principalId, sp.Id, StringComparison.OrdinalIgnoreCase))
                    throw GraphQueryException.BadRequest("principalId must be the service principal of the request URL.");
                var resource = Store.ServicePrincipals.Get(resourceId) ?? throw GraphQueryException.BadRequest("Resource '" + resourceId + "' does not exist.");
                if (Store.AppRoleAssignments.All.Any(a => a.GetString("principalId") == principalId && a.GetString("resourceId") == resourceId && a.GetString("appRoleId") == appRoleId))
                    throw new GraphQueryException(400, "Request_BadRequest", "Permission being assigned already exists on the object");
                json = new JsonObject
                {
                    ["id"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
                    ["principalId"] = principalId,
                    ["principalType"] = "ServicePrincipal",
                    ["principalDisplayName"] = sp.GetString("displayName"),
                    ["resourceId"] = resourceId,
                    ["resourceDisplayName"] = resource.GetString("displayName"),
                    ["appRoleId"] = appRoleId,
                    ["createdDateTime"] = GraphJson.Iso(Clock.GetUtcNow()),
                };
                Store.AppRoleAssignments.Upsert((JsonObject)json.DeepClone());
            }
            await GraphJson.WriteAsync(c, 201, GraphJson.Build(w => json.WriteTo(w))).ConfigureAwait(false);
        }

        private Task AssignmentDeleteAsync(HttpContext c, string key, bool byAppId, string assignmentId)
        {
            lock (Store.Gate)
            {
                var sp = Find(Store.ServicePrincipals, key, byAppId) ?? throw GraphQueryException.NotFound(key);
                var a = Store.AppRoleAssignments.Get(assignmentId);
                if (a == null || a.GetString("principalId") != sp.Id) throw GraphQueryException.NotFound(assignmentId);
                Store.AppRoleAssignments.Remove(assignmentId);
            }
            c.Response.StatusCode = 204;
            return Task.CompletedTask;
        }

        private async Task GrantCreateAsync(HttpContext c)
        {
            var body = await ReadBodyAsync(c, required: true).ConfigureAwait(false);
            JsonObject json;
            lock (Store.Gate)
            {
                var clientId = Required(body, "clientId");
                var resourceId = Required(body, "resourceId");
                var consentType = Required(body, "consentType");
                var principalId = body["principalId"] is JsonValue p && p.TryGetValue<string>(out var ps) ? ps : null;
                if (consentType == "Principal" && string.IsNullOrEmpty(principalId)) throw GraphQueryException.BadRequest("principalId is required when consentType is Principal.");
                if (Store.ServicePrincipals.Get(clientId) == null || Store.ServicePrincipals.Get(resourceId) == null)
                    throw GraphQueryException.BadRequest("clientId and resourceId must be service principals of this tenant.");
                if (Store.OAuth2PermissionGrants.All.Any(g => g.GetString("clientId") == clientId && g.GetString("resourceId") == resourceId
                        && g.GetString("consentType") == consentType && g.GetString("principalId") == principalId))
                    throw new GraphQueryException(409, "Request_MultipleObjectsWithSameKeyValue", "A permission grant already exists for this client, resource and principal.");
                json = new JsonObject
                {
                    ["id"] = Guid.NewGuid().ToString("N"),
                    ["clientId"] = clientId,
                    ["consentType"] = consentType,
                    ["principalId"] = principalId,
                    ["resourceId"] = resourceId,
                    ["scope"] = body["scope"] is JsonValue s && s.TryGetValue<string>(out var sc) ? sc : "",
                };
                Store.OAuth2PermissionGrants.Upsert((JsonObject)json.DeepClone());
            }
            await GraphJson.WriteAsync(c, 201, GraphJson.Build(w => json.WriteTo(w))).ConfigureAwait(false);
        }

        private async Task GrantPatchAsync(HttpContext c, string id)
        {
            var body = await ReadBodyAsync(c, required: true).ConfigureAwait(false);
            foreach (var p in body)
                if (p.Key != "scope") throw GraphQueryException.BadRequest($"Property '{p.Key}' is read-only and cannot be set.");
            lock (Store.Gate)
            {
                var g = Store.OAuth2PermissionGrants.Get(id) ?? throw GraphQueryException.NotFound(id);
                g.AsObject()["scope"] = body["scope"]?.DeepClone();
            }
            c.Response.StatusCode = 204;
        }

        private Task GrantDeleteAsync(HttpContext c, string id)
        {
            lock (Store.Gate)
                if (!Store.OAuth2PermissionGrants.Remove(id)) throw GraphQueryException.NotFound(id);
            c.Response.StatusCode = 204;
            return Task.CompletedTask;
        }
    }
}
