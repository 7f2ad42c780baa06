using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Cleanup;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.KeyVault;
using NhiTools.Hosting;
using NhiTools.Labs.Common;
using NhiTools.Labs.KeyVault;
using Xunit;

namespace NhiTools.Cleanup.Tests
{
    /// <summary>
    /// Key Vault cleanup with the real SecretClient against KeyVaultLab playing kv-contoso-prod (ids name the vault,
    /// not the loopback address the client dials): a secret identity or its credential is quarantined by disabling
    /// its current version, journaled with the version, and Undo re-enables exactly that version.
    /// </summary>
    [Collection("LiveSessions")]
    public sealed class KeyVaultCleanupTests
    {
        private const string Secret = "tmp-debug-token";
        private const string Id = "keyvault:kv-contoso-prod/" + Secret;

        private sealed class Kv : IAsyncDisposable
        {
            public KeyVaultLab Lab;
            public KeyVaultLiveSource Source;
            public CleanupLabs Labs;

            public static async Task<Kv> StartAsync()
            {
                var kv = new Kv { Labs = await CleanupLabs.StartAsync() };
                kv.Lab = new KeyVaultLab(new KeyVaultLabOptions { VaultName = "kv-contoso-prod" });
                Assert.True(KeyVaultSeeder.LoadDirectory(kv.Lab.Store, Path.Combine(CleanupLabs.Estate, "keyvault"), "kv-contoso-prod") > 0);
                await kv.Lab.StartAsync();
                kv.Source = KeyVaultLiveSource.Connect(new KeyVaultConnectOptions
                {
                    VaultUri = new[] { new Uri(kv.Lab.BaseUrl + "/") },
                    VaultHttpHandler = kv.Lab.CreateTrustingHandler(),
                    AccessToken = CleanupLabs.Secure("lab-token"),
                    RetryBaseDelay = TimeSpan.FromMilliseconds(5),
                    PollInterval = TimeSpan.FromMilliseconds(20),
                    MaxAttempts = 3,
                }, NullHostContext.Instance);
                LiveSessions.Connect(kv.Source);
                return kv;
            }

            public Identity Live() => Source.Read(NullHostContext.Instance, new LiveReadOptions()).Single(i => i.Id == Id);

            public (string Version, bool Enabled)[] Versions()
            {
                lock (Lab.Store.Gate) return Lab.Store.Find(Secret).Versions.Select(v => (v.Version, v.Enabled)).ToArray();
            }

            public async ValueTask DisposeAsync()
            {
                LiveSessions.Disconnect("KeyVault");
                await Lab.DisposeAsync();
                await Labs.DisposeAsync();
            }
        }

        private static CleanupTarget Target(Identity live, string credential = null) =>
            new CleanupTarget { IdentityId = live.Id, Provider = "KeyVault", AsRead = live, CredentialId = credential };

        [Fact]
        public async Task Disable_disables_the_current_version_and_undo_re_enables_exactly_it_after_a_new_version()
        {
            await using var kv = await Kv.StartAsync();
            var live = kv.Live();
            var version = kv.Versions().Last().Version;
            var change = Assert.Single(kv.Labs.Runner(new RecordingHost()).Run(new[] { Target(live) }, CleanupLabs.DisablePlan).ToList());
            Assert.Equal(ChangeLog.Done, change.Outcome);
            Assert.Equal("version=" + version + " enabled=true", change.Before);
            Assert.Equal("version=" + version + " enabled=false", change.After);
            Assert.False(kv.Versions().Last().Enabled);
            Assert.Equal(1, kv.Lab.Log.Count("UpdateSecret"));

            // A rerun changes nothing and says so.
            var again = Assert.Single(kv.Labs.Runner(new RecordingHost()).Run(new[] { Target(kv.Live()) }, CleanupLabs.DisablePlan).ToList());
            Assert.Equal(ChangeLog.Unchanged, again.Outcome);
            Assert.Equal(1, kv.Lab.Log.Count("UpdateSecret"));

            // Someone writes a new version meanwhile: Undo re-enables the disabled one, not the newest.
            kv.Lab.Store.Set(Secret, "a-newer-value");
            var undo = Assert.Single(kv.Labs.Undo(new[] { change }));
            Assert.Equal(ChangeLog.Done, undo.Outcome);
            var versions = kv.Versions();
            Assert.True(versions.Single(v => v.Version == version).Enabled);
            Assert.Equal(undo.Id, ChangeLog.Find(kv.Labs.Journal, change.Id).UndoneBy);
            // No value in the journal.
            var all = string.Join("\n", kv.Labs.Journal.Changes(new ChangeQuery()).Select(r => r.Before + r.After));
            lock (kv.Lab.Store.Gate) Assert.DoesNotContain(kv.Lab.Store.Find(Secret).Versions[0].Value, all);
        }

        [Fact]
        public async Task WhatIf_sends_zero_writes()
        {
            await using var kv = await Kv.StartAsync();
            var live = kv.Live();
            var host = new RecordingHost { Approve = false };
            Assert.Empty(kv.Labs.Runner(host).Run(new[] { Target(live, Secret) }, (t, l, w) =>
                new PlannedStep { Action = CleanupActions.DeactivateCredential, Target = Secret, Description = "Disable" }).ToList());
            Assert.Contains(host.Messages, m => m.StartsWith("? Disable", StringComparison.Ordinal));
            Assert.Equal(0, kv.Lab.Log.Writes());
            Assert.Empty(kv.Labs.Journal.Changes(new ChangeQuery()));
            Assert.True(kv.Versions().Last().Enabled);
        }

        [Theory]
        [InlineData("op=UpdateSecret action=commit-drop times=1", "Done", true)]
        [InlineData("op=UpdateSecret status=403 code=Forbidden", "Failed", false)]
        public async Task A_fault_at_the_credential_write_leaves_the_journal_consistent_and_undo_restores(string fault, string outcome, bool applied)
        {
            await using var kv = await Kv.StartAsync();
            var live = kv.Live();
            kv.Lab.Faults.Add(FaultRule.Parse(fault));
            var host = new RecordingHost();
            var changes = kv.Labs.Runner(host).Run(new[] { Target(live, Secret) }, (t, l, w) =>
                new PlannedStep { Action = CleanupActions.DeactivateCredential, Target = Secret, Description = "Disable" }).ToList();
            Assert.Equal(applied, !kv.Versions().Last().Enabled);
            if (applied) Assert.Equal(outcome, Assert.Single(changes).Outcome);
            else Assert.Contains("403", Assert.Single(host.Errors).Message);

            var records = kv.Labs.Journal.Changes(new ChangeQuery { IdentityId = Id });
            Assert.Equal(2, records.Count);
            Assert.Equal(ChangeLog.Started, records[0].Outcome);
            Assert.Equal(outcome, records[1].Outcome);
            Assert.Equal(records[0].OperationId, records[1].OperationId);
            var change = Assert.Single(ChangeLog.Read(kv.Labs.Journal));
            Assert.True(change.CanUndo);
            Assert.StartsWith("version=", change.Before);

            kv.Lab.Faults.Clear();
            var undo = Assert.Single(kv.Labs.Undo(new[] { change }));
            Assert.Equal(applied ? ChangeLog.Done : ChangeLog.Unchanged, undo.Outcome);
            Assert.True(kv.Versions().Last().Enabled);
        }
    }
}
