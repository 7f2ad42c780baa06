namespace NhiTools.Engine.Sources.Offline
{
    /// <summary>What an export file holds, as told by its content.</summary>
    public enum OfflineFormat
    {
        Unknown,
        /// <summary>A valid JSON collection with no items and nothing that says what it would hold.</summary>
        Empty,
        AwsCredentialReport,
        AwsAuthorizationDetails,
        AwsAccessKeys,
        GraphApplications,
        GraphServicePrincipals,
        GraphUsers,
        GraphOAuth2PermissionGrants,
        GraphAppRoleAssignments,
        GraphServicePrincipalSignInActivities,
        GraphAppCredentialSignInActivities,
        KeyVaultSecrets,
        /// <summary>CloudTrail log file as a trail writes it to S3: {"Records":[...]} (often .json.gz).</summary>
        CloudTrailLog,
        /// <summary>aws cloudtrail lookup-events output: {"Events":[{..., "CloudTrailEvent":"<JSON string>"}]}.</summary>
        CloudTrailLookupEvents,
        /// <summary>aws iam get-service-last-accessed-details output (Access Advisor): {"JobStatus", "ServicesLastAccessed":[...]}.</summary>
        AwsServiceLastAccessed,
        /// <summary>Graph auditLogs/signIns (beta: user, service principal and managed identity sign-ins).</summary>
        GraphSignIns,
        /// <summary>Graph auditLogs/directoryAudits.</summary>
        GraphDirectoryAudits,
    }
}
