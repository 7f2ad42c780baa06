using System;
using System.Collections.Generic;
using System.Text.Json;
using NhiTools.Engine.Sources.Offline.Common;

namespace NhiTools.Engine.Sources.Offline.KeyVault
{
    /// <summary>
    /// What a secret list says of one secret, whether it came from a file (`az keyvault secret list`, or the REST
    /// SecretItem form) or from the live SecretClient: one mapping for both, so live and offline agree.
    /// </summary>
    internal sealed class SecretItemFields
    {
        /// <summary>https://&lt;vault&gt;.vault.azure.net/secrets/&lt;name&gt;[/&lt;version&gt;]</summary>
        public string Url;
        /// <summary>The name when the source gives it apart from the id (az does).</summary>
        public string Name;
        public bool? Enabled;
        public DateTime? CreatedOn, UpdatedOn, ExpiresOn;
        public string ContentType;
        /// <summary>Backs a Key Vault certificate (its lifetime is the certificate's).</summary>
        public bool Managed;
        public IEnumerable<KeyValuePair<string, string>> Tags;
    }

    /// <summary>
    /// Secret list items -> keyvault:&lt;vault&gt;/&lt;name&gt; identities. A certificate's backing secret (managed) is
    /// the certificate: one Certificate identity, not a secret identity of its own, and it links nothing.
    /// </summary>
    internal static class SecretListReader
    {
        public static Identity FromItem(JsonElement e, string file, OfflineOptions options, VaultLinks links)
        {
            var a = e.Obj("attributes");
            var fields = new SecretItemFields
            {
                Url = e.Str("id"),
                Name = e.Str("name"),
                Enabled = a.Bool("enabled"),
                CreatedOn = a.Time("created"),
                UpdatedOn = a.Time("updated"),
                ExpiresOn = a.Time("expires") ?? a.Time("exp"),
                ContentType = e.Str("contentType"),
                Managed = e.Bool("managed") == true,
                Tags = TagPairs(e),
            };
            return FromFields(fields, file, options, links);
        }

        public static Identity FromFields(SecretItemFields f, string source, OfflineOptions options, VaultLinks links)
        {
            if (!TryParseId(f.Url, out string vault, out string name, out string baseUrl)) return null;
            name = f.Name ?? name;
            var id = new Identity
            {
                Id = Ids.KeyVaultSecret(vault, name),
                Provider = "KeyVault",
                Kind = f.Managed ? IdentityKind.Certificate : IdentityKind.Secret,
                Name = name,
                NativeId = baseUrl,
                Account = vault,
                Systems = new[] { Ids.KeyVault(vault) },
                Enabled = f.Enabled != false,
                CreatedOn = f.CreatedOn,
                Source = new[] { source },
            };
            if (f.Tags != null) foreach (var t in f.Tags) id.Tags[t.Key] = t.Value;
            id.Owners = Values.SplitOwners(Values.TagValue(id.Tags, options.OwnerTagKey));
            id.Environment = EnvironmentHint.From(id.Tags, vault, name);
            id.Credentials = new[]
            {
                new Credential
                {
                    IdentityId = id.Id,
                    Id = name,
                    Type = f.Managed ? CredentialType.Certificate : CredentialType.Secret,
                    CreatedOn = f.UpdatedOn,      // the list shows the latest version: its update is the last rotation
                    LastRotatedOn = f.UpdatedOn,
                    ExpiresOn = f.ExpiresOn,
                    Enabled = id.Enabled,
                    ContentType = f.ContentType,
                },
            };
            if (!f.Managed) links.AddFromSecret(id.Id, vault, id.Tags);
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
