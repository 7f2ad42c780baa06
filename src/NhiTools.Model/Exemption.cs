using System;

namespace NhiTools
{
    /// <summary>Active: in force at AsOf; Expired: past its end, so the finding it covered is open again.</summary>
    public enum ExemptionState
    {
        Active,
        Expired,
    }

    /// <summary>
    /// An exception to one rule for one identity (Add-NhiException, Get-NhiException, or the policy file's Exceptions key):
    /// accepted risk with a reason, an approver and an end. Never open-ended: an exception without ExpiresOn or ApprovedBy is refused.
    /// </summary>
    public sealed class Exemption
    {
        /// <summary>Store id (Remove-NhiException -Id); 0 for an exception read from a policy file.</summary>
        public long Id { get; set; }
        public string Rule { get; set; }
        /// <summary>The identity id it covers (Get-NhiIdentity Id, Get-NhiFinding IdentityId); * and ? match several.</summary>
        public string IdentityId { get; set; }
        public string Reason { get; set; }
        /// <summary>The exception covers findings up to this instant (a date means through that whole day).</summary>
        public DateTime ExpiresOn { get; set; }
        public string ApprovedBy { get; set; }
        public DateTime? CreatedOn { get; set; }
        public string CreatedBy { get; set; }
        /// <summary>Store, or the policy file it was read from.</summary>
        public string Source { get; set; }
        /// <summary>Active or Expired at the AsOf it was read for.</summary>
        public ExemptionState State { get; set; }

        public override string ToString() => Rule + " " + IdentityId + " until " + ExpiresOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }
}
