@{
    Synopsis    = 'Connects to Entra ID (Microsoft Graph) so NhiTools can read and fix the live tenant.'
    Description = @'
Connect-NhiEntra gets a Microsoft Graph token with Azure.Identity and keeps the connection for this PowerShell
session. Afterwards Get-NhiIdentity without -Path reads every application, service principal, managed identity and
agent identity of the tenant, with credentials, owners, permissions and last use; Set-NhiOwner writes owners into
Entra itself.

With no authentication switch it uses DefaultAzureCredential: environment variables, workload identity, managed
identity, Azure CLI, Azure PowerShell and the other sources Azure.Identity tries in turn. -ManagedIdentity uses the
managed identity of the machine or sandbox (in Azure Automation it reads IDENTITY_ENDPOINT and IDENTITY_HEADER);
with -ClientId it uses that user-assigned identity. -ClientSecret and -CertificatePath/-CertificateThumbprint sign in
as an app registration; -DeviceCode signs in a person through a code shown as a warning; -AccessToken uses a token
you already have.

Connect-NhiEntra requests one token at once, so a wrong secret or a missing consent fails here with
NhiEntraAuthenticationFailed, not in the middle of an inventory. Tokens and secrets are never written to any stream,
including verbose and debug. -Endpoint points NhiTools at a national cloud's Graph or at a test lab (a base URL
ending in /v1.0; http only on loopback); -AuthorityHost sets the matching sign-in authority (a national cloud, or
a lab's token endpoint).

Least Graph application permissions: Application.Read.All to read the inventory (add User.Read.All for owner
states and DelegatedPermissionGrant.Read.All for delegated grants); AuditLog.Read.All for last sign-in and
credential use; Application.ReadWrite.All to write owners; Application.ReadWrite.OwnedBy to rotate the secrets of
apps the caller owns.
'@
    Parameters  = @{
        TenantId              = 'The tenant (directory) id or domain. Required with -ClientSecret and certificates; optional otherwise.'
        ClientId              = 'The application (client) id to sign in as; with -ManagedIdentity, the client id of a user-assigned managed identity.'
        ManagedIdentity       = 'Sign in with the managed identity of the machine, App Service or Azure Automation sandbox.'
        CertificatePath       = 'Path to a certificate file (PFX or PEM with its private key) registered on the app.'
        CertificateThumbprint = 'Thumbprint of a certificate with its private key in the CurrentUser or LocalMachine My store.'
        ClientSecret          = 'A client secret of the app, as a SecureString (for example from Get-Secret or Read-Host -AsSecureString).'
        DeviceCode            = 'Sign in a person on another device: the code and URL are shown as a warning.'
        AccessToken           = 'A Microsoft Graph access token obtained elsewhere, as a SecureString. It is used until it expires.'
        Endpoint              = 'Microsoft Graph base URL ending in /v1.0. Default: https://graph.microsoft.com/v1.0. For a national cloud, for example https://graph.microsoft.us/v1.0; for a test lab on loopback, for example http://127.0.0.1:5100/v1.0.'
        RequestRetryBudget    = 'Longest time one Graph request may wait between its retries (429 Retry-After, 5xx backoff) before it fails. Default 60 seconds. Every wait longer than 5 seconds is also a warning; -Debug traces each request (method, path, status, duration, attempt).'
        RunRetryBudget        = 'Longest total time one read or write may spend waiting on retries, across all its requests, before it fails. Default 10 minutes.'
        AuthorityHost         = 'Entra sign-in authority. Default: https://login.microsoftonline.com. For a national cloud, for example https://login.microsoftonline.us; for a test lab, its token endpoint host.'
    }
    Inputs      = @()
    Outputs     = 'NhiTools.EntraConnectionInfo: tenant, client id, endpoint, authentication method and the roles in the token. Never the token.'
    Examples    = @(
        @{
            Title   = 'Interactive admin: use what Azure CLI or Azure PowerShell already signed in'
            Code    = @'
Connect-NhiEntra -TenantId contoso.onmicrosoft.com
Get-NhiIdentity -Provider Entra | Test-NhiRotation | Where-Object Status -ne Compliant
'@
            Remarks = 'DefaultAzureCredential finds the existing sign-in; the inventory then streams from Graph.'
        }
        @{
            Title   = 'Azure Automation runbook with a managed identity'
            Code    = @'
Connect-NhiEntra -ManagedIdentity
Get-NhiIdentity -Provider Entra -Unowned | Select-Object Id, Name, Kind
'@
            Remarks = 'The Automation account''s system-assigned identity needs Application.Read.All (and AuditLog.Read.All for last use).'
        }
        @{
            Title   = 'App registration with a secret from a vault'
            Code    = "Connect-NhiEntra -TenantId `$tenant -ClientId `$appId -ClientSecret (Get-Secret NhiToolsGraph)"
            Remarks = 'The secret stays a SecureString until Azure.Identity needs it; it is never written anywhere.'
        }
        @{
            Title   = 'A test lab on loopback'
            Code    = "Connect-NhiEntra -Endpoint http://127.0.0.1:5100/v1.0 -AccessToken (ConvertTo-SecureString 'nhitools-lab-static-token' -AsPlainText -Force)"
            Remarks = 'Points every Graph request at the lab. With -AuthorityHost https://127.0.0.1:5103 and -ClientSecret the token comes from the lab''s token endpoint instead (its certificate must be trusted).'
        }
    )
    Links       = @('Disconnect-NhiEntra', 'Get-NhiIdentity', 'Set-NhiOwner', 'about_NhiTools')
}
