using System;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Cleanup;
using NhiTools.Engine.Journal;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// Reads the change journal: every change NhiTools made (cleanup, rotation, owners), oldest first, with who,
    /// when, why, before and after, how it ended and whether Undo-NhiChange can reverse it. Never a secret value.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "NhiChange")]
    [OutputType(typeof(Change))]
    public sealed class GetNhiChangeCommand : NhiCmdlet, IDisposable
    {
        /// <summary>Changes of these identities (Identity.Id, Finding.IdentityId bind by property name).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] IdentityId { get; set; }

        /// <summary>Only these actions: Disable, Enable, DeactivateCredential, DeleteCredential, RevokePermission, DeleteIdentity, Undo...</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ChangeActionCompleter))]
        public string[] Action { get; set; }

        /// <summary>Only changes made at or after this time.</summary>
        [Parameter]
        [UtcDate]
        public DateTime After { get; set; }

        /// <summary>Only changes made before this time.</summary>
        [Parameter]
        [UtcDate]
        public DateTime Before { get; set; }

        /// <summary>Only changes Undo-NhiChange can still reverse.</summary>
        [Parameter]
        public SwitchParameter Undoable { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string JournalConnectionString { get; set; }

        private IChangeJournal journal;
        private System.Collections.Generic.List<Change> all;

        protected override void ProcessRecord()
        {
            Run(() =>
            {
                if (all == null)
                {
                    journal = JournalFactory.Open(JournalConnectionString, StorePath == null ? null : GetUnresolvedProviderPathFromPSPath(StorePath));
                    all = ChangeLog.Read(journal);
                }
            });
            var selected = all.Where(c =>
                (IdentityId == null || IdentityId.Contains(c.IdentityId, StringComparer.OrdinalIgnoreCase))
                && (Action == null || Action.Contains(c.Action, StringComparer.OrdinalIgnoreCase))
                && (!MyInvocation.BoundParameters.ContainsKey(nameof(After)) || c.At >= Dates.ToUtc(After))
                && (!MyInvocation.BoundParameters.ContainsKey(nameof(Before)) || c.At < Dates.ToUtc(Before))
                && (!Undoable || c.CanUndo));
            foreach (var c in selected) WriteObject(c);
        }

        public void Dispose() => journal?.Dispose();
    }

    /// <summary>Completes the change actions the journal knows.</summary>
    public sealed class ChangeActionCompleter : IArgumentCompleter
    {
        private static readonly string[] Known =
        {
            CleanupActions.Disable, CleanupActions.Enable, CleanupActions.DeactivateCredential, CleanupActions.ReactivateCredential,
            CleanupActions.DeleteCredential, CleanupActions.RevokePermission, CleanupActions.RestorePermission, CleanupActions.DeleteIdentity,
            CleanupActions.RestoreIdentity, CleanupActions.Undo,
        };

        public System.Collections.Generic.IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters) =>
            Known.Where(k => k.StartsWith(wordToComplete ?? "", StringComparison.OrdinalIgnoreCase)).Select(k => new CompletionResult(k));
    }
}
