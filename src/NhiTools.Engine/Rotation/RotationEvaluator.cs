using System;
using System.Collections.Generic;
using NhiTools;

namespace NhiTools.Engine.Rotation
{
    /// <summary>
    /// The rotation verdict for one credential at a point in time. Order of precedence: Disabled, Expired,
    /// Overdue, DueSoon, Compliant — an expired key that is also disabled is reported Disabled because it can
    /// no longer be used; an expired one is worse than an old one.
    /// </summary>
    public sealed class RotationEvaluator
    {
        public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(90);
        public static readonly TimeSpan DefaultExpiryWarning = TimeSpan.FromDays(30);

        private readonly TimeSpan maxAge;
        private readonly TimeSpan expiryWarning;
        private readonly Dictionary<CredentialType, TimeSpan> maxAgeByType = new Dictionary<CredentialType, TimeSpan>();
        private readonly Dictionary<CredentialType, TimeSpan> warningByType = new Dictionary<CredentialType, TimeSpan>();

        /// <summary>
        /// Limits per credential type over the general ones: certificates are judged by their expiry window and a
        /// maximum age of their own, keys and secrets by age (see FindingPolicy.RotationMaxAgeDaysByType).
        /// </summary>
        public RotationEvaluator(TimeSpan maxAge, TimeSpan expiryWarning, IDictionary<CredentialType, TimeSpan> maxAgeByType, IDictionary<CredentialType, TimeSpan> expiryWarningByType)
            : this(maxAge, expiryWarning)
        {
            foreach (var kv in maxAgeByType ?? new Dictionary<CredentialType, TimeSpan>())
            {
                if (kv.Value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(maxAgeByType), "MaxAge for " + kv.Key + " must be positive.");
                this.maxAgeByType[kv.Key] = kv.Value;
            }
            foreach (var kv in expiryWarningByType ?? new Dictionary<CredentialType, TimeSpan>())
            {
                if (kv.Value < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(expiryWarningByType), "ExpiryWarning for " + kv.Key + " cannot be negative.");
                warningByType[kv.Key] = kv.Value;
            }
        }

        /// <summary>The evaluator for a finding policy's rotation limits (the shipped defaults when null).</summary>
        public static RotationEvaluator FromPolicy(NhiTools.Engine.Analysis.FindingPolicy policy)
        {
            policy = policy ?? NhiTools.Engine.Analysis.FindingPolicy.Default;
            return new RotationEvaluator(TimeSpan.FromDays(policy.RotationMaxAgeDays), TimeSpan.FromDays(policy.RotationExpiryWarningDays),
                Types(policy.RotationMaxAgeDaysByType), Types(policy.RotationExpiryWarningDaysByType));
        }

        /// <summary>The policy's per-type limits as time spans (type names already validated by the policy).</summary>
        public static Dictionary<CredentialType, TimeSpan> Types(IDictionary<string, int> days)
        {
            var map = new Dictionary<CredentialType, TimeSpan>();
            foreach (var kv in days ?? new Dictionary<string, int>())
                if (Enum.TryParse(kv.Key, true, out CredentialType t)) map[t] = TimeSpan.FromDays(kv.Value);
            return map;
        }

        public RotationEvaluator(TimeSpan maxAge, TimeSpan expiryWarning)
        {
            if (maxAge <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(maxAge), "MaxAge must be positive.");
            }

            if (expiryWarning < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(expiryWarning), "ExpiryWarning cannot be negative.");
            }

            this.maxAge = maxAge;
            this.expiryWarning = expiryWarning;
        }

        public RotationStatus Evaluate(Identity identity, Credential credential, DateTime asOf)
        {
            asOf = AsUtc(asOf);
            var maxAge = maxAgeByType.TryGetValue(credential.Type, out var m) ? m : this.maxAge;
            var expiryWarning = warningByType.TryGetValue(credential.Type, out var w) ? w : this.expiryWarning;
            string perType = maxAgeByType.ContainsKey(credential.Type) ? " for a " + credential.Type : "";
            var rotatedOn = credential.LastRotatedOn ?? credential.CreatedOn;
            TimeSpan? age = rotatedOn.HasValue ? asOf - AsUtc(rotatedOn.Value) : (TimeSpan?)null;
            var expires = credential.ExpiresOn.HasValue ? AsUtc(credential.ExpiresOn.Value) : (DateTime?)null;

            var status = new RotationStatus
            {
                IdentityId = identity?.Id ?? credential.IdentityId,
                IdentityName = identity?.Name,
                Provider = identity?.Provider,
                CredentialId = credential.Id,
                CredentialType = credential.Type,
                Age = age,
                ExpiresOn = expires,
                NeverExpires = !expires.HasValue,
                AsOf = asOf,
            };

            if (!credential.Enabled)
            {
                status.Status = RotationState.Disabled;
                status.Reason = "credential is inactive";
            }
            else if (expires.HasValue && expires.Value <= asOf)
            {
                status.Status = RotationState.Expired;
                status.Reason = "expired " + Days(asOf - expires.Value) + " ago";
            }
            else if (age.HasValue && age.Value > maxAge)
            {
                status.Status = RotationState.Overdue;
                status.Reason = "last rotated " + Days(age.Value) + " ago; limit " + Days(maxAge) + perType;
            }
            else if (expires.HasValue && expires.Value - asOf <= expiryWarning)
            {
                status.Status = RotationState.DueSoon;
                status.Reason = "expires in " + Days(expires.Value - asOf);
            }
            else if (age.HasValue && maxAge - age.Value <= expiryWarning)
            {
                status.Status = RotationState.DueSoon;
                status.Reason = "overdue in " + Days(maxAge - age.Value);
            }
            else
            {
                status.Status = RotationState.Compliant;
                status.Reason = age.HasValue ? "rotated " + Days(age.Value) + " ago" : "age unknown";
            }

            return status;
        }

        private static string Days(TimeSpan span)
        {
            var days = (int)Math.Floor(span.TotalDays);
            return days == 1 ? "1 day" : days + " days";
        }

        internal static DateTime AsUtc(DateTime value) =>
            value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
    }
}
