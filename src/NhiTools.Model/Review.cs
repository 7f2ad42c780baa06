using System;

namespace NhiTools
{
    public enum ReviewDecision
    {
        Keep,
        Reduce,
        Remove,
    }

    /// <summary>Pending: no decision yet; Overdue: no decision and past the campaign's DueOn; Decided.</summary>
    public enum ReviewState
    {
        Pending,
        Overdue,
        Decided,
    }

    /// <summary>
    /// One identity in an access review campaign (New-NhiReview), with the evidence gathered when the campaign was created
    /// and the owner's decision (Set-NhiReviewDecision). Property names bind down the pipeline (Review, IdentityId).
    /// </summary>
    public sealed class ReviewItem
    {
        /// <summary>The campaign's name.</summary>
        public string Review { get; set; }
        public DateTime DueOn { get; set; }
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        public string Provider { get; set; }
        public string Kind { get; set; }
        public string[] Owners { get; set; } = Array.Empty<string>();
        public string Purpose { get; set; }
        /// <summary>Each credential with its type and age at creation, e.g. "AKIA... AccessKey, 400 days old".</summary>
        public string[] Credentials { get; set; } = Array.Empty<string>();
        /// <summary>Rights granted (permission names).</summary>
        public string[] Granted { get; set; } = Array.Empty<string>();
        /// <summary>What the activity logs show it used, and the window they cover; says so when usage is unknown.</summary>
        public string Usage { get; set; }
        /// <summary>True when the logs show granted rights it never used (NHI-UNUSED-PERMISSION at creation).</summary>
        public bool UnusedRights { get; set; }
        /// <summary>
        /// The granted permissions (policy or app role names) the logs show unused. Binds to Revoke-NhiPermission -Permission by
        /// property name, so Get-NhiReview | Where-Object Decision -eq Reduce | Revoke-NhiPermission revokes what the owner agreed to drop.
        /// </summary>
        public string[] UnusedPermissions { get; set; } = Array.Empty<string>();
        /// <summary>Open findings at creation: "RULE (Severity)".</summary>
        public string[] Findings { get; set; } = Array.Empty<string>();
        public ReviewState State { get; set; }
        public ReviewDecision? Decision { get; set; }
        public string Justification { get; set; }
        public string DecidedBy { get; set; }
        public DateTime? DecidedOn { get; set; }
        public string StorePath { get; set; }

        public override string ToString() => Review + " " + IdentityId;
    }
}
