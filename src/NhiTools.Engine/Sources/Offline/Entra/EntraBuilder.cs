using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NhiTools.Engine.Sources.Offline.Common;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Offline.Entra
{
    /// <summary>
    /// Builds Entra identities: each application streams and merges with its service principal (same appId)
    /// into entra:app:&lt;appId&gt;; service principals with no application in the files follow as entra:sp:&lt;objectId&gt;.
    /// </summary>
    internal sealed class EntraBuilder
    {
        private const string NoRole = "00000000-0000-0000-0000-000000000000";
        private readonly GraphIndex _index;
        private readonly HashSet<string> _yieldedApps = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, int> _ownOrgCounts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private string _provisionalTenant;
        private bool _tenantGuessed;

        private readonly IHostContext _host;

        public EntraBuilder(GraphIndex index, IHostContext host) { _index = index; _host = host; }

        /// <summary>The appId of the last identity built (Key Vault links key on it).</summary>
        public string LastAppId { get; private set; }

        public Identity FromApplication(JsonElement e, string file, IHostContext host)
        {
            if (!_tenantGuessed)
            {
                _provisionalTenant = _index.GuessTenant(_ => true);
                _tenantGuessed = true;
            }
            var app = GraphObject.Parse(e, file, _index.Pool);
            if (app.AppId == null) return null;
            if (!_yieldedApps.Add(app.AppId))
            {
                host.WriteWarning($"Application {app.AppId} appears in more than one applications file; the copy in '{file}' was ignored.");
                return null;
            }
            _index.SpsByAppId.TryGetValue(app.AppId, out var sp);
            string tenant = _provisionalTenant;
            if (sp != null)
            {
                sp.Consumed = true;
                if (sp.AppOwnerOrganizationId != null)
                {
                    tenant = sp.AppOwnerOrganizationId;
                    _ownOrgCounts.TryGetValue(tenant, out int n);
                    _ownOrgCounts[tenant] = n + 1;
                }
            }
            LastAppId = app.AppId;
            var identity = Build(app, sp, tenant);
            sp?.Release();
            return identity;
        }

        public IEnumerable<KeyValuePair<Identity, string>> Remaining(IHostContext host)
        {
            string tenant = null;
            int best = 0;
            foreach (var kv in _ownOrgCounts)
                if (kv.Value > best) { tenant = kv.Key; best = kv.Value; }
            tenant = tenant ?? (_tenantGuessed ? _provisionalTenant : _index.GuessTenant(_ => true));
            foreach (var sp in _index.SpsById.Values)
            {
                host.CancellationToken.ThrowIfCancellationRequested();
                if (sp.Consumed) continue;
                sp.Consumed = true;
                // Microsoft's own service principals (Microsoft Graph, Office 365...) are resources the tenant's
                // identities are granted rights on, not identities it can own, rotate or retire.
                if (IsMicrosoftFirstParty(sp.AppOwnerOrganizationId)) continue;
                yield return new KeyValuePair<Identity, string>(Build(null, sp, tenant), sp.AppId);
            }
        }

        private static readonly HashSet<string> MicrosoftTenants = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "f8cdef31-a31e-4b4a-93e4-5f571e91255a", // Microsoft Services
            "72f988bf-86f1-41af-91ab-2d7cd011db47", // Microsoft
            "47df5bb7-e6bc-4256-afb0-dd8c8e3c1ce8", // Microsoft (first-party)
        };

        internal static bool IsMicrosoftFirstParty(string appOwnerOrganizationId) =>
            appOwnerOrganizationId != null && MicrosoftTenants.Contains(appOwnerOrganizationId);

        private Identity Build(GraphObject app, GraphObject sp, string tenant)
        {
            var id = new Identity { Provider = "Entra", Account = tenant };
            if (app != null)
            {
                id.Id = Ids.EntraApp(app.AppId);
                id.NativeId = app.AppId;
                id.Kind = app.IsAgent || sp != null && sp.IsAgent ? IdentityKind.AgentIdentity : IdentityKind.Application;
                id.Name = app.DisplayName ?? sp?.DisplayName;
            }
            else
            {
                id.Id = Ids.EntraSp(sp.ObjectId);
                id.NativeId = sp.ObjectId;
                id.Kind = sp.IsAgent ? IdentityKind.AgentIdentity
                    : string.Equals(sp.ServicePrincipalType, "ManagedIdentity", StringComparison.OrdinalIgnoreCase) ? IdentityKind.ManagedIdentity
                    : IdentityKind.ServicePrincipal;
                id.Name = sp.DisplayName;
                id.ThirdParty = sp.AppOwnerOrganizationId != null && tenant != null
                    && !string.Equals(sp.AppOwnerOrganizationId, tenant, StringComparison.OrdinalIgnoreCase);
            }
            if (tenant != null) id.Systems = new[] { Ids.EntraTenant(tenant) };
            id.Enabled = sp?.AccountEnabled ?? true;
            id.CreatedOn = app?.Created ?? sp?.Created;
            id.Notes = app?.Notes ?? sp?.Notes;
            id.Tags = Tags(app?.Tags, sp?.Tags);
            id.Environment = EnvironmentHint.From(id.Tags, id.Name);

            string appId = app?.AppId ?? sp?.AppId;
            DateTime? last = null;
            if (appId != null && _index.SpSignInByAppId.TryGetValue(appId, out var spUse)) last = spUse;
            var creds = new List<Credential>();
            // A managed identity's certificate is the platform's to rotate; listing it would only make noise.
            if (id.Kind != IdentityKind.ManagedIdentity)
            {
                AddCredentials(creds, app, id.Id);
                AddCredentials(creds, sp, id.Id);
            }
            foreach (var c in creds) last = Values.Latest(last, c.LastUsedOn);
            id.Credentials = creds.ToArray();
            id.LastUsedOn = last;

            SetOwners(id, app, sp);
            if (app != null && app.OwnersMayBeIncomplete || sp != null && sp.OwnersMayBeIncomplete)
            {
                const string note = "Owners may be incomplete: $expand=owners returns at most 20; export GET /applications/{id}/owners for the full list.";
                id.Notes = string.IsNullOrEmpty(id.Notes) ? note : id.Notes + " " + note;
                _host.WriteWarning($"{id.Id}: {GraphObject.ExpandCap} owners came from $expand=owners, which stops at {GraphObject.ExpandCap}; the owner list may be incomplete.");
            }
            if (sp != null) id.Permissions = Permissions(sp);
            var sources = app?.Sources ?? Array.Empty<string>();
            if (sp != null) foreach (var s in sp.Sources) sources = Values.Append(sources, s);
            id.Source = sources;
            return id;
        }

        /// <summary>
        /// Usage per keyId from appCredentialSignInActivities: a row with a date gives LastUsedOn; a row with no
        /// date means the report saw the credential and no sign-in (NeverUsed). No row means unknown: the report
        /// may not cover that credential (beta, retention window), so LastUsedOn stays null and NeverUsed false.
        /// </summary>
        private void AddCredentials(List<Credential> creds, GraphObject o, string identityId)
        {
            if (o == null) return;
            foreach (var c in GraphObject.Each(o.Credentials))
            {
                if (c.Id != null && creds.Exists(x => string.Equals(x.Id, c.Id, StringComparison.OrdinalIgnoreCase))) continue;
                var copy = new Credential
                {
                    IdentityId = identityId, Id = c.Id, Type = c.Type, DisplayName = c.DisplayName, Hint = c.Hint,
                    CreatedOn = c.CreatedOn, LastRotatedOn = c.LastRotatedOn, ExpiresOn = c.ExpiresOn,
                };
                if (c.Id != null && _index.KeyUseById.TryGetValue(c.Id, out var use))
                {
                    copy.LastUsedOn = use.LastUsed;
                    copy.NeverUsed = use.LastUsed == null;
                }
                creds.Add(copy);
            }
        }

        private static Dictionary<string, string> Tags(List<string> a, List<string> b)
        {
            var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var list in new[] { a, b })
            {
                if (list == null) continue;
                foreach (var t in list)
                {
                    int i = t.IndexOfAny(new[] { ':', '=' });
                    string key = i > 0 ? t.Substring(0, i).Trim() : t, value = i > 0 ? t.Substring(i + 1).Trim() : "";
                    // Graph tags are a list, so one key can repeat (env:prod and env:dev): keep every value.
                    if (d.TryGetValue(key, out var old) && old.Length > 0 && value.Length > 0 && !old.Split(',').Contains(value)) d[key] = old + "," + value;
                    else if (!d.ContainsKey(key) || value.Length > 0) d[key] = value;
                }
            }
            return d;
        }

        private void SetOwners(Identity id, GraphObject app, GraphObject sp)
        {
            var names = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var o in new[] { app, sp })
            {
                if (o == null) continue;
                foreach (var w in GraphObject.Each(o.Owners))
                {
                    if (w.Id != null && !seen.Add(w.Id)) continue;
                    string name, state = null;
                    UserInfo user = null;
                    if (w.Id != null) _index.Users.TryGetValue(w.Id, out user);
                    if (user == null && w.Upn != null) _index.Users.TryGetValue(w.Upn, out user);
                    GraphObject ownerSp = null;
                    if (w.Id != null) _index.SpsById.TryGetValue(w.Id, out ownerSp);
                    bool isUser = w.IsUser ?? (user != null || ownerSp == null);
                    if (isUser)
                    {
                        name = w.Upn ?? user?.Upn ?? w.Id;
                        if (_index.UsersGiven) state = user == null ? "Deleted" : user.Enabled ? "Enabled" : "Disabled";
                        else if (w.AccountEnabled.HasValue) state = w.AccountEnabled.Value ? "Enabled" : "Disabled";
                    }
                    else
                    {
                        name = w.DisplayName ?? ownerSp?.DisplayName ?? w.AppId ?? w.Id;
                        if (ownerSp != null) state = ownerSp.AccountEnabled == false ? "Disabled" : "Enabled";
                        else if (w.AccountEnabled.HasValue) state = w.AccountEnabled.Value ? "Enabled" : "Disabled";
                    }
                    if (name == null || names.Contains(name)) continue;
                    names.Add(name);
                    if (state != null) id.OwnerStates[name] = state;
                }
            }
            id.Owners = names.ToArray();
        }

        private Permission[] Permissions(GraphObject sp)
        {
            var list = new List<Permission>();
            var assignments = new List<RoleAssignment>(GraphObject.Each(sp.Assignments));
            if (_index.AssignmentsByPrincipal.TryGetValue(sp.ObjectId, out var extra))
                foreach (var a in extra)
                    if (!assignments.Exists(x => x.AppRoleId == a.AppRoleId && x.ResourceId == a.ResourceId)) assignments.Add(a);
            foreach (var a in assignments)
            {
                GraphObject resource = null;
                if (a.ResourceId != null) _index.SpsById.TryGetValue(a.ResourceId, out resource);
                string name = null;
                if (a.AppRoleId != null && resource?.AppRoles != null) resource.AppRoles.TryGetValue(a.AppRoleId, out name);
                if (name == null && a.AppRoleId != null) GraphWellKnown.AppRoles.TryGetValue(a.AppRoleId, out name);
                if (name == null) name = a.AppRoleId == NoRole ? "DefaultAccess" : a.AppRoleId;
                list.Add(new Permission
                {
                    Name = name,
                    Type = PermissionType.AppRole,
                    Resource = a.ResourceDisplayName ?? resource?.DisplayName ?? a.ResourceId,
                    Via = "direct",
                    AdminEquivalent = GraphWellKnown.AdminEquivalent.Contains(name),
                });
            }
            if (_index.GrantsByClient.TryGetValue(sp.ObjectId, out var grants))
            {
                foreach (var g in grants)
                {
                    GraphObject resource = null;
                    if (g.ResourceId != null) _index.SpsById.TryGetValue(g.ResourceId, out resource);
                    if (string.IsNullOrWhiteSpace(g.Scope)) continue;
                    foreach (var scope in g.Scope.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
                    {
                        list.Add(new Permission
                        {
                            Name = scope,
                            Type = PermissionType.DelegatedScope,
                            Resource = resource?.DisplayName ?? g.ResourceId,
                            Via = "consent:" + (g.ConsentType ?? "Principal"),
                        });
                    }
                }
            }
            return list.ToArray();
        }
    }
}
