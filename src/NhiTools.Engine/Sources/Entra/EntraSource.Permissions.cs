using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Engine.Cleanup;
using NhiTools.Engine.Sources.Offline.Entra;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Entra
{
    // Revoke-NhiPermission on a service principal: an application permission is an app role assignment (deleted), a
    // delegated permission is one scope of an oauth2PermissionGrant (the scope removed by PATCH, the grant deleted
    // when it was its only scope). Before is a JSON array of what was removed - resourceId, appRoleId / clientId,
    // consentType, principalId, scope - so Undo-NhiChange re-creates exactly it. Names are those of Permission.Name
    // (the app role's value, the delegated scope); "approle:<name>" or "delegated:<name>" picks one kind.
    public sealed partial class EntraSource
    {
        private const string NoRole = "00000000-0000-0000-0000-000000000000";

        private sealed class HeldPermission
        {
            public string Kind;          // appRoleAssignment | oauth2PermissionGrant
            public string Id;            // assignment id / grant id
            public string PrincipalId;   // the assignment's principal (the service principal) / the grant's user, or null
            public string ResourceId;
            public string AppRoleId;
            public string ClientId;
            public string ConsentType;
            public string Scope;         // the revoked scope (grants)
            public string GrantScope;    // the grant's whole scope before the revoke
            public string Name;
        }

        private static (string Kind, string Name) ParsePermission(string target)
        {
            var t = (target ?? "").Trim();
            if (t.StartsWith("approle:", StringComparison.OrdinalIgnoreCase)) return ("appRoleAssignment", t.Substring(8));
            if (t.StartsWith("delegated:", StringComparison.OrdinalIgnoreCase)) return ("oauth2PermissionGrant", t.Substring(10));
            return (null, t);
        }

        private static string ServicePrincipalObjectId(SpState sp) => Uri.UnescapeDataString(sp.Path.Substring("/servicePrincipals/".Length));

        /// <summary>Every item of a paged list (nextLink followed); a failed page throws - never a shorter list.</summary>
        private async Task<List<JsonElement>> AllPagesAsync(string url, string what, RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            var items = new List<JsonElement>();
            while (url != null)
            {
                using (var doc = await _graph.GetAsync(url, what, budget, onRetry, ct).ConfigureAwait(false))
                {
                    var root = doc?.RootElement ?? default;
                    if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.Array)
                        throw new GraphRequestException(new GraphFailure { Status = 502, Message = what + ": the answer has no value array" });
                    foreach (var e in v.EnumerateArray()) items.Add(e.Clone());
                    url = root.TryGetProperty("@odata.nextLink", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                }
            }
            return items;
        }

        private static string Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        /// <summary>The permissions named <paramref name="target"/> the service principal holds now, read live.</summary>
        private async Task<(SpState Sp, List<HeldPermission> Held)> HeldAsync(Identity identity, string target, RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            var (kind, name) = ParsePermission(target);
            if (name.Length == 0) throw EntraErrors.BadArgument("An empty permission name was given.", identity.Id);
            var sp = await ServicePrincipalStateAsync(identity, budget, onRetry, ct).ConfigureAwait(false);
            var oid = ServicePrincipalObjectId(sp);
            var held = new List<HeldPermission>();
            if (kind == null || kind == "appRoleAssignment")
            {
                var roles = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
                foreach (var a in await AllPagesAsync(sp.Path + "/appRoleAssignments?$top=999", "app role assignments of " + identity.Id, budget, onRetry, ct).ConfigureAwait(false))
                {
                    var resourceId = Str(a, "resourceId");
                    var appRoleId = Str(a, "appRoleId");
                    if (resourceId == null || appRoleId == null) continue;
                    if (!roles.TryGetValue(resourceId, out var byId))
                    {
                        byId = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        try
                        {
                            using (var doc = await _graph.GetAsync("/servicePrincipals/" + EntraGraph.Escape(resourceId) + "?$select=id,appRoles", "app roles of " + resourceId, budget, onRetry, ct).ConfigureAwait(false))
                                if (doc != null && doc.RootElement.TryGetProperty("appRoles", out var ar) && ar.ValueKind == JsonValueKind.Array)
                                    foreach (var r in ar.EnumerateArray())
                                        if (Str(r, "id") is string rid && Str(r, "value") is string value) byId[rid] = value;
                        }
                        catch (GraphRequestException ex) when (ex.Failure.Status == 404) { } // resource of another tenant: well-known names only
                        roles[resourceId] = byId;
                    }
                    if (!byId.TryGetValue(appRoleId, out var roleName) && !GraphWellKnown.AppRoles.TryGetValue(appRoleId, out roleName))
                        roleName = appRoleId == NoRole ? "DefaultAccess" : appRoleId;
                    if (!string.Equals(roleName, name, StringComparison.OrdinalIgnoreCase) && !string.Equals(appRoleId, name, StringComparison.OrdinalIgnoreCase)) continue;
                    held.Add(new HeldPermission { Kind = "appRoleAssignment", Id = Str(a, "id"), PrincipalId = oid, ResourceId = resourceId, AppRoleId = appRoleId, Name = roleName });
                }
            }
            if (kind == null || kind == "oauth2PermissionGrant")
            {
                foreach (var g in await AllPagesAsync(sp.Path + "/oauth2PermissionGrants?$top=999", "delegated grants of " + identity.Id, budget, onRetry, ct).ConfigureAwait(false))
                {
                    var scope = Str(g, "scope") ?? "";
                    var match = scope.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase));
                    if (match == null) continue;
                    held.Add(new HeldPermission
                    {
                        Kind = "oauth2PermissionGrant", Id = Str(g, "id"), ClientId = Str(g, "clientId") ?? oid, ConsentType = Str(g, "consentType"),
                        PrincipalId = Str(g, "principalId"), ResourceId = Str(g, "resourceId"), Scope = match, GrantScope = scope, Name = match,
                    });
                }
            }
            if (kind == null && held.Select(h => h.Kind).Distinct().Count() > 1)
                throw new NhiException(CleanupErrors.InvalidTarget, NhiErrorCategory.InvalidArgument,
                    $"{identity.Id} holds '{name}' both as an application permission and as a delegated scope: say which with 'approle:{name}' or 'delegated:{name}'. Nothing was changed.", identity.Id);
            return (sp, held);
        }

        private static string ToJson(IEnumerable<HeldPermission> held) => Encoding.UTF8.GetString(EntraGraph.Json(w =>
        {
            w.WriteStartArray();
            foreach (var h in held)
            {
                w.WriteStartObject();
                w.WriteString("kind", h.Kind);
                w.WriteString("id", h.Id);
                w.WriteString("name", h.Name);
                w.WriteString("resourceId", h.ResourceId);
                if (h.Kind == "appRoleAssignment")
                {
                    w.WriteString("principalId", h.PrincipalId);
                    w.WriteString("appRoleId", h.AppRoleId);
                }
                else
                {
                    w.WriteString("clientId", h.ClientId);
                    w.WriteString("consentType", h.ConsentType);
                    if (h.PrincipalId == null) w.WriteNull("principalId"); else w.WriteString("principalId", h.PrincipalId);
                    w.WriteString("scope", h.Scope);
                    w.WriteString("grantScope", h.GrantScope);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }));

        private static List<HeldPermission> FromJson(string before, string identityId)
        {
            try
            {
                using (var doc = JsonDocument.Parse(before ?? ""))
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new JsonException();
                    return doc.RootElement.EnumerateArray().Select(e => new HeldPermission
                    {
                        Kind = Str(e, "kind"), Id = Str(e, "id"), Name = Str(e, "name"), ResourceId = Str(e, "resourceId"), PrincipalId = Str(e, "principalId"),
                        AppRoleId = Str(e, "appRoleId"), ClientId = Str(e, "clientId"), ConsentType = Str(e, "consentType"), Scope = Str(e, "scope"), GrantScope = Str(e, "grantScope"),
                    }).ToList();
                }
            }
            catch (JsonException)
            {
                throw new NhiException(CleanupErrors.CannotUndo, NhiErrorCategory.InvalidData, "The change does not record which permission was revoked; NhiTools cannot re-create it.", identityId);
            }
        }

        private string CapturePermission(Identity identity, string target, IHostContext host) =>
            Sync(async (onRetry, ct) => ToJson((await HeldAsync(identity, target, WriteBudget(), onRetry, ct).ConfigureAwait(false)).Held), host);

        private CleanupStep RevokePermission(Identity identity, string target, IHostContext host)
        {
            return Sync(async (onRetry, ct) =>
            {
                var budget = WriteBudget();
                var (sp, held) = await HeldAsync(identity, target, budget, onRetry, ct).ConfigureAwait(false);
                if (held.Count == 0)
                    return new CleanupStep { Changed = false, Before = "[]", After = "[]", Note = identity.Id + " does not hold " + target + "; nothing sent." };
                foreach (var h in held)
                {
                    try
                    {
                        if (h.Kind == "appRoleAssignment")
                            await DeleteAsync(sp.Path + "/appRoleAssignments/" + EntraGraph.Escape(h.Id), "delete app role assignment", budget, onRetry, ct).ConfigureAwait(false);
                        else
                        {
                            var rest = h.GrantScope.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries).Where(s => !string.Equals(s, h.Scope, StringComparison.OrdinalIgnoreCase)).ToList();
                            if (rest.Count == 0)
                                await DeleteAsync("/oauth2PermissionGrants/" + EntraGraph.Escape(h.Id), "delete delegated grant", budget, onRetry, ct).ConfigureAwait(false);
                            else
                                await PatchScopeAsync(h.Id, string.Join(" ", rest), budget, onRetry, ct).ConfigureAwait(false);
                        }
                    }
                    catch (GraphRequestException ex)
                    {
                        throw EntraErrors.Request("Revoking " + target + " of " + identity.Id, ex.Failure, identity.Id);
                    }
                }
                return new CleanupStep { Changed = true, Before = ToJson(held), After = "revoked" };
            }, host);
        }

        /// <summary>DELETE, retried on 429/5xx/lost answers: a 404 after a first attempt is the earlier attempt's success.</summary>
        private async Task DeleteAsync(string path, string what, RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            try
            {
                await _graph.SendAsync(HttpMethod.Delete, path, null, what, RetryMode.Transient, budget, onRetry, ct).ConfigureAwait(false);
            }
            catch (GraphRequestException ex) when (ex.Failure.Status == 404 && ex.Failure.Attempts > 1) { }
        }

        private Task PatchScopeAsync(string grantId, string scope, RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            var body = EntraGraph.Json(w => { w.WriteStartObject(); w.WriteString("scope", scope); w.WriteEndObject(); });
            // Setting the whole scope string is idempotent: retried like a read.
            return _graph.SendAsync(new HttpMethod("PATCH"), "/oauth2PermissionGrants/" + EntraGraph.Escape(grantId), body, "PATCH grant scope", RetryMode.Transient, budget, onRetry, ct);
        }

        /// <summary>Re-creates what a revoke removed (Undo-NhiChange); what is already back is left alone.</summary>
        private CleanupStep RestorePermission(Identity identity, string target, string before, IHostContext host)
        {
            var removed = FromJson(before, identity.Id);
            return Sync(async (onRetry, ct) =>
            {
                var budget = WriteBudget();
                var sp = await ServicePrincipalStateAsync(identity, budget, onRetry, ct).ConfigureAwait(false);
                var oid = ServicePrincipalObjectId(sp);
                var assignments = await AllPagesAsync(sp.Path + "/appRoleAssignments?$top=999", "app role assignments of " + identity.Id, budget, onRetry, ct).ConfigureAwait(false);
                var grants = await AllPagesAsync(sp.Path + "/oauth2PermissionGrants?$top=999", "delegated grants of " + identity.Id, budget, onRetry, ct).ConfigureAwait(false);
                int written = 0;
                try
                {
                    foreach (var h in removed)
                    {
                        if (h.Kind == "appRoleAssignment")
                        {
                            if (assignments.Any(a => Same(Str(a, "resourceId"), h.ResourceId) && Same(Str(a, "appRoleId"), h.AppRoleId))) continue;
                            var body = EntraGraph.Json(w =>
                            {
                                w.WriteStartObject();
                                w.WriteString("principalId", oid);
                                w.WriteString("resourceId", h.ResourceId);
                                w.WriteString("appRoleId", h.AppRoleId);
                                w.WriteEndObject();
                            });
                            // A create is not resent after a lost answer (it would fail as a duplicate): only 429 is retried.
                            await _graph.SendAsync(HttpMethod.Post, sp.Path + "/appRoleAssignments", body, "create app role assignment", RetryMode.ThrottleOnly, budget, onRetry, ct).ConfigureAwait(false);
                            written++;
                        }
                        else if (h.Kind == "oauth2PermissionGrant")
                        {
                            var grant = grants.FirstOrDefault(g => Same(Str(g, "resourceId"), h.ResourceId) && Same(Str(g, "consentType"), h.ConsentType) && Same(Str(g, "principalId"), h.PrincipalId));
                            if (grant.ValueKind == JsonValueKind.Object)
                            {
                                var scopes = (Str(grant, "scope") ?? "").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries).ToList();
                                if (scopes.Contains(h.Scope, StringComparer.OrdinalIgnoreCase)) continue;
                                scopes.Add(h.Scope);
                                await PatchScopeAsync(Str(grant, "id"), string.Join(" ", scopes), budget, onRetry, ct).ConfigureAwait(false);
                            }
                            else
                            {
                                var body = EntraGraph.Json(w =>
                                {
                                    w.WriteStartObject();
                                    w.WriteString("clientId", oid);
                                    w.WriteString("consentType", h.ConsentType ?? "AllPrincipals");
                                    if (h.PrincipalId != null) w.WriteString("principalId", h.PrincipalId);
                                    w.WriteString("resourceId", h.ResourceId);
                                    w.WriteString("scope", h.Scope);
                                    w.WriteEndObject();
                                });
                                await _graph.SendAsync(HttpMethod.Post, "/oauth2PermissionGrants", body, "create delegated grant", RetryMode.ThrottleOnly, budget, onRetry, ct).ConfigureAwait(false);
                            }
                            written++;
                        }
                    }
                }
                catch (GraphRequestException ex)
                {
                    throw EntraErrors.Request("Re-creating " + (target ?? "the revoked permission") + " of " + identity.Id, ex.Failure, identity.Id);
                }
                return written == 0
                    ? new CleanupStep { Changed = false, Before = before, After = before, Note = "every revoked permission is already back; nothing sent." }
                    : new CleanupStep { Changed = true, Before = "revoked", After = before };
            }, host);
        }

        private static bool Same(string a, string b) => string.Equals(a ?? "", b ?? "", StringComparison.OrdinalIgnoreCase);
    }
}
