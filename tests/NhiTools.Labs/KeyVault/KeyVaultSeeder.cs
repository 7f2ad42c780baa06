using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace NhiTools.Labs.KeyVault
{
    /// <summary>
    /// Seeds a <see cref="KeyVaultStore"/> from <c>az keyvault secret list</c> JSON (recognised by content). Values are
    /// never in such files; each secret gets <see cref="KeyVaultStore.InventedValue"/>.
    /// </summary>
    public static class KeyVaultSeeder
    {
        /// <summary>Loads every secret-list file under dir; vaultName (optional) keeps only ids of that vault. Returns secrets added.</summary>
        public static int LoadDirectory(KeyVaultStore store, string dir, string vaultName = null)
        {
            int n = 0;
            foreach (var f in Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories).OrderBy(x => x, StringComparer.Ordinal))
            {
                JsonDocument doc;
                try { doc = JsonDocument.Parse(File.ReadAllText(f)); } catch (JsonException) { continue; }
                using (doc) n += LoadSecretList(store, doc.RootElement, vaultName);
            }
            return n;
        }

        public static int LoadSecretList(KeyVaultStore store, JsonElement root, string vaultName = null)
        {
            if (root.ValueKind != JsonValueKind.Array) return 0;
            int n = 0;
            foreach (var e in root.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("id", out var idEl) || idEl.ValueKind != JsonValueKind.String) continue;
                if (!Uri.TryCreate(idEl.GetString(), UriKind.Absolute, out var id)) continue;
                var segs = id.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
                if (segs.Length < 2 || !segs[0].Equals("secrets", StringComparison.OrdinalIgnoreCase)) continue;
                var vault = id.Host.Split('.')[0];
                if (vaultName != null && !vault.Equals(vaultName, StringComparison.OrdinalIgnoreCase)) continue;
                var name = segs[1];
                var a = e.TryGetProperty("attributes", out var attrs) && attrs.ValueKind == JsonValueKind.Object ? attrs : default;
                var tags = e.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object
                    ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())
                    : null;
                var created = Date(a, "created");
                var v = store.Set(name, store.InventedValue(name), Str(e, "contentType"), tags,
                    enabled: !(a.ValueKind == JsonValueKind.Object && a.TryGetProperty("enabled", out var en) && en.ValueKind == JsonValueKind.False),
                    notBefore: Date(a, "notBefore") ?? Date(a, "nbf"), expires: Date(a, "expires") ?? Date(a, "exp"), created: created);
                if (e.TryGetProperty("managed", out var managed) && managed.ValueKind == JsonValueKind.True)
                    lock (store.Gate) { v.Managed = true; v.Kid = id.GetLeftPart(UriPartial.Authority) + "/keys/" + name + "/" + v.Version; }
                var updated = Date(a, "updated");
                if (updated.HasValue) lock (store.Gate) v.Updated = updated.Value;
                n++;
            }
            return n;
        }

        static string Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        /// <summary>az prints ISO-8601 strings; the REST API prints Unix seconds. Accept both.</summary>
        static DateTimeOffset? Date(JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number) return DateTimeOffset.FromUnixTimeSeconds(v.GetInt64());
            if (v.ValueKind == JsonValueKind.String &&
                DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                return t;
            return null;
        }
    }
}
