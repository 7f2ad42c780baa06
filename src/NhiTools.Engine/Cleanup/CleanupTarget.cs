using System;

namespace NhiTools.Engine.Cleanup
{
    /// <summary>
    /// One thing a cleanup cmdlet was asked to change, as it arrived on the pipeline: an Identity (Get-NhiIdentity),
    /// a Finding (Get-NhiFinding: the rule and evidence are the reason), a RotationStatus (Test-NhiRotation) or an id.
    /// </summary>
    public sealed class CleanupTarget
    {
        public string IdentityId { get; set; }
        public string Provider { get; set; }
        public string IdentityName { get; set; }
        /// <summary>The credential concerned (Remove-NhiCredential), from the finding or status or -CredentialId.</summary>
        public string CredentialId { get; set; }
        /// <summary>The permission concerned (Revoke-NhiPermission).</summary>
        public string Permission { get; set; }
        /// <summary>The finding's rule that made this a target (re-evaluated on the live identity before acting).</summary>
        public string Rule { get; set; }
        public string Evidence { get; set; }
        /// <summary>When the finding that made this a target was made (Finding.AsOf): use after it refuses the change.</summary>
        public DateTime? FindingAsOf { get; set; }
        /// <summary>Undo-NhiChange: the change being reversed.</summary>
        public Change Change { get; set; }
        /// <summary>Free text: the rotation status, or -Reason.</summary>
        public string Note { get; set; }
        /// <summary>The identity as it was read (null when only an id or a finding came in).</summary>
        public Identity AsRead { get; set; }
        /// <summary>The rotation status as it was read (Test-NhiRotation input).</summary>
        public RotationStatus Status { get; set; }

        /// <summary>Why, as the journal records it: the rule and its evidence, the rotation status, or the note.</summary>
        public string Reason
        {
            get
            {
                var parts = new System.Collections.Generic.List<string>();
                if (!string.IsNullOrEmpty(Rule)) parts.Add(Rule + (string.IsNullOrEmpty(Evidence) ? "" : ": " + Evidence));
                if (Status != null) parts.Add("rotation " + Status.Status + (string.IsNullOrEmpty(Status.Reason) ? "" : ": " + Status.Reason));
                if (!string.IsNullOrEmpty(Note)) parts.Add(Note);
                return parts.Count == 0 ? "requested" : string.Join("; ", parts);
            }
        }

        /// <summary>One key per identity + credential/permission: the same target twice in a pipeline is done once.</summary>
        public string Key => (IdentityId ?? "") + "|" + (CredentialId ?? "") + "|" + (Permission ?? "") + "|" + (Change?.Id ?? "");

        public CleanupTarget Clone() => (CleanupTarget)MemberwiseClone();

        public override string ToString() =>
            IdentityId + (CredentialId != null ? " credential " + CredentialId : "") + (Permission != null ? " permission " + Permission : "");
    }
}
