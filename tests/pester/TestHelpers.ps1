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
