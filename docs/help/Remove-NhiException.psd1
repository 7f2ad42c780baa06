@{
    Synopsis    = 'Removes an exception from the NhiTools store, so its findings are open again.'
    Description = @'
Remove-NhiException deletes one stored exception by id and writes an audit row recording what it was. Exceptions listed in a
policy file are removed by editing that file. An id that is not in the store is an NhiExceptionNotFound error, and a store
that does not exist is not created to find that out. Supports -WhatIf and -Confirm (ConfirmImpact Medium).
'@
    Parameters  = @{
        Id        = 'The exception''s id (Get-NhiException shows it; binds by property name).'
        StorePath = 'The NhiTools store (SQLite). Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Exemption'; Description = 'Exceptions from Get-NhiException (Id binds by property name).' }
    )
    Outputs     = 'None.'
    Examples    = @(
        @{
            Title   = 'Remove one exception'
            Code    = 'Remove-NhiException -Id 3'
            Remarks = 'Asks for confirmation at ConfirmImpact Medium when $ConfirmPreference is Medium; the findings of exception 3 open again.'
        }
        @{
            Title   = 'Clear out the exceptions that ended'
            Code    = 'Get-NhiException -State Expired | Remove-NhiException -Confirm:$false'
            Remarks = 'Expired exceptions no longer suppress anything; removing them keeps the list short (the audit log keeps them).'
        }
    )
    Links       = @('Add-NhiException', 'Get-NhiException', 'about_NhiTools')
}
