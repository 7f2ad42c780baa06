# Get-NhiActivity without -Path through the BUILT module: Connect-NhiEntra to GraphLab (tests/NhiTools.Labs.Host,
# seeded with examples/estate/activity/entra) reads the same events as Get-NhiActivity -Path on those files.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force

    $script:Seed = Join-Path $EstatePath 'activity/entra'
    $script:LabToken = 'nhitools-lab-static-token'
    # The seed spans 2026-08..2026-10; without -After the live read would take the last 90 days of the clock.
    $script:Window = @{ After = '2026-01-01T00:00:00Z'; Before = '2027-01-01T00:00:00Z' }

    function Test-PortFree([int] $Port) {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $Port)
        try { $l.Start(); $true } catch { $false } finally { $l.Stop() }
    }
    & dotnet build (Join-Path $RepoRoot 'tests/NhiTools.Labs.Host/NhiTools.Labs.Host.csproj') -c Release -v q --nologo | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'Building the lab host failed.' }
    $rng = [System.Random]::new()
    do { $port = $rng.Next(20000, 60000) } until ((0..5 | ForEach-Object { Test-PortFree ($port + $_) }) -notcontains $false)
    $dll = Join-Path $RepoRoot 'tests/NhiTools.Labs.Host/bin/Release/net10.0/NhiTools.Labs.Host.dll'
    $out = Join-Path $TestDrive "lab-$port.out"
    $script:LabProcess = Start-Process dotnet -ArgumentList @($dll, '--port', $port, '--seed-path', $Seed) -PassThru `
        -RedirectStandardOutput $out -RedirectStandardError (Join-Path $TestDrive "lab-$port.err")
    $script:LabBase = "http://127.0.0.1:$port"
    $deadline = [datetime]::UtcNow.AddSeconds(60)
    while ($true) {
        try { Invoke-RestMethod "$LabBase/_lab/log" -TimeoutSec 2 | Out-Null; break }
        catch { if ([datetime]::UtcNow -gt $deadline -or $LabProcess.HasExited) { throw "GraphLab did not start: $(Get-Content $out -Raw)" }; Start-Sleep -Milliseconds 250 }
    }
    Connect-NhiEntra -Endpoint "$LabBase/v1.0" -AccessToken (ConvertTo-SecureString $LabToken -AsPlainText -Force) | Out-Null

    function Get-LabLog { (Invoke-RestMethod "$LabBase/_lab/log").entries }
    function Clear-LabLog { Invoke-RestMethod "$LabBase/_lab/log" -Method Delete | Out-Null }
    # Everything an activity says except Source (a file offline, the endpoint live), sorted.
    function ConvertTo-Comparable($Activity) {
        @($Activity | ForEach-Object {
            ($_.PSObject.Properties | Where-Object Name -ne 'Source' | ForEach-Object {
                if ($_.Value -is [datetime]) { "$($_.Name)=$($_.Value.ToString('o'))" } else { "$($_.Name)=$($_.Value)" }
            }) -join '|'
        } | Sort-Object -CaseSensitive)
    }
    $script:Watched = @(
        [NhiTools.Identity]@{ Id = 'entra:app:f6631525-fad3-4af3-82cf-de938aba4110'; Provider = 'Entra'; Kind = 'Application'; Name = 'app-provisioning-engine'; NativeId = 'f6631525-fad3-4af3-82cf-de938aba4110' }
        [NhiTools.Identity]@{ Id = 'entra:sp:237e6322-e9fe-447c-a941-3345240d6b76'; Provider = 'Entra'; Kind = 'ManagedIdentity'; Name = 'func-orders-prod'; NativeId = '237e6322-e9fe-447c-a941-3345240d6b76' }
    )
}

AfterAll {
    Restore-NhiTestStore
    Disconnect-NhiEntra
    if ($script:LabProcess -and -not $script:LabProcess.HasExited) { Stop-Process -Id $script:LabProcess.Id -Force }
}

Describe 'Get-NhiActivity live from Entra' {
    It 'reads the whole tenant as Get-NhiActivity -Path reads the same logs' {
        Clear-LabLog
        $live = @(Get-NhiActivity @Window)
        $offline = @(Get-NhiActivity -Path $Seed @Window)

        $offline.Count | Should -Be 210
        $live.Count | Should -Be $offline.Count
        (ConvertTo-Comparable $live) -join "`n" | Should -BeExactly ((ConvertTo-Comparable $offline) -join "`n")
        $live | Should -BeOfType ([NhiTools.Activity])
        $ops = @(Get-LabLog | ForEach-Object Operation | Sort-Object -Unique)
        $ops | Should -Be @('auditLogs.directoryAudits.list', 'auditLogs.signIns.list')
    }

    It 'with -Identity asks Graph for those identities only and equals -Path -Identity' {
        Clear-LabLog
        $live = @($Watched | Get-NhiActivity @Window)
        $offline = @($Watched | Get-NhiActivity -Path $Seed @Window)

        $live.Count | Should -BeGreaterThan 0
        @($live.IdentityId | Sort-Object -Unique) | Should -Be @($Watched.Id | Sort-Object)
        (ConvertTo-Comparable $live) -join "`n" | Should -BeExactly ((ConvertTo-Comparable $offline) -join "`n")
        $queries = @(Get-LabLog | ForEach-Object { [uri]::UnescapeDataString($_.pathAndQuery) })
        $queries.Count | Should -Be 4
        $queries | Where-Object { $_ -notmatch "appId eq '|servicePrincipalId eq '|displayName eq 'func-orders-prod'" } | Should -BeNullOrEmpty
    }

    It 'ends with a terminating NhiEntraListFailed error when a page fails for good, so a short list is never taken as complete' {
        Invoke-RestMethod "$LabBase/_lab/faults" -Method Post -ContentType 'text/plain' -Body 'op=auditLogs.directoryAudits.list status=503 retryAfter=0' | Out-Null
        try {
            $got = [System.Collections.Generic.List[object]]::new()
            $err = $null
            try { Get-NhiActivity @Window -ErrorAction Stop | ForEach-Object { $got.Add($_) } } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeLike 'NhiEntraListFailed*'
            # Sign-ins came first and streamed; the audits failed, and the error says the list is incomplete.
            $got.Count | Should -Be 205
            "$err" | Should -Match 'incomplete'
        }
        finally { Invoke-RestMethod "$LabBase/_lab/faults" -Method Delete | Out-Null }
    }
}
