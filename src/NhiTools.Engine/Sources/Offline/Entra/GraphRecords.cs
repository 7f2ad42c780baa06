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
        // Lists stay null when empty: tens of thousands of these are held while applications stream.
        public List<Credential> Credentials;
        public List<OwnerRef> Owners;
        public List<RoleAssignment> Assignments;
        /// <summary>appRole id -> value (only resource service principals define roles).</summary>
        public Dictionary<string, string> AppRoles;
        public string[] Sources = Array.Empty<string>();
        public bool Consumed;
        /// <summary>$expand returns at most 20 directory objects, with no next link.</summary>
        public bool OwnersMayBeIncomplete;
        public const int ExpandCap = 20;
        /// <summary>Set by the live Entra source on objects whose owners it read in full (never in a Graph export).</summary>
        public const string OwnersCompleteAnnotation = "@nhitools.ownersComplete";

        public bool IsAgent => ODataType != null && ODataType.IndexOf("agentIdentity", StringComparison.OrdinalIgnoreCase) >= 0;

        public static GraphObject Parse(JsonElement e, string file, StringPool pool)
        {
            var o = new GraphObject
            {
                ObjectId = e.Str("id"),
                AppId = e.Str("appId"),
                DisplayName = e.Str("displayName") ?? e.Str("appDisplayName"),
                ServicePrincipalType = pool.Get(e.Str("servicePrincipalType")),
                ODataType = pool.Get(e.Str("@odata.type")),
                AppOwnerOrganizationId = pool.Get(e.Str("appOwnerOrganizationId")),
                Notes = e.Str("notes"),
                AccountEnabled = e.Bool("accountEnabled"),
                Created = e.Time("createdDateTime"),
                Sources = new[] { file },
            };
            foreach (var t in e.List("tags"))
            {
                if (t.ValueKind != JsonValueKind.String) continue;
                Add(ref o.Tags, pool.Get(t.GetString()));
            }
            foreach (var p in e.List("passwordCredentials")) AddCredential(o, p, CredentialType.ClientSecret, pool);
            foreach (var k in e.List("keyCredentials")) AddCredential(o, k, CredentialType.Certificate, pool);
            foreach (var f in e.List("federatedIdentityCredentials"))
            {
                var name = f.Str("name");
                Add(ref o.Credentials, new Credential
                {
                    Id = f.Str("id") ?? name,
                    Type = CredentialType.FederatedCredential,
                    DisplayName = f.Str("issuer") + " " + f.Str("subject"),
                    Hint = name,
                });
            }
            int owners = 0;
            foreach (var w in e.List("owners")) { Add(ref o.Owners, ParseOwner(w)); owners++; }
            // A full count may be $expand's cap; the live Entra source marks lists it completed through owners requests.
            o.OwnersMayBeIncomplete = owners >= ExpandCap && e.Bool(OwnersCompleteAnnotation) != true;
            // Agent identities name accountable people as sponsors; they stand in for owners.
            foreach (var w in e.List("sponsors")) Add(ref o.Owners, ParseOwner(w));
            foreach (var a in e.List("appRoleAssignments")) Add(ref o.Assignments, ParseAssignment(a, pool));
            foreach (var r in e.List("appRoles"))
            {
                var id = r.Str("id");
                var value = r.Str("value");
                if (id == null || value == null) continue;
                (o.AppRoles ?? (o.AppRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)))[id] = value;
            }
            return o;
        }

        public static void Add<T>(ref List<T> list, T item) => (list ?? (list = new List<T>(1))).Add(item);

        public static IEnumerable<T> Each<T>(List<T> list) => list ?? (IEnumerable<T>)Array.Empty<T>();

        private static void AddCredential(GraphObject o, JsonElement e, CredentialType type, StringPool pool)
        {
            var start = e.Time("startDateTime");
            Add(ref o.Credentials, new Credential
            {
                Id = e.Str("keyId"),
                Type = type,
                DisplayName = pool.Get(e.Str("displayName")),
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

        public static RoleAssignment ParseAssignment(JsonElement a, StringPool pool) => new RoleAssignment
        {
            AppRoleId = pool.Get(a.Str("appRoleId")),
            ResourceId = pool.Get(a.Str("resourceId")),
            ResourceDisplayName = pool.Get(a.Str("resourceDisplayName")),
        };

        /// <summary>Once merged into its application's identity, only what other lookups need is kept.</summary>
        public void Release()
        {
            Credentials = null;
            Owners = null;
            Assignments = null;
            Tags = null;
            Notes = null;
        }

        /// <summary>The same object exported twice (say, once with $expand=owners, once with appRoleAssignments).</summary>
        public void MergeFrom(GraphObject other)
        {
            foreach (var c in Each(other.Credentials))
                if (c.Id == null || Credentials == null || !Credentials.Exists(x => x.Id == c.Id)) Add(ref Credentials, c);
            foreach (var w in Each(other.Owners))
                if (Owners == null || !Owners.Exists(x => x.Id == w.Id)) Add(ref Owners, w);
            foreach (var a in Each(other.Assignments))
                if (Assignments == null || !Assignments.Exists(x => x.AppRoleId == a.AppRoleId && x.ResourceId == a.ResourceId)) Add(ref Assignments, a);
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
            OwnersMayBeIncomplete = OwnersMayBeIncomplete && other.OwnersMayBeIncomplete;
        }
    }
}
