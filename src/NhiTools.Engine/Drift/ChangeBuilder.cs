using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NhiTools.Engine.Drift
{
    /// <summary>
    /// Turns two digests of one identity into change records: one per property and item, in a fixed order
    /// (property, then item), so the same pair always reads the same.
    /// </summary>
    internal sealed class ChangeBuilder
    {
        private readonly SnapshotItem before;
        private readonly SnapshotItem after;
        private readonly string referenceName;
        private readonly string differenceName;
        private readonly List<IdentityChange> changes = new List<IdentityChange>();

        private ChangeBuilder(SnapshotItem before, SnapshotItem after, string referenceName, string differenceName)
        {
            this.before = before;
            this.after = after;
            this.referenceName = referenceName;
            this.differenceName = differenceName;
        }

        public static List<IdentityChange> Modified(SnapshotItem before, SnapshotItem after, string referenceName, string differenceName)
        {
            var builder = new ChangeBuilder(before, after, referenceName, differenceName);
            builder.Compare(DigestCodec.Decode(before.Digest), DigestCodec.Decode(after.Digest));
            return builder.changes;
        }

        public static IdentityChange Appeared(SnapshotItem item, bool added, string referenceName, string differenceName)
        {
            var digest = DigestCodec.Decode(item.Digest);
            var text = digest.Kind + " " + item.Name;
            var summary = Count(digest.Credentials.Length, "credential") + ", " + Count(digest.Permissions.Length, "permission") + ", " +
                (digest.Owners.Length == 0 ? "no owner" : "owned by " + string.Join(", ", digest.Owners));
            var builder = new ChangeBuilder(added ? null : item, added ? item : null, referenceName, differenceName);
            return builder.Record(added ? ChangeKind.Added : ChangeKind.Removed, ChangeProperty.Identity,
                added ? null : text, added ? text : null, (added ? "new " : "gone: ") + text + " (" + summary + ")");
        }

        private void Compare(IdentityDigest a, IdentityDigest b)
        {
            if (!string.Equals(before.Name, after.Name, StringComparison.Ordinal))
            {
                Add(ChangeKind.Modified, ChangeProperty.Name, before.Name, after.Name, "renamed from " + before.Name + " to " + after.Name);
            }

            if (!string.Equals(a.Kind, b.Kind, StringComparison.Ordinal))
            {
                Add(ChangeKind.Modified, ChangeProperty.Kind, a.Kind, b.Kind, "kind changed from " + a.Kind + " to " + b.Kind);
            }

            if (a.Enabled != b.Enabled)
            {
                Add(ChangeKind.Modified, ChangeProperty.Enabled, Bool(a.Enabled), Bool(b.Enabled), b.Enabled ? "enabled" : "disabled");
            }

            if (!string.Equals(a.Environment, b.Environment, StringComparison.OrdinalIgnoreCase))
            {
                Add(ChangeKind.Modified, ChangeProperty.Environment, a.Environment, b.Environment,
                    "environment changed from " + (a.Environment ?? "(none)") + " to " + (b.Environment ?? "(none)"));
            }

            CompareSet(ChangeProperty.Owners, a.Owners, b.Owners, "owner added: ", "owner removed: ");
            CompareCredentials(a.Credentials, b.Credentials);
            ComparePermissions(a.Permissions, b.Permissions);
            CompareSet(ChangeProperty.Systems, a.Systems, b.Systems, "can now reach ", "no longer reaches ");
            CompareSet(ChangeProperty.AssumableBy, a.AssumableBy, b.AssumableBy, "now assumable by ", "no longer assumable by ");
        }

        private void CompareSet(ChangeProperty property, string[] a, string[] b, string gained, string lost)
        {
            var left = new HashSet<string>(a, StringComparer.OrdinalIgnoreCase);
            var right = new HashSet<string>(b, StringComparer.OrdinalIgnoreCase);
            foreach (var value in b.Where(v => !left.Contains(v)))
            {
                Add(ChangeKind.Added, property, null, value, gained + value);
            }

            foreach (var value in a.Where(v => !right.Contains(v)))
            {
                Add(ChangeKind.Removed, property, value, null, lost + value);
            }
        }

        private void ComparePermissions(PermissionFacts[] a, PermissionFacts[] b)
        {
            var left = a.ToDictionary(p => p.Key, StringComparer.OrdinalIgnoreCase);
            var right = b.ToDictionary(p => p.Key, StringComparer.OrdinalIgnoreCase);
            foreach (var p in b)
            {
                if (!left.TryGetValue(p.Key, out var old))
                {
                    Add(ChangeKind.Added, ChangeProperty.Permissions, null, Describe(p), "gained " + Describe(p));
                }
                else if (old.AdminEquivalent != p.AdminEquivalent)
                {
                    Add(ChangeKind.Modified, ChangeProperty.Permissions, Describe(old), Describe(p),
                        (p.AdminEquivalent ? "now admin-equivalent: " : "no longer admin-equivalent: ") + Describe(p));
                }
            }

            foreach (var p in a.Where(p => !right.ContainsKey(p.Key)))
            {
                Add(ChangeKind.Removed, ChangeProperty.Permissions, Describe(p), null, "lost " + Describe(p));
            }
        }

        private void CompareCredentials(CredentialFacts[] a, CredentialFacts[] b)
        {
            var left = a.GroupBy(CredentialKey, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var right = b.GroupBy(CredentialKey, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

            foreach (var pair in right)
            {
                if (left.TryGetValue(pair.Key, out var old))
                {
                    CompareSameCredential(old, pair.Value);
                }
            }

            // A credential gone and another of the same type come is a rotation (the usual AWS key and client
            // secret rotation: new one created, old one deleted). Pair them oldest first; the rest are added or removed.
            var gone = left.Where(p => !right.ContainsKey(p.Key)).Select(p => p.Value).ToList();
            var come = right.Where(p => !left.ContainsKey(p.Key)).Select(p => p.Value).ToList();
            foreach (var type in gone.Select(c => c.Type).Concat(come.Select(c => c.Type)).Distinct(StringComparer.Ordinal).OrderBy(t => t, StringComparer.Ordinal))
            {
                var oldOnes = gone.Where(c => c.Type == type).OrderBy(c => c.CreatedOn ?? DateTime.MinValue).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
                var newOnes = come.Where(c => c.Type == type).OrderBy(c => c.CreatedOn ?? DateTime.MinValue).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
                var paired = Math.Min(oldOnes.Count, newOnes.Count);
                for (var i = 0; i < paired; i++)
                {
                    Add(ChangeKind.Modified, ChangeProperty.Credentials, Describe(oldOnes[i]), Describe(newOnes[i]),
                        "rotated: " + oldOnes[i].Id + " replaced by " + newOnes[i].Id);
                }

                foreach (var c in newOnes.Skip(paired))
                {
                    Add(ChangeKind.Added, ChangeProperty.Credentials, null, Describe(c), "new " + c.Type + " " + c.Id);
                }

                foreach (var c in oldOnes.Skip(paired))
                {
                    Add(ChangeKind.Removed, ChangeProperty.Credentials, Describe(c), null, "removed " + c.Type + " " + c.Id);
                }
            }
        }

        private void CompareSameCredential(CredentialFacts old, CredentialFacts now)
        {
            var details = new List<string>();
            if (old.LastRotatedOn != now.LastRotatedOn || old.CreatedOn != now.CreatedOn)
            {
                // The same slot re-issued (access_key_1 of a credential report, a vault secret's new version).
                var on = now.LastRotatedOn ?? now.CreatedOn;
                details.Add("rotated " + now.Id + (on == null ? string.Empty : " on " + Date(on.Value)));
            }

            if (old.ExpiresOn != now.ExpiresOn)
            {
                details.Add("expiry of " + now.Id + " moved from " + Date(old.ExpiresOn) + " to " + Date(now.ExpiresOn));
            }

            if (old.Enabled != now.Enabled)
            {
                details.Add((now.Enabled ? "enabled " : "disabled ") + now.Id);
            }

            if (details.Count > 0)
            {
                Add(ChangeKind.Modified, ChangeProperty.Credentials, Describe(old), Describe(now), string.Join("; ", details));
            }
        }

        private static string CredentialKey(CredentialFacts c) => c.Type + "\u001f" + c.Id;

        internal static string Describe(PermissionFacts p) =>
            p.Name + " (" + p.Type + ")"
            + (string.IsNullOrEmpty(p.Resource) || p.Resource == "*" ? string.Empty : " on " + p.Resource)
            + (string.IsNullOrEmpty(p.Via) || string.Equals(p.Via, "direct", StringComparison.OrdinalIgnoreCase) ? string.Empty : " via " + p.Via)
            + (p.AdminEquivalent ? " [admin]" : string.Empty);

        internal static string Describe(CredentialFacts c)
        {
            var parts = new List<string>();
            if (c.CreatedOn != null)
            {
                parts.Add("created " + Date(c.CreatedOn));
            }

            if (c.LastRotatedOn != null && c.LastRotatedOn != c.CreatedOn)
            {
                parts.Add("rotated " + Date(c.LastRotatedOn));
            }

            if (c.ExpiresOn != null)
            {
                parts.Add("expires " + Date(c.ExpiresOn));
            }

            if (!c.Enabled)
            {
                parts.Add("disabled");
            }

            return c.Id + " (" + c.Type + (parts.Count == 0 ? string.Empty : ", " + string.Join(", ", parts)) + ")";
        }

        private static string Date(DateTime? value) => value == null ? "never" : value.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string Bool(bool value) => value ? "Enabled" : "Disabled";

        private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");

        private void Add(ChangeKind kind, ChangeProperty property, string was, string now, string detail) =>
            changes.Add(Record(kind, property, was, now, detail));

        private IdentityChange Record(ChangeKind kind, ChangeProperty property, string was, string now, string detail)
        {
            var current = after ?? before;
            return new IdentityChange
            {
                IdentityId = current.IdentityId,
                IdentityName = current.Name,
                Provider = current.Provider,
                Change = kind,
                Property = property,
                Before = was,
                After = now,
                Detail = detail,
                ReferenceSnapshot = referenceName,
                DifferenceSnapshot = differenceName,
            };
        }
    }
}
