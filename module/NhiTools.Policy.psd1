# NhiTools finding policy: the thresholds and lists Get-NhiFinding uses.
#
# These are the built-in defaults (a test checks that this file and the engine agree). To change them,
# copy this file, keep only the keys you change, and pass it with:  Get-NhiFinding -Policy .\my.Policy.psd1
# Keys you leave out keep their default; an unknown key or a wrong type is an error (NhiPolicyInvalid) that
# names the key and line. The file is read as data only: no variables, commands or expressions.
#
# Day thresholds fire when the value is strictly GREATER than the threshold (a key 90 days old is not
# overdue at RotationMaxAgeDays = 90; at 91 days it is). All ages are measured at -AsOf.
# Names and words are compared case-insensitively.
@{
    # ---------------------------------------------------------------- Offboarding (OWASP NHI1)

    # NHI-DORMANT: an enabled identity with an enabled credential (roles and managed identities need none)
    # whose last KNOWN use is more than this many days before AsOf. Unknown usage never counts as unused.
    DormantDays = 90

    # NHI-UNOWNED: tag keys that name an owner, besides the identity's Owners.
    OwnerTagKeys = @('owner', 'owners')

    # NHI-OWNER-GONE: owner states (Identity.OwnerStates) meaning the owner has left.
    GoneOwnerStates = @('Disabled', 'Deleted')

    # ---------------------------------------------------------------- Credentials (NHI7, NHI9)

    # NHI-ROTATION-OVERDUE and Test-NhiRotation: days since a credential was last rotated (else created).
    RotationMaxAgeDays = 90
    # Maximum age per credential type, over RotationMaxAgeDays. Keys, client secrets and vault secrets are judged by
    # age (90 days); a certificate is replaced before it expires, so it is judged by its expiry window and a maximum
    # age of its own: 397 days, the longest validity a public TLS certificate may have.
    RotationMaxAgeDaysByType = @{ Certificate = 397 }
    # Test-NhiRotation: a credential expiring within this many days is DueSoon; per type over it, e.g. @{ Certificate = 60 }.
    RotationExpiryWarningDays = 30
    RotationExpiryWarningDaysByType = @{}
    # Credential types that must be rotated (ClientSecret, AccessKey, Secret, Token, Password, Certificate, FederatedCredential).
    RotationCredentialTypes = @('ClientSecret', 'AccessKey', 'Secret', 'Token', 'Password')

    # NHI-LONG-LIVED: longest acceptable lifetime (ExpiresOn - CreatedOn) in days; no expiry always fires.
    MaxLifetimeDays = 365
    LifetimeCredentialTypes = @('ClientSecret', 'AccessKey', 'Secret', 'Token', 'Certificate')

    # NHI-UNUSED-CREDENTIAL: days since a credential's last use, or since its creation when never used.
    UnusedCredentialDays = 90
    # A never-used credential fires once it is older than this many days (a key made today is not unused yet).
    NeverUsedGraceDays = 7

    # NHI-MULTIPLE-ACTIVE-KEYS: most enabled, unexpired keys/secrets one identity should hold.
    MaxActiveCredentials = 1
    # Static key types: counted by NHI-MULTIPLE-ACTIVE-KEYS and by the pipeline check of NHI-INSECURE-DEPLOY.
    StaticKeyCredentialTypes = @('AccessKey', 'ClientSecret')

    # ---------------------------------------------------------------- Reuse and environments (NHI8, NHI9)

    # NHI-SHARED: tag keys listing the workloads or agents using an identity ('billing,reports'); more than one fires.
    SharedTagKeys = @('workloads', 'apps', 'applications', 'consumers', 'usedby', 'used-by', 'agents')

    # NHI-SHARED / NHI-ENV-REUSE: tag keys on a Key Vault secret naming the credential it holds, so copies
    # of one key in several vaults are recognised (CredentialId is the tag Azure's rotation sample uses).
    CredentialLinkTagKeys = @('CredentialId', 'credential-id', 'KeyId', 'AccessKeyId')

    # NHI-ENV-REUSE: where environments are named, and which words are production and which are not.
    # Words that are in neither list are ignored. Vault names are split into words (kv-prod-01 is prod).
    EnvironmentTagKeys = @('env', 'environment', 'environments')
    ProductionEnvironments = @('prod', 'production', 'prd', 'live')
    NonProductionEnvironments = @('dev', 'development', 'test', 'testing', 'qa', 'uat', 'stage', 'staging', 'sandbox', 'nonprod', 'non-prod', 'preprod')

    # Environment of an AWS account id, Entra tenant id or vault name where nothing else says, e.g.
    # AccountEnvironments = @{ '111111111111' = 'prod'; '222222222222' = 'dev'; 'kv-shared' = 'prod' }
    AccountEnvironments = @{}

    # NHI-THIRD-PARTY: AWS account ids of your own organisation. A role trusted by an account that is neither
    # listed here nor the account of any identity in the same run belongs to another organisation.
    TrustedAccounts = @()

    # NHI-CROSS-SYSTEM: most resource apps (Microsoft Graph, SharePoint, ...) an identity may hold rights in.
    MaxResourceApps = 1

    # ---------------------------------------------------------------- Privilege (NHI5, NHI3)
    # NHI-OVERPRIVILEGED grades each permission; NHI-THIRD-PARTY fires when a vendor's app holds any of them.
    # Names match Permission.Name (policy, app role, scope, directory or Azure role). Actions are AWS policy
    # actions; a granted wildcard covers what it matches (a granted iam:* covers iam:PassRole and iam:*).

    # Critical: admin-equivalent names.
    PrivilegedPermissions = @(
        'AdministratorAccess', 'IAMFullAccess',
        'RoleManagement.ReadWrite.Directory', 'AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All', 'Directory.ReadWrite.All',
        'Global Administrator', 'Privileged Role Administrator', 'Privileged Authentication Administrator',
        'Application Administrator', 'Cloud Application Administrator', 'Hybrid Identity Administrator',
        'Owner', 'User Access Administrator'
    )
    # Critical: admin-equivalent AWS actions, whatever the resource.
    PrivilegedActions = @('*:*', 'iam:*', 'organizations:*')

    # High: high-risk names.
    HighRiskPermissions = @(
        'PowerUserAccess', 'Contributor',
        'Policy.ReadWrite.ConditionalAccess', 'Group.ReadWrite.All', 'User.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All',
        'Security Administrator', 'User Administrator', 'Authentication Administrator', 'Exchange Administrator', 'Intune Administrator'
    )
    # High: privilege-escalation AWS actions when the resource is a wildcard.
    HighRiskActions = @(
        'iam:PassRole', 'sts:AssumeRole', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile',
        'iam:AttachUserPolicy', 'iam:AttachGroupPolicy', 'iam:AttachRolePolicy', 'iam:PutUserPolicy', 'iam:PutGroupPolicy',
        'iam:PutRolePolicy', 'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:AddUserToGroup', 'iam:UpdateAssumeRolePolicy'
    )

    # Medium: tenant- or account-wide data access.
    DataWidePermissions = @(
        'Mail.ReadWrite', 'Mail.Read', 'Mail.Send', 'Files.ReadWrite.All', 'Files.Read.All', 'Sites.ReadWrite.All',
        'Sites.FullControl.All', 'Sites.Read.All', 'ReadOnlyAccess', 'AmazonS3FullAccess'
    )
    # Medium: AWS data actions when the resource is a wildcard.
    DataWideActions = @(
        's3:GetObject', 's3:PutObject', 's3:DeleteObject', 'secretsmanager:GetSecretValue', 'ssm:GetParameter', 'ssm:GetParameters',
        'kms:Decrypt', 'dynamodb:Scan', 'dynamodb:GetItem'
    )

    # ---------------------------------------------------------------- Activity (NHI5 unused permissions)
    # Needs activity logs: Get-NhiFinding -ActivityPath (CloudTrail, Access Advisor, Entra sign-in and audit logs).

    # NHI-UNUSED-PERMISSION: granted rights (AWS services, Entra resource apps, directory write rights) not used in
    # this many days before AsOf. An identity that no log names gets no finding: unknown is not unused.
    UnusedPermissionDays = 90
    # The logs must cover at least this many days of that window (a week of CloudTrail proves little).
    UnusedPermissionMinCoverageDays = 30

    # NHI-ANOMALOUS-USE (NHI2): the last AnomalyRecentDays of the logs are compared with the older part, the baseline.
    # It fires on a new /24 (IPv4) or /48 (IPv6) network, a new sign-in country, a new AWS region, a first call of a
    # high-risk action, a use after AnomalyDormantDays without any, and on any use of a credential that was rotated
    # away (journal, Inactive, or gone after a newer one was issued, plus AnomalyRotationGraceDays for the switch-over)
    # or of an identity cleanup quarantined. A baseline shorter than AnomalyMinBaselineDays gives only the last two.
    AnomalyRecentDays = 7
    AnomalyMinBaselineDays = 30
    AnomalyDormantDays = 30
    AnomalyRotationGraceDays = 1
    # A trailing * matches a prefix. AssumeRole into another account is 'sts:AssumeRole into <account>'; Entra
    # entries are directory audit activity names (role, credential and consent writes by the workload).
    AnomalyHighRiskActions = @(
        'iam:*', 'sts:AssumeRole into *', 'secretsmanager:GetSecretValue', 'kms:Decrypt', 'ssm:GetParameter*', 'organizations:*',
        'Add member to role*', 'Add eligible member to role*', 'Add app role assignment*', 'Add service principal credentials*',
        'Update application*Certificates and secrets*', 'Add owner to*', 'Add delegated permission grant*', 'Consent to application*',
        'Add service principal', 'Add application'
    )

    # ---------------------------------------------------------------- Usage context (NHI6, scoring)

    # Words in an identity's name, tags (not owner tags) or notes meaning a CI/CD pipeline uses it:
    # static keys on such an identity fire NHI-INSECURE-DEPLOY, and findings score +5.
    PipelineWords = @('ci', 'cd', 'cicd', 'pipeline', 'pipelines', 'github', 'gitlab', 'jenkins', 'buildkite', 'circleci', 'teamcity', 'bamboo', 'azdo', 'devops', 'deploy', 'deployer', 'terraform')

    # Words meaning an AI agent uses it (the AgentIdentity kind always does): findings score +10.
    AgentWords = @('agent', 'agents', 'ai', 'copilot', 'llm', 'gpt', 'bot', 'mcp', 'bedrock', 'openai', 'foundry')

    # ---------------------------------------------------------------- AI agents (Register-NhiAgent, Get-NhiAgent, NHI-AGENT-*)

    # Get-NhiAgent -Candidate: tag keys marking an identity as an AI agent's (value true/yes, or the agent's name;
    # identities tagged with one name form one candidate).
    AgentTagKeys = @('agent', 'ai', 'ai-agent', 'agent-name')
    # Get-NhiAgent -Candidate: permission/role names and resource apps that reach AI model endpoints.
    ModelEndpointPermissions = @(
        'Cognitive Services OpenAI User', 'Cognitive Services OpenAI Contributor', 'Cognitive Services User', 'Cognitive Services Contributor',
        'Azure AI Developer', 'Azure AI User', 'Azure AI Administrator', 'Azure Cognitive Services', 'Azure Machine Learning Services',
        'AmazonBedrockFullAccess', 'BedrockAgentCoreFullAccess'
    )
    # Get-NhiAgent -Candidate: AWS actions that invoke models or agent runtimes (bedrock:* covers them; a bare * does not count).
    ModelEndpointActions = @(
        'bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:Converse', 'bedrock:ConverseStream', 'bedrock:InvokeAgent',
        'bedrock-agentcore:InvokeAgentRuntime', 'bedrock-agentcore:GetWorkloadAccessToken', 'sagemaker:InvokeEndpoint'
    )
    # NHI-AGENT-INHERITED: an identity created up to this many days before the agent's RegisteredOn counts as made for it;
    # older identities that hold rights of their own are inherited.
    AgentIdentityGraceDays = 30

    # ---------------------------------------------------------------- Temporary access (NHI1)

    # NHI-TEMP-ACCESS-EXPIRED: tag keys marking access temporary (any value but false/no/0; a date value is the end).
    TemporaryTagKeys = @('temporary', 'temp', 'ticket')
    # Tag keys holding the end date (yyyy-MM-dd, valid through that whole day, or an ISO 8601 instant).
    # Notes such as 'temporary until 2026-09-30' or 'CHG-1234, ends 2026-09-30' are read too.
    EndDateTagKeys = @('expires', 'expiry', 'expiration', 'until', 'end', 'enddate', 'end-date', 'valid-until')
    # End dates are read as people write them, in tags and notes: 'Remove after 2026-03-31', 'delete by 31 March 2026',
    # 'revoke before 2026/03/31', 'decommission after March 31, 2026', 'until end of March 2026'.
    # Marked temporary (tag, name such as svc-temp-migration, or notes) with NO end date: a finding once the identity is
    # older than this many days, since temporary access with no end is the usual way it is never revoked.
    MaxTemporaryAgeDays = 30

    # ---------------------------------------------------------------- Embedded secrets (NHI2)

    # NHI-SECRET-EMBEDDED: scanner kinds that identify rather than authenticate (Medium instead of High).
    LowRiskSecretKinds = @('AwsAccessKeyId')

    # ---------------------------------------------------------------- Cleanup guardrails

    # Identity ids or names (wildcards * and ?) that Disable-NhiIdentity, Remove-NhiCredential, Revoke-NhiPermission
    # and Remove-NhiIdentity never change, e.g. @('entra:sp:*', 'svc-break-glass').
    ProtectedIdentities = @()
    # Tag keys that protect an identity from every cleanup cmdlet (any value but false/no/0).
    ProtectedTagKeys = @('nhi-protected')
    # ---------------------------------------------------------------- Exceptions (Add-NhiException, NHI-EXCEPTION-NORM)

    # Exceptions kept in git beside the policy (Add-NhiException keeps them in the store instead). Each names one rule and
    # one identity id (* and ? match several), why the risk is accepted, who approved it and when it ends (yyyy-MM-dd: through
    # that day). A covered finding is kept but Suppressed (Get-NhiFinding -IncludeSuppressed shows it); past ExpiresOn it is
    # open again. An entry without ExpiresOn or ApprovedBy makes this file invalid. Example:
    #   @{ Rule = 'NHI-ROTATION-OVERDUE'; Identity = 'aws:arn:aws:iam::123456789012:user/svc-legacy'
    #      Reason = 'Vendor appliance, key rotation in CHG-2211'; ExpiresOn = '2026-12-31'; ApprovedBy = 'ciso@contoso.com' }
    Exceptions = @()
    # NHI-NOT-REVIEWED and NHI-NO-PURPOSE: an access review decision (Set-NhiReviewDecision) within this many days is recent.
    ReviewCycleDays = 90
    # NHI-NO-PURPOSE and NHI-NOT-REVIEWED fire only on identities with one of these exposures, so that a governance gap on
    # an identity that can do real harm is reported and the rest of the estate is not one finding per identity. Values:
    # Privileged, CrossSystem, Agent, Production, Unowned, Automation, or All (every identity: the strict behaviour an
    # audit may ask for). A review that lapsed (decided once, now outside ReviewCycleDays) is reported on every identity.
    GovernanceScope = @('Privileged', 'CrossSystem', 'Agent')
    # NHI-EXCEPTION-NORM: when live exceptions cover more than this share (percent) of one rule's findings, that is a finding.
    ExceptionSharePercent = 20

    # ---------------------------------------------------------------- Rule switches

    # Rule ids never evaluated, e.g. @('NHI-MULTIPLE-ACTIVE-KEYS').
    DisabledRules = @()
    # Rule id -> severity (Info, Low, Medium, High, Critical) replacing the rule's own, e.g. @{ 'NHI-LONG-LIVED' = 'Low' }.
    SeverityOverrides = @{}
}
