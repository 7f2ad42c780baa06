using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Engine.Cleanup;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Entra
{
    // Cleanup writes (Disable-NhiIdentity and the rest): each reads the current state first, so a repeated step
    // (a retry after a lost answer, a rerun after a kill) changes nothing and says so.
    public sealed partial class EntraSource : ICleanupWriter
    {
        ILiveSource ICleanupWriter.Source => this;

        /// <summary>An identity of another tenant is not ours to change; an unknown tenant (no claim, no Account) is allowed.</summary>
        public bool Covers(Identity identity) =>
            string.IsNullOrEmpty(identity?.Account) || string.IsNullOrEmpty(Connection.TenantId)
            || string.Equals(identity.Account, Connection.TenantId, StringComparison.OrdinalIgnoreCase);

        /// <summary>The sign-in reports are read on every live read: nothing is cached to refresh.</summary>
        public void Refresh(Identity live, IHostContext host) { }

        public string Capture(string action, Identity identity, string target, IHostContext host)
        {
            switch (action)
            {
                case CleanupActions.Disable:
                case CleanupActions.Enable:
                    return Sync(async (onRetry, ct) =>
                    {
                        var sp = await ServicePrincipalStateAsync(identity, WriteBudget(), onRetry, ct).ConfigureAwait(false);
                        return "accountEnabled=" + (sp.Enabled ? "true" : "false");
                    }, host);
                case CleanupActions.DeleteCredential:
                    return Describe(identity, target);
                case CleanupActions.RevokePermission:
                    return CapturePermission(identity, target, host); // EntraSource.Permissions.cs
                case CleanupActions.DeleteIdentity:
                    return Sync(async (onRetry, ct) => (await DirectoryObjectAsync(identity, WriteBudget(), onRetry, ct).ConfigureAwait(false))?.Before ?? "absent", host);
                default:
                    return null;
            }
        }

        /// <summary>What a credential was, for the journal: type, id, name and dates (never the secret or its hint).</summary>
        internal static string Describe(Identity identity, string credentialId)
        {
            var c = Array.Find(identity.Credentials ?? Array.Empty<Credential>(), x => string.Equals(x.Id, credentialId, StringComparison.OrdinalIgnoreCase));
            if (c == null) return "credential " + credentialId;
            return c.Type + " " + c.Id + (string.IsNullOrEmpty(c.DisplayName) ? "" : " '" + c.DisplayName + "'")
                + (c.CreatedOn.HasValue ? " created " + c.CreatedOn.Value.ToString("u") : "")
                + (c.ExpiresOn.HasValue ? " expires " + c.ExpiresOn.Value.ToString("u") : "")
                + (c.LastUsedOn.HasValue ? " last used " + c.LastUsedOn.Value.ToString("u") : "")
                + (c.Enabled ? "" : " (disabled)");
        }

        public CleanupStep Apply(string action, Identity identity, string target, string before, IHostContext host)
        {
            switch (action)
            {
                case CleanupActions.Disable: return SetAccountEnabled(identity, false, host);
                case CleanupActions.Enable: return SetAccountEnabled(identity, true, host);
                case CleanupActions.DeleteCredential: return RemoveCredential(identity, target, host);
                case CleanupActions.DeleteIdentity: return DeleteObject(identity, host);
                case CleanupActions.RestoreIdentity: return RestoreObject(identity, before, host);
                case CleanupActions.RevokePermission: return RevokePermission(identity, target, host);
                case CleanupActions.RestorePermission: return RestorePermission(identity, target, before, host);
                default:
                    throw CleanupErrors.NotSupportedFor($"{action} is not supported for Entra identities yet.", identity.Id);
            }
        }

        /// <summary>removePassword by keyId on the object the credential belongs to; an unknown keyId counts as already removed.</summary>
        private CleanupStep RemoveCredential(Identity identity, string keyId, IHostContext host)
        {
            var c = Array.Find(identity.Credentials ?? Array.Empty<Credential>(), x => string.Equals(x.Id, keyId, StringComparison.OrdinalIgnoreCase));
            if (c != null && c.Type != CredentialType.ClientSecret)
                throw CleanupErrors.NotSupportedFor($"{c.Type} {keyId} of {identity.Id} is not removed by NhiTools: Graph's removeKey needs a proof signed by one of the application's own keys. Remove it in the Entra portal or with the key's owner. Nothing was changed.", identity.Id);
            if (!Guid.TryParse(keyId, out var guid))
                throw EntraErrors.BadArgument($"'{keyId}' is not an Entra keyId (a GUID).", keyId);
            var before = Describe(identity, keyId);
            var removed = RemovePassword(identity.Id, guid, host);
            return removed
                ? new CleanupStep { Changed = true, Before = before, After = "removed" }
                : new CleanupStep { Changed = false, Before = "absent", After = "absent", Note = "no password credential " + keyId + " on " + identity.Id + "; it was already removed." };
        }

        private sealed class DirectoryObjectRef
        {
            public string Path, Kind, ObjectId, Name;
            /// <summary>What the journal keeps: "application &lt;objectId&gt; 'name'" - the id Undo restores from deleted items.</summary>
            public string Before => Kind + " " + ObjectId + (Name == null ? "" : " '" + Name + "'");
        }

        /// <summary>The application (entra:app) or service principal (entra:sp) object, or null when it is not there (deleted).</summary>
        private async Task<DirectoryObjectRef> DirectoryObjectAsync(Identity identity, RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            var id = identity.Id ?? "";
            string path, kind;
            if (Ids.IsEntraSp(id)) { path = "/servicePrincipals/" + EntraGraph.Escape(Ids.EntraSpObjectId(id)); kind = "servicePrincipal"; }
            else if (Ids.IsEntraApp(id)) { path = "/applications(appId='" + EntraGraph.Escape(Ids.EntraAppId(id).Replace("'", "''")) + "')"; kind = "application"; }
            else throw EntraErrors.BadArgument($"'{id}' is not an Entra identity id (entra:app:<appId> or entra:sp:<objectId>).", id);
            try
            {
                using (var doc = await _graph.GetAsync(path + "?$select=id,displayName", kind + " of " + id, budget, onRetry, ct).ConfigureAwait(false))
                {
                    var root = doc?.RootElement ?? default;
                    if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var oid) || oid.ValueKind != JsonValueKind.String) return null;
                    var objectId = oid.GetString();
                    return new DirectoryObjectRef
                    {
                        Kind = kind,
                        ObjectId = objectId,
                        Path = (kind == "application" ? "/applications/" : "/servicePrincipals/") + EntraGraph.Escape(objectId),
                        Name = root.TryGetProperty("displayName", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null,
                    };
                }
            }
            catch (GraphRequestException ex) when (ex.Failure.Status == 404)
            {
                return null;
            }
            catch (GraphRequestException ex)
            {
                throw EntraErrors.Request("Reading " + id, ex.Failure, id);
            }
        }

        /// <summary>DELETE: a soft delete - the object stays restorable from deleted items for 30 days (Undo-NhiChange).</summary>
        private CleanupStep DeleteObject(Identity identity, IHostContext host)
        {
            return Sync(async (onRetry, ct) =>
            {
                var budget = WriteBudget();
                var o = await DirectoryObjectAsync(identity, budget, onRetry, ct).ConfigureAwait(false);
                if (o == null) return new CleanupStep { Changed = false, Before = "absent", After = "absent", Note = identity.Id + " is already deleted." };
                try
                {
                    await _graph.SendAsync(HttpMethod.Delete, o.Path, null, "delete " + o.Kind, RetryMode.Transient, budget, onRetry, ct).ConfigureAwait(false);
                }
                catch (GraphRequestException ex) when (ex.Failure.Status == 404 && ex.Failure.Attempts > 1)
                {
                    // Deleted by an earlier attempt whose answer was lost.
                }
                catch (GraphRequestException ex)
                {
                    throw EntraErrors.Request("Deleting " + identity.Id, ex.Failure, identity.Id);
                }
                return new CleanupStep { Changed = true, Before = o.Before, After = "in deleted items (restorable for 30 days)" };
            }, host);
        }

        /// <summary>POST /directory/deletedItems/{id}/restore, with the object id the delete recorded.</summary>
        private CleanupStep RestoreObject(Identity identity, string before, IHostContext host)
        {
            var parts = (before ?? "").Split(' ');
            if (parts.Length < 2 || !Guid.TryParse(parts[1], out _))
                throw new NhiException(CleanupErrors.CannotUndo, NhiErrorCategory.InvalidData, "The change does not record which object was deleted; it cannot be restored by NhiTools.", identity.Id);
            var objectId = parts[1];
            return Sync(async (onRetry, ct) =>
            {
                var budget = WriteBudget();
                if (await DirectoryObjectAsync(identity, budget, onRetry, ct).ConfigureAwait(false) != null)
                    return new CleanupStep { Changed = false, Before = before, After = before, Note = identity.Id + " is not deleted; nothing to restore." };
                try
                {
                    await _graph.SendAsync(HttpMethod.Post, "/directory/deletedItems/" + EntraGraph.Escape(objectId) + "/restore", null, "restore", RetryMode.ThrottleOnly, budget, onRetry, ct).ConfigureAwait(false);
                }
                catch (GraphRequestException ex) when (ex.Failure.Status == 404)
                {
                    throw new NhiException(CleanupErrors.CannotUndo, NhiErrorCategory.ObjectNotFound,
                        identity.Id + " is no longer in deleted items (kept 30 days, or deleted for good); it cannot be restored.", identity.Id);
                }
                catch (GraphRequestException ex)
                {
                    throw EntraErrors.Request("Restoring " + identity.Id, ex.Failure, identity.Id);
                }
                return new CleanupStep { Changed = true, Before = "in deleted items", After = before + " restored" };
            }, host);
        }

        /// <summary>PATCH accountEnabled on the service principal (an entra:app identity: the service principal of its appId in this tenant).</summary>
        private CleanupStep SetAccountEnabled(Identity identity, bool enabled, IHostContext host)
        {
            return Sync(async (onRetry, ct) =>
            {
                var budget = WriteBudget();
                var sp = await ServicePrincipalStateAsync(identity, budget, onRetry, ct).ConfigureAwait(false);
                var state = "accountEnabled=" + (enabled ? "true" : "false");
                if (sp.Enabled == enabled)
                    return new CleanupStep { Changed = false, Before = state, After = state, Note = "the service principal already has " + state + "; nothing sent." };
                if (string.Equals(sp.Type, "ManagedIdentity", StringComparison.OrdinalIgnoreCase))
                    throw new NhiException(EntraErrors.NotSupported, NhiErrorCategory.InvalidOperation,
                        identity.Id + " is a managed identity: Entra does not let its service principal be modified. Disable or remove the Azure resource's identity instead.", identity.Id);
                var body = EntraGraph.Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("accountEnabled", enabled);
                    w.WriteEndObject();
                });
                try
                {
                    // PATCH of one property is idempotent: 429, 5xx and a lost answer are retried.
                    await _graph.SendAsync(new HttpMethod("PATCH"), sp.Path, body, "PATCH accountEnabled", RetryMode.Transient, budget, onRetry, ct).ConfigureAwait(false);
                }
                catch (GraphRequestException ex)
                {
                    throw EntraErrors.Request((enabled ? "Enabling " : "Disabling ") + identity.Id, ex.Failure, identity.Id);
                }
                return new CleanupStep { Changed = true, Before = "accountEnabled=" + (enabled ? "false" : "true"), After = state };
            }, host);
        }

        private sealed class SpState
        {
            public string Path;
            public bool Enabled;
            public string Type;
        }

        private async Task<SpState> ServicePrincipalStateAsync(Identity identity, RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            var id = identity.Id ?? "";
            string path;
            if (Ids.IsEntraSp(id)) path = "/servicePrincipals/" + EntraGraph.Escape(Ids.EntraSpObjectId(id));
            else if (Ids.IsEntraApp(id))
                path = "/servicePrincipals(appId='" + EntraGraph.Escape(Ids.EntraAppId(id).Replace("'", "''")) + "')";
            else throw EntraErrors.BadArgument($"'{id}' is not an Entra identity id (entra:app:<appId> or entra:sp:<objectId>).", id);
            try
            {
                using (var doc = await _graph.GetAsync(path + "?$select=id,accountEnabled,servicePrincipalType", "service principal of " + id, budget, onRetry, ct).ConfigureAwait(false))
                {
                    var root = doc?.RootElement ?? default;
                    if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var oid) || oid.ValueKind != JsonValueKind.String)
                        throw new GraphRequestException(new GraphFailure { Status = 404, Message = "no service principal in the answer" });
                    return new SpState
                    {
                        Path = "/servicePrincipals/" + EntraGraph.Escape(oid.GetString()),
                        Enabled = !root.TryGetProperty("accountEnabled", out var e) || e.ValueKind != JsonValueKind.False,
                        Type = root.TryGetProperty("servicePrincipalType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null,
                    };
                }
            }
            catch (GraphRequestException ex) when (ex.Failure.Status == 404 && Ids.IsEntraApp(id))
            {
                throw new NhiException(EntraErrors.IdentityNotFound, NhiErrorCategory.ObjectNotFound,
                    $"{id} has no service principal in this tenant, so it cannot sign in here; there is nothing to disable.", id, ex);
            }
            catch (GraphRequestException ex)
            {
                throw EntraErrors.Request("Reading the service principal of " + id, ex.Failure, id);
            }
        }
    }
}
