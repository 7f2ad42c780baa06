@{
    Synopsis    = 'Ends the AWS connection made by Connect-NhiAws.'
    Description = @'
Disconnect-NhiAws forgets the AWS accounts this session connected to and drops their credentials and assumed-role
sessions. Get-NhiIdentity without -Path then no longer reads AWS. Disconnecting when not connected does nothing.
'@
    Parameters  = @{}
    Inputs      = @()
    Outputs     = 'None.'
    Examples    = @(
        @{
            Title   = 'Disconnect at the end of a runbook'
            Code    = @'
Connect-NhiAws -RoleArn $auditRole
try { Get-NhiIdentity -Provider Aws | Export-Csv ./aws.csv } finally { Disconnect-NhiAws }
'@
            Remarks = 'The role session is dropped even when the inventory fails.'
        }
        @{
            Title   = 'Switch accounts'
            Code    = @'
Disconnect-NhiAws
Connect-NhiAws -ProfileName other-account
'@
            Remarks = 'Connect-NhiAws also replaces an existing AWS connection by itself; disconnecting first makes it explicit.'
        }
    )
    Links       = @('Connect-NhiAws', 'Get-NhiIdentity')
}
