using System;
using System.Collections.Generic;

namespace NhiTools.Labs.Graph.Store
{
    /// <summary>What the lab knows about a resource type: names, selectable and filterable properties.</summary>
    public sealed class GraphResourceType
    {
        private GraphResourceType(string collection, string odataType, string resourceName, bool indexAppId,
            string[] properties, string[] filterable, string[] defaultSelect = null)
        {
            Collection = collection;
            ODataType = odataType;
            ResourceName = resourceName;
            IndexAppId = indexAppId;
            Properties = new HashSet<string>(properties, StringComparer.OrdinalIgnoreCase) { "id" };
            Filterable = new HashSet<string>(filterable, StringComparer.OrdinalIgnoreCase);
            DefaultSelect = defaultSelect;
        }

        /// <summary>Collection segment ("applications") and the @odata.context entity set.</summary>
        public string Collection { get; }
        /// <summary>"#microsoft.graph.application".</summary>
        public string ODataType { get; }
        /// <summary>Name in error messages ("Application").</summary>
        public string ResourceName { get; }
        public bool IndexAppId { get; }
        public HashSet<string> Properties { get; }
        public HashSet<string> Filterable { get; }
        /// <summary>Properties a list returns without $select (Graph's user default set); null = all stored properties.</summary>
        public string[] DefaultSelect { get; }

        public static readonly GraphResourceType Application = new GraphResourceType(
            "applications", "#microsoft.graph.application", "Application", true,
            new[]
            {
                "deletedDateTime", "addIns", "api", "appId", "applicationTemplateId", "appRoles", "authenticationBehaviors",
                "certification", "createdDateTime", "createdOnBehalfOf", "defaultRedirectUri", "description",
                "disabledByMicrosoftStatus", "displayName", "groupMembershipClaims", "identifierUris", "info",
                "isDeviceOnlyAuthSupported", "isFallbackPublicClient", "keyCredentials", "logo", "nativeAuthenticationApisEnabled",
                "notes", "oauth2RequirePostResponse", "optionalClaims", "parentalControlSettings", "passwordCredentials",
                "publicClient", "publisherDomain", "requestSignatureVerification", "requiredResourceAccess", "samlMetadataUrl",
                "serviceManagementReference", "servicePrincipalLockConfiguration", "signInAudience", "spa", "tags",
                "tokenEncryptionKeyId", "uniqueName", "verifiedPublisher", "web",
            },
            new[] { "id", "appId", "displayName", "signInAudience", "publisherDomain", "identifierUris", "createdDateTime", "serviceManagementReference", "uniqueName" });

        public static readonly GraphResourceType ServicePrincipal = new GraphResourceType(
            "servicePrincipals", "#microsoft.graph.servicePrincipal", "ServicePrincipal", true,
            new[]
            {
                "deletedDateTime", "accountEnabled", "addIns", "alternativeNames", "appDescription", "appDisplayName", "appId",
                "applicationTemplateId", "appOwnerOrganizationId", "appRoleAssignmentRequired", "appRoles", "createdDateTime",
                "description", "disabledByMicrosoftStatus", "displayName", "homepage", "info", "keyCredentials", "loginUrl",
                "logoutUrl", "notes", "notificationEmailAddresses", "oauth2PermissionScopes", "passwordCredentials",
                "preferredSingleSignOnMode", "preferredTokenSigningKeyThumbprint", "replyUrls",
                "resourceSpecificApplicationPermissions", "samlSingleSignOnSettings", "servicePrincipalNames",
                "servicePrincipalType", "signInAudience", "tags", "tokenEncryptionKeyId", "verifiedPublisher",
                "agentIdentityBlueprintId", "createdByAppId",
            },
            new[] { "id", "appId", "displayName", "servicePrincipalType", "accountEnabled", "appOwnerOrganizationId", "appDisplayName", "preferredSingleSignOnMode", "agentIdentityBlueprintId" });

