using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Entra
{
    // Owners at the source: POST/DELETE owners/$ref on the application (entra:app) or service principal (entra:sp).
    public sealed partial class EntraSource
    {
        /// <summary>
        /// Adds owners (UPN or object id; a UPN is resolved through users/{upn}) and with <paramref name="replace"/>
        /// removes the others - after the adds, so the object never has no owner in between. Every owner is
        /// resolved before anything is written: an unknown owner changes nothing. Returns the owners afterwards.
        /// </summary>
        public string[] SetOwners(Identity identity, IReadOnlyList<string> owners, bool replace, IHostContext host)
        {
            if (identity == null) throw new ArgumentNullException(nameof(identity));
            if (owners == null || owners.Count == 0 || owners.Any(string.IsNullOrWhiteSpace))
                throw EntraErrors.BadArgument("Give at least one owner; owners cannot be empty.", identity.Id);
            if (identity.Kind == IdentityKind.ManagedIdentity)
                throw new NhiException(EntraErrors.NotSupported, NhiErrorCategory.InvalidOperation,
                    $"{identity.Id} is a managed identity: Entra does not let its service principal be modified, so it cannot hold owners. Record the owner on the Azure resource it belongs to.", identity.Id);

            return Sync(async (onRetry, ct) =>
            {
                var budget = WriteBudget();
                var path = await ObjectPathAsync(identity, budget, onRetry, ct).ConfigureAwait(false);

                var wanted = new List<string>();
                foreach (var owner in owners)
                {
                    var id = await ResolveOwnerAsync(owner.Trim(), budget, onRetry, ct).ConfigureAwait(false);
                    if (!wanted.Contains(id, StringComparer.OrdinalIgnoreCase)) wanted.Add(id);
                }

                var current = await ListOwnersAsync(path, budget, onRetry, ct).ConfigureAwait(false);
                foreach (var id in wanted)
                {
                    if (current.Any(o => string.Equals(o.Id, id, StringComparison.OrdinalIgnoreCase))) continue;
                    var body = EntraGraph.Json(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("@odata.id", _graph.BaseUrl + "/directoryObjects/" + id);
                        w.WriteEndObject();
                    });
                    try
                    {
                        await _graph.SendAsync(HttpMethod.Post, path + "/owners/$ref", body, "add owner", RetryMode.ThrottleOnly, budget, onRetry, ct).ConfigureAwait(false);
                    }
                    catch (GraphRequestException ex) when (ex.Failure.Status == 400 && (ex.Failure.Message ?? "").IndexOf("already exist", StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        // Added meanwhile (or by an earlier attempt whose answer was lost): the goal is met.
                    }
                    catch (GraphRequestException ex)
                    {
                        throw EntraErrors.Request($"Adding owner {id} to {identity.Id}", ex.Failure, identity.Id);
                    }
                }
                if (replace)
                {
                    foreach (var o in current)
                    {
                        if (wanted.Contains(o.Id, StringComparer.OrdinalIgnoreCase)) continue;
                        try
                        {
                            await _graph.SendAsync(HttpMethod.Delete, path + "/owners/" + EntraGraph.Escape(o.Id) + "/$ref", null, "remove owner", RetryMode.ThrottleOnly, budget, onRetry, ct).ConfigureAwait(false);
                        }
                        catch (GraphRequestException ex) when (ex.Failure.Status == 404)
                        {
                            // Already gone.
                        }
                        catch (GraphRequestException ex)
                        {
                            throw EntraErrors.Request($"Removing owner {o.Name} from {identity.Id}", ex.Failure, identity.Id);
                        }
                    }
                }
                var after = await ListOwnersAsync(path, budget, onRetry, ct).ConfigureAwait(false);
                return after.Select(o => o.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            }, host);
        }

        /// <summary>/applications/{objectId} for entra:app:&lt;appId&gt; (one lookup), /servicePrincipals/{objectId} for entra:sp.</summary>
        private async Task<string> ObjectPathAsync(Identity identity, RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            var id = identity.Id ?? "";
            if (Ids.IsEntraSp(id))
                return "/servicePrincipals/" + EntraGraph.Escape(Ids.EntraSpObjectId(id));
            if (!Ids.IsEntraApp(id))
                throw EntraErrors.BadArgument($"'{id}' is not an Entra identity id (entra:app:<appId> or entra:sp:<objectId>).", id);
            var appId = Ids.EntraAppId(id);
            try
            {
                using (var doc = await _graph.GetAsync("/applications(appId='" + EntraGraph.Escape(appId.Replace("'", "''")) + "')?$select=id", "application " + appId, budget, onRetry, ct).ConfigureAwait(false))
                {
                    var objectId = doc?.RootElement.TryGetProperty("id", out var v) == true ? v.GetString() : null;
                    if (objectId == null) throw new GraphRequestException(new GraphFailure { Status = 404, Message = "no id in the answer" });
                    return "/applications/" + EntraGraph.Escape(objectId);
                }
            }
            catch (GraphRequestException ex)
            {
                throw EntraErrors.Request("Finding application " + appId, ex.Failure, id);
            }
        }

        private async Task<string> ResolveOwnerAsync(string owner, RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            if (Guid.TryParse(owner, out var g)) return g.ToString();
            if (owner.IndexOf('@') <= 0)
                throw new NhiException(EntraErrors.OwnerNotFound, NhiErrorCategory.InvalidArgument,
                    $"Entra owners are users or service principals: give a UPN (name@domain) or an object id, not '{owner}'. Nothing was changed.", owner);
            try
            {
                using (var doc = await _graph.GetAsync("/users/" + EntraGraph.Escape(owner) + "?$select=id,userPrincipalName", "user " + owner, budget, onRetry, ct).ConfigureAwait(false))
                {
                    if (doc != null && doc.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String) return id.GetString();
                }
            }
            catch (GraphRequestException ex) when (ex.Failure.Status == 404)
            {
            }
            catch (GraphRequestException ex)
            {
                throw EntraErrors.Request("Looking up user " + owner, ex.Failure, owner);
            }
            throw new NhiException(EntraErrors.OwnerNotFound, NhiErrorCategory.ObjectNotFound, $"No user '{owner}' in the tenant. Nothing was changed.", owner);
        }

        private sealed class OwnerEntry
        {
            public string Id, Name;
        }

        private async Task<List<OwnerEntry>> ListOwnersAsync(string path, RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            var list = new List<OwnerEntry>();
            string url = path + "/owners?$top=999";
            int page = 0;
            while (url != null)
            {
                page++;
                JsonDocument doc;
                try { doc = await _graph.GetAsync(url, "owners", budget, onRetry, ct).ConfigureAwait(false); }
                catch (GraphRequestException ex) { throw EntraErrors.ListFailed_("owners of " + path, page, ex.Failure); }
                using (doc)
                {
                    url = null;
                    if (doc == null) break;
                    if (doc.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
                        foreach (var o in value.EnumerateArray())
                        {
                            string S(string n) => o.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                            var id = S("id");
                            if (id == null) continue;
                            var type = S("@odata.type") ?? "";
                            var isUser = type.EndsWith(".user", StringComparison.OrdinalIgnoreCase) || S("userPrincipalName") != null;
                            // The same names the mapping shows: UPN for users, display name for service principals.
                            list.Add(new OwnerEntry { Id = id, Name = isUser ? S("userPrincipalName") ?? id : S("displayName") ?? S("appId") ?? id });
                        }
                    if (doc.RootElement.TryGetProperty("@odata.nextLink", out var next) && next.ValueKind == JsonValueKind.String) url = next.GetString();
                }
            }
            return list;
        }
    }
}
