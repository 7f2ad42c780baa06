@{
    Synopsis    = 'Records what a non-human identity is for and which system it serves.'
    Description = @'
Set-NhiPurpose keeps one line per identity saying what it is for, in the NhiTools store; Get-NhiIdentity shows it as Purpose.
Where no purpose is stored, Get-NhiIdentity reads the one the source holds: a purpose (or description, used-for) tag on an
IAM user or role or a Key Vault secret, or an Entra application's or service principal's notes.

A cmdlet of its own rather than Set-NhiOwner -Purpose: a purpose is one sentence that replaces the last, while owners are a
list that grows; setting a purpose must not require naming owners (Set-NhiOwner's -Owner is mandatory).

For an identity read from a connected live source that can hold it, the purpose is written there, as Set-NhiOwner does
for owners: an Entra application's or service principal's notes (PATCH), an IAM user's or role's purpose tag (TagUser or
TagRole; an empty purpose removes the tag with UntagUser or UntagRole). A purpose stored earlier for it is then dropped so
the source's shows. Identities read from exports, managed identities and all others keep it in the store. An identity with neither a purpose nor a recent review decision is an NHI-NO-PURPOSE finding.
An empty -Purpose clears the stored purpose. Supports -WhatIf and -Confirm; under -WhatIf nothing is written.
'@
    Parameters  = @{
        InputObject = 'Identities from Get-NhiIdentity (from the pipeline).'
        Purpose     = 'What the identity is for and which system it serves: one line, at most 1000 characters. An empty string clears it.'
        PassThru    = 'Output the identity with its new Purpose.'
        StorePath   = 'The NhiTools store (SQLite). Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
    )
    Outputs     = 'NhiTools.Identity with -PassThru; otherwise none.'
    Examples    = @(
        @{
            Title   = 'Say what one service account is for'
            Code    = "Get-NhiIdentity -Path ./exports -Name svc-billing | Set-NhiPurpose 'Nightly invoice export from the billing DB to S3 (finance)'"
            Remarks = 'Get-NhiIdentity shows the purpose from now on; NHI-NO-PURPOSE no longer fires for it.'
        }
        @{
            Title   = 'Find the identities nobody can explain'
            Code    = 'Get-NhiIdentity -Path ./exports | Where-Object { -not $_.Purpose } | Select-Object Name, Owners'
            Remarks = 'The list to send to the owners before the next review.'
        }
    )
    Links       = @('Get-NhiIdentity', 'Set-NhiOwner', 'New-NhiReview', 'about_NhiTools')
}
