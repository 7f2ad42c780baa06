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
    }
}
