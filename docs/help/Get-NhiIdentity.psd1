@{
    Synopsis    = 'Lists non-human identities with their credentials, owners, permissions and last use.'
    Description = @'
Get-NhiIdentity reads what a cloud knows about its non-human identities and returns one NhiTools.Identity per
identity: AWS IAM users and roles, Entra ID applications, service principals and managed identities, and Key Vault
secrets, each with its credentials (never their values), owners, permissions, the systems it reaches and when it
was last used.

With -Path it works offline on export files you already have, before granting any tool a permission: the AWS IAM
credential report (CSV), aws iam get-account-authorization-details and aws iam list-access-keys (JSON), Microsoft
Graph collection JSON (applications, servicePrincipals, users, sign-in activity reports) and az keyvault secret list
(JSON). Formats are recognised by their content, never by file name. Files about the same identity merge into one
identity: an IAM user from the credential report gets its key ids from list-access-keys and its groups, policies
and tags from the authorization details; an Entra application and its service principal become one identity.

IAM users that are people (console password and MFA, no access keys) are left out unless -IncludeHuman. The root
account is not an identity to manage, but its access keys are always reported.

Owners recorded with Set-NhiOwner for sources that cannot hold them are read from the NhiTools store and shown here,
in every later session. A file that cannot be read, or whose format is malformed (invalid JSON or UTF-8, a line or
value over 64 MB), produces a non-terminating error naming the file (and line, where known); every other file is
still read. A file named on its own that is no export is an NhiUnknownFormat error; one met while walking a folder
(a README, notes) is a warning. A folder reached twice through links is read once, with a warning; an unreadable
subfolder is one error naming it.
'@
    Parameters  = @{
        Path         = 'Export files or folders (read recursively) to inventory. Wildcards are resolved as in any file cmdlet. Accepts FullName from Get-ChildItem on the pipeline.'
        Name         = 'Only identities whose name or id matches one of these patterns. Wildcards are permitted.'
        Provider     = 'Only identities from these providers: Aws, Entra or KeyVault.'
        Kind         = 'Only identities of these kinds, for example IamUser, IamRole, Application, ManagedIdentity, Secret.'
        Owner        = 'Only identities with an owner that matches this pattern (owners from the source or from Set-NhiOwner). Wildcards are permitted.'
        Unowned      = 'Only identities with no owner anywhere: not in the source, not in the NhiTools store.'
        IncludeHuman = 'Also return IAM users that look like people: console password with MFA and no access keys.'
        IncludeActivity = 'Connected sources only: also read activity that costs extra requests. For AWS, IAM Access Advisor (GenerateServiceLastAccessedDetails and GetServiceLastAccessedDetails for every user and role) fills ServicesLastAccessed: each service the policies grant and when it was last used; a service never used is a permission to remove.'
        StorePath    = 'The NhiTools store (SQLite) to read owners from. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Paths, or objects with a FullName property such as the output of Get-ChildItem.' }
    )
    Outputs     = 'NhiTools.Identity: Id, Provider, Kind, Name, Owners, Credentials, Permissions, Systems, Environment, CreatedOn, LastUsedOn, Tags, Source.'
    Examples    = @(
        @{
            Title   = 'Inventory an estate from export files'
            Code    = 'Get-NhiIdentity -Path ./exports'
            Remarks = 'Reads every export under ./exports and lists the identities found, one row each, with owners, credential count and last use.'
        }
        @{
            Title   = 'Find AWS identities nobody owns'
            Code    = 'Get-NhiIdentity -Path ./exports -Provider Aws -Unowned | Select-Object Name, Account, LastUsedOn'
            Remarks = 'Identities without an owner tag and without an owner recorded by Set-NhiOwner are the first offboarding risk (OWASP NHI1).'
        }
        @{
            Title   = 'Look at one identity''s credentials and permissions'
            Code    = @'
$svc = Get-NhiIdentity -Path ./exports -Name 'svc-billing*'
$svc.Credentials
$svc.Permissions | Where-Object AdminEquivalent
'@
            Remarks = 'Credentials show ids, dates and last use but never a secret value; Permissions marks admin-equivalent rights.'
        }
        @{
            Title   = 'Read live AWS accounts, with the services each identity uses'
            Code    = @'
Connect-NhiAws -RoleArn 'arn:aws:iam::111122223333:role/NhiToolsAudit', 'arn:aws:iam::444455556666:role/NhiToolsAudit'
Get-NhiIdentity -Provider Aws -IncludeActivity |
    Select-Object Name, Account, @{ n = 'Unused'; e = { ($_.ServicesLastAccessed | Where-Object { -not $_.Used }).ServiceNamespace -join ',' } }
'@
            Remarks = 'Without -Path, Get-NhiIdentity reads the connected sources. Every identity carries its account id; Unused lists services granted and never used.'
        }
    )
    Notes       = 'Reading export files needs no cloud permission. To make the exports: aws iam generate-credential-report; aws iam get-credential-report --query Content --output text | base64 -d > report.csv; aws iam get-account-authorization-details > auth.json; az keyvault secret list --vault-name <vault> > vault.json.'
    Links       = @('Connect-NhiAws', 'Test-NhiRotation', 'Set-NhiOwner', 'about_NhiTools')
}
