# Two runbook jobs at once: two fresh pwsh processes run Invoke-NhiRotate on one IAM access key, against the IAM and
# Key Vault labs (tests/NhiTools.Labs.Host on free ports), sharing one journal: Azure Table Storage (Azurite, started
# here on a free port from tools/azurite) or the SQLite store. Exactly one rotation happens; the other job fails fast
# with NhiRotationBusy and sends the labs nothing (their logs equal a solo rotation's, operation by operation).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force

    function Get-FreePort {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        try { $l.Start(); $l.LocalEndpoint.Port } finally { $l.Stop() }
    }
    function Test-PortFree([int] $Port) {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $Port)
        try { $l.Start(); $true } catch { $false } finally { $l.Stop() }
    }

    # Seed: four IAM users with one key each (list-access-keys JSON, as `aws iam list-access-keys` prints it).
    $script:Seed = Join-Path $TestDrive 'seed'
    New-Item -ItemType Directory -Path $Seed | Out-Null
    $script:Users = [ordered]@{ 'svc-race-az' = 'AKIARACEAZ0000000001'; 'svc-solo-az' = 'AKIASOLOAZ0000000001'; 'svc-race-sql' = 'AKIARACESQL000000001'; 'svc-solo-sql' = 'AKIASOLOSQL000000001' }
    @{ AccessKeyMetadata = @($Users.Keys | ForEach-Object { @{ UserName = $_; AccessKeyId = $Users[$_]; Status = 'Active'; CreateDate = '2025-01-01T00:00:00Z' } }) } |
        ConvertTo-Json -Depth 4 | Set-Content (Join-Path $Seed 'list-access-keys.json')

    & dotnet build (Join-Path $RepoRoot 'tests/NhiTools.Labs.Host/NhiTools.Labs.Host.csproj') -c Release -v q --nologo | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'Building the lab host failed.' }
    $rng = [System.Random]::new()
    do { $port = $rng.Next(20000, 60000) } until ((0..2 | ForEach-Object { Test-PortFree ($port + $_) }) -notcontains $false)
    $dll = Join-Path $RepoRoot 'tests/NhiTools.Labs.Host/bin/Release/net10.0/NhiTools.Labs.Host.dll'
    $out = Join-Path $TestDrive 'lab.out'
    $script:LabProcess = Start-Process dotnet -ArgumentList @($dll, '--port', $port, '--seed-path', $Seed) -PassThru `
        -RedirectStandardOutput $out -RedirectStandardError (Join-Path $TestDrive 'lab.err')
    $script:IamUrl = "http://127.0.0.1:$($port + 1)"
    $script:Vault = "https://127.0.0.1:$($port + 2)/"
    $script:Pem = Join-Path ([System.IO.Path]::GetTempPath()) "nhitools-lab-$($port + 2).pem"
    $deadline = [datetime]::UtcNow.AddSeconds(90)
    while (-not ((Test-Path $Pem) -and (Get-Content $out -Raw) -match 'lab\(s\) running')) {
        if ([datetime]::UtcNow -gt $deadline -or $LabProcess.HasExited) { throw "Lab did not start: $(Get-Content $out -Raw)" }
        Start-Sleep -Milliseconds 250
    }
    $script:Account = '123456789012'
    function Invoke-Vault([string] $Path, [string] $Method = 'Get', $Body) {
        Invoke-RestMethod "$($Vault.TrimEnd('/'))$Path" -Method $Method -Body $Body -ContentType 'application/json' -SkipCertificateCheck -Headers @{ Authorization = 'Bearer x' }
    }
    function Get-Log([string] $Lab) {
        $entries = if ($Lab -eq 'Iam') { (Invoke-RestMethod "$IamUrl/_lab/log").entries } else { (Invoke-Vault '/_lab/log').entries }
        $counts = [ordered]@{}
        foreach ($g in @($entries) | Group-Object Operation | Sort-Object Name) { $counts[$g.Name] = $g.Count }
        $counts
    }
    function Clear-Logs { $null = Invoke-RestMethod -Method Delete "$IamUrl/_lab/log"; $null = Invoke-Vault '/_lab/log' Delete }
    # Each user's current key sits in its vault secret, tagged as rotation expects (the value is not checked before
    # the new key is proven).
    foreach ($user in $Users.Keys) {
        $body = @{ value = (@{ AccessKeyId = $Users[$user]; SecretAccessKey = 'seeded-not-used' } | ConvertTo-Json -Compress); contentType = 'application/json'
            tags = @{ 'nhi-credential' = $Users[$user]; 'nhi-identity' = "aws:arn:aws:iam::${Account}:user/$user" } } | ConvertTo-Json
        $null = Invoke-Vault "/secrets/$user-aws?api-version=7.6" Put $body
    }

    # Azurite's Table service, in memory, on a free port.
    $main = Join-Path $RepoRoot 'tools/azurite/node_modules/azurite/dist/src/table/main.js'
    if (-not (Test-Path $main)) { throw 'Azurite is not installed: build.ps1 -Task Test runs npm ci in tools/azurite.' }
    $azPort = Get-FreePort
    $script:Azurite = Start-Process node -ArgumentList @($main, '--tableHost', '127.0.0.1', '--tablePort', $azPort, '--inMemoryPersistence', '--skipApiVersionCheck', '--disableTelemetry', '--silent') `
        -PassThru -WorkingDirectory $TestDrive -RedirectStandardOutput (Join-Path $TestDrive 'azurite.out') -RedirectStandardError (Join-Path $TestDrive 'azurite.err')
    $deadline = [datetime]::UtcNow.AddSeconds(60)
    while ($true) {
        try { $null = Invoke-WebRequest "http://127.0.0.1:$azPort/devstoreaccount1/Tables" -SkipHttpErrorCheck; break }
        catch {
            if ($Azurite.HasExited -or [datetime]::UtcNow -gt $deadline) { throw "Azurite did not start: $(Get-Content (Join-Path $TestDrive 'azurite.err') -Raw)" }
            Start-Sleep -Milliseconds 200
        }
    }
    # Azurite's well-known development account key (a public test value).
    $script:Journal = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$azPort/devstoreaccount1;TableName=RaceJournal"
    $script:Store = Join-Path $TestDrive 'race.db'

    # One job: connect, say ready, wait for the go file, rotate. Prints won:<State> or the error ids.
    $script:Job = Join-Path $TestDrive 'Rotate-Job.ps1'
    @'
