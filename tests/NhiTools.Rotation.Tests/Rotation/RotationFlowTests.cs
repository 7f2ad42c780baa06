using System;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Rotation;
using NhiTools.Hosting;
using NhiTools.Labs.Common;
using Xunit;

namespace NhiTools.Rotation.Tests.Rotation
{
    public sealed class RotationFlowTests
    {
        [Theory]
        [InlineData("Entra")]
        [InlineData("Aws")]
        public async Task A_rotation_replaces_the_vault_credential_proves_it_and_retires_the_old_one(string provider)
        {
            await using var labs = await RotationLabs.StartAsync();
            var before = labs.Credentials(provider);
            using var journal = labs.OpenJournal();
            var host = new RecordingHost();
            var result = new RotationRunner(journal, labs.Options(), host).Rotate(labs.Request(provider), labs.Machine(provider));

            Assert.Equal(RotationStage.Retired, result.State);
            Assert.NotNull(result.NewCredentialId);
            var old = provider == "Entra" ? RotationLabs.OldKeyId : labs.OldAccessKeyId;
            Assert.Equal(old, result.OldCredentialId);
            var after = labs.Credentials(provider);
            Assert.DoesNotContain(old, after);
            Assert.Contains(result.NewCredentialId, after);
            Assert.Equal(before.Count, after.Count);
            Assert.True(labs.ForeignIntact(provider));
            Assert.True(await labs.CurrentValueAuthenticatesAsync(provider));
            var latest = labs.Vault.Store.Find(labs.SecretName(provider)).Latest;
            Assert.Equal(result.NewCredentialId, latest.Tags[VaultTags.Credential]);
            Assert.Equal(result.RotationId, latest.Tags[VaultTags.Rotation]);
            if (provider == "Aws") Assert.Equal("application/json", latest.ContentType);
            Assert.Null(labs.Vault.Store.Find(labs.SecretName(provider) + VaultTags.PendingSuffix));
            Assert.Null(labs.Vault.Store.FindDeleted(labs.SecretName(provider) + VaultTags.PendingSuffix));
            Assert.Equal(RotationStates.Idle, journal.List().Single().State);
            Assert.Contains(journal.Changes(), c => c.Action == "SetVaultSecret" && c.Target == labs.SecretName(provider));
        }

        [Theory]
        [InlineData("Entra")]
        [InlineData("Aws")]
        public async Task The_grace_period_is_carried_across_runs(string provider)
        {
            await using var labs = await RotationLabs.StartAsync();
            using var journal = labs.OpenJournal();
            var options = labs.Options();
            options.GracePeriod = TimeSpan.FromHours(24);
            var first = new RotationRunner(journal, options, new RecordingHost()).Rotate(labs.Request(provider), labs.Machine(provider));
            Assert.Equal(RotationStage.Grace, first.State);
            Assert.Equal(labs.Now.AddHours(24), first.NextStepAfter);
            Assert.Equal(3 - (provider == "Aws" ? 1 : 0), labs.Credentials(provider).Count);
            Assert.True(await labs.CurrentValueAuthenticatesAsync(provider));

            labs.Now = labs.Now.AddHours(1);
            var early = new RotationRunner(journal, options, new RecordingHost()).Resume(journal.List().Single(), labs.Machine(provider));
            Assert.Equal(RotationStage.Grace, early.State);

            labs.Now = labs.Now.AddHours(24);
            var done = new RotationRunner(journal, options, new RecordingHost()).Resume(journal.List().Single(), labs.Machine(provider));
            Assert.Equal(RotationStage.Retired, done.State);
            Assert.True(labs.ForeignIntact(provider));
        }

