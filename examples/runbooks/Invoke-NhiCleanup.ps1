<#
.SYNOPSIS
    Unattended NHI cleanup for Azure Automation (or any scheduler): quarantine expired temporary access and dormant
    identities, remove expired credentials, retire AWS keys after their hold, delete what stayed quarantined past the
    hold, write the HTML report and return a summary object.

.DESCRIPTION
    Safe to rerun after an interruption (Automation restarts a job from the top): every step checks the current
    state first, so a step already done is recorded as Unchanged and sends nothing, and an interrupted step is in the
    change journal (Get-NhiChange) with Outcome Started for Undo-NhiChange. Safe from two workers at once when they
    share a journal (-JournalConnectionString / NHITOOLS_JOURNAL): each identity is leased while it is changed, and a
    worker that finds it leased skips it (NhiCleanupBusy) for the next run.

    Every cmdlet keeps its guardrails: identities tagged nhi-protected or listed in the policy file's
    ProtectedIdentities are never touched; each target is re-read live and skipped if its reason is gone; more than
    -MaximumChanges targets in one step stop that step before its first write (NhiBlastRadius). -WhatIf runs the whole
    runbook without sending a single write request.

    Least permissions: see the README section "Cleanup: quarantine, undo, remove".

.EXAMPLE
    # Azure Automation, system-assigned managed identity for Graph, an AWS role for IAM, a shared journal:
    ./Invoke-NhiCleanup.ps1 -ManagedIdentity -AwsRoleArn arn:aws:iam::111122223333:role/nhitools-cleanup `
        -JournalConnectionString (Get-AutomationVariable -Name NhiJournal) -ReportPath $env:TEMP/nhi-cleanup.html

.EXAMPLE
    # Against the labs (dotnet pwsh ./build.ps1 -Task Lab), previewing only:
    $env:AWS_ACCESS_KEY_ID = 'AKIANHITOOLSLABADMIN'; $env:AWS_SECRET_ACCESS_KEY = 'NhiToolsLabAdminSecretKeyForLoopbackOnly'
    ./Invoke-NhiCleanup.ps1 -GraphEndpoint http://127.0.0.1:5100/v1.0 -GraphAccessToken 'nhitools-lab-static-token' `
        -AwsEndpoint http://127.0.0.1:5101 -StorePath ./lab.db -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    # Entra: the Automation account's managed identity (-ManagedIdentity), or a token (labs), or skip Entra (-SkipEntra).
    [switch] $ManagedIdentity,
    [uri] $GraphEndpoint,
    [string] $GraphAccessToken,
    [switch] $SkipEntra,
    # AWS: the default credential chain, optionally assuming these roles; or skip AWS (-SkipAws).
    [string[]] $AwsRoleArn,
    [uri] $AwsEndpoint,
    [switch] $SkipAws,

    [string] $Policy,
    [string] $StorePath,
    [string] $JournalConnectionString,
    [int] $MaximumChanges = 25,
    [timespan] $KeyHold = [timespan]::FromDays(7),
    [timespan] $QuarantineHold = [timespan]::FromDays(30),
    [string] $ReportPath
)

$ErrorActionPreference = 'Continue'   # one failed target must not stop the others; errors are collected below
if (-not (Get-Module NhiTools)) { Import-Module NhiTools -ErrorAction Stop }   # already loaded: keep that copy

$common = @{ MaximumChanges = $MaximumChanges; Confirm = $false; WhatIf = [bool]$WhatIfPreference }
if ($Policy) { $common.Policy = $Policy }
if ($StorePath) { $common.StorePath = $StorePath }
if ($JournalConnectionString) { $common.JournalConnectionString = $JournalConnectionString }
$journal = @{}
if ($StorePath) { $journal.StorePath = $StorePath }
if ($JournalConnectionString) { $journal.JournalConnectionString = $JournalConnectionString }

$started = [datetime]::UtcNow
$problems = [System.Collections.Generic.List[object]]::new()
$changes = [System.Collections.Generic.List[object]]::new()
function Add-Step([string] $Step, [scriptblock] $Body) {
    $errs = $null
    try {
        $out = & $Body -ErrorVariable +errs
        foreach ($c in @($out)) { if ($c) { $c | Add-Member -NotePropertyName Step -NotePropertyValue $Step -Force; $changes.Add($c) } }
    }
    catch { $problems.Add([pscustomobject]@{ Step = $Step; ErrorId = $_.FullyQualifiedErrorId; Message = $_.Exception.Message }) }
    foreach ($e in @($errs)) { if ($e) { $problems.Add([pscustomobject]@{ Step = $Step; ErrorId = $e.FullyQualifiedErrorId; Message = $e.Exception.Message }) } }
}

