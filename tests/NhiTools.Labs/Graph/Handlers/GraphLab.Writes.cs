using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NhiTools.Labs.Graph.OData;
using NhiTools.Labs.Graph.Store;

namespace NhiTools.Labs.Graph
{
    // Writes: owners ($ref add/remove, list), addPassword, removePassword.
    public sealed partial class GraphLab
    {
        private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~._-";
        private const string AlnumAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

        private static async Task<JsonObject> ReadBodyAsync(HttpContext c, bool required)
        {
            string text;
            using (var reader = new StreamReader(c.Request.Body))
                text = await reader.ReadToEndAsync().ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(text))
            {
                if (required) throw GraphQueryException.BadRequest("Empty Payload. JSON content expected.");
                return new JsonObject();
            }
            try
            {
                return JsonNode.Parse(text) as JsonObject ?? throw GraphQueryException.BadRequest("Invalid JSON body: an object was expected.");
            }
            catch (JsonException ex)
            {
                throw GraphQueryException.BadRequest("Invalid JSON body: " + ex.Message);
            }
        }

        private static void RejectManagedIdentity(EntityCollection collection, GraphEntity e)
        {
            if (collection.Type == GraphResourceType.ServicePrincipal &&
                string.Equals(e.GetString("servicePrincipalType"), "ManagedIdentity", StringComparison.OrdinalIgnoreCase))
                throw GraphQueryException.BadRequest("Managed identity service principals cannot be updated or modified directly.");
        }

        // ---- owners ------------------------------------------------------------------------------------------

