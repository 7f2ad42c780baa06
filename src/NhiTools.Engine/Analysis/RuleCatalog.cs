using System;
using System.Collections.Generic;
using System.Linq;

namespace NhiTools.Engine.Analysis
{
    /// <summary>What a rule is: its stable id, OWASP NHI Top 10 (2025) category, usual severity and title.</summary>
    public sealed class RuleInfo
    {
        internal RuleInfo(string id, string owasp, Severity severity, string title, string description)
        {
            Id = id; Owasp = owasp; DefaultSeverity = severity; Title = title; Description = description;
        }
        public string Id { get; }
        public string Owasp { get; }
        /// <summary>The usual severity; a few rules raise or lower it per finding (see Description).</summary>
        public Severity DefaultSeverity { get; }
        public string Title { get; }
        /// <summary>What makes the rule fire.</summary>
        public string Description { get; }
        public override string ToString() => Id;
    }

    /// <summary>Stable rule ids. Never rename one: policies, suppressions and reports key on them.</summary>
    public static class RuleIds
    {
        public const string Unowned = "NHI-UNOWNED";
        public const string OwnerGone = "NHI-OWNER-GONE";
        public const string Dormant = "NHI-DORMANT";
        public const string TempAccessExpired = "NHI-TEMP-ACCESS-EXPIRED";
        public const string SecretEmbedded = "NHI-SECRET-EMBEDDED";
        public const string ThirdParty = "NHI-THIRD-PARTY";
        public const string WeakAuth = "NHI-WEAK-AUTH";
        public const string Overprivileged = "NHI-OVERPRIVILEGED";
        public const string CrossSystem = "NHI-CROSS-SYSTEM";
        public const string InsecureDeploy = "NHI-INSECURE-DEPLOY";
        public const string ExpiredCredential = "NHI-EXPIRED-CREDENTIAL";
        public const string RotationOverdue = "NHI-ROTATION-OVERDUE";
        public const string LongLived = "NHI-LONG-LIVED";
        public const string UnusedCredential = "NHI-UNUSED-CREDENTIAL";
        public const string EnvReuse = "NHI-ENV-REUSE";
        public const string MultipleActiveKeys = "NHI-MULTIPLE-ACTIVE-KEYS";
        public const string Shared = "NHI-SHARED";
        public const string HumanUse = "NHI-HUMAN-USE";
        public const string UnusedPermission = "NHI-UNUSED-PERMISSION";
        public const string AgentInherited = "NHI-AGENT-INHERITED";
        public const string AgentUnscoped = "NHI-AGENT-UNSCOPED";
        public const string AgentUnowned = "NHI-AGENT-UNOWNED";
        public const string AgentChained = "NHI-AGENT-CHAINED";
        public const string ExceptionNorm = "NHI-EXCEPTION-NORM";
        public const string NoPurpose = "NHI-NO-PURPOSE";
        public const string NotReviewed = "NHI-NOT-REVIEWED";
        public const string AnomalousUse = "NHI-ANOMALOUS-USE";
    }

