using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.LeastPrivilege;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// The smallest rights each piped identity needs, from what the activity logs show it used: an IAM policy document
    /// (AWS) or the app roles and scopes exercised (Entra), with what to keep and remove of what it holds today.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "NhiLeastPrivilege")]
    [OutputType(typeof(LeastPrivilege), typeof(string))]
    public sealed class GetNhiLeastPrivilegeCommand : NhiCmdlet
    {
        /// <summary>Identities from Get-NhiIdentity.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Identity[] InputObject { get; set; }

        /// <summary>Activity logs (CloudTrail, Access Advisor, Entra sign-in and audit logs), files or folders. Without it, the connected sources are read live.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] ActivityPath { get; set; }

        /// <summary>Only activity at or after this time (default: all the logs hold; live: 90 days ago).</summary>
        [Parameter]
        [UtcDate]
        public DateTime After { get; set; }

        /// <summary>Only activity at or before this time (default: all the logs hold; live: now).</summary>
        [Parameter]
        [UtcDate]
        public DateTime Before { get; set; }

        /// <summary>Write only the policy document JSON of each AWS identity with a suggestion.</summary>
        [Parameter]
        public SwitchParameter AsJson { get; set; }

        /// <summary>A policy file (.psd1); its UnusedPermissionMinCoverageDays is the minimum days the logs must cover.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Policy { get; set; }

        private readonly List<Identity> identities = new List<Identity>();
        private readonly List<string> paths = new List<string>();
        private FindingPolicy policy;

        protected override void BeginProcessing()
        {
            foreach (var path in ActivityPath ?? Array.Empty<string>())
            {
                try
                {
                    paths.AddRange(GetResolvedProviderPathFromPSPath(path, out _).Where(p => !paths.Contains(p, StringComparer.Ordinal)));
                }
                catch (ItemNotFoundException ex)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, "NhiPathNotFound", ErrorCategory.ObjectNotFound, path));
                }
            }

            Run(() => policy = Policy == null ? FindingPolicy.Default : FindingPolicy.Load(GetUnresolvedProviderPathFromPSPath(Policy)));
        }

        protected override void ProcessRecord()
        {
            identities.AddRange(InputObject.Where(i => i != null));
        }

        // The logs are linked to the identities, so reading starts once all are known; the events themselves stream.
        protected override void EndProcessing()
        {
            if (identities.Count == 0)
            {
                return;
            }

            bool after = MyInvocation.BoundParameters.ContainsKey(nameof(After));
            bool before = MyInvocation.BoundParameters.ContainsKey(nameof(Before));
            bool live = ActivityPath == null;
            var from = after ? Dates.ToUtc(After) : live ? DateTime.UtcNow.AddDays(-90) : DateTime.MinValue;
            var to = before ? Dates.ToUtc(Before) : live ? DateTime.UtcNow : DateTime.MaxValue;
            if (from > to)
            {
                ThrowParameterError("NhiWindowInvalid", "-After (" + from.ToString("u") + ") is later than -Before (" + to.ToString("u") + ").", After);
            }

            Run(() =>
            {
                var builder = new LeastPrivilegeBuilder(policy, from, to);
                var linker = IdentityLinker.From(identities);
                var stream = live
                    ? LiveActivity.Read(HostContext, new ActivityQuery { From = from, To = to, Identities = identities })
                    : new ActivityReader(HostContext).Read(paths, linker);
                foreach (var activity in stream)
                {
                    if (live)
                    {
                        linker.Link(activity);
                    }

                    builder.Add(activity);
                }

                WriteVerbose("Least privilege: " + builder.Events + " events in the window.");
                foreach (var identity in identities)
                {
                    var result = builder.Build(identity);
                    if (!AsJson)
                    {
                        WriteObject(result);
                    }
                    else if (result.PolicyDocument != null)
                    {
                        WriteObject(result.PolicyDocument);
                    }
                    else
                    {
                        WriteWarning((identity.Name ?? identity.Id) + ": no policy document. "
                            + (result.Status == LeastPrivilegeBuilder.Refused ? result.Reason : "Entra rights are not an IAM policy; run without -AsJson to see what to keep and remove."));
                    }
                }
            });
        }
    }
}
