using System;
using System.Collections.Generic;

namespace NhiTools.Engine.Analysis
{
    /// <summary>A finding before scoring: what a rule says about one identity (or credential).</summary>
    internal struct RawFinding
    {
        public string Rule;
        public Severity Severity;
        public string Evidence;
        public string CredentialId;
        /// <summary>Set when the finding is about another identity than the one being evaluated (cross-identity rules).</summary>
        public string IdentityId;
    }

    /// <summary>What a rule sees: the policy, AsOf, which rules are wanted, and where findings go.</summary>
    internal sealed class RuleContext
    {
        private readonly HashSet<string> _wanted;

        public RuleContext(CompiledPolicy policy, DateTime asOf, HashSet<string> wanted)
        {
            Policy = policy;
            AsOf = asOf;
            _wanted = wanted;
        }

        public CompiledPolicy Policy { get; }
        public FindingPolicy P => Policy.Source;
        public DateTime AsOf { get; }
        public List<RawFinding> Output { get; } = new List<RawFinding>();

        /// <summary>False when the caller filtered the rule out or the policy disabled it: the rule does no work.</summary>
        public bool Wants(string rule) => _wanted.Contains(rule);

        public void Add(string rule, Severity severity, string evidence, string credentialId = null) =>
            Output.Add(new RawFinding { Rule = rule, Severity = severity, Evidence = evidence, CredentialId = credentialId });

        public int DaysSince(DateTime d) => Text.DaysBetween(d, AsOf);
        public string Ago(DateTime d) => Text.Day(d) + " (" + DaysSince(d) + " days before " + Text.Day(AsOf) + ")";
    }
}
