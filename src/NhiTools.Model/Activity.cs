using System;

namespace NhiTools
{
    /// <summary>
    /// One thing an identity did after it signed in, read from an activity log (CloudTrail, Entra sign-in or
    /// directory audit logs, IAM Access Advisor). Never carries a secret or a request body.
    /// </summary>
    public sealed class Activity
    {
        /// <summary>The identity that acted (aws:arn..., entra:app:..., entra:sp:...), null when it could not be linked (AWS services, people).</summary>
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        /// <summary>Aws or Entra.</summary>
        public string Provider { get; set; }
        /// <summary>s3:GetObject, signin:ConsoleLogin, Sign-in, "Add service principal credentials"; Access Advisor: s3:* (service level).</summary>
        public string Action { get; set; }
        /// <summary>The service acted on: IAM service prefix (s3, cloudwatch) or Entra resource app (Microsoft Graph) or audit category.</summary>
        public string Service { get; set; }
        /// <summary>What it acted on: resource ARNs, the resource app, the audit target.</summary>
        public string Resource { get; set; }
        /// <summary>When, in UTC.</summary>
        public DateTime When { get; set; }
        /// <summary>Source IP address (or the AWS service that acted on its behalf).</summary>
        public string From { get; set; }
        /// <summary>AWS region, or the sign-in location (city, country).</summary>
        public string Region { get; set; }
        public string UserAgent { get; set; }
        /// <summary>Success, or the failure code (AccessDenied, 7000215, failure).</summary>
        public string Result { get; set; }
        /// <summary>The access key id (AKIA... long-term, ASIA... session) or Entra credential keyId used, where the log says.</summary>
        public string CredentialId { get; set; }
        /// <summary>A person at a keyboard: console login, interactive user sign-in.</summary>
        public bool Interactive { get; set; }
        /// <summary>The actor as the log names it: ARN, appId, user principal name, AWS service.</summary>
        public string Principal { get; set; }
        /// <summary>Entra object id of the actor (servicePrincipalId, user id), where the log gives one.</summary>
        public string PrincipalObjectId { get; set; }
        /// <summary>AWS account id or Entra tenant id the activity happened in, where known.</summary>
        public string Account { get; set; }
        /// <summary>The account whose log recorded the event (CloudTrail recipientAccountId) when it differs from the caller's Account: a cross-account call.</summary>
        public string RecipientAccount { get; set; }
        /// <summary>CloudTrail, EntraSignIn, EntraAudit or AccessAdvisor.</summary>
        public string Origin { get; set; }
        /// <summary>The file it was read from.</summary>
        public string Source { get; set; }
        /// <summary>Start and end of the period the source itself says it covers (Access Advisor's tracking period); null for event logs.</summary>
        public DateTime? PeriodStart { get; set; }
        public DateTime? PeriodEnd { get; set; }

        public override string ToString() => When.ToString("u") + " " + (IdentityName ?? Principal) + " " + Action;
    }
}
