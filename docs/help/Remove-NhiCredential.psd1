@{
    Synopsis    = 'Removes expired or unused credentials safely: AWS keys deactivated first, deleted after a hold.'
    Description = @'
Remove-NhiCredential removes the credentials named by findings, rotation statuses or -CredentialId:

- Entra client secrets are removed (removePassword) at once. Certificates are not: Graph's removeKey needs a proof
  signed by one of the application's own keys, so the cmdlet says so and changes nothing.
- A Key Vault secret (its credential id is the secret name) is not deleted: its current version is disabled
  (Key Vault Secrets Officer), journaled with the version; Undo-NhiChange re-enables exactly that version.
- AWS access keys are deactivated first (UpdateAccessKey Inactive, reversible with Undo-NhiChange). A later run,
  once the key has stayed inactive for -HoldFor (default 7 days), deletes it; until then the run skips it with a
  warning naming the date. -Force deletes at once.

The last working credential (enabled, not expired) of an identity used in the last 30 days is never removed
without -Force (NhiLastCredential): give it a new credential first. A deleted credential cannot be restored by any
provider; Get-NhiChange keeps what it was (type, id, name, dates - never the secret).

The cleanup guardrails apply as for Disable-NhiIdentity: protected identities are skipped, an unconnected provider
fails with NhiNotConnected, more than -MaximumChanges targets stop everything with NhiBlastRadius before the first
write, the live source is read again and a target whose reason is gone (used since, end date extended) is skipped,
and -WhatIf sends no write request.
'@
    Parameters  = @{
        ActivityPath = 'Activity log files or folders (as Get-NhiFinding -ActivityPath). -WhatIf and -Confirm then say who uses each target ("used by 2 workloads in the last 30 days: 10.20.1.7 aws-cli/2.17, ...", or "no log covers it: usage unknown"), and a target whose identity or credential was used after its finding was made (Finding.AsOf) is refused with NhiIdentityInUse and nothing is written.'
        InputObject = 'A finding (Get-NhiFinding: NHI-EXPIRED-CREDENTIAL, NHI-UNUSED-CREDENTIAL, NHI-MULTIPLE-ACTIVE-KEYS...), a rotation status (Test-NhiRotation) or an identity with -CredentialId. The finding is re-evaluated on the live identity just before acting.'
        IdentityId = 'Identity ids such as entra:app:<appId> or aws:arn:aws:iam::<account>:user/<name>. Identity.Id and Finding.IdentityId bind by property name.'
        CredentialId = 'The credentials to remove: an Entra keyId or an AWS access key id. Finding.CredentialId and RotationStatus.CredentialId bind by property name.'
        HoldFor = 'How long an AWS access key stays deactivated before a later run deletes it (default 7 days). The hold starts when NhiTools deactivates the key (or first finds it inactive).'
        Force = 'Delete AWS access keys at once instead of deactivating them first, and remove the last working credential of an identity used in the last 30 days.'
        Reason = 'Why, recorded in the journal with the finding''s rule and evidence (a ticket number, a note).'
        MaximumChanges = 'The most credentials this invocation may change (default 25). When the pipeline holds more, the cmdlet stops with NhiBlastRadius before its first write and nothing is changed.'
        Policy = 'A policy file (.psd1): ProtectedIdentities and ProtectedTagKeys name identities that are never touched, and the rule thresholds are those the reasons are re-checked with.'
        StorePath = 'The NhiTools store (SQLite) that holds the change journal. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db.'
        JournalConnectionString = 'A shared journal for many workers (Azure Table Storage). Default: $env:NHITOOLS_JOURNAL, else the SQLite store. Never echoed.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Finding'; Description = 'Findings about one credential, from Get-NhiFinding.' }
        @{ Type = 'NhiTools.RotationStatus'; Description = 'Statuses from Test-NhiRotation.' }
        @{ Type = 'NhiTools.Identity'; Description = 'Identities, with -CredentialId.' }
    )
    Outputs     = 'NhiTools.Change: one per credential changed (DeactivateCredential or DeleteCredential).'
    Examples    = @(
        @{
            Title   = 'Remove every expired client secret'
            Code    = 'Get-NhiIdentity -Provider Entra | Get-NhiFinding -Rule NHI-EXPIRED-CREDENTIAL | Remove-NhiCredential -Confirm:$false'
            Remarks = 'Each expired secret is removed with removePassword and journaled.'
        }
        @{
            Title   = 'Retire unused AWS keys over two runs'
            Code    = @'
Get-NhiIdentity -Provider Aws | Get-NhiFinding -Rule NHI-UNUSED-CREDENTIAL | Remove-NhiCredential -Confirm:$false
# a week later, the same command deletes the keys that stayed inactive
'@
            Remarks = 'The first run deactivates the keys; a run after the 7-day hold deletes them. Undo-NhiChange reactivates a key during the hold.'
        }
    )
    Links       = @('Get-NhiFinding', 'Get-NhiChange', 'Undo-NhiChange', 'Disable-NhiIdentity')
}
