using System;

namespace NhiTools
{
    /// <summary>Rotation verdict for one credential (Test-NhiRotation).</summary>
    public sealed class RotationStatus
    {
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        public string Provider { get; set; }
        public string CredentialId { get; set; }
        public CredentialType CredentialType { get; set; }
        /// <summary>Time since creation or last rotation, at AsOf.</summary>
        public TimeSpan? Age { get; set; }
        public DateTime? ExpiresOn { get; set; }
        public bool NeverExpires { get; set; }
        public RotationState Status { get; set; }
        /// <summary>Why this status, in words.</summary>
        public string Reason { get; set; }
        public DateTime AsOf { get; set; }

        public override string ToString() => IdentityId + "/" + CredentialId + ": " + Status;
    }
}