# 1. Connect. A provider that cannot be reached is skipped (and reported), never read as empty.
$providers = @()
if (-not $SkipEntra) {
    try {
        $c = @{}
        if ($GraphEndpoint) { $c.Endpoint = $GraphEndpoint }
        if ($GraphAccessToken) { $c.AccessToken = ConvertTo-SecureString $GraphAccessToken -AsPlainText -Force }
        elseif ($ManagedIdentity) { $c.ManagedIdentity = $true }
        Connect-NhiEntra @c -ErrorAction Stop | Out-Null
        $providers += 'Entra'
    }
    catch { $problems.Add([pscustomobject]@{ Step = 'Connect Entra'; ErrorId = $_.FullyQualifiedErrorId; Message = $_.Exception.Message }) }
}
if (-not $SkipAws) {
    try {
        $c = @{}
        if ($AwsEndpoint) { $c.Endpoint = $AwsEndpoint }
        if ($AwsRoleArn) { $c.RoleArn = $AwsRoleArn }
        Connect-NhiAws @c -ErrorAction Stop | Out-Null
        $providers += 'Aws'
    }
    catch { $problems.Add([pscustomobject]@{ Step = 'Connect Aws'; ErrorId = $_.FullyQualifiedErrorId; Message = $_.Exception.Message }) }
}

if ($providers) {
    # 2. Read once and evaluate. A failed or throttled read stops here: nothing is decided on partial data.
    $identities = $null
    try { $identities = @(Get-NhiIdentity -Provider $providers -ErrorAction Stop) }
    catch { $problems.Add([pscustomobject]@{ Step = 'Read'; ErrorId = $_.FullyQualifiedErrorId; Message = $_.Exception.Message }) }

    if ($null -ne $identities) {
        $findingArgs = @{}
        if ($Policy) { $findingArgs.Policy = $Policy }
        $findings = @($identities | Get-NhiFinding @findingArgs -Rule NHI-TEMP-ACCESS-EXPIRED, NHI-DORMANT, NHI-EXPIRED-CREDENTIAL)

        # 3. Quarantine temporary access past its end, and dormant identities (reversible: Undo-NhiChange).
        Add-Step 'Quarantine' { $findings | Where-Object Rule -in 'NHI-TEMP-ACCESS-EXPIRED', 'NHI-DORMANT' | Disable-NhiIdentity @common -Reason 'Invoke-NhiCleanup' }

        # 4. Remove expired credentials (AWS keys: deactivated now, deleted by a later run after the hold).
        Add-Step 'Expired credentials' { $findings | Where-Object Rule -eq 'NHI-EXPIRED-CREDENTIAL' | Remove-NhiCredential @common -HoldFor $KeyHold -Reason 'Invoke-NhiCleanup' }

        # 5. Delete AWS keys that stayed deactivated past the hold (earlier runs deactivated them).
        Add-Step 'Keys past hold' {
            Get-NhiChange @journal -Action DeactivateCredential -Undoable |
                Where-Object { $_.Provider -in $providers -and $_.At -lt [datetime]::UtcNow - $KeyHold } |
                Sort-Object IdentityId, Target -Unique |
                ForEach-Object { [pscustomobject]@{ IdentityId = $_.IdentityId; CredentialId = $_.Target } } |
                Remove-NhiCredential @common -HoldFor $KeyHold -Reason 'Invoke-NhiCleanup: inactive past the hold'
        }

        # 6. Delete what stayed quarantined past the hold (Entra: restorable from deleted items for 30 days).
        Add-Step 'Quarantine past hold' {
            Get-NhiChange @journal -Action Disable -Undoable |
                Where-Object { $_.Provider -in $providers -and $_.At -lt [datetime]::UtcNow - $QuarantineHold } |
                Sort-Object IdentityId -Unique |
                Remove-NhiIdentity @common -HoldFor $QuarantineHold -Reason 'Invoke-NhiCleanup: quarantined past the hold'
        }

        # 7. The report, from the identities as they are now.
        if ($ReportPath -and -not $WhatIfPreference) {
            try { Get-NhiIdentity -Provider $providers -ErrorAction Stop | Export-NhiReport -Path $ReportPath -Title 'NHI cleanup' -ErrorAction Stop | Out-Null }
            catch { $problems.Add([pscustomobject]@{ Step = 'Report'; ErrorId = $_.FullyQualifiedErrorId; Message = $_.Exception.Message }) }
        }
    }
}

# 8. One summary object for the job's output stream (no secret is ever in it).
[pscustomobject]@{
    PSTypeName = 'NhiTools.CleanupSummary'
    StartedOn  = $started
    FinishedOn = [datetime]::UtcNow
    WhatIf     = [bool]$WhatIfPreference
    Providers  = $providers
    Changed    = @($changes | Where-Object Outcome -eq 'Done').Count
    Unchanged  = @($changes | Where-Object Outcome -eq 'Unchanged').Count
    ByStep     = @($changes | Group-Object Step, Action, Outcome | ForEach-Object { [pscustomobject]@{ Step = $_.Name; Count = $_.Count } })
    Changes    = $changes.ToArray()
    Problems   = $problems.ToArray()
    Report     = if ($ReportPath -and -not $WhatIfPreference -and (Test-Path $ReportPath)) { $ReportPath } else { $null }
}
