using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Activity;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>What identities did after they signed in: CloudTrail, Access Advisor, Entra sign-in and audit logs, linked to identities.</summary>
    [Cmdlet(VerbsCommon.Get, "NhiActivity")]
    [OutputType(typeof(Activity))]
    public sealed class GetNhiActivityCommand : NhiCmdlet
    {
        /// <summary>Activity log files or folders (formats are detected by content; .json.gz too). Without it, the connected sources are read live.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        /// <summary>Only what these identities did (they also link the logs to identities).</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        [IdentityObjectArgument]
        public Identity[] Identity { get; set; }

        [Parameter]
        [UtcDate]
        public DateTime After { get; set; }

        [Parameter]
        [UtcDate]
        public DateTime Before { get; set; }

        /// <summary>Only these actions (wildcards): s3:*, signin:ConsoleLogin, Sign-in*, "Add service principal*".</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Action { get; set; }

        private readonly List<string> paths = new List<string>();
        private readonly List<Identity> identities = new List<Identity>();

        protected override void ProcessRecord()
        {
            if (Identity != null)
            {
                identities.AddRange(Identity.Where(i => i != null));
            }

            foreach (var path in Path ?? Array.Empty<string>())
            {
                try
                {
                    foreach (var resolved in GetResolvedProviderPathFromPSPath(path, out _))
                    {
                        if (!paths.Contains(resolved, StringComparer.Ordinal))
                        {
                            paths.Add(resolved);
                        }
                    }
                }
                catch (ItemNotFoundException ex)
                {
                    WriteError(new ErrorRecord(ex, "NhiPathNotFound", ErrorCategory.ObjectNotFound, path));
                }
            }
        }

        // Identities link the logs, so reading starts once they are all known; the logs themselves stream.
        protected override void EndProcessing()
        {
            bool live = !MyInvocation.BoundParameters.ContainsKey(nameof(Path));
            if (!live && paths.Count == 0)
            {
                return;
            }

            bool after = MyInvocation.BoundParameters.ContainsKey(nameof(After));
            bool before = MyInvocation.BoundParameters.ContainsKey(nameof(Before));
            var from = after ? Dates.ToUtc(After) : DateTime.MinValue;
            var to = before ? Dates.ToUtc(Before) : DateTime.MaxValue;
            var actions = Action?.Select(a => new WildcardPattern(a, WildcardOptions.IgnoreCase)).ToArray();
            var linker = identities.Count > 0 ? IdentityLinker.From(identities) : null;

            Run(() =>
            {
                var stream = live
                    ? LiveActivity.Read(HostContext, new ActivityQuery
                    {
                        From = after ? from : DateTime.UtcNow.AddDays(-90),
                        To = before ? to : DateTime.UtcNow,
                        Identities = identities,
                    })
                    : new ActivityReader(HostContext).Read(paths, linker);
                foreach (var activity in stream)
                {
                    if (activity.When < from || activity.When > to)
                    {
                        continue;
                    }

                    if (linker != null && !linker.Knows(activity.IdentityId))
                    {
                        continue;
                    }

                    if (actions != null && !actions.Any(p => p.IsMatch(activity.Action ?? string.Empty)))
                    {
                        continue;
                    }

                    WriteObject(activity);
                }
            });
        }
    }
}
