@{
    Synopsis    = 'Imports a review campaign kept in a file, with its decisions, into the store.'
    Description = @'
Import-NhiReview reads one access review campaign from a JSON file: the array that
Get-NhiReview -Name <campaign> | ConvertTo-Json -Depth 4 writes (Decision as Keep, Reduce, Remove or their numbers 0-2).
It creates the campaign in the store with each item's evidence, then records each decision with who made it and when
(DecidedBy, DecidedOn from the file), so Get-NhiIdentity shows LastReviewedOn and NHI-NOT-REVIEWED counts the review.
Each decision is checked as Set-NhiReviewDecision checks it: a keep of unused rights or of an unowned identity without a
justification that says why makes the whole file invalid (NhiReviewFileInvalid or NhiReviewBlindApproval) and nothing is
written. A campaign name already in the store is NhiReviewExists. The file is how a finished review lives beside an
estate kept in files (examples/governance/review-2026-Q3.json) or moves between stores.
'@
    Parameters  = @{
        Path      = 'The JSON file of one campaign (every item has the same Review and DueOn). Binds from FullName, so Get-ChildItem can pipe files.'
        StorePath = 'The NhiTools store (SQLite) to import into; created when missing. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'System.IO.FileInfo'; Description = 'Review files (FullName binds to -Path).' }
    )
    Outputs     = 'NhiTools.ReviewItem: the imported campaign''s items as stored.'
    Examples    = @(
        @{
            Title   = 'The example estate''s finished review'
            Code    = "Import-NhiReview examples/governance/review-2026-Q3.json; Get-NhiIdentity -Path examples/estate | Get-NhiFinding -AsOf 2026-11-01 -Rule NHI-NOT-REVIEWED"
            Remarks = 'The reviewed identities are no longer NHI-NOT-REVIEWED at 2026-11-01 (decided within the 90-day cycle).'
        }
        @{
            Title   = 'Move a campaign to another store'
            Code    = "Get-NhiReview -Name 2026-Q4 | ConvertTo-Json -Depth 4 | Set-Content q4.json; Import-NhiReview q4.json -StorePath ./audit.db -WhatIf"
            Remarks = 'The same items, decisions and deciders; -WhatIf shows what would be imported and writes nothing.'
        }
    )
    Links       = @('New-NhiReview', 'Get-NhiReview', 'Set-NhiReviewDecision', 'about_NhiTools')
}
