using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace NhiTools.Host
{
    /// <summary>Completes snapshot names from the store the command will use (-StorePath if already typed). Never creates a store.</summary>
    public sealed class SnapshotNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                return ProviderCompleter.Complete(Names(fakeBoundParameters?["StorePath"] as string), wordToComplete).ToList();
            }
            catch (System.Exception)
            {
                // Completion must never throw at the user's prompt (a locked or unreadable store completes nothing).
                return Enumerable.Empty<CompletionResult>();
            }
        }

        // A separate method: the engine loads only when completion actually runs.
        private static IEnumerable<string> Names(string storePath)
        {
            var path = Engine.Store.StorePath.Resolve(storePath);
            if (!File.Exists(path))
            {
                return Enumerable.Empty<string>();
            }

            using (var store = Engine.Store.NhiStore.OpenExisting(path))
            {
                return store.Snapshots.List().Reverse().Select(s => s.Name).ToList();
            }
        }
    }
}
