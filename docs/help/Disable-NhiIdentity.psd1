@{
    Synopsis    = 'Quarantines non-human identities without destroying anything: reversible, journaled and bounded.'
    Description = @'
Disable-NhiIdentity stops identities from being used while keeping everything about them. An Entra service
principal (entra:sp, or the service principal of an entra:app in the connected tenant) gets accountEnabled = false.
An AWS IAM user or role gets an explicit deny-all inline policy named NhiTools-Quarantine: an explicit Deny overrides
every Allow, while its access keys, other policies and trust policy stay untouched. A Key Vault secret
(keyvault:<vault>/<name>, with Connect-NhiKeyVault) has its current version disabled (Key Vault Secrets Officer);
the journal keeps the version, so Enable-NhiIdentity and Undo-NhiChange re-enable exactly that version even after a
newer one was written. Enable-NhiIdentity or Undo-NhiChange reverses it exactly.

Before the first write the cmdlet applies the cleanup guardrails: identities tagged nhi-protected (or listed in
the policy file's ProtectedIdentities) are skipped; identities of a provider that is not connected fail with
NhiNotConnected (identities read from exports can be acted on once their tenant or account is connected); when more
than -MaximumChanges targets remain, NhiBlastRadius stops everything. The connected source is then read again, and
each target is skipped with a warning if what made it a target no longer holds (used since, owner restored, end
date extended, the finding's rule no longer fires). Under -WhatIf no write request is sent. Every change is a
journal entry (Get-NhiChange) written before and after the write, so an interrupted run leaves a record that
Undo-NhiChange can act on.
'@
    Parameters  = @{
        ActivityPath = 'Activity log files or folders (as Get-NhiFinding -ActivityPath). -WhatIf and -Confirm then say who uses each target ("used by 2 workloads in the last 30 days: 10.20.1.7 aws-cli/2.17, ...", or "no log covers it: usage unknown"), and a target whose identity or credential was used after its finding was made (Finding.AsOf) is refused with NhiIdentityInUse and nothing is written.'
        InputObject = 'An identity (Get-NhiIdentity), a finding (Get-NhiFinding) or a rotation status (Test-NhiRotation), or an identity id. A finding''s rule and evidence are the reason: they are re-evaluated on the live identity just before acting, and the target is skipped with a warning when they no longer hold.'
        IdentityId = 'Identity ids such as entra:sp:<objectId>, entra:app:<appId> or aws:arn:aws:iam::<account>:user/<name>. Identity.Id and Finding.IdentityId bind by property name.'
        Reason = 'Why, recorded in the journal with the finding''s rule and evidence (a ticket number, a note).'
        MaximumChanges = 'The most targets this invocation may change (default 25). When the pipeline holds more, the cmdlet stops with NhiBlastRadius before its first write and nothing is changed.'
        Policy = 'A policy file (.psd1, see module/NhiTools.Policy.psd1): ProtectedIdentities and ProtectedTagKeys name identities that are never touched, and the rule thresholds are those the reasons are re-checked with.'
        StorePath = 'The NhiTools store (SQLite) that holds the change journal. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db.'
        JournalConnectionString = 'A shared journal for many workers (Azure Table Storage). Default: $env:NHITOOLS_JOURNAL, else the SQLite store. Never echoed.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
        @{ Type = 'NhiTools.Finding'; Description = 'Findings from Get-NhiFinding (NHI-DORMANT, NHI-TEMP-ACCESS-EXPIRED, NHI-OWNER-GONE...).' }
        @{ Type = 'NhiTools.RotationStatus'; Description = 'Statuses from Test-NhiRotation.' }
    )
    Outputs     = 'NhiTools.Change: one per identity acted on (Outcome Done, or Unchanged when it was already quarantined).'
    Examples    = @(
        @{
            Title   = 'Quarantine every identity whose temporary access has ended'
            Code    = 'Get-NhiIdentity -Provider Entra | Get-NhiFinding -Rule NHI-TEMP-ACCESS-EXPIRED | Disable-NhiIdentity -Reason ''CHG-1042'''
            Remarks = 'Each finding is re-checked on the live tenant first; an end date extended meanwhile skips that identity with a warning.'
        }
        @{
            Title   = 'Preview, then quarantine dormant AWS identities, at most 10'
            Code    = @'
Get-NhiIdentity -Provider Aws | Get-NhiFinding -Rule NHI-DORMANT | Disable-NhiIdentity -WhatIf
Get-NhiIdentity -Provider Aws | Get-NhiFinding -Rule NHI-DORMANT | Disable-NhiIdentity -MaximumChanges 10 -Confirm:$false
'@
            Remarks = 'The first line sends no write; the second stops before any write if more than 10 would change.'
        }
    )
    Links       = @('Enable-NhiIdentity', 'Get-NhiChange', 'Undo-NhiChange', 'Get-NhiFinding')
}
