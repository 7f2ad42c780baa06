<#
.SYNOPSIS
    Benchmark (not a test): Get-NhiIdentity -Path <N-identity estate> | Test-NhiRotation (or | Get-NhiFinding),
    wall time and peak memory.
.DESCRIPTION
    Generates a synthetic estate of N identities in the real export formats (tests/NhiTools.Estate), then runs the
    pipeline in a fresh pwsh that imports the built module, and reports wall time, identities/s and the process's
    peak resident memory (VmHWM) next to its memory after importing the module. Run from the repository root after
    ./build.ps1:
        dotnet pwsh ./tests/bench/Measure-Inventory.ps1 -Identities 100000
        dotnet pwsh ./tests/bench/Measure-Inventory.ps1 -Identities 100000 -Stage Findings
#>
param(
    [ValidateSet('Rotation', 'Findings')]
    [string] $Stage = 'Rotation',

    [int] $Identities = 100000,
    [int] $Seed = 42,
    [int] $Runs = 3,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/NhiTools'),
    [string] $WorkPath = (Join-Path ([IO.Path]::GetTempPath()) 'nhitools-bench')
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$estate = Join-Path $WorkPath "estate-$Identities-$Seed"
if (-not (Test-Path $estate)) {
    & dotnet run --project (Join-Path $root 'tests/NhiTools.Estate') -c Release -- --out $estate --identities $Identities --seed $Seed | Out-Host
    if ($LASTEXITCODE) { throw 'Estate generation failed.' }
}
$bytes = (Get-ChildItem $estate -Recurse -File | Measure-Object Length -Sum).Sum

$probe = @'
param($ModulePath, $Estate, $Stage)
function Get-Rss([string] $Field) { [long](((Get-Content /proc/self/status) -match "^${Field}:" -split '\s+')[1]) * 1KB }
Import-Module (Join-Path $ModulePath 'NhiTools.psd1')
$env:NHITOOLS_STORE = Join-Path ([IO.Path]::GetTempPath()) "bench-$PID.db"
$afterImport = Get-Rss 'VmRSS'
$count = 0; $identities = 0
$watch = [Diagnostics.Stopwatch]::StartNew()
if ($Stage -eq 'Findings') {
    Get-NhiIdentity -Path $Estate | ForEach-Object { $identities++; $_ } | Get-NhiFinding -AsOf '2026-11-01' | ForEach-Object { $count++ }
} else {
    Get-NhiIdentity -Path $Estate | ForEach-Object { $identities++; $_ } | Test-NhiRotation -AsOf '2026-11-01' | ForEach-Object { $count++ }
}
$watch.Stop()
[pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; Identities = $identities; Results = $count; AfterImportMB = [math]::Round($afterImport / 1MB); PeakMB = [math]::Round((Get-Rss 'VmHWM') / 1MB) } | ConvertTo-Json -Compress
'@
$probeFile = Join-Path $WorkPath 'probe.ps1'
Set-Content $probeFile $probe

$results = foreach ($run in 1..$Runs) {
    $json = & dotnet pwsh -NoLogo -NoProfile -NonInteractive -File $probeFile -ModulePath (Resolve-Path $ModulePath).Path -Estate $estate -Stage $Stage | Select-Object -Last 1
    $json | ConvertFrom-Json
}
$best = $results | Sort-Object Seconds | Select-Object -First 1
[pscustomobject]@{
    Stage          = $Stage
    Identities     = $best.Identities
    Results        = $best.Results
    EstateMB       = [math]::Round($bytes / 1MB, 1)
    BestSeconds    = [math]::Round($best.Seconds, 2)
    MedianSeconds  = [math]::Round((($results.Seconds | Sort-Object)[[int][math]::Floor($results.Count / 2)]), 2)
    IdentitiesPerS = [math]::Round($best.Identities / $best.Seconds)
    AfterImportMB  = $best.AfterImportMB
    PeakMB         = ($results.PeakMB | Measure-Object -Maximum).Maximum
}
