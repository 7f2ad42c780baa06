using System;
using System.IO;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NhiTools.Labs.Common;
using NhiTools.Labs.Graph.OData;
using NhiTools.Labs.Graph.Store;

namespace NhiTools.Labs.Graph
{
    /// <summary>
    /// Microsoft Graph (v1.0 and beta) on loopback, plus the Entra token endpoint (client credentials) on a TLS
    /// listener. Point a GraphServiceClient at <see cref="GraphBaseUrl"/> and a ClientSecretCredential at
    /// <see cref="AuthorityHost"/>. Operation names (for fault rules and the log) are listed in <see cref="Resolve"/>.
    /// </summary>
    public sealed partial class GraphLab : LabServer
    {
        private static readonly Regex KeyedSegment = new Regex(@"^(?<coll>[A-Za-z0-9]+)\(appId='(?<appId>[^']*)'\)$", RegexOptions.CultureInvariant);
        private readonly Random _batchRandom;

        public GraphLab(GraphLabOptions options = null) : base(options ?? new GraphLabOptions())
        {
            _batchRandom = new Random(Options.Seed);
            if (Options.SeedAdminApp) SeedAdminApp();
            if (!string.IsNullOrEmpty(Options.SeedPath)) Seed(Options.SeedPath);
        }

        /// <summary>Creates, seeds (options.SeedPath) and starts a Graph lab.</summary>
        public static async Task<GraphLab> StartNewAsync(GraphLabOptions options = null, CancellationToken cancellationToken = default)
        {
            var lab = new GraphLab(options);
            try { await lab.StartAsync(cancellationToken).ConfigureAwait(false); }
            catch { await lab.DisposeAsync().ConfigureAwait(false); throw; }
            return lab;
        }

        public new GraphLabOptions Options => (GraphLabOptions)base.Options;
        public override string Name => "Graph";
        public GraphStore Store { get; } = new GraphStore();

        /// <summary>"http://127.0.0.1:port/v1.0": the GraphServiceClient base URL (exactly this path: $batch cuts 5 chars).</summary>
        public string GraphBaseUrl => BaseUrl + "/v1.0";
        public string BetaBaseUrl => BaseUrl + "/beta";
        /// <summary>"https://127.0.0.1:port": ClientSecretCredentialOptions.AuthorityHost (with DisableInstanceDiscovery).</summary>
        public string AuthorityHost => HttpsBaseUrl;
        public string TenantId => Options.TenantId;

        /// <summary>Loads a seed directory (its "entra" subfolder when present) or file.</summary>
        public GraphSeedResult Seed(string path) =>
            Directory.Exists(path) ? GraphSeeder.LoadDirectory(Store, path) : GraphSeeder.LoadFile(Store, path);

        /// <summary>Loads one Graph collection response (or array) given as JSON text.</summary>
        public GraphSeedResult SeedJson(string json) => GraphSeeder.LoadJson(Store, json);

        private void SeedAdminApp()
        {
            var now = Clock.GetUtcNow();
            var start = now.AddDays(-1);
            var end = now.AddYears(2);
            lock (Store.Gate)
            {
                Store.Applications.Upsert(new JsonObject
                {
                    ["id"] = GraphLabCredentials.AdminAppObjectId,
                    ["deletedDateTime"] = null,
                    ["appId"] = GraphLabCredentials.AdminClientId,
                    ["createdDateTime"] = GraphJson.Iso(start),
                    ["displayName"] = "NhiTools Lab Admin",
                    ["publisherDomain"] = GraphLabCredentials.TenantDomain,
                    ["signInAudience"] = "AzureADMyOrg",
                    ["tags"] = new JsonArray(),
                    ["keyCredentials"] = new JsonArray(),
                    ["passwordCredentials"] = new JsonArray(new JsonObject
                    {
                        ["customKeyIdentifier"] = null,
                        ["displayName"] = "lab admin",
                        ["endDateTime"] = GraphJson.Iso(end),
                        ["hint"] = GraphLabCredentials.AdminClientSecret.Substring(0, 3),
                        ["keyId"] = GraphLabCredentials.AdminSecretKeyId,
                        ["secretText"] = null,
                        ["startDateTime"] = GraphJson.Iso(start),
                    }),
                });
                Store.ServicePrincipals.Upsert(new JsonObject
                {
                    ["id"] = GraphLabCredentials.AdminServicePrincipalObjectId,
                    ["deletedDateTime"] = null,
                    ["accountEnabled"] = true,
                    ["appDisplayName"] = "NhiTools Lab Admin",
                    ["appId"] = GraphLabCredentials.AdminClientId,
                    ["appOwnerOrganizationId"] = Options.TenantId,
                    ["displayName"] = "NhiTools Lab Admin",
                    ["servicePrincipalNames"] = new JsonArray(GraphLabCredentials.AdminClientId),
                    ["servicePrincipalType"] = "Application",
                    ["tags"] = new JsonArray(),
                    ["keyCredentials"] = new JsonArray(),
                    ["passwordCredentials"] = new JsonArray(),
                });
                Store.AddSecret(GraphLabCredentials.AdminClientId, Guid.Parse(GraphLabCredentials.AdminSecretKeyId),
                    GraphLabCredentials.AdminClientSecret, start, end, DateTimeOffset.MinValue);
            }
        }

