# Connect-NhiEntra / Get-NhiIdentity -Provider Entra / Set-NhiOwner through the BUILT module against GraphLab
# (tests/NhiTools.Labs.Host, started here on free ports and stopped at the end).
BeforeDiscovery {
    $HasEstate = Test-Path (Join-Path $PSScriptRoot '../../examples/estate/entra')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force

    $script:Seed = Join-Path $RepoRoot 'tests/NhiTools.Entra.Tests/TestData/entra-seed'
    $script:LabToken = 'nhitools-lab-static-token'
    $script:AdminAppId = 'entra:app:0b1ab000-ad31-4c00-8000-00000000a001' # the lab's own admin app, not in the seed

    function Test-PortFree([int] $Port) {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $Port)
        try { $l.Start(); $true } catch { $false } finally { $l.Stop() }
    }
    $hostProject = Join-Path $RepoRoot 'tests/NhiTools.Labs.Host/NhiTools.Labs.Host.csproj'
    & dotnet build $hostProject -c Release -v q --nologo | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'Building the lab host failed.' }

    # Starts the standalone lab host on free ports (Graph on the base port; other labs and the token endpoint above it).
    function Start-Lab([string] $SeedPath) {
        $rng = [System.Random]::new()
        do { $port = $rng.Next(20000, 60000) } until ((0..5 | ForEach-Object { Test-PortFree ($port + $_) }) -notcontains $false)
        $dll = Join-Path $RepoRoot 'tests/NhiTools.Labs.Host/bin/Release/net10.0/NhiTools.Labs.Host.dll'
        $out = Join-Path $TestDrive "lab-$port.out"
        $process = Start-Process dotnet -ArgumentList @($dll, '--port', $port, '--seed-path', $SeedPath) -PassThru `
            -RedirectStandardOutput $out -RedirectStandardError (Join-Path $TestDrive "lab-$port.err")
        $base = "http://127.0.0.1:$port"
        $deadline = [datetime]::UtcNow.AddSeconds(60)
        while ($true) {
            try { Invoke-RestMethod "$base/_lab/log" -TimeoutSec 2 | Out-Null; break }
            catch { if ([datetime]::UtcNow -gt $deadline -or $process.HasExited) { throw "GraphLab did not start: $(Get-Content $out -Raw)" }; Start-Sleep -Milliseconds 250 }
        }
        [pscustomobject]@{ Process = $process; Base = $base; Graph = "$base/v1.0" }
    }
    $script:Lab = Start-Lab $Seed
    $script:Graph = $Lab.Graph
    $script:LabBase = $Lab.Base

    function Connect-Lab([string] $Endpoint = $Graph) { Connect-NhiEntra -Endpoint $Endpoint -AccessToken (ConvertTo-SecureString $LabToken -AsPlainText -Force) }
    function Get-LabLog { (Invoke-RestMethod "$LabBase/_lab/log").entries }
    function Clear-LabLog { Invoke-RestMethod "$LabBase/_lab/log" -Method Delete | Out-Null }
    function ConvertTo-Comparable($Identity) {
        [pscustomobject]@{
            Id          = $Identity.Id
            Kind        = "$($Identity.Kind)"
            Name        = $Identity.Name
            ThirdParty  = $Identity.ThirdParty
            LastUsedOn  = $Identity.LastUsedOn
            Owners      = ($Identity.Owners | Sort-Object) -join ','
            OwnerStates = ($Identity.OwnerStates.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ','
            Credentials = ($Identity.Credentials | Sort-Object Id | ForEach-Object { "$($_.Id)|$($_.Type)|$($_.ExpiresOn.ToString('o'))|$($_.LastUsedOn)|$($_.NeverUsed)" }) -join ';'
            Permissions = ($Identity.Permissions | ForEach-Object { "$($_.Name) on $($_.Resource) via $($_.Via)" } | Sort-Object) -join ';'
        } | ConvertTo-Json -Compress
    }
}

AfterAll {
    Restore-NhiTestStore
    Disconnect-NhiEntra
    if ($script:Lab -and -not $script:Lab.Process.HasExited) { Stop-Process -Id $script:Lab.Process.Id -Force }
}

Describe 'Connect-NhiEntra' {
    It 'connects to the lab and returns the connection, never the token' {
        $c = Connect-Lab
        $c | Should -BeOfType NhiTools.EntraConnectionInfo
        $c.Endpoint | Should -Be $Graph
        $c.AuthenticationMethod | Should -Be 'AccessToken'
        ($c | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($LabToken))
    }

    It 'rejects an endpoint that is not a Graph version root, with a stable ErrorId' {
        { Connect-NhiEntra -Endpoint 'https://graph.contoso.com/api' -AccessToken (ConvertTo-SecureString x -AsPlainText -Force) -ErrorAction Stop } |
            Should -Throw -ErrorId 'NhiEntraInvalidArgument,NhiTools.Commands.ConnectNhiEntraCommand'
        { Connect-NhiEntra -Endpoint 'http://graph.contoso.com/v1.0' -AccessToken (ConvertTo-SecureString x -AsPlainText -Force) -ErrorAction Stop } |
            Should -Throw -ErrorId 'NhiEntraInvalidArgument,NhiTools.Commands.ConnectNhiEntraCommand'
    }

    It 'writes no token or secret to verbose or debug output' {
        $all = & { Connect-NhiEntra -Endpoint $Graph -AccessToken (ConvertTo-SecureString $LabToken -AsPlainText -Force) -Verbose -Debug; Get-NhiIdentity -Provider Entra -Verbose -Debug | Out-Null } 4>&1 5>&1 3>&1 2>&1 6>&1 | Out-String
        $all | Should -Match 'Connected to Entra'
        $all | Should -Not -Match ([regex]::Escape($LabToken))
    }
}

Describe 'Get-NhiIdentity -Provider Entra (live)' {
    BeforeAll { Connect-Lab | Out-Null }

    It 'yields exactly what -Path yields from the seed files: ids, kinds, credentials, owners, permissions' {
        $live = Get-NhiIdentity -Provider Entra -WarningAction SilentlyContinue | Where-Object Id -ne $AdminAppId
        $offline = Get-NhiIdentity -Path $Seed -Provider Entra -WarningAction SilentlyContinue
        $live.Count | Should -Be 10
        $live.Count | Should -Be $offline.Count
        $liveText = $live | Sort-Object Id | ForEach-Object { ConvertTo-Comparable $_ }
        $offlineText = $offline | Sort-Object Id | ForEach-Object { ConvertTo-Comparable $_ }
        $liveText | Should -Be $offlineText
        ($live | Where-Object Name -eq 'wide-owners').Owners.Count | Should -Be 25
        ($live | Where-Object Name -eq 'svc-billing-prod').OwnerStates['carol@contoso.com'] | Should -Be 'Deleted'
        ($live | Where-Object Name -eq 'invoice-agent-01').Kind | Should -Be 'AgentIdentity'
        $live[0].Source[0] | Should -Be "live:entra:$Graph"
    }

    It 'filters like -Path does' {
        (Get-NhiIdentity -Provider Entra -Kind ManagedIdentity).Name | Should -Be 'mi-automation-prod'
        (Get-NhiIdentity -Provider Entra -Owner 'owner07@*').Name | Should -Be 'wide-owners'
    }

    It 'costs one page per collection plus one batch per 20 objects at the $expand cap' {
        Clear-LabLog
        Get-NhiIdentity -Provider Entra | Out-Null
        $top = Get-LabLog | Where-Object { -not $_.Parent }
        ($top | Where-Object Operation -eq 'applications.list').Count | Should -Be 1
        ($top | Where-Object Operation -eq 'batch').Count | Should -Be 2
        $top.Count | Should -Be 8
    }
}

Describe 'Set-NhiOwner on live Entra identities' {
    BeforeAll { Connect-Lab | Out-Null }

    It 'sends zero writes under -WhatIf' {
        Clear-LabLog
        Get-NhiIdentity -Provider Entra -Name orphan-registration | Set-NhiOwner -Owner 'alice@contoso.com' -WhatIf
        @(Get-LabLog | Where-Object IsWrite).Count | Should -Be 0
        (Get-NhiIdentity -Provider Entra -Name orphan-registration).Owners | Should -Be @('bob@contoso.com')
    }

    It 'adds owners in Entra (owners/$ref) and -Replace removes the others' {
        Clear-LabLog
        $id = Get-NhiIdentity -Provider Entra -Name orphan-registration | Set-NhiOwner -Owner 'alice@contoso.com' -PassThru
        ($id.Owners | Sort-Object) | Should -Be @('alice@contoso.com', 'bob@contoso.com')
        @(Get-LabLog | Where-Object Operation -eq 'applications.owners.add').Count | Should -Be 1
        $id = $id | Set-NhiOwner -Owner 'dana@contoso.com' -Replace -PassThru
        $id.Owners | Should -Be @('dana@contoso.com')
        (Get-NhiIdentity -Provider Entra -Name orphan-registration).Owners | Should -Be @('dana@contoso.com')
    }

    It 'rejects an unknown owner with NhiOwnerNotFound and writes nothing' {
        Clear-LabLog
        { Get-NhiIdentity -Provider Entra -Name orphan-registration | Set-NhiOwner -Owner 'nobody@contoso.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'NhiOwnerNotFound,NhiTools.Commands.SetNhiOwnerCommand'
        @(Get-LabLog | Where-Object IsWrite).Count | Should -Be 0
    }
}

Describe 'Set-NhiPurpose on live Entra identities' {
    BeforeAll { Connect-Lab | Out-Null }

    It 'sends zero writes under -WhatIf' {
        Clear-LabLog
        Get-NhiIdentity -Provider Entra -Name orphan-registration | Set-NhiPurpose 'Nightly billing export' -WhatIf
        @(Get-LabLog | Where-Object IsWrite).Count | Should -Be 0
        (Get-NhiIdentity -Provider Entra -Name orphan-registration).Purpose | Should -Not -Be 'Nightly billing export'
    }

    It 'writes the application notes (PATCH) and Get-NhiIdentity shows them as the purpose' {
        Clear-LabLog
        Get-NhiIdentity -Provider Entra -Name orphan-registration | Set-NhiPurpose 'Nightly billing export'
        @(Get-LabLog | Where-Object IsWrite).Operation | Should -Be @('applications.update')
        $id = Get-NhiIdentity -Provider Entra -Name orphan-registration
        $id.Purpose | Should -Be 'Nightly billing export'
        $id.Notes | Should -Be 'Nightly billing export'
    }

    It 'keeps a managed identity''s purpose in the store and writes nothing to Entra' {
        Clear-LabLog
        Get-NhiIdentity -Provider Entra -Name mi-automation-prod | Set-NhiPurpose 'Runs the prod automation account'
        @(Get-LabLog | Where-Object IsWrite).Count | Should -Be 0
        (Get-NhiIdentity -Provider Entra -Name mi-automation-prod).Purpose | Should -Be 'Runs the prod automation account'
    }
}

Describe 'Failures' {
    BeforeAll { Connect-Lab | Out-Null }
    AfterEach { Invoke-RestMethod "$LabBase/_lab/faults" -Method Delete | Out-Null }

    It 'a list that fails for good is an error (NhiEntraListFailed), not a short list' {
        Invoke-RestMethod "$LabBase/_lab/faults" -Method Post -Body 'op=servicePrincipals.list status=403' | Out-Null
        { Get-NhiIdentity -Provider Entra -ErrorAction Stop } | Should -Throw -ErrorId 'NhiEntraListFailed,NhiTools.Commands.GetNhiIdentityCommand'
    }

    It 'a report that is not permitted is one warning, and usage stays unknown' {
        Invoke-RestMethod "$LabBase/_lab/faults" -Method Post -Body 'op=reports.appCredentialSignInActivities.list status=403' | Out-Null
        $ids = Get-NhiIdentity -Provider Entra -WarningVariable w -WarningAction SilentlyContinue
        $w.Count | Should -Be 1
        $ids.Credentials | Where-Object NeverUsed | Should -BeNullOrEmpty
    }
}

Describe 'Disconnect-NhiEntra and a fresh process' {
    It 'after Disconnect-NhiEntra, Get-NhiIdentity -Provider Entra says to connect' {
        Disconnect-NhiEntra
        { Get-NhiIdentity -Provider Entra -ErrorAction Stop } | Should -Throw -ErrorId 'NhiNoSource,NhiTools.Commands.GetNhiIdentityCommand'
        Disconnect-NhiEntra # twice is fine
    }

    It 'imports the built module and connects in a fresh pwsh' {
        $r = Invoke-FreshPwsh "Connect-NhiEntra -Endpoint '$Graph' -AccessToken (ConvertTo-SecureString '$LabToken' -AsPlainText -Force) | Out-Null; (Get-NhiIdentity -Provider Entra).Count"
        $r.ExitCode | Should -Be 0
        $r.Output.Trim() | Should -Be '11'
    }
}

Describe 'The example estate through GraphLab' {
    BeforeAll {
        $estate = Join-Path $RepoRoot 'examples/estate'
        $script:EstateLab = if (Test-Path (Join-Path $estate 'entra')) { Start-Lab $estate }
    }
    AfterAll {
        Disconnect-NhiEntra
        if ($script:EstateLab -and -not $script:EstateLab.Process.HasExited) { Stop-Process -Id $script:EstateLab.Process.Id -Force }
    }

    It 'live Get-NhiIdentity -Provider Entra equals Get-NhiIdentity -Path examples/estate/entra' -Skip:(-not $HasEstate) {
        Connect-Lab $EstateLab.Graph | Out-Null
        $live = Get-NhiIdentity -Provider Entra -WarningAction SilentlyContinue | Where-Object Id -ne $AdminAppId
        $offline = Get-NhiIdentity -Path (Join-Path $RepoRoot 'examples/estate/entra') -Provider Entra -WarningAction SilentlyContinue
        $live.Count | Should -BeGreaterThan 50
        $live.Count | Should -Be $offline.Count
        $liveText = $live | Sort-Object Id | ForEach-Object { ConvertTo-Comparable $_ }
        $offlineText = $offline | Sort-Object Id | ForEach-Object { ConvertTo-Comparable $_ }
        $liveText | Should -Be $offlineText
    }
}
