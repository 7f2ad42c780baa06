using System;
using System.Collections.Generic;
using System.Linq;

namespace NhiTools.Engine.Drift
{
    /// <summary>
    /// The facts of one identity that drift is measured on, in a canonical order: sorted, de-duplicated lists and
    /// enum names, so the same identity always gives the same digest bytes. Never a secret value (the model has none).
    /// Usage facts (LastUsedOn) are left out on purpose: they move every day and are not drift.
    /// </summary>
    public sealed class IdentityDigest
    {
        public string Kind { get; set; }
        public bool Enabled { get; set; } = true;
        public string Environment { get; set; }
        public string[] Owners { get; set; } = Array.Empty<string>();
        public CredentialFacts[] Credentials { get; set; } = Array.Empty<CredentialFacts>();
        public PermissionFacts[] Permissions { get; set; } = Array.Empty<PermissionFacts>();
        public string[] Systems { get; set; } = Array.Empty<string>();
        public string[] AssumableBy { get; set; } = Array.Empty<string>();

        public static IdentityDigest From(Identity identity)
        {
            if (identity == null)
            {
                throw new ArgumentNullException(nameof(identity));
            }

            return new IdentityDigest
            {
                Kind = identity.Kind.ToString(),
                Enabled = identity.Enabled,
                Environment = string.IsNullOrWhiteSpace(identity.Environment) ? null : identity.Environment,
                Owners = SortedSet(identity.Owners),
                Credentials = (identity.Credentials ?? Array.Empty<Credential>())
                    .Where(c => c != null)
                    .Select(CredentialFacts.From)
                    .OrderBy(c => c.Type, StringComparer.Ordinal)
                    .ThenBy(c => c.Id, StringComparer.OrdinalIgnoreCase)
                    .ThenBy(c => c.CreatedOn)
                    .ToArray(),
                Permissions = (identity.Permissions ?? Array.Empty<Permission>())
                    .Where(p => p != null)
                    .Select(PermissionFacts.From)
                    .GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
                    // The same grant seen twice (two statements naming one policy) is one fact; admin if either says so.
                    .Select(g => { var first = g.First(); first.AdminEquivalent = g.Any(p => p.AdminEquivalent); return first; })
                    .OrderBy(p => p.Key, StringComparer.Ordinal)
                    .ToArray(),
                Systems = SortedSet(identity.Systems),
                AssumableBy = SortedSet(identity.AssumableBy),
            };
        }

        internal static string[] SortedSet(IEnumerable<string> values) =>
            (values ?? Array.Empty<string>())
                .Where(v => !string.IsNullOrWhiteSpace(v))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(v => v, StringComparer.Ordinal)
                .ToArray();
    }

    /// <summary>A credential's comparable facts: which one it is and its dates, never its value.</summary>
    public sealed class CredentialFacts
    {
        public string Id { get; set; }
        public string Type { get; set; }
        public DateTime? CreatedOn { get; set; }
        public DateTime? ExpiresOn { get; set; }
        public DateTime? LastRotatedOn { get; set; }
        public bool Enabled { get; set; } = true;

        internal static CredentialFacts From(Credential credential) => new CredentialFacts
        {
            Id = credential.Id ?? string.Empty,
            Type = credential.Type.ToString(),
            CreatedOn = Utc(credential.CreatedOn),
            ExpiresOn = Utc(credential.ExpiresOn),
            LastRotatedOn = Utc(credential.LastRotatedOn),
            Enabled = credential.Enabled,
        };

        // Whole seconds, UTC: exports differ in precision, and a rotation is never sub-second.
        internal static DateTime? Utc(DateTime? value)
        {
            if (value == null)
            {
                return null;
            }

            var utc = value.Value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value.Value, DateTimeKind.Utc) : value.Value.ToUniversalTime();
            return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        }
    }

    /// <summary>A permission's comparable facts. The key (name, type, resource, via) says which grant it is.</summary>
    public sealed class PermissionFacts
    {
        public string Name { get; set; }
        public string Type { get; set; }
        public string Resource { get; set; }
        public string Via { get; set; }
        public bool AdminEquivalent { get; set; }

        internal string Key => Name + "\u001f" + Type + "\u001f" + Resource + "\u001f" + Via;

        internal static PermissionFacts From(Permission permission) => new PermissionFacts
        {
            Name = permission.Name ?? string.Empty,
            Type = permission.Type.ToString(),
            Resource = string.IsNullOrEmpty(permission.Resource) ? null : permission.Resource,
            Via = string.IsNullOrEmpty(permission.Via) ? null : permission.Via,
            AdminEquivalent = permission.AdminEquivalent,
        };
    }
}
