@{
    Synopsis    = 'Records what an estate of non-human identities looks like, for Compare-NhiSnapshot to say later what changed.'
    Description = @'
Save-NhiSnapshot writes the identities piped to it into the NhiTools store (SQLite) as a named snapshot: for each
identity its owners, credentials (id, type, created, expires, last rotated, enabled - never a value), permissions
(name, type, resource, how it is held, admin-equivalent), systems it reaches, who can assume it, environment,
kind and whether it is enabled. Usage times are left out on purpose: they move every day and are not drift.

The snapshot is written in one transaction once the pipeline ends: if the listing fails part-way, nothing is saved,
so a failed list is never recorded as a smaller estate. A name that exists already is an error
(NhiSnapshotExists) unless -Force replaces it.

Save-NhiSnapshot supports -WhatIf and -Confirm. Under -WhatIf nothing is written and the store file is not created.
'@
    Parameters  = @{
        InputObject = 'The identities to record, from Get-NhiIdentity.'
        Name        = 'The snapshot name (case-insensitive, unique in the store; no wildcard characters). Default: the -AsOf time, e.g. 2026-11-01T00:00:00Z.'
        AsOf        = 'When the estate looked like this. Stored in UTC; a date without a time zone is read as UTC. Default: now. Compare-NhiSnapshot orders snapshots by it.'
        Force       = 'Replace a snapshot of the same name, in the same transaction.'
        PassThru    = 'Return the saved snapshot (NhiTools.SnapshotInfo). Without it Save-NhiSnapshot returns nothing.'
        StorePath   = 'The NhiTools store (SQLite) to write to. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
    )
    Outputs     = 'None, or NhiTools.SnapshotInfo with -PassThru.'
    Examples    = @(
        @{
            Title   = 'Record a baseline of the example estate'
            Code    = "Get-NhiIdentity -Path ./examples/estate | Save-NhiSnapshot -Name baseline -AsOf 2026-11-01 -PassThru"
            Remarks = 'Saves the 274 identities of the example estate as the snapshot "baseline" and shows it.'
        }
        @{
            Title   = 'A nightly runbook: one snapshot a day, named by date'
            Code    = @'
$today = (Get-Date).ToUniversalTime().Date
Get-NhiIdentity -Path ./exports | Save-NhiSnapshot -Name ('daily-' + $today.ToString('yyyy-MM-dd')) -AsOf $today -Force
'@
            Remarks = 'Re-running the job on the same day replaces that day''s snapshot instead of failing.'
        }
    )
    Links       = @('Compare-NhiSnapshot', 'Get-NhiSnapshot', 'Remove-NhiSnapshot', 'Get-NhiIdentity')
}
