using System;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Offline
{
    /// <summary>The stable error ids of the offline source.</summary>
    internal static class OfflineErrors
    {
        public const string UnknownFormat = "NhiUnknownFormat";
        public const string Malformed = "NhiMalformedInput";
        public const string Unreadable = "NhiFileUnreadable";
        public const string PathNotFound = "NhiPathNotFound";
        public const string InputTooLarge = "NhiInputTooLarge";

        public static NhiException TooLarge(string path, long line, long limit) =>
            new NhiException(InputTooLarge, NhiErrorCategory.LimitsExceeded,
                $"'{path}' line {line}: one line or JSON value is larger than {limit / (1024 * 1024)} MB, which no real export holds; the file is skipped, every other file is read.", path);

        public static NhiException Unknown(string path) =>
            new NhiException(UnknownFormat, NhiErrorCategory.InvalidData,
                $"'{path}' is not a recognised export (credential report CSV, IAM authorization details / access keys JSON, Graph collection JSON, Key Vault secret list JSON, CloudTrail logs or lookup-events JSON, Access Advisor JSON, Graph sign-in or directory audit logs).", path);

        /// <summary>line is 1-based, or 0 when unknown. The message never quotes file content (it may hold secrets).</summary>
        public static NhiException MalformedAt(string path, long line, string what, Exception inner = null) =>
            new NhiException(Malformed, NhiErrorCategory.InvalidData,
                line > 0 ? $"'{path}' line {line}: {what}" : $"'{path}': {what}", path, inner);

        public static NhiException CannotRead(string path, Exception inner) =>
            new NhiException(Unreadable, NhiErrorCategory.ReadError, $"Cannot read '{path}': {inner.Message}", path, inner);

        public static NhiException NotFound(string path) =>
            new NhiException(PathNotFound, NhiErrorCategory.ObjectNotFound, $"Path '{path}' does not exist.", path);
    }
}
