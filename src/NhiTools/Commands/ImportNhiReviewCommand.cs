using System;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Governance;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// Brings a review campaign kept in a file (Get-NhiReview | ConvertTo-Json, or examples/governance/review-2026-Q3.json)
    /// into the store, with its decisions, who made them and when. Each decision is checked as Set-NhiReviewDecision checks
    /// it: a file holding a blind keep is refused whole, and nothing is written.
    /// </summary>
    [Cmdlet(VerbsData.Import, "NhiReview", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(ReviewItem))]
    public sealed class ImportNhiReviewCommand : NhiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        protected override void ProcessRecord()
        {
            var file = GetUnresolvedProviderPathFromPSPath(Path);
            System.Collections.Generic.IReadOnlyList<ReviewItem> items;
            try
            {
                items = ReviewFile.Read(file);
            }
            catch (NhiTools.Hosting.NhiException ex)
            {
                WriteError(ToErrorRecord(ex));
                return;
            }

            var name = items[0].Review;
            var decided = items.Count(i => i.Decision.HasValue);
            if (!ShouldProcess(Engine.Store.StorePath.Resolve(StorePath), "Import review " + name + " (" + items.Count + " identities, " + decided + " decided) from " + file))
            {
                return;
            }

            // One file's failure (a campaign already imported, a store that cannot be written) is that file's error: the next file still runs.
            try
            {
                using (var store = NhiStore.Open(Engine.Store.StorePath.Resolve(StorePath)))
                {
                    store.Reviews.Create(name, items[0].DueOn, items, "import:" + System.IO.Path.GetFileName(file), DateTime.UtcNow);
                    foreach (var i in items.Where(i => i.Decision.HasValue))
                    {
                        store.Reviews.Decide(name, i.IdentityId, i.Decision.Value, i.Justification, i.DecidedBy, i.DecidedOn.Value);
                    }

                    foreach (var saved in store.Reviews.Items(name))
                    {
                        WriteObject(saved);
                    }
                }
            }
            catch (NhiTools.Hosting.NhiException ex)
            {
                WriteError(ToErrorRecord(ex));
            }
        }
    }
}
