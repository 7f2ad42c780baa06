using System;
using System.Linq;
using System.Text.RegularExpressions;
using NhiTools.Engine.Sources.Offline.Common;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// Writes an identity's purpose as the IAM tag "purpose" on a user or role (TagUser/TagRole; an empty purpose
    /// sends UntagUser/UntagRole). The tag is read first: an unchanged purpose sends no write. Purposes.FromSource reads it back.
    /// </summary>
    internal static class PurposeTags
    {
        public const string Key = "purpose";
        private static readonly Regex TagValue = new Regex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", RegexOptions.CultureInvariant);

        public static bool Holds(Identity identity)
        {
            var arn = identity?.NativeId ?? ((identity?.Id ?? "").StartsWith("aws:", StringComparison.Ordinal) ? identity.Id.Substring(4) : null);
            return arn != null && (arn.IndexOf(":user/", StringComparison.Ordinal) > 0 || arn.IndexOf(":role/", StringComparison.Ordinal) > 0);
        }

        public static string Set(AwsAccount account, Identity identity, string purpose, IHostContext host)
        {
            var value = string.IsNullOrWhiteSpace(purpose) ? null : purpose.Trim();
            if (value != null && (value.Length > 256 || !TagValue.IsMatch(value)))
                throw new NhiException("NhiAwsInvalidTagValue", NhiErrorCategory.InvalidArgument,
                    "'" + value + "' cannot be an IAM tag value: at most 256 letters, digits, spaces and _ . : / = + - @ (no comma).", value);
            var (entity, name) = OwnerTags.Target(identity);
            var ct = host.CancellationToken;
            var p = new[] { QueryClient.P(entity + "Name", name) };
            var tags = account.Iam.ListAllAsync("List" + entity + "Tags", p, "Tags", ct).GetAwaiter().GetResult();
            var existing = tags.FirstOrDefault(t => string.Equals(t.Text("Key"), Key, StringComparison.OrdinalIgnoreCase));
            var key = existing?.Text("Key") ?? Key; // IAM tag keys are unique case-insensitively: keep the existing spelling
            var current = existing?.Text("Value");

            if (string.Equals(current, value, StringComparison.Ordinal) || (value == null && existing == null))
            {
                host.WriteVerbose(identity.Id + " already has purpose tag " + (value ?? "(none)") + "; nothing sent.");
            }
            else if (value == null)
            {
                account.Iam.CallAsync("Untag" + entity, new[] { QueryClient.P(entity + "Name", name), QueryClient.P("TagKeys.member.1", key) }, true, ct).GetAwaiter().GetResult();
                host.WriteVerbose("Removed tag " + key + " from " + identity.Id + ".");
            }
            else
            {
                account.Iam.CallAsync("Tag" + entity, new[]
                {
                    QueryClient.P(entity + "Name", name),
                    QueryClient.P("Tags.member.1.Key", key),
                    QueryClient.P("Tags.member.1.Value", value),
                }, true, ct).GetAwaiter().GetResult();
                host.WriteVerbose("Tagged " + identity.Id + " " + key + "=" + value + ".");
            }

            if (identity.Tags != null)
            {
                identity.Tags.Remove(key);
                if (value != null) identity.Tags[key] = value;
            }
            return value;
        }
    }
}
