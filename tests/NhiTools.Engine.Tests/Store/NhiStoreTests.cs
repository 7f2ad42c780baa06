using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Store;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Store
{
    public sealed class NhiStoreTests : IDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "nhistore-" + Guid.NewGuid().ToString("N"));
        private string DbPath => Path.Combine(directory, "sub", "nhitools.db");
        private static readonly DateTime Now = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);

        [Fact]
        public void CreatesDirectoryAndMigratesToLatest()
        {
            using (var store = NhiStore.Open(DbPath))
            {
                Assert.True(File.Exists(DbPath));
                Assert.Equal(Migrations.Latest, store.SchemaVersion);
            }

            // Reopening does not migrate again or lose data.
            using (var store = NhiStore.Open(DbPath))
            {
                Assert.Equal(Migrations.Latest, store.SchemaVersion);
            }
        }

        [Fact]
        public void OwnersPersistAcrossConnectionsWithAudit()
        {
            using (var store = NhiStore.Open(DbPath))
            {
                store.SetOwners("aws:arn:aws:iam::1:user/a", new[] { "alice@contoso.com", "team-x" }, "tester", Now);
                store.SetOwners("aws:arn:aws:iam::1:user/a", new[] { "bob@contoso.com" }, "tester", Now.AddMinutes(1));
            }

            var owners = NhiStore.ReadOwnersIfExists(DbPath);
            Assert.Equal(new[] { "bob@contoso.com" }, owners["AWS:ARN:AWS:IAM::1:USER/A"]); // ids compare case-insensitively

            using (var store = NhiStore.Open(DbPath))
            {
                var audit = store.ReadAudit("aws:arn:aws:iam::1:user/a");
                Assert.Equal(2, audit.Count);
                Assert.Equal("SetOwner", audit[0].Action);
                Assert.Equal("alice@contoso.com, team-x", audit[0].Detail);
                Assert.Equal("tester", audit[1].Actor);
                Assert.Equal(Now.AddMinutes(1), audit[1].At.ToUniversalTime());
            }
        }

        [Fact]
        public void ReadingAMissingStoreCreatesNothing()
        {
            Assert.Empty(NhiStore.ReadOwnersIfExists(DbPath));
            Assert.False(File.Exists(DbPath));
        }

        [Fact]
        public void UsesWriteAheadLogging()
        {
            using (NhiStore.Open(DbPath))
            {
            }

            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + DbPath))
            {
                connection.Open();
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = "PRAGMA journal_mode;";
                    Assert.Equal("wal", (string)command.ExecuteScalar());
                }
            }
        }

        [Fact]
        public async Task TwoWritersAtOnceBothLand()
        {
            using (NhiStore.Open(DbPath))
            {
            }

            // Separate connections, as two processes would have; the busy timeout serialises their writes.
            var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
            {
                using (var store = NhiStore.Open(DbPath))
                {
                    for (var i = 0; i < 50; i++)
                    {
                        store.SetOwners("id-" + w + "-" + i, new[] { "owner-" + w }, "writer" + w, Now);
                    }
                }
            })).ToArray();
            await Task.WhenAll(writers);

            Assert.Equal(100, NhiStore.ReadOwnersIfExists(DbPath).Count);
        }

        [Fact]
        public void NewerSchemaIsRefusedWithAClearError()
        {
            using (NhiStore.Open(DbPath))
            {
            }

            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + DbPath + ";Pooling=False"))
            {
                connection.Open();
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = "PRAGMA user_version = 99;";
                    command.ExecuteNonQuery();
                }
            }

            var error = Assert.Throws<NhiException>(() => NhiStore.Open(DbPath));
            Assert.Equal("NhiStoreTooNew", error.ErrorId);
            Assert.Equal(NhiErrorCategory.InvalidData, error.Category);
        }

        [Fact]
        public void UnopenablePathIsAStoreError()
        {
            Directory.CreateDirectory(DbPath); // a directory where the file should be
            var error = Assert.Throws<NhiException>(() => NhiStore.Open(DbPath));
            Assert.Equal("NhiStoreUnavailable", error.ErrorId);
            Assert.Contains(DbPath, error.Message);
        }

        [Fact]
        public void PathResolutionPrefersExplicitThenEnvironment()
        {
            var previous = Environment.GetEnvironmentVariable(StorePath.EnvironmentVariable);
            try
            {
                Environment.SetEnvironmentVariable(StorePath.EnvironmentVariable, "/tmp/from-env.db");
                Assert.Equal(Path.GetFullPath("/tmp/explicit.db"), StorePath.Resolve("/tmp/explicit.db"));
                Assert.Equal(Path.GetFullPath("/tmp/from-env.db"), StorePath.Resolve(null));
                Environment.SetEnvironmentVariable(StorePath.EnvironmentVariable, null);
                Assert.EndsWith(Path.Combine(".nhitools", "nhitools.db"), StorePath.Resolve(null));
            }
            finally
            {
                Environment.SetEnvironmentVariable(StorePath.EnvironmentVariable, previous);
            }
        }

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, true);
            }
        }
    }
}
