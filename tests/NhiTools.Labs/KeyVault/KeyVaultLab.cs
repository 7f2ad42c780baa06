using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NhiTools.Labs.Common;

namespace NhiTools.Labs.KeyVault
{
    /// <summary>
    /// Azure Key Vault secrets REST API over HTTPS (certificate made at start), with the real 401 bearer challenge.
    /// Operations (log and fault names): SetSecret, GetSecret, ListSecrets, ListSecretVersions, UpdateSecret,
    /// DeleteSecret, ListDeletedSecrets, GetDeletedSecret, PurgeDeletedSecret, RecoverDeletedSecret.
    /// </summary>
    public sealed partial class KeyVaultLab : LabServer
    {
        static readonly Regex NamePattern = new Regex("^[0-9a-zA-Z-]{1,127}$", RegexOptions.CultureInvariant);
        readonly ConcurrentDictionary<string, int> _apiVersions = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        public KeyVaultLab(KeyVaultLabOptions options = null) : base(options ?? new KeyVaultLabOptions())
        {
            Store = new KeyVaultStore((KeyVaultLabOptions)Options) { Clock = () => Clock.GetUtcNow() };
        }

        public override string Name => "KeyVault";
        public KeyVaultStore Store { get; }
        public KeyVaultLabOptions VaultOptions => (KeyVaultLabOptions)Options;

        /// <summary>Every api-version a client sent, with how many requests carried it.</summary>
        public IReadOnlyDictionary<string, int> ApiVersionsSeen => new Dictionary<string, int>(_apiVersions);

        /// <summary>The challenge header exactly as Key Vault sends it.</summary>
        public string Challenge =>
            "Bearer authorization=\"https://login.windows.net/" + VaultOptions.TenantId + "\", resource=\"https://vault.azure.net\"";

