using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Agents;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// Lists registered AI agents; with identities piped in, each with its effective access across its identities
    /// (union, undeclared rights, inherited identities, chains). -Candidate lists likely agents nobody registered.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "NhiAgent")]
    [OutputType(typeof(Agent))]
    public sealed class GetNhiAgentCommand : NhiCmdlet
    {
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(AgentNameCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; }

        /// <summary>Identities (Get-NhiIdentity) to work out effective access from, and to discover candidates in.</summary>
        [Parameter(ValueFromPipeline = true)]
        public Identity InputObject { get; set; }

        /// <summary>List likely agents that are not registered (needs identities) instead of the registered ones.</summary>
        [Parameter]
        public SwitchParameter Candidate { get; set; }

        /// <summary>A policy file (.psd1): agent tag keys, agent words, model endpoint permissions, grace days.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Policy { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        private readonly List<Identity> identities = new List<Identity>();
        private FindingPolicy policy;

        protected override void BeginProcessing()
        {
            Run(() => policy = Policy == null ? FindingPolicy.Default : FindingPolicy.Load(GetUnresolvedProviderPathFromPSPath(Policy)));
        }

        protected override void ProcessRecord()
        {
            if (InputObject != null)
            {
                identities.Add(InputObject);
            }
        }

        // Effective access and discovery need every identity (shared identities, roles to chain into).
        protected override void EndProcessing()
        {
            Run(() =>
            {
                var path = Engine.Store.StorePath.Resolve(StorePath);
                var registered = NhiStore.ReadAgentsIfExists(path);
                if (Candidate)
                {
                    if (identities.Count == 0)
                    {
                        ThrowParameterError("NhiIdentitiesRequired", "-Candidate looks for agents among identities: pipe them in (Get-NhiIdentity -Path ./exports | Get-NhiAgent -Candidate).", null);
                    }

                    var discovery = new AgentDiscovery(policy, registered);
                    foreach (var i in identities)
                    {
                        discovery.Add(i);
                    }

                    var candidates = Filter(discovery.Candidates(), wildcardMisses: false);
                    Write(AgentResolver.Resolve(candidates, Index(candidates)));
                    return;
                }

                var wanted = Filter(registered, wildcardMisses: true);
                if (identities.Count == 0)
                {
                    Write(wanted);
                    return;
                }

                // Resolve against every registration, so identities shared between agents show as inherited.
                var resolved = AgentResolver.Resolve(registered, Index(registered));
                var names = new HashSet<string>(wanted.Select(a => a.Name), StringComparer.OrdinalIgnoreCase);
                foreach (var a in resolved.Where(a => names.Contains(a.Name)))
                {
                    if (a.MissingIdentities.Length > 0)
                    {
                        WriteWarning("Agent '" + a.Name + "': " + string.Join(", ", a.MissingIdentities) + " not among the identities given; its effective access is incomplete.");
                    }
                }

                Write(resolved.Where(a => names.Contains(a.Name)).ToList());
            });
        }

        private AgentIndex Index(IEnumerable<Agent> agents)
        {
            var index = new AgentIndex(agents, policy);
            foreach (var i in identities)
            {
                index.Add(i);
            }

            return index;
        }

        private void Write(IEnumerable<Agent> agents)
        {
            foreach (var a in agents)
            {
                WriteObject(a);
            }
        }

        /// <summary>-Name patterns; a plain name that matches nothing is an error, as with Get-Item.</summary>
        private List<Agent> Filter(IEnumerable<Agent> agents, bool wildcardMisses)
        {
            var list = agents.ToList();
            if (Name == null)
            {
                return list;
            }

            var patterns = Name.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            var result = list.Where(a => patterns.Any(p => p.IsMatch(a.Name))).ToList();
            if (wildcardMisses)
            {
                foreach (var n in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && !list.Any(a => string.Equals(a.Name, n, StringComparison.OrdinalIgnoreCase))))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException("No agent named '" + n + "' is registered in " + Engine.Store.StorePath.Resolve(StorePath) + "."),
                        "NhiAgentNotFound", ErrorCategory.ObjectNotFound, n));
                }
            }

            return result;
        }
    }
}
