@{
    Synopsis    = 'Starts an access review campaign over the identities piped in, with the evidence each owner needs.'
    Description = @'
New-NhiReview creates a campaign in the NhiTools store with one item per identity piped in. Each item holds the evidence
gathered now: owners, purpose, each credential with its type and age, the rights granted, what the activity logs show it
used (the same comparison as Get-NhiFinding -ActivityPath's NHI-UNUSED-PERMISSION, naming the window the logs cover) and the
findings open now (excused ones marked with their exception's end). Owners then record a decision per item with
Set-NhiReviewDecision; Get-NhiReview lists the items by campaign, owner and state.

Without -ActivityPath the usage of every item is Unknown (unknown is never unused). A name already used is an
NhiReviewExists error and nothing is written. Supports -WhatIf and -Confirm; under -WhatIf the store is not written.
'@
    Parameters  = @{
        InputObject  = 'Identities from Get-NhiIdentity (from the pipeline). Each identity is one item; repeats are ignored.'
        Name         = 'The campaign name, e.g. 2026-Q4. Unique in the store.'
        DueOn        = 'When decisions are due (a date covers that whole day). Undecided items are Overdue after it.'
        ActivityPath = 'Activity log files or folders (CloudTrail, Access Advisor, Entra sign-in and audit logs), compared with the rights granted.'
        Policy       = 'A policy file (.psd1) for the thresholds the evidence uses (UnusedPermissionDays, exceptions...).'
        AsOf         = 'The moment the evidence is for: credential ages, open findings, the logs'' window. Default: now.'
        StorePath    = 'The NhiTools store (SQLite). Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
    )
    Outputs     = 'NhiTools.ReviewItem: Review, DueOn, IdentityId, IdentityName, Owners, Purpose, Credentials, Granted, Usage, UnusedRights, Findings, State, Decision, Justification, DecidedBy, DecidedOn.'
    Examples    = @(
        @{
            Title   = 'The quarterly review of every AWS identity'
            Code    = "Get-NhiIdentity -Path ./exports -Provider Aws | New-NhiReview -Name 2026-Q4 -DueOn 2026-12-31 -ActivityPath ./exports/activity"
            Remarks = 'One item per identity, each with what it is granted and what the logs show it used.'
        }
        @{
            Title   = 'Preview a campaign'
            Code    = "Get-NhiIdentity -Path ./exports | New-NhiReview -Name trial -DueOn 2026-12-31 -WhatIf"
            Remarks = 'Says how many identities the campaign would hold; nothing is written.'
        }
    )
    Links       = @('Get-NhiReview', 'Set-NhiReviewDecision', 'Export-NhiReport', 'about_NhiTools')
}
