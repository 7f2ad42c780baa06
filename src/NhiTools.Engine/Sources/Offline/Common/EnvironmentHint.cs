using System;
using System.Collections.Generic;

namespace NhiTools.Engine.Sources.Offline.Common
{
    /// <summary>
    /// Environment from tags (env / environment), else from name tokens only when exactly one environment
    /// word appears (svc-billing-prod -> prod; prod-to-dev-sync -> unknown).
    /// </summary>
    internal static class EnvironmentHint
    {
        private static readonly Dictionary<string, string> Words = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["prod"] = "prod", ["production"] = "prod", ["prd"] = "prod",
            ["dev"] = "dev", ["development"] = "dev",
            ["test"] = "test", ["tst"] = "test",
            ["stage"] = "staging", ["staging"] = "staging", ["stg"] = "staging",
            ["qa"] = "qa", ["uat"] = "uat", ["sandbox"] = "sandbox", ["sbx"] = "sandbox",
        };

        private static readonly char[] Separators = { '-', '_', '.', ' ', '/', ':', '@' };

        public static string From(IDictionary<string, string> tags, params string[] names)
        {
            var tagged = Values.TagValue(tags, "env") ?? Values.TagValue(tags, "environment");
            if (!string.IsNullOrWhiteSpace(tagged)) return tagged.Trim();
            string found = null;
            foreach (var name in names)
            {
                if (string.IsNullOrEmpty(name)) continue;
                foreach (var token in name.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!Words.TryGetValue(token, out var env)) continue;
                    if (found != null && found != env) return null; // ambiguous: not clear
                    found = env;
                }
            }
            return found;
        }
    }
}
