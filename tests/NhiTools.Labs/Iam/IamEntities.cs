using System;
using System.Collections.Generic;

namespace NhiTools.Labs.Iam
{
    public sealed class IamTag
    {
        public string Key { get; set; }
        public string Value { get; set; }
        public IamTag() { }
        public IamTag(string key, string value) { Key = key; Value = value; }
    }

    public sealed class AttachedPolicy
    {
        public string PolicyName { get; set; }
        public string PolicyArn { get; set; }
    }

    /// <summary>An inline policy; Document is JSON text (URL-encoded only when written to the wire).</summary>
    public sealed class InlinePolicy
    {
        public string PolicyName { get; set; }
        public string Document { get; set; }
    }

    public sealed class IamUser
    {
        public string Path { get; set; } = "/";
        public string UserName { get; set; }
        public string UserId { get; set; }
        public string Arn { get; set; }
        public DateTimeOffset CreateDate { get; set; }
        public List<IamTag> Tags { get; } = new List<IamTag>();
        public List<AttachedPolicy> AttachedPolicies { get; } = new List<AttachedPolicy>();
        public List<InlinePolicy> InlinePolicies { get; } = new List<InlinePolicy>();
        public List<string> Groups { get; } = new List<string>();
        public string PermissionsBoundaryArn { get; set; }
        // Credential-report facts the lab cannot derive from API state; carried over from seed files.
        public bool PasswordEnabled { get; set; }
        public DateTimeOffset? PasswordLastUsed { get; set; }
        public DateTimeOffset? PasswordLastChanged { get; set; }
        public DateTimeOffset? PasswordNextRotation { get; set; }
        public bool MfaActive { get; set; }
        public bool Cert1Active { get; set; }
        public DateTimeOffset? Cert1LastRotated { get; set; }
        public bool Cert2Active { get; set; }
        public DateTimeOffset? Cert2LastRotated { get; set; }
    }

    public sealed class IamAccessKey
    {
        public string AccessKeyId { get; set; }
        public string UserName { get; set; }
        public string Status { get; set; } = "Active";
        public DateTimeOffset CreateDate { get; set; }
        /// <summary>The secret; only the lab and the test that asks for it ever see it.</summary>
        public string SecretAccessKey { get; set; }
        /// <summary>Authentication starts working at this time (IAM is eventually consistent).</summary>
        public DateTimeOffset UsableFrom { get; set; }
        public DateTimeOffset? LastUsedDate { get; set; }
        public string LastUsedService { get; set; }
        public string LastUsedRegion { get; set; }
        /// <summary>Set only for temporary credentials from STS GetSessionToken (ASIA… ids).</summary>
        public string SessionToken { get; set; }
        public DateTimeOffset? Expiration { get; set; }
        public bool IsSession => SessionToken != null;
        /// <summary>For temporary credentials from AssumeRole: the assumed-role session ARN and id; null otherwise.</summary>
        public string AssumedRoleArn { get; set; }
        public string AssumedRoleId { get; set; }
    }

    public sealed class IamRole
    {
        public string Path { get; set; } = "/";
        public string RoleName { get; set; }
        public string RoleId { get; set; }
        public string Arn { get; set; }
        public DateTimeOffset CreateDate { get; set; }
        public string AssumeRolePolicyDocument { get; set; }
        public string Description { get; set; }
        public int? MaxSessionDuration { get; set; }
        public string PermissionsBoundaryArn { get; set; }
        public DateTimeOffset? LastUsedDate { get; set; }
        public string LastUsedRegion { get; set; }
        public List<IamTag> Tags { get; } = new List<IamTag>();
        public List<AttachedPolicy> AttachedPolicies { get; } = new List<AttachedPolicy>();
        public List<InlinePolicy> InlinePolicies { get; } = new List<InlinePolicy>();
    }

    public sealed class IamGroup
    {
        public string Path { get; set; } = "/";
        public string GroupName { get; set; }
        public string GroupId { get; set; }
        public string Arn { get; set; }
        public DateTimeOffset CreateDate { get; set; }
        public List<AttachedPolicy> AttachedPolicies { get; } = new List<AttachedPolicy>();
        public List<InlinePolicy> InlinePolicies { get; } = new List<InlinePolicy>();
    }

    public sealed class PolicyVersion
    {
        public string VersionId { get; set; }
        public string Document { get; set; }
        public bool IsDefaultVersion { get; set; }
        public DateTimeOffset CreateDate { get; set; }
    }

    public sealed class ManagedPolicy
    {
        public string PolicyName { get; set; }
        public string PolicyId { get; set; }
        public string Arn { get; set; }
        public string Path { get; set; } = "/";
        public string DefaultVersionId { get; set; } = "v1";
        public int AttachmentCount { get; set; }
        public int PermissionsBoundaryUsageCount { get; set; }
        public bool IsAttachable { get; set; } = true;
        public string Description { get; set; }
        public DateTimeOffset CreateDate { get; set; }
        public DateTimeOffset UpdateDate { get; set; }
        public List<PolicyVersion> Versions { get; } = new List<PolicyVersion>();
    }

    /// <summary>One ServicesLastAccessed member of GetServiceLastAccessedDetails.</summary>
    public sealed class ServiceAccess
    {
        public string ServiceName { get; set; }
        public string ServiceNamespace { get; set; }
        public DateTimeOffset? LastAuthenticated { get; set; }
        public string LastAuthenticatedEntity { get; set; }
        public string LastAuthenticatedRegion { get; set; }
        public int TotalAuthenticatedEntities { get; set; }
    }
}
