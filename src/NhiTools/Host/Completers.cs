using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace NhiTools.Host
{
    /// <summary>Completes -Provider with the sources NhiTools knows.</summary>
    public sealed class ProviderCompleter : IArgumentCompleter
    {
        internal static readonly string[] Providers = { "Aws", "Entra", "KeyVault" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) => Complete(Providers, wordToComplete);

        internal static IEnumerable<CompletionResult> Complete(IEnumerable<string> values, string wordToComplete)
        {
            var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return values.Where(v => pattern.IsMatch(v))
                .Select(v => new CompletionResult(v.IndexOfAny(new[] { ' ', '\'', '"', '$' }) >= 0 ? "'" + v.Replace("'", "''") + "'" : v, v, CompletionResultType.ParameterValue, v));
        }
    }
}

namespace NhiTools.Host
{
    /// <summary>Completes -Rule with the finding rule ids.</summary>
    public sealed class RuleCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            ProviderCompleter.Complete(RuleIds(), wordToComplete);

        // A separate method: the engine loads (into its own context) only when completion actually runs.
        private static IEnumerable<string> RuleIds() => NhiTools.Engine.Analysis.FindingEngine.Rules.Select(r => r.Id);
    }
}

namespace NhiTools.Host
{
    /// <summary>Completes agent names from the store given with -StorePath (else the default store); never creates a store.</summary>
    public sealed class AgentNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var storePath = fakeBoundParameters != null && fakeBoundParameters.Contains("StorePath") ? fakeBoundParameters["StorePath"] as string : null;
                return ProviderCompleter.Complete(Names(storePath), wordToComplete);
            }
            catch (Exception)
            {
                // Completion must never throw at the prompt (locked or newer store): offer nothing.
                return Enumerable.Empty<CompletionResult>();
            }
        }

        private static IEnumerable<string> Names(string storePath) =>
            NhiTools.Engine.Store.NhiStore.ReadAgentsIfExists(NhiTools.Engine.Store.StorePath.Resolve(storePath)).Select(a => a.Name).ToList();
    }
}
