<#
.SYNOPSIS
    Benchmark (not a test) for tests/bench/activity.md: Get-NhiUsage, then Get-NhiFinding -ActivityPath, over generated
    CloudTrail trail files, each in a fresh pwsh, with wall time, CPU time, events/s and peak memory; then a plain
    PowerShell peer (ConvertFrom-Json | Group-Object per identity) on a subset.
.EXAMPLE
    ./tests/bench/Measure-Activity.ps1 -Data /tmp/trail10m -Events 10000000 -PeerFiles 500
#>
param(
    [Parameter(Mandatory)] [string] $Data,
    [long] $Events = 10000000,
    [int] $Identities = 20000,
    [int] $PerFile = 2000,
    # Trail files for the peer (500 files x 2,000 records = 1M events); 0 skips the peer.
    [int] $PeerFiles = 500,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/NhiTools'),
    # Skip the Get-NhiFinding -ActivityPath run (it reads through the general reader, and takes much longer).
    [switch] $SkipFinding
)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$bench = Join-Path $repo 'tests/bench/ActivityBench'
"uptime: $(uptime)"
if (-not (Test-Path $Data)) {
    & dotnet run -c Release --project $bench -- $Data $Events $Identities $PerFile
    if ($LASTEXITCODE) { throw "generator failed" }
}
$manifest = Join-Path (Resolve-Path $ModulePath) 'NhiTools.psd1'

# Each measurement in its own process: peak working set is that process's, nothing carries over.
function Measure-InFreshPwsh([string] $Label, [string] $Body) {
    $script = @"
`$p = [Diagnostics.Process]::GetCurrentProcess()
Import-Module '$manifest'
`$cpu0 = `$p.TotalProcessorTime
`$sw = [Diagnostics.Stopwatch]::StartNew()
$Body
`$sw.Stop(); `$p.Refresh()
`$cpu = (`$p.TotalProcessorTime - `$cpu0).TotalSeconds
'{0}: {1:N0} events, {2:N0} results, wall {3:N1} s = {4:N0} events/s; CPU {5:N1} s = {6:N0} events per CPU-second; peak working set {7:N0} MB' -f '$Label', `$events, `$results, `$sw.Elapsed.TotalSeconds, (`$events / `$sw.Elapsed.TotalSeconds), `$cpu, (`$events / `$cpu), (`$p.PeakWorkingSet64 / 1MB)
"@
    & dotnet pwsh -NoProfile -NonInteractive -Command $script
    "uptime: $(uptime)"
}

Measure-InFreshPwsh 'Get-NhiUsage -ActivityPath' @"
`$u = Get-NhiUsage -ActivityPath '$Data'
`$results = `$u.Count; `$events = (`$u | Measure-Object Events -Sum).Sum
"@

if (-not $SkipFinding) {
# The finding rules over the same files (NHI-UNUSED-PERMISSION today; NHI-ANOMALOUS-USE once merged): the generated
# identities, as inventory objects, piped in.
Measure-InFreshPwsh 'Get-NhiFinding -ActivityPath' @"
`$ids = 0..$($Identities - 1) | ForEach-Object {
    `$role = (`$_ % 10) -lt 3
    `$name = (`$(if (`$role) { 'role-app-' } else { 'svc-app-' })) + `$_.ToString('D5')
    [NhiTools.Identity]@{ Id = 'aws:arn:aws:iam::210987654321:' + `$(if (`$role) { 'role/' } else { 'user/' }) + `$name; Provider = 'Aws'; Name = `$name; Account = '210987654321'; Kind = `$(if (`$role) { 'IamRole' } else { 'IamUser' }) }
}
`$f = @(`$ids | Get-NhiFinding -ActivityPath '$Data' -AsOf '2026-11-01T00:00:00Z')
`$results = `$f.Count; `$events = $Events
"@
}

if ($PeerFiles -gt 0) {
    $subset = Join-Path ([IO.Path]::GetTempPath()) "nhi-activity-peer-$PeerFiles"
    if (-not (Test-Path $subset)) {
        New-Item -ItemType Directory $subset | Out-Null
        Get-ChildItem $Data -Recurse -Filter *.json.gz | Sort-Object FullName | Select-Object -First $PeerFiles | ForEach-Object { Copy-Item $_.FullName $subset }
    }
    Measure-InFreshPwsh 'Get-NhiUsage (peer subset)' @"
`$u = Get-NhiUsage -ActivityPath '$subset'
`$results = `$u.Count; `$events = (`$u | Measure-Object Events -Sum).Sum
"@
    Measure-InFreshPwsh 'Peer: ConvertFrom-Json | Group-Object' @"
`$records = foreach (`$file in Get-ChildItem '$subset' -Filter *.json.gz) {
    `$fs = [IO.File]::OpenRead(`$file.FullName)
    `$text = [IO.StreamReader]::new([IO.Compression.GZipStream]::new(`$fs, [IO.Compression.CompressionMode]::Decompress)).ReadToEnd()
    `$fs.Dispose()
    (`$text | ConvertFrom-Json).Records
}
`$g = `$records | Group-Object { if (`$_.userIdentity.sessionContext) { `$_.userIdentity.sessionContext.sessionIssuer.arn } else { `$_.userIdentity.arn } }
`$results = `$g.Count; `$events = `$records.Count
"@
}
