<#
.SYNOPSIS
    Builds, tests, demonstrates and packages NhiTools.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Bench', 'Demo', 'Package', 'Lab', 'ManagedPolicies')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # First port of the standalone labs (Graph; IAM is +1, Key Vault +2).
    [ValidateRange(1024, 65000)]
    [int] $LabPort = 5100
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'NhiTools'
$resultsDir = Join-Path $out 'test-results'

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

# A fresh pwsh for anything that imports the built module: binary modules cannot be unloaded.
function Invoke-FreshPwsh([string] $File, [string[]] $Arguments = @()) {
    Push-Location $root
    try {
        & dotnet pwsh -NoLogo -NoProfile -NonInteractive -File $File @Arguments | Out-Host
        return $LASTEXITCODE
    }
    finally { Pop-Location }
}

function Invoke-Build {
    Write-Host "Building NhiTools ($Configuration)..."
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    $dependencies = Join-Path $moduleOut 'Dependencies'

    # The engine and every third-party assembly (SQLite's native library included) go to Dependencies/.
    Invoke-Dotnet publish (Join-Path $root 'src/NhiTools.Engine/NhiTools.Engine.csproj') -c $Configuration -o $dependencies --nologo -v q
    Invoke-Dotnet build (Join-Path $root 'src/NhiTools/NhiTools.csproj') -c $Configuration --nologo -v q

    # The root holds only what PowerShell sees: the cmdlets and the dependency-free model.
    $bin = Join-Path $root "src/NhiTools/bin/$Configuration/netstandard2.0"
    Copy-Item (Join-Path $bin 'NhiTools.dll'), (Join-Path $bin 'NhiTools.Model.dll') $moduleOut
    Get-ChildItem $dependencies -Filter 'NhiTools.Model.*' | Remove-Item
    Get-ChildItem $dependencies -Filter '*.pdb' | Remove-Item
    Copy-Item (Join-Path $root 'NhiTools.psd1') $moduleOut
    Copy-Item (Join-Path $root 'module/*') $moduleOut -Recurse

    # MAML help from the help sources, generated against the built module's real parameter metadata.
    $code = Invoke-FreshPwsh (Join-Path $root 'tools/Build-Help.ps1') @('-ModulePath', $moduleOut, '-HelpSource', (Join-Path $root 'docs/help'))
    if ($code -ne 0) { throw 'Help generation failed.' }
    Write-Host "Module: $moduleOut"
}

function Get-TrxCounts([string] $Directory) {
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($file in Get-ChildItem $Directory -Filter '*.trx' -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content $file.FullName -Raw)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        # A skipped xunit test is in a .trx as total minus executed (its notExecuted counter stays 0).
        $skipped += [int]$counters.total - [int]$counters.executed
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skipped }
}

# Scale tests (100,000 identities, [Trait("Category", "Bench")]) measure time and memory: -Task Bench runs them,
# the default suite leaves them out so it stays quick and never depends on the machine's load.
$benchFilter = 'Category=Bench'
$defaultFilter = 'Category!=Bench'

function Invoke-Bench {
    Invoke-Build
    foreach ($project in Get-ChildItem (Join-Path $root 'tests') -Recurse -Filter '*.Tests.csproj') {
        & dotnet test $project.FullName -c $Configuration --nologo --filter $benchFilter --logger 'console;verbosity=detailed'
        if ($LASTEXITCODE -ne 0) { exit 1 }
    }
}

