@{
    Synopsis    = 'Records who owns a non-human identity.'
    Description = @'
Set-NhiOwner adds owners to the identities piped to it, or with -Replace makes them the only owners. For identities
read from export files the owners are kept in the NhiTools store (SQLite), with an audit row for every change, and
every later Get-NhiIdentity - in any session or process on this machine, or anywhere that uses the same store -
shows them; -Owner and -Unowned filter on them.

For identities read from a connected AWS account (Connect-NhiAws) the owner is written at the source instead, as
the IAM owner tag (TagUser or TagRole; the key is Connect-NhiAws -OwnerTagKey, default owner). IAM tag values cannot
list several owners, so an AWS identity has one owner: use -Replace to change it.

Set-NhiOwner supports -WhatIf and -Confirm. Under -WhatIf nothing is written.
'@
    Parameters  = @{
        InputObject = 'The identity to set owners on, from Get-NhiIdentity.'
        Owner       = 'One or more owners: a UPN, e-mail address, object id or team name. Empty values are rejected.'
        Replace     = 'Make these the only owners, removing any others, instead of adding them.'
        PassThru    = 'Return the identity with its new owners.'
        StorePath   = 'The NhiTools store (SQLite) to write to. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
    )
    Outputs     = 'None, or NhiTools.Identity with -PassThru.'
    Examples    = @(
        @{
            Title   = 'Give every unowned AWS identity a team owner'
            Code    = "Get-NhiIdentity -Path ./exports -Provider Aws -Unowned | Set-NhiOwner -Owner 'platform-team@contoso.com'"
            Remarks = 'Each identity gets the owner; the next Get-NhiIdentity -Unowned no longer lists them.'
        }
        @{
            Title   = 'Preview, then replace the owners of one identity'
            Code    = @'
Get-NhiIdentity -Path ./exports -Name svc-billing | Set-NhiOwner -Owner 'alice@contoso.com' -Replace -WhatIf
Get-NhiIdentity -Path ./exports -Name svc-billing | Set-NhiOwner -Owner 'alice@contoso.com' -Replace -PassThru
'@
            Remarks = 'The first line only says what would change; the second makes alice the sole owner and returns the identity.'
        }
    )
    Links       = @('Get-NhiIdentity', 'about_NhiTools')
}
