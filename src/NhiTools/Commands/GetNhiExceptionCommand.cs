using System;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Governance;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Lists exceptions from the store (and from a policy file with -Policy), each Active or Expired at -AsOf.</summary>
    [Cmdlet(VerbsCommon.Get, "NhiException")]
    [OutputType(typeof(Exemption))]
    public sealed class GetNhiExceptionCommand : NhiCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RuleCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Rule { get; set; }

        /// <summary>Only exceptions covering this identity id (Id of Get-NhiIdentity binds by property name).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("IdentityId", "Id")]
        [ValidateNotNullOrEmpty]
        [IdentityIdArgument(Wildcards = true)]
        public string Identity { get; set; }

        [Parameter]
        public ExemptionState? State { get; set; }

        [Parameter]
        [UtcDate]
        public DateTime AsOf { get; set; } = DateTime.UtcNow;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Policy { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        protected override void ProcessRecord()
        {
            Run(() =>
            {
                var all = NhiStore.ReadExemptionsIfExists(Engine.Store.StorePath.Resolve(StorePath)).ToList();
                if (Policy != null)
                {
                    var file = GetUnresolvedProviderPathFromPSPath(Policy);
                    all.AddRange(FindingPolicy.Load(file).PolicyExemptions(file));
                }

                foreach (var e in all)
                {
                    e.State = ExemptionRules.StateAt(e, AsOf);
                    if (Rule != null && !Rule.Contains(e.Rule, StringComparer.OrdinalIgnoreCase)) continue;
                    if (Identity != null && !ExemptionRules.Covers(e, e.Rule, Identity) && !string.Equals(e.IdentityId, Identity, StringComparison.OrdinalIgnoreCase)) continue;
                    if (State.HasValue && e.State != State.Value) continue;
                    WriteObject(e);
                }
            });
        }
    }
}
