using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NhiTools.Engine.Drift;

namespace NhiTools.Engine.Tests.Drift
{
    /// <summary>Identities built in code for drift tests, and a store file that is removed afterwards.</summary>
    internal static class DriftKit
    {
        public static readonly DateTime AsOf = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

        public static Identity User(string name) => new Identity
        {
            Id = "aws:arn:aws:iam::111122223333:user/" + name,
            Provider = "Aws",
            Kind = IdentityKind.IamUser,
            Name = name,
            Environment = "prod",
            Owners = new[] { "team-billing@contoso.com" },
            Credentials = new[]
            {
                new Credential { Id = "AKIAOLD" + name.ToUpperInvariant(), Type = CredentialType.AccessKey, CreatedOn = AsOf.AddDays(-200), LastRotatedOn = AsOf.AddDays(-200), LastUsedOn = AsOf.AddDays(-1) },
            },
            Permissions = new[]
            {
                new Permission { Name = "AmazonS3ReadOnlyAccess", Type = PermissionType.ManagedPolicy, Resource = "*", Via = "direct" },
                new Permission { Name = "billing-read", Type = PermissionType.InlinePolicy, Resource = "arn:aws:s3:::billing/*", Via = "direct" },
            },
            Systems = new[] { "aws:111122223333" },
        };

        public static SnapshotItem Item(Identity identity) => SnapshotItem.From(identity, new DigestCodec());

        public static List<IdentityChange> Diff(Identity before, Identity after) =>
            DriftComparer.Compare(new[] { Item(before) }, new[] { Item(after) }, "ref", "diff").ToList();

        public static string TempStore() => Path.Combine(Path.GetTempPath(), "nhidrift-" + Guid.NewGuid().ToString("N"), "nhitools.db");

        public static void DeleteStore(string path)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var dir = Path.GetDirectoryName(path);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
