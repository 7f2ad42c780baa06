@{
    Synopsis    = 'Ends the Entra ID connection of this session.'
    Description = @'
Disconnect-NhiEntra forgets the credential and Graph client Connect-NhiEntra made. Afterwards Get-NhiIdentity no
longer reads Entra unless -Path is given, and Set-NhiOwner keeps owners of Entra identities in the NhiTools store
instead of writing them to Entra. Disconnecting when not connected does nothing. It outputs nothing.
'@
    Parameters  = @{}
    Inputs      = @()
    Outputs     = 'None.'
    Examples    = @(
        @{
            Title   = 'End a runbook''s session'
            Code    = @'
Connect-NhiEntra -ManagedIdentity
Get-NhiIdentity -Provider Entra | Export-Csv ./entra-nhi.csv
Disconnect-NhiEntra
'@
            Remarks = 'The connection lasts until Disconnect-NhiEntra or the end of the session.'
        }
        @{
            Title   = 'Switch from the live tenant to export files'
            Code    = @'
Disconnect-NhiEntra
Get-NhiIdentity -Path ./exports/entra
'@
            Remarks = 'Reads the exports; nothing goes to Graph.'
        }
    )
    Links       = @('Connect-NhiEntra', 'Get-NhiIdentity')
}