        protected override Task WriteErrorAsync(HttpContext context, LabError error) =>
            GraphJson.WriteErrorAsync(context, error.Status, error.Code ?? GraphJson.DefaultCode(error.Status),
                error.Message ?? GraphJson.DefaultMessage(error.Status), error.RetryAfterSeconds, Clock.GetUtcNow());

        protected override ValueTask<LabOperation> ResolveAsync(HttpContext context) => new ValueTask<LabOperation>(Resolve(context));

        /// <summary>
        /// Operation names: {collection}.list|get|count, applications|servicePrincipals.owners.list|owners.add|owners.remove,
        /// .addPassword, .removePassword, servicePrincipals.appRoleAssignments.list, servicePrincipals.oauth2PermissionGrants.list,
        /// reports.servicePrincipalSignInActivities.list, reports.appCredentialSignInActivities.list, directoryObjects.get,
        /// batch, token, openid-configuration, unknown.
        /// </summary>
        private LabOperation Resolve(HttpContext context)
        {
            var method = context.Request.Method;
            var segments = (context.Request.Path.Value ?? "/").Trim('/').Split('/');

            // Entra ID token endpoint and the metadata MSAL may read.
            if (segments.Length == 4 && segments[1] == "oauth2" && segments[2] == "v2.0" && segments[3] == "token")
                return new LabOperation("token", false, c => TokenAsync(c, segments[0]));
            if (segments.Length >= 3 && segments[segments.Length - 1] == "openid-configuration" && segments[segments.Length - 2] == ".well-known")
                return new LabOperation("openid-configuration", false, c => OpenIdConfigurationAsync(c, segments[0])) { Exempt = true };
            if (segments.Length == 3 && segments[0] == "common" && segments[1] == "discovery" && segments[2] == "instance")
                return new LabOperation("instance-discovery", false, InstanceDiscoveryAsync) { Exempt = true };

            if (segments.Length < 2 || (segments[0] != "v1.0" && segments[0] != "beta"))
                return Unknown(404, "Request_ResourceNotFound", "Resource not found.");
            var beta = segments[0] == "beta";
            var s = new ArraySegment<string>(segments, 1, segments.Length - 1);

            if (s.Count == 1 && s[0] == "$batch")
                return HttpMethods.IsPost(method) ? Api("batch", false, BatchAsync) : MethodNotAllowed();

            if (s[0] == "reports")
            {
                if (s.Count != 2 || !HttpMethods.IsGet(method)) return Unknown(400, "BadRequest", $"Resource not found for the segment '{string.Join("/", (System.Collections.Generic.IEnumerable<string>)s)}'.");
                var report = s[1].Equals("servicePrincipalSignInActivities", StringComparison.Ordinal) ? Store.ServicePrincipalSignInActivities
                           : s[1].Equals("appCredentialSignInActivities", StringComparison.Ordinal) ? Store.AppCredentialSignInActivities : null;
                if (report == null || !beta)
                    return Unknown(400, "BadRequest", $"Resource not found for the segment '{s[1]}'.");
                return Api("reports." + s[1] + ".list", false, c => ListAsync(c, report, null, report.Type.Collection));
            }

            if (s[0] == "auditLogs") return ResolveAuditLogs(method, s, beta); // GraphLab.AuditLogs.cs
            if (s[0] == "directory") return ResolveDirectory(method, s) ?? Unknown(400, "BadRequest", "Resource not found for the segment 'directory'.");
            if (s[0] == "directoryObjects" && s.Count == 2 && HttpMethods.IsGet(method))
                return Api("directoryObjects.get", false, c => GetDirectoryObjectAsync(c, s[1]));

            // {collection} or {collection}(appId='...')
            string appIdKey = null;
            var collectionName = s[0];
            var keyed = KeyedSegment.Match(collectionName);
            if (keyed.Success) { collectionName = keyed.Groups["coll"].Value; appIdKey = keyed.Groups["appId"].Value; }
            var collection = Store.ByName(collectionName);
            if (collection == null || collection.Type.Collection.StartsWith("reports/", StringComparison.Ordinal)
                || collection == Store.AppRoleAssignments)
                return Unknown(400, "BadRequest", $"Resource not found for the segment '{s[0]}'.");
            var name = collection.Type.Collection;
            var hasCredentials = collection == Store.Applications || collection == Store.ServicePrincipals;
            if (appIdKey != null && !hasCredentials)
                return Unknown(400, "BadRequest", $"Resource not found for the segment '{s[0]}'.");

            // Rest after the collection: with (appId='..') the key is already given.
            var rest = s.Slice(1);
            if (appIdKey == null && rest.Count == 0)
            {
                if (HttpMethods.IsGet(method)) return Api(name + ".list", false, c => ListAsync(c, collection, null, name));
                return ResolveCollectionCreate(method, collection) ?? MethodNotAllowed(); // GraphLab.Permissions.cs
            }
            if (appIdKey == null && rest.Count == 1 && rest[0] == "$count")
                return HttpMethods.IsGet(method) ? Api(name + ".count", false, c => CountAsync(c, collection)) : MethodNotAllowed();

            var key = appIdKey ?? rest[0];
            var byAppId = appIdKey != null;
            var tail = appIdKey != null ? rest : rest.Slice(1);
            var cleanup = ResolveCleanup(method, collection, name, key, byAppId, tail);
            if (cleanup != null) return cleanup;
            if (tail.Count == 0)
                return HttpMethods.IsGet(method) ? Api(name + ".get", false, c => GetAsync(c, collection, key, byAppId)) : MethodNotAllowed();

            if (hasCredentials)
            {
                if (tail.Count == 1 && tail[0] == "owners" && HttpMethods.IsGet(method))
                    return Api(name + ".owners.list", false, c => OwnersListAsync(c, collection, key, byAppId));
                if (tail.Count == 2 && tail[0] == "owners" && tail[1] == "$ref" && HttpMethods.IsPost(method))
                    return Api(name + ".owners.add", true, c => OwnersAddAsync(c, collection, key, byAppId));
                if (tail.Count == 3 && tail[0] == "owners" && tail[2] == "$ref" && HttpMethods.IsDelete(method))
                    return Api(name + ".owners.remove", true, c => OwnersRemoveAsync(c, collection, key, byAppId, tail[1]));
                if (tail.Count == 1 && tail[0] == "addPassword" && HttpMethods.IsPost(method))
                    return Api(name + ".addPassword", true, c => AddPasswordAsync(c, collection, key, byAppId));
                if (tail.Count == 1 && tail[0] == "removePassword" && HttpMethods.IsPost(method))
                    return Api(name + ".removePassword", true, c => RemovePasswordAsync(c, collection, key, byAppId));
            }
            // Agent ID: GET /servicePrincipals/{id}/microsoft.graph.agentIdentity/sponsors (sponsors kept from the seed).
            if (collection == Store.ServicePrincipals && tail.Count == 2 && tail[0] == "microsoft.graph.agentIdentity" && tail[1] == "sponsors" && HttpMethods.IsGet(method))
                return Api(name + ".sponsors.list", false, c => SponsorsListAsync(c, key, byAppId));
            if (collection == Store.ServicePrincipals && tail.Count == 1 && HttpMethods.IsGet(method))
            {
                if (tail[0] == "appRoleAssignments")
                    return Api(name + ".appRoleAssignments.list", false, c => RelatedListAsync(c, key, byAppId, Store.AppRoleAssignments, "principalId"));
                if (tail[0] == "oauth2PermissionGrants")
                    return Api(name + ".oauth2PermissionGrants.list", false, c => RelatedListAsync(c, key, byAppId, Store.OAuth2PermissionGrants, "clientId"));
            }
            return Unknown(400, "BadRequest", $"Resource not found for the segment '{tail[0]}'.");
        }

