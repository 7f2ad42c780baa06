using System;
using System.Collections.Generic;
using NhiTools.Hosting;

namespace NhiTools.Engine.Cleanup
{
    /// <summary>The change actions cleanup writes to the journal (ChangeRecord.Action), and how each is undone.</summary>
    public static class CleanupActions
    {
        public const string Disable = "Disable";
        public const string Enable = "Enable";
        public const string DeactivateCredential = "DeactivateCredential";
        public const string ReactivateCredential = "ReactivateCredential";
        public const string DeleteCredential = "DeleteCredential";
        public const string RevokePermission = "RevokePermission";
        public const string RestorePermission = "RestorePermission";
        public const string DeleteIdentity = "DeleteIdentity";
        public const string RestoreIdentity = "RestoreIdentity";
        /// <summary>An Undo-NhiChange: Target is the id of the change it reverses.</summary>
        public const string Undo = "Undo";

        private static readonly Dictionary<string, string> Reverse = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [Disable] = Enable,
            [Enable] = Disable,
            [DeactivateCredential] = ReactivateCredential,
            [ReactivateCredential] = DeactivateCredential,
            [RevokePermission] = RestorePermission,
            [DeleteIdentity] = RestoreIdentity,
        };

        /// <summary>The action that reverses <paramref name="action"/>, or null with the reason it cannot be reversed.</summary>
        public static string ReverseOf(string action, string provider, out string whyNot)
        {
            whyNot = null;
            if (action != null && Reverse.TryGetValue(action, out var r))
            {
                if (action == DeleteIdentity && string.Equals(provider, "Aws", StringComparison.OrdinalIgnoreCase))
                {
                    whyNot = "IAM cannot restore a deleted user or role. What was attached is in the change's Before; recreate the identity from it.";
                    return null;
                }
                return r;
            }
            switch (action)
            {
                case DeleteCredential:
                    whyNot = "A deleted credential cannot be restored by any provider (its secret is gone). Issue a new one (Invoke-NhiRotate) if it is still needed.";
                    return null;
                case RestorePermission:
                case RestoreIdentity:
                    whyNot = "Undo the original " + (action == RestorePermission ? RevokePermission : DeleteIdentity) + " change instead, or revoke/delete again.";
                    return null;
                case Undo:
                    whyNot = "An undo is not undone; run the original command again.";
                    return null;
                default:
                    whyNot = "'" + action + "' is not a cleanup change; Undo-NhiChange reverses Disable, Enable, DeactivateCredential, ReactivateCredential, RevokePermission and (Entra) DeleteIdentity.";
                    return null;
            }
        }
    }

    /// <summary>Stable ErrorIds of the cleanup guardrails.</summary>
    public static class CleanupErrors
    {
        public const string BlastRadius = "NhiBlastRadius";
        public const string NotConnected = "NhiNotConnected";
        public const string IdentityNotFound = "NhiIdentityNotFound";
        public const string CredentialNotFound = "NhiCredentialNotFound";
        public const string NotSupported = "NhiCleanupNotSupported";
        public const string Busy = "NhiCleanupBusy";
        public const string InvalidTarget = "NhiInvalidTarget";
        public const string ChangeNotFound = "NhiChangeNotFound";
        public const string CannotUndo = "NhiCannotUndo";
        public const string NotQuarantined = "NhiNotQuarantined";
        public const string LastCredential = "NhiLastCredential";
        /// <summary>The identity or credential was used after its finding was made (-ActivityPath).</summary>
        public const string InUse = "NhiIdentityInUse";

        public static NhiException NotSupportedFor(string what, object target) =>
            new NhiException(NotSupported, NhiErrorCategory.NotImplemented, what, target);
    }
}
