@{
    Synopsis    = 'Records an owner''s decision on an access review item: Keep, Reduce or Remove, with a justification.'
    Description = @'
Set-NhiReviewDecision records a decision on one review item and an audit row (who decided what, when and why). Items from
Get-NhiReview pipe in (Review and IdentityId bind by property name).

A blind approval is refused, not recorded: keeping an identity whose activity logs show granted rights it never used, or one
that has no owner, needs a justification that says why (at least 20 characters, not a stock phrase such as 'still needed') -
otherwise the error is NhiReviewBlindApproval and nothing is written. Reduce and Remove need a justification too (what to
reduce, why remove). Deciding again replaces the item's decision; the audit log keeps every decision. Decisions made by
different owners in different processes at once are all kept (each is written in its own store transaction).

Supports -WhatIf and -Confirm; under -WhatIf nothing is written.
'@
    Parameters  = @{
        Review        = 'The campaign name. Binds by property name from Get-NhiReview output.'
        IdentityId    = 'The identity id of the item. Binds by property name.'
        Decision      = 'Keep, Reduce or Remove.'
        Justification = 'Why. Required for Reduce and Remove, and for Keep when the logs show unused rights or the identity has no owner.'
        DecidedBy     = 'Who decides, as recorded. Default: the current user name.'
        StorePath     = 'The NhiTools store (SQLite). Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.ReviewItem'; Description = 'Items from Get-NhiReview (Review and IdentityId bind by property name).' }
    )
    Outputs     = 'NhiTools.ReviewItem, as recorded.'
    Examples    = @(
        @{
            Title   = 'Keep one identity, saying why'
            Code    = "Get-NhiReview -Name 2026-Q4 -Identity 'aws:arn:aws:iam::123456789012:user/svc-billing' | Set-NhiReviewDecision Keep 'Month-end invoice export; uses s3 only, rights already scoped' -DecidedBy priya@contoso.com"
            Remarks = 'Recorded with the owner, the time and the justification.'
        }
        @{
            Title   = 'Remove what an owner does not recognise'
            Code    = "Get-NhiReview -Name 2026-Q4 -Owner priya@contoso.com -State Pending | Where-Object { -not `$_.Purpose } | Set-NhiReviewDecision Remove 'Nobody on the team knows it; no use in 90 days of logs' -WhatIf"
            Remarks = '-WhatIf lists the decisions that would be recorded.'
        }
    )
    Links       = @('New-NhiReview', 'Get-NhiReview', 'about_NhiTools')
}
