using System;
using System.Collections.Generic;
using System.Linq;

namespace NhiTools.Engine.Report
{
    /// <summary>What a report shows. Everything here is data NhiTools already prints; it holds no secret value.</summary>
    public sealed class ReportData
    {
        public IReadOnlyList<Identity> Identities { get; set; } = Array.Empty<Identity>();
        public IReadOnlyList<Finding> Findings { get; set; } = Array.Empty<Finding>();
        public IReadOnlyList<RotationStatus> Rotation { get; set; } = Array.Empty<RotationStatus>();
        public IReadOnlyList<SecretFinding> Secrets { get; set; } = Array.Empty<SecretFinding>();
        /// <summary>AI agents (Get-NhiAgent), resolved or not: each is one node on the access map, with its identities beneath.</summary>
        public IReadOnlyList<Agent> Agents { get; set; } = Array.Empty<Agent>();
        /// <summary>Access review items (New-NhiReview, any campaign): the governance table shows each identity's last decision and next due date.</summary>
        public IReadOnlyList<ReviewItem> Reviews { get; set; } = Array.Empty<ReviewItem>();
        /// <summary>Exceptions (Add-NhiException and the policy's Exceptions): those in force at AsOf are shown on their identities.</summary>
        public IReadOnlyList<Exemption> Exemptions { get; set; } = Array.Empty<Exemption>();
        /// <summary>The policy's ReviewCycleDays: a decision is due again this many days after it was made.</summary>
        public int ReviewCycleDays { get; set; } = 90;
        /// <summary>The date the report describes; ages are measured against it, never against the clock.</summary>
        public DateTime AsOf { get; set; }
        public string Title { get; set; } = "NhiTools report";

        internal IEnumerable<Identity> Nhis => (Identities ?? Array.Empty<Identity>()).Where(i => i != null && i.Kind != IdentityKind.Human);
        internal IEnumerable<Finding> AllFindings => (Findings ?? Array.Empty<Finding>()).Where(f => f != null);
        internal IEnumerable<RotationStatus> AllRotation => (Rotation ?? Array.Empty<RotationStatus>()).Where(r => r != null);
        internal IEnumerable<Agent> AllAgents => (Agents ?? Array.Empty<Agent>()).Where(a => a != null && !string.IsNullOrEmpty(a.Name));
        internal IEnumerable<SecretFinding> AllSecrets => (Secrets ?? Array.Empty<SecretFinding>()).Where(s => s != null);

        /// <summary>No owner, or every owner is known to be disabled or deleted.</summary>
        internal static bool IsUnowned(Identity i)
        {
            var owners = (i.Owners ?? Array.Empty<string>()).Where(o => !string.IsNullOrWhiteSpace(o)).ToList();
            if (owners.Count == 0) return true;
            return owners.All(o => i.OwnerStates != null && i.OwnerStates.TryGetValue(o, out string s)
                && (s.Equals("Disabled", StringComparison.OrdinalIgnoreCase) || s.Equals("Deleted", StringComparison.OrdinalIgnoreCase)));
        }

        /// <summary>Findings in "fix these first" order: score, then severity, then identity and rule (stable).</summary>
        internal IEnumerable<Finding> Ranked => AllFindings.OrderByDescending(f => f.Score).ThenByDescending(f => f.Severity)
            .ThenBy(f => f.IdentityId, StringComparer.Ordinal).ThenBy(f => f.Rule, StringComparer.Ordinal).ThenBy(f => f.CredentialId, StringComparer.Ordinal);
    }
}
