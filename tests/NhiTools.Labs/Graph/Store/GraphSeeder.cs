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
    /// </summary>
    public static class GraphSeeder
    {
        /// <summary>Loads every *.json under the directory (its "entra" subfolder when there is one), in name order.</summary>
        public static GraphSeedResult LoadDirectory(GraphStore store, string directory)
        {
            if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Seed directory '{directory}' does not exist.");
            var entra = Path.Combine(directory, "entra");
            var root = Directory.Exists(entra) ? entra : directory;
            var result = new GraphSeedResult();
            foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                LoadFile(store, file, result);
            return result;
        }

        public static GraphSeedResult LoadFile(GraphStore store, string path, GraphSeedResult result = null)
        {
            result ??= new GraphSeedResult();
            JsonNode root;
            using (var stream = File.OpenRead(path))
            {
                try { root = JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }); }
                catch (JsonException) { result.Skipped.Add(path); return result; }
            }
            if (!Load(store, root, result)) result.Skipped.Add(path);
            else result.Files++;
            return result;
        }

        /// <summary>Loads one collection response or array given as JSON text.</summary>
        public static GraphSeedResult LoadJson(GraphStore store, string json)
        {
            var result = new GraphSeedResult();
            if (!Load(store, JsonNode.Parse(json), result)) throw new FormatException("Not a Graph collection response or array of directory objects.");
            result.Files++;
            return result;
        }

        private static bool Load(GraphStore store, JsonNode root, GraphSeedResult result)
        {
            JsonArray items;
            string collection = null;
            if (root is JsonArray array) items = array;
            else if (root is JsonObject obj && obj["value"] is JsonArray value)
            {
                items = value;
                collection = FromContext(obj["@odata.context"]?.GetValue<string>());
            }
            else return false;

            var list = items.ToList();
            items.Clear(); // detach the nodes so each can be stored on its own
            var loadedAny = list.Count == 0 && collection != null;
            lock (store.Gate)
            {
                foreach (var node in list)
                {
                    if (node is not JsonObject item) continue;
                    var target = store.ByName(collection ?? "") ?? store.ByName(FromShape(item) ?? "");
                    if (target == null) continue;
                    Store(store, target, item, result);
                    loadedAny = true;
                }
            }
            return loadedAny;
        }

        private static void Store(GraphStore store, EntityCollection target, JsonObject item, GraphSeedResult result)
        {
            var id = item["id"]?.GetValue<string>();
            if (item["owners"] is JsonArray owners)
            {
                item.Remove("owners");
                var ownerNodes = owners.ToList();
                owners.Clear();
                foreach (var o in ownerNodes.OfType<JsonObject>())
                {
                    var ownerId = o["id"]?.GetValue<string>();
                    if (id == null || ownerId == null) continue;
                    store.AddOwner(id, ownerId);
                    store.AddDirectoryStub(o);
                }
            }
            if (item["appRoleAssignments"] is JsonArray assignments)
            {
                item.Remove("appRoleAssignments");
                var nodes = assignments.ToList();
                assignments.Clear();
                foreach (var a in nodes.OfType<JsonObject>())
                {
                    store.AppRoleAssignments.Upsert(a);
                    result.Count(store.AppRoleAssignments.Type.Collection);
                }
            }
            // Lists never carry a secret value; make sure a seed cannot plant one.
            if (item["passwordCredentials"] is JsonArray passwords)
                foreach (var p in passwords.OfType<JsonObject>())
                    if (p.ContainsKey("secretText")) p["secretText"] = null;
            target.Upsert(item);
            result.Count(target.Type.Collection);
        }

        /// <summary>Collection named by an @odata.context such as ".../v1.0/$metadata#applications(owners())".</summary>
        internal static string FromContext(string context)
        {
            if (string.IsNullOrEmpty(context)) return null;
            var hash = context.IndexOf('#');
            if (hash < 0) return null;
            var fragment = context.Substring(hash + 1);
            if (fragment.EndsWith("/$entity", StringComparison.Ordinal)) fragment = fragment.Substring(0, fragment.Length - 8);
            if (fragment.StartsWith("reports/", StringComparison.OrdinalIgnoreCase))
            {
                var paren = fragment.IndexOf('(');
                return paren > 0 ? fragment.Substring(0, paren) : fragment;
            }
            var name = fragment;
            var depth = 0;
            var lastSegmentStart = 0;
            for (var i = 0; i < fragment.Length; i++)
            {
                if (fragment[i] == '(') depth++;
                else if (fragment[i] == ')') depth--;
                else if (fragment[i] == '/' && depth == 0) lastSegmentStart = i + 1;
            }
            name = fragment.Substring(lastSegmentStart);
            var p = name.IndexOf('(');
            return p > 0 ? name.Substring(0, p) : name;
        }

        /// <summary>Collection guessed from an item's properties (bare arrays, files without @odata.context).</summary>
        internal static string FromShape(JsonObject item)
        {
            bool Has(string p) => item.ContainsKey(p);
            var odataType = item["@odata.type"]?.GetValue<string>() ?? "";
            if (odataType.EndsWith("servicePrincipal", StringComparison.OrdinalIgnoreCase) || odataType.EndsWith("agentIdentity", StringComparison.OrdinalIgnoreCase) || Has("servicePrincipalType")) return "servicePrincipals";
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
