using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Cleanup;
using NhiTools.Engine.Journal;
using NhiTools.Labs.Common;
using Xunit;

namespace NhiTools.Cleanup.Tests
{
    /// <summary>
    /// The same fault matrix at the other reversible writes: deactivating an AWS access key (UpdateAccessKey) and the
    /// Entra soft delete (DELETE /applications/{id}). The journal stays consistent and the undo restores.
    /// </summary>
    [Collection("LiveSessions")]
    public sealed class CredentialAndDeleteFaultTests
    {
        public static IEnumerable<object[]> Faults()
        {
            foreach (var (provider, op) in new[] { ("Aws", "UpdateAccessKey"), ("Entra", "applications.delete") })
            {
                yield return new object[] { provider, "op=" + op + " action=commit-drop times=1", true };
                yield return new object[] { provider, "op=" + op + " status=429 retryAfter=0 times=1", true };
                yield return new object[] { provider, "op=" + op + " status=503 retryAfter=0 times=1", true };
                yield return new object[] { provider, "op=" + op + " status=500 retryAfter=0", false };
                yield return new object[] { provider, "op=" + op + " status=403", false };
            }
        }

        [Theory]
        [MemberData(nameof(Faults))]
        public async Task A_fault_leaves_the_journal_consistent_and_undo_restores(string provider, string fault, bool applied)
        {
            await using var labs = await CleanupLabs.StartAsync();
            var identity = labs.Find(provider, provider == "Aws" ? "svc-report-export" : "app-notify-gateway");
            var key = provider == "Aws" ? identity.Credentials.First(c => c.Enabled && c.Id.StartsWith("AK")).Id : null;
            var action = provider == "Aws" ? CleanupActions.DeactivateCredential : CleanupActions.DeleteIdentity;
            (provider == "Aws" ? (LabServer)labs.Iam : labs.Graph).Faults.Add(FaultRule.Parse(fault));

            var host = new RecordingHost();
            var changes = labs.Runner(host).Run(new[] { new CleanupTarget { IdentityId = identity.Id, Provider = provider, CredentialId = key } },
                (t, live, w) => new PlannedStep { Action = action, Target = key, Description = action }).ToList();
            Assert.Equal(applied, Changed(labs, provider, identity, key));
            Assert.Equal(applied ? 1 : 0, changes.Count);
            Assert.Equal(applied ? 0 : 1, host.Errors.Count);

            var records = labs.Journal.Changes(new ChangeQuery { IdentityId = identity.Id });
            Assert.Equal(new[] { ChangeLog.Started, applied ? ChangeLog.Done : ChangeLog.Failed }, records.Select(r => r.Outcome).ToArray());
            Assert.NotNull(records[0].Before); // what the step replaces is journaled before the request
            var change = Assert.Single(ChangeLog.Read(labs.Journal));
            Assert.True(change.CanUndo);

            (provider == "Aws" ? (LabServer)labs.Iam : labs.Graph).Faults.Clear();
            var undo = Assert.Single(labs.Undo(new[] { change }));
            Assert.Equal(applied ? ChangeLog.Done : ChangeLog.Unchanged, undo.Outcome);
            Assert.False(Changed(labs, provider, identity, key));
        }

        private static bool Changed(CleanupLabs labs, string provider, Identity identity, string key)
        {
            if (provider == "Aws")
                lock (labs.Iam.Store.Gate)
                    return labs.Iam.Store.KeysOf(identity.Name).First(k => k.AccessKeyId == key).Status == "Inactive";
            lock (labs.Graph.Store.Gate)
                return !labs.Graph.Store.Applications.All.Any(a => a.GetString("appId") == identity.Id.Substring("entra:app:".Length));
        }
    }
}
