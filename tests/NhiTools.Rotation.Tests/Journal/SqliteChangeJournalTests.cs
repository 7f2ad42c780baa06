using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using NhiTools.Engine.Journal;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Rotation.Tests.Journal
{
    public sealed class SqliteChangeJournalTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "nhi-journal-" + Guid.NewGuid().ToString("N"));
        private DateTime _now = new DateTime(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc);
        private string Db => Path.Combine(_dir, "nhitools.db");
        private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

        private SqliteChangeJournal Open() => new SqliteChangeJournal(Db, () => _now);

        private static JournalRow Row(string key) => new JournalRow
        {
            Key = key, Kind = "Rotation", State = "Creating", OperationId = "op1", IdentityId = "entra:app:1",
            Provider = "Entra", OldCredentialId = "old", Data = { ["hint"] = "abc", ["attempt"] = "1" },
        };

        [Fact]
        public void A_live_lease_excludes_another_holder_until_it_expires_and_a_take_over_changes_the_token()
        {
            using (var a = Open())
            using (var b = Open())
            {
                var mine = a.TryAcquireLease("k", "worker-a", Minute);
                Assert.NotNull(mine);
                Assert.Null(b.TryAcquireLease("k", "worker-b", Minute));

                var again = a.TryAcquireLease("k", "worker-a", Minute);
                Assert.Equal(mine.Token, again.Token);

                _now += TimeSpan.FromMinutes(2);
                var theirs = b.TryAcquireLease("k", "worker-b", Minute);
                Assert.NotNull(theirs);
                Assert.NotEqual(mine.Token, theirs.Token);

                var lost = Assert.Throws<NhiException>(() => a.RenewLease(mine, Minute));
                Assert.Equal("NhiLeaseLost", lost.ErrorId);
                var fenced = Assert.Throws<NhiException>(() => a.Save(Row("k"), mine));
                Assert.Equal("NhiLeaseLost", fenced.ErrorId);
                Assert.Null(a.Get("k"));
            }
        }

        [Fact]
        public void An_expired_lease_nobody_took_is_renewed_and_a_released_lease_is_free()
        {
            using (var a = Open())
            using (var b = Open())
            {
                var mine = a.TryAcquireLease("k", "worker-a", Minute);
                _now += TimeSpan.FromMinutes(5);
                a.RenewLease(mine, Minute);
                Assert.Equal(_now + Minute, mine.ExpiresOn);
                Assert.Null(b.TryAcquireLease("k", "worker-b", Minute));
                a.ReleaseLease(mine);
                Assert.NotNull(b.TryAcquireLease("k", "worker-b", Minute));
            }
        }

        [Fact]
        public async Task Two_connections_racing_for_one_lease_give_it_to_exactly_one()
        {
            for (int round = 0; round < 20; round++)
            {
                var key = "race-" + round;
                using (var start = new Barrier(2))
                {
                    var tasks = new[] { "a", "b" }.Select(holder => Task.Run(() =>
                    {
                        using (var journal = new SqliteChangeJournal(Db))
                        {
                            start.SignalAndWait();
                            return journal.TryAcquireLease(key, holder, Minute);
                        }
                    })).ToArray();
                    var leases = await Task.WhenAll(tasks);
                    Assert.Equal(1, leases.Count(l => l != null));
                }
            }
        }

        [Fact]
        public void A_stale_etag_is_a_conflict_and_the_row_round_trips()
        {
            using (var a = Open())
            {
                var lease = a.TryAcquireLease("k", "worker-a", Minute);
                var first = a.Save(Row("k"), lease);
                Assert.NotNull(first.ETag);
                Assert.Equal("worker-a", first.LeaseHolder);

                var next = first.Clone();
                next.State = "Pending";
                next.NewCredentialId = "new";
                next.NextStepAfter = _now.AddHours(24);
                var second = a.Save(next, lease);
                Assert.NotEqual(first.ETag, second.ETag);

                var stale = first.Clone();
                stale.WriteToken = null; // a different writer's attempt, not a retry of ours
                stale.State = "Failed";
                var conflict = Assert.Throws<NhiException>(() => a.Save(stale, lease));
                Assert.Equal("NhiJournalConflict", conflict.ErrorId);

                var insertAgain = Row("k");
                Assert.Equal("NhiJournalConflict", Assert.Throws<NhiException>(() => a.Save(insertAgain, lease)).ErrorId);

                var read = a.Get("k");
                Assert.Equal("Pending", read.State);
                Assert.Equal("new", read.NewCredentialId);
                Assert.Equal("old", read.OldCredentialId);
                Assert.Equal(_now.AddHours(24), read.NextStepAfter);
                Assert.Equal("abc", read.Data["hint"]);
                Assert.Equal(second.ETag, read.ETag);
                Assert.Single(a.List("Rotation"));
                Assert.Empty(a.List("Cleanup"));
            }
        }

        [Fact]
        public void A_save_whose_answer_was_lost_is_recognised_as_our_own_on_retry()
        {
            using (var a = Open())
            {
                var lease = a.TryAcquireLease("k", "worker-a", Minute);
                var row = Row("k");
                var saved = a.Save(row, lease);
                // The caller never saw `saved` (answer lost) and retries with the very object it sent.
                Assert.Equal(saved.WriteToken, row.WriteToken);
                Assert.Null(row.ETag);
                var retried = a.Save(row, lease);
                Assert.Equal(saved.ETag, retried.ETag);

                var update = saved.Clone();
                update.State = "Pending";
                var pending = a.Save(update, lease);
                var retriedUpdate = a.Save(update, lease);
                Assert.Equal(pending.ETag, retriedUpdate.ETag);
                Assert.Equal("Pending", a.Get("k").State);
            }
        }

        [Fact]
        public void Change_records_append_once_per_id_and_filter()
        {
            using (var a = Open())
            {
                var c = new ChangeRecord { Action = "AddPassword", IdentityId = "entra:app:1", OperationId = "op1", Target = "key1", Outcome = "Started" };
                a.Append(c);
                a.Append(c);
                _now = _now.AddMinutes(1);
                a.Append(new ChangeRecord { Action = "RemovePassword", IdentityId = "entra:app:1", OperationId = "op1", Target = "key0", Outcome = "Done" });
                a.Append(new ChangeRecord { Action = "CreateAccessKey", IdentityId = "aws:u", OperationId = "op2", Outcome = "Done" });
                Assert.Equal(3, a.Changes().Count);
                Assert.Equal(new[] { "AddPassword", "RemovePassword" }, a.Changes(new ChangeQuery { OperationId = "op1" }).Select(x => x.Action));
                Assert.Single(a.Changes(new ChangeQuery { Action = "CreateAccessKey" }));
                Assert.Equal(2, a.Changes(new ChangeQuery { After = _now.AddSeconds(-1) }).Count);
            }

            // Kept in the store file and survives reopening.
            using (var again = Open())
            {
                Assert.Equal(3, again.Changes().Count);
            }
        }

        [Fact]
        public void The_factory_opens_sqlite_without_a_connection_string_and_refuses_one_it_cannot_serve()
        {
            using (var j = JournalFactory.Open(null, Db))
            {
                Assert.IsType<SqliteChangeJournal>(j);
                Assert.Contains(Db, j.Description);
            }

            var ex = Assert.Throws<NhiException>(() => JournalFactory.Open("DefaultEndpointsProtocol=https;AccountName=x;AccountKey=c2VjcmV0", Db));
            Assert.Equal("NhiJournalUnavailable", ex.ErrorId);
            Assert.DoesNotContain("c2VjcmV0", ex.Message);
        }

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }
    }
}
