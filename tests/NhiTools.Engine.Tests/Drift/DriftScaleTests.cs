using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NhiTools.Engine.Drift;
using NhiTools.Engine.Store;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Engine.Tests.Drift
{
    /// <summary>100,000 identities saved and compared: figures are reported, not asserted (shared machines vary).</summary>
    public sealed class DriftScaleTests : IDisposable
    {
        private const int Count = 100000;
        private readonly string path = DriftKit.TempStore();
        private readonly ITestOutputHelper output;

        public DriftScaleTests(ITestOutputHelper output) => this.output = output;

        public void Dispose() => DriftKit.DeleteStore(path);

        [Fact]
        [Trait("Category", "Bench")]
        public void HundredThousandIdentitiesSaveAndCompare()
        {
            var codec = new DigestCodec();
            var clock = Stopwatch.StartNew();
            SnapshotInfo baseline, today;
            using (var store = NhiStore.Open(path))
            {
                baseline = store.Snapshots.Save("baseline", DriftKit.AsOf, DriftKit.AsOf, Estate(0).Select(i => SnapshotItem.From(i, codec)));
                var save = clock.Elapsed;

                clock.Restart();
                today = store.Snapshots.Save("today", DriftKit.AsOf.AddDays(1), DriftKit.AsOf, Estate(1).Select(i => SnapshotItem.From(i, codec)));
                var saveChanged = clock.Elapsed;

                clock.Restart();
                GC.Collect();
                var memoryBefore = GC.GetTotalMemory(true);
                var comparer = new DriftComparer(store.Snapshots.ReadItems(baseline.Id), baseline.Name, today.Name);
                var load = clock.Elapsed;
                var referenceBytes = GC.GetTotalMemory(true) - memoryBefore;
                var changes = new List<IdentityChange>();
                foreach (var item in store.Snapshots.ReadItems(today.Id))
                {
                    changes.AddRange(comparer.Observe(item));
                }

                changes.AddRange(comparer.Finish());
                var compare = clock.Elapsed;
                GC.KeepAlive(comparer);

                clock.Restart();
                var live = DriftComparer.Compare(store.Snapshots.ReadItems(baseline.Id), Estate(1).Select(i => SnapshotItem.From(i, codec)), baseline.Name, null).Count();
                var compareLive = clock.Elapsed;

                Assert.Equal(Count, baseline.IdentityCount);
                // Every 1000th identity gained a permission, every 1000th (offset) rotated, 100 removed and 100 added.
                Assert.Equal(100, changes.Count(c => c.Property == ChangeProperty.Permissions && c.Change == ChangeKind.Added));
                Assert.Equal(100, changes.Count(c => c.Property == ChangeProperty.Credentials && c.Detail.StartsWith("rotated: ", StringComparison.Ordinal)));
                Assert.Equal(100, changes.Count(c => c.Property == ChangeProperty.Identity && c.Change == ChangeKind.Removed));
                Assert.Equal(100, changes.Count(c => c.Property == ChangeProperty.Identity && c.Change == ChangeKind.Added));
                Assert.Equal(400, changes.Count);
                Assert.Equal(400, live);

                output.WriteLine($"save 100,000: {save.TotalSeconds:F2} s; save again: {saveChanged.TotalSeconds:F2} s; load reference: {load.TotalSeconds:F2} s ({referenceBytes / 1048576.0:F0} MB held); compare snapshot to snapshot: {compare.TotalSeconds:F2} s; compare live set: {compareLive.TotalSeconds:F2} s; store file {new FileInfo(path).Length / 1048576.0:F0} MB (+WAL)");
            }
        }

        // A realistic spread: users with a key and three policies, apps with secrets and app roles.
        private static IEnumerable<Identity> Estate(int day)
        {
            for (var i = 0; i < Count + (day == 1 ? 100 : 0); i++)
            {
                if (day == 1 && i % 1000 == 999)
                {
                    continue; // removed
                }

                var identity = DriftKit.User("svc-" + i.ToString("D6"));
                identity.Tags = new Dictionary<string, string> { ["owner"] = "team" };
                if (i % 2 == 1)
                {
                    identity.Id = "entra:app:" + new Guid(i, 0, 0, new byte[8]).ToString();
                    identity.Provider = "Entra";
                    identity.Kind = IdentityKind.Application;
                    identity.Permissions = new[]
                    {
                        new Permission { Name = "User.Read.All", Type = PermissionType.AppRole, Resource = "Microsoft Graph" },
                        new Permission { Name = "Mail.Send", Type = PermissionType.AppRole, Resource = "Microsoft Graph" },
                    };
                }

                if (day == 1 && i % 1000 == 1)
                {
                    identity.Permissions = identity.Permissions.Append(new Permission { Name = "AdministratorAccess", Type = PermissionType.ManagedPolicy, Resource = "*", AdminEquivalent = true }).ToArray();
                }

                if (day == 1 && i % 1000 == 2)
                {
                    identity.Credentials = new[] { new Credential { Id = "AKIANEW" + i, Type = CredentialType.AccessKey, CreatedOn = DriftKit.AsOf } };
                }

                yield return identity;
            }
        }
    }
}
