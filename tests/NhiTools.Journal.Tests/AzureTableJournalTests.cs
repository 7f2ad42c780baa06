using System;
using System.Collections.Generic;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using NhiTools.Engine.Journal;
using NhiTools.Journal.Tests.Support;
using Xunit;

namespace NhiTools.Journal.Tests
{
    /// <summary>The conformance suite against Azure Table Storage, through Azurite on a free loopback port.</summary>
    [Collection("Azurite")]
    public sealed class AzureTableJournalTests : JournalConformanceTests
    {
        readonly string _connectionString;

        public AzureTableJournalTests(AzuriteFixture azurite)
        {
            _connectionString = azurite.ConnectionString(); // a table of this test's own
        }

        protected override IChangeJournal Open() => new AzureTableChangeJournal(_connectionString);

        /// <summary>
        /// The transport commits the write and then reports a reset connection; the SDK retries the same conditional
        /// write, which now meets 412 (its own ETag moved), and the journal must re-read and see its own WriteToken.
        /// </summary>
        protected override JournalRow SaveWhoseAnswerIsLost(JournalRow row, JournalLease lease)
        {
            var handler = new LosingHandler();
            var options = new TableClientOptions { Transport = new HttpClientTransport(handler) };
            options.Retry.Delay = TimeSpan.FromMilliseconds(50);
            using var journal = new AzureTableChangeJournal(_connectionString, options);
            journal.Get(row.Key); // the table exists: the next write is the save's transaction
            handler.LoseNext(LosingHandler.IsWrite);
            var saved = journal.Save(row, lease);
            Assert.Equal(1, handler.Lost);
            return saved;
        }

        protected override (Dictionary<string, string> Environment, string[] Arguments) RacerTarget() =>
            (new Dictionary<string, string> { ["NHITOOLS_JOURNAL"] = _connectionString }, Array.Empty<string>());
    }
}