    internal static class RuleCatalog
    {
        public static readonly IReadOnlyList<RuleInfo> All = new[]
        {
            new RuleInfo(RuleIds.Unowned, "NHI1", Severity.Medium, "No owner",
                "No owner in Owners or in an owner tag."),
            new RuleInfo(RuleIds.OwnerGone, "NHI1", Severity.High, "Every owner has left",
                "Every owner is Disabled or Deleted (OwnerStates); owners of unknown state keep it quiet."),
            new RuleInfo(RuleIds.Dormant, "NHI1", Severity.Medium, "Dormant identity",
                "Enabled, holds an enabled credential (roles and managed identities need none), and its last known use is more than DormantDays ago; unknown usage never counts as unused."),
            new RuleInfo(RuleIds.TempAccessExpired, "NHI1", Severity.High, "Temporary access past its end",
                "Marked temporary (temporary/temp/ticket tag, name, or notes saying temporary) with an end date (tag or notes, as people write it: 'remove after 2026-03-31', 'until end of March 2026') before AsOf, and still enabled (High); or marked temporary with no end date and older than MaxTemporaryAgeDays (Medium)."),
            new RuleInfo(RuleIds.SecretEmbedded, "NHI2", Severity.High, "Secret embedded in a file",
                "A secret scanner hit (Find-NhiSecret); Medium for identifiers such as access key ids."),
            new RuleInfo(RuleIds.ThirdParty, "NHI3", Severity.High, "Third-party app with high-risk permissions",
                "An app owned by another organisation holds privileged, high-risk or data-wide permissions (Medium when only data-wide)."),
            new RuleInfo(RuleIds.WeakAuth, "NHI4", Severity.Medium, "Static secret where a stronger method exists",
                "A console password without MFA (Medium); an Entra app or service principal with a client secret, or an IAM user with access keys, where a certificate, federated credential, managed identity or role would do (Low)."),
            new RuleInfo(RuleIds.Overprivileged, "NHI5", Severity.Critical, "Overprivileged identity",
                "Admin-equivalent permissions (Critical), high-risk actions on * (High) or tenant/account-wide data access (Medium)."),
            new RuleInfo(RuleIds.UnusedPermission, "NHI5", Severity.Medium, "Granted rights unused",
                "Activity logs (CloudTrail, Access Advisor, Entra sign-in and audit logs) cover at least UnusedPermissionMinCoverageDays of the last UnusedPermissionDays and show the identity never used some of what it is granted: AWS services of its policies, AWS actions granted by name and never called where CloudTrail records them (data events only when the logs hold that service's), Entra resource apps of its app roles, directory write rights. High when the unused part is every service (*) or admin-equivalent. No activity naming the identity: no finding (unknown is not unused)."),
            new RuleInfo(RuleIds.CrossSystem, "NHI5", Severity.Medium, "Access bridge across systems",
                "Reaches more than one account/tenant: assumable by another account, any principal (High) or an OIDC/SAML issuer; a credential stored in several vaults; rights in several resource apps. Low when the only bridge is OIDC trust pinned to one subject."),
            new RuleInfo(RuleIds.InsecureDeploy, "NHI6", Severity.High, "Insecure deployment trust",
                "A federated (OIDC) trust with no or a wildcard subject (High), or static keys used by a CI/CD pipeline (Medium)."),
            new RuleInfo(RuleIds.ExpiredCredential, "NHI7", Severity.Low, "Expired credential still attached",
                "A credential whose ExpiresOn is at or before AsOf is still attached."),
            new RuleInfo(RuleIds.RotationOverdue, "NHI7", Severity.Medium, "Credential rotation overdue",
                "An enabled, unexpired credential is more than RotationMaxAgeDays old (LastRotatedOn, else CreatedOn)."),
            new RuleInfo(RuleIds.LongLived, "NHI7", Severity.Medium, "Long-lived credential",
                "An enabled credential lives more than MaxLifetimeDays (ExpiresOn - CreatedOn) or never expires; Low for AWS access keys, which cannot expire (their age is NHI-ROTATION-OVERDUE's)."),
            new RuleInfo(RuleIds.UnusedCredential, "NHI7", Severity.Medium, "Unused credential",
                "An enabled credential last used more than UnusedCredentialDays ago, or never used and created more than that ago."),
            new RuleInfo(RuleIds.EnvReuse, "NHI8", Severity.High, "Identity spans production and non-production",
                "The identity or its credential is in production and non-production: environment, env tags, accounts, or the vaults holding its credential."),
            new RuleInfo(RuleIds.MultipleActiveKeys, "NHI9", Severity.Medium, "Several active keys",
                "More than MaxActiveCredentials enabled, unexpired access keys or client secrets."),
            new RuleInfo(RuleIds.Shared, "NHI9", Severity.Medium, "Identity shared by several workloads",
                "Tags list several workloads or agents, one credential is stored in several vaults, or one credential id is attached to several identities."),
            new RuleInfo(RuleIds.HumanUse, "NHI10", Severity.High, "Human use of a non-human identity",
                "A console password or interactive sign-in: High when it has been used, Medium when only enabled. With activity logs: console logins (CloudTrail ConsoleLogin) and interactive sign-ins are evidence too (High)."),
            // NHI2: what the rule sees is the sign of a leaked secret - someone holding the identity's credential outside the
            // workloads that always used it (an old key after rotation, a new network or country, a first iam:* call).
            new RuleInfo(RuleIds.AnomalousUse, "NHI2", Severity.Medium, "Behaviour that changed",
                "With activity logs: the last AnomalyRecentDays compared with the older part (the baseline, at least AnomalyMinBaselineDays): use from a new /24 or /48 network, a new sign-in country or a new AWS region (Medium), a first call of an AnomalyHighRiskActions action such as iam:*, sts:AssumeRole into another account or a Graph role or credential write (High), use after AnomalyDormantDays without any (Medium). Any use of a credential rotated away (the journal, Inactive, or gone after a newer one was issued) or of an identity cleanup quarantined is High whatever the baseline."),
            // AI agents (Register-NhiAgent): evaluated on registered agents, or agents piped in from Get-NhiAgent.
            new RuleInfo(RuleIds.AgentInherited, "NHI9", Severity.High, "Agent acts through an inherited identity",
                "A registered agent acts through an identity it shares with other agents or workloads (High), or one created more than AgentIdentityGraceDays before the agent went into service that kept its own rights (Medium)."),
            new RuleInfo(RuleIds.AgentUnscoped, "NHI5", Severity.Medium, "Agent holds rights beyond its declared purpose",
                "The union of the agent's identities' permissions holds some not covered by its AllowedPermissions / AllowedSystems (or it declares none); High when an undeclared one is admin-equivalent or high-risk."),
            new RuleInfo(RuleIds.AgentUnowned, "NHI1", Severity.Medium, "Agent has no owner",
                "A registered agent (or a discovered candidate) has no accountable owner."),
            new RuleInfo(RuleIds.AgentChained, "NHI5", Severity.High, "Agent's identities chain into further identities",
                "An identity of the agent can become others: sts:AssumeRole on * or on roles of the estate, a role trust naming it, or a vault secret it reads that holds another identity's credential. Medium when no step reaches a wildcard or a privileged identity."),
            new RuleInfo(RuleIds.NoPurpose, "NHI1", Severity.Low, "Nobody can say what it is for",
                "No purpose (Set-NhiPurpose, a purpose/description tag, or an Entra application's notes) and no access review decision within ReviewCycleDays. Only on identities in GovernanceScope (default: privileged, cross-system or agent; All for every identity). Scored by what it can reach."),
            new RuleInfo(RuleIds.NotReviewed, "NHI1", Severity.Low, "Not reviewed in the last cycle",
                "No access review decision (Set-NhiReviewDecision) within ReviewCycleDays before AsOf: Medium when the last review is older than the cycle (on any identity), Low when it was never reviewed (only in GovernanceScope)."),
            // Governance (Add-NhiException, the policy's Exceptions): evaluated over the findings of one run, after the last one.
            new RuleInfo(RuleIds.ExceptionNorm, "NHI7", Severity.Medium, "Exceptions have become the norm",
                "Live exceptions cover more than ExceptionSharePercent of one rule's findings in this run. One finding per rule, named after the rule (no identity), in that rule's OWASP category (NHI7 when the rule has none)."),
        };

        private static readonly Dictionary<string, RuleInfo> ById = All.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);

        public static RuleInfo Find(string id) => id != null && ById.TryGetValue(id, out var r) ? r : null;
        public static RuleInfo Get(string id) => ById[id];
    }
}
