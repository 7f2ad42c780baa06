@{
    Synopsis    = 'Connects to Azure Key Vault so NhiTools can list vault secrets and rotate credentials into a vault.'
    Description = @'
Connect-NhiKeyVault keeps a credential and a client per vault (Azure.Security.KeyVault.Secrets) for this PowerShell
session. Afterwards Get-NhiIdentity -Provider KeyVault lists the secrets of every -VaultUri with metadata only:
created, updated, expires, enabled, content type and tags. A secret's value is never read by the listing and never
reaches any output or stream. The secrets are mapped by the same code as the offline `az keyvault secret list`
importer, so a live vault and its export give the same identities. A secret tagged nhi-identity (and nhi-credential,
keyId or accessKeyId) marks that identity's credential as stored in it (Credential.StoredIn) when that identity
comes from a connected Entra or AWS source. A certificate's backing secret (managed) is listed once, as the
certificate (Kind Certificate), not as a secret identity of its own. Invoke-NhiRotate writes new credentials
through this connection, to any vault URI it is given.

With no authentication switch it uses DefaultAzureCredential. -ManagedIdentity uses the managed identity of the
machine or sandbox (in Azure Automation it reads IDENTITY_ENDPOINT and IDENTITY_HEADER); with -ClientId it uses
that user-assigned identity. -ClientSecret and -CertificatePath/-CertificateThumbprint sign in as an app
registration; -AccessToken uses a token for https://vault.azure.net you already have. Key Vault sends a
challenge that names the tenant, so -TenantId is only needed for a secret or certificate.

Connect-NhiKeyVault reads the first page of each vault's secret list at once, so a wrong address, a refused token or
a missing permission fails here with an error (NhiKeyVaultAuthenticationFailed, NhiKeyVaultPermissionDenied,
NhiKeyVaultRequestFailed), not in the middle of an inventory. Tokens and secrets are never written to any stream.
Vault URIs must be https. -TrustedServerCertificate trusts one more server certificate (by exact thumbprint) on
top of the platform's roots: the self-signed certificate of the NhiTools lab.

Least permissions: Key Vault Secrets User (or the list and get secret permissions) to list; Key Vault Secrets
Officer (set, delete, recover, purge) on the vault rotation writes to.
'@
    Parameters  = @{
        VaultUri                 = 'One or more vault URIs, https://<vault>.vault.azure.net/ (a national cloud''s vault domain, or the lab''s https://127.0.0.1:<port>/). Binds from objects with a VaultUri property.'
        TenantId                 = 'The tenant (directory) id. Required with -ClientSecret and certificates; optional otherwise.'
        ClientId                 = 'The application (client) id to sign in as; with -ManagedIdentity, the client id of a user-assigned managed identity.'
        ManagedIdentity          = 'Sign in with the managed identity of the machine, App Service or Azure Automation sandbox.'
        CertificatePath          = 'Path to a certificate file (PFX or PEM with its private key) registered on the app.'
        CertificateThumbprint    = 'Thumbprint of a certificate with its private key in the CurrentUser or LocalMachine My store.'
        ClientSecret             = 'A client secret of the app, as a SecureString.'
        AccessToken              = 'A Key Vault access token (resource https://vault.azure.net) obtained elsewhere, as a SecureString. It is used until it expires.'
        AuthorityHost            = 'Entra sign-in authority. Default: https://login.microsoftonline.com; a national cloud''s authority, or a lab''s token endpoint host.'
        TrustedServerCertificate = 'Path to a server certificate (PEM or DER) to trust for TLS in addition to the platform''s roots, matched by thumbprint: the lab prints the path of its certificate at start.'
    }
    Inputs      = @(
        @{ Type = 'System.Uri[]'; Description = 'Vault URIs, also from the VaultUri property of piped objects.' }
    )
    Outputs     = 'NhiTools.KeyVaultConnectionInfo: vault URIs, authentication method, tenant and client ids, the trusted lab certificate''s thumbprint. Never a token.'
    Examples    = @(
        @{
            Title   = 'Azure Automation runbook with a managed identity'
            Code    = @'
Connect-NhiKeyVault -VaultUri https://kv-contoso-prod.vault.azure.net/ -ManagedIdentity
Get-NhiIdentity -Provider KeyVault | Test-NhiRotation | Where-Object Status -ne Compliant
'@
            Remarks = 'The Automation account''s identity needs Key Vault Secrets User to list (Secrets Officer to rotate into the vault).'
        }
        @{
            Title   = 'Several vaults, and which Entra credentials they hold'
            Code    = @'
Connect-NhiEntra -TenantId contoso.onmicrosoft.com
Connect-NhiKeyVault -VaultUri https://kv-contoso-prod.vault.azure.net/, https://kv-contoso-dev.vault.azure.net/
Get-NhiIdentity | Where-Object { $_.Credentials.StoredIn } | Select-Object Id, @{ n = 'StoredIn'; e = { $_.Credentials.StoredIn } }
'@
            Remarks = 'Secrets tagged nhi-identity / nhi-credential mark the credential of that app as kept in the vault.'
        }
        @{
            Title   = 'The NhiTools lab on loopback'
            Code    = @'
Connect-NhiKeyVault -VaultUri https://127.0.0.1:5102/ -AccessToken (ConvertTo-SecureString lab -AsPlainText -Force) -TrustedServerCertificate /tmp/nhitools-lab-5102.pem
Get-NhiIdentity -Provider KeyVault | Format-Table Id, Kind, Owners
'@
            Remarks = 'The lab accepts any bearer token; its certificate is made at start and its PEM path printed by build.ps1 -Task Lab.'
        }
    )
    Links       = @('Disconnect-NhiKeyVault', 'Get-NhiIdentity', 'Connect-NhiEntra', 'about_NhiTools')
}
