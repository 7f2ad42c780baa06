using System;
using System.Collections.Generic;

namespace NhiTools.Engine.Activity
{
    /// <summary>
    /// Links activities to known identities: by id (AWS ARNs, the role behind an assumed-role session), by Entra
    /// appId or service principal object id, and by credential id (access key id, Entra keyId). Keeps only ids and
    /// names, not the identities.
    /// </summary>
    public sealed class IdentityLinker
    {
        private readonly Dictionary<string, KeyValuePair<string, string>> _byKey = new Dictionary<string, KeyValuePair<string, string>>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public static IdentityLinker From(IEnumerable<Identity> identities)
        {
            var l = new IdentityLinker();
            if (identities != null) foreach (var i in identities) l.Add(i);
            return l;
        }

        public int Count => _ids.Count;

        public void Add(Identity i)
        {
            if (i == null || string.IsNullOrEmpty(i.Id)) return;
            _ids.Add(i.Id);
            var v = new KeyValuePair<string, string>(i.Id, i.Name);
            _byKey["id:" + i.Id] = v;
            if (i.NativeId != null && string.Equals(i.Provider, "Entra", StringComparison.OrdinalIgnoreCase))
            {
                if (Ids.IsEntraApp(i.Id)) _byKey["app:" + i.NativeId] = v;
                else _byKey["obj:" + i.NativeId] = v;
            }
            foreach (var c in i.Credentials ?? Array.Empty<Credential>())
                if (!string.IsNullOrEmpty(c?.Id) && (c.Type == CredentialType.AccessKey || c.Type == CredentialType.ClientSecret || c.Type == CredentialType.Certificate)
                    && !c.Id.StartsWith("access_key_", StringComparison.Ordinal))
                    _byKey["cred:" + c.Id] = v;
        }

        public bool Knows(string identityId) => identityId != null && _ids.Contains(identityId);

        /// <summary>Sets IdentityId and IdentityName from a known identity; true when one was found.</summary>
        public bool Link(NhiTools.Activity a)
        {
            if (a == null) return false;
            if (Try("id:" + a.IdentityId, a)) return true;
            if (a.Provider == "Entra")
            {
                if (a.Principal != null && Try("app:" + a.Principal, a)) return true;
                if (a.PrincipalObjectId != null && Try("obj:" + a.PrincipalObjectId, a)) return true;
            }
            // Long-term keys only: a session key (ASIA...) belongs to the session, which the ARN already names.
            return a.CredentialId != null && Try("cred:" + a.CredentialId, a);
        }

        private bool Try(string key, NhiTools.Activity a)
        {
            if (key.EndsWith(":", StringComparison.Ordinal) || !_byKey.TryGetValue(key, out var v)) return false;
            a.IdentityId = v.Key;
            if (v.Value != null) a.IdentityName = v.Value;
            return true;
        }
    }
}
