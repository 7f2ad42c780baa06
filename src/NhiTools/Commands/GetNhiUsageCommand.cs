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
        /// <summary>Identities (Get-NhiIdentity), or identity ids or names. Without any: every identity the logs name.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [Alias("Id", "IdentityId")]
        [ValidateNotNullOrEmpty]
        public PSObject[] Identity { get; set; }

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
            foreach (var o in Identity ?? Array.Empty<PSObject>())
            {
                switch (o?.BaseObject)
                {
                    case null:
                        break;
                    case Identity i:
                        identities.Add(i);
                        break;
                    case string s:
                        names.Add(s);
                        break;
                    default:
                        // Findings, rotation statuses, deserialized identities: their identity id by property name.
                        var id = o.Properties["IdentityId"]?.Value ?? o.Properties["Id"]?.Value;
                        if (id != null)
                        {
                            names.Add(id.ToString());
                        }
                        else
                        {
                            WriteError(new ErrorRecord(new ArgumentException("Get-NhiUsage takes NhiTools.Identity objects, identity ids or names; got " + o.BaseObject.GetType().FullName + "."),
                                "NhiInvalidInput", ErrorCategory.InvalidArgument, o));
                        }

                        break;
                }
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
