using System;
using System.Collections.Generic;
using System.Text.Json;
using NhiTools.Engine.Sources.Offline.Common;

namespace NhiTools.Engine.Sources.Offline.KeyVault
{
    /// <summary>
    /// `az keyvault secret list` items (attributes as ISO strings: expires/created/updated/enabled) and the REST
    /// SecretItem form (exp/created/updated as Unix seconds) -> keyvault:&lt;vault&gt;/&lt;name&gt; identities.
    /// </summary>
    internal static class SecretListReader
    {
        public static Identity FromItem(JsonElement e, string file, OfflineOptions options, VaultLinks links)
        {
            var url = e.Str("id");
            if (!TryParseId(url, out string vault, out string name, out string baseUrl)) return null;
            name = e.Str("name") ?? name;
            var a = e.Obj("attributes");
            var updated = a.Time("updated");
            var id = new Identity
            {
                Id = "keyvault:" + vault + "/" + name,
                Provider = "KeyVault",
                Kind = IdentityKind.Secret,
                Name = name,
                NativeId = baseUrl,
                Account = vault,
                Systems = new[] { "keyvault:" + vault },
                Enabled = a.Bool("enabled") != false,
                CreatedOn = a.Time("created"),
                Source = new[] { file },
            };
            foreach (var t in TagPairs(e)) id.Tags[t.Key] = t.Value;
            id.Owners = Values.SplitOwners(Values.TagValue(id.Tags, options.OwnerTagKey));
            id.Environment = EnvironmentHint.From(id.Tags, vault, name);
            id.Credentials = new[]
            {
                new Credential
                {
                    IdentityId = id.Id,
                    Id = name,
                    Type = CredentialType.Secret,
                    CreatedOn = updated,      // the list shows the latest version: its update is the last rotation
                    LastRotatedOn = updated,
                    ExpiresOn = a.Time("expires") ?? a.Time("exp"),
                    Enabled = id.Enabled,
                },
            };
            links.AddFromSecret(id.Id, vault, id.Tags);
            return id;
        }

        private static IEnumerable<KeyValuePair<string, string>> TagPairs(JsonElement e)
        {
            var tags = e.Obj("tags");
            if (tags.ValueKind != JsonValueKind.Object) yield break;
            foreach (var p in tags.EnumerateObject())
                yield return new KeyValuePair<string, string>(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
        }

        /// <summary>https://&lt;vault&gt;.vault.azure.net/secrets/&lt;name&gt;[/&lt;version&gt;]</summary>
        internal static bool TryParseId(string url, out string vault, out string name, out string baseUrl)
        {
            vault = name = baseUrl = null;
            if (url == null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
            var segs = uri.AbsolutePath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            if (segs.Length < 2 || !segs[0].Equals("secrets", StringComparison.OrdinalIgnoreCase)) return false;
            int dot = uri.Host.IndexOf('.');
            vault = dot > 0 ? uri.Host.Substring(0, dot) : uri.Host;
            name = Uri.UnescapeDataString(segs[1]);
            baseUrl = uri.GetLeftPart(UriPartial.Authority) + "/secrets/" + segs[1];
            return true;
        }
    }
}
