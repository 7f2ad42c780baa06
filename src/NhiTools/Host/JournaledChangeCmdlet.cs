using System;
using System.Management.Automation;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Cleanup;
using NhiTools.Engine.Journal;

namespace NhiTools.Host
{
    /// <summary>
    /// What every cmdlet that writes through the change journal shares (the cleanup cmdlets and Undo-NhiChange):
    /// -Reason, the -MaximumChanges guard, where the journal lives, who acts, and the runner that plans, guards
    /// and journals each change.
    /// </summary>
    public abstract class JournaledChangeCmdlet : NhiCmdlet, IDisposable
    {
        /// <summary>Why, recorded in the journal (a ticket number, a note).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Reason { get; set; }

        /// <summary>The most targets one invocation may change; more stops everything before the first write (NhiBlastRadius).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaximumChanges { get; set; } = 25;

        /// <summary>The SQLite store holding the journal (default: NHITOOLS_STORE, else ~/.nhitools/nhitools.db).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        /// <summary>A shared journal (Azure Table Storage) for many workers; default: NHITOOLS_JOURNAL, else the store.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string JournalConnectionString { get; set; }

        private IChangeJournal journal;

        /// <summary>The journal of this invocation (open from <see cref="OpenJournal"/> on).</summary>
        protected IChangeJournal Journal => journal;

        protected IChangeJournal OpenJournal() =>
            journal = JournalFactory.Open(JournalConnectionString, StorePath == null ? null : GetUnresolvedProviderPathFromPSPath(StorePath));

        /// <summary>A runner over the open journal with this invocation's guard; <paramref name="verb"/> is for messages.</summary>
        protected CleanupRunner NewRunner(FindingPolicy policy, string verb) =>
            new CleanupRunner(journal, policy, HostContext, Actor()) { MaximumChanges = MaximumChanges, Verb = verb };

        /// <summary>Who acts, as the journal records it.</summary>
        internal static string Actor()
        {
            var user = Environment.UserName;
            return string.IsNullOrEmpty(user) ? Environment.MachineName : user + "@" + Environment.MachineName;
        }

        public void Dispose() => journal?.Dispose();
    }
}
