using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Engine.Journal;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Journal.Tests
{
    /// <summary>
    /// What every change journal back end must do, run against each (SQLite, Azure Tables through Azurite): leases
    /// with expiry and take-over (fencing), ETag-guarded rows, a lost answer recognised as our own write, idempotent
    /// change records, and one winner when threads or processes race for one key.
    /// </summary>
    public abstract class JournalConformanceTests
    {
        // Every character a real key carries, and those Azure Table keys forbid ('/', '\', '#', '?') or OData trips on (').
        protected const string Key = "rotation|aws:arn:aws:iam::111122223333:user/svc-x|https://vault.example.net/secrets/svc-x#v?x=1\\'%~é";
        static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

        /// <summary>A journal on this test's own storage; every call opens the same storage.</summary>
        protected abstract IChangeJournal Open();

        /// <summary>Saves the row through a journal whose write commits but whose answer is lost on the way back.</summary>
        protected abstract JournalRow SaveWhoseAnswerIsLost(JournalRow row, JournalLease lease);

        /// <summary>Environment variables and arguments that make the racer process open this test's storage.</summary>
        protected abstract (Dictionary<string, string> Environment, string[] Arguments) RacerTarget();

        static JournalRow NewRow(string key = Key, string kind = "Rotation") => new JournalRow
        {
            Key = key,
            Kind = kind,
            OperationId = "rot-" + Guid.NewGuid().ToString("N").Substring(0, 8),
            IdentityId = "aws:arn:aws:iam::111122223333:user/svc-x",
            IdentityName = "svc-x",
            Provider = "Aws",
            State = "Creating",
            Step = "CreateAccessKey",
            OldCredentialId = "AKIAOLD0000000000001",
            VaultSecretId = "https://vault.example.net/secrets/svc-x",
            StartedOn = new DateTime(2026, 12, 7, 1, 2, 3, DateTimeKind.Utc),
            UpdatedOn = new DateTime(2026, 12, 7, 1, 2, 4, DateTimeKind.Utc),
            NextStepAfter = new DateTime(2026, 12, 8, 1, 2, 3, DateTimeKind.Utc),
            Actor = "runbook@worker-1",
            Reason = "NHI-ROTATION-OVERDUE: key is 412 days old",
            Data = new Dictionary<string, string> { ["pendingSecret"] = "svc-x--pending", ["attempt"] = "1" },
        };

        static NhiException Throws(string errorId, Action action)
        {
            var e = Assert.Throws<NhiException>(action);
            Assert.Equal(errorId, e.ErrorId);
            return e;
        }

        [Fact]
        public void NewRow_IsSaved_AndReadBack_FieldForField()
        {
            using var journal = Open();
            var lease = journal.TryAcquireLease(Key, "worker-1", Minute);
            Assert.NotNull(lease);
            var row = NewRow();
            var saved = journal.Save(row, lease);
            Assert.False(string.IsNullOrEmpty(saved.ETag));
            Assert.False(string.IsNullOrEmpty(saved.WriteToken));
            Assert.Equal("worker-1", saved.LeaseHolder);

            using var other = Open();
            var read = other.Get(Key);
            Assert.NotNull(read);
            Assert.Equal(Key, read.Key);
            Assert.Equal(saved.ETag, read.ETag);
            Assert.Equal(saved.WriteToken, read.WriteToken);
            foreach (var p in new Func<JournalRow, object>[] { r => r.Kind, r => r.OperationId, r => r.IdentityId, r => r.IdentityName, r => r.Provider,
                         r => r.State, r => r.Step, r => r.OldCredentialId, r => r.NewCredentialId, r => r.VaultSecretId, r => r.Actor, r => r.Reason, r => r.LeaseHolder })
                Assert.Equal(p(row) ?? p(saved), p(read));
            Assert.Equal(row.StartedOn, read.StartedOn.ToUniversalTime());
            Assert.Equal(row.UpdatedOn <= read.UpdatedOn.ToUniversalTime(), true);
            Assert.Equal(row.NextStepAfter, read.NextStepAfter?.ToUniversalTime());
            Assert.Equal(row.Data.OrderBy(kv => kv.Key), read.Data.OrderBy(kv => kv.Key));
            Assert.Null(other.Get(Key + "-absent"));
        }

        [Fact]
        public void Update_WithCurrentETag_Succeeds_AndAStaleETag_IsAConflict()
        {
            using var journal = Open();
            var lease = journal.TryAcquireLease(Key, "worker-1", Minute);
            var first = journal.Save(NewRow(), lease);

            var next = first.Clone();
            next.State = "Pending";
            var second = journal.Save(next, lease);
            Assert.NotEqual(first.ETag, second.ETag);
            Assert.Equal("Pending", journal.Get(Key).State);

            var stale = first.Clone();
            stale.State = "Failed";
            Throws("NhiJournalConflict", () => journal.Save(stale, lease));
            Assert.Equal("Pending", journal.Get(Key).State);
            Assert.Equal(second.ETag, journal.Get(Key).ETag);
        }

        [Fact]
        public void New_Row_WhereOneExists_IsAConflict()
        {
            using var journal = Open();
            var lease = journal.TryAcquireLease(Key, "worker-1", Minute);
            journal.Save(NewRow(), lease);
            var again = NewRow();
            again.State = "Failed";
            var e = Throws("NhiJournalConflict", () => journal.Save(again, lease));
            Assert.Equal(NhiErrorCategory.ResourceBusy, e.Category);
            Assert.Equal("Creating", journal.Get(Key).State);
        }

        [Fact]
        public void LostAnswer_IsRecognisedAsOurOwnWrite_NotAConflict()
        {
            using var journal = Open();
            var lease = journal.TryAcquireLease(Key, "worker-1", Minute);
            var first = journal.Save(NewRow(), lease);
            var next = first.Clone();
            next.State = "Pending";
            next.NewCredentialId = "AKIANEW0000000000002";

            var saved = SaveWhoseAnswerIsLost(next, lease);

            var stored = journal.Get(Key);
            Assert.Equal("Pending", stored.State);
            Assert.Equal("AKIANEW0000000000002", stored.NewCredentialId);
            Assert.Equal(stored.WriteToken, saved.WriteToken);
            Assert.Equal(stored.ETag, saved.ETag);
            Assert.NotEqual(first.WriteToken, saved.WriteToken);
            // And the row goes on from there with the ETag we were given.
            var after = saved.Clone();
            after.State = "Promoted";
            Assert.Equal("Promoted", journal.Save(after, lease).State);
        }

        [Fact]
        public void RetriedSave_OfTheSameRowObject_AfterItsAnswerWasLost_ReturnsTheStoredRow()
        {
            using var journal = Open();
            var lease = journal.TryAcquireLease(Key, "worker-1", Minute);
            var row = NewRow();
            var first = journal.Save(row, lease);
            // The caller never saw `first` and sends the same object again (no ETag: it was a new row).
            var again = journal.Save(row, lease);
            Assert.Equal(first.WriteToken, again.WriteToken);
            Assert.Equal(first.ETag, again.ETag);
            Assert.Equal(first.ETag, journal.Get(Key).ETag);

            // A different row object that was never saved is still a conflict.
            Throws("NhiJournalConflict", () => journal.Save(NewRow(), lease));
        }

        [Fact]
        public void Save_UnderALeaseOnAnotherKey_IsRefused()
        {
            using var journal = Open();
            var other = journal.TryAcquireLease(Key + "|other", "worker-1", Minute);
            Throws("NhiLeaseLost", () => journal.Save(NewRow(), other));
            Assert.Null(journal.Get(Key));
        }

        [Fact]
        public void Lease_IsBusyForAnotherHolder_AndRenewedForItsOwn()
        {
            using var a = Open();
            using var b = Open();
            var lease = a.TryAcquireLease(Key, "worker-a", Minute);
            Assert.NotNull(lease);
            Assert.Equal(Key, lease.Key);
            Assert.Equal("worker-a", lease.Holder);
            Assert.True(lease.ExpiresOn > DateTime.UtcNow.AddSeconds(30));

            Assert.Null(b.TryAcquireLease(Key, "worker-b", Minute));

            var again = a.TryAcquireLease(Key, "worker-a", Minute);
            Assert.NotNull(again);
            Assert.Equal(lease.Token, again.Token);
            // Another key is free.
            Assert.NotNull(b.TryAcquireLease(Key + "|other", "worker-b", Minute));
        }

        [Fact]
        public void Lease_ThatExpired_IsTakenOver_AndTheOldHolderCanNeitherRenewNorSave()
        {
            using var a = Open();
            using var b = Open();
            var old = a.TryAcquireLease(Key, "worker-a", TimeSpan.FromSeconds(1));
            var saved = a.Save(NewRow(), old);
            Thread.Sleep(1600);

            var taken = b.TryAcquireLease(Key, "worker-b", Minute);
            Assert.NotNull(taken);
            Assert.NotEqual(old.Token, taken.Token);

            var e = Throws("NhiLeaseLost", () => a.RenewLease(old, Minute));
            Assert.Equal(NhiErrorCategory.ResourceBusy, e.Category);
            var late = saved.Clone();
            late.State = "Retired";
            Throws("NhiLeaseLost", () => a.Save(late, old));
            Assert.Equal("Creating", b.Get(Key).State);

            // The new holder goes on.
            b.RenewLease(taken, Minute);
            var next = b.Get(Key);
            next.State = "Pending";
            Assert.Equal("worker-b", b.Save(next, taken).LeaseHolder);
        }

        [Fact]
        public void Lease_ThatExpired_ButNobodyTook_IsRenewed()
        {
            using var a = Open();
            var lease = a.TryAcquireLease(Key, "worker-a", TimeSpan.FromSeconds(1));
            Thread.Sleep(1600);
            a.RenewLease(lease, Minute);
            Assert.True(lease.ExpiresOn > DateTime.UtcNow.AddSeconds(30));
            using var b = Open();
            Assert.Null(b.TryAcquireLease(Key, "worker-b", Minute));
        }

        [Fact]
        public void Lease_Released_IsFreeAtOnce_AndReleasingAFormerLeaseLeavesTheNewOneAlone()
        {
            using var a = Open();
            using var b = Open();
            var lease = a.TryAcquireLease(Key, "worker-a", Minute);
            a.ReleaseLease(lease);
            var taken = b.TryAcquireLease(Key, "worker-b", Minute);
            Assert.NotNull(taken);

            a.ReleaseLease(lease); // stale: must not free worker-b's lease
            Assert.Null(a.TryAcquireLease(Key, "worker-a", Minute));
            b.RenewLease(taken, Minute);
        }

        [Fact]
        public void Changes_AreAppended_Queried_OldestFirst_AndIdempotentOnId()
        {
            using var journal = Open();
            var t0 = new DateTime(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc);
            var first = journal.Append(new ChangeRecord
            {
                At = t0, Actor = "runbook", Action = "CreateAccessKey", IdentityId = "aws:user/a", IdentityName = "a", Provider = "Aws",
                Target = "AKIANEW0000000000002", OperationId = "rot-1", Reason = "overdue", Before = "AKIAOLD0000000000001", Outcome = "Done",
            });
            Assert.False(string.IsNullOrEmpty(first.Id));
            journal.Append(new ChangeRecord { Id = "fixed-id/with#odd?chars", At = t0.AddMinutes(2), Action = "SetVaultSecret", IdentityId = "aws:user/a", OperationId = "rot-1", Outcome = "Done" });
            journal.Append(new ChangeRecord { At = t0.AddMinutes(1), Action = "AddPassword", IdentityId = "entra:app:b", OperationId = "rot-2", Outcome = "Started" });
            // The same Id again (a retried append): still one record, the first one.
            var repeat = journal.Append(new ChangeRecord { Id = "fixed-id/with#odd?chars", At = t0.AddMinutes(5), Action = "SetVaultSecret", IdentityId = "aws:user/a", OperationId = "rot-1", Outcome = "Failed" });
            Assert.Equal("fixed-id/with#odd?chars", repeat.Id);

            using var other = Open();
            var all = other.Changes();
            Assert.Equal(new[] { "CreateAccessKey", "AddPassword", "SetVaultSecret" }, all.Select(c => c.Action));
            Assert.Equal(new[] { "Done", "Started", "Done" }, all.Select(c => c.Outcome));
            var c0 = all[0];
            Assert.Equal(first.Id, c0.Id);
            Assert.Equal(t0, c0.At.ToUniversalTime());
            Assert.Equal(("runbook", "aws:user/a", "a", "Aws", "AKIANEW0000000000002", "rot-1", "overdue", "AKIAOLD0000000000001"),
                (c0.Actor, c0.IdentityId, c0.IdentityName, c0.Provider, c0.Target, c0.OperationId, c0.Reason, c0.Before));

            Assert.Equal(2, other.Changes(new ChangeQuery { IdentityId = "aws:user/a" }).Count);
            Assert.Equal("AddPassword", Assert.Single(other.Changes(new ChangeQuery { OperationId = "rot-2" })).Action);
            Assert.Equal("rot-1", Assert.Single(other.Changes(new ChangeQuery { Action = "SetVaultSecret" })).OperationId);
            Assert.Equal(new[] { "AddPassword", "SetVaultSecret" }, other.Changes(new ChangeQuery { After = t0.AddSeconds(30) }).Select(c => c.Action));
            Assert.Equal(new[] { "CreateAccessKey" }, other.Changes(new ChangeQuery { Before = t0.AddSeconds(30) }).Select(c => c.Action));
        }

        [Fact]
        public void List_ReturnsEveryRow_OrThoseOfOneKind()
        {
            using var journal = Open();
            foreach (var (key, kind) in new[] { (Key, "Rotation"), ("rotation|entra:app:1|https://v/secrets/a", "Rotation"), ("cleanup|entra:sp:2", "Cleanup") })
            {
                var lease = journal.TryAcquireLease(key, "worker-1", Minute);
                journal.Save(NewRow(key, kind), lease);
                journal.ReleaseLease(lease);
            }
            Assert.Equal(3, journal.List().Count);
            Assert.Equal(2, journal.List("Rotation").Count);
            Assert.Equal("cleanup|entra:sp:2", Assert.Single(journal.List("Cleanup")).Key);
        }

        [Fact]
        public void Threads_RacingForOneKey_OneWins_TheOthersGetNullAndWriteNothing()
        {
            const int threads = 8;
            var journals = Enumerable.Range(0, threads).Select(_ => Open()).ToArray();
            try
            {
                var start = new Barrier(threads);
                var results = new JournalLease[threads];
                var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
                {
                    start.SignalAndWait();
                    var lease = journals[i].TryAcquireLease(Key, "thread-" + i, Minute);
                    results[i] = lease;
                    if (lease == null) return; // busy: fail fast, write nothing
                    var row = NewRow();
                    row.OperationId = "thread-" + i;
                    journals[i].Save(row, lease);
                    journals[i].Append(new ChangeRecord { Action = "RaceWon", OperationId = "thread-" + i, IdentityId = row.IdentityId });
                })).ToList();
                workers.ForEach(t => t.Start());
                workers.ForEach(t => t.Join());

                int winner = Assert.Single(Enumerable.Range(0, threads).Where(i => results[i] != null));
                var row = journals[0].Get(Key);
                Assert.Equal("thread-" + winner, row.OperationId);
                Assert.Equal("thread-" + winner, row.LeaseHolder);
                Assert.Equal("thread-" + winner, Assert.Single(journals[0].Changes()).OperationId);
            }
            finally
            {
                foreach (var j in journals) j.Dispose();
            }
        }

        [Fact]
        public void TwoProcesses_RacingForOneKey_OneWins_TheOtherIsBusyAndWritesNothing()
        {
            using var journal = Open(); // creates the storage before the racers open it
            Assert.Empty(journal.List());
            var racers = new[] { StartRacer("process-a"), StartRacer("process-b") };
            try
            {
                foreach (var r in racers) Assert.Equal("ready", ReadLine(r, TimeSpan.FromSeconds(90)));
                foreach (var r in racers) { r.StandardInput.WriteLine("go"); r.StandardInput.Flush(); }
                var outcomes = racers.Select(r => ReadLine(r, TimeSpan.FromSeconds(90))).ToArray();
                foreach (var r in racers) Assert.True(r.WaitForExit(60000), "a racer did not exit");

                Assert.Equal(new[] { "busy", "won" }, outcomes.OrderBy(o => o));
                Assert.Equal(new[] { 0, 3 }, racers.Select(r => r.ExitCode).OrderBy(c => c));
                string winner = outcomes[0] == "won" ? "process-a" : "process-b";
                var row = journal.Get(Key);
                Assert.Equal(winner, row.OperationId);
                Assert.Equal(winner, row.LeaseHolder);
                Assert.Equal(winner, Assert.Single(journal.Changes()).OperationId);
            }
            finally
            {
                foreach (var r in racers)
                {
                    if (!r.HasExited) r.Kill(entireProcessTree: true);
                    r.Dispose();
                }
            }
        }

        Process StartRacer(string holder)
        {
            var (environment, arguments) = RacerTarget();
            string dll = Path.Combine(AppContext.BaseDirectory, "NhiTools.Journal.Racer.dll");
            var psi = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(dll);
            foreach (var a in arguments) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add("--key"); psi.ArgumentList.Add(Key);
            psi.ArgumentList.Add("--holder"); psi.ArgumentList.Add(holder);
            psi.Environment.Remove("NHITOOLS_JOURNAL");
            foreach (var kv in environment) psi.Environment[kv.Key] = kv.Value;
            return Process.Start(psi);
        }

        static string ReadLine(Process p, TimeSpan timeout)
        {
            var line = Task.Run(() => p.StandardOutput.ReadLine());
            Assert.True(line.Wait(timeout), "the racer said nothing within " + timeout.TotalSeconds + " s");
            return line.Result;
        }

        static string DotnetHost()
        {
            string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
        }
    }
}
