@{
    Synopsis    = 'Records an exception to one rule for one identity, with a reason, an approver and an end date.'
    Description = @'
Add-NhiException accepts a risk for a while: the findings of -Rule on -Identity stay in Get-NhiFinding's results but are
marked Suppressed (hidden unless -IncludeSuppressed) until -ExpiresOn; after that they are open again, and their evidence
names the exception that ended. A date without a time covers that whole day.

An exception always ends and is always approved: one whose end date is missing or already past, or whose approver,
reason or rule is missing or unknown, is refused with an NhiExceptionInvalid error and nothing is written. When
exceptions cover more than the policy's ExceptionSharePercent (20) of one rule's findings, Get-NhiFinding reports
NHI-EXCEPTION-NORM. Exceptions live in the NhiTools store, with an audit row for every add and removal; teams that keep
policy in git can list them under the policy file's Exceptions key instead.

Findings from Get-NhiFinding pipe in: their Rule and IdentityId bind by property name. Add-NhiException supports -WhatIf
and -Confirm (ConfirmImpact Medium); under -WhatIf the store is not written (nor created).
'@
    Parameters  = @{
        Rule       = 'The rule id the exception is for (tab completes), e.g. NHI-ROTATION-OVERDUE. Binds from a finding''s Rule.'
        Identity   = 'The identity id it covers (Id of Get-NhiIdentity, IdentityId of Get-NhiFinding); * and ? match several ids. Binds from a finding''s IdentityId.'
        Reason     = 'Why the risk is accepted (a change ticket, a vendor constraint). Required and non-empty.'
        ExpiresOn  = 'When the exception ends. Required, in the future; a date covers that whole day.'
        ApprovedBy = 'Who approved the exception (UPN, e-mail or team). Required and non-empty.'
        StorePath  = 'The NhiTools store (SQLite). Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Finding'; Description = 'Findings from Get-NhiFinding (Rule and IdentityId bind by property name).' }
    )
    Outputs     = 'NhiTools.Exemption: Id, Rule, IdentityId, Reason, ExpiresOn, ApprovedBy, CreatedOn, CreatedBy, Source, State.'
    Examples    = @(
        @{
            Title   = 'Accept one overdue rotation until the vendor ships a fix'
            Code    = "Add-NhiException -Rule NHI-ROTATION-OVERDUE -Identity 'aws:arn:aws:iam::123456789012:user/svc-legacy' -Reason 'Vendor appliance, CHG-2211' -ExpiresOn 2026-12-31 -ApprovedBy ciso@contoso.com"
            Remarks = 'The finding is Suppressed until the end of 31 December 2026, then open again.'
        }
        @{
            Title   = 'Excuse the findings of one identity, seen first'
            Code    = @'
Get-NhiIdentity -Path ./exports -Name svc-legacy | Get-NhiFinding -Rule NHI-LONG-LIVED |
    Add-NhiException -Reason 'Decommissioned in Q1' -ExpiresOn 2027-03-31 -ApprovedBy ciso@contoso.com -WhatIf
'@
            Remarks = 'Each finding''s Rule and IdentityId bind; -WhatIf shows what would be recorded without writing.'
        }
    )
    Links       = @('Get-NhiException', 'Remove-NhiException', 'Get-NhiFinding', 'about_NhiTools')
}
