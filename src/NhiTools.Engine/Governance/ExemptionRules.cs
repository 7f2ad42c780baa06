using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using NhiTools.Engine.Analysis;
using NhiTools.Hosting;

namespace NhiTools.Engine.Governance
{
    /// <summary>
    /// What makes an exception acceptable and when it is in force. An exception must name a known rule, an identity,
    /// a reason, an approver and an end: open-ended or unapproved exceptions (the mutelist anti-pattern) are refused.
    /// </summary>
    public static class ExemptionRules
    {
        /// <summary>Throws NhiExceptionInvalid (InvalidArgument) naming what is missing; nothing is written by the caller.</summary>
        public static void Validate(Exemption e, string where = null)
        {
            var prefix = where == null ? "Exception" : where + ": exception";
            if (e == null) throw Invalid(prefix + " is missing.", null);
            if (string.IsNullOrWhiteSpace(e.Rule) || RuleCatalog.Find(e.Rule) == null)
                throw Invalid(prefix + " names rule '" + e.Rule + "', which is not a known rule. Known rules: " + string.Join(", ", RuleCatalog.All.Select(r => r.Id)) + ".", e.Rule);
            if (string.IsNullOrWhiteSpace(e.IdentityId) || e.IdentityId.IndexOfAny(new[] { '\n', '\r' }) >= 0)
                throw Invalid(prefix + " for " + e.Rule + " names no identity: give the identity id it covers.", e.IdentityId);
            if (e.ExpiresOn == default(DateTime))
                throw Invalid(prefix + " for " + e.Rule + " on " + e.IdentityId + " has no end date (ExpiresOn): an exception that never ends is refused.", e.IdentityId);
            if (string.IsNullOrWhiteSpace(e.ApprovedBy))
                throw Invalid(prefix + " for " + e.Rule + " on " + e.IdentityId + " has no approver (ApprovedBy): an exception nobody approved is refused.", e.IdentityId);
            if (string.IsNullOrWhiteSpace(e.Reason))
                throw Invalid(prefix + " for " + e.Rule + " on " + e.IdentityId + " has no reason: say why the risk is accepted.", e.IdentityId);
        }

        /// <summary>The instant the exception stops covering: a date without a time covers that whole day.</summary>
        public static DateTime End(DateTime expiresOn)
        {
            var utc = expiresOn.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(expiresOn, DateTimeKind.Utc) : expiresOn.ToUniversalTime();
            return utc.TimeOfDay == TimeSpan.Zero ? utc.AddDays(1) : utc;
        }

        public static ExemptionState StateAt(Exemption e, DateTime asOf) =>
            ToUtc(asOf) < End(e.ExpiresOn) ? ExemptionState.Active : ExemptionState.Expired;

        /// <summary>Identity ids match case-insensitively; * and ? in the exception's id are wildcards.</summary>
        public static bool Covers(Exemption e, string rule, string identityId)
        {
            if (!string.Equals(e.Rule, rule, StringComparison.OrdinalIgnoreCase) || identityId == null) return false;
            if (e.IdentityId.IndexOfAny(new[] { '*', '?' }) < 0) return string.Equals(e.IdentityId, identityId, StringComparison.OrdinalIgnoreCase);
            var pattern = "^" + Regex.Escape(e.IdentityId).Replace(@"\*", ".*").Replace(@"\?", ".") + "$";
            return Regex.IsMatch(identityId, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        /// <summary>One line for Finding.Exception: who approved what until when, and why.</summary>
        public static string Describe(Exemption e) =>
            (e.Id > 0 ? "#" + e.Id.ToString(CultureInfo.InvariantCulture) + " " : string.Empty) + e.Rule + " on " + e.IdentityId
            + ", approved by " + e.ApprovedBy + " until " + e.ExpiresOn.ToString(e.ExpiresOn.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            + ": " + e.Reason;

        internal static DateTime ToUtc(DateTime value) =>
            value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();

        private static NhiException Invalid(string message, object target) =>
            new NhiException("NhiExceptionInvalid", NhiErrorCategory.InvalidArgument, message, target);
    }
}
