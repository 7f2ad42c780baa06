using System;
using NhiTools.Engine.Store;

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

            // An Azure Storage connection string (";TableName=..." optional). Never echoed: it may hold an account key or
            // SAS, so a string that does not parse is refused with NhiJournalConnectionInvalid and no quote of it.
            return new AzureTableChangeJournal(connection);
        }
    }
}
