using System;
using System.Collections.Generic;

namespace NhiTools
{
    /// <summary>
    /// One non-human identity from any source. Property names match cmdlet parameter names so that
    /// objects bind down the pipeline by property name.
    /// </summary>
    public sealed class Identity
    {
        /// <summary>Stable, provider-qualified id: aws:arn:..., entra:app:&lt;appId&gt;, entra:sp:&lt;objectId&gt;, keyvault:&lt;vault&gt;/&lt;name&gt;.</summary>
        public string Id { get; set; }
        /// <summary>Aws, Entra or KeyVault.</summary>
        public string Provider { get; set; }
        public IdentityKind Kind { get; set; }
        public string Name { get; set; }
        /// <summary>Owners as the source or the store knows them (UPN, object id, e-mail or team).</summary>
        public string[] Owners { get; set; } = Array.Empty<string>();
        /// <summary>Owner state where the source tells it: owner -> Enabled, Disabled or Deleted.</summary>
        public Dictionary<string, string> OwnerStates { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public Credential[] Credentials { get; set; } = Array.Empty<Credential>();
        public Permission[] Permissions { get; set; } = Array.Empty<Permission>();
        /// <summary>What it can reach: aws:&lt;account&gt;, entra:&lt;tenant&gt;, keyvault:&lt;vault&gt;, resource apps, OIDC issuers.</summary>
        public string[] Systems { get; set; } = Array.Empty<string>();
        /// <summary>Who can assume or act as this identity (roles: principals of the trust policy).</summary>
        public string[] AssumableBy { get; set; } = Array.Empty<string>();
        public string[] Groups { get; set; } = Array.Empty<string>();
        /// <summary>prod, dev, test... from tags or naming, null when unknown.</summary>
        public string Environment { get; set; }
        /// <summary>AWS account id, Entra tenant id or vault name.</summary>
        public string Account { get; set; }
        /// <summary>Native id in the source: ARN, appId, objectId, secret id.</summary>
        public string NativeId { get; set; }
        public bool Enabled { get; set; } = true;
        /// <summary>Application registered in another organisation (multi-tenant third party).</summary>
        public bool ThirdParty { get; set; }
        /// <summary>Console password enabled (AWS) or interactive sign-in seen.</summary>
        public bool HasPassword { get; set; }
        public bool MfaActive { get; set; }
        public DateTime? CreatedOn { get; set; }
        public DateTime? LastUsedOn { get; set; }
        public DateTime? PasswordLastUsedOn { get; set; }
        public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public string Notes { get; set; }
        /// <summary>What it is for and which system it serves (Set-NhiPurpose; else a purpose tag, or an Entra application's notes).</summary>
        public string Purpose { get; set; }
        /// <summary>When an access review last recorded a decision on it (Set-NhiReviewDecision), null when never.</summary>
        public DateTime? LastReviewedOn { get; set; }
        /// <summary>AWS permissions boundary policy ARN, when one is set (it caps what the permissions grant).</summary>
        public string PermissionsBoundary { get; set; }
        /// <summary>
        /// Services granted and when each was last used (AWS Access Advisor, Get-NhiIdentity -IncludeActivity).
        /// Null when activity was not read; empty when it was read and grants no service.
        /// </summary>
        public ServiceLastAccessed[] ServicesLastAccessed { get; set; }
        /// <summary>Files or live endpoints this identity was read from.</summary>
        public string[] Source { get; set; } = Array.Empty<string>();

        public override string ToString() => Id;
    }

    /// <summary>One permission held by an identity, summarised and readable.</summary>
    public sealed class Permission
    {
        /// <summary>Policy, role or scope name: AdministratorAccess, Application.ReadWrite.All, iam:PassRole.</summary>
        public string Name { get; set; }
        public PermissionType Type { get; set; }
        /// <summary>Resource app, ARN pattern or scope it applies to ("*" for all).</summary>
        public string Resource { get; set; }
        /// <summary>Actions granted where known (AWS policy actions).</summary>
        public string[] Actions { get; set; } = Array.Empty<string>();
        /// <summary>How it is held: direct, group:&lt;name&gt;, consent:AllPrincipals...</summary>
        public string Via { get; set; }
        /// <summary>Admin-equivalent (AdministratorAccess, *:*, iam:*, Directory.ReadWrite.All, Global Administrator...).</summary>
        public bool AdminEquivalent { get; set; }
        /// <summary>
        /// The policy's statements one by one (AWS), each with its own actions, resources and conditions; empty when
        /// the document is unknown. Actions/Resource above are a summary; rules judge the statements.
        /// </summary>
        public PolicyStatement[] Statements { get; set; } = Array.Empty<PolicyStatement>();

        public override string ToString() => string.IsNullOrEmpty(Resource) || Resource == "*" ? Name : Name + " on " + Resource;
    }

    /// <summary>One statement of an AWS policy document: Allow or Deny, its actions (or NotActions), resources (or NotResources) and conditions.</summary>
    public sealed class PolicyStatement
    {
        public string Sid { get; set; }
        /// <summary>Allow or Deny.</summary>
        public string Effect { get; set; }
        public string[] Actions { get; set; } = Array.Empty<string>();
        /// <summary>NotAction: every action except these.</summary>
        public string[] NotActions { get; set; } = Array.Empty<string>();
        public string[] Resources { get; set; } = Array.Empty<string>();
        /// <summary>NotResource: every resource except these.</summary>
        public string[] NotResources { get; set; } = Array.Empty<string>();
        /// <summary>Conditions, readable: "StringEquals iam:PassedToService=lambda.amazonaws.com".</summary>
        public string[] Conditions { get; set; } = Array.Empty<string>();

        public bool IsAllow => string.Equals(Effect, "Allow", StringComparison.OrdinalIgnoreCase);

        public override string ToString() =>
            (Effect ?? "?") + " " + (NotActions.Length > 0 ? "NotAction " + string.Join(",", NotActions) : string.Join(",", Actions))
            + (NotResources.Length > 0 ? " NotResource " + string.Join(",", NotResources) : " on " + string.Join(",", Resources))
            + (Conditions.Length > 0 ? " if " + string.Join(" and ", Conditions) : "");
    }
}
