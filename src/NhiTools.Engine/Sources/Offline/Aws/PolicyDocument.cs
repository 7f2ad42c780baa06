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
        public PolicyStatement[] Statements = Array.Empty<PolicyStatement>();
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
            var statements = new List<PolicyStatement>();
            foreach (var st in Statements(doc))
            {
                if (st.ValueKind != JsonValueKind.Object) continue;
                var s = Statement(st);
                if (s != null) statements.Add(s);
            }
            return FromStatements(statements.ToArray());
        }

        /// <summary>One statement as written; null when it has neither Action nor NotAction (grants nothing).</summary>
        private static PolicyStatement Statement(JsonElement st)
        {
            var s = new PolicyStatement
            {
                Sid = st.Str("Sid"),
                Effect = IsAllow(st) ? "Allow" : "Deny",
                Actions = st.TryGetProperty("Action", out var a) ? Values.Strings(a).ToArray() : Array.Empty<string>(),
                NotActions = st.TryGetProperty("NotAction", out var na) ? Values.Strings(na).ToArray() : Array.Empty<string>(),
                NotResources = st.TryGetProperty("NotResource", out var nr) ? Values.Strings(nr).ToArray() : Array.Empty<string>(),
                Conditions = st.TryGetProperty("Condition", out var c) ? Conditions(c) : Array.Empty<string>(),
            };
            s.Resources = st.TryGetProperty("Resource", out var r) ? Values.Strings(r).ToArray()
                : s.NotResources.Length > 0 ? Array.Empty<string>() : new[] { "*" };
            if (s.Actions.Length == 0 && s.NotActions.Length == 0) return null;
            return s;
        }

        /// <summary>"StringEquals iam:PassedToService=lambda.amazonaws.com" per operator and key.</summary>
        private static string[] Conditions(JsonElement c)
        {
            if (c.ValueKind != JsonValueKind.Object) return Array.Empty<string>();
            var list = new List<string>();
            foreach (var op in c.EnumerateObject())
            {
                if (op.Value.ValueKind != JsonValueKind.Object) continue;
                foreach (var kv in op.Value.EnumerateObject())
                    list.Add(op.Name + " " + kv.Name + "=" + string.Join("|", Values.Strings(kv.Value)));
            }
            return list.ToArray();
        }

        /// <summary>The summary (Allow actions, their resources, admin-equivalence) of a list of statements.</summary>
        internal static PolicySummary FromStatements(PolicyStatement[] statements)
        {
            var actions = new List<string>();
            var seenActions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var resources = new List<string>();
            var seenResources = new HashSet<string>(StringComparer.Ordinal);
            var grants = new Analysis.StatementGrants(statements);
            bool admin = false;
            foreach (var s in statements)
            {
                if (!s.IsAllow) continue;
                // An Allow with NotAction grants every action but those: "*" in the summary, the exceptions in Statements.
                foreach (var act in s.NotActions.Length > 0 ? new[] { "*" } : s.Actions)
                    if (seenActions.Add(act)) actions.Add(act);
                foreach (var x in s.NotResources.Length > 0 ? new[] { "*" } : s.Resources)
                    if (seenResources.Add(x)) resources.Add(x);
                if (s.Conditions.Length > 0 || !Analysis.StatementGrants.BroadResource(s)) continue;
                if (grants.Granting(s, "*:*", out _) != null || grants.Granting(s, "iam:*", out _) != null) admin = true;
            }
            return new PolicySummary
            {
                Actions = actions.ToArray(),
                Resource = resources.Contains("*") ? "*" : resources.Count == 0 ? null : string.Join(",", resources),
                Admin = admin,
                Statements = statements,
            };
        }

        /// <summary>AWS managed policies known by name when their document is not in the export (from the dated snapshot).</summary>
        public static PolicySummary WellKnown(string policyName) => AwsManagedPolicies.Find(policyName);
    }
}
