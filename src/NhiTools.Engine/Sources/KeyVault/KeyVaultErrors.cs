using System;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.KeyVault
{
    /// <summary>
    /// Stable ErrorIds of the Key Vault source and rotation vault. Messages carry the vault's status, error code and
    /// its (scrubbed, shortened) message - never the SDK exception's text, which can carry request and response content.
    /// </summary>
    internal static class KeyVaultErrors
    {
        public const string InvalidArgument = "NhiKeyVaultInvalidArgument";
        public const string AuthenticationFailed = "NhiKeyVaultAuthenticationFailed";
        public const string RequestFailed = "NhiKeyVaultRequestFailed";
        public const string ListFailed = "NhiKeyVaultListFailed";
        public const string PermissionDenied = "NhiKeyVaultPermissionDenied";
        public const string Throttled = "NhiKeyVaultThrottled";
        public const string NotConnected = "NhiKeyVaultNotConnected";

        public static NhiException BadArgument(string message, object target = null) =>
            new NhiException(InvalidArgument, NhiErrorCategory.InvalidArgument, message, target);

        public static NhiException Request(string action, KeyVaultFailure f, object target) =>
            new NhiException(Id(f), Category(f.Status), $"{action} failed: {f}.", target);

        public static NhiException List(string vault, int page, KeyVaultFailure f) =>
            new NhiException(ListFailed, Category(f.Status),
                $"Listing the secrets of {vault} failed on page {page}: {f}. The list is incomplete, so nothing is reported; run again.", vault);

        private static string Id(KeyVaultFailure f) =>
            f.Authentication || f.Status == 401 ? AuthenticationFailed
            : f.Status == 403 ? PermissionDenied
            : f.Status == 429 ? Throttled
            : RequestFailed;

        public static NhiErrorCategory Category(int status) => HttpStatusCategory.Of(status);
    }

    /// <summary>A Key Vault request that failed for good: status (0 = no answer), error code, inner code, message.</summary>
    internal sealed class KeyVaultFailure
    {
        public int Status;
        public string Code;
        public string InnerCode;
        public string Message;
        public string RetryAfter;
        public int Attempts;
        /// <summary>The token could not be obtained (no request reached the vault).</summary>
        public bool Authentication;
        /// <summary>No answer, and asking again cannot help (the server's TLS certificate is not trusted).</summary>
        public bool Permanent;

        public bool Is(string code) =>
            string.Equals(Code, code, StringComparison.OrdinalIgnoreCase) || string.Equals(InnerCode, code, StringComparison.OrdinalIgnoreCase);

        /// <summary>409 for a name whose secret is soft-deleted: it can only be recovered or purged.</summary>
        public bool DeletedButRecoverable =>
            Status == 409 && (Is("ObjectIsDeletedButRecoverable") || (Message ?? "").IndexOf("deleted but recoverable", StringComparison.OrdinalIgnoreCase) >= 0);

        /// <summary>403 because the version is disabled (not a permission problem).</summary>
        public bool Disabled =>
            Status == 403 && (Is("SecretDisabled") || (Message ?? "").IndexOf("disabled secret", StringComparison.OrdinalIgnoreCase) >= 0);

        public override string ToString() =>
            (Authentication ? "authentication failed" : Status == 0 ? "no response" : "HTTP " + Status)
            + (Code != null ? " " + Code : "") + (InnerCode != null && !string.Equals(InnerCode, Code, StringComparison.OrdinalIgnoreCase) ? "/" + InnerCode : "")
            + (Message != null ? ": " + Message : "") + (Attempts > 1 ? $" (after {Attempts} attempts)" : "");
    }

    /// <summary>Thrown inside the Key Vault client wrapper when a request fails for good; callers map it to an NhiException.</summary>
    internal sealed class KeyVaultRequestException : Exception
    {
        public KeyVaultFailure Failure { get; }
        public KeyVaultRequestException(KeyVaultFailure failure) : base(failure.ToString()) { Failure = failure; }
    }
}
