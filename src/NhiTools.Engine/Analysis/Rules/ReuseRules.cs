using System;
using System.Collections.Generic;
using System.Linq;

namespace NhiTools.Engine.Analysis.Rules
{
    /// <summary>
    /// The per-identity half of NHI9 reuse and NHI8 environment isolation: what one identity says about itself
    /// (workload tags, its own environments). Vault copies and credentials seen on several identities are
    /// found at the end by <see cref="CrossIdentityIndex"/>.
    /// </summary>
    internal static class ReuseRules
    {
        public static void Evaluate(IdentityFacts f, RuleContext c)
        {
            if (c.Wants(RuleIds.Shared)) SharedByTags(f, c);
            if (c.Wants(RuleIds.EnvReuse) && f.HasProd && f.HasNonProd)
                c.Add(RuleIds.EnvReuse, Severity.High, EnvEvidence(f.ProdEvidence, f.NonProdEvidence));
        }

        internal static string EnvEvidence(IEnumerable<string> prod, IEnumerable<string> nonProd) =>
            "Used in production (" + string.Join("; ", prod.Distinct()) + ") and non-production (" + string.Join("; ", nonProd.Distinct()) + ").";

        private static void SharedByTags(IdentityFacts f, RuleContext c)
        {
            var tags = f.I.Tags;
            if (tags == null || tags.Count == 0) return;
            foreach (var key in c.Policy.SharedTagKeys)
            {
                if (!tags.TryGetValue(key, out var v)) continue;
                var users = Text.SplitList(v).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (users.Count > 1)
                {
                    c.Add(RuleIds.Shared, Severity.Medium, "Used by " + users.Count + " workloads (tag " + key + "=" + v + "): " + string.Join(", ", users) + ".");
                    return;
                }
            }
        }
    }
}
