using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using NhiTools.Engine.Sources.Offline.Common;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// Writes an identity's owner as an IAM tag (TagUser / TagRole). IAM tag values allow only letters, digits,
    /// spaces and _ . : / = + - @ (no comma or semicolon), so an AWS owner tag holds one owner: adding a second
    /// owner is refused with a clear error, -Replace sets the one owner. The current tag is read at the source
    /// first, so a stale pipeline object neither loses nor invents an owner, and an unchanged owner sends no write.
    /// </summary>
    internal static class OwnerTags
    {
        private static readonly Regex TagValue = new Regex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", RegexOptions.CultureInvariant);

        public static string[] Set(AwsAccount account, string ownerTagKey, Identity identity, IReadOnlyList<string> owners, bool replace, IHostContext host)
        {
            try { return SetTag(account, ownerTagKey, identity, owners, replace, host); }
            finally { account.Iam.Retry.Drain(host); } // retry warnings and -Debug traces, on this (the pipeline) thread
        }

        private static string[] SetTag(AwsAccount account, string ownerTagKey, Identity identity, IReadOnlyList<string> owners, bool replace, IHostContext host)
        {
            var (entity, name) = Target(identity);
            var ct = host.CancellationToken;
            var p = new[] { QueryClient.P(entity + "Name", name) };
            var tags = account.Iam.ListAllAsync("List" + entity + "Tags", p, "Tags", ct).GetAwaiter().GetResult();
            var existing = tags.FirstOrDefault(t => string.Equals(t.Text("Key"), ownerTagKey, StringComparison.OrdinalIgnoreCase));
            var current = Values.SplitOwners(existing?.Text("Value"));

            var wanted = new List<string>(replace ? Array.Empty<string>() : current);
            foreach (var o in owners)
                if (!wanted.Contains(o, StringComparer.OrdinalIgnoreCase)) wanted.Add(o.Trim());
            if (wanted.Count != 1)
                throw new NhiException("NhiAwsOneOwnerPerTag", NhiErrorCategory.InvalidArgument,
                    identity.Id + " would have " + wanted.Count + " owners (" + string.Join(", ", wanted) + "), but an IAM tag value cannot list several"
                    + " (no comma or semicolon allowed). Give one owner with -Replace.", identity.Id);
            var value = wanted[0];
            if (value.Length > 256 || !TagValue.IsMatch(value))
                throw new NhiException("NhiAwsInvalidTagValue", NhiErrorCategory.InvalidArgument,
                    "'" + value + "' cannot be an IAM tag value: at most 256 letters, digits, spaces and _ . : / = + - @.", value);

            if (current.Length == 1 && string.Equals(current[0], value, StringComparison.Ordinal))
            {
                host.WriteVerbose(identity.Id + " already has owner tag " + ownerTagKey + "=" + value + "; nothing sent.");
            }
            else
            {
                // Keep the spelling of an existing key: IAM tag keys are unique case-insensitively.
                var key = existing?.Text("Key") ?? ownerTagKey;
                account.Iam.CallAsync("Tag" + entity, new[]
                {
                    QueryClient.P(entity + "Name", name),
                    QueryClient.P("Tags.member.1.Key", key),
                    QueryClient.P("Tags.member.1.Value", value),
                }, true, ct).GetAwaiter().GetResult();
                host.WriteVerbose("Tagged " + identity.Id + " " + key + "=" + value + ".");
                if (identity.Tags != null)
                {
                    identity.Tags.Remove(key);
                    identity.Tags[key] = value;
                }
            }
            return new[] { value };
        }

        internal static (string Entity, string Name) Target(Identity identity)
        {
            var arn = identity.NativeId ?? (identity.Id != null && identity.Id.StartsWith("aws:", StringComparison.Ordinal) ? identity.Id.Substring(4) : null);
            int slash = arn == null ? -1 : arn.LastIndexOf('/');
            string name = slash < 0 ? null : arn.Substring(slash + 1);
            if (arn != null && name != null && arn.IndexOf(":user/", StringComparison.Ordinal) > 0) return ("User", name);
            if (arn != null && name != null && arn.IndexOf(":role/", StringComparison.Ordinal) > 0) return ("Role", name);
            throw new NhiException("NhiAwsCannotTag", NhiErrorCategory.InvalidArgument,
                identity.Id + " is not an IAM user or role; only those carry an owner tag (the root account cannot be tagged).", identity.Id);
        }
    }
}
