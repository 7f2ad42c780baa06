using System;
using System.Collections.Generic;
using NhiTools.Engine.Sources.Offline.Common;

namespace NhiTools.Engine.Sources.Offline.KeyVault
{
    /// <summary>
    /// Which vault secret stores which identity's credential, from the secret's tags:
    /// accessKeyId=&lt;AKIA...&gt;; nhi-identity=&lt;identity id&gt; (optionally nhi-credential / keyId / accessKeyId); appId=&lt;appId&gt; (optionally keyId).
    /// Read before any other identity is built, so the link holds whatever the file order.
    /// </summary>
    internal sealed class VaultLinks
    {
        private struct Link
        {
            public string SecretId, Vault, KeyId;
        }

        private readonly Dictionary<string, List<Link>> _byAccessKey = new Dictionary<string, List<Link>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Link>> _byIdentity = new Dictionary<string, List<Link>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<Link>> _byAppId = new Dictionary<string, List<Link>>(StringComparer.OrdinalIgnoreCase);

        public bool IsEmpty => _byAccessKey.Count == 0 && _byIdentity.Count == 0 && _byAppId.Count == 0;

        public void AddFromSecret(string secretId, string vault, IDictionary<string, string> tags)
        {
            string accessKey = Values.TagValue(tags, "accessKeyId");
            string identity = Values.TagValue(tags, "nhi-identity");
            string appId = Values.TagValue(tags, "appId");
            // nhi-credential: the credential id rotation writes (Entra keyId, AWS access key id).
            string keyId = Values.TagValue(tags, "nhi-credential") ?? Values.TagValue(tags, "keyId");
            if (!string.IsNullOrWhiteSpace(identity))
                Add(_byIdentity, identity.Trim(), new Link { SecretId = secretId, Vault = vault, KeyId = keyId ?? accessKey });
            else if (!string.IsNullOrWhiteSpace(accessKey))
                Add(_byAccessKey, accessKey.Trim(), new Link { SecretId = secretId, Vault = vault, KeyId = accessKey.Trim() });
            else if (!string.IsNullOrWhiteSpace(appId))
                Add(_byAppId, appId.Trim(), new Link { SecretId = secretId, Vault = vault, KeyId = keyId });
        }

        private static void Add(Dictionary<string, List<Link>> map, string key, Link link)
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = new List<Link>(1);
            list.Add(link);
        }

        /// <summary>Adds the holding secret to the credential's StoredIn and the vault to the identity's Systems.</summary>
        public void Apply(Identity id, string appId = null)
        {
            if (IsEmpty) return;
            foreach (var c in id.Credentials)
                if (c.Type == CredentialType.AccessKey && c.Id != null && _byAccessKey.TryGetValue(c.Id, out var links))
                    foreach (var l in links) Store(id, c, l);
            if (_byIdentity.TryGetValue(id.Id, out var byId))
                foreach (var l in byId) Store(id, Target(id, l.KeyId), l);
            if (appId != null && _byAppId.TryGetValue(appId, out var byApp))
                foreach (var l in byApp) Store(id, Target(id, l.KeyId), l);
        }

        /// <summary>The credential a link names; with no key id, the newest one (the current credential is the one kept in a vault).</summary>
        private static Credential Target(Identity id, string keyId)
        {
            Credential newest = null;
            foreach (var c in id.Credentials)
            {
                if (keyId != null && string.Equals(c.Id, keyId, StringComparison.OrdinalIgnoreCase)) return c;
                if (newest == null || (c.CreatedOn ?? DateTime.MinValue) > (newest.CreatedOn ?? DateTime.MinValue)) newest = c;
            }
            return keyId != null ? null : newest;
        }

        private static void Store(Identity id, Credential c, Link l)
        {
            if (c != null) c.StoredIn = Values.Append(c.StoredIn, l.SecretId);
            id.Systems = Values.Append(id.Systems, Ids.KeyVault(l.Vault));
        }
    }
}
