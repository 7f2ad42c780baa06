BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $activityPath = Join-Path $EstatePath 'activity'
    $estate = Get-NhiIdentity -Path $EstatePath -WarningAction SilentlyContinue
    $findings = @($estate | Get-NhiFinding -AsOf $EstateAsOf -ActivityPath $activityPath | Where-Object Rule -eq 'NHI-ANOMALOUS-USE')
    $planted = Get-Content (Join-Path $RepoRoot 'tests/NhiTools.Estate/planted.json') -Raw | ConvertFrom-Json
}

AfterAll {
    Restore-NhiTestStore
}

Describe 'NHI-ANOMALOUS-USE on the example estate' {
    It 'finds the old key of svc-bi-exporter used after its rotation, naming the key and the call' {
        $key = @($findings | Where-Object { $_.IdentityName -eq 'svc-bi-exporter' -and $_.CredentialId -eq 'AKIAELTXQ4XNXIGPNEXQ' })
        $key.Count | Should -Be 1
        $key[0].Severity | Should -Be 'High'
        $key[0].Owasp | Should -Be 'NHI2'
        $key[0].Evidence | Should -Match 'was retired \(gone from the inventory; replaced by AKIAFH35RG4TYEBDCV6D on 2026-09-20'
        $key[0].Evidence | Should -Match '2026-10-29 03:1\d UTC s3:\w+ from 203\.0\.113\.77 in us-east-1'
        $key[0].Remediation | Should -Match 'leaked'
    }

    It 'finds the new network with the baseline it breaks' {
        $net = @($findings | Where-Object { $_.IdentityName -eq 'svc-bi-exporter' -and -not $_.CredentialId })
        $net.Count | Should -Be 1
        $net[0].Severity | Should -Be 'Medium'
        $net[0].Evidence | Should -Match 'new network 203\.0\.113\.0/24: 2026-10-29 03:17 UTC s3:ListBuckets from 203\.0\.113\.77 in us-east-1 with AKIAELTXQ4XNXIGPNEXQ'
        $net[0].Evidence | Should -Match 'Baseline 2026-08-03 to 2026-10-24: seen from 198\.51\.100\.0/24 on 83 days since 2026-08-03'
    }

    It 'fires for nothing the answer key does not plant' {
        $expected = @($planted | Where-Object { $_.rules -contains 'NHI-ANOMALOUS-USE' } | ForEach-Object identityId | Sort-Object -Unique)
        $expected | Should -Contain 'aws:arn:aws:iam::111122223333:user/svc-bi-exporter'
        @($findings.IdentityId | Sort-Object -Unique) | Should -Be $expected
    }

    It 'gives the same findings from activities piped in (the live path of Get-NhiActivity)' {
        $activity = Get-NhiActivity -Path $activityPath -WarningAction SilentlyContinue
        $piped = @(@($estate) + @($activity) | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-ANOMALOUS-USE)
        ($piped | Sort-Object IdentityId, CredentialId).Evidence | Should -Be ($findings | Sort-Object IdentityId, CredentialId).Evidence
    }

    It 'takes its thresholds from the policy file' {
        $policy = Join-Path $TestDrive 'anomaly.psd1'
        # A day of recent logs puts 2026-10-29 in the baseline; 60 days of switch-over keep the old key legitimate.
        Set-Content $policy "@{ AnomalyRecentDays = 1; AnomalyRotationGraceDays = 60 }"
        $estate | Get-NhiFinding -AsOf $EstateAsOf -ActivityPath $activityPath -Policy $policy -Rule NHI-ANOMALOUS-USE | Should -BeNullOrEmpty
    }

    It 'is silent without activity logs' {
        $estate | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-ANOMALOUS-USE | Should -BeNullOrEmpty
    }
}
