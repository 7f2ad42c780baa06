@{
    Synopsis    = 'Lists access review items by campaign, owner, identity and state.'
    Description = @'
Get-NhiReview reads the review items in the NhiTools store (New-NhiReview). Each item is Pending (no decision), Overdue
(no decision and past the campaign's DueOn at -AsOf) or Decided, with the decision, its justification, who decided and when.
A store that does not exist has no reviews and is not created.
'@
    Parameters  = @{
        Name      = 'Campaign names (wildcards allowed). Binds by property name (Review).'
        Owner     = 'Only items owned by this owner (wildcards allowed): each owner''s to-do list.'
        Identity  = 'Only the items of this identity id, across campaigns. An NhiTools.Identity or a finding binds as its id (about_NhiTools, IDENTITY PARAMETERS).'
        State     = 'Only items in these states: Pending, Overdue, Decided.'
        AsOf      = 'The moment Overdue is computed for. Default: now.'
        StorePath = 'The NhiTools store (SQLite). Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.ReviewItem'; Description = 'Items (Review binds to -Name).' }
    )
    Outputs     = 'NhiTools.ReviewItem.'
    Examples    = @(
        @{
            Title   = 'What one owner still has to decide'
            Code    = "Get-NhiReview -Name 2026-Q4 -Owner priya@contoso.com -State Pending, Overdue"
            Remarks = 'The owner''s open items, each with its evidence.'
        }
        @{
            Title   = 'The audit trail of a campaign'
            Code    = "Get-NhiReview -Name 2026-Q4 -State Decided | Select-Object IdentityName, Decision, Justification, DecidedBy, DecidedOn"
            Remarks = 'Who decided what, when and why.'
        }
    )
    Links       = @('New-NhiReview', 'Set-NhiReviewDecision', 'about_NhiTools')
}
