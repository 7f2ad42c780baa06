BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $env:NHITOOLS_STORE = Join-Path $TestDrive 'store.db'
    $activityPath = Join-Path $EstatePath 'activity'
    $estate = Get-NhiIdentity -Path $EstatePath -WarningAction SilentlyContinue
}

Describe 'Get-NhiUsage on the example estate' {
    It 'shows svc-bi-exporter''s workloads (its two jobs and the leaked old key) and that it only used S3 and CloudWatch' {
        # The README's done-when command, as written.
        $u = @($estate | Where-Object Name -eq svc-bi-exporter | Get-NhiUsage -ActivityPath $activityPath)
        $u.Count | Should -Be 1
        $u[0] | Should -BeOfType ([NhiTools.Usage])
        $u[0].Known | Should -BeTrue
        $u[0].IdentityId | Should -Be 'aws:arn:aws:iam::111122223333:user/svc-bi-exporter'
        @($u[0].Services.Name | Sort-Object) | Should -Be @('cloudwatch', 's3')
        @($u[0].Actions.Name | Sort-Object) | Should -Be @('cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 's3:GetObject', 's3:ListBuckets', 's3:PutObject')

        $w = @($u[0].Workloads)
        # Its CLI job, its Boto3 fleet, and whoever used the leaked old key (NHI-ANOMALOUS-USE's planted case).
        $w.Count | Should -Be 3
        $cli = $w | Where-Object Address -eq '198.51.100.40'
        $cli.UserAgent | Should -Be 'aws-cli/2.17'
        $fleet = $w | Where-Object Address -eq '10.20.4.0/24'
        $fleet.UserAgent | Should -Be 'Boto3/1.34'
        $fleet.Addresses | Should -Be 2
        $fleet.Interactive | Should -BeFalse
        # Each workload used the old key before the rotation of 2026-09-20 and the new one after.
        $cli.CredentialIds.Count | Should -Be 2
        $fleet.CredentialIds.Count | Should -Be 2
        $leak = $w | Where-Object Address -eq '203.0.113.77'
        $leak.UserAgent | Should -Be 'aws-cli/2.15'
        @($leak.CredentialIds) | Should -Be @('AKIAELTXQ4XNXIGPNEXQ')
        ($cli.Events + $fleet.Events + $leak.Events) | Should -Be $u[0].Events
        "$cli" | Should -Match '^198\.51\.100\.40 aws-cli/2\.17 \(\d+ events, last 2026-10-3\d\)$'

        $u[0].WindowStart | Should -BeLessOrEqual $u[0].FirstSeen
        $u[0].WindowEnd | Should -BeGreaterOrEqual $u[0].LastSeen
        $u[0].Logs | Should -Match '^CloudTrail 111122223333 2026-08-03\.\.2026-10-3\d \(\d+ files\)$'
    }

    It 'takes ids as -Identity (a name is refused, as on every cmdlet), and -After narrows the window' {
        { Get-NhiUsage -Identity svc-bi-exporter -ActivityPath $activityPath -ErrorAction Stop } | Should -Throw '*NhiIdentityNotFound*'
        $byName = Get-NhiUsage -Identity 'aws:arn:aws:iam::111122223333:user/svc-bi-exporter' -ActivityPath $activityPath
        $byName.Known | Should -BeTrue
        $byName.IdentityId | Should -Be 'aws:arn:aws:iam::111122223333:user/svc-bi-exporter'
        $late = Get-NhiUsage -Identity 'aws:arn:aws:iam::111122223333:user/svc-bi-exporter' -ActivityPath $activityPath -After '2026-10-15T00:00:00Z'
        $late.FirstSeen | Should -BeGreaterOrEqual ([datetime]::new(2026, 10, 15, 0, 0, 0, [DateTimeKind]::Utc))
        $late.Events | Should -BeLessThan $byName.Events
    }

    It 'keeps an identity no log names unknown, never unused' {
        $u = Get-NhiUsage -Identity 'aws:arn:aws:iam::111122223333:user/svc-nobody-knows' -ActivityPath $activityPath
        $u.Known | Should -BeFalse
        $u.Events | Should -Be 0
        @($u.Workloads).Count | Should -Be 0
        $u.WindowStart | Should -BeNullOrEmpty
        "$u" | Should -Match 'usage unknown'
    }

    It 'reports every identity the logs name when none is given' {
        $all = @(Get-NhiUsage -ActivityPath $activityPath)
        $all.Count | Should -BeGreaterThan 5
        $all | ForEach-Object { $_.Known | Should -BeTrue }
        ($all | Where-Object Name -eq 'agent-claims-triage').Services.Name | Should -Contain 'bedrock'
    }

    It 'fails clearly on a missing path' {
        { Get-NhiUsage -Identity 'aws:arn:aws:iam::111122223333:user/x' -ActivityPath (Join-Path $TestDrive 'nope') -ErrorAction Stop } | Should -Throw -ErrorId 'NhiPathNotFound,NhiTools.Commands.GetNhiUsageCommand'
    }
}

AfterAll { Restore-NhiTestStore }
