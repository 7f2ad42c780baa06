@{
    Synopsis    = 'Lists the rotation journal: where each rotation stands, its last error and who holds its lease.'
    Description = @'
Get-NhiRotation reads the rotation journal (the SQLite store by default, or the shared Azure Table Storage journal)
and returns one NhiTools.RotationJournalEntry per credential and vault secret: its state (Idle, Creating, Created,
Pending, Verified, Promoted, Grace, Retiring, Deactivated, RollingBack, Blocked, Failed), the last step, when it
started, when the next step may run (the grace period), the last error (never a secret) and the worker holding the
lease. Rows not Idle, Blocked or Failed are in progress: Resume-NhiRotation finishes them.
'@
    Parameters  = @{
        IdentityId              = 'Only rotations of these identities (wildcards allowed). Binds from Id and IdentityId.'
        State                   = 'Only rows in these journal states.'
        InProgress              = 'Only rotations still under way (not Idle, Blocked or Failed).'
        JournalConnectionString = 'An Azure Table Storage connection string for a shared journal. Default: $env:NHITOOLS_JOURNAL, else the SQLite store.'
        StorePath               = 'The NhiTools store (SQLite) that holds the journal. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Identity ids, by property name (Id, IdentityId).' }
    )
    Outputs     = 'NhiTools.RotationJournalEntry'
    Examples    = @(
        @{
            Title   = 'What is in progress, and what failed'
            Code    = @'
Get-NhiRotation -InProgress
Get-NhiRotation -State Failed, Blocked | Format-List IdentityId, State, LastError
'@
            Remarks = 'The first shows rotations waiting for their grace period or interrupted; the second why others stopped.'
        }
        @{
            Title   = 'The shared journal of several Automation workers'
            Code    = "Get-NhiRotation -JournalConnectionString `$env:NHITOOLS_JOURNAL -IdentityId 'entra:app:*'"
            Remarks = 'Lists the Entra rotations every worker recorded in the Table Storage journal.'
        }
    )
    Links       = @('Invoke-NhiRotate', 'Resume-NhiRotation', 'about_NhiTools')
}
