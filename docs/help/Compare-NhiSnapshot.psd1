@{
    Synopsis    = 'Says what changed in an estate since a snapshot: identities added or gone, permissions gained or lost, owners, credential rotations.'
    Description = @'
Compare-NhiSnapshot compares a saved snapshot (the reference) with another snapshot or with the identities piped to
it (the difference) and returns one NhiTools.IdentityChange per identity, property and item, so that
Where-Object Property -eq Permissions lists every permission gained or lost. Change is Added, Removed or Modified;
Property is Identity (the identity itself appeared or went), Name, Kind, Enabled, Environment, Owners, Credentials,
Permissions, Systems or AssumableBy; Before and After show the item, and Detail says what happened in words.

A credential that went while another of the same type came is a rotation: Credentials, Modified, with Detail
"rotated: <old id> replaced by <new id>". A credential that kept its id but got a new creation or rotation date
(access_key_1 in a credential report, a new secret version) shows as "rotated <id> on <date>". Usage times are not
compared.

Which pictures: with identities piped in, they are the difference and the reference is -Reference, else the newest
snapshot. Without pipeline input, the difference is -Difference, else the newest snapshot (other than the
reference), and the reference is -Reference, else the newest snapshot taken before the difference - so
Compare-NhiSnapshot alone compares the last two snapshots. An unknown name is an error (NhiSnapshotNotFound)
naming the snapshots that exist. The reference is held in memory as compact digests (about 0.7 KB an identity);
the difference streams through.
'@
    Parameters  = @{
        InputObject = 'Identities from Get-NhiIdentity: the estate as it is now, compared with the reference.'
        Reference   = 'The snapshot to compare against, by name or id (a SnapshotInfo binds as its name). Default: the newest snapshot taken before the difference (the newest of all against piped identities).'
        Difference  = 'The snapshot to compare with the reference, by name or id, when no identities are piped in. Default: the newest snapshot.'
        StorePath   = 'The NhiTools store (SQLite) to read. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity (the difference).' }
    )
    Outputs     = 'NhiTools.IdentityChange'
    Examples    = @(
        @{
            Title   = 'What changed since the baseline'
            Code    = @'
Get-NhiIdentity -Path ./examples/estate | Save-NhiSnapshot -Name baseline
Get-NhiIdentity -Path ./exports-today | Compare-NhiSnapshot -Reference baseline
'@
            Remarks = 'Lists every identity added or removed and every owner, credential and permission change since the baseline.'
        }
        @{
            Title   = 'Permissions gained since last week, admin-equivalent ones first'
            Code    = @'
Get-NhiIdentity -Path ./exports-today |
    Compare-NhiSnapshot -Reference daily-2026-10-25 |
    Where-Object { $_.Property -eq 'Permissions' -and $_.Change -eq 'Added' } |
    Sort-Object { $_.After -notlike '*[[]admin]' }, IdentityName
'@
            Remarks = 'Permissions keep increasing but are rarely reduced: this lists what was granted in a week.'
        }
        @{
            Title   = 'Compare the last two saved snapshots'
            Code    = "Compare-NhiSnapshot | Group-Object Property -NoElement"
            Remarks = 'With no pipeline input and no names, the newest snapshot is compared with the one before it.'
        }
    )
    Links       = @('Save-NhiSnapshot', 'Get-NhiSnapshot', 'Get-NhiIdentity')
}
