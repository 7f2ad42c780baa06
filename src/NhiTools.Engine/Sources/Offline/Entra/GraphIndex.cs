using System;
using System.Collections.Generic;
using System.Text.Json;
using NhiTools.Engine.Sources.Offline.Common;

namespace NhiTools.Engine.Sources.Offline.Entra
{
    internal sealed class UserInfo
    {
        public string Upn;
        public bool Enabled;
    }

    internal sealed class KeyUse
    {
        public DateTime? LastUsed;
    }

    /// <summary>
    /// The Graph files other than applications, read before applications stream: service principals (by
    /// objectId and appId), users (owner states), grants, role assignments, sign-in activity reports.
    /// </summary>
    internal sealed class GraphIndex
    {
        public readonly StringPool Pool = new StringPool();
        public readonly Dictionary<string, GraphObject> SpsById = new Dictionary<string, GraphObject>(StringComparer.OrdinalIgnoreCase);
        public readonly Dictionary<string, GraphObject> SpsByAppId = new Dictionary<string, GraphObject>(StringComparer.OrdinalIgnoreCase);
        public readonly Dictionary<string, UserInfo> Users = new Dictionary<string, UserInfo>(StringComparer.OrdinalIgnoreCase);
        public bool UsersGiven;
        public readonly Dictionary<string, List<Grant>> GrantsByClient = new Dictionary<string, List<Grant>>(StringComparer.OrdinalIgnoreCase);
        public readonly Dictionary<string, List<RoleAssignment>> AssignmentsByPrincipal = new Dictionary<string, List<RoleAssignment>>(StringComparer.OrdinalIgnoreCase);
        public readonly Dictionary<string, DateTime?> SpSignInByAppId = new Dictionary<string, DateTime?>(StringComparer.OrdinalIgnoreCase);
        /// <summary>keyId -> latest use; a row with no date means the report says "never used".</summary>
        public readonly Dictionary<string, KeyUse> KeyUseById = new Dictionary<string, KeyUse>(StringComparer.OrdinalIgnoreCase);

        public void AddServicePrincipal(JsonElement e, string file)
        {
            var sp = GraphObject.Parse(e, file, Pool);
            if (sp.ObjectId == null) return;
            if (SpsById.TryGetValue(sp.ObjectId, out var existing)) { existing.MergeFrom(sp); return; }
            SpsById[sp.ObjectId] = sp;
            if (sp.AppId != null) SpsByAppId[sp.AppId] = sp;
        }

        public void AddUser(JsonElement e)
        {
            UsersGiven = true;
            var id = e.Str("id");
            var info = new UserInfo { Upn = e.Str("userPrincipalName"), Enabled = e.Bool("accountEnabled") != false };
            if (id != null) Users[id] = info;
            if (info.Upn != null) Users[info.Upn] = info;
        }

        public void AddGrant(JsonElement e)
        {
            var client = e.Str("clientId");
            if (client == null) return;
            if (!GrantsByClient.TryGetValue(client, out var list)) GrantsByClient[client] = list = new List<Grant>(1);
            list.Add(new Grant { ConsentType = Pool.Get(e.Str("consentType")), ResourceId = Pool.Get(e.Str("resourceId")), Scope = Pool.Get(e.Str("scope")) });
        }

        public void AddAssignment(JsonElement e)
        {
            // Only assignments to service principals matter here (appRoleAssignedTo also lists users and groups).
            var type = e.Str("principalType");
            if (type != null && !type.Equals("ServicePrincipal", StringComparison.OrdinalIgnoreCase)) return;
            var principal = e.Str("principalId");
            if (principal == null) return;
            if (!AssignmentsByPrincipal.TryGetValue(principal, out var list)) AssignmentsByPrincipal[principal] = list = new List<RoleAssignment>(1);
            list.Add(GraphObject.ParseAssignment(e, Pool));
        }

        public void AddSpSignIn(JsonElement e)
        {
            var appId = e.Str("appId");
            if (appId == null) return;
            // Last use is the app signing in as a client (app-only or delegated). Its ...ResourceSignInActivity is other
            // callers getting tokens FOR it as an API: not its own use. lastSignInActivity is the latest of all four, so
            // it counts only when the report gives no breakdown.
            DateTime? client = null;
            bool breakdown = false;
            foreach (var name in new[] { "delegatedClientSignInActivity", "applicationAuthenticationClientSignInActivity" })
            {
                var a = e.Obj(name);
                breakdown |= a.ValueKind == JsonValueKind.Object;
                client = Values.Latest(client, Values.Latest(a.Time("lastSignInDateTime"), a.Time("lastSuccessfulSignInDateTime")));
            }
            foreach (var name in new[] { "delegatedResourceSignInActivity", "applicationAuthenticationResourceSignInActivity" })
                breakdown |= e.Obj(name).ValueKind == JsonValueKind.Object;
            if (!breakdown)
            {
                var a = e.Obj("lastSignInActivity");
                client = Values.Latest(a.Time("lastSignInDateTime"), a.Time("lastSuccessfulSignInDateTime"));
            }
            SpSignInByAppId.TryGetValue(appId, out var prev);
            SpSignInByAppId[appId] = Values.Latest(prev, client);
        }

        public void AddCredentialSignIn(JsonElement e)
        {
            var keyId = e.Str("keyId");
            if (keyId == null) return;
            var a = e.Obj("signInActivity");
            var last = Values.Latest(a.Time("lastSignInDateTime"), a.Time("lastSuccessfulSignInDateTime"));
            if (KeyUseById.TryGetValue(keyId, out var use)) use.LastUsed = Values.Latest(use.LastUsed, last);
            else KeyUseById[keyId] = new KeyUse { LastUsed = last };
        }

        /// <summary>Most common appOwnerOrganizationId of service principals, Microsoft's own tenants aside.</summary>
        public string GuessTenant(Func<GraphObject, bool> filter)
        {
            var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var sp in SpsById.Values)
            {
                var org = sp.AppOwnerOrganizationId;
                if (org == null || GraphWellKnown.MicrosoftTenants.Contains(org) || !filter(sp)) continue;
                counts.TryGetValue(org, out int n);
                counts[org] = n + 1;
            }
            string best = null;
            int bestN = 0;
            foreach (var kv in counts)
                if (kv.Value > bestN || kv.Value == bestN && string.CompareOrdinal(kv.Key, best) < 0) { best = kv.Key; bestN = kv.Value; }
            return best;
        }
    }
}