        private LabOperation Unknown(int status, string code, string message) =>
            new LabOperation("unknown", false, c => GraphJson.WriteErrorAsync(c, status, code, message, null, Clock.GetUtcNow()));

        private LabOperation MethodNotAllowed() =>
            new LabOperation("unknown", false, c => GraphJson.WriteErrorAsync(c, 405, "Request_BadRequest",
                "Specified HTTP method is not allowed for the request uri.", null, Clock.GetUtcNow()));

        /// <summary>A Graph API operation: bearer token required; query errors become Graph error bodies.</summary>
        private LabOperation Api(string name, bool isWrite, Func<HttpContext, Task> handler) =>
            new LabOperation(name, isWrite, async c =>
            {
                GraphJson.RequestId(c);
                if (!Authorize(c, out var failure))
                {
                    c.Response.Headers["WWW-Authenticate"] =
                        "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";
                    await GraphJson.WriteErrorAsync(c, 401, "InvalidAuthenticationToken", failure, null, Clock.GetUtcNow()).ConfigureAwait(false);
                    return;
                }
                try { await handler(c).ConfigureAwait(false); }
                catch (GraphQueryException ex) when (!c.Response.HasStarted)
                {
                    await GraphJson.WriteErrorAsync(c, ex.Status, ex.Code, ex.Message, null, Clock.GetUtcNow()).ConfigureAwait(false);
                }
            });

        private bool Authorize(HttpContext context, out string failure)
        {
            var header = context.Request.Headers["Authorization"].ToString();
            if (string.IsNullOrWhiteSpace(header)) { failure = "Access token is empty."; return false; }
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                failure = "IDX14100: JWT is not well formed, there are no dots (.).";
                return false;
            }
            var token = header.Substring(7).Trim();
            if (Options.AcceptStaticToken && token == GraphLabCredentials.StaticToken) { failure = null; return true; }
            TokenRecord record;
            lock (Store.Gate) record = Store.FindToken(token);
            if (record == null) { failure = "Invalid signature."; return false; }
            if (record.ExpiresOn <= Clock.GetUtcNow()) { failure = "Lifetime validation failed, the token is expired."; return false; }
            failure = null;
            return true;
        }
    }
}
