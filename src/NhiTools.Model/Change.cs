using System;

namespace NhiTools
{
    /// <summary>
    /// One change NhiTools made (Get-NhiChange): who, when, why, to what, the state before and after (never a
    /// secret value), how it ended, and whether Undo-NhiChange can reverse it.
    /// </summary>
    public sealed class Change
    {
        /// <summary>Pass it to Undo-NhiChange -Id.</summary>
        public string Id { get; set; }
        public DateTime At { get; set; }
        public string Actor { get; set; }
        /// <summary>Disable, Enable, DeactivateCredential, DeleteCredential, RevokePermission, DeleteIdentity, Undo, AddPassword...</summary>
        public string Action { get; set; }
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        public string Provider { get; set; }
        /// <summary>The credential, permission or (for an Undo) change id concerned; empty for the identity itself.</summary>
        public string Target { get; set; }
        public string OperationId { get; set; }
        /// <summary>Why: the finding's rule and evidence, the rotation status, or the reason given.</summary>
        public string Reason { get; set; }
        public string Before { get; set; }
        public string After { get; set; }
        /// <summary>Started (interrupted: may or may not have been applied), Done, Unchanged (already so), Failed.</summary>
        public string Outcome { get; set; }
        /// <summary>The error of a failed change, scrubbed.</summary>
        public string Error { get; set; }
        /// <summary>True when Undo-NhiChange can reverse it.</summary>
        public bool CanUndo { get; set; }
        /// <summary>Why it cannot be undone, when it cannot.</summary>
        public string UndoNote { get; set; }
        /// <summary>The id of the Undo change that reversed it, if any.</summary>
        public string UndoneBy { get; set; }
        public DateTime? UndoneOn { get; set; }

        public override string ToString() => At.ToString("u") + " " + Action + " " + IdentityId + (string.IsNullOrEmpty(Target) ? "" : " " + Target) + " " + Outcome;
    }
}