        [Fact]
        public async Task A_foreign_second_access_key_blocks_and_nothing_is_deleted()
        {
            await using var labs = await RotationLabs.StartAsync();
            var foreign = labs.Iam.Store.AddKey(RotationLabs.UserName).AccessKeyId;
            using var journal = labs.OpenJournal();
            var result = new RotationRunner(journal, labs.Options(), new RecordingHost()).Rotate(labs.Request("Aws"), labs.Machine("Aws"));
            Assert.Equal(RotationStage.Blocked, result.State);
            Assert.Contains(foreign, result.Message);
            Assert.Equal(RotationStates.Blocked, journal.List(RotationStates.Kind).Single().State);
            Assert.Equal(new[] { labs.OldAccessKeyId, foreign }.OrderBy(x => x), labs.Credentials("Aws").OrderBy(x => x));
            Assert.Equal(0, labs.Iam.Log.Writes());
            Assert.Equal(0, labs.Vault.Log.Writes());
        }

        [Fact]
        public async Task A_throttled_key_list_takes_no_decision_and_writes_nothing()
        {
            await using var labs = await RotationLabs.StartAsync();
            labs.Iam.Faults.Add(FaultRule.Throttle("ListAccessKeys"));
            using var journal = labs.OpenJournal();
            Assert.ThrowsAny<NhiException>(() => new RotationRunner(journal, labs.Options(), new RecordingHost()).Rotate(labs.Request("Aws"), labs.Machine("Aws")));
            Assert.Equal(0, labs.Iam.Log.Writes());
            Assert.Equal(0, labs.Vault.Log.Writes());
            Assert.Empty(journal.List());
        }

        [Fact]
        public async Task An_old_key_used_after_promotion_is_not_retired_and_warns()
        {
            await using var labs = await RotationLabs.StartAsync();
            using var journal = labs.OpenJournal();
            var options = labs.Options();
            options.GracePeriod = TimeSpan.FromHours(1);
            var first = new RotationRunner(journal, options, new RecordingHost()).Rotate(labs.Request("Aws"), labs.Machine("Aws"));
            Assert.Equal(RotationStage.Grace, first.State);
            // A consumer still signs with the old key after promotion.
            labs.Iam.Store.KeysOf(RotationLabs.UserName).Single(k => k.AccessKeyId == labs.OldAccessKeyId).LastUsedDate = DateTimeOffset.UtcNow.AddMinutes(5);
            labs.Now = labs.Now.AddHours(2);
            var host = new RecordingHost();
            var second = new RotationRunner(journal, options, host).Resume(journal.List().Single(), labs.Machine("Aws"));
            Assert.Equal(RotationStage.Grace, second.State);
            Assert.Contains(host.Lines, l => l.StartsWith("W ") && l.Contains("after the new key was promoted"));
            Assert.Contains(labs.Iam.Store.KeysOf(RotationLabs.UserName), k => k.AccessKeyId == labs.OldAccessKeyId && k.Status == "Active");
        }

        [Theory]
        [InlineData("Entra")]
        [InlineData("Aws")]
        public async Task A_second_run_at_once_is_busy_and_sends_no_write(string provider)
        {
            await using var labs = await RotationLabs.StartAsync();
            using var journal = labs.OpenJournal();
            using var other = labs.OpenJournal();
            var key = RotationStates.Key(labs.Request(provider).IdentityId, labs.RotationVault.VaultUri, labs.SecretName(provider));
            Assert.NotNull(other.TryAcquireLease(key, "someone-else", TimeSpan.FromMinutes(1)));
            var ex = Assert.Throws<NhiException>(() => new RotationRunner(journal, labs.Options(), new RecordingHost()).Rotate(labs.Request(provider), labs.Machine(provider)));
            Assert.Equal("NhiRotationBusy", ex.ErrorId);
            Assert.Equal(0, labs.Graph.Log.Writes() + labs.Iam.Log.Writes() + labs.Vault.Log.Writes());
        }

