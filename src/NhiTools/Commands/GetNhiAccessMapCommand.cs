using System.Collections.Generic;
using System.Management.Automation;
using NhiTools.Engine.Report;
using NhiTools.Host;

namespace NhiTools.Commands
{
    public enum AccessMapFormat
    {
        Mermaid,
        Dot,
        Json,
    }

    /// <summary>Draws who can reach what: identities, credentials, systems, owners and the edges between them.</summary>
    [Cmdlet(VerbsCommon.Get, "NhiAccessMap")]
    [OutputType(typeof(string))]
    public sealed class GetNhiAccessMapCommand : NhiCmdlet
    {
        /// <summary>Identities (and optionally their findings, which colour the map by risk, and agents, drawn over their identities).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject InputObject { get; set; }

        [Parameter(Position = 0)]
        public AccessMapFormat As { get; set; } = AccessMapFormat.Mermaid;

        private readonly List<Identity> identities = new List<Identity>();
        private readonly List<Finding> findings = new List<Finding>();
        private readonly List<Agent> agents = new List<Agent>();

        protected override void ProcessRecord()
        {
            switch (InputObject.BaseObject)
            {
                case Identity identity:
                    identities.Add(identity);
                    break;
                case Finding finding:
                    findings.Add(finding);
                    break;
                case Agent agent:
                    agents.Add(agent);
                    break;
                default:
                    WriteError(new ErrorRecord(
                        new System.ArgumentException("Get-NhiAccessMap takes NhiTools.Identity (and NhiTools.Finding, NhiTools.Agent) objects; got " + InputObject.BaseObject.GetType().FullName + "."),
                        "NhiUnsupportedInput", ErrorCategory.InvalidType, InputObject));
                    break;
            }
        }

        // The map needs every identity before any edge can be drawn.
        protected override void EndProcessing()
        {
            Run(() =>
            {
                var graph = AccessGraph.Build(identities, findings, agents);
                switch (As)
                {
                    case AccessMapFormat.Dot:
                        WriteObject(AccessMapWriter.ToDot(graph));
                        break;
                    case AccessMapFormat.Json:
                        WriteObject(AccessMapWriter.ToJson(graph));
                        break;
                    default:
                        WriteObject(AccessMapWriter.ToMermaid(graph));
                        break;
                }
            });
        }
    }
}
