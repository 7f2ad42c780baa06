using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NhiTools.Labs.Graph.Store
{
    /// <summary>What a seed load did.</summary>
    public sealed class GraphSeedResult
    {
        public int Files { get; internal set; }
        /// <summary>Items loaded per collection.</summary>
        public Dictionary<string, int> Items { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        /// <summary>Files that were not Graph collection responses (other providers' exports in the same tree).</summary>
        public List<string> Skipped { get; } = new List<string>();

        internal void Count(string collection) => Items[collection] = Items.TryGetValue(collection, out var n) ? n + 1 : 1;
        public int Total => Items.Values.Sum();
    }

    /// <summary>
    /// Loads real-format Graph exports: collection responses (<c>{"@odata.context":..,"value":[..]}</c>, page files
    /// chained by nextLink — every page file is loaded, items upsert by id) or bare arrays (az ad app list). The
    /// collection comes from @odata.context, else from the items' shape. Expanded <c>owners</c> become owner
    /// relations and expanded <c>appRoleAssignments</c> become assignments, as if the lab had them all along.
    /// Items are kept as compact JsonElements (no JsonNode tree), so 100,000 apps load in seconds.
    /// </summary>
    public static class GraphSeeder
    {
        private static readonly JsonDocumentOptions Options = new JsonDocumentOptions { AllowTrailingCommas = true };

        /// <summary>Loads every *.json under the directory (its "entra" subfolder when there is one), in name order.</summary>
        public static GraphSeedResult LoadDirectory(GraphStore store, string directory)
        {
            if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Seed directory '{directory}' does not exist.");
            var entra = Path.Combine(directory, "entra");
            var root = Directory.Exists(entra) ? entra : directory;
            var result = new GraphSeedResult();
            foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                LoadFile(store, file, result);
            // The example estate keeps its Entra sign-in and audit logs beside the other providers' activity.
            var activity = Path.Combine(directory, "activity", "entra");
            if (root == entra && Directory.Exists(activity))
                foreach (var file in Directory.EnumerateFiles(activity, "*.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                    LoadFile(store, file, result);
            return result;
        }

        public static GraphSeedResult LoadFile(GraphStore store, string path, GraphSeedResult result = null)
        {
            result ??= new GraphSeedResult();
            JsonDocument document;
            using (var stream = File.OpenRead(path))
            {
                try { document = JsonDocument.Parse(stream, Options); }
                catch (JsonException) { result.Skipped.Add(path); return result; }
            }
            // The document is not disposed: stored items are elements of it (no copy), and it lives as long as they do.
            if (!Load(store, document.RootElement, result)) { result.Skipped.Add(path); document.Dispose(); }
            else result.Files++;
            return result;
        }

        /// <summary>Loads one collection response or array given as JSON text.</summary>
        public static GraphSeedResult LoadJson(GraphStore store, string json)
        {
            var result = new GraphSeedResult();
            var document = JsonDocument.Parse(json, Options); // kept alive by the stored elements
            if (!Load(store, document.RootElement, result)) throw new FormatException("Not a Graph collection response or array of directory objects.");
            result.Files++;
            return result;
        }

        private static bool Load(GraphStore store, JsonElement root, GraphSeedResult result)
        {
            JsonElement items;
            string collection = null;
            if (root.ValueKind == JsonValueKind.Array) items = root;
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
            {
                items = value;
                if (root.TryGetProperty("@odata.context", out var context) && context.ValueKind == JsonValueKind.String)
                    collection = FromContext(context.GetString());
            }
            else return false;

            var loadedAny = items.GetArrayLength() == 0 && collection != null && store.ByName(collection) != null;
            var named = store.ByName(collection ?? "");
            lock (store.Gate)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object) continue;
                    var target = named ?? store.ByName(FromShape(item) ?? "");
                    if (target == null) continue;
                    Store(store, target, item, result);
                    loadedAny = true;
                }
            }
            return loadedAny;
        }

        private static void Store(GraphStore store, EntityCollection target, JsonElement item, GraphSeedResult result)
        {
            var id = item.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            if (item.TryGetProperty("owners", out var owners) && owners.ValueKind == JsonValueKind.Array && id != null)
            {
                foreach (var o in owners.EnumerateArray())
                {
                    if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty("id", out var ownerId) || ownerId.ValueKind != JsonValueKind.String) continue;
                    store.AddOwner(id, ownerId.GetString());
                    store.AddDirectoryStub(o);
                }
            }
            if (item.TryGetProperty("appRoleAssignments", out var assignments) && assignments.ValueKind == JsonValueKind.Array)
            {
                foreach (var a in assignments.EnumerateArray())
                {
                    if (a.ValueKind != JsonValueKind.Object) continue;
                    store.AppRoleAssignments.Upsert(a);
                    result.Count(store.AppRoleAssignments.Type.Collection);
                }
            }
            // Lists never carry a secret value; a seed cannot plant one.
            if (HasSecretText(item))
            {
                var json = JsonObject.Create(item.Clone());
                foreach (var p in json["passwordCredentials"].AsArray().OfType<JsonObject>())
                    if (p.ContainsKey("secretText")) p["secretText"] = null;
                target.Upsert(json);
            }
            else
            {
                target.Upsert(item);
            }
            result.Count(target.Type.Collection);
        }

        private static bool HasSecretText(JsonElement item)
        {
            if (!item.TryGetProperty("passwordCredentials", out var passwords) || passwords.ValueKind != JsonValueKind.Array) return false;
            foreach (var p in passwords.EnumerateArray())
                if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("secretText", out var s) && s.ValueKind != JsonValueKind.Null) return true;
            return false;
        }

        /// <summary>Collection named by an @odata.context such as ".../v1.0/$metadata#applications(owners())".</summary>
        internal static string FromContext(string context)
        {
            if (string.IsNullOrEmpty(context)) return null;
            var hash = context.IndexOf('#');
            if (hash < 0) return null;
            var fragment = context.Substring(hash + 1);
            if (fragment.EndsWith("/$entity", StringComparison.Ordinal)) fragment = fragment.Substring(0, fragment.Length - 8);
            if (fragment.StartsWith("reports/", StringComparison.OrdinalIgnoreCase) || fragment.StartsWith("auditLogs/", StringComparison.OrdinalIgnoreCase))
            {
                var paren = fragment.IndexOf('(');
                return paren > 0 ? fragment.Substring(0, paren) : fragment;
            }
            var depth = 0;
            var lastSegmentStart = 0;
            for (var i = 0; i < fragment.Length; i++)
            {
                if (fragment[i] == '(') depth++;
                else if (fragment[i] == ')') depth--;
                else if (fragment[i] == '/' && depth == 0) lastSegmentStart = i + 1;
            }
            var name = fragment.Substring(lastSegmentStart);
            var p = name.IndexOf('(');
            return p > 0 ? name.Substring(0, p) : name;
        }

        /// <summary>Collection guessed from an item's properties (bare arrays, files without @odata.context).</summary>
        internal static string FromShape(JsonElement item)
        {
            bool Has(string p) => item.TryGetProperty(p, out _);
            var odataType = item.TryGetProperty("@odata.type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "";
            if (odataType.EndsWith("servicePrincipal", StringComparison.OrdinalIgnoreCase) || odataType.EndsWith("agentIdentity", StringComparison.OrdinalIgnoreCase) || Has("servicePrincipalType")) return "servicePrincipals";
            if (Has("signInEventTypes") || (Has("createdDateTime") && Has("ipAddress") && Has("status"))) return "auditLogs/signIns";
            if (Has("activityDisplayName") && Has("initiatedBy")) return "auditLogs/directoryAudits";
            if (Has("keyType") && Has("credentialOrigin")) return "reports/appCredentialSignInActivities";
            if (Has("lastSignInActivity") || Has("applicationAuthenticationClientSignInActivity")) return "reports/servicePrincipalSignInActivities";
            if (Has("consentType") && Has("clientId")) return "oauth2PermissionGrants";
            if (Has("appRoleId") && Has("principalId")) return "appRoleAssignments";
            if (Has("userPrincipalName")) return "users";
            if (Has("appId") && (Has("signInAudience") || Has("passwordCredentials") || Has("requiredResourceAccess"))) return "applications";
            return null;
        }
    }
}
