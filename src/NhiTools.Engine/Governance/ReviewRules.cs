using System;
using System.Linq;
using NhiTools.Hosting;

namespace NhiTools.Engine.Governance
{
    /// <summary>
    /// What an access review decision needs. Keeping an identity whose logs show unused rights, or one nobody owns, is the
    /// "approved blindly to avoid breaking systems" pattern: it needs a justification that says why, and is refused without one.
    /// </summary>
    public static class ReviewRules
    {
        public const int MinimumJustificationLength = 20;

        // Words that say nothing about why (the rubber stamp).
        private static readonly string[] Stock =
        {
            "ok", "okay", "approved", "approve", "keep", "kept", "needed", "required", "fine", "yes", "lgtm", "n/a", "na", "none", "-", "still needed",
            "in use", "business need", "business requirement", "as is", "no change",
        };

        /// <summary>Throws NhiReviewBlindApproval (nothing recorded) when a decision lacks the justification it needs.</summary>
        public static void CheckDecision(ReviewItem item, ReviewDecision decision, string justification)
        {
            if (item == null) throw new ArgumentNullException(nameof(item));
            var why = (justification ?? string.Empty).Trim();
            if (decision == ReviewDecision.Keep && (item.UnusedRights || item.Owners == null || item.Owners.Length == 0))
            {
                var reasons = new[]
                {
                    item.UnusedRights ? "its activity logs show granted rights it never used (" + item.Usage + ")" : null,
                    item.Owners == null || item.Owners.Length == 0 ? "it has no owner" : null,
                }.Where(r => r != null);
                if (!SaysWhy(why))
                    throw new NhiException("NhiReviewBlindApproval", NhiErrorCategory.InvalidOperation,
                        "Keeping " + item.IdentityId + " as it is needs a justification that says why: " + string.Join(" and ", reasons)
                        + ". Give -Justification (at least " + MinimumJustificationLength + " characters, naming the system or the use the logs miss), or decide Reduce or Remove. Nothing was recorded.",
                        item.IdentityId);
            }

            if (decision != ReviewDecision.Keep && why.Length == 0)
                throw new NhiException("NhiReviewJustificationMissing", NhiErrorCategory.InvalidArgument,
                    "A " + decision + " decision on " + item.IdentityId + " needs a justification (what to reduce or why to remove). Nothing was recorded.", item.IdentityId);
        }

        /// <summary>True when the text could say why: long enough and not a stock phrase.</summary>
        public static bool SaysWhy(string justification)
        {
            var why = (justification ?? string.Empty).Trim().TrimEnd('.', '!');
            if (why.Length < MinimumJustificationLength) return false;
            return !Stock.Contains(why, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The state of an item at <paramref name="asOf"/>.</summary>
        public static ReviewState StateAt(ReviewItem item, DateTime asOf) =>
            item.Decision.HasValue ? ReviewState.Decided
            : ExemptionRules.ToUtc(asOf) >= ExemptionRules.End(item.DueOn) ? ReviewState.Overdue : ReviewState.Pending;
    }
}
