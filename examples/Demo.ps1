<#
.SYNOPSIS
    The NhiTools main job on an estate of export files: inventory, rotation summary, unowned identities.
.EXAMPLE
    ./examples/Demo.ps1 -ModulePath ./out/NhiTools -EstatePath ./examples/estate
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/NhiTools'),
    [string] $EstatePath = (Join-Path $PSScriptRoot 'estate'),
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out'),
    # The estate's reference date: every planted case is dated against it.
    [datetime] $AsOf = '2026-11-01T00:00:00Z'
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModulePath 'NhiTools.psd1')
# A throwaway store: the demo must not touch the user's own owner records.
$env:NHITOOLS_STORE = Join-Path ([System.IO.Path]::GetTempPath()) "nhitools-demo-$PID.db"

$identities = Get-NhiIdentity -Path $EstatePath
"Inventory of $EstatePath as of $($AsOf.ToString('yyyy-MM-dd')): $($identities.Count) non-human identities"
$identities | Group-Object Provider, Kind -NoElement | Sort-Object Name | Format-Table Count, Name -AutoSize | Out-String

'Rotation summary (max age 90 days, warn 30 days ahead):'
$rotation = $identities | Test-NhiRotation -AsOf $AsOf
$rotation | Group-Object Status -NoElement | Sort-Object Count -Descending | Format-Table Count, Name -AutoSize | Out-String

'Credentials to act on first (expired or overdue, oldest first):'
$rotation | Where-Object Status -in 'Expired', 'Overdue' | Sort-Object Age -Descending | Select-Object -First 15 |
    Format-Table Status, Provider, IdentityName, CredentialType, CredentialId, @{ n = 'AgeDays'; e = { [int]$_.Age.TotalDays } }, Reason -AutoSize | Out-String -Width 200

$unowned = $identities | Where-Object { $_.Owners.Count -eq 0 }
"Unowned identities: $($unowned.Count)"
$unowned | Sort-Object Provider, Name | Format-Table Provider, Kind, Name, Account -AutoSize | Out-String -Width 200

# AI agents act through existing identities: register the estate's agents, then see each as one thing.
$null = & (Join-Path $PSScriptRoot 'agents.ps1') 3>$null
$agents = $identities | Get-NhiAgent
'AI agents and their effective access across their identities:'
$agents | Format-Table Name, Owner, @{ n = 'Identities'; e = { $_.Identities.Count } }, @{ n = 'Permissions'; e = { $_.EffectivePermissions.Count } },
    @{ n = 'Undeclared'; e = { $_.UndeclaredPermissions.Count } }, @{ n = 'Inherited'; e = { ($_.InheritedIdentities.IdentityName) -join ', ' } },
    @{ n = 'ChainsTo'; e = { ($_.Chains.To -replace '^.*[:/]') -join ', ' } } -AutoSize | Out-String -Width 200
'support-copilot: every permission, and which identity grants it'
($agents | Where-Object Name -eq 'support-copilot').EffectivePermissions |
    Format-Table Name, @{ n = 'Actions'; e = { $_.Actions -join ', ' } }, @{ n = 'Via'; e = { ($_.Via -replace '^.*/') -join ', ' } },
    @{ n = 'Declared'; e = { $_.Reason -eq $null } } -AutoSize | Out-String -Width 200

# What identities did after they signed in (CloudTrail, Access Advisor, Entra sign-in and audit logs under estate/activity).
$activityPath = Join-Path $EstatePath 'activity'
$activity = Get-NhiActivity -Path $EstatePath -Identity $identities
"Activity: $($activity.Count) events by $(@($activity.IdentityId | Sort-Object -Unique).Count) identities"
$activity | Group-Object IdentityName, Origin -NoElement | Sort-Object Count -Descending | Format-Table Count, Name -AutoSize | Out-String
'Console logins and interactive sign-ins by non-human identities:'
$activity | Where-Object Interactive | Sort-Object When | Format-Table When, IdentityName, Action, From, Result -AutoSize | Out-String -Width 200

$findings = $identities | Get-NhiFinding -AsOf $AsOf -ActivityPath $activityPath
'Granted but unused (NHI-UNUSED-PERMISSION):'
$findings | Where-Object Rule -eq 'NHI-UNUSED-PERMISSION' | Format-Table Severity, IdentityName, Evidence -Wrap | Out-String -Width 220
'Agent findings:'
$findings | Where-Object Rule -like 'NHI-AGENT-*' | Sort-Object Score -Descending | Format-Table Score, Severity, Rule, IdentityName, Evidence -Wrap | Out-String -Width 220
"Findings: $($findings.Count) across $(@($findings.IdentityId | Sort-Object -Unique).Count) identities"
# Governance findings fire on nearly every identity until purposes are set and a review is decided (examples/README.md).
$governance = @($findings | Where-Object Rule -in 'NHI-NO-PURPOSE', 'NHI-NOT-REVIEWED')
"Of them governance (no purpose, not reviewed): $($governance.Count)"
$findings | Group-Object Owasp -NoElement | Sort-Object { [int]($_.Name -replace '\D') } | Format-Table Count, @{ n = 'OWASP NHI'; e = { $_.Name } } -AutoSize | Out-String

'Fix these first (highest score, with evidence):'
$findings | Sort-Object Score -Descending | Select-Object -First 12 |
    Format-Table Score, Severity, Rule, IdentityName, Evidence -Wrap | Out-String -Width 220

$hits = Find-NhiSecret -Path (Join-Path $PSScriptRoot 'repo') -Identity $identities
"Secrets written into files under examples/repo: $(@($hits).Count), $(@($hits | Where-Object IdentityId).Count) of them linked to an identity"
$hits | Format-Table Kind, @{ n = 'File'; e = { '{0}:{1}' -f (Split-Path $_.Path -Leaf), $_.Line } }, Masked, IdentityId -AutoSize | Out-String -Width 200

$report = Join-Path $OutputPath 'nhi-report.html'
@($identities) + @($findings) + @($hits) + @($agents) | Export-NhiReport -Path $report -AsOf $AsOf -Title 'Example estate: non-human identity review'
"HTML report (self-contained, opens offline): $report"

Remove-Item $env:NHITOOLS_STORE* -ErrorAction SilentlyContinue
