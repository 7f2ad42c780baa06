using System;
using System.Collections.Generic;
using System.Linq;

namespace NhiTools.Engine.Ownership
{
    /// <summary>
    /// Owners recorded with Set-NhiOwner for sources that cannot hold them. A stored list is the complete,
    /// current owner list of that identity: it replaces what the export said.
    /// </summary>
    public static class OwnerOverlay
    {
        public static Identity Apply(Identity identity, IReadOnlyDictionary<string, string[]> stored)
        {
            if (stored != null && stored.TryGetValue(identity.Id, out var owners))
            {
                identity.Owners = owners;
            }

            return identity;
        }

        /// <summary>The owner list after adding (or, with replace, setting) owners: order kept, duplicates dropped.</summary>
        public static string[] Combine(IEnumerable<string> current, IEnumerable<string> added, bool replace)
        {
            var result = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var owner in (replace ? Enumerable.Empty<string>() : current ?? Enumerable.Empty<string>()).Concat(added))
            {
                var trimmed = owner?.Trim();
                if (!string.IsNullOrEmpty(trimmed) && seen.Add(trimmed))
                {
                    result.Add(trimmed);
                }
            }

            return result.ToArray();
        }
    }
}
