using System;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Rotation;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Lists the rotation journal: where each rotation stands, its last error and who holds its lease.</summary>
    [Cmdlet(VerbsCommon.Get, "NhiRotation")]
    [OutputType(typeof(RotationJournalEntry))]
    public sealed class GetNhiRotationCommand : NhiCmdlet, IDisposable
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [SupportsWildcards]
        public string[] IdentityId { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(RotationStateCompleter))]
        public string[] State { get; set; }

        [Parameter]
        public SwitchParameter InProgress { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string JournalConnectionString { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        private IChangeJournal journal;

        protected override void ProcessRecord()
        {
            Run(() =>
            {
                if (journal == null) journal = JournalFactory.Open(JournalConnectionString, StorePath);
                var patterns = (IdentityId ?? new[] { "*" }).Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase)).ToList();
                foreach (var row in journal.List(RotationStates.Kind))
                {
                    if (!patterns.Any(p => p.IsMatch(row.IdentityId ?? ""))) continue;
                    if (State != null && !State.Contains(row.State, StringComparer.OrdinalIgnoreCase)) continue;
                    if (InProgress && !RotationStates.IsInProgress(row.State)) continue;
                    WriteObject(RotationRunner.Entry(row));
                }
            });
        }

        public void Dispose() => journal?.Dispose();
    }

    /// <summary>Completes -State with the journal's rotation states.</summary>
    public sealed class RotationStateCompleter : IArgumentCompleter
    {
        private static readonly string[] States = { "Idle", "Creating", "Created", "Pending", "Verified", "Promoted", "Grace", "Retiring", "Deactivated", "RollingBack", "Blocked", "Failed" };

        public System.Collections.Generic.IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters) => ProviderCompleter.Complete(States, wordToComplete);
    }
}
