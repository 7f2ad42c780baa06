using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Governance;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// Starts an access review campaign over the identities piped in: one item per identity with its evidence gathered now
    /// (owners, purpose, credentials and their age, rights granted and used, open findings), kept in the store.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "NhiReview", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ReviewItem))]
    public sealed class NewNhiReviewCommand : NhiCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Identity InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; }

        /// <summary>When decisions are due (a date covers that whole day); undecided items are Overdue after it.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [UtcDate]
        public DateTime DueOn { get; set; }

        /// <summary>Activity logs compared with the rights granted (as Get-NhiFinding -ActivityPath).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] ActivityPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Policy { get; set; }

        /// <summary>The moment the evidence is for (credential ages, findings, the logs' window). Default: now.</summary>
        [Parameter]
        [UtcDate]
        public DateTime AsOf { get; set; } = DateTime.UtcNow;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        private readonly List<Identity> identities = new List<Identity>();
        private readonly HashSet<string> seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        protected override void ProcessRecord()
        {
            if (string.IsNullOrEmpty(InputObject.Id))
            {
                WriteError(new ErrorRecord(new ArgumentException("The identity has no Id."), "NhiInvalidIdentity", ErrorCategory.InvalidArgument, InputObject));
                return;
            }

            if (seen.Add(InputObject.Id))
            {
                identities.Add(InputObject);
            }
        }

        protected override void EndProcessing()
        {
            if (identities.Count == 0)
            {
                ThrowParameterError("NhiReviewEmpty", "No identities were piped in: pipe Get-NhiIdentity output into New-NhiReview.", Name);
            }

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

            var storePath = Engine.Store.StorePath.Resolve(StorePath);
            List<ReviewItem> items = null;
            Run(() =>
            {
                var policy = Policy == null ? FindingPolicy.Default : FindingPolicy.Load(GetUnresolvedProviderPathFromPSPath(Policy));
                ActivityIndex activity = null;
                if (paths.Count > 0)
                {
                    activity = new ActivityIndex();
                    foreach (var a in new ActivityReader(HostContext).Read(paths, IdentityLinker.From(null)))
                    {
                        activity.Add(a);
                    }
                }

                WriteProgress(new ProgressRecord(1, "New-NhiReview " + Name, "Gathering evidence for " + identities.Count + " identities"));
                var exemptions = NhiStore.ReadExemptionsIfExists(storePath).Concat(policy.PolicyExemptions(Policy ?? "policy"));
                items = ReviewEvidence.Build(identities, AsOf, policy, activity, exemptions, HostContext);
            });

            if (!ShouldProcess("review " + Name + " in " + storePath, "Start a review of " + items.Count + " identities due " + DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
            {
                return;
            }

            Run(() =>
            {
                using (var store = NhiStore.Open(storePath))
                {
                    store.Reviews.Create(Name, DueOn, items, Environment.UserName, DateTime.UtcNow);
                    foreach (var item in store.Reviews.Items(Name))
                    {
                        item.State = ReviewRules.StateAt(item, AsOf);
                        WriteObject(item);
                    }
                }
            });
        }
    }
}