        private async Task OwnersListAsync(HttpContext c, EntityCollection collection, string key, bool byAppId)
        {
            var q = ODataQuery.Parse(c.Request);
            byte[] body;
            lock (Store.Gate)
            {
                var e = Find(collection, key, byAppId) ?? throw GraphQueryException.NotFound(key);
                var owners = Store.OwnersOf(e.Id).Where(id => Store.FindDirectoryObject(id, out _) != null).ToList();
                // Owners page by position; the token carries the offset (1-based, so it is never 0).
                var offset = (int)Math.Max(0, q.SkipAfter - 1);
                var page = owners.Skip(offset).Take(q.Top).ToList();
                var more = offset + page.Count < owners.Count;
                var nextLink = more ? NextLink(c, ODataQuery.EncodeSkipToken(offset + page.Count + 1, false)) : null;
                body = GraphJson.Build(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("@odata.context", Root(c) + "/$metadata#directoryObjects");
                    if (q.Count) w.WriteNumber("@odata.count", owners.Count);
                    if (nextLink != null) w.WriteString("@odata.nextLink", nextLink);
                    w.WriteStartArray("value");
                    foreach (var id in page) WriteDirectoryObject(w, id, null);
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            await GraphJson.WriteAsync(c, 200, body).ConfigureAwait(false);
        }

        private async Task OwnersAddAsync(HttpContext c, EntityCollection collection, string key, bool byAppId)
        {
            var body = await ReadBodyAsync(c, required: true).ConfigureAwait(false);
            var reference = body["@odata.id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (string.IsNullOrWhiteSpace(reference))
                throw GraphQueryException.BadRequest("Invalid request body: the '@odata.id' reference is missing.");
            // ".../directoryObjects/{id}" or ".../directoryObjects('{id}')": the last segment is the owner id.
            var ownerId = reference.TrimEnd('/').Split('/').Last();
            if (ownerId.StartsWith("directoryObjects(", StringComparison.OrdinalIgnoreCase)) ownerId = ownerId.Substring(17).TrimEnd(')').Trim('\'');
            lock (Store.Gate)
            {
                var e = Find(collection, key, byAppId) ?? throw GraphQueryException.NotFound(key);
                RejectManagedIdentity(collection, e);
                if (Store.FindDirectoryObject(ownerId, out var type) == null || type == GraphResourceType.Application)
                    throw GraphQueryException.NotFound(ownerId);
                if (!Store.AddOwner(e.Id, ownerId))
                    throw GraphQueryException.BadRequest("One or more added object references already exist for the following modified properties: 'owners'.");
            }
            c.Response.StatusCode = 204;
        }

        private Task OwnersRemoveAsync(HttpContext c, EntityCollection collection, string key, bool byAppId, string ownerId)
        {
            lock (Store.Gate)
            {
                var e = Find(collection, key, byAppId) ?? throw GraphQueryException.NotFound(key);
                RejectManagedIdentity(collection, e);
                if (!Store.RemoveOwner(e.Id, ownerId)) throw GraphQueryException.NotFound(ownerId);
            }
            c.Response.StatusCode = 204;
            return Task.CompletedTask;
        }

        // ---- passwords ------------------------------------------------------------------------------------

        private async Task AddPasswordAsync(HttpContext c, EntityCollection collection, string key, bool byAppId)
        {
            var body = await ReadBodyAsync(c, required: false).ConfigureAwait(false);
            var requested = body["passwordCredential"] as JsonObject ?? new JsonObject();
            var now = Clock.GetUtcNow();
            var start = ParseDate(requested, "startDateTime") ?? now;
            var end = ParseDate(requested, "endDateTime") ?? start.AddYears(2);
            if (end <= start)
                throw GraphQueryException.BadRequest("Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'.");
            var displayName = requested["displayName"] is JsonValue dn && dn.TryGetValue<string>(out var name) ? name : null;
            var secret = NewSecretText();
            var keyId = Guid.NewGuid();

            JsonObject Credential(string secretText) => new JsonObject
            {
                ["customKeyIdentifier"] = null,
                ["displayName"] = displayName,
                ["endDateTime"] = GraphJson.Iso(end),
                ["hint"] = secret.Substring(0, 3),
                ["keyId"] = keyId.ToString(),
                ["secretText"] = secretText,
                ["startDateTime"] = GraphJson.Iso(start),
            };

            lock (Store.Gate)
            {
                var e = Find(collection, key, byAppId) ?? throw GraphQueryException.NotFound(key);
                RejectManagedIdentity(collection, e);
                var json = e.AsObject();
                if (json["passwordCredentials"] is not JsonArray list) json["passwordCredentials"] = list = new JsonArray();
                list.Add(Credential(null)); // stored and listed without the value
                collection.SeenProperties.Add("passwordCredentials");
                var appId = e.GetString("appId") ?? e.Id;
                Store.AddSecret(appId, keyId, secret, start, end, now + Options.SecretPropagationDelay);
            }
            var response = Credential(secret);
            response.Insert(0, "@odata.context", Root(c) + "/$metadata#microsoft.graph.passwordCredential");
            await GraphJson.WriteAsync(c, 200, GraphJson.Build(w => response.WriteTo(w))).ConfigureAwait(false);
        }

        /// <summary>
        /// 204 when the key is removed. An unknown keyId is 400 Request_BadRequest (the lab's documented choice:
        /// the real code is not documented), so a retried removal is visible as such.
        /// </summary>
        private async Task RemovePasswordAsync(HttpContext c, EntityCollection collection, string key, bool byAppId)
        {
            var body = await ReadBodyAsync(c, required: true).ConfigureAwait(false);
            var raw = body["keyId"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (!Guid.TryParse(raw, out var keyId))
                throw GraphQueryException.BadRequest("Invalid value specified for property 'keyId' of resource 'PasswordCredential'.");
            lock (Store.Gate)
            {
                var e = Find(collection, key, byAppId) ?? throw GraphQueryException.NotFound(key);
                RejectManagedIdentity(collection, e);
                var list = e.AsObject()["passwordCredentials"] as JsonArray;
                var match = list?.OfType<JsonObject>().FirstOrDefault(p =>
                    Guid.TryParse(p["keyId"]?.GetValue<string>(), out var k) && k == keyId);
                if (match == null)
                    throw GraphQueryException.BadRequest($"No password credential found with keyId '{keyId}'.");
                list.Remove(match);
                Store.RemoveSecret(e.GetString("appId") ?? e.Id, keyId);
            }
            c.Response.StatusCode = 204;
        }

        private static DateTimeOffset? ParseDate(JsonObject o, string property)
        {
            if (!(o[property] is JsonValue v) || !v.TryGetValue<string>(out var s) || s == null) return null;
            if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d))
                throw GraphQueryException.BadRequest($"Invalid value specified for property '{property}' of resource 'PasswordCredential'.");
            return d;
        }

        /// <summary>40 characters in today's Entra shape: 3 characters, a digit, "Q~", then 34 of [A-Za-z0-9~._-].</summary>
        private static string NewSecretText()
        {
            var chars = new char[40];
            for (var i = 0; i < 3; i++) chars[i] = AlnumAlphabet[RandomNumberGenerator.GetInt32(AlnumAlphabet.Length)];
            chars[3] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            chars[4] = 'Q';
            chars[5] = '~';
            for (var i = 6; i < 40; i++) chars[i] = SecretAlphabet[RandomNumberGenerator.GetInt32(SecretAlphabet.Length)];
            return new string(chars);
        }
    }
}
