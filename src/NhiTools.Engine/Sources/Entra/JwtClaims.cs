using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace NhiTools.Engine.Sources.Entra
{
    /// <summary>Reads the few claims Connect reports (tid, appid, roles, exp) from a JWT payload. The token itself is never kept or shown.</summary>
    internal sealed class JwtClaims
    {
        public string TenantId, ClientId;
        public string[] Roles = Array.Empty<string>();
        public DateTimeOffset? ExpiresOn;

        public static JwtClaims Read(string token)
        {
            var parts = token?.Split('.');
            if (parts == null || parts.Length != 3) return null;
            try
            {
                var b64 = parts[1].Replace('-', '+').Replace('_', '/');
                b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
                using (var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Convert.FromBase64String(b64)))))
                {
                    var root = doc.RootElement;
                    var c = new JwtClaims
                    {
                        TenantId = Str(root, "tid"),
                        ClientId = Str(root, "appid") ?? Str(root, "azp"),
                    };
                    if (root.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out var secs))
                        c.ExpiresOn = DateTimeOffset.FromUnixTimeSeconds(secs);
                    if (root.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array)
                    {
                        var list = new List<string>();
                        foreach (var r in roles.EnumerateArray())
                            if (r.ValueKind == JsonValueKind.String) list.Add(r.GetString());
                        c.Roles = list.ToArray();
                    }
                    return c;
                }
            }
            catch (Exception ex) when (ex is FormatException || ex is JsonException || ex is ArgumentException)
            {
                return null; // opaque token: nothing to report
            }
        }

        public static DateTimeOffset? Expiry(string token) => Read(token)?.ExpiresOn;

        private static string Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
