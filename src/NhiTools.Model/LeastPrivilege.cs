using System;

namespace NhiTools
{
    /// <summary>
    /// The smallest set of rights an identity needs, from what the activity logs show it used (Get-NhiLeastPrivilege):
    /// for AWS an IAM policy document, for Entra the app roles and delegated scopes exercised; with the difference
    /// from what it holds today. Refused (with the reason, and no suggestion) when the logs cannot support one.
    /// </summary>
    public sealed class LeastPrivilege
    {
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        /// <summary>Aws or Entra.</summary>
        public string Provider { get; set; }
        /// <summary>Ready or Refused.</summary>
        public string Status { get; set; }
        /// <summary>Why it was refused; null when Ready.</summary>
        public string Reason { get; set; }
        /// <summary>The part of the requested window the logs cover.</summary>
        public DateTime? WindowStart { get; set; }
        public DateTime? WindowEnd { get; set; }
        public int WindowDays { get; set; }
        /// <summary>Each log used, with what it covers: "CloudTrail 2026-08-03..2026-10-31 (90 days)", "Access Advisor, service level".</summary>
        public string[] Sources { get; set; } = Array.Empty<string>();
        /// <summary>AWS: the suggested IAM policy document (JSON, Version 2012-10-17); null for Entra or when refused.</summary>
        public string PolicyDocument { get; set; }
        /// <summary>AWS: the document's statements; Entra: empty.</summary>
        public PolicyStatement[] Statements { get; set; } = Array.Empty<PolicyStatement>();
        /// <summary>What it used: IAM actions (s3:GetObject) or Entra rights ("Microsoft Graph: User.Read.All").</summary>
        public string[] Used { get; set; } = Array.Empty<string>();
        /// <summary>Held rights the suggestion keeps, each with the policy or grant that gives it today.</summary>
        public LeastPrivilegeEntry[] Keep { get; set; } = Array.Empty<LeastPrivilegeEntry>();
        /// <summary>Held rights the suggestion drops.</summary>
        public LeastPrivilegeEntry[] Remove { get; set; } = Array.Empty<LeastPrivilegeEntry>();
        /// <summary>Logged events with no known IAM action (left out of the document), e.g. "signin:ConsoleLogin".</summary>
        public string[] Unmapped { get; set; } = Array.Empty<string>();
        /// <summary>Caveats the reader must know (data events not logged, resources left at "*").</summary>
        public string[] Notes { get; set; } = Array.Empty<string>();

        public override string ToString() => (IdentityName ?? IdentityId) + " " + Status;
    }

    /// <summary>One right held today, kept or removed, and where it comes from.</summary>
    public sealed class LeastPrivilegeEntry
    {
        /// <summary>The action, action pattern, app role or scope: s3:GetObject, "*", Application.Read.All.</summary>
        public string Permission { get; set; }
        /// <summary>The policy, app role assignment or grant that gives it: AdministratorAccess, Microsoft Graph.</summary>
        public string GrantedBy { get; set; }
        /// <summary>How it is held: direct, group:&lt;name&gt;, inline, consent:AllPrincipals.</summary>
        public string Via { get; set; }
        /// <summary>Why kept or removed: "used 29 times, last 2026-10-31", "not used in the window".</summary>
        public string Detail { get; set; }

        public override string ToString() => Permission + (GrantedBy != null ? " (" + GrantedBy + ")" : "");
    }
}
