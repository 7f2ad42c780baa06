using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Governance;
using NhiTools.Engine.Scan;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Names each risky identity, says why with evidence, maps it to the OWASP NHI Top 10 and scores it.</summary>
    [Cmdlet(VerbsCommon.Get, "NhiFinding")]
    [OutputType(typeof(Finding))]
    public sealed class GetNhiFindingCommand : NhiCmdlet, IDisposable
    {
        /// <summary>Identities from Get-NhiIdentity, agents from Get-NhiAgent, secret hits from Find-NhiSecret, or activities from Get-NhiActivity.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject InputObject { get; set; }

        [Parameter]
        [UtcDate]
        public DateTime AsOf { get; set; } = DateTime.UtcNow;

        [Parameter]
        [ArgumentCompleter(typeof(RuleCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Rule { get; set; }

        [Parameter]
        public Severity MinimumSeverity { get; set; } = Severity.Info;

        /// <summary>A policy file (.psd1) overriding thresholds and lists; see NhiTools.Policy.psd1 in the module folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Policy { get; set; }

        /// <summary>Also scan these files and folders for embedded secrets (NHI-SECRET-EMBEDDED), linked to the piped identities.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] SecretScanPath { get; set; }

        /// <summary>Activity logs (CloudTrail, Access Advisor, Entra sign-in and audit logs) for NHI-UNUSED-PERMISSION and NHI-HUMAN-USE evidence.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] ActivityPath { get; set; }

        /// <summary>The NhiTools store whose registered agents get the NHI-AGENT-* rules (default: $env:NHITOOLS_STORE, else the per-user store).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        /// <summary>Also output findings covered by a live exception (Suppressed = True); by default they are hidden.</summary>
        [Parameter]
        public SwitchParameter IncludeSuppressed { get; set; }

        private PipelineBridge<Identity, Finding> bridge;
        private ExemptionFilter exemptions;
        private IReadOnlyList<Agent> registeredAgents;
        private readonly List<Agent> pipedAgents = new List<Agent>();
        private readonly HashSet<string> pipedAgentNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Filled from -ActivityPath before any identity and from piped activities at any time; the engine reads it
        // only after the last identity (the bridge's Complete orders the two threads).
        private readonly ActivityIndex activity = new ActivityIndex();
        private readonly List<Identity> forLinking = new List<Identity>();
        private List<string> scanPaths;
        private readonly List<SecretFinding> secretHits = new List<SecretFinding>();
        private FindingPolicy policy;
        private HashSet<string> rules;

        protected override void BeginProcessing()
        {
            if (Rule != null)
            {
                var unknown = Rule.Where(r => FindingEngine.Rules.All(k => !string.Equals(k.Id, r, StringComparison.OrdinalIgnoreCase))).ToArray();
                if (unknown.Length > 0)
                {
                    ThrowParameterError("NhiRuleUnknown", "Unknown rule id " + string.Join(", ", unknown) + ". Known rules: " + string.Join(", ", FindingEngine.Rules.Select(r => r.Id)) + ".", unknown);
                }

                rules = new HashSet<string>(Rule, StringComparer.OrdinalIgnoreCase);
            }

            if (SecretScanPath != null)
            {
                scanPaths = new List<string>();
                foreach (var path in SecretScanPath)
                {
                    try
                    {
                        scanPaths.AddRange(GetResolvedProviderPathFromPSPath(path, out _));
                    }
                    catch (ItemNotFoundException ex)
                    {
                        ThrowTerminatingError(new ErrorRecord(ex, "NhiPathNotFound", ErrorCategory.ObjectNotFound, path));
                    }
                }
            }

            Run(() =>
            {
                policy = Policy == null ? FindingPolicy.Default : FindingPolicy.Load(GetUnresolvedProviderPathFromPSPath(Policy));
                // Registered agents are evaluated against the identities that stream through (a missing store has none).
                registeredAgents = NhiStore.ReadAgentsIfExists(Engine.Store.StorePath.Resolve(StorePath));
                // Exceptions from the store and the policy file: covered findings are marked Suppressed, ended ones re-open.
                var known = NhiStore.ReadExemptionsIfExists(Engine.Store.StorePath.Resolve(StorePath))
                    .Concat(policy.PolicyExemptions(Policy ?? "policy"));
                exemptions = new ExemptionFilter(known, AsOf, policy.ExceptionSharePercent, IncludeSuppressed);
            });

            if (ActivityPath != null)
            {
                var activityPaths = new List<string>();
                foreach (var path in ActivityPath)
                {
                    try
                    {
                        activityPaths.AddRange(GetResolvedProviderPathFromPSPath(path, out _));
                    }
                    catch (ItemNotFoundException ex)
                    {
                        ThrowTerminatingError(new ErrorRecord(ex, "NhiPathNotFound", ErrorCategory.ObjectNotFound, path));
                    }
                }

                // Linked by ARN, appId and object id at evaluation time, so no inventory is read here.
                Run(() =>
                {
                    foreach (var a in new ActivityReader(HostContext).Read(activityPaths, IdentityLinker.From(null)))
                    {
                        activity.Add(a);
                    }
                });
                WriteVerbose("Activity index: " + activity.Count + " events.");
            }

            // NHI-ANOMALOUS-USE: credentials NhiTools retired and identities it quarantined, from the change journal
            // (the store's, or the shared one in NHITOOLS_JOURNAL). No journal yet: nothing was retired by NhiTools.
            if (rules == null || rules.Contains("NHI-ANOMALOUS-USE"))
            {
                Run(() =>
                {
                    string store = Engine.Store.StorePath.Resolve(StorePath);
                    if (!System.IO.File.Exists(store) && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Engine.Journal.JournalFactory.EnvironmentVariable)))
                    {
                        return;
                    }

                    using (var journal = Engine.Journal.JournalFactory.Open(null, store))
                    {
                        activity.Baseline.ReadJournal(journal.Changes());
                    }
                });
            }
        }

        protected override void ProcessRecord()
        {
            switch (InputObject.BaseObject)
            {
                case Identity identity:
                    if (bridge == null)
                    {
                        // The engine runs beside the pipeline so identities stream through it; its host messages
                        // come back to this thread.
                        var asOf = AsOf;
                        var minimum = MinimumSeverity;
                        var agents = registeredAgents;
                        var piped = pipedAgentNames;
                        var filter = exemptions;
                        // Agents piped in (already resolved) are evaluated on their own at the end, not twice.
                        bridge = new PipelineBridge<Identity, Finding>(this, (identities, host) =>
                            filter.Apply(new FindingEngine(policy, host).Evaluate(identities, asOf, rules, minimum, agents, name => piped.Contains(name), activity)));
                    }

                    if (SecretScanPath != null)
                    {
                        forLinking.Add(identity);
                    }

                    Run(() => bridge.Add(identity));
                    break;
                case SecretFinding hit:
                    secretHits.Add(hit);
                    break;
                case Agent agent:
                    // Read by the worker only after the input ends (PipelineBridge.Complete).
                    pipedAgentNames.Add(agent.Name ?? string.Empty);
                    pipedAgents.Add(agent);
                    break;
                case Activity act:
                    // Read by the worker only after the input ends (PipelineBridge.Complete), like piped agents.
                    activity.Add(act);
                    break;
                default:
                    WriteError(new ErrorRecord(
                        new ArgumentException("Get-NhiFinding takes NhiTools.Identity (Get-NhiIdentity), NhiTools.Agent (Get-NhiAgent), NhiTools.SecretFinding (Find-NhiSecret) or NhiTools.Activity (Get-NhiActivity) objects; got " + InputObject.BaseObject.GetType().FullName + "."),
                        "NhiUnsupportedInput", ErrorCategory.InvalidType, InputObject));
                    break;
            }
        }

        protected override void EndProcessing()
        {
            Run(() =>
            {
                bridge?.Complete();
                if (pipedAgents.Count > 0)
                {
                    foreach (var finding in exemptions.Apply(new FindingEngine(policy, HostContext).EvaluateAgents(pipedAgents, AsOf, rules, MinimumSeverity)))
                    {
                        WriteObject(finding);
                    }
                }

                if (scanPaths != null)
                {
                    var scanOptions = new ScanOptions { FingerprintKey = Engine.Store.FingerprintKey.For(Engine.Store.StorePath.Resolve(StorePath), HostContext) };
                    secretHits.AddRange(new SecretScanner(HostContext, scanOptions).Scan(scanPaths, forLinking));
                }

                if (secretHits.Count > 0 && (rules == null || rules.Contains(RuleIds.SecretEmbedded)))
                {
                    foreach (var finding in exemptions.Apply(new FindingEngine(policy, HostContext).EvaluateSecrets(secretHits, AsOf).Where(f => f.Severity >= MinimumSeverity)))
                    {
                        WriteObject(finding);
                    }
                }

                // After every finding of the run: rules whose findings are mostly excused.
                if ((rules == null || rules.Contains(RuleIds.ExceptionNorm)) && !policy.DisabledRules.Contains(RuleIds.ExceptionNorm, StringComparer.OrdinalIgnoreCase))
                {
                    foreach (var finding in exemptions.NormFindings().Where(f => f.Severity >= MinimumSeverity))
                    {
                        WriteObject(finding);
                    }
                }
            });
        }

        public void Dispose() => bridge?.Dispose();
    }
}
