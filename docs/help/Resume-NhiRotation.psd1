@{
    Synopsis    = 'Finishes or rolls back every rotation left in progress.'
    Description = @'
Resume-NhiRotation takes every rotation in the journal that is not Idle, Blocked or Failed and continues it from its
journaled state: a rotation interrupted before promotion removes its new credential and starts over, or is rolled
back; one in its grace period retires the old credential once the wait is over (AWS: deactivates, then deletes the
old key, unless it was used after promotion); one interrupted during rollback completes it. Each takes the
credential's lease first, so runs on several workers at once never act twice (a rotation another worker holds is
skipped with a verbose message, not an error). This is the second step of the hourly
runbook, after Invoke-NhiRotate.

It needs the live sessions the rotations need (Connect-NhiEntra, Connect-NhiAws) and reaches each rotation's vault
from its journal row. Output: one NhiTools.RotationResult per rotation resumed. -WhatIf sends no request.
'@
    Parameters  = @{
        IdentityId              = 'Only rotations of these identities (wildcards allowed). Binds from Id and IdentityId.'
        GracePeriod             = 'The grace period for rotations that reach promotion during this run. Default 24 hours.'
        JournalConnectionString = 'An Azure Table Storage connection string for a shared journal. Default: $env:NHITOOLS_JOURNAL, else the SQLite store.'
        StorePath               = 'The NhiTools store (SQLite) that holds the journal. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.RotationJournalEntry'; Description = 'Rows from Get-NhiRotation, by property name (IdentityId).' }
    )
    Outputs     = 'NhiTools.RotationResult'
    Examples    = @(
        @{
            Title   = 'The hourly runbook'
            Code    = @'
Connect-NhiEntra -ManagedIdentity
Resume-NhiRotation -Confirm:$false
'@
            Remarks = 'Old credentials whose grace period is over are retired; interrupted rotations are finished or rolled back.'
        }
        @{
            Title   = 'Resume one identity''s rotation and see what it did'
            Code    = "Get-NhiRotation -InProgress -IdentityId 'aws:*svc-billing' | Resume-NhiRotation | Select-Object -ExpandProperty Steps"
            Remarks = 'Shows each step taken, such as the old key deactivated and deleted.'
        }
    )
    Links       = @('Invoke-NhiRotate', 'Get-NhiRotation', 'about_NhiTools')
}