        protected override ValueTask<LabOperation> ResolveAsync(HttpContext context)
        {
            var method = context.Request.Method.ToUpperInvariant();
            var segs = (context.Request.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
            LabOperation op(string name, bool write, Func<HttpContext, Task> h) => new LabOperation(name, write, c => Authorized(c, h));
            LabOperation result = ResolveLabSettings(method, segs); // KeyVaultLab.Settings.cs
            if (result != null) { }
            else if (segs.Length >= 1 && segs[0].Equals("secrets", StringComparison.OrdinalIgnoreCase))
            {
                if (segs.Length == 1 && method == "GET") result = op("ListSecrets", false, ListSecrets);
                else if (segs.Length == 2 && method == "PUT") result = op("SetSecret", true, c => SetSecret(c, segs[1]));
                else if (segs.Length == 2 && method == "GET") result = op("GetSecret", false, c => GetSecret(c, segs[1], null));
                else if (segs.Length == 2 && method == "DELETE") result = op("DeleteSecret", true, c => DeleteSecret(c, segs[1]));
                else if (segs.Length == 2 && method == "PATCH") result = op("UpdateSecret", true, c => UpdateSecret(c, segs[1], null));
                else if (segs.Length == 3 && method == "GET" && segs[2] == "versions") result = op("ListSecretVersions", false, c => ListVersions(c, segs[1]));
                else if (segs.Length == 3 && method == "GET") result = op("GetSecret", false, c => GetSecret(c, segs[1], segs[2]));
                else if (segs.Length == 3 && method == "PATCH") result = op("UpdateSecret", true, c => UpdateSecret(c, segs[1], segs[2]));
            }
            else if (segs.Length >= 1 && segs[0].Equals("deletedsecrets", StringComparison.OrdinalIgnoreCase))
            {
                if (segs.Length == 1 && method == "GET") result = op("ListDeletedSecrets", false, ListDeleted);
                else if (segs.Length == 2 && method == "GET") result = op("GetDeletedSecret", false, c => GetDeleted(c, segs[1]));
                else if (segs.Length == 2 && method == "DELETE") result = op("PurgeDeletedSecret", true, c => Purge(c, segs[1]));
                else if (segs.Length == 3 && method == "POST" && segs[2] == "recover") result = op("RecoverDeletedSecret", true, c => Recover(c, segs[1]));
            }
            result ??= new LabOperation("unknown", method != "GET", c => Authorized(c, x =>
                Json(x, 404, KeyVaultJson.Error("NotFound", "The requested resource was not found: " + x.Request.Method + " " + x.Request.Path))));
            return new ValueTask<LabOperation>(result);
        }

        // The challenge comes before anything else, body included: the SDK's first request has no body and no token.
        async Task Authorized(HttpContext c, Func<HttpContext, Task> handler)
        {
            var auth = c.Request.Headers["Authorization"].ToString();
            if (!auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || auth.Length <= 7)
            {
                c.Response.Headers["WWW-Authenticate"] = Challenge;
                await Json(c, 401, KeyVaultJson.Error("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.")).ConfigureAwait(false);
                return;
            }
            if (VaultOptions.RequiredToken != null && auth.Substring(7).Trim() != VaultOptions.RequiredToken)
            {
                c.Response.Headers["WWW-Authenticate"] = Challenge;
                await Json(c, 401, KeyVaultJson.Error("Unauthorized", "AKV10032: Invalid issuer.")).ConfigureAwait(false);
                return;
            }
            var apiVersion = c.Request.Query["api-version"].ToString();
            if (string.IsNullOrEmpty(apiVersion))
            {
                await Json(c, 400, KeyVaultJson.Error("BadParameter", "The api-version query parameter is missing.")).ConfigureAwait(false);
                return;
            }
            _apiVersions.AddOrUpdate(apiVersion, 1, (_, n) => n + 1);
            c.Response.Headers["x-ms-keyvault-service-version"] = "1.9.0.0";
            await handler(c).ConfigureAwait(false);
        }

        // ---- secrets --------------------------------------------------------------------------------------

        async Task SetSecret(HttpContext c, string name)
        {
            if (!ValidName(name)) { await BadName(c, name); return; }
            JsonElement body;
            try { body = await ReadJson(c); }
            catch (JsonException) { await Json(c, 400, KeyVaultJson.Error("BadParameter", "The request body is not valid JSON.")); return; }
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
            {
                await Json(c, 400, KeyVaultJson.Error("BadParameter", "Property 'value' is required."));
                return;
            }
            SecretVersion v;
            StoredSecret s;
            lock (Store.Gate)
            {
                if (Store.Deleted.ContainsKey(name))
                {
                    v = null; s = null;
                }
                else
                {
                    var attrs = body.TryGetProperty("attributes", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
                    v = Store.Set(name, value.GetString(), Str(body, "contentType"), TagsOf(body),
                        enabled: Bool(attrs, "enabled") ?? true, notBefore: Unix(attrs, "nbf"), expires: Unix(attrs, "exp"));
                    s = Store.Secrets[name];
                }
            }
            if (v == null)
            {
                await Json(c, 409, KeyVaultJson.Error("Conflict", "Secret " + name + " is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.", "ObjectIsDeletedButRecoverable"));
                return;
            }
            await Json(c, 200, KeyVaultJson.Write(w => KeyVaultJson.Bundle(w, IdBase(c), s, v, true, Store)));
        }

        async Task GetSecret(HttpContext c, string name, string version)
        {
            StoredSecret s; SecretVersion v;
            lock (Store.Gate)
            {
                s = Store.Secrets.TryGetValue(name, out var x) ? x : null;
                v = s == null ? null : version == null ? s.Latest : s.Versions.FirstOrDefault(y => y.Version.Equals(version, StringComparison.OrdinalIgnoreCase));
            }
            if (v == null) { await NotFound(c, name); return; }
            if (!v.Enabled)
            {
                await Json(c, 403, KeyVaultJson.Error("Forbidden", "Operation get is not allowed on a disabled secret.", "SecretDisabled"));
                return;
            }
            await Json(c, 200, KeyVaultJson.Write(w => KeyVaultJson.Bundle(w, IdBase(c), s, v, true, Store)));
        }

        async Task UpdateSecret(HttpContext c, string name, string version)
        {
            JsonElement body;
            try { body = await ReadJson(c); }
            catch (JsonException) { await Json(c, 400, KeyVaultJson.Error("BadParameter", "The request body is not valid JSON.")); return; }
            StoredSecret s; SecretVersion v;
            lock (Store.Gate)
            {
                s = Store.Secrets.TryGetValue(name, out var x) ? x : null;
                v = s == null ? null : version == null ? s.Latest : s.Versions.FirstOrDefault(y => y.Version.Equals(version, StringComparison.OrdinalIgnoreCase));
                if (v != null && body.ValueKind == JsonValueKind.Object)
                {
                    if (body.TryGetProperty("contentType", out var ct)) v.ContentType = ct.ValueKind == JsonValueKind.String ? ct.GetString() : null;
                    if (body.TryGetProperty("attributes", out var a) && a.ValueKind == JsonValueKind.Object)
                    {
                        if (Bool(a, "enabled") is bool e) v.Enabled = e;
                        if (a.TryGetProperty("nbf", out _)) v.NotBefore = Unix(a, "nbf");
                        if (a.TryGetProperty("exp", out _)) v.Expires = Unix(a, "exp");
                    }
                    if (body.TryGetProperty("tags", out _)) v.Tags = TagsOf(body);
                    v.Updated = Store.Clock();
                }
            }
            if (v == null) { await NotFound(c, name); return; }
            await Json(c, 200, KeyVaultJson.Write(w => KeyVaultJson.Bundle(w, IdBase(c), s, v, false, Store)));
        }

        async Task ListSecrets(HttpContext c)
        {
            List<(StoredSecret S, SecretVersion V)> all;
            lock (Store.Gate) all = Store.Secrets.Values.Where(s => s.Latest != null).Select(s => (s, s.Latest)).ToList();
            await Page(c, all, e => e.S.Name, (w, e) => KeyVaultJson.Item(w, IdBase(c), e.S, e.V, false, Store));
        }

        async Task ListVersions(HttpContext c, string name)
        {
            List<(StoredSecret S, SecretVersion V)> all;
            lock (Store.Gate)
            {
                if (!Store.Secrets.TryGetValue(name, out var s)) all = null;
                else all = s.Versions.OrderBy(v => v.Version, StringComparer.Ordinal).Select(v => (s, v)).ToList();
            }
            if (all == null) { await NotFound(c, name); return; }
            await Page(c, all, e => e.V.Version, (w, e) => KeyVaultJson.Item(w, IdBase(c), e.S, e.V, true, Store));
        }

        async Task DeleteSecret(HttpContext c, string name)
        {
            StoredSecret s;
            lock (Store.Gate)
            {
                if (Store.Secrets.TryGetValue(name, out s))
                {
                    Store.Secrets.Remove(name);
                    var now = Store.Clock();
                    s.DeletedDate = now;
                    s.ScheduledPurgeDate = now.AddDays(Store.Options.RecoverableDays);
                    Store.Deleted[name] = s;
                }
            }
            if (s == null) { await NotFound(c, name); return; }
            await Json(c, 200, KeyVaultJson.Write(w => KeyVaultJson.Deleted(w, IdBase(c), s, Store, item: false)));
        }

        // ---- deleted secrets ------------------------------------------------------------------------------

        async Task ListDeleted(HttpContext c)
        {
            List<StoredSecret> all;
            lock (Store.Gate) all = Store.Deleted.Values.ToList();
            await Page(c, all, s => s.Name, (w, s) => KeyVaultJson.Deleted(w, IdBase(c), s, Store, item: true));
        }

        async Task GetDeleted(HttpContext c, string name)
        {
            var s = Store.FindDeleted(name);
            if (s == null) { await DeletedNotFound(c, name); return; }
            await Json(c, 200, KeyVaultJson.Write(w => KeyVaultJson.Deleted(w, IdBase(c), s, Store, item: false)));
        }

        async Task Purge(HttpContext c, string name)
        {
            bool removed;
            lock (Store.Gate) removed = Store.Deleted.Remove(name);
            if (!removed) { await DeletedNotFound(c, name); return; }
            c.Response.StatusCode = 204;
        }

        async Task Recover(HttpContext c, string name)
        {
            StoredSecret s;
            lock (Store.Gate)
            {
                if (Store.Deleted.TryGetValue(name, out s))
                {
                    Store.Deleted.Remove(name);
                    s.DeletedDate = null;
                    s.ScheduledPurgeDate = null;
                    Store.Secrets[name] = s;
                }
            }
            if (s == null) { await DeletedNotFound(c, name); return; }
            await Json(c, 200, KeyVaultJson.Write(w => KeyVaultJson.Bundle(w, IdBase(c), s, s.Latest, false, Store)));
        }

        // ---- paging, helpers ------------------------------------------------------------------------------

        /// <summary>maxresults (1–25, default 25) and an opaque $skiptoken; nextLink echoes the client's api-version.</summary>
        async Task Page<T>(HttpContext c, List<T> sorted, Func<T, string> key, Action<Utf8JsonWriter, T> item)
        {
            int max = 25;
            var mr = c.Request.Query["maxresults"].ToString();
            if (mr.Length > 0 && (!int.TryParse(mr, NumberStyles.Integer, CultureInfo.InvariantCulture, out max) || max < 1 || max > 25))
            {
                await Json(c, 400, KeyVaultJson.Error("BadParameter", "invalid maxresults value: " + mr + ". It must be in the range of 1 to 25."));
                return;
            }
            var skip = c.Request.Query["$skiptoken"].ToString();
            string from = null;
            if (skip.Length > 0)
            {
                try { from = Encoding.UTF8.GetString(Convert.FromBase64String(skip)); }
                catch (FormatException) { await Json(c, 400, KeyVaultJson.Error("BadParameter", "The skip token is invalid.")); return; }
            }
            if (EmptyPageFirst(c, ref from, out var emptyNext)) // KeyVaultLab.EmptyPages.cs
            {
                await Json(c, 200, KeyVaultJson.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("value");
                    w.WriteEndArray();
                    w.WriteString("nextLink", emptyNext);
                    w.WriteEndObject();
                }));
                return;
            }
            var rest = from == null ? sorted : sorted.Where(x => string.Compare(key(x), from, StringComparison.OrdinalIgnoreCase) >= 0).ToList();
            var page = rest.Take(max).ToList();
            string next = null;
            if (rest.Count > max)
            {
                var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(key(rest[max])));
                next = VaultUrl(c) + c.Request.Path.Value.TrimEnd('/') + "?api-version=" + Uri.EscapeDataString(c.Request.Query["api-version"].ToString())
                       + "&$skiptoken=" + Uri.EscapeDataString(token) + (mr.Length > 0 ? "&maxresults=" + max : "");
            }
            await Json(c, 200, KeyVaultJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("value");
                foreach (var x in page) item(w, x);
                w.WriteEndArray();
                if (next != null) w.WriteString("nextLink", next); else w.WriteNull("nextLink");
                w.WriteEndObject();
            }));
        }

        /// <summary>The vault URL as the client addressed it (scheme + Host header), used in ids and nextLinks.</summary>
        static string VaultUrl(HttpContext c) => c.Request.Scheme + "://" + c.Request.Host.Value;

        static bool ValidName(string name) => NamePattern.IsMatch(name);

        static Task BadName(HttpContext c, string name) =>
            Json(c, 400, KeyVaultJson.Error("BadParameter", "The request URI contains an invalid name: " + name));

        static Task NotFound(HttpContext c, string name) =>
            Json(c, 404, KeyVaultJson.Error("SecretNotFound",
                "A secret with (name/id) " + name + " was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"));

        static Task DeletedNotFound(HttpContext c, string name) =>
            Json(c, 404, KeyVaultJson.Error("SecretNotFound", "Deleted Secret not found"));

        protected override Task WriteErrorAsync(HttpContext context, LabError error)
        {
            string code = error.Code, message = error.Message;
            switch (error.Status)
            {
                case 429:
                    code ??= "Throttled";
                    message ??= "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached";
                    break;
                case 401: code ??= "Unauthorized"; message ??= "AKV10000: Request is missing a Bearer or PoP token."; break;
                case 500: code ??= "InternalServerError"; message ??= "The service encountered an internal error."; break;
                case 503: code ??= "ServiceUnavailable"; message ??= "The service is temporarily unavailable."; break;
                default: code ??= "LabError"; message ??= "Lab error " + error.Status; break;
            }
            if (error.RetryAfterSeconds.HasValue) context.Response.Headers["Retry-After"] = error.RetryAfterSeconds.Value.ToString(CultureInfo.InvariantCulture);
            return Json(context, error.Status, KeyVaultJson.Error(code, message));
        }

        static async Task Json(HttpContext c, int status, byte[] body)
        {
            c.Response.StatusCode = status;
            c.Response.ContentType = "application/json; charset=utf-8";
            c.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
            if (status >= 400)
            {
                using (var doc = JsonDocument.Parse(body))
                    if (doc.RootElement.TryGetProperty("error", out var e) && e.TryGetProperty("code", out var code))
                        c.Response.Headers["x-ms-error-code"] = code.GetString();
            }
            c.Response.ContentLength = body.Length;
            await c.Response.Body.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
        }

        static async Task<JsonElement> ReadJson(HttpContext c)
        {
            using (var ms = new MemoryStream())
            {
                await c.Request.Body.CopyToAsync(ms).ConfigureAwait(false);
                if (ms.Length == 0) return default;
                using (var doc = JsonDocument.Parse(ms.ToArray())) return doc.RootElement.Clone();
            }
        }

        static string Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        static bool? Bool(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && (v.ValueKind == JsonValueKind.True || v.ValueKind == JsonValueKind.False)
                ? v.GetBoolean() : (bool?)null;

        static DateTimeOffset? Unix(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
                ? DateTimeOffset.FromUnixTimeSeconds(v.GetInt64()) : (DateTimeOffset?)null;

        static Dictionary<string, string> TagsOf(JsonElement body)
        {
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("tags", out var t) || t.ValueKind != JsonValueKind.Object) return null;
            return t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
        }
    }
}
