<#
.SYNOPSIS
    Runs the Pester suites against the built module; run by build.ps1 in a fresh pwsh.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $ResultPath
)
$ErrorActionPreference = 'Stop'

# Pester 5.7.1 comes from NuGet (tools/pester/Pester.Restore.csproj) into the global packages folder.
$globalPackages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
$pesterManifest = Join-Path $globalPackages.Trim() 'pester/5.7.1/tools/Pester.psd1'
if (-not (Test-Path $pesterManifest)) { throw "Pester 5.7.1 not found at $pesterManifest; run dotnet restore tools/pester/Pester.Restore.csproj." }
Import-Module $pesterManifest -Force

$env:NHITOOLS_MODULE = (Resolve-Path $ModulePath).Path
$config = New-PesterConfiguration
$config.Run.Path = $TestPath
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Should.ErrorAction = 'Continue'
$result = Invoke-Pester -Configuration $config

[pscustomobject]@{ Passed = $result.PassedCount; Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount; Skipped = $result.SkippedCount + $result.NotRunCount } |
    ConvertTo-Json | Set-Content -Path $ResultPath
exit 0
