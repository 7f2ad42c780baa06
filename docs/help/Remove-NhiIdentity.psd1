@{
    Synopsis    = 'Deletes identities that stayed quarantined by NhiTools past a hold.'
    Description = @'
Remove-NhiIdentity is the last step of a retirement: it deletes only identities that Disable-NhiIdentity
quarantined, that are still quarantined, and whose quarantine (as the change journal records it) is older than
-HoldFor (default 30 days). Anything else fails with NhiNotQuarantined or is skipped with a warning naming the date
it becomes due; nothing is deleted on a finding alone.

- Entra: the application (entra:app) or service principal (entra:sp) is soft deleted. It stays in deleted items for
  30 days and Undo-NhiChange restores it.
- AWS: everything IAM requires gone first - access keys, attached and inline policies (with their documents), group
  memberships - is captured in the journal (Get-NhiChange shows it as Before), then removed, then the user or role
  is deleted. IAM cannot restore a deleted user or role; the journal holds what is needed to recreate it.

The cleanup guardrails apply: protected identities are skipped, an unconnected provider fails with NhiNotConnected,
more than -MaximumChanges targets stop everything with NhiBlastRadius before the first write, and -WhatIf sends no
write request.
'@
    Parameters  = @{
        ActivityPath = 'Activity log files or folders (as Get-NhiFinding -ActivityPath). -WhatIf and -Confirm then say who uses each target ("used by 2 workloads in the last 30 days: 10.20.1.7 aws-cli/2.17, ...", or "no log covers it: usage unknown"), and a target whose identity or credential was used after its finding was made (Finding.AsOf) is refused with NhiIdentityInUse and nothing is written.'
        InputObject = 'An identity (Get-NhiIdentity), a finding (Get-NhiFinding) or an identity id. Only identities NhiTools quarantined are deleted.'
        IdentityId = 'Identity ids such as entra:app:<appId>, entra:sp:<objectId> or aws:arn:aws:iam::<account>:user/<name>. Identity.Id, Finding.IdentityId and Change.IdentityId bind by property name.'
        HoldFor = 'How long the identity must have stayed quarantined by NhiTools (Disable-NhiIdentity) before it is deleted (default 30 days). Until then it is skipped with a warning naming the date.'
        Reason = 'Why, recorded in the journal (a ticket number, a note).'
        MaximumChanges = 'The most identities this invocation may delete (default 25). When the pipeline holds more, the cmdlet stops with NhiBlastRadius before its first write and nothing is changed.'
        Policy = 'A policy file (.psd1): ProtectedIdentities and ProtectedTagKeys name identities that are never touched.'
        StorePath = 'The NhiTools store (SQLite) that holds the change journal. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db.'
        JournalConnectionString = 'A shared journal for many workers (Azure Table Storage). Default: $env:NHITOOLS_JOURNAL, else the SQLite store. Never echoed.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
        @{ Type = 'NhiTools.Change'; Description = 'Disable changes from Get-NhiChange (their IdentityId binds).' }
    )
    Outputs     = 'NhiTools.Change: one per identity deleted.'
    Examples    = @(
        @{
            Title   = 'Delete what stayed quarantined for 30 days'
            Code    = 'Get-NhiChange -Action Disable -Undoable | Remove-NhiIdentity -Confirm:$false'
            Remarks = 'Identities quarantined less than 30 days ago are skipped with a warning; re-enabled ones are left alone.'
        }
        @{
            Title   = 'Preview, then delete one identity after a 14-day hold'
            Code    = @'
Remove-NhiIdentity -IdentityId 'aws:arn:aws:iam::111122223333:user/svc-old-batch' -HoldFor 14.00:00:00 -WhatIf
Remove-NhiIdentity -IdentityId 'aws:arn:aws:iam::111122223333:user/svc-old-batch' -HoldFor 14.00:00:00 -Confirm:$false
'@
            Remarks = 'The first line sends no write request; the second deletes the user and everything attached, keeping it in the journal.'
        }
    )
    Links       = @('Disable-NhiIdentity', 'Get-NhiChange', 'Undo-NhiChange')
}
