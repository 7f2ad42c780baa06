@{
    Synopsis    = 'Deletes saved snapshots from the NhiTools store.'
    Description = @'
Remove-NhiSnapshot deletes the snapshots whose names match, with all their identity rows, one snapshot per
transaction. Snapshots from Get-NhiSnapshot bind by Name and StorePath, so a filtered listing can be piped in.
A literal name that matches nothing is an error (NhiSnapshotNotFound) naming the snapshots that exist.

Remove-NhiSnapshot supports -WhatIf and -Confirm (ConfirmImpact Medium). Under -WhatIf nothing is deleted.
'@
    Parameters  = @{
        Name      = 'Names of the snapshots to delete (case-insensitive; wildcards allowed).'
        PassThru  = 'Return each snapshot removed (NhiTools.SnapshotInfo), e.g. to log what a cleanup job deleted.'
        StorePath = 'The NhiTools store (SQLite) to delete from. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.SnapshotInfo'; Description = 'Snapshots from Get-NhiSnapshot (bound by Name and StorePath).' }
    )
    Outputs     = 'None, or NhiTools.SnapshotInfo with -PassThru.'
    Examples    = @(
        @{
            Title   = 'Delete one snapshot'
            Code    = 'Remove-NhiSnapshot -Name baseline'
            Remarks = 'Deletes the snapshot "baseline"; an unknown name is reported with the names that exist.'
        }
        @{
            Title   = 'Keep only the last 30 daily snapshots'
            Code    = "Get-NhiSnapshot -Name 'daily-*' | Select-Object -SkipLast 30 | Remove-NhiSnapshot -Confirm:`$false"
            Remarks = 'Older daily snapshots are deleted without asking; add -WhatIf first to see which.'
        }
    )
    Links       = @('Get-NhiSnapshot', 'Save-NhiSnapshot')
}
