@{
    Synopsis    = 'Lists exceptions to rules, each Active or Expired at a given moment.'
    Description = @'
Get-NhiException lists the exceptions kept in the NhiTools store (Add-NhiException) and, with -Policy, those listed under a
policy file's Exceptions key. Each is Active or Expired at -AsOf (default: now), so an audit can replay which findings were
excused on a given day. A store that does not exist has no exceptions and is not created.
'@
    Parameters  = @{
        Rule      = 'Only exceptions to these rules (tab completes).'
        Identity  = 'Only exceptions covering this identity id (wildcard exceptions included); a pattern finds the exception stored with that pattern. A string that is neither an id nor a pattern is refused (NhiIdentityNotFound). Binds by property name from Id or IdentityId.'
        State     = 'Only Active or only Expired exceptions at -AsOf.'
        AsOf      = 'The moment State is computed for. Default: now.'
        Policy    = 'Also list the exceptions of this policy file (.psd1); their Id is 0 and their Source is the file.'
        StorePath = 'The NhiTools store (SQLite). Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity (Id binds to -Identity).' }
    )
    Outputs     = 'NhiTools.Exemption: Id, Rule, IdentityId, Reason, ExpiresOn, ApprovedBy, CreatedOn, CreatedBy, Source, State.'
    Examples    = @(
        @{
            Title   = 'Exceptions that ended'
            Code    = 'Get-NhiException -State Expired'
            Remarks = 'Each exception past its end: its findings are open again.'
        }
        @{
            Title   = 'What was excused at the last audit'
            Code    = 'Get-NhiException -Policy ./policy.psd1 -AsOf 2026-09-30 -State Active'
            Remarks = 'Store and policy-file exceptions that were live on 30 September 2026.'
        }
    )
    Links       = @('Add-NhiException', 'Remove-NhiException', 'Get-NhiFinding', 'about_NhiTools')
}