# Azurite (the Azure Storage emulator) for the Azure Table journal tests: installed from the committed lock file into
# tools/azurite/node_modules, once (skipped when the locked version is already there).
function Install-Azurite {
    $dir = Join-Path $root 'tools/azurite'
    $installed = Join-Path $dir 'node_modules/azurite/package.json'
    $wanted = (Get-Content (Join-Path $dir 'package.json') -Raw | ConvertFrom-Json).dependencies.azurite
    if ((Test-Path $installed) -and (Get-Content $installed -Raw | ConvertFrom-Json).version -eq $wanted) {
        Write-Host "Azurite $wanted already installed."
        return
    }
    if (-not (Get-Command npm -ErrorAction SilentlyContinue)) {
        Write-Warning 'npm was not found: Azurite cannot be installed, and the Azure Table journal tests will fail. Install Node.js 20 or later.'
        return
    }
    Write-Host "Installing Azurite $wanted (npm ci in tools/azurite)..."
    Push-Location $dir
    try {
        & npm ci --no-audit --no-fund --loglevel=error
        if ($LASTEXITCODE -ne 0) { throw "npm ci in tools/azurite failed with exit code $LASTEXITCODE." }
    }
    finally { Pop-Location }
}

function Invoke-Test {
    Invoke-Build
    Install-Azurite
    if (Test-Path $resultsDir) { Remove-Item $resultsDir -Recurse -Force }
    $null = New-Item -ItemType Directory $resultsDir

    Write-Host 'Running xunit tests...'
    $xunitFailed = $false
    foreach ($project in Get-ChildItem (Join-Path $root 'tests') -Recurse -Filter '*.Tests.csproj') {
        & dotnet test $project.FullName -c $Configuration --nologo --filter $defaultFilter --logger "trx;LogFilePrefix=$($project.BaseName)" --results-directory $resultsDir
        if ($LASTEXITCODE -ne 0) { $xunitFailed = $true }
    }
    $xunit = Get-TrxCounts $resultsDir
    if ($xunitFailed -and $xunit.Failed -eq 0) { $xunit.Failed = 1 }  # a build or runner failure counts

    Write-Host 'Running Pester tests against the built module in a fresh pwsh...'
    $pesterResult = Join-Path $resultsDir 'pester.json'
    Invoke-Dotnet restore (Join-Path $root 'tools/pester/Pester.Restore.csproj') --nologo -v q
    $null = Invoke-FreshPwsh (Join-Path $root 'tools/Invoke-NhiPester.ps1') @('-ModulePath', $moduleOut, '-TestPath', (Join-Path $root 'tests/pester'), '-ResultPath', $pesterResult)
    $pester = if (Test-Path $pesterResult) { Get-Content $pesterResult -Raw | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    $pesterSkipped = if ($pester.PSObject.Properties['Skipped']) { [int]$pester.Skipped } else { 0 }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pesterSkipped
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; Pester: $($pester.Passed) passed, $($pester.Failed) failed, $pesterSkipped skipped"
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $code = Invoke-FreshPwsh (Join-Path $root 'examples/Demo.ps1') @('-ModulePath', $moduleOut, '-EstatePath', (Join-Path $root 'examples/estate'), '-OutputPath', $out)
    if ($code -ne 0) { exit $code }
}

function Invoke-Package {
    Invoke-Build
    $version = (Import-PowerShellDataFile (Join-Path $root 'NhiTools.psd1')).ModuleVersion
    $zip = Join-Path $out "NhiTools-$version.zip"
    if (Test-Path $zip) { Remove-Item $zip }
    # Azure Automation wants the module folder at the zip's top, named as the module.
    Compress-Archive -Path $moduleOut -DestinationPath $zip
    Write-Host "Package: $zip"
}

function Invoke-Lab {
    $hostProject = Join-Path $root 'tests/NhiTools.Labs.Host/NhiTools.Labs.Host.csproj'
    & dotnet run --project $hostProject -c $Configuration -- --port $LabPort --seed-path (Join-Path $root 'examples/estate')
    exit $LASTEXITCODE
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Bench' { Invoke-Bench }
    'Demo' { Invoke-Demo }
    'Package' { Invoke-Package }
    'Lab' { Invoke-Lab }
    # Refreshes the AWS managed policy snapshot from z0ph/MAMIP (tools/Update-AwsManagedPolicies.ps1).
    'ManagedPolicies' { & (Join-Path $root 'tools/Update-AwsManagedPolicies.ps1') }
}
