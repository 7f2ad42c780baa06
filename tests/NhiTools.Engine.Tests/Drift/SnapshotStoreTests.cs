using System;
using System.Linq;
using Microsoft.Data.Sqlite;
using NhiTools.Engine.Drift;
using NhiTools.Engine.Store;
using NhiTools.Engine.Tests.Offline;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Drift
{
    public sealed class SnapshotStoreTests : IDisposable
    {
        private readonly string path = DriftKit.TempStore();

        public void Dispose() => DriftKit.DeleteStore(path);

        [Fact]
        public void SavesListsReadsAndDeletes()
        {
            var codec = new DigestCodec();
            var identities = new[] { DriftKit.User("a"), DriftKit.User("b") };
            identities[1].Provider = "Entra";
            using (var store = NhiStore.Open(path))
            {
                var info = store.Snapshots.Save("baseline", DriftKit.AsOf, DriftKit.AsOf.AddHours(1), identities.Select(i => SnapshotItem.From(i, codec)));
                Assert.Equal(2, info.IdentityCount);
                Assert.Equal("Aws: 1, Entra: 1", info.Source);
                store.Snapshots.Save("later", DriftKit.AsOf.AddDays(1), DriftKit.AsOf.AddDays(1), new[] { SnapshotItem.From(identities[0], codec) });
            }

            using (var store = NhiStore.Open(path))
            {
                var list = store.Snapshots.List();
                Assert.Equal(new[] { "baseline", "later" }, list.Select(s => s.Name));
                Assert.Equal(DriftKit.AsOf, list[0].TakenOn);
                Assert.Equal(DateTimeKind.Utc, list[0].TakenOn.Kind);
                Assert.Equal(DriftKit.AsOf.AddHours(1), list[0].CreatedOn);
                Assert.Equal(path, list[0].StorePath);

                Assert.Equal("baseline", store.Snapshots.Find("BASELINE").Name);
                Assert.Equal("later", store.Snapshots.Find(list[1].Id.ToString()).Name);
                Assert.Null(store.Snapshots.Find("nope"));

                var items = store.Snapshots.ReadItems(list[0].Id).OrderBy(i => i.IdentityId).ToList();
                Assert.Equal(identities.Select(i => i.Id), items.Select(i => i.IdentityId));
                Assert.Equal(codec.Encode(identities[1]), items[1].Digest);
                Assert.Equal("Entra", items[1].Provider);
                Assert.Equal("b", items[1].Name);

                Assert.True(store.Snapshots.Delete(list[0].Id));
                Assert.False(store.Snapshots.Delete(list[0].Id));
                Assert.Empty(store.Snapshots.ReadItems(list[0].Id));
                Assert.Equal(new[] { "later" }, store.Snapshots.List().Select(s => s.Name));
            }
        }

        [Fact]
        public void ExistingNameIsAnErrorUnlessReplacedAndChangesNothing()
        {
            var codec = new DigestCodec();
            using (var store = NhiStore.Open(path))
            {
                store.Snapshots.Save("baseline", DriftKit.AsOf, DriftKit.AsOf, new[] { SnapshotItem.From(DriftKit.User("a"), codec) });
                var error = Assert.Throws<NhiException>(() => store.Snapshots.Save("Baseline", DriftKit.AsOf, DriftKit.AsOf, new[] { SnapshotItem.From(DriftKit.User("b"), codec) }));
                Assert.Equal("NhiSnapshotExists", error.ErrorId);
                Assert.Equal(NhiErrorCategory.ResourceExists, error.Category);
                Assert.Single(store.Snapshots.List());

                var replaced = store.Snapshots.Save("baseline", DriftKit.AsOf.AddDays(1), DriftKit.AsOf, new[] { SnapshotItem.From(DriftKit.User("b"), codec), SnapshotItem.From(DriftKit.User("c"), codec) }, replace: true);
                var only = Assert.Single(store.Snapshots.List());
                Assert.Equal(replaced.Id, only.Id);
                Assert.Equal(2, only.IdentityCount);
                Assert.Equal(2, store.Snapshots.ReadItems(only.Id).Count());
            }
        }

        [Fact]
        public void AFailureMidwayLeavesNoSnapshot()
        {
            var codec = new DigestCodec();
            System.Collections.Generic.IEnumerable<SnapshotItem> Failing()
            {
                yield return SnapshotItem.From(DriftKit.User("a"), codec);
                throw new NhiException("NhiSourceFailed", NhiErrorCategory.ReadError, "the list failed");
            }

            using (var store = NhiStore.Open(path))
            {
                Assert.Throws<NhiException>(() => store.Snapshots.Save("half", DriftKit.AsOf, DriftKit.AsOf, Failing()));
                Assert.Empty(store.Snapshots.List());
                Assert.Null(store.Snapshots.Find("half"));
            }
        }

        [Fact]
        public void DuplicateIdentityIsKeptOnceWithAWarning()
        {
            var codec = new DigestCodec();
            var host = new RecordingHost();
            using (var store = NhiStore.Open(path))
            {
                var info = store.Snapshots.Save("s", DriftKit.AsOf, DriftKit.AsOf, new[] { SnapshotItem.From(DriftKit.User("a"), codec), SnapshotItem.From(DriftKit.User("a"), codec) }, host: host);
                Assert.Equal(1, info.IdentityCount);
                Assert.Single(host.Warnings);
            }
        }

        [Theory]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData(" lead")]
        [InlineData("base*")]
        [InlineData("a[1]")]
        public void BadNamesAreRefused(string name)
        {
            using (var store = NhiStore.Open(path))
            {
                Assert.Equal("NhiInvalidSnapshotName", Assert.Throws<NhiException>(() => store.Snapshots.Save(name, DriftKit.AsOf, DriftKit.AsOf, new SnapshotItem[0])).ErrorId);
                Assert.Empty(store.Snapshots.List());
            }
        }

        [Fact]
        public void StoreAtVersionOneMigratesAndKeepsItsData()
        {
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path));
            using (var connection = new SqliteConnection("Data Source=" + path + ";Pooling=False"))
            {
                connection.Open();
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = Migrations.Steps[0] + @"
                        PRAGMA user_version = 1;
                        INSERT INTO owners(identity_id, owners, updated_on, updated_by) VALUES('aws:arn:aws:iam::1:user/a', 'alice@contoso.com', '2026-10-01T00:00:00.0000000Z', 'tester');
                        INSERT INTO audit(at, actor, action, target, detail) VALUES('2026-10-01T00:00:00.0000000Z', 'tester', 'SetOwner', 'aws:arn:aws:iam::1:user/a', 'alice@contoso.com');";
                    command.ExecuteNonQuery();
                }
            }

            using (var store = NhiStore.Open(path))
            {
                Assert.Equal(Migrations.Latest, store.SchemaVersion);
                Assert.True(Migrations.Latest >= 2);
                Assert.Equal(new[] { "alice@contoso.com" }, store.GetOwners()["aws:arn:aws:iam::1:user/a"]);
                Assert.Equal("SetOwner", Assert.Single(store.ReadAudit()).Action);
                Assert.Empty(store.Snapshots.List());
                store.Snapshots.Save("after-upgrade", DriftKit.AsOf, DriftKit.AsOf, new[] { DriftKit.Item(DriftKit.User("a")) });
            }

            using (var store = NhiStore.Open(path))
            {
                Assert.Equal("after-upgrade", Assert.Single(store.Snapshots.List()).Name);
            }
        }

        [Fact]
        public void SnapshotsCompareThroughTheStore()
        {
            var before = DriftKit.User("a");
            var after = DriftKit.User("a");
            after.Owners = new string[0];
            using (var store = NhiStore.Open(path))
            {
                var r = store.Snapshots.Save("r", DriftKit.AsOf, DriftKit.AsOf, new[] { DriftKit.Item(before), DriftKit.Item(DriftKit.User("b")) });
                var d = store.Snapshots.Save("d", DriftKit.AsOf.AddDays(1), DriftKit.AsOf, new[] { DriftKit.Item(after) });
                var changes = DriftComparer.Compare(store.Snapshots.ReadItems(r.Id), store.Snapshots.ReadItems(d.Id), r.Name, d.Name).ToList();
                Assert.Equal(new[] { "owner removed: team-billing@contoso.com", "gone: IamUser b (1 credential, 2 permissions, owned by team-billing@contoso.com)" }, changes.Select(c => c.Detail));
                Assert.All(changes, c => Assert.Equal("d", c.DifferenceSnapshot));
            }
        }
    }
}
