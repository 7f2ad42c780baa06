using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Store;
using Xunit;

namespace NhiTools.Engine.Tests.Store
{
    /// <summary>Writers working from stale copies, each on its own connection: nobody's change is lost.</summary>
    public sealed class OverlappingWriteTests : IDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "nhistore-" + Guid.NewGuid().ToString("N"));
        private string DbPath => Path.Combine(directory, "nhitools.db");
        private static readonly DateTime Now = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);

        [Fact]
        public void Owners_added_from_stale_copies_on_many_connections_are_all_kept_and_audited_as_written()
        {
            const string id = "aws:arn:aws:iam::1:user/a";
            using (var first = NhiStore.Open(DbPath)) { first.ChangeOwners(id, new[] { "export-owner" }, new[] { "seed" }, false, "t", Now); }

            Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, worker =>
            {
                using (var store = NhiStore.Open(DbPath))
                {
                    for (var round = 0; round < 5; round++)
                    {
                        // The stale copy each writer holds: only the export's owner.
                        store.ChangeOwners(id, new[] { "export-owner" }, new[] { "w" + worker + "-r" + round }, false, "t", Now);
                    }
                }
            });

            using (var store = NhiStore.Open(DbPath))
            {
                var owners = store.GetOwners()[id];
                // The export's owner starts the list once (no stored row yet); then every addition is kept.
                Assert.Equal(32, owners.Length);
                Assert.Equal(new[] { "export-owner", "seed" }, owners.Take(2));
                // Each audit row is the list as written then: the last one is the final list.
                var audit = store.ReadAudit(id);
                Assert.Equal(31, audit.Count);
                Assert.Equal(string.Join(", ", owners), audit.Last().Detail);
                Assert.Equal(Enumerable.Range(2, 31), audit.Select(a => a.Detail.Split(',').Length));
            }
        }

        [Fact]
        public void Agent_update_merges_with_the_registration_stored_at_write_time()
        {
            using (var store = NhiStore.Open(DbPath))
            {
                store.Agents.Save(new Agent { Name = "bot", Identities = new[] { "entra:sp:1" } }, "t", Now, out _);
                var stale = store.Agents.Find("bot");
                using (var other = NhiStore.Open(DbPath))
                {
                    other.Agents.Save("bot", current => { current.Owner = "alice"; return current; }, "t", Now, out _);
                }

                var saved = store.Agents.Save("bot", current => { current.Purpose = "billing"; return current; }, "t", Now, out var replaced);
                Assert.True(replaced);
                Assert.Null(stale.Owner);
                Assert.Equal("alice", saved.Owner);
                Assert.Equal("billing", saved.Purpose);
            }
        }

        public void Dispose()
        {
            try { Directory.Delete(directory, true); } catch (IOException) { }
        }
    }
}
