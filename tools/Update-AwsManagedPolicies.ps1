<#
.SYNOPSIS
    Refreshes the snapshot of AWS managed policy documents the offline importer uses for policies an export
    names without their document (PowerUserAccess, AmazonS3FullAccess, ReadOnlyAccess, ...).
.DESCRIPTION
    Source: the public repository z0ph/MAMIP ("Monitor AWS Managed IAM Policies"), which commits the default
    version of every AWS managed policy as policies/<PolicyName> (get-policy-version output). The documents are
    AWS's; MAMIP's own code is not used. Writes src/NhiTools.Engine/Sources/Offline/Aws/Data/aws-managed-policies.json.gz:
    { source, commit, date, policies: { <name>: <document> } }, minified and gzip-compressed (about 0.4 MB).
.PARAMETER MamipPath
    A clone of https://github.com/z0ph/MAMIP (or a bare git directory). Cloned to a temp folder when omitted.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task ManagedPolicies
.EXAMPLE
    dotnet pwsh ./tools/Update-AwsManagedPolicies.ps1 -MamipPath ~/src/MAMIP
#>
[CmdletBinding()]
param([string] $MamipPath)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = Split-Path $PSScriptRoot -Parent
$target = Join-Path $root 'src/NhiTools.Engine/Sources/Offline/Aws/Data/aws-managed-policies.json.gz'

if (-not $MamipPath) {
    $MamipPath = Join-Path ([IO.Path]::GetTempPath()) ('mamip-' + [guid]::NewGuid().ToString('N'))
    & git clone --depth 1 --quiet https://github.com/z0ph/MAMIP.git $MamipPath
    if ($LASTEXITCODE -ne 0) { throw "git clone of z0ph/MAMIP failed ($LASTEXITCODE)." }
}
# Read through git so a bare mirror works as well as a work tree.
$gitDir = if (Test-Path (Join-Path $MamipPath '.git')) { Join-Path $MamipPath '.git' } else { $MamipPath }
$commit = (& git --git-dir $gitDir log -1 --format=%H HEAD).Trim()
$date = (& git --git-dir $gitDir log -1 --format=%cs HEAD).Trim()
$names = & git --git-dir $gitDir ls-tree --name-only HEAD policies/

$policies = [ordered]@{}
$skipped = 0
foreach ($path in $names | Sort-Object) {
    $text = (& git --git-dir $gitDir show "HEAD:$path") -join "`n"
    try { $doc = ($text | ConvertFrom-Json -Depth 64).PolicyVersion.Document }
    catch { $skipped++; continue }   # MAMIP holds a few empty files
    if ($null -eq $doc) { $skipped++; continue }
    $policies[(Split-Path $path -Leaf)] = $doc
}
$snapshot = [ordered]@{ source = 'https://github.com/z0ph/MAMIP policies/'; commit = $commit; date = $date; policies = $policies }
$json = $snapshot | ConvertTo-Json -Depth 64 -Compress
New-Item -ItemType Directory -Force -Path (Split-Path $target) | Out-Null
$file = [IO.File]::Create($target)
try {
    $gz = [IO.Compression.GZipStream]::new($file, [IO.Compression.CompressionLevel]::Optimal)
    $bytes = [Text.Encoding]::UTF8.GetBytes($json)
    $gz.Write($bytes, 0, $bytes.Length)
    $gz.Dispose()
}
finally { $file.Dispose() }
Write-Host ("{0} AWS managed policies from MAMIP {1} ({2}); {3} unreadable skipped -> {4} ({5:N0} bytes)" -f $policies.Count, $commit.Substring(0, 8), $date, $skipped, $target, (Get-Item $target).Length)
