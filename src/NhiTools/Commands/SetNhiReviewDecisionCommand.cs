using System;
using System.IO;
using System.Management.Automation;
using NhiTools.Engine.Governance;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// Records an owner's decision on a review item: Keep, Reduce or Remove, with a justification. Keeping rights the logs show
    /// unused, or an identity with no owner, needs a justification that says why; without one the decision is refused, not recorded.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "NhiReviewDecision", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ReviewItem))]
    public sealed class SetNhiReviewDecisionCommand : NhiCmdlet, IDisposable
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Review { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Identity", "Id")]
        [ValidateNotNullOrEmpty]
        public string IdentityId { get; set; }

        [Parameter(Mandatory = true, Position = 0)]
        public ReviewDecision Decision { get; set; }

        [Parameter(Position = 1)]
        public string Justification { get; set; }

        /// <summary>Who decides (recorded in the item and the audit log). Default: the current user.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string DecidedBy { get; set; } = Environment.UserName;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        private NhiStore store;

        protected override void ProcessRecord()
        {
            var path = Engine.Store.StorePath.Resolve(StorePath);
            ReviewItem item = null;
            if (File.Exists(path))
            {
                Run(() =>
                {
                    foreach (var i in Store(path).Reviews.Items(Review, IdentityId)) item = i;
                });
            }

            if (item == null)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException("Review '" + Review + "' has no item for " + IdentityId + " in " + path + "."),
                    "NhiReviewItemNotFound", ErrorCategory.ObjectNotFound, IdentityId));
                return;
            }

            // Refused before -WhatIf and before anything is written: a blind keep is never recorded.
            try
            {
                ReviewRules.CheckDecision(item, Decision, Justification);
            }
            catch (NhiTools.Hosting.NhiException ex)
            {
                WriteError(ToErrorRecord(ex));
                return;
            }

            if (!ShouldProcess(item.IdentityId + " in review " + item.Review, "Record decision " + Decision + " by " + DecidedBy))
            {
                return;
            }

            Run(() => WriteObject(Store(path).Reviews.Decide(item.Review, item.IdentityId, Decision, Justification, DecidedBy, DateTime.UtcNow)));
        }

        private NhiStore Store(string path) => store ?? (store = NhiStore.Open(path));

        public void Dispose() => store?.Dispose();
    }
}
