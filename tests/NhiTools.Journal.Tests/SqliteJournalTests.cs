using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Data.Sqlite;
using NhiTools.Engine.Journal;
using Xunit;

namespace NhiTools.Journal.Tests
{
    /// <summary>The conformance suite against the SQLite store (a real file per test, opened through the factory).</summary>
    public sealed class SqliteJournalTests : JournalConformanceTests, IDisposable
    {
        readonly string _dir = Path.Combine(Path.GetTempPath(), "nhitools-journal-" + Guid.NewGuid().ToString("N"));
        string StorePath => Path.Combine(_dir, "nhitools.db");

        public SqliteJournalTests() { Directory.CreateDirectory(_dir); }

        protected override IChangeJournal Open()
        {
            var journal = JournalFactory.Open(null, StorePath);
            Assert.IsType<SqliteChangeJournal>(journal);
            return journal;
        }

        /// <summary>
        /// SQLite answers in-process, so the lost answer is the caller's: the save committed, the caller never saw the
        /// result (an exception on the way back), and it sends the same row object again, with its stale ETag and the
        /// WriteToken the first save put on it.
        /// </summary>
        protected override JournalRow SaveWhoseAnswerIsLost(JournalRow row, JournalLease lease)
        {
            using var journal = Open();
            string staleETag = row.ETag;
            journal.Save(row, lease); // committed; its answer is dropped here
            Assert.Equal(staleETag, row.ETag);
            return journal.Save(row, lease);
        }

        protected override (Dictionary<string, string> Environment, string[] Arguments) RacerTarget() =>
            (new Dictionary<string, string>(), new[] { "--store", StorePath });

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
