using System;
using System.IO;
using System.Linq;
using NhiTools.Engine.Store;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Agents
{
    public sealed class AgentStoreTests : IDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "nhiagents-" + Guid.NewGuid().ToString("N"));
        private string DbPath => Path.Combine(directory, "nhitools.db");
        private static readonly DateTime Now = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);

        private static Agent Bot() => new Agent
        {
            Name = "claims-bot", Identities = new[] { "aws:arn:aws:iam::1:user/a", "entra:app:x", "aws:arn:aws:iam::1:user/a" },
            Owner = "priya@contoso.com", Purpose = "Sorts claims", AllowedSystems = new[] { "aws:1" }, AllowedPermissions = new[] { "bedrock:Invoke*" },
            RegisteredOn = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc),
        };

        [Fact]
        public void Registration_round_trips_updates_in_place_and_is_audited()
        {
            using (var store = NhiStore.Open(DbPath))
            {
                var saved = store.Agents.Save(Bot(), "tester", Now, out var replaced);
                Assert.False(replaced);
                Assert.Equal(new[] { "aws:arn:aws:iam::1:user/a", "entra:app:x" }, saved.Identities);
                Assert.Equal(new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc), saved.RegisteredOn);
                Assert.Equal(DbPath, saved.StorePath);
            }

            using (var store = NhiStore.Open(DbPath))
            {
                var update = Bot();
                update.Name = "CLAIMS-BOT";
                update.Identities = new[] { "entra:app:y" };
                update.Owner = null;
                update.RegisteredOn = null;
                var saved = store.Agents.Save(update, "tester", Now.AddHours(1), out var replaced);
                Assert.True(replaced);
                Assert.Single(store.Agents.List());
                Assert.Equal(new[] { "entra:app:y" }, saved.Identities);
                Assert.Null(saved.Owner);
                Assert.Equal(new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc), saved.RegisteredOn); // kept
                Assert.Equal(new[] { "RegisterAgent", "UpdateAgent" }, store.ReadAudit().Select(a => a.Action));

                Assert.True(store.Agents.Delete("claims-bot", "tester", Now));
                Assert.False(store.Agents.Delete("claims-bot", "tester", Now));
                Assert.Empty(store.Agents.List());
                Assert.Equal("UnregisterAgent", store.ReadAudit().Last().Action);
            }
        }

        [Theory]
        [InlineData("")]
        [InlineData(" bot")]
        [InlineData("bot*")]
        [InlineData("b[o]t")]
        public void Bad_names_are_rejected_and_nothing_is_written(string name)
        {
            using (var store = NhiStore.Open(DbPath))
            {
                var bad = Bot();
                bad.Name = name;
                var e = Assert.Throws<NhiException>(() => store.Agents.Save(bad, "t", Now, out _));
                Assert.Equal("NhiInvalidAgentName", e.ErrorId);
                Assert.Empty(store.Agents.List());
            }
        }

        [Fact]
        public void An_agent_needs_an_identity_and_values_without_line_breaks()
        {
            using (var store = NhiStore.Open(DbPath))
            {
                var none = Bot();
                none.Identities = Array.Empty<string>();
                Assert.Equal("NhiAgentWithoutIdentity", Assert.Throws<NhiException>(() => store.Agents.Save(none, "t", Now, out _)).ErrorId);
                var broken = Bot();
                broken.AllowedPermissions = new[] { "a\nb" };
                Assert.Equal("NhiInvalidAgentValue", Assert.Throws<NhiException>(() => store.Agents.Save(broken, "t", Now, out _)).ErrorId);
                Assert.Empty(store.Agents.List());
            }
        }

        [Fact]
        public void Reading_agents_of_a_store_that_does_not_exist_creates_nothing()
        {
            Assert.Empty(NhiStore.ReadAgentsIfExists(DbPath));
            Assert.False(File.Exists(DbPath));
        }

        [Fact]
        public void Migration_3_adds_the_agents_table_to_a_version_2_store_without_touching_its_data()
        {
            Directory.CreateDirectory(directory);
            using (var c = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + DbPath + ";Pooling=False"))
            {
                c.Open();
                using (var cmd = c.CreateCommand())
                {
                    cmd.CommandText = Migrations.Steps[0] + Migrations.Steps[1] + "INSERT INTO owners VALUES('x','o','2026-01-01',NULL); PRAGMA user_version = 2;";
                    cmd.ExecuteNonQuery();
                }
            }

            using (var store = NhiStore.Open(DbPath))
            {
                Assert.Equal(Migrations.Latest, store.SchemaVersion); // 3 and every later migration
                Assert.Equal(new[] { "o" }, store.GetOwners()["x"]);
                store.Agents.Save(Bot(), "t", Now, out _);
                Assert.Single(store.Agents.List());
            }
        }

        public void Dispose()
        {
            try { Directory.Delete(directory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
