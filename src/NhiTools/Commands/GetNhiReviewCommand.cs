using System;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Governance;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Lists access review items by campaign, owner, identity and state (Pending, Overdue, Decided at -AsOf).</summary>
    [Cmdlet(VerbsCommon.Get, "NhiReview")]
    [OutputType(typeof(ReviewItem))]
    public sealed class GetNhiReviewCommand : NhiCmdlet
    {
        /// <summary>Campaign names (wildcards allowed).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Review")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; }

        /// <summary>Only items this owner owns (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string Owner { get; set; }

        [Parameter]
        [Alias("IdentityId")]
        [ValidateNotNullOrEmpty]
        [IdentityIdArgument]
        public string Identity { get; set; }

        [Parameter]
        public ReviewState[] State { get; set; }

        [Parameter]
        [UtcDate]
        public DateTime AsOf { get; set; } = DateTime.UtcNow;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        protected override void ProcessRecord()
        {
            var names = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            var owner = Owner == null ? null : new WildcardPattern(Owner, WildcardOptions.IgnoreCase);
            Run(() =>
            {
                using (var store = NhiStore.OpenExisting(Engine.Store.StorePath.Resolve(StorePath)))
                {
                    if (store == null) return;
                    foreach (var item in store.Reviews.Items(null, Identity))
                    {
                        item.State = ReviewRules.StateAt(item, AsOf);
                        if (names != null && !names.Any(n => n.IsMatch(item.Review))) continue;
                        if (owner != null && !item.Owners.Any(o => owner.IsMatch(o))) continue;
                        if (State != null && !State.Contains(item.State)) continue;
                        WriteObject(item);
                    }
                }
            });
        }
    }
}
