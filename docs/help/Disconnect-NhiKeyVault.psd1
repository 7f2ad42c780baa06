@{
    Synopsis    = 'Ends the Key Vault connection of this session.'
    Description = @'
Disconnect-NhiKeyVault forgets the credential and vault clients Connect-NhiKeyVault made. Afterwards Get-NhiIdentity
no longer lists vault secrets unless -Path is given, and rotation cannot write to a vault until Connect-NhiKeyVault
runs again. Disconnecting when not connected does nothing. It outputs nothing.
'@
    Parameters  = @{}
    Inputs      = @()
    Outputs     = 'None.'
    Examples    = @(
        @{
            Title   = 'End a runbook''s session'
            Code    = @'
Connect-NhiKeyVault -VaultUri https://kv-contoso-prod.vault.azure.net/ -ManagedIdentity
Get-NhiIdentity -Provider KeyVault | Export-Csv ./vault-secrets.csv
Disconnect-NhiKeyVault
'@
            Remarks = 'The connection lasts until Disconnect-NhiKeyVault or the end of the session.'
        }
        @{
            Title   = 'Switch from the live vault to an export'
            Code    = @'
Disconnect-NhiKeyVault
Get-NhiIdentity -Path ./exports/keyvault
'@
            Remarks = 'Reads `az keyvault secret list` files; nothing goes to the vault.'
        }
    )
    Links       = @('Connect-NhiKeyVault', 'Get-NhiIdentity')
}
