@{
    Synopsis    = 'Releases identities quarantined by Disable-NhiIdentity.'
    Description = @'
Enable-NhiIdentity reverses exactly what Disable-NhiIdentity did: accountEnabled = true on the Entra service
principal, or the NhiTools-Quarantine inline policy deleted from the AWS user or role (nothing else is touched), or
the Key Vault secret version the last Disable-NhiIdentity disabled re-enabled (the current version when NhiTools
never disabled one). An
identity that is not quarantined is left as it is (Outcome Unchanged). The change is journaled like every other.
Protection tags and reasons are not re-checked: releasing a quarantine is always allowed. Under -WhatIf no write
request is sent; -MaximumChanges bounds the invocation as for Disable-NhiIdentity.
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
        @{ Type = 'NhiTools.Finding'; Description = 'Findings from Get-NhiFinding.' }
    )
    Outputs     = 'NhiTools.Change: one per identity.'
    Examples    = @(
        @{
            Title   = 'Release one service principal'
            Code    = 'Enable-NhiIdentity -IdentityId ''entra:sp:5f0c0d6e-0000-4000-8000-000000000001'' -Reason ''owner confirmed it is used'''
            Remarks = 'Sets accountEnabled back to true and journals the change.'
        }
        @{
            Title   = 'Release every AWS identity quarantined today'
            Code    = 'Get-NhiChange -Action Disable -After (Get-Date).Date | Where-Object Provider -eq Aws | Enable-NhiIdentity'
            Remarks = 'Change objects carry IdentityId, which binds by property name.'
        }
    )
    Links       = @('Disable-NhiIdentity', 'Undo-NhiChange')
}
