using System;
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
                status.Reason = "last rotated " + Days(age.Value) + " ago; limit " + Days(maxAge);
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
