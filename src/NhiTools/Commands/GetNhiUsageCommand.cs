using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Activity;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// What each identity was used for and by what (workloads, services, actions, resources, first and last seen) over
    /// the window its activity logs cover. An identity no log names comes out with Known false: usage unknown.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "NhiUsage")]
    [OutputType(typeof(Usage))]
    public sealed class GetNhiUsageCommand : NhiCmdlet
    {
        /// <summary>Identities (Get-NhiIdentity), objects with an IdentityId (findings), or identity ids (about_NhiTools, IDENTITY PARAMETERS). Without any: every identity the logs name.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [Alias("Id", "IdentityId")]
        [ValidateNotNullOrEmpty]
        [IdentityObjectArgument]
        public Identity[] Identity { get; set; }

        /// <summary>Activity log files or folders, as Get-NhiFinding -ActivityPath. Without it, the connected sources are read live.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] ActivityPath { get; set; }

        [Parameter]
        [UtcDate]
        public DateTime After { get; set; }

        [Parameter]
        [UtcDate]
        public DateTime Before { get; set; }

        private readonly List<Identity> identities = new List<Identity>();
        private readonly List<string> names = new List<string>();

        protected override void ProcessRecord()
        {
            foreach (var i in Identity ?? Array.Empty<Identity>())
            {
                // An id given as a string (or a finding's IdentityId) is a reference without a name: match it by id.
                if (i == null) continue;
                if (i.Name == null) names.Add(i.Id);
                else identities.Add(i);
            }
        }

        // Reading starts once every identity is known: they decide which events are kept and link the logs.
        protected override void EndProcessing()
        {
            bool after = MyInvocation.BoundParameters.ContainsKey(nameof(After));
            bool before = MyInvocation.BoundParameters.ContainsKey(nameof(Before));
            DateTime? from = after ? Dates.ToUtc(After) : (DateTime?)null;
            DateTime? to = before ? Dates.ToUtc(Before) : (DateTime?)null;

            var paths = new List<string>();
            foreach (var path in ActivityPath ?? Array.Empty<string>())
            {
                try
                {
                    paths.AddRange(GetResolvedProviderPathFromPSPath(path, out _));
                }
                catch (ItemNotFoundException ex)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, "NhiPathNotFound", ErrorCategory.ObjectNotFound, path));
                }
            }

            var builder = new UsageBuilder(identities, names, from, to);
            Run(() =>
            {
                if (ActivityPath != null)
                {
                    UsageReader.Fill(builder, HostContext, paths, IdentityLinker.From(identities));
                }
                else
                {
                    foreach (var a in LiveActivity.Read(HostContext, new ActivityQuery
                    {
                        From = from ?? DateTime.UtcNow.AddDays(-90),
                        To = to ?? DateTime.UtcNow,
                        Identities = identities,
                    }))
                    {
                        builder.Add(a);
                    }
                }
            });
            WriteVerbose("Usage: " + builder.Matched + " of " + builder.Read + " events named the identities asked for.");
            foreach (var u in builder.Results())
            {
                WriteObject(u);
            }
        }
    }
}
