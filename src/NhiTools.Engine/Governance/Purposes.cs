using System;
using System.Collections.Generic;
using System.Linq;

namespace NhiTools.Engine.Governance
{
    /// <summary>
    /// Where an identity's purpose comes from, first found wins: the store (Set-NhiPurpose), a purpose tag (IAM, Key Vault),
    /// then an Entra application's, service principal's or agent identity's notes (the field Entra offers for it).
    /// </summary>
    public static class Purposes
    {
        /// <summary>Tag keys holding a purpose, in the order they are read.</summary>
        public static readonly string[] DefaultTagKeys = { "purpose", "Purpose", "description", "used-for" };

        public static string FromSource(Identity identity, IEnumerable<string> tagKeys = null)
        {
            if (identity == null) return null;
            if (identity.Tags != null)
            {
                foreach (var key in tagKeys ?? DefaultTagKeys)
                    if (identity.Tags.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v)) return v.Trim();
            }

            if (string.Equals(identity.Provider, "Entra", StringComparison.OrdinalIgnoreCase)
                && (identity.Kind == IdentityKind.Application || identity.Kind == IdentityKind.ServicePrincipal || identity.Kind == IdentityKind.AgentIdentity)
                && !string.IsNullOrWhiteSpace(identity.Notes))
                return identity.Notes.Trim();
            return null;
        }

        /// <summary>Sets Purpose (stored first, else the source's) and LastReviewedOn (from the store) on one identity.</summary>
        public static Identity Apply(Identity identity, IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, DateTime> reviewed = null)
        {
            if (identity?.Id == null) return identity;
            identity.Purpose = stored != null && stored.TryGetValue(identity.Id, out var p) ? p : identity.Purpose ?? FromSource(identity);
            if (reviewed != null && reviewed.TryGetValue(identity.Id, out var on)) identity.LastReviewedOn = on;
            return identity;
        }
    }
}
