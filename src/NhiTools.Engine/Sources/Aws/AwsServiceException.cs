using System;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// An error response of IAM or STS (query protocol): the AWS error code, the HTTP status and the request id.
    /// ErrorId is "NhiAws" + code (NhiAwsNoSuchEntity, NhiAwsThrottling, NhiAwsInvalidClientTokenId...), stable
    /// because AWS error codes are. The message carries AWS's message, which never holds a secret.
    /// </summary>
    public sealed class AwsServiceException : NhiException
    {
        public string Code { get; }
        public int HttpStatus { get; }
        public string RequestId { get; }
        /// <summary>The query action that failed (ListUsers, CreateAccessKey, AssumeRole...).</summary>
        public string Action { get; }

        public AwsServiceException(string action, string code, int httpStatus, string awsMessage, string requestId, object target = null)
            : base("NhiAws" + Sanitize(code), CategoryOf(code, httpStatus),
                   action + " failed: " + code + " (HTTP " + httpStatus + ")" + (string.IsNullOrEmpty(awsMessage) ? "" : ": " + awsMessage)
                   + (string.IsNullOrEmpty(requestId) ? "" : " [request " + requestId + "]"),
                   target ?? action)
        {
            Action = action;
            Code = code;
            HttpStatus = httpStatus;
            RequestId = requestId;
        }

        /// <summary>Throttling and server faults: retried with backoff; every other error is final.</summary>
        public bool IsRetryable => IsThrottling(Code) || HttpStatus >= 500 || HttpStatus == 429;

        public static bool IsThrottling(string code) =>
            code == "Throttling" || code == "ThrottlingException" || code == "RequestLimitExceeded" || code == "TooManyRequestsException"
            || code == "RequestThrottled" || code == "RequestThrottledException" || code == "SlowDown";

        private static string Sanitize(string code)
        {
            if (string.IsNullOrEmpty(code)) return "Error";
            var chars = code.ToCharArray();
            for (int i = 0; i < chars.Length; i++) if (!char.IsLetterOrDigit(chars[i])) chars[i] = '_';
            return new string(chars);
        }

        private static NhiErrorCategory CategoryOf(string code, int status)
        {
            if (IsThrottling(code)) return NhiErrorCategory.LimitsExceeded;
            switch (code)
            {
                case "NoSuchEntity": return NhiErrorCategory.ObjectNotFound;
                case "LimitExceeded": return NhiErrorCategory.LimitsExceeded;
                case "InvalidClientTokenId":
                case "SignatureDoesNotMatch":
                case "ExpiredToken":
                case "IncompleteSignature":
                case "MissingAuthenticationToken":
                case "RequestExpired": return NhiErrorCategory.AuthenticationError;
                case "AccessDenied":
                case "AccessDeniedException":
                case "UnauthorizedOperation": return NhiErrorCategory.PermissionDenied;
                case "InvalidInput":
                case "ValidationError":
                case "MalformedPolicyDocument": return NhiErrorCategory.InvalidArgument;
                case "EntityAlreadyExists":
                case "ConcurrentModification":
                case "DeleteConflict":
                case "ReportInProgress": return NhiErrorCategory.ResourceBusy;
                case "ReportNotPresent":
                case "ReportExpired": return NhiErrorCategory.ObjectNotFound;
            }
            return status >= 500 ? NhiErrorCategory.ResourceUnavailable : NhiErrorCategory.InvalidOperation;
        }
    }
}
