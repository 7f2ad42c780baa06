@{
    Synopsis    = 'Shows what non-human identities did after they signed in, from CloudTrail, Access Advisor and Entra sign-in and audit logs.'
    Description = @'
Get-NhiActivity reads activity logs offline and returns one NhiTools.Activity per event: which identity acted
(IdentityId, IdentityName), what it did (Action: s3:GetObject, signin:ConsoleLogin, "Sign-in (service
principal)", "Add service principal credentials"), on what (Service, Resource), when (UTC), from where (From: IP
address; Region; UserAgent), with what result (Success or the error code), with which credential (the access key
id or Entra keyId where the log says) and whether a person was at the keyboard (Interactive: console logins,
interactive sign-ins, console sessions, audit entries initiated by a user).

Formats are detected by content, never by name: CloudTrail log files as a trail writes them to S3
({"Records":[...]}, also gzipped .json.gz), aws cloudtrail lookup-events output (whose CloudTrailEvent is a JSON
string inside the JSON), aws iam get-service-last-accessed-details output (Access Advisor: one activity per
accessed service and tracked action), Microsoft Graph auditLogs/signIns (beta: service principal, managed
identity and user sign-ins) and auditLogs/directoryAudits. Files stream one event at a time: a trail of any
size is never loaded whole.

Activities are linked to identities: an IAM user by its ARN, an assumed-role session to the role that issued
it (not the session), a federated user to its IAM user, the root user to the account root; an Entra service
principal or managed identity sign-in, and an audit entry initiated by an app, to the app registration
(entra:app:<appId>) or the service principal (entra:sp:<objectId>) the inventory knows. Identities come from
-Identity (or the pipeline), else from the inventory exports found among -Path. Calls made by AWS services and
sign-ins by people that are no known identity keep IdentityId empty.

Get-NhiIdentity reads the same files too: it moves a credential's and an identity's last use later where the
logs saw a later use, and never turns "not in the logs" into "never used". Get-NhiFinding -ActivityPath uses
them for NHI-UNUSED-PERMISSION and as NHI-HUMAN-USE evidence.

Without -Path the connected sources are read live. Entra (Connect-NhiEntra): service principal and managed
identity sign-ins from Graph beta auditLogs/signIns and directory audits from v1.0 auditLogs/directoryAudits, the
window (-After/-Before, default the last 90 days) and each -Identity filtered by Graph, mapped exactly as the
same events read from files. Needs AuditLog.Read.All and an Entra ID P1/P2 licence.
'@
    Parameters  = @{
        Path     = 'Activity log files or folders (wildcards and PowerShell paths resolve). Folders are read recursively; inventory exports among them link activities to identities; a file named alone in no known format is an NhiUnknownFormat error, one met in a folder is a warning, and every other file is still read.'
        Identity = 'Only what these identities did; they are also what the logs are linked to. Usually piped from Get-NhiIdentity; an identity id string binds too (about_NhiTools, IDENTITY PARAMETERS).'
        After    = 'Only activity at or after this time (converted to UTC).'
        Before   = 'Only activity at or before this time (converted to UTC).'
        Action   = 'Only these actions; wildcards allowed, case-insensitive: s3:*, signin:ConsoleLogin, Sign-in*, ''Add service principal*''.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity: only their activity is returned.' }
        @{ Type = 'System.IO.FileInfo'; Description = 'Files from Get-ChildItem, bound to -Path by FullName.' }
    )
    Outputs     = 'NhiTools.Activity: IdentityId, IdentityName, Provider, Action, Service, Resource, When, From, Region, UserAgent, Result, CredentialId, Interactive, Principal, PrincipalObjectId, Account, Origin, Source, PeriodStart, PeriodEnd.'
    Examples    = @(
        @{
            Title   = 'Console logins by service accounts'
            Code    = "Get-NhiActivity -Path ./examples/estate -Action signin:ConsoleLogin | Format-Table When, IdentityName, From, Result"
            Remarks = 'Every ConsoleLogin event in the example trail, linked to its IAM user; svc-reporting-bi is a service user someone logs in as.'
        }
        @{
            Title   = 'What one agent did, by service'
            Code    = "Get-NhiIdentity -Path ./examples/estate -Name agent-claims-triage | Get-NhiActivity -Path ./examples/estate/activity | Group-Object Action -NoElement"
            Remarks = 'The AI agent''s calls (bedrock:InvokeModel, s3:GetObject) counted per action.'
        }
        @{
            Title   = 'Where an app''s secret is used from'
            Code    = "Get-NhiActivity -Path ./examples/estate -After '2026-10-01' | Where-Object IdentityName -eq 'app-invoice-sync' | Group-Object From -NoElement"
            Remarks = 'Sign-ins of app-invoice-sync by source address: an address seen once among hundreds from the usual servers stands out.'
        }
        @{
            Title   = 'Live from CloudTrail after Connect-NhiAws'
            Code    = "Connect-NhiAws -ProfileName audit -ActivityRegion us-east-1, eu-west-1; Get-NhiIdentity -Provider Aws -Name svc-bi-exporter | Get-NhiActivity -After (Get-Date).AddDays(-30)"
            Remarks = 'Without -Path, CloudTrail LookupEvents is read in each activity region (management events of the last 90 days; needs cloudtrail:LookupEvents). An IAM user is filtered server-side by Username; a role, or more than 20 users of one account, take one read of the account filtered here. Throttling waits within the Connect-NhiAws retry budgets; a page that still fails is an error, never a shorter list.'
        }
        @{
            Title   = 'Live from Entra: what two workloads did this month'
            Code    = "Connect-NhiEntra -TenantId contoso.onmicrosoft.com -ManagedIdentity; Get-NhiIdentity -Provider Entra -Name app-provisioning-engine, func-orders-prod | Get-NhiActivity -After (Get-Date).AddDays(-30) | Group-Object IdentityName, Action -NoElement"
            Remarks = 'Without -Path the connected sources are read live: Graph beta auditLogs/signIns (service principal and managed identity sign-ins) and auditLogs/directoryAudits, filtered by Graph to these two identities and the window. Needs AuditLog.Read.All and an Entra ID P1/P2 licence; a page that fails for good is an NhiEntraListFailed error, never a shorter list.'
        }
    )
    Notes       = 'An activity never carries a secret, a request body or a response: only the action, its target, the source address and the result.'
    Links       = @('Get-NhiIdentity', 'Get-NhiFinding', 'about_NhiTools')
}
