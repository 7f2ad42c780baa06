using System;

namespace NhiTools.Engine.Rotation
{
    /// <summary>
    /// Journal states of a rotation (JournalRow.State) and how they map to the stage users see. A row is in progress
    /// unless Idle, Blocked or Failed; those three are where every run (resumed from any crash point) ends.
    /// </summary>
    public static class RotationStates
    {
        public const string Kind = "Rotation";
        public const string Idle = "Idle";
        /// <summary>Not saved: a new rotation checking the estate before its first write.</summary>
        public const string Preflight = "Preflight";
        /// <summary>About to create (or creating) the new credential; leftovers of this rotation id are ours to remove.</summary>
        public const string Creating = "Creating";
        /// <summary>The new credential exists (NewCredentialId); its value lives only in this run's memory.</summary>
        public const string Created = "Created";
        /// <summary>The value is in the "--pending" vault secret.</summary>
        public const string Pending = "Pending";
        /// <summary>The new credential got a token / a caller identity.</summary>
        public const string Verified = "Verified";
        /// <summary>The vault's current version holds the new credential.</summary>
        public const string Promoted = "Promoted";
        /// <summary>Waiting until NextStepAfter before the old credential is retired.</summary>
        public const string Grace = "Grace";
        public const string Retiring = "Retiring";
        /// <summary>AWS: the old key is inactive; it is deleted on the next step.</summary>
        public const string Deactivated = "Deactivated";
        /// <summary>Undoing a rotation that failed before promotion (resumable: the vault is checked before anything is removed).</summary>
        public const string RollingBack = "RollingBack";
        public const string Blocked = "Blocked";
        public const string Failed = "Failed";

        public static bool IsInProgress(string state) =>
            !(string.IsNullOrEmpty(state) || state == Idle || state == Blocked || state == Failed);

        public static RotationStage Stage(string state, bool retiredNow = false)
        {
            switch (state)
            {
                case Idle: return retiredNow ? RotationStage.Retired : RotationStage.Idle;
                case Promoted: return RotationStage.Promoted;
                case Grace:
                case Retiring:
                case Deactivated: return RotationStage.Grace;
                case Blocked: return RotationStage.Blocked;
                case Failed: return RotationStage.Failed;
                case null:
                case "":
                case Preflight: return RotationStage.Idle;
                default: return RotationStage.Pending;
            }
        }

        /// <summary>The journal key of one credential's rotation into one vault secret.</summary>
        public static string Key(string identityId, Uri vaultUri, string secretName) =>
            "rotation|" + identityId + "|" + VaultSecretBase(vaultUri, secretName);

        /// <summary>https://vault/secrets/name (no version).</summary>
        public static string VaultSecretBase(Uri vaultUri, string secretName) =>
            vaultUri.ToString().TrimEnd('/') + "/secrets/" + secretName;
    }
}
