@{
    Synopsis    = 'Connects NhiTools to one or more AWS accounts for live inventory and owner tags.'
    Description = @'
Connect-NhiAws finds AWS credentials the way the AWS SDK for .NET does and remembers the connection for this
PowerShell session. Get-NhiIdentity without -Path then reads the connected accounts (IAM users, their access keys,
roles, groups, policies and tags), and Set-NhiOwner writes owners to the IAM owner tag.

Without -ProfileName, credentials come from AWSSDK.Core's default chain: the environment variables
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, then web identity (AWS_WEB_IDENTITY_TOKEN_FILE and
AWS_ROLE_ARN), then the profile named by AWS_PROFILE (or default) in ~/.aws/credentials and ~/.aws/config, then
container and EC2 instance metadata. -ProfileName names profiles instead; each profile is one account. With
-RoleArn, each role is assumed with STS AssumeRole using the profile's (or the chain's) credentials and each role is
one account; the base credentials then only sign AssumeRole. Sessions that reach the same account are read once.
Each account is named by STS GetCallerIdentity, and every identity read carries its account id.

Secrets never leave the SDK's credential objects: they are not written to any stream, error or output. The
connection holds no secret you can read back; Disconnect-NhiAws drops it.

For a lab or a proxy, -Endpoint sends IAM and STS requests to that URL (signed for us-east-1, service iam or sts).
Tests set the lab's keys in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, which the default chain reads.

Least IAM permissions. Get-NhiIdentity: iam:GenerateCredentialReport, iam:GetCredentialReport,
iam:GetAccountAuthorizationDetails, iam:ListRoles, iam:ListAccessKeys; with -IncludeActivity also
iam:GenerateServiceLastAccessedDetails and iam:GetServiceLastAccessedDetails. Set-NhiOwner: iam:ListUserTags,
iam:ListRoleTags, iam:TagUser, iam:TagRole. Connect-NhiAws: none beyond sts:GetCallerIdentity (always allowed), and
sts:AssumeRole on each -RoleArn, whose trust policy must allow the calling principal.
'@
    Parameters  = @{
        ProfileName    = 'Named profiles from the shared credentials and config files, one account each. Without it, the default credential chain.'
        Region         = 'STS region (default us-east-1). A cn-* or us-gov-* region also selects the China or GovCloud IAM endpoint.'
        RoleArn        = 'Roles to assume with STS AssumeRole, one account each. At most one -ProfileName may be given with it.'
        ExternalId     = 'The external id the roles'' trust policies require (sts:ExternalId).'
        Endpoint       = 'Send IAM and STS requests to this URL instead of AWS (a lab or a proxy). Requests are still SigV4-signed.'
        OwnerTagKey    = 'The IAM tag key that names an owner (default owner, matched case-insensitively). Get-NhiIdentity reads it; Set-NhiOwner writes it.'
        MaxConcurrency = 'Requests in flight at once per account for per-user calls (ListAccessKeys, Access Advisor). Default 8.'
        RequestRetryBudget = 'Longest time one IAM or STS request may wait between its retries (throttling, 5xx, lost connections) before it fails. Default 60 seconds. Every wait longer than 5 seconds is also a warning; -Debug traces each request (service, action, status, duration, attempt), never a parameter value, signature, key or token.'
        ActivityRegion = 'Regions whose CloudTrail event history (LookupEvents, management events of the last 90 days) Get-NhiActivity reads without -Path. Default: -Region and us-east-1 (where IAM, STS and console sign-in events are logged; cn-north-1 / us-gov-west-1 in those partitions). Needs cloudtrail:LookupEvents.'
        RunRetryBudget = 'Longest total time one read may spend waiting on retries, across all its requests, before it fails with NhiAwsRetryBudgetExhausted (never a shorter list). Default 10 minutes.'
    }
    Inputs      = @()
    Outputs     = 'NhiTools.AwsConnectionInfo: Endpoint, Region, OwnerTagKey and Accounts (AccountId, CallerArn, Via).'
    Examples    = @(
        @{
            Title   = 'Connect with the default credential chain and list unowned AWS identities'
            Code    = @'
Connect-NhiAws
Get-NhiIdentity -Provider Aws -Unowned
'@
            Remarks = 'Uses the environment, web identity, AWS_PROFILE or default profile, or instance metadata - whatever the AWS CLI would use.'
        }
        @{
            Title   = 'Inventory several accounts through an audit role'
            Code    = @'
Connect-NhiAws -ProfileName security -RoleArn 'arn:aws:iam::111122223333:role/NhiToolsAudit', 'arn:aws:iam::444455556666:role/NhiToolsAudit' -ExternalId 'nhi-7731'
Get-NhiIdentity -Provider Aws | Group-Object Account
'@
            Remarks = 'The security profile signs AssumeRole; both accounts are read in one inventory, each identity carrying its account id.'
        }
        @{
            Title   = 'Point NhiTools at the IAM lab'
            Code    = @'
$env:AWS_ACCESS_KEY_ID = 'AKIANHITOOLSLABADMIN'; $env:AWS_SECRET_ACCESS_KEY = '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'
Connect-NhiAws -Endpoint http://127.0.0.1:5101
'@
            Remarks = 'The lab (dotnet run --project tests/NhiTools.Labs.Host -- --port 5100) checks every signature; its fixed admin key is for loopback only.'
        }
    )
    Notes       = 'SSO profiles need the AWSSDK.SSO and AWSSDK.SSOOIDC packages, which NhiTools does not carry; use aws sso login with a profile that exports credentials, or environment variables.'
    Links       = @('Disconnect-NhiAws', 'Get-NhiIdentity', 'Set-NhiOwner', 'about_NhiTools')
}
