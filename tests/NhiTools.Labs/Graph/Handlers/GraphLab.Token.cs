using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NhiTools.Labs.Graph.Store;

namespace NhiTools.Labs.Graph
{
    // Entra ID v2.0 token endpoint (client credentials with a client secret) and the metadata MSAL may read.
    public sealed partial class GraphLab
    {
        private bool IsLabTenant(string tenant) =>
            string.Equals(tenant, Options.TenantId, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(tenant, GraphLabCredentials.TenantDomain, StringComparison.OrdinalIgnoreCase);

        private async Task TokenAsync(HttpContext c, string tenant)
        {
            if (!HttpMethods.IsPost(c.Request.Method))
            {
                await AadErrorAsync(c, 400, "invalid_request", 900561, "The endpoint only accepts POST requests.").ConfigureAwait(false);
                return;
            }
            if (!IsLabTenant(tenant))
            {
                await AadErrorAsync(c, 400, "invalid_request", 90002,
                    $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.").ConfigureAwait(false);
                return;
            }
            if (!c.Request.HasFormContentType)
            {
                await AadErrorAsync(c, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.").ConfigureAwait(false);
                return;
            }
            var form = await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
            string grantType = form["grant_type"], clientId = form["client_id"], secret = form["client_secret"], scope = form["scope"];
            // client_secret_basic: credentials in the Authorization header.
            var basic = c.Request.Headers["Authorization"].ToString();
            if (string.IsNullOrEmpty(secret) && basic.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic.Substring(6).Trim())).Split(':', 2);
                clientId ??= Uri.UnescapeDataString(pair[0]);
                if (pair.Length == 2) secret = Uri.UnescapeDataString(pair[1]);
            }
            if (string.IsNullOrEmpty(grantType))
            {
                await AadErrorAsync(c, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.").ConfigureAwait(false);
                return;
            }
            if (grantType != "client_credentials")
            {
                await AadErrorAsync(c, 400, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{grantType}'.").ConfigureAwait(false);
                return;
            }
            if (string.IsNullOrEmpty(clientId))
            {
                await AadErrorAsync(c, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.").ConfigureAwait(false);
                return;
            }
            if (string.IsNullOrEmpty(scope) || !scope.Trim().EndsWith("/.default", StringComparison.Ordinal))
            {
                await AadErrorAsync(c, 400, "invalid_scope", 1002012,
                    $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).").ConfigureAwait(false);
                return;
            }

            SecretCheck check;
            string spId;
            lock (Store.Gate)
            {
                if (Store.Applications.GetByAppId(clientId) == null && Store.ServicePrincipals.GetByAppId(clientId) == null)
                    check = (SecretCheck)(-1);
                else
                    check = Store.CheckSecret(clientId, secret, Clock.GetUtcNow());
                spId = Store.ServicePrincipals.GetByAppId(clientId)?.Id;
            }
            if ((int)check == -1)
            {
                await AadErrorAsync(c, 400, "unauthorized_client", 700016,
                    $"Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.").ConfigureAwait(false);
                return;
            }
            if (string.IsNullOrEmpty(secret))
            {
                await AadErrorAsync(c, 401, "invalid_client", 7000216,
                    "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.").ConfigureAwait(false);
                return;
            }
            switch (check)
            {
                case SecretCheck.Valid:
                    break;
                case SecretCheck.Expired:
                    await AadErrorAsync(c, 401, "invalid_client", 7000222, $"The provided client secret keys for app '{clientId}' are expired.").ConfigureAwait(false);
                    return;
                default: // Invalid, NotYetValid, or not yet replicated: Entra says the same thing for all three.
                    await AadErrorAsync(c, 401, "invalid_client", 7000215,
                        $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.").ConfigureAwait(false);
                    return;
            }

            var now = Clock.GetUtcNow();
            var expires = now + Options.TokenLifetime;
            var token = NewAccessToken(clientId, spId, scope, now, expires);
            lock (Store.Gate) Store.AddToken(token, clientId, expires);
            var seconds = (long)Options.TokenLifetime.TotalSeconds;
            var body = GraphJson.Build(w =>
            {
                w.WriteStartObject();
                w.WriteString("token_type", "Bearer");
                w.WriteNumber("expires_in", seconds);
                w.WriteNumber("ext_expires_in", seconds);
                w.WriteString("access_token", token);
                w.WriteEndObject();
            });
            c.Response.Headers["Cache-Control"] = "no-store, no-cache";
            await GraphJson.WriteAsync(c, 200, body, "application/json; charset=utf-8").ConfigureAwait(false);
        }

        /// <summary>A JWT-shaped app token (claims as Entra issues them); the lab validates it by lookup, not signature.</summary>
        private string NewAccessToken(string clientId, string spId, string scope, DateTimeOffset now, DateTimeOffset expires)
        {
            static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var audience = scope.Substring(0, scope.Length - "/.default".Length);
            var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["kid"] = "nhitools-lab" };
            var payload = new JsonObject
            {
                ["aud"] = audience,
                ["iss"] = $"https://sts.windows.net/{Options.TenantId}/",
                ["iat"] = now.ToUnixTimeSeconds(),
                ["nbf"] = now.ToUnixTimeSeconds(),
                ["exp"] = expires.ToUnixTimeSeconds(),
                ["appid"] = clientId,
                ["appidacr"] = "1",
                ["idtyp"] = "app",
                ["oid"] = spId,
                ["sub"] = spId,
                ["tid"] = Options.TenantId,
                ["uti"] = B64(RandomNumberGenerator.GetBytes(16)),
                ["ver"] = "1.0",
            };
            return B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(payload.ToJsonString()))
                   + "." + B64(RandomNumberGenerator.GetBytes(64));
        }

        private Task AadErrorAsync(HttpContext c, int status, string error, int code, string description)
        {
            var now = Clock.GetUtcNow();
            var traceId = Guid.NewGuid().ToString();
            var correlationId = c.Request.Headers["client-request-id"].ToString();
            if (string.IsNullOrEmpty(correlationId)) correlationId = Guid.NewGuid().ToString();
            var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var body = GraphJson.Build(w =>
            {
                w.WriteStartObject();
                w.WriteString("error", error);
                w.WriteString("error_description", $"AADSTS{code}: {description} Trace ID: {traceId} Correlation ID: {correlationId} Timestamp: {timestamp}");
                w.WriteStartArray("error_codes"); w.WriteNumberValue(code); w.WriteEndArray();
                w.WriteString("timestamp", timestamp);
                w.WriteString("trace_id", traceId);
                w.WriteString("correlation_id", correlationId);
                w.WriteString("error_uri", $"{AuthorityBase(c)}/error?code={code}");
                w.WriteEndObject();
            });
            return GraphJson.WriteAsync(c, status, body, "application/json; charset=utf-8");
        }

        private static string AuthorityBase(HttpContext c) => c.Request.Scheme + "://" + c.Request.Host.Value;

        private Task OpenIdConfigurationAsync(HttpContext c, string tenant)
        {
            var b = AuthorityBase(c) + "/" + tenant;
            var body = GraphJson.Build(w =>
            {
                w.WriteStartObject();
                w.WriteString("token_endpoint", b + "/oauth2/v2.0/token");
                w.WriteStartArray("token_endpoint_auth_methods_supported");
                foreach (var m in new[] { "client_secret_post", "private_key_jwt", "client_secret_basic" }) w.WriteStringValue(m);
                w.WriteEndArray();
                w.WriteString("jwks_uri", AuthorityBase(c) + "/" + tenant + "/discovery/v2.0/keys");
                w.WriteStartArray("response_modes_supported");
                foreach (var m in new[] { "query", "fragment", "form_post" }) w.WriteStringValue(m);
                w.WriteEndArray();
                w.WriteStartArray("subject_types_supported"); w.WriteStringValue("pairwise"); w.WriteEndArray();
                w.WriteStartArray("id_token_signing_alg_values_supported"); w.WriteStringValue("RS256"); w.WriteEndArray();
                w.WriteStartArray("response_types_supported");
                foreach (var m in new[] { "code", "id_token", "code id_token", "id_token token" }) w.WriteStringValue(m);
                w.WriteEndArray();
                w.WriteStartArray("scopes_supported");
                foreach (var m in new[] { "openid", "profile", "email", "offline_access" }) w.WriteStringValue(m);
                w.WriteEndArray();
                w.WriteString("issuer", b + "/v2.0");
                w.WriteBoolean("request_uri_parameter_supported", false);
                w.WriteString("authorization_endpoint", b + "/oauth2/v2.0/authorize");
                w.WriteString("device_authorization_endpoint", b + "/oauth2/v2.0/devicecode");
                w.WriteString("end_session_endpoint", b + "/oauth2/v2.0/logout");
                w.WriteString("tenant_region_scope", "EU");
                w.WriteString("cloud_instance_name", "microsoftonline.com");
                w.WriteString("msgraph_host", "graph.microsoft.com");
                w.WriteEndObject();
            });
            return GraphJson.WriteAsync(c, 200, body, "application/json; charset=utf-8");
        }

        private Task InstanceDiscoveryAsync(HttpContext c)
        {
            var host = c.Request.Host.Value;
            var body = GraphJson.Build(w =>
            {
                w.WriteStartObject();
                w.WriteString("tenant_discovery_endpoint", AuthorityBase(c) + "/" + Options.TenantId + "/v2.0/.well-known/openid-configuration");
                w.WriteString("api-version", "1.1");
                w.WriteStartArray("metadata");
                w.WriteStartObject();
                w.WriteString("preferred_network", host);
                w.WriteString("preferred_cache", host);
                w.WriteStartArray("aliases"); w.WriteStringValue(host); w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            });
            return GraphJson.WriteAsync(c, 200, body, "application/json; charset=utf-8");
        }
    }
}
