using System;
using System.Collections.Generic;
using System.Text.Json;
using NhiTools.Engine.Sources.Offline.Common;

namespace NhiTools.Engine.Sources.Offline.Entra
{
    internal sealed class OwnerRef
    {
        public string Id, Upn, DisplayName, AppId;
        public bool? IsUser;
        public bool? AccountEnabled;
    }

    internal struct RoleAssignment
    {
        public string AppRoleId, ResourceId, ResourceDisplayName;
    }

    internal struct Grant
    {
        public string ConsentType, ResourceId, Scope;
    }

    /// <summary>An application or service principal item, reduced to what the model needs.</summary>
    internal sealed class GraphObject
    {
        public string ObjectId, AppId, DisplayName, ServicePrincipalType, ODataType, AppOwnerOrganizationId, Notes;
        public bool? AccountEnabled;
        public DateTime? Created;
        public List<string> Tags;
        public List<Credential> Credentials = new List<Credential>();
        public List<OwnerRef> Owners = new List<OwnerRef>();
        public List<RoleAssignment> Assignments = new List<RoleAssignment>();
        /// <summary>appRole id -> value (only resource service principals define roles).</summary>
        public Dictionary<string, string> AppRoles;
        public string[] Sources = Array.Empty<string>();
        public bool Consumed;

        public bool IsAgent => ODataType != null && ODataType.IndexOf("agentIdentity", StringComparison.OrdinalIgnoreCase) >= 0;

        public static GraphObject Parse(JsonElement e, string file)
        {
            var o = new GraphObject
            {
                ObjectId = e.Str("id"),
                AppId = e.Str("appId"),
                DisplayName = e.Str("displayName") ?? e.Str("appDisplayName"),
                ServicePrincipalType = e.Str("servicePrincipalType"),
                ODataType = e.Str("@odata.type"),
                AppOwnerOrganizationId = e.Str("appOwnerOrganizationId"),
                Notes = e.Str("notes"),
                AccountEnabled = e.Bool("accountEnabled"),
                Created = e.Time("createdDateTime"),
                Sources = new[] { file },
            };
            foreach (var t in e.List("tags"))
            {
                if (t.ValueKind != JsonValueKind.String) continue;
                (o.Tags ?? (o.Tags = new List<string>())).Add(t.GetString());
            }
            foreach (var p in e.List("passwordCredentials")) AddCredential(o, p, CredentialType.ClientSecret);
            foreach (var k in e.List("keyCredentials")) AddCredential(o, k, CredentialType.Certificate);
            foreach (var f in e.List("federatedIdentityCredentials"))
            {
                var name = f.Str("name");
                o.Credentials.Add(new Credential
                {
                    Id = f.Str("id") ?? name,
                    Type = CredentialType.FederatedCredential,
                    DisplayName = f.Str("issuer") + " " + f.Str("subject"),
                    Hint = name,
                });
            }
            foreach (var w in e.List("owners")) o.Owners.Add(ParseOwner(w));
            foreach (var a in e.List("appRoleAssignments")) o.Assignments.Add(ParseAssignment(a));
            foreach (var r in e.List("appRoles"))
            {
                var id = r.Str("id");
                var value = r.Str("value");
                if (id == null || value == null) continue;
                (o.AppRoles ?? (o.AppRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)))[id] = value;
            }
            return o;
        }

        private static void AddCredential(GraphObject o, JsonElement e, CredentialType type)
        {
            var start = e.Time("startDateTime");
            o.Credentials.Add(new Credential
            {
                Id = e.Str("keyId"),
                Type = type,
                DisplayName = e.Str("displayName"),
                Hint = type == CredentialType.ClientSecret ? e.Str("hint") : Thumbprint(e.Str("customKeyIdentifier")),
                CreatedOn = start,
                LastRotatedOn = start, // Entra credentials are replaced, never changed in place
                ExpiresOn = e.Time("endDateTime"),
            });
        }

        /// <summary>customKeyIdentifier is base64; for certificates it is the SHA-1 thumbprint.</summary>
        private static string Thumbprint(string b64)
        {
            if (string.IsNullOrEmpty(b64)) return null;
            try
            {
                var bytes = Convert.FromBase64String(b64);
                return bytes.Length == 20 ? BitConverter.ToString(bytes).Replace("-", "") : null;
            }
            catch (FormatException) { return null; }
        }

        public static OwnerRef ParseOwner(JsonElement w)
        {
            var type = w.Str("@odata.type");
            bool? isUser = null;
            if (type != null) isUser = type.EndsWith(".user", StringComparison.OrdinalIgnoreCase);
            else if (w.Has("userPrincipalName")) isUser = true;
            else if (w.Has("appId") || w.Has("servicePrincipalType")) isUser = false;
            return new OwnerRef
            {
                Id = w.Str("id"),
                Upn = w.Str("userPrincipalName"),
                DisplayName = w.Str("displayName"),
                AppId = w.Str("appId"),
                IsUser = isUser,
                AccountEnabled = w.Bool("accountEnabled"),
            };
        }

        public static RoleAssignment ParseAssignment(JsonElement a) => new RoleAssignment
        {
            AppRoleId = a.Str("appRoleId"),
            ResourceId = a.Str("resourceId"),
            ResourceDisplayName = a.Str("resourceDisplayName"),
        };

        /// <summary>The same object exported twice (say, once with $expand=owners, once with appRoleAssignments).</summary>
        public void MergeFrom(GraphObject other)
        {
            foreach (var c in other.Credentials)
                if (c.Id == null || !Credentials.Exists(x => x.Id == c.Id)) Credentials.Add(c);
            foreach (var w in other.Owners)
                if (!Owners.Exists(x => x.Id == w.Id)) Owners.Add(w);
            foreach (var a in other.Assignments)
                if (!Assignments.Exists(x => x.AppRoleId == a.AppRoleId && x.ResourceId == a.ResourceId)) Assignments.Add(a);
            if (other.AppRoles != null)
            {
                if (AppRoles == null) AppRoles = other.AppRoles;
                else foreach (var kv in other.AppRoles) AppRoles[kv.Key] = kv.Value;
            }
            foreach (var s in other.Sources) Sources = Values.Append(Sources, s);
            if (Tags == null) Tags = other.Tags;
            ODataType = ODataType ?? other.ODataType;
            ServicePrincipalType = ServicePrincipalType ?? other.ServicePrincipalType;
            AppOwnerOrganizationId = AppOwnerOrganizationId ?? other.AppOwnerOrganizationId;
            AccountEnabled = AccountEnabled ?? other.AccountEnabled;
            Created = Created ?? other.Created;
            Notes = Notes ?? other.Notes;
        }
    }
}
