using System;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Entra
{
    /// <summary>Stable ErrorIds of the live Entra source. Messages carry Graph's error code and text, never a token or secret.</summary>
    internal static class EntraErrors
    {
        public const string InvalidArgument = "NhiEntraInvalidArgument";
        public const string AuthenticationFailed = "NhiEntraAuthenticationFailed";
        public const string ListFailed = "NhiEntraListFailed";
        public const string RequestFailed = "NhiEntraRequestFailed";
        public const string IdentityNotFound = "NhiEntraIdentityNotFound";
        public const string OwnerNotFound = "NhiOwnerNotFound";
        public const string NotSupported = "NhiEntraNotSupported";
        public const string PermissionDenied = "NhiEntraPermissionDenied";

        public static NhiException BadArgument(string message, object target = null) =>
            new NhiException(InvalidArgument, NhiErrorCategory.InvalidArgument, message, target);

        public static NhiException ListFailed_(string what, int page, GraphFailure failure) =>
            new NhiException(ListFailed, Category(failure.Status),
                $"Listing {what} failed on page {page}: {failure}. The list is incomplete, so nothing is reported as missing; run again.",
                what, failure.Inner);

        public static NhiException Request(string action, GraphFailure failure, object target) =>
            new NhiException(failure.Status == 404 ? IdentityNotFound : failure.Status == 403 ? PermissionDenied : RequestFailed,
                Category(failure.Status), $"{action} failed: {failure}.", target, failure.Inner);

        public static NhiErrorCategory Category(int status) => HttpStatusCategory.Of(status);
    }

    /// <summary>A Graph request that failed for good: status (0 = no response), Graph error code and message.</summary>
    internal sealed class GraphFailure
    {
        public int Status;
        public string Code;
        public string Message;
        public Exception Inner;
        public int Attempts;

        public override string ToString() =>
            (Status == 0 ? "no response" : "HTTP " + Status) + (Code != null ? " " + Code : "") + (Message != null ? ": " + Message : "")
            + (Attempts > 1 ? $" (after {Attempts} attempts)" : "");
    }

    /// <summary>Thrown inside the Graph client when a request fails for good; callers turn it into an NhiException.</summary>
    internal sealed class GraphRequestException : Exception
    {
        public GraphFailure Failure { get; }
        public GraphRequestException(GraphFailure failure) : base(failure.ToString(), failure.Inner) { Failure = failure; }
    }
}
