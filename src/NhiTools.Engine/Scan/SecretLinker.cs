using System;
using System.Collections.Generic;

namespace NhiTools.Engine.Scan
{
    /// <summary>
    /// Links a found secret to the identity it belongs to, comparing in memory only:
    /// <list type="bullet">
    /// <item>AWS access key id: the identity with an AccessKey credential whose <c>Id</c> is that key id.</item>
    /// <item>AWS secret key: the identity of the nearest linked access key id within the AWS context window of the same file.</item>
    /// <item>Entra client secret: an application with a ClientSecret credential whose <c>Hint</c> equals the secret's first
    /// 3 characters AND whose appId (NativeId, or the id after <c>entra:app:</c>) appears in the same file; when several
    /// qualify, the one whose appId is nearest the secret.</item>
    /// </list>
    /// Nothing else is linked (no guessing from names).
    /// </summary>
    internal sealed class SecretLinker
    {
        private readonly Dictionary<string, string> _keyIdToIdentity = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<KeyValuePair<string, string>>> _hintToApps =
            new Dictionary<string, List<KeyValuePair<string, string>>>(StringComparer.Ordinal);

        public bool IsEmpty => _keyIdToIdentity.Count == 0 && _hintToApps.Count == 0;

        public SecretLinker(IEnumerable<Identity> identities)
        {
            if (identities == null) return;
            foreach (Identity id in identities)
            {
                if (id == null || id.Credentials == null) continue;
                string appId = AppIdOf(id);
                foreach (Credential c in id.Credentials)
                {
                    if (c == null) continue;
                    if (c.Type == CredentialType.AccessKey && !string.IsNullOrEmpty(c.Id) && !_keyIdToIdentity.ContainsKey(c.Id))
                        _keyIdToIdentity[c.Id] = id.Id;
                    if (c.Type == CredentialType.ClientSecret && appId != null && c.Hint != null && c.Hint.Length == 3)
                    {
                        if (!_hintToApps.TryGetValue(c.Hint, out var list)) _hintToApps[c.Hint] = list = new List<KeyValuePair<string, string>>();
                        list.Add(new KeyValuePair<string, string>(appId, id.Id));
                    }
                }
            }
        }

        private static string AppIdOf(Identity id)
        {
            if (Ids.IsEntraApp(id.Id)) return Ids.EntraAppId(id.Id);
            if (string.Equals(id.Provider, "Entra", StringComparison.OrdinalIgnoreCase) && (id.Kind == IdentityKind.Application) && !string.IsNullOrEmpty(id.NativeId)) return id.NativeId;
            return null;
        }

        /// <summary>Fills IdentityId per hit; values are read from the text and compared, never kept.</summary>
        public string[] Link(string text, LineIndex lines, List<RawHit> hits, int awsWindow)
        {
            var result = new string[hits.Count];
            if (IsEmpty) return result;
            for (int i = 0; i < hits.Count; i++)
                if (hits[i].Kind == SecretKinds.AwsAccessKeyId)
                    _keyIdToIdentity.TryGetValue(text.Substring(hits[i].Index, hits[i].Length), out result[i]);
            for (int i = 0; i < hits.Count; i++)
            {
                RawHit h = hits[i];
                if (h.Kind == SecretKinds.AwsSecretKey)
                {
                    int line = lines.LineOf(h.Index), best = int.MaxValue;
                    for (int j = 0; j < hits.Count; j++)
                    {
                        if (hits[j].Kind != SecretKinds.AwsAccessKeyId || result[j] == null) continue;
                        int d = Math.Abs(lines.LineOf(hits[j].Index) - line);
                        if (d <= awsWindow && d < best) { best = d; result[i] = result[j]; }
                    }
                }
                else if (h.Kind == SecretKinds.EntraClientSecret && h.Length >= 3
                    && _hintToApps.TryGetValue(text.Substring(h.Index, 3), out var apps))
                {
                    int bestDistance = int.MaxValue;
                    foreach (var app in apps)
                    {
                        int d = NearestOccurrence(text, app.Key, h.Index);
                        if (d < bestDistance) { bestDistance = d; result[i] = app.Value; }
                    }
                }
            }
            return result;
        }

        private static int NearestOccurrence(string text, string needle, int at)
        {
            int best = int.MaxValue, i = 0;
            while ((i = text.IndexOf(needle, i, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                best = Math.Min(best, Math.Abs(i - at));
                i += needle.Length;
            }
            return best;
        }
    }
}
