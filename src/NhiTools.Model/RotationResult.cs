using System;

namespace NhiTools
{
    /// <summary>Where a rotation stands, as Invoke-NhiRotate and Resume-NhiRotation report it.</summary>
    public enum RotationStage
    {
        /// <summary>Nothing in progress (nothing to do, or a rotation already completed earlier).</summary>
        Idle,
        /// <summary>A new credential exists and is being written to the vault and proved.</summary>
        Pending,
        /// <summary>The vault's current version holds the new credential.</summary>
        Promoted,
        /// <summary>Waiting for consumers to pick up the new credential before the old one is retired (NextStepAfter).</summary>
        Grace,
        /// <summary>Done: the old credential is removed (Entra) or deleted (AWS).</summary>
        Retired,
        /// <summary>Stopped before any change: the estate is not as the rotation expects (foreign key, drift).</summary>
        Blocked,
        /// <summary>Failed and rolled back: the old credential still works and the vault is unchanged.</summary>
        Failed,
    }

    /// <summary>The outcome of one rotation run (Invoke-NhiRotate, Resume-NhiRotation). Never a secret value.</summary>
    public sealed class RotationResult
    {
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        public string Provider { get; set; }
        public string OldCredentialId { get; set; }
        public string NewCredentialId { get; set; }
        /// <summary>The vault secret (https://vault/secrets/name or .../name/version once promoted).</summary>
        public string VaultSecretId { get; set; }
        public RotationStage State { get; set; }
        /// <summary>Nothing more happens before this time (the grace period); null when nothing is waiting.</summary>
        public DateTime? NextStepAfter { get; set; }
        /// <summary>The steps this run took, in order, in words (no values).</summary>
        public string[] Steps { get; set; } = Array.Empty<string>();
        /// <summary>The rotation id that marks what this rotation created (nhitools:&lt;RotationId&gt;).</summary>
        public string RotationId { get; set; }
        /// <summary>Why the rotation stopped (Blocked, Failed) or waits; scrubbed.</summary>
        public string Message { get; set; }

        public override string ToString() => IdentityId + ": " + State;
    }

    /// <summary>One row of the rotation journal, as Get-NhiRotation shows it. Never a secret value.</summary>
    public sealed class RotationJournalEntry
    {
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        public string Provider { get; set; }
        /// <summary>The journal's own state: Idle, Creating, Created, Pending, Verified, Promoted, Grace, Retiring, Deactivated, RollingBack, Blocked, Failed.</summary>
        public string State { get; set; }
        public string Step { get; set; }
        public string RotationId { get; set; }
        public string OldCredentialId { get; set; }
        public string NewCredentialId { get; set; }
        public string VaultSecretId { get; set; }
        public DateTime StartedOn { get; set; }
        public DateTime UpdatedOn { get; set; }
        public DateTime? NextStepAfter { get; set; }
        public string LastError { get; set; }
        public string LeaseHolder { get; set; }
        public DateTime? LeaseExpiresOn { get; set; }
        /// <summary>True while a rotation is under way (not Idle, Blocked or Failed): Resume-NhiRotation picks it up.</summary>
        public bool InProgress { get; set; }
        public string Key { get; set; }

        public override string ToString() => IdentityId + ": " + State;
    }
}
