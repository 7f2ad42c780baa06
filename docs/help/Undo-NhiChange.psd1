@{
    Synopsis    = 'Reverses changes NhiTools made, where the provider allows.'
    Description = @'
Undo-NhiChange reverses journaled changes: a Disable is undone by re-enabling (accountEnabled = true, or the
quarantine policy deleted), a deactivated key is reactivated, a revoked permission is put back from the document
kept in the journal, and an Entra application or service principal is restored from deleted items. Where the
provider cannot (a deleted credential's secret is gone; IAM cannot restore a deleted user) it says so plainly with
the error NhiCannotUndo and changes nothing. A change that was interrupted or failed (Outcome Started or Failed) can
be undone too: every step checks the current state first, so undoing what was never applied changes nothing.

Each undo is itself a journal entry (Action Undo, Target = the change id), and the change it reverses shows
UndoneBy. -MaximumChanges bounds the invocation; under -WhatIf no write request is sent. The provider of each change
must be connected (Connect-NhiEntra, Connect-NhiAws), otherwise NhiNotConnected.
'@
    Parameters  = @{
        Id = 'Change ids, from Get-NhiChange (Change.Id binds by property name).'
        Reason = 'Why, recorded with the undo.'
        MaximumChanges = 'The most changes one invocation may undo (default 25); more stops everything with NhiBlastRadius before the first write.'
        StorePath = 'The NhiTools store (SQLite) that holds the change journal. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db.'
        JournalConnectionString = 'A shared journal for many workers (Azure Table Storage). Default: $env:NHITOOLS_JOURNAL, else the SQLite store. Never echoed.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Change'; Description = 'Changes from Get-NhiChange.' }
    )
    Outputs     = 'NhiTools.Change: the undo changes made.'
    Examples    = @(
        @{
            Title   = 'Undo the last quarantine'
            Code    = 'Get-NhiChange -Action Disable -Undoable | Select-Object -Last 1 | Undo-NhiChange'
            Remarks = 'Re-enables the identity and journals the undo.'
        }
        @{
            Title   = 'Undo everything a runbook did today, after a preview'
            Code    = @'
Get-NhiChange -After (Get-Date).Date -Undoable | Undo-NhiChange -WhatIf
Get-NhiChange -After (Get-Date).Date -Undoable | Undo-NhiChange -Confirm:$false
'@
            Remarks = 'The first line sends no write request.'
        }
    )
    Links       = @('Get-NhiChange', 'Disable-NhiIdentity')
}
