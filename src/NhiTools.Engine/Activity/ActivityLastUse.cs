using System;
using System.Collections.Generic;

namespace NhiTools.Engine.Activity
{
    /// <summary>
    /// What activity logs say about last use, for the inventory: per access key / Entra credential, per identity, and
    /// console logins. It only ever moves a last use later: a credential or identity absent from the logs keeps what
    /// the reports say (unknown stays unknown, never "never used").
    /// </summary>
    internal sealed class ActivityLastUse
    {
        private struct Use { public DateTime When; public string Service, Region; }
        private readonly Dictionary<string, Use> _byKey = new Dictionary<string, Use>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, DateTime> _console = new Dictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);

        public long Events { get; private set; }

        public void Add(NhiTools.Activity a)
        {
            Events++;
            // Entra: only a sign-in that succeeded proves the credential works. AWS logs calls made with a valid
            // signature, so a denied call still proves the key is in use; a failed console login proves nothing.
            bool ok = ActivityResults.IsSuccess(a.Result);
            if (a.Provider == "Entra" && !ok) return;
            if (a.Action == "signin:ConsoleLogin")
            {
                if (ok && a.IdentityId != null) Later(_console, a.IdentityId, a.When);
                if (!ok) return;
            }
            var use = new Use { When = a.When, Service = a.Service, Region = a.Region };
            if (a.CredentialId != null) Later("cred:" + a.CredentialId, use);
            if (a.IdentityId != null) Later("id:" + a.IdentityId, use);
            if (a.Provider == "Entra" && a.Origin == ActivityOrigins.EntraSignIn)
            {
                if (a.Principal != null) Later("app:" + a.Principal, use);
                if (a.PrincipalObjectId != null) Later("obj:" + a.PrincipalObjectId, use);
            }
        }

        private void Later(string key, Use use)
        {
            if (!_byKey.TryGetValue(key, out var old) || use.When > old.When) _byKey[key] = use;
        }

        private static void Later(Dictionary<string, DateTime> d, string key, DateTime when)
        {
            if (!d.TryGetValue(key, out var old) || when > old) d[key] = when;
        }

        /// <summary>Moves the identity's and its credentials' last use later where the logs saw a later use.</summary>
        public void Apply(Identity id, string appId = null)
        {
            if (id == null || _byKey.Count == 0 && _console.Count == 0) return;
            DateTime? last = id.LastUsedOn;
            foreach (var c in id.Credentials ?? Array.Empty<Credential>())
            {
                if (c?.Id == null || !_byKey.TryGetValue("cred:" + c.Id, out var u)) continue;
                if (!c.LastUsedOn.HasValue || u.When > c.LastUsedOn.Value)
                {
                    c.LastUsedOn = u.When;
                    if (id.Provider == "Aws") { c.LastUsedService = u.Service; c.LastUsedRegion = u.Region; }
                }
                c.NeverUsed = false;
                last = Sources.Offline.Common.Values.Latest(last, c.LastUsedOn);
            }
            if (_byKey.TryGetValue("id:" + id.Id, out var own)) last = Sources.Offline.Common.Values.Latest(last, own.When);
            if (id.Provider == "Entra" && id.NativeId != null)
            {
                string key = Ids.IsEntraApp(id.Id) ? "app:" + id.NativeId : "obj:" + id.NativeId;
                if (_byKey.TryGetValue(key, out var sp)) last = Sources.Offline.Common.Values.Latest(last, sp.When);
            }
            if (_console.TryGetValue(id.Id, out var login)) id.PasswordLastUsedOn = Sources.Offline.Common.Values.Latest(id.PasswordLastUsedOn, login);
            id.LastUsedOn = last;
        }
    }
}
