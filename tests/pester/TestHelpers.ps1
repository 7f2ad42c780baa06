# Shared by every *.Tests.ps1: the built module, a private store, and a fresh pwsh for cross-process checks.
$script:ModulePath = if ($env:NHITOOLS_MODULE) { $env:NHITOOLS_MODULE } else { Join-Path $PSScriptRoot '../../out/NhiTools' }
$script:ManifestPath = Join-Path $script:ModulePath 'NhiTools.psd1'
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:EstatePath = Join-Path $script:RepoRoot 'examples/estate'
$script:EstateAsOf = [datetime]::new(2026, 11, 1, 0, 0, 0, [DateTimeKind]::Utc)

# Every test file works on a private store, so the suite never touches the user's real one (~/.nhitools): the value
# found here is put back by Restore-NhiTestStore in the file's AfterAll.
$script:StoreBefore = $env:NHITOOLS_STORE
$script:TestStore = Join-Path ([IO.Path]::GetTempPath()) "nhitools-pester-$([guid]::NewGuid().ToString('N'))/store.db"
$env:NHITOOLS_STORE = $script:TestStore

function Restore-NhiTestStore {
    $env:NHITOOLS_STORE = $script:StoreBefore
    Remove-Item (Split-Path $script:TestStore) -Recurse -Force -ErrorAction SilentlyContinue
}

# Where the module would put its store if nothing said otherwise.
function Get-RealStorePath {
    if ($IsWindows) { Join-Path $env:LOCALAPPDATA 'NhiTools/nhitools.db' } else { Join-Path $HOME '.nhitools/nhitools.db' }
}

function Invoke-FreshPwsh([string] $Script) {
    # A new process imports the built module from scratch: nothing carries over but files.
    Push-Location $script:RepoRoot
    try {
        $output = & dotnet pwsh -NoLogo -NoProfile -NonInteractive -Command "`$ErrorActionPreference='Stop'; Import-Module '$script:ManifestPath'; $Script" 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }
    finally { Pop-Location }
}

# A credential report in the real 22-column format, dated around 2026-11-01.
function New-CredentialReport([string] $Path) {
    @'
user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::123456789012:root,2019-01-01T00:00:00+00:00,not_supported,2026-10-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
svc-old,arn:aws:iam::123456789012:user/svc-old,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-06-01T00:00:00+00:00,2026-10-30T10:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
svc-new,arn:aws:iam::123456789012:user/svc-new,2026-09-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2026-10-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
alice,arn:aws:iam::123456789012:user/alice,2023-01-01T00:00:00+00:00,true,2026-10-31T08:00:00+00:00,2026-01-01T00:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
'@ | Set-Content -Path $Path -NoNewline
}

# Starts tests/NhiTools.Labs.Host on six free loopback ports from $Port (Graph, IAM, Key Vault over TLS, the Entra
# authority, ...) seeded from $SeedPath, waits until it serves, and tells where each lab listens. Stop-NhiTestLab ends it.
function Test-NhiPortFree([int] $Port) {
    $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $Port)
    try { $l.Start(); $true } catch { $false } finally { $l.Stop() }
}

function Start-NhiTestLab([string] $SeedPath, [string] $LogPath, [int] $TimeoutSeconds = 60) {
    & dotnet build (Join-Path $script:RepoRoot 'tests/NhiTools.Labs.Host/NhiTools.Labs.Host.csproj') -c Release -v q --nologo | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'Building the lab host failed.' }
    $rng = [System.Random]::new()
    do { $port = $rng.Next(20000, 60000) } until ((0..5 | ForEach-Object { Test-NhiPortFree ($port + $_) }) -notcontains $false)
    $dll = Join-Path $script:RepoRoot 'tests/NhiTools.Labs.Host/bin/Release/net10.0/NhiTools.Labs.Host.dll'
    $out = Join-Path $LogPath "lab-$port.out"
    $process = Start-Process dotnet -ArgumentList @($dll, '--port', $port, '--seed-path', $SeedPath) -PassThru `
        -RedirectStandardOutput $out -RedirectStandardError (Join-Path $LogPath "lab-$port.err")
    $lab = [pscustomobject]@{
        Process   = $process
        GraphBase = "http://127.0.0.1:$port"
        Graph     = "http://127.0.0.1:$port/v1.0"
        IamUrl    = "http://127.0.0.1:$($port + 1)"
        Vault     = "https://127.0.0.1:$($port + 2)/"
        Authority = "https://127.0.0.1:$($port + 3)"
        # The Key Vault lab's self-signed certificate, exported for -TrustedServerCertificate.
        Pem       = Join-Path ([System.IO.Path]::GetTempPath()) "nhitools-lab-$($port + 2).pem"
    }
    $deadline = [datetime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not ((Test-Path $lab.Pem) -and (Get-Content $out -Raw) -match 'lab\(s\) running')) {
        if ([datetime]::UtcNow -gt $deadline -or $process.HasExited) { throw "Lab did not start: $(Get-Content $out -Raw)" }
        Start-Sleep -Milliseconds 250
    }
    $lab
}

function Stop-NhiTestLab($Lab) {
    if ($Lab -and $Lab.Process -and -not $Lab.Process.HasExited) { Stop-Process -Id $Lab.Process.Id -Force }
}
