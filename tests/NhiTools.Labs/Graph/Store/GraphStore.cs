using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace NhiTools.Labs.Graph.Store
{
    /// <summary>
    /// The lab's directory: collections of JSON objects as Graph returns them, owner relations, and the secrets
    /// and tokens the token endpoint needs. One lock (<see cref="Gate"/>) guards everything: handlers take it for
    /// the read or write plus the serialization of the answer, which keeps JsonNode access single-threaded.
    /// </summary>
    public sealed class GraphStore
    {
        private long _sequence;
        private readonly Dictionary<string, List<string>> _owners = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, GraphEntity> _directoryStubs = new Dictionary<string, GraphEntity>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<SecretRecord>> _secrets = new Dictionary<string, List<SecretRecord>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, TokenRecord> _tokens = new Dictionary<string, TokenRecord>(StringComparer.Ordinal);

        public GraphStore()
        {
            long Next() => Interlocked.Increment(ref _sequence);
            Applications = new EntityCollection(GraphResourceType.Application, Next);
            ServicePrincipals = new EntityCollection(GraphResourceType.ServicePrincipal, Next);
            Users = new EntityCollection(GraphResourceType.User, Next);
            OAuth2PermissionGrants = new EntityCollection(GraphResourceType.OAuth2PermissionGrant, Next);
            AppRoleAssignments = new EntityCollection(GraphResourceType.AppRoleAssignment, Next);
            ServicePrincipalSignInActivities = new EntityCollection(GraphResourceType.ServicePrincipalSignInActivity, Next);
            AppCredentialSignInActivities = new EntityCollection(GraphResourceType.AppCredentialSignInActivity, Next);
            SignIns = new EntityCollection(GraphResourceType.SignIn, Next);
            DirectoryAudits = new EntityCollection(GraphResourceType.DirectoryAudit, Next);
        }

        /// <summary>Hold this while reading or changing anything in the store.</summary>
        public object Gate { get; } = new object();

        public EntityCollection Applications { get; }
        public EntityCollection ServicePrincipals { get; }
        public EntityCollection Users { get; }
        public EntityCollection OAuth2PermissionGrants { get; }
        public EntityCollection AppRoleAssignments { get; }
        public EntityCollection ServicePrincipalSignInActivities { get; }
        public EntityCollection AppCredentialSignInActivities { get; }
        public EntityCollection SignIns { get; }
        public EntityCollection DirectoryAudits { get; }

        public IEnumerable<EntityCollection> Collections => new[]
        {
            Applications, ServicePrincipals, Users, OAuth2PermissionGrants, AppRoleAssignments,
            ServicePrincipalSignInActivities, AppCredentialSignInActivities,
            SignIns, DirectoryAudits,
        };

        public EntityCollection ByName(string collection) =>
            Collections.FirstOrDefault(c => c.Type.Collection.Equals(collection, StringComparison.OrdinalIgnoreCase));

        // ---- owners ----------------------------------------------------------------------------------------

        public IReadOnlyList<string> OwnersOf(string objectId) =>
            _owners.TryGetValue(objectId, out var list) ? list.ToArray() : Array.Empty<string>();

        /// <summary>False when the owner is already there.</summary>
        public bool AddOwner(string objectId, string ownerId)
        {
            if (!_owners.TryGetValue(objectId, out var list)) _owners[objectId] = list = new List<string>();
            if (list.Contains(ownerId, StringComparer.OrdinalIgnoreCase)) return false;
            list.Add(ownerId);
            return true;
        }

        public bool RemoveOwner(string objectId, string ownerId) =>
            _owners.TryGetValue(objectId, out var list) && list.RemoveAll(o => o.Equals(ownerId, StringComparison.OrdinalIgnoreCase)) > 0;

        /// <summary>Remembers a directory object known only from a seed's expanded owners (its document must stay undisposed).</summary>
        public void AddDirectoryStub(JsonElement directoryObject)
        {
            if (directoryObject.ValueKind != JsonValueKind.Object || !directoryObject.TryGetProperty("id", out var idElement)) return;
            var id = idElement.GetString();
            if (!string.IsNullOrEmpty(id) && !_directoryStubs.ContainsKey(id)) _directoryStubs[id] = new GraphEntity(0, id, directoryObject);
        }

        /// <summary>A user, service principal, application or seeded stub with this object id; null if none.</summary>
        public GraphEntity FindDirectoryObject(string id, out GraphResourceType type)
        {
            GraphEntity e;
            if ((e = Users.Get(id)) != null) { type = GraphResourceType.User; return e; }
            if ((e = ServicePrincipals.Get(id)) != null) { type = GraphResourceType.ServicePrincipal; return e; }
            if ((e = Applications.Get(id)) != null) { type = GraphResourceType.Application; return e; }
            if (id != null && _directoryStubs.TryGetValue(id, out var stub))
            {
                var odataType = stub.ODataType ?? "";
                type = odataType.EndsWith("servicePrincipal", StringComparison.OrdinalIgnoreCase) || odataType.EndsWith("agentIdentity", StringComparison.OrdinalIgnoreCase)
                    ? GraphResourceType.ServicePrincipal
                    : odataType.EndsWith("application", StringComparison.OrdinalIgnoreCase) ? GraphResourceType.Application
                    : GraphResourceType.User;
                return stub;
            }
            type = null;
            return null;
        }

        // ---- secrets (only what the token endpoint needs; values are kept as SHA-256 hashes) --------------

        public void AddSecret(string appId, Guid keyId, string secretText, DateTimeOffset start, DateTimeOffset end, DateTimeOffset activeFrom)
        {
            if (!_secrets.TryGetValue(appId, out var list)) _secrets[appId] = list = new List<SecretRecord>();
            list.Add(new SecretRecord(keyId, Hash(secretText), start, end, activeFrom));
        }

        public bool RemoveSecret(string appId, Guid keyId) =>
            _secrets.TryGetValue(appId, out var list) && list.RemoveAll(s => s.KeyId == keyId) > 0;

        public SecretCheck CheckSecret(string appId, string secretText, DateTimeOffset now)
        {
            if (string.IsNullOrEmpty(secretText) || !_secrets.TryGetValue(appId, out var list)) return SecretCheck.Invalid;
            var hash = Hash(secretText);
            var match = list.FirstOrDefault(s => CryptographicOperations.FixedTimeEquals(s.Hash, hash));
            if (match == null) return SecretCheck.Invalid;
            if (now < match.ActiveFrom) return SecretCheck.NotYetPropagated;
            if (now >= match.End) return SecretCheck.Expired;
            if (now < match.Start) return SecretCheck.NotYetValid;
            return SecretCheck.Valid;
        }

        private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

        private sealed class SecretRecord
        {
            public SecretRecord(Guid keyId, byte[] hash, DateTimeOffset start, DateTimeOffset end, DateTimeOffset activeFrom)
            { KeyId = keyId; Hash = hash; Start = start; End = end; ActiveFrom = activeFrom; }
            public Guid KeyId { get; }
            public byte[] Hash { get; }
            public DateTimeOffset Start { get; }
            public DateTimeOffset End { get; }
            public DateTimeOffset ActiveFrom { get; }
        }

        // ---- tokens ----------------------------------------------------------------------------------------

        public void AddToken(string token, string appId, DateTimeOffset expiresOn) =>
            _tokens[token] = new TokenRecord(appId, expiresOn);

        public TokenRecord FindToken(string token) => token != null && _tokens.TryGetValue(token, out var t) ? t : null;
    }

    public enum SecretCheck { Valid, Invalid, Expired, NotYetValid, NotYetPropagated }

    public sealed class TokenRecord
    {
        public TokenRecord(string appId, DateTimeOffset expiresOn) { AppId = appId; ExpiresOn = expiresOn; }
        public string AppId { get; }
        public DateTimeOffset ExpiresOn { get; }
    }
}