param($Manifest, $IamUrl, $Vault, $Pem, $User, $KeyId, $Account, $Journal, $StorePath, $GoFile)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$env:AWS_ACCESS_KEY_ID = 'AKIANHITOOLSLABADMIN'
$env:AWS_SECRET_ACCESS_KEY = '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'
$null = Connect-NhiAws -Endpoint $IamUrl
$null = Connect-NhiKeyVault -VaultUri $Vault -AccessToken (ConvertTo-SecureString 'nhitools-lab-static-token' -AsPlainText -Force) -TrustedServerCertificate $Pem
[Console]::Out.WriteLine('ready'); [Console]::Out.Flush()
while (-not (Test-Path $GoFile)) { Start-Sleep -Milliseconds 10 }
$p = @{ IdentityId = "aws:arn:aws:iam::${Account}:user/$User"; Provider = 'Aws'; CredentialId = $KeyId; VaultUri = $Vault; SecretName = "$User-aws"
    GracePeriod = [TimeSpan]::Zero; Confirm = $false; ErrorAction = 'SilentlyContinue'; ErrorVariable = 'errs' }
if ($Journal) { $p.JournalConnectionString = $Journal } else { $p.StorePath = $StorePath }
$r = Invoke-NhiRotate @p
if ($r) { [Console]::Out.WriteLine("won:$($r.State)") }
else { [Console]::Out.WriteLine('error:' + (($errs | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) -join ';')) }
'@ | Set-Content $Job

    function Start-Job2([string] $Name, [string] $User, [string] $Backend, [string] $GoFile) {
        $journalArg = if ($Backend -eq 'Azurite') { $Journal } else { '' }
        $argList = @('pwsh', '-NoLogo', '-NoProfile', '-NonInteractive', '-File', $Job, '-Manifest', $ManifestPath, '-IamUrl', $IamUrl, '-Vault', $Vault, '-Pem', $Pem,
            '-User', $User, '-KeyId', $Users[$User], '-Account', $Account, '-Journal', "`"$journalArg`"", '-StorePath', $Store, '-GoFile', $GoFile)
        $o = Join-Path $TestDrive "$Name.out"
        $p = Start-Process dotnet -ArgumentList $argList -PassThru -WorkingDirectory $RepoRoot -RedirectStandardOutput $o -RedirectStandardError (Join-Path $TestDrive "$Name.err")
        [pscustomobject]@{ Process = $p; Out = $o; Name = $Name }
    }
    function Wait-Line($JobInfo, [string] $Pattern, [int] $Seconds = 120) {
        $deadline = [datetime]::UtcNow.AddSeconds($Seconds)
        while ($true) {
            $text = if (Test-Path $JobInfo.Out) { Get-Content $JobInfo.Out -Raw } else { '' }
            $m = [regex]::Match("$text", $Pattern)
            if ($m.Success) { return $m.Value }
            if ([datetime]::UtcNow -gt $deadline) { throw "$($JobInfo.Name) said nothing matching $Pattern in $Seconds s: $text $(Get-Content (Join-Path $TestDrive "$($JobInfo.Name).err") -Raw)" }
            Start-Sleep -Milliseconds 100
        }
    }
}

AfterAll {
    Restore-NhiTestStore
    if ($script:LabProcess -and -not $script:LabProcess.HasExited) { Stop-Process -Id $script:LabProcess.Id -Force }
    if ($script:Azurite -and -not $script:Azurite.HasExited) { Stop-Process -Id $script:Azurite.Id -Force }
}

Describe 'Two Invoke-NhiRotate jobs on one credential at once' {
    It 'through the <Backend> journal: one rotation, the other fails fast with NhiRotationBusy and sends nothing' -ForEach @(
        @{ Backend = 'Azurite'; Race = 'svc-race-az'; Solo = 'svc-solo-az' }
        @{ Backend = 'SQLite'; Race = 'svc-race-sql'; Solo = 'svc-solo-sql' }
    ) {
        # What one rotation sends on its own, measured the same way.
        $go = Join-Path $TestDrive "go-solo-$Backend"
        $solo = Start-Job2 "solo-$Backend" $Solo $Backend $go
        Wait-Line $solo '^ready' | Out-Null
        Clear-Logs
        New-Item -ItemType File $go | Out-Null
        Wait-Line $solo 'won:\w+|error:.*' | Should -Be 'won:Retired'
        $solo.Process.WaitForExit(60000) | Should -BeTrue
        $soloIam = Get-Log 'Iam'; $soloVault = Get-Log 'Vault'

        $go = Join-Path $TestDrive "go-race-$Backend"
        $jobs = @((Start-Job2 "a-$Backend" $Race $Backend $go), (Start-Job2 "b-$Backend" $Race $Backend $go))
        try {
            foreach ($j in $jobs) { Wait-Line $j '^ready' | Out-Null }
            Clear-Logs
            New-Item -ItemType File $go | Out-Null
            $outcomes = foreach ($j in $jobs) { Wait-Line $j 'won:\w+|error:.*' }
            ($outcomes | Sort-Object) | Should -Be @('error:NhiRotationBusy', 'won:Retired')

            # Request for request what a rotation alone sends: the busy job sent nothing, not even a read.
            (Get-Log 'Iam' | ConvertTo-Json) | Should -Be ($soloIam | ConvertTo-Json)
            (Get-Log 'Vault' | ConvertTo-Json) | Should -Be ($soloVault | ConvertTo-Json)
            $soloIam['CreateAccessKey'] | Should -Be 1
        }
        finally {
            foreach ($j in $jobs) { if (-not $j.Process.HasExited) { Stop-Process -Id $j.Process.Id -Force } }
        }

        # The journal both jobs shared shows one rotation, finished.
        $rows = if ($Backend -eq 'Azurite') { Get-NhiRotation -JournalConnectionString $Journal } else { Get-NhiRotation -StorePath $Store }
        $row = @($rows | Where-Object IdentityId -eq "aws:arn:aws:iam::${Account}:user/$Race")
        $row.Count | Should -Be 1
    }
}
