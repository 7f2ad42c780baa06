using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Engine.Scan;
using Xunit;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>The scan's worker pool: feed order out whatever order the work finishes in, while the feed still grows.</summary>
    public class OrderedWorkTests
    {
        private static string Slow(int i)
        {
            // Uneven work: every seventh item takes much longer, so later items finish first.
            if (i % 7 == 0) Thread.Sleep(2);
            else Thread.SpinWait(50 * (i % 13));
            return "r" + i;
        }

        [Theory]
        [InlineData(1, 1, 64)]
        [InlineData(2, 2, 64)]
        [InlineData(4, 3, 300)]
        [InlineData(2, 2000, 256)]
        public void Results_come_in_feed_order_while_a_producer_is_still_publishing(int workers, int count, int window)
        {
            var feed = new WorkFeed<int>();
            var producer = Task.Run(() =>
            {
                var batch = new List<int>();
                for (int i = 0; i < count; i++)
                {
                    batch.Add(i);
                    // Batches of uneven size, some with a pause, as a walk publishes folder by folder.
                    if (i % 37 == 0) { feed.Add(batch); Thread.Sleep(1); }
                }
                feed.Add(batch, true);
            });
            var results = OrderedWork.Run(feed, Slow, workers, window, CancellationToken.None).ToList();
            producer.Wait();
            Assert.Equal(Enumerable.Range(0, count).Select(i => "r" + i), results);
        }

        [Fact]
        public void An_empty_feed_gives_nothing_and_returns_at_once()
        {
            var feed = new WorkFeed<int>();
            feed.Complete();
            Assert.Empty(OrderedWork.Run(feed, i => "x", 2, 64, CancellationToken.None));
            Assert.Empty(OrderedWork.Run(new int[0], i => "x", 2, 64, CancellationToken.None));
        }

        [Fact]
        public void A_failure_in_the_work_or_the_producer_reaches_the_reader()
        {
            var items = Enumerable.Range(0, 500).ToList();
            var ex = Assert.Throws<AggregateException>(() => OrderedWork.Run(items, i => i == 321 ? throw new InvalidOperationException("boom") : "ok", 2, 64, CancellationToken.None).ToList());
            Assert.Contains("boom", ex.Flatten().InnerExceptions.Single().Message);

            var feed = new WorkFeed<int>();
            feed.Add(new List<int> { 1, 2, 3 });
            feed.Fail(new System.IO.IOException("walk failed"));
            var walk = Assert.Throws<AggregateException>(() => OrderedWork.Run(feed, i => "ok", 2, 64, CancellationToken.None).ToList());
            Assert.Contains("walk failed", walk.Flatten().InnerExceptions.First().Message);
        }

        [Fact]
        public void Stopping_early_closes_the_feed_and_ends_the_workers()
        {
            var feed = new WorkFeed<int>();
            feed.Add(Enumerable.Range(0, 10).ToList());   // not complete: the producer would go on
            int done = 0;
            var first = OrderedWork.Run(feed, i => { Interlocked.Increment(ref done); return "r" + i; }, 2, 64, CancellationToken.None).Take(3).ToList();
            Assert.Equal(new[] { "r0", "r1", "r2" }, first);
            Assert.True(feed.IsClosed);
            int after = Volatile.Read(ref done);
            Thread.Sleep(50);
            Assert.Equal(after, Volatile.Read(ref done));
            Assert.True(after <= 10);
        }

        [Fact]
        public void Cancellation_stops_a_reader_waiting_on_a_feed_that_never_completes()
        {
            var feed = new WorkFeed<int>();
            feed.Add(new List<int> { 0 });
            using (var cts = new CancellationTokenSource())
            {
                var results = new List<string>();
                cts.CancelAfter(200);
                Assert.ThrowsAny<OperationCanceledException>(() => { foreach (var r in OrderedWork.Run(feed, i => "r" + i, 2, 64, cts.Token)) results.Add(r); });
                Assert.Equal(new[] { "r0" }, results);
            }
        }
    }
}
