@{
    Synopsis    = 'Lists the snapshots saved in the NhiTools store.'
    Description = @'
Get-NhiSnapshot returns the snapshots saved by Save-NhiSnapshot, oldest first (by the time they were taken), with
their id, name, when they were taken and written, how many identities they hold and from which providers.
Reading never creates a store: with no store file there are simply no snapshots.

A literal -Name that matches nothing is an error (NhiSnapshotNotFound) naming the snapshots that exist; a wildcard
pattern that matches nothing returns nothing.
'@
    Parameters  = @{
        Name      = 'Snapshot names to return (case-insensitive; wildcards allowed). Default: all.'
        StorePath = 'The NhiTools store (SQLite) to read. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @()
    Outputs     = 'NhiTools.SnapshotInfo'
    Examples    = @(
        @{
            Title   = 'List every snapshot'
            Code    = 'Get-NhiSnapshot'
            Remarks = 'Shows Id, Name, TakenOn, the number of identities and the providers, oldest first.'
        }
        @{
            Title   = 'Pick the newest daily snapshot as the reference'
            Code    = @'
$last = Get-NhiSnapshot -Name 'daily-*' | Select-Object -Last 1
Get-NhiIdentity -Path ./exports | Compare-NhiSnapshot -Reference $last
'@
            Remarks = 'A SnapshotInfo passed to -Reference binds as its name.'
        }
    )
    Links       = @('Save-NhiSnapshot', 'Compare-NhiSnapshot', 'Remove-NhiSnapshot')
}