        [Theory]
        [InlineData("Entra")]
        [InlineData("Aws")]
        public async Task Two_jobs_started_at_once_rotate_the_credential_exactly_once(string provider)
        {
            await using var labs = await RotationLabs.StartAsync();
            var before = labs.Credentials(provider).Count;
            using var start = new System.Threading.Barrier(2);
            var jobs = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            {
                // Each job has its own connection to the store file, as two Automation jobs would.
                using var journal = labs.OpenJournal();
                var runner = new RotationRunner(journal, labs.Options(), new RecordingHost());
                start.SignalAndWait();
                try { return (object)runner.Rotate(labs.Request(provider), labs.Machine(provider)); }
                catch (NhiException ex) { return ex; }
            })).ToArray();
            var outcomes = await Task.WhenAll(jobs);
            Assert.Single(outcomes.OfType<RotationResult>(), r => r.State == RotationStage.Retired);
            Assert.Single(outcomes.OfType<NhiException>(), e => e.ErrorId == "NhiRotationBusy");
            Assert.Equal(before, labs.Credentials(provider).Count);
            Assert.Single(labs.Vault.Log.Where("SetSecret").Where(e => e.Status == 200 && e.PathAndQuery.Contains(labs.SecretName(provider) + "?")));
            Assert.True(await labs.CurrentValueAuthenticatesAsync(provider));
        }

        [Fact]
        public async Task A_vault_secret_without_the_credential_tag_is_drift_and_blocks()
        {
            await using var labs = await RotationLabs.StartAsync();
            labs.Vault.Store.Set(RotationLabs.EntraSecretName, "something", null, null);
            using var journal = labs.OpenJournal();
            var result = new RotationRunner(journal, labs.Options(), new RecordingHost()).Rotate(labs.Request("Entra"), labs.Machine("Entra"));
            Assert.Equal(RotationStage.Blocked, result.State);
            Assert.Equal(0, labs.Graph.Log.Writes() + labs.Vault.Log.Writes());
        }

        [Fact]
        public async Task A_new_secret_that_takes_time_to_replicate_is_proved_on_retry()
        {
            await using var labs = await RotationLabs.StartAsync(graph: g => g.SecretPropagationDelay = TimeSpan.FromSeconds(1));
            using var journal = labs.OpenJournal();
            var result = new RotationRunner(journal, labs.Options(), new RecordingHost()).Rotate(labs.Request("Entra"), labs.Machine("Entra"));
            Assert.Equal(RotationStage.Retired, result.State);
            Assert.Contains(result.Steps, s => s.StartsWith("Proved") && !s.Contains("(1 attempt)"));
        }

        [Fact]
        public async Task A_new_key_that_never_works_is_rolled_back_and_the_old_one_still_works()
        {
            await using var labs = await RotationLabs.StartAsync(iam: i => i.KeyPropagationDelay = TimeSpan.FromHours(1));
            using var journal = labs.OpenJournal();
            var result = new RotationRunner(journal, labs.Options(), new RecordingHost()).Rotate(labs.Request("Aws"), labs.Machine("Aws"));
            Assert.Equal(RotationStage.Failed, result.State);
            Assert.Equal(new[] { labs.OldAccessKeyId }, labs.Credentials("Aws"));
            Assert.True(await labs.CurrentValueAuthenticatesAsync("Aws"));
            Assert.Null(labs.Vault.Store.Find(RotationLabs.AwsSecretName + VaultTags.PendingSuffix));
        }

        [Fact]
        public async Task A_new_key_answering_InvalidClientTokenId_for_a_while_is_proved_on_retry()
        {
            await using var labs = await RotationLabs.StartAsync(iam: i => i.KeyPropagationDelay = TimeSpan.FromSeconds(1));
            using var journal = labs.OpenJournal();
            var result = new RotationRunner(journal, labs.Options(), new RecordingHost()).Rotate(labs.Request("Aws"), labs.Machine("Aws"));
            Assert.Equal(RotationStage.Retired, result.State);
            Assert.True(await labs.CurrentValueAuthenticatesAsync("Aws"));
        }
    }
}
