BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $env:NHITOOLS_STORE = Join-Path $TestDrive 'store.db'
    $activityPath = Join-Path $EstatePath 'activity'
    $estate = Get-NhiIdentity -Path $EstatePath -WarningAction SilentlyContinue
    $bi = $estate | Where-Object Name -eq svc-bi-exporter
}

AfterAll {
    Restore-NhiTestStore
}

Describe 'Get-NhiLeastPrivilege on the example estate' {
    It 'gives svc-bi-exporter a ready policy that keeps exactly the S3 and CloudWatch actions it used' {
        $r = $bi | Get-NhiLeastPrivilege -ActivityPath $activityPath
        $r | Should -BeOfType ([NhiTools.LeastPrivilege])
        $r.Status | Should -Be 'Ready'
        $r.Used | Should -Be @('cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 's3:GetObject', 's3:ListAllMyBuckets', 's3:PutObject')
        $r.Sources | Should -Contain 'CloudTrail 2026-08-03..2026-10-31 (90 days)'
        $r.Keep.GrantedBy | Sort-Object -Unique | Should -Be 'AdministratorAccess'
        $r.Remove.Permission | Should -Be '*'

        $doc = $r.PolicyDocument | ConvertFrom-Json
        $doc.Version | Should -Be '2012-10-17'
        @($doc.Statement.Action | Sort-Object -Unique) | Should -Be @('cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 's3:GetObject', 's3:ListAllMyBuckets', 's3:PutObject')
        @($doc.Statement.Action | ForEach-Object { $_.Split(':')[0] } | Sort-Object -Unique) | Should -Be @('cloudwatch', 's3')
        @(($doc.Statement | Where-Object { $_.Action -contains 's3:GetObject' }).Resource | Sort-Object) | Should -Be @('arn:aws:s3:::contoso-bi-exports/daily/*', 'arn:aws:s3:::contoso-bi-exports/weekly/*')
        ($doc.Statement | Where-Object { $_.Action -contains 's3:PutObject' }).Resource | Should -Be 'arn:aws:s3:::contoso-bi-exports/out/*'
        ($doc.Statement | Where-Object { $_.Action -contains 's3:ListAllMyBuckets' }).Resource | Should -Be '*'
    }

    It 'writes just the policy document with -AsJson, as the README command does' {
        $json = Get-NhiIdentity -Path $EstatePath -WarningAction SilentlyContinue | Where-Object Name -eq svc-bi-exporter |
            Get-NhiLeastPrivilege -ActivityPath $activityPath -AsJson
        $json | Should -BeOfType ([string])
        @($json).Count | Should -Be 1
        $doc = $json | ConvertFrom-Json
        $doc.PSObject.Properties.Name | Should -Be @('Version', 'Statement')
        @($doc.Statement | ForEach-Object { $_.Effect } | Sort-Object -Unique) | Should -Be 'Allow'
        @($doc.Statement.Action | Sort-Object -Unique) | Should -Be @('cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 's3:GetObject', 's3:ListAllMyBuckets', 's3:PutObject')
    }

    It 'falls back to Access Advisor at service level when only it covers the minimum' {
        $strict = Join-Path $TestDrive 'strict.psd1'
        Set-Content -Path $strict -Value '@{ UnusedPermissionMinCoverageDays = 120 }'
        $r = $bi | Get-NhiLeastPrivilege -ActivityPath $activityPath -Policy $strict
        $r.Status | Should -Be 'Ready'
        $r.Used | Should -Be @('cloudwatch:*', 's3:*')
        $r.Sources | Should -Be @('Access Advisor, service level, 2025-09-26..2026-10-31 (401 days)')
    }

    It 'refuses when the policy asks for more coverage than the logs have in the window' {
        $strict = Join-Path $TestDrive 'strict.psd1'
        Set-Content -Path $strict -Value '@{ UnusedPermissionMinCoverageDays = 120 }'
        $r = $bi | Get-NhiLeastPrivilege -ActivityPath $activityPath -Policy $strict -After 2026-08-01 -Before 2026-10-31
        $r.Status | Should -Be 'Refused'
        $r.Reason | Should -Match 'minimum coverage of 120 days'
        $r.PolicyDocument | Should -BeNullOrEmpty
        $w = $null
        $json = $bi | Get-NhiLeastPrivilege -ActivityPath $activityPath -Policy $strict -After 2026-08-01 -Before 2026-10-31 -AsJson -WarningVariable w -WarningAction SilentlyContinue
        $json | Should -BeNullOrEmpty
        "$w" | Should -Match 'svc-bi-exporter: no policy document'
    }

    It 'refuses an identity no log names, and narrows the window with -After/-Before' {
        $quiet = $estate | Where-Object Name -eq svc-legacy-etl
        ($quiet | Get-NhiLeastPrivilege -ActivityPath $activityPath).Reason | Should -Match 'unknown is not unused'
        ($bi | Get-NhiLeastPrivilege -ActivityPath $activityPath -After 2026-10-20 -Before 2026-10-31).Status | Should -Be 'Refused'
        $r = $bi | Get-NhiLeastPrivilege -ActivityPath $activityPath -After 2026-09-01 -Before 2026-10-31
        $r.Status | Should -Be 'Ready'
        $r.WindowStart.ToString('yyyy-MM-dd') | Should -Be '2026-09-01'
    }

    It 'lists the Entra app roles exercised and the unused write right' {
        $r = $estate | Where-Object Name -eq app-sync-everything | Where-Object Provider -eq Entra | Get-NhiLeastPrivilege -ActivityPath $activityPath |
            Where-Object Status -eq Ready
        $r | Should -Not -BeNullOrEmpty
        $r.Remove.Permission | Should -Contain 'Directory.ReadWrite.All'
        ($r.Remove | Where-Object Permission -eq 'Directory.ReadWrite.All').GrantedBy | Should -Be 'Microsoft Graph'
    }

    It 'has a default table view' {
        $out = $bi | Get-NhiLeastPrivilege -ActivityPath $activityPath | Out-String -Width 200
        $out | Should -Match 'svc-bi-exporter\s+Ready\s+2026-08-03\.\.2026-10-31'
    }
}
