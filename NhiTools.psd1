@{
    RootModule             = 'NhiTools.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '5b7f0c2e-8d1a-4a53-9f3e-2c6d1e9a7b41'
    Author                 = 'NhiTools contributors'
    CompanyName            = 'NhiTools'
    Copyright              = '(c) NhiTools contributors. MIT License.'
    Description            = 'Non-human identity security: inventory service accounts, app registrations, service principals, managed identities, AWS IAM users and keys, vault secrets and AI-agent identities; find the risky ones, assign owners and rotate credentials safely.'
    CompatiblePSEditions   = @('Core', 'Desktop')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    # The dependency-free model assembly: every type PowerShell sees. The engine and SDKs load privately from Dependencies/.
    RequiredAssemblies     = @('NhiTools.Model.dll')
    FormatsToProcess       = @('NhiTools.Format.ps1xml')
    TypesToProcess         = @()
    NestedModules          = @()
    CmdletsToExport        = @(
        'Compare-NhiSnapshot'
        'Connect-NhiAws'
        'Connect-NhiEntra'
        'Disconnect-NhiAws'
        'Disconnect-NhiEntra'
        'Export-NhiReport'
        'Find-NhiSecret'
        'Get-NhiAccessMap'
        'Get-NhiActivity'
        'Get-NhiAgent'
        'Get-NhiFinding'
        'Get-NhiIdentity'
        'Get-NhiSnapshot'
        'Register-NhiAgent'
        'Remove-NhiSnapshot'
        'Save-NhiSnapshot'
        'Set-NhiOwner'
        'Test-NhiRotation'
        'Unregister-NhiAgent'
        'Connect-NhiKeyVault'
        'Disconnect-NhiKeyVault'
        'Invoke-NhiRotate'
        'Get-NhiRotation'
        'Resume-NhiRotation'
        'Disable-NhiIdentity'
        'Enable-NhiIdentity'
        'Get-NhiChange'
        'Undo-NhiChange'
        'Remove-NhiCredential'
        'Remove-NhiIdentity'
        'Add-NhiException'
        'Get-NhiException'
        'Remove-NhiException'
        'Set-NhiPurpose'
        'New-NhiReview'
        'Get-NhiReview'
        'Set-NhiReviewDecision'
        'Import-NhiReview'
        'Revoke-NhiPermission'
        'Get-NhiLeastPrivilege'
        'Get-NhiUsage'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('NHI', 'Security', 'ServiceAccount', 'ServicePrincipal', 'IAM', 'EntraID', 'AWS', 'KeyVault', 'Rotation', 'OWASP')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'Offline inventory, rotation status and owners.'
        }
    }
}
