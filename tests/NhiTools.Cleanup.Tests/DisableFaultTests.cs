using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Cleanup;
using NhiTools.Engine.Journal;
using NhiTools.Hosting;
using NhiTools.Labs.Common;
using Xunit;

namespace NhiTools.Cleanup.Tests
{
    /// <summary>
    /// A fault at the write (timeout after commit, 429, 5xx, 403, a kill between the journal and the answer) leaves
    /// the journal consistent - every step has its Started record, and its outcome whenever the process lived to
    /// write it - and Undo-NhiChange's path restores the identity.
    /// </summary>
    [Collection("LiveSessions")]
    public sealed class DisableFaultTests
    {
        // Entra: app-migration-temp (its service principal); AWS: user svc-migration-temp.
        private const string EntraApp = "app-migration-temp";
        private const string AwsUser = "svc-migration-temp";

        public static IEnumerable<object[]> Faults()
        {
            foreach (var provider in new[] { "Entra", "Aws" })
            {
                var op = provider == "Entra" ? "servicePrincipals.update" : "PutUserPolicy";
                yield return new object[] { provider, "op=" + op + " action=commit-drop times=1", "Done", true };
                yield return new object[] { provider, "op=" + op + " status=429 retryAfter=0 times=1", "Done", true };
                yield return new object[] { provider, "op=" + op + " status=503 retryAfter=0 times=1", "Done", true };
                yield return new object[] { provider, "op=" + op + " status=500 retryAfter=0", "Failed", false };
                yield return new object[] { provider, "op=" + op + " status=403 code=" + (provider == "Aws" ? "AccessDenied" : "Authorization_RequestDenied"), "Failed", false };
            }
        }

        [Theory]
        [MemberData(nameof(Faults))]
        public async Task A_fault_at_the_write_leaves_the_journal_consistent_and_undo_restores(string provider, string fault, string outcome, bool applied)
        {
            await using var labs = await CleanupLabs.StartAsync();
            var identity = labs.Find(provider, provider == "Entra" ? EntraApp : AwsUser);
            var server = provider == "Entra" ? (LabServer)labs.Graph : labs.Iam;
            server.Faults.Add(FaultRule.Parse(fault));

            var host = new RecordingHost();
            var changes = labs.Runner(host).Run(new[] { new CleanupTarget { IdentityId = identity.Id, Provider = provider, AsRead = identity } }, CleanupLabs.DisablePlan).ToList();
            Assert.Equal(applied, IsDisabled(labs, provider, identity));
            if (applied) Assert.Equal(outcome, Assert.Single(changes).Outcome);
            else
            {
                Assert.Empty(changes);
                Assert.Single(host.Errors);
            }

            // Consistent: one Started record, then exactly one outcome record of the same step.
            var records = labs.Journal.Changes(new ChangeQuery { IdentityId = identity.Id });
            Assert.Equal(2, records.Count);
            Assert.Equal(ChangeLog.Started, records[0].Outcome);
            Assert.Equal(outcome, records[1].Outcome);
            Assert.Equal(records[0].OperationId, records[1].OperationId);
            var change = Assert.Single(ChangeLog.Read(labs.Journal));
            Assert.Equal(outcome, change.Outcome);
            Assert.True(change.CanUndo);
            if (!applied) Assert.Contains(provider == "Aws" ? "HTTP" : "HTTP", change.Error);

            server.Faults.Clear();
            var undo = Assert.Single(labs.Undo(new[] { change }));
            Assert.Equal(applied ? ChangeLog.Done : ChangeLog.Unchanged, undo.Outcome);
            Assert.False(IsDisabled(labs, provider, identity));
            Assert.Equal(change.Id, ChangeLog.Find(labs.Journal, change.Id).Id);
            Assert.Equal(undo.Id, ChangeLog.Find(labs.Journal, change.Id).UndoneBy);
        }

        [Theory]
        [InlineData("Entra")]
        [InlineData("Aws")]
        public async Task A_kill_after_the_write_leaves_a_Started_change_that_undo_restores_and_a_rerun_completes(string provider)
        {
            await using var labs = await CleanupLabs.StartAsync();
            var identity = labs.Find(provider, provider == "Entra" ? EntraApp : AwsUser);
            var writer = CleanupWriters.For(provider);
            // The process dies after the provider applied the write and before the journal heard back.
            var runner = labs.Runner(new RecordingHost());
            Assert.Throws<ProcessKilled>(() => runner.Execute(new PlannedStep { Action = CleanupActions.Disable }, identity, "test", new KillAfterWrite(writer)));
            Assert.True(IsDisabled(labs, provider, identity));
            var change = Assert.Single(ChangeLog.Read(labs.Journal));
            Assert.Equal(ChangeLog.Started, change.Outcome);
            Assert.True(change.CanUndo);

            // A rerun finds it done and records that; the interrupted change can still be undone.
            var rerun = Assert.Single(labs.Runner(new RecordingHost()).Run(new[] { new CleanupTarget { IdentityId = identity.Id } }, CleanupLabs.DisablePlan));
            Assert.Equal(ChangeLog.Unchanged, rerun.Outcome);
            var undo = Assert.Single(labs.Undo(new[] { change }));
            Assert.Equal(ChangeLog.Done, undo.Outcome);
            Assert.False(IsDisabled(labs, provider, identity));
        }

        private static bool IsDisabled(CleanupLabs labs, string provider, Identity identity) =>
            provider == "Entra" ? !labs.SpEnabled(identity.Id.Substring("entra:app:".Length)) : labs.Quarantined(identity.Name);

        private sealed class ProcessKilled : Exception { }

        private sealed class KillAfterWrite : ICleanupWriter
        {
            private readonly ICleanupWriter _inner;
            public KillAfterWrite(ICleanupWriter inner) { _inner = inner; }
            public string Provider => _inner.Provider;
            public Engine.Sources.ILiveSource Source => _inner.Source;
            public bool Covers(Identity identity) => _inner.Covers(identity);
            public void Refresh(Identity live, IHostContext host) => _inner.Refresh(live, host);
            public string Capture(string action, Identity identity, string target, IHostContext host) => _inner.Capture(action, identity, target, host);
            public CleanupStep Apply(string action, Identity identity, string target, string before, IHostContext host)
            {
                _inner.Apply(action, identity, target, before, host);
                throw new ProcessKilled();
            }
        }
    }
}