        public static readonly GraphResourceType User = new GraphResourceType(
            "users", "#microsoft.graph.user", "User", false,
            new[]
            {
                "deletedDateTime", "accountEnabled", "businessPhones", "city", "companyName", "country", "createdDateTime",
                "department", "displayName", "employeeId", "givenName", "jobTitle", "mail", "mailNickname", "mobilePhone",
                "officeLocation", "onPremisesSyncEnabled", "preferredLanguage", "signInActivity", "surname", "userPrincipalName",
                "userType", "lastPasswordChangeDateTime", "manager",
            },
            new[] { "id", "userPrincipalName", "displayName", "accountEnabled", "mail", "userType", "givenName", "surname", "department", "employeeId" },
            new[] { "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id" });

        public static readonly GraphResourceType OAuth2PermissionGrant = new GraphResourceType(
            "oauth2PermissionGrants", "#microsoft.graph.oAuth2PermissionGrant", "OAuth2PermissionGrant", false,
            new[] { "clientId", "consentType", "principalId", "resourceId", "scope" },
            new[] { "id", "clientId", "consentType", "principalId", "resourceId" });

        public static readonly GraphResourceType AppRoleAssignment = new GraphResourceType(
            "appRoleAssignments", "#microsoft.graph.appRoleAssignment", "AppRoleAssignment", false,
            new[] { "deletedDateTime", "appRoleId", "createdDateTime", "principalDisplayName", "principalId", "principalType", "resourceDisplayName", "resourceId" },
            new[] { "id", "appRoleId", "principalId", "resourceId", "principalType" });

        public static readonly GraphResourceType ServicePrincipalSignInActivity = new GraphResourceType(
            "reports/servicePrincipalSignInActivities", "#microsoft.graph.servicePrincipalSignInActivity", "ServicePrincipalSignInActivity", false,
            new[]
            {
                "appId", "lastSignInActivity", "delegatedClientSignInActivity", "delegatedResourceSignInActivity",
                "applicationAuthenticationClientSignInActivity", "applicationAuthenticationResourceSignInActivity",
            },
            new[] { "id", "appId" });

        public static readonly GraphResourceType AppCredentialSignInActivity = new GraphResourceType(
            "reports/appCredentialSignInActivities", "#microsoft.graph.appCredentialSignInActivity", "AppCredentialSignInActivity", false,
            new[]
            {
                "appId", "appObjectId", "createdDateTime", "credentialOrigin", "expirationDateTime", "keyId", "keyType",
                "keyUsage", "resourceId", "servicePrincipalObjectId", "signInActivity",
            },
            new[] { "id", "appId", "keyId", "appObjectId", "servicePrincipalObjectId", "keyType", "credentialOrigin" });

        // Audit logs (GraphLab.AuditLogs.cs): filtered by AuditLogFilter, not by the directory filter above.
        public static readonly GraphResourceType SignIn = new GraphResourceType(
            "auditLogs/signIns", "#microsoft.graph.signIn", "SignIn", false,
            new[]
            {
                "createdDateTime", "userDisplayName", "userPrincipalName", "userId", "appId", "appDisplayName", "ipAddress",
                "clientAppUsed", "correlationId", "conditionalAccessStatus", "isInteractive", "resourceDisplayName", "resourceId",
                "resourceTenantId", "homeTenantId", "servicePrincipalId", "servicePrincipalName", "servicePrincipalCredentialKeyId",
                "servicePrincipalCredentialThumbprint", "clientCredentialType", "signInEventTypes", "userType", "status", "location",
                "managedServiceIdentity", "userAgent", "deviceDetail", "riskDetail", "riskLevelAggregated", "riskState",
            },
            new[] { "id", "createdDateTime", "appId", "userId", "userPrincipalName", "servicePrincipalId" });

        public static readonly GraphResourceType DirectoryAudit = new GraphResourceType(
            "auditLogs/directoryAudits", "#microsoft.graph.directoryAudit", "DirectoryAudit", false,
            new[]
            {
                "category", "correlationId", "result", "resultReason", "activityDisplayName", "activityDateTime",
                "loggedByService", "operationType", "initiatedBy", "targetResources", "additionalDetails",
            },
            new[] { "id", "activityDateTime", "category", "activityDisplayName", "loggedByService", "result" });
    }
}
