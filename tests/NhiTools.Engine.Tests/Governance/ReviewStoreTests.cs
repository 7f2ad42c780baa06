using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Governance;
using NhiTools.Engine.Store;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Governance
{
    public sealed class ReviewStoreTests : IDisposable
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        private readonly string dbPath = Path.Combine(Path.GetTempPath(), "nhi-review-" + Guid.NewGuid().ToString("N") + ".db");

        private static ReviewItem Item(string id, bool unused = false, params string[] owners) => new ReviewItem
        {
            IdentityId = id, IdentityName = id, Owners = owners, UnusedRights = unused, Usage = unused ? "s3 used; iam never" : "unknown",
            Granted = new[] { "AdministratorAccess (admin)" }, Findings = new[] { "NHI-UNUSED-PERMISSION (High)" },
        };

        [Fact]
        public void Blind_keep_is_refused_inside_the_store_and_nothing_is_recorded()
        {
            using (var store = NhiStore.Open(dbPath))
            {
                store.Reviews.Create("q4", Now.AddDays(30), new[] { Item("a", unused: true, "o1"), Item("b", false), Item("c", false, "o2") }, "t", Now);
                var refused = Assert.Throws<NhiException>(() => store.Reviews.Decide("q4", "a", ReviewDecision.Keep, "ok", "o1", Now));
                Assert.Equal("NhiReviewBlindApproval", refused.ErrorId);
                Assert.Equal("NhiReviewBlindApproval", Assert.Throws<NhiException>(() => store.Reviews.Decide("q4", "b", ReviewDecision.Keep, null, "x", Now)).ErrorId);
                Assert.All(store.Reviews.Items("q4"), i => Assert.Null(i.Decision));
                Assert.DoesNotContain(store.ReadAudit(), e => e.Action == "ReviewDecision");

                // An owned identity without unused rights may be kept without a word; Reduce and Remove need one.
                Assert.Equal(ReviewDecision.Keep, store.Reviews.Decide("q4", "c", ReviewDecision.Keep, null, "o2", Now).Decision);
                Assert.Equal("NhiReviewJustificationMissing", Assert.Throws<NhiException>(() => store.Reviews.Decide("q4", "a", ReviewDecision.Reduce, " ", "o1", Now)).ErrorId);
                var kept = store.Reviews.Decide("q4", "a", ReviewDecision.Keep, "Quarter-end job uses IAM once a quarter (CHG-7001)", "o1", Now);
                Assert.Equal("o1", kept.DecidedBy);
                Assert.Equal(Now, store.Reviews.LastReviewed()["A"]);
                Assert.Equal(2, store.ReadAudit().Count(e => e.Action == "ReviewDecision"));
                Assert.Equal("NhiReviewExists", Assert.Throws<NhiException>(() => store.Reviews.Create("Q4", Now, new[] { Item("z") }, "t", Now)).ErrorId);
            }
        }

        [Fact]
        public void Overlapping_decisions_on_two_connections_are_both_kept()
        {
            using (var store = NhiStore.Open(dbPath))
            {
                store.Reviews.Create("q4", Now.AddDays(30), Enumerable.Range(0, 20).Select(n => Item("id" + n, false, "o")).ToList(), "t", Now);
            }

            Parallel.For(0, 20, n =>
            {
                using (var s = NhiStore.Open(dbPath))
                {
                    s.Reviews.Decide("q4", "id" + n, n % 2 == 0 ? ReviewDecision.Remove : ReviewDecision.Reduce, "decided by owner " + n, "owner" + n, Now);
                }
            });

            using (var store = NhiStore.Open(dbPath))
            {
                var items = store.Reviews.Items("q4");
                Assert.Equal(20, items.Count(i => i.Decision.HasValue));
                Assert.All(items, i => Assert.Equal("owner" + i.IdentityId.Substring(2), i.DecidedBy));
            }
        }

        [Fact]
        public void Items_are_overdue_after_their_due_day()
        {
            var item = Item("a", false, "o");
            item.DueOn = new DateTime(2026, 12, 31);
            Assert.Equal(ReviewState.Pending, ReviewRules.StateAt(item, new DateTime(2026, 12, 31, 23, 0, 0, DateTimeKind.Utc)));
            Assert.Equal(ReviewState.Overdue, ReviewRules.StateAt(item, new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        }

        public void Dispose()
        {
            foreach (var f in new[] { dbPath, dbPath + "-wal", dbPath + "-shm" }) if (File.Exists(f)) File.Delete(f);
        }
    }
}
