# -ActivityPath on the cleanup and rotation cmdlets through the BUILT module against the labs: usage in -WhatIf,
# NhiIdentityInUse for a target used after its finding. The lab comes from Start-NhiTestLab (TestHelpers.ps1).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force

    $script:Lab = Start-NhiTestLab -SeedPath $EstatePath -LogPath $TestDrive
    $script:GraphBase = $Lab.GraphBase
    $script:IamUrl = $Lab.IamUrl
    $script:LabToken = 'nhitools-lab-static-token'
    $env:AWS_ACCESS_KEY_ID = 'AKIANHITOOLSLABADMIN'
    $env:AWS_SECRET_ACCESS_KEY = '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'
    $script:Store = Join-Path $TestDrive 'cleanup.db'
    $PSDefaultParameterValues = @{
        'Disable-NhiIdentity:StorePath' = $Store; 'Disable-NhiIdentity:Confirm' = $false
        'Get-NhiIdentity:StorePath' = (Join-Path $TestDrive 'owners.db'); 'Get-NhiFinding:StorePath' = (Join-Path $TestDrive 'owners.db')
    }

    function Connect-Labs {
        Connect-NhiEntra -Endpoint "$GraphBase/v1.0" -AccessToken (ConvertTo-SecureString $LabToken -AsPlainText -Force) | Out-Null
        Connect-NhiAws -Endpoint $IamUrl | Out-Null
    }
    function Get-Writes { @(@((Invoke-RestMethod "$GraphBase/_lab/log").entries) + @((Invoke-RestMethod "$IamUrl/_lab/log").entries) | Where-Object isWrite) }
    function Clear-Logs { Invoke-RestMethod "$GraphBase/_lab/log" -Method Delete | Out-Null; Invoke-RestMethod "$IamUrl/_lab/log" -Method Delete | Out-Null }
    function Clear-Faults { Invoke-RestMethod "$GraphBase/_lab/faults" -Method Delete | Out-Null; Invoke-RestMethod "$IamUrl/_lab/faults" -Method Delete | Out-Null }

    Connect-Labs
}

AfterAll {
    Restore-NhiTestStore
    Disconnect-NhiEntra -ErrorAction SilentlyContinue
    Disconnect-NhiAws -ErrorAction SilentlyContinue
    Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY -ErrorAction SilentlyContinue
    Stop-NhiTestLab $script:Lab
}

Describe 'Cleanup and rotation with -ActivityPath' {
    BeforeAll {
        $script:ActivityPath = Join-Path $EstatePath 'activity'
        $script:Exporter = 'aws:arn:aws:iam::111122223333:user/svc-bi-exporter'
    }
    BeforeEach { Connect-Labs; Clear-Faults; Clear-Logs }

    It '-WhatIf names the workloads that use the identity, and sends nothing' {
        # ShouldProcess text goes to the host, so a fresh pwsh prints it where it can be read.
        $r = Invoke-FreshPwsh @"
Connect-NhiAws -Endpoint '$IamUrl' | Out-Null
Get-NhiIdentity -Provider Aws | Where-Object Name -eq svc-bi-exporter | Disable-NhiIdentity -WhatIf -ActivityPath '$ActivityPath' -StorePath '$Store'
Get-NhiIdentity -Provider Aws | Where-Object Name -eq svc-bi-exporter | Revoke-NhiPermission -Permission AdministratorAccess -WhatIf -ActivityPath '$ActivityPath' -StorePath '$Store'
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $text = $r.Output -replace '\s+', ' '
        $text | Should -Match ([regex]::Escape('used by 3 workloads in the last 30 days of the logs (to 2026-10-31): 198.51.100.40 aws-cli/2.17, 203.0.113.77 aws-cli/2.15, 10.20.4.0/24 Boto3/1.34'))
        ([regex]::Matches($text, 'used by 3 workloads')).Count | Should -Be 2
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'says "usage unknown" for an identity no log names' {
        $other = Get-NhiIdentity -Provider Aws | Where-Object { $_.Kind -eq 'IamUser' -and $_.Name -like 'svc-*' -and $_.Name -ne 'svc-bi-exporter' } |
            Where-Object { -not (Get-NhiUsage -Identity $_.Id -ActivityPath $ActivityPath).Known } | Select-Object -First 1
        $other | Should -Not -BeNullOrEmpty
        $r = Invoke-FreshPwsh @"
Connect-NhiAws -Endpoint '$IamUrl' | Out-Null
Disable-NhiIdentity -IdentityId '$($other.Id)' -WhatIf -ActivityPath '$ActivityPath' -StorePath '$Store'
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        ($r.Output -replace '\s+', ' ') | Should -Match 'no log covers it: usage unknown'
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'refuses (NhiIdentityInUse) an identity used after its finding was made, and writes nothing' {
        $finding = Get-NhiIdentity -Provider Aws | Where-Object Name -eq svc-bi-exporter | Get-NhiFinding -AsOf '2026-10-01T00:00:00Z' |
            Where-Object Rule -eq 'NHI-OVERPRIVILEGED' | Select-Object -First 1
        $finding | Should -Not -BeNullOrEmpty
        Clear-Logs
        $out = $finding | Disable-NhiIdentity -ActivityPath $ActivityPath -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        @($err | Where-Object { $_.FullyQualifiedErrorId -like 'NhiIdentityInUse*' }).Count | Should -Be 1
        "$($err[0])" | Should -Match 'used 2026-10-\d\d .*after its finding was made \(2026-10-01 00:00Z\) by 198\.51\.100\.40 aws-cli/2\.17, 203\.0\.113\.77 aws-cli/2\.15, 10\.20\.4\.0/24 Boto3/1\.34'
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'acts on a finding made after the last use (the guard compares times, it does not block everything)' {
        $finding = Get-NhiIdentity -Provider Aws | Where-Object Name -eq svc-bi-exporter | Get-NhiFinding -AsOf '2026-11-01T00:00:00Z' |
            Where-Object Rule -eq 'NHI-OVERPRIVILEGED' | Select-Object -First 1
        $out = $finding | Disable-NhiIdentity -ActivityPath $ActivityPath -WhatIf -ErrorVariable err -ErrorAction SilentlyContinue
        @($err | Where-Object { $_.FullyQualifiedErrorId -like 'NhiIdentityInUse*' }).Count | Should -Be 0
        Get-Writes | Should -BeNullOrEmpty
    }
}
