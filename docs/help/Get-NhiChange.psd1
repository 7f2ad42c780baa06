@{
    Synopsis    = 'Lists every change NhiTools made, from the change journal.'
    Description = @'
Get-NhiChange reads the one journal of every change NhiTools makes - cleanup (Disable-NhiIdentity,
Enable-NhiIdentity, Undo-NhiChange...), rotation and owners - and returns one object per change, oldest first:
who made it, when, why (the finding's rule and evidence, or the reason given), what it changed (Target), the
state before and after (a policy document, accountEnabled, a key's status; never a secret value), how it ended
(Done, Unchanged, Failed with the error, or Started when the run was interrupted mid-write) and whether
Undo-NhiChange can reverse it (CanUndo, UndoNote, UndoneBy).
'@
    Parameters  = @{
        IdentityId = 'Only changes to these identities. Identity.Id and Finding.IdentityId bind by property name.'
        Action = 'Only these actions: Disable, Enable, DeactivateCredential, ReactivateCredential, DeleteCredential, RevokePermission, RestorePermission, DeleteIdentity, RestoreIdentity, Undo, or a rotation step.'
        After = 'Only changes made at or after this time.'
        Before = 'Only changes made before this time.'
        Undoable = 'Only changes Undo-NhiChange can still reverse.'
        StorePath = 'The NhiTools store (SQLite) that holds the change journal. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db.'
        JournalConnectionString = 'A shared journal for many workers (Azure Table Storage). Default: $env:NHITOOLS_JOURNAL, else the SQLite store. Never echoed.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities: their changes are listed.' }
    )
    Outputs     = 'NhiTools.Change'
    Examples    = @(
        @{
            Title   = 'Everything changed today, as a table'
            Code    = 'Get-NhiChange -After (Get-Date).Date | Format-Table At, Action, IdentityId, Outcome, Reason'
            Remarks = 'One row per change.'
        }
        @{
            Title   = 'The history of one identity, with before and after'
            Code    = 'Get-NhiIdentity -Provider Aws -Name svc-legacy | Get-NhiChange | Format-List *'
            Remarks = 'Shows every change made to that identity and whether it can still be undone.'
        }
    )
    Links       = @('Undo-NhiChange', 'Disable-NhiIdentity')
}
