using System;
using System.Collections.Generic;
using System.Text.Json;
using NhiTools.Engine.Sources.Offline.Common;

namespace NhiTools.Engine.Sources.Offline.Aws
{
    /// <summary>What a policy document allows, summarised: the Allow actions, their resources, admin-equivalence.</summary>
    internal sealed class PolicySummary
    {
        public static readonly PolicySummary Empty = new PolicySummary { Actions = Array.Empty<string>(), Resource = null };
        public string[] Actions;
        public string Resource;
        public bool Admin;
    }

    /// <summary>
    /// IAM policy documents as the exports hold them: a JSON object (CLI output) or a URL-encoded JSON string
    /// (the wire form); Statement as an object or an array; Action/Resource as a string or an array.
    /// </summary>
    internal static class PolicyDocument
    {
        /// <summary>Runs <paramref name="use"/> on the parsed document; false when it is absent or unreadable.</summary>
        public static bool With(JsonElement value, Action<JsonElement> use)
        {
            if (value.ValueKind == JsonValueKind.Object) { use(value); return true; }
            if (value.ValueKind != JsonValueKind.String) return false;
            var text = value.GetString();
            if (string.IsNullOrWhiteSpace(text)) return false;
            text = text.TrimStart();
            if (!text.StartsWith("{", StringComparison.Ordinal)) text = Uri.UnescapeDataString(text);
            try
            {
                using (var doc = JsonDocument.Parse(text))
                {
                    use(doc.RootElement);
                    return true;
                }
            }
            catch (JsonException) { return false; }
        }

        public static IEnumerable<JsonElement> Statements(JsonElement doc) => doc.List("Statement");

        public static bool IsAllow(JsonElement st) => string.Equals(st.Str("Effect"), "Allow", StringComparison.OrdinalIgnoreCase);

        public static PolicySummary Summarize(JsonElement value)
        {
            PolicySummary result = null;
            if (!With(value, doc => result = SummarizeDocument(doc))) return null;
            return result;
        }

        private static PolicySummary SummarizeDocument(JsonElement doc)
        {
            var actions = new List<string>();
            var seenActions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var resources = new List<string>();
            var seenResources = new HashSet<string>(StringComparer.Ordinal);
            bool admin = false;
            foreach (var st in Statements(doc))
            {
                if (st.ValueKind != JsonValueKind.Object || !IsAllow(st)) continue; // Deny and NotAction are not grants we summarise
                if (!st.TryGetProperty("Action", out var a)) continue;
                var acts = Values.Strings(a);
                var res = st.TryGetProperty("Resource", out var r) ? Values.Strings(r) : new List<string> { "*" };
                bool broadResource = res.Exists(x => x == "*" || x == "arn:aws:iam::*:*" || x.EndsWith(":*", StringComparison.Ordinal) && x.StartsWith("arn:aws:iam::", StringComparison.Ordinal));
                foreach (var act in acts)
                {
                    if (seenActions.Add(act)) actions.Add(act);
                    if (!broadResource) continue;
                    if (act == "*" || act == "*:*" || string.Equals(act, "iam:*", StringComparison.OrdinalIgnoreCase)) admin = true;
                }
                foreach (var x in res) if (seenResources.Add(x)) resources.Add(x);
            }
            return new PolicySummary
            {
                Actions = actions.ToArray(),
                Resource = resources.Contains("*") ? "*" : resources.Count == 0 ? null : string.Join(",", resources),
                Admin = admin,
            };
        }

        /// <summary>AWS managed policies known by name when their document is not in the export.</summary>
        public static PolicySummary WellKnown(string policyName)
        {
            switch (policyName)
            {
                case "AdministratorAccess": return new PolicySummary { Actions = new[] { "*" }, Resource = "*", Admin = true };
                case "IAMFullAccess": return new PolicySummary { Actions = new[] { "iam:*" }, Resource = "*", Admin = true };
                default: return null;
            }
        }
    }
}
