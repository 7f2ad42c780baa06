using System;
using NhiTools.Engine.Store;
using NhiTools.Hosting;

namespace NhiTools.Engine.Journal
{
    /// <summary>
    /// Chooses the journal back end: -JournalConnectionString, else NHITOOLS_JOURNAL, names a shared one (Azure
    /// Table Storage); when neither does, the SQLite store (-StorePath, else NHITOOLS_STORE, else the default).
    /// </summary>
    public static class JournalFactory
    {
        public const string EnvironmentVariable = "NHITOOLS_JOURNAL";

        public static IChangeJournal Open(string journalConnectionString, string storePath)
        {
            var connection = string.IsNullOrWhiteSpace(journalConnectionString)
                ? Environment.GetEnvironmentVariable(EnvironmentVariable)
                : journalConnectionString;
            if (string.IsNullOrWhiteSpace(connection))
            {
                return new SqliteChangeJournal(StorePath.Resolve(storePath));
            }

            // Never echo the connection string: it may hold an account key or SAS.
            throw new NhiException("NhiJournalUnavailable", NhiErrorCategory.NotImplemented,
                "A shared journal (Azure Table Storage) was named, but this build of NhiTools has no Table Storage back end.", EnvironmentVariable);
        }
    }
}
