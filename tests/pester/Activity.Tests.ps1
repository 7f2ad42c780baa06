BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $env:NHITOOLS_STORE = Join-Path $TestDrive 'store.db'
    $activityPath = Join-Path $EstatePath 'activity'
    $estate = Get-NhiIdentity -Path $EstatePath -WarningAction SilentlyContinue
    $activity = Get-NhiActivity -Path $EstatePath -WarningAction SilentlyContinue
}

Describe 'Get-NhiActivity on the example estate' {
    It 'reads every activity format of the estate, linked to its identities' {
        $activity.Count | Should -BeGreaterThan 500
        $activity | Should -BeOfType ([NhiTools.Activity])
        @($activity.Origin | Sort-Object -Unique) | Should -Be @('AccessAdvisor', 'CloudTrail', 'EntraAudit', 'EntraSignIn')
        $ids = @{}
        foreach ($i in $estate) { $ids[$i.Id] = $i }
        $linked = @($activity | Where-Object IdentityId)
        foreach ($a in $linked | Where-Object { $_.IdentityId -notmatch '^entra:(app|sp):' -or $_.Origin -ne 'EntraAudit' -or -not $_.Interactive }) {
            $ids.ContainsKey($a.IdentityId) | Should -BeTrue -Because "$($a.Action) by $($a.IdentityId) should link to an identity of the estate"
        }
    }

    It 'links assumed-role sessions to the role and reads the gzipped trail' {
        $deploy = @($activity | Where-Object IdentityName -eq 'role-github-deploy-main')
        $deploy.Count | Should -BeGreaterThan 10
        $deploy[0].IdentityId | Should -Be 'aws:arn:aws:iam::111122223333:role/role-github-deploy-main'
        $deploy[0].Principal | Should -Match '^arn:aws:sts::111122223333:assumed-role/role-github-deploy-main/'
        $deploy[0].Source | Should -Match '\.json\.gz$'
    }

    It 'shows console logins by a service user, from lookup-events' {
        $logins = @(Get-NhiActivity -Path $activityPath -Action 'signin:ConsoleLogin' -Identity ($estate | Where-Object Name -eq 'svc-reporting-bi'))
        $logins.Count | Should -Be 4
        @($logins | Where-Object Result -eq 'Success').Count | Should -Be 3
        $logins | ForEach-Object { $_.Interactive | Should -BeTrue; $_.From | Should -Be '198.51.100.23' }
    }

    It 'filters by identity from the pipeline, by action wildcard and by time' {
        $agent = $estate | Where-Object Name -eq 'agent-claims-triage'
        $calls = @($agent | Get-NhiActivity -Path $activityPath -Action 'bedrock:*' -After '2026-10-20' -Before '2026-10-31T23:59:59Z')
        $calls.Count | Should -BeGreaterThan 10
        $calls | ForEach-Object {
            $_.IdentityName | Should -Be 'agent-claims-triage'
            $_.Action | Should -Be 'bedrock:InvokeModel'
            $_.When | Should -BeGreaterOrEqual ([datetime]::new(2026, 10, 20, 0, 0, 0, [DateTimeKind]::Utc))
        }
        $denied = @($agent | Get-NhiActivity -Path $activityPath | Where-Object Result -ne 'Success')
        $denied.Action | Should -Be 's3:GetObject'
        $denied.Result | Should -Be 'AccessDenied'
    }

    It 'shows where an app secret is used from, including the unusual address' {
        $from = $activity | Where-Object IdentityName -eq 'app-invoice-sync' | Group-Object From -AsHashTable -AsString
        $from.Keys | Should -Contain '203.0.113.66'
        $from['203.0.113.66'].Count | Should -BeLessThan 3
        ($from['198.51.100.10'].Count + $from['198.51.100.11'].Count) | Should -BeGreaterThan 40
    }

    It 'formats as a table' {
        $text = $activity | Select-Object -First 3 | Out-String -Width 200
        $text | Should -Match 'When\s+IdentityName\s+Action\s+From\s+Result'
    }

    It 'reports a missing path and a file in no known format, and reads the rest' {
        $bad = Join-Path $TestDrive 'notes.json'
        '{"hello":"world"}' | Set-Content $bad
        $errs = $null
        $got = Get-NhiActivity -Path $bad, (Join-Path $TestDrive 'nope'), (Join-Path $activityPath 'entra') -ErrorVariable errs -ErrorAction SilentlyContinue
        @($got).Count | Should -BeGreaterThan 100
        $errs.FullyQualifiedErrorId | Should -Contain 'NhiUnknownFormat,NhiTools.Commands.GetNhiActivityCommand'
        $errs.FullyQualifiedErrorId | Should -Contain 'NhiPathNotFound,NhiTools.Commands.GetNhiActivityCommand'
    }
}

Describe 'Get-NhiFinding with activity' {
    BeforeAll {
        $findings = $estate | Get-NhiFinding -AsOf $EstateAsOf -ActivityPath $activityPath
    }

    It 'names the unused rights of the admin that only used s3 and cloudwatch, with evidence' {
        $f = @($findings | Where-Object { $_.Rule -eq 'NHI-UNUSED-PERMISSION' -and $_.IdentityName -eq 'svc-bi-exporter' })
        $f.Count | Should -Be 1
        $f[0].Severity | Should -Be 'High'
        $f[0].Owasp | Should -Be 'NHI5'
        $f[0].Evidence | Should -Match 'AdministratorAccess grants every service'
        $f[0].Evidence | Should -Match 'cloudwatch \(\d+ calls'
        $f[0].Evidence | Should -Match 's3 \(\d+ calls: s3:GetObject, s3:ListBuckets, s3:PutObject'
        $f[0].Evidence | Should -Match 'CloudTrail 2026-08-03\.\.2026-10-31 \(90 days\)'
        $f[0].Evidence | Should -Match 'Access Advisor, service level, '
    }

    It 'names unused directory write rights of an Entra app, and not those of the app that uses them' {
        $sync = @($findings | Where-Object { $_.Rule -eq 'NHI-UNUSED-PERMISSION' -and $_.IdentityName -eq 'app-sync-everything' })
        $sync.Count | Should -Be 1
        $sync[0].Evidence | Should -Match 'Directory.ReadWrite.All'
        $findings | Where-Object { $_.Rule -eq 'NHI-UNUSED-PERMISSION' -and $_.IdentityName -eq 'app-provisioning-engine' } | Should -BeNullOrEmpty
    }

    It 'never calls unknown unused: identities no log names get no NHI-UNUSED-PERMISSION' {
        $named = @($activity | Where-Object IdentityId | Select-Object -ExpandProperty IdentityId -Unique)
        foreach ($f in $findings | Where-Object Rule -eq 'NHI-UNUSED-PERMISSION') {
            $named | Should -Contain $f.IdentityId
        }
        # svc-terraform holds AdministratorAccess too, but no log names it.
        $findings | Where-Object { $_.Rule -eq 'NHI-UNUSED-PERMISSION' -and $_.IdentityName -eq 'svc-terraform' } | Should -BeNullOrEmpty
        $estate | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-UNUSED-PERMISSION | Should -BeNullOrEmpty
    }

    It 'adds console logins to NHI-HUMAN-USE' {
        $h = @($findings | Where-Object { $_.Rule -eq 'NHI-HUMAN-USE' -and $_.IdentityName -eq 'svc-reporting-bi' })
        $h.Count | Should -Be 1
        $h[0].Evidence | Should -Match '3 successful console logins \(CloudTrail ConsoleLogin\).*198\.51\.100\.23; 1 failed'
    }

    It 'accepts activities from the pipeline, after the identities' {
        $piped = @($estate) + @($activity) | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-UNUSED-PERMISSION
        ($piped | Sort-Object IdentityId).IdentityId | Should -Be (($findings | Where-Object Rule -eq 'NHI-UNUSED-PERMISSION' | Sort-Object IdentityId).IdentityId)
    }

    It 'takes the window from the policy file' {
        $policy = Join-Path $TestDrive 'short.psd1'
        Set-Content $policy "@{ UnusedPermissionMinCoverageDays = 120 }"
        $estate | Get-NhiFinding -AsOf $EstateAsOf -ActivityPath $activityPath -Policy $policy -Rule NHI-UNUSED-PERMISSION | Should -BeNullOrEmpty
    }
}

Describe 'Get-NhiIdentity with activity logs in the folder' {
    It 'reads the example estate with zero errors' {
        $errs = $null
        $ids = Get-NhiIdentity -Path $EstatePath -ErrorVariable errs -WarningAction SilentlyContinue
        $errs | Should -BeNullOrEmpty
        $ids.Count | Should -BeGreaterThan 200
    }

    It 'has help for every parameter and real examples' {
        $help = Get-Help Get-NhiActivity -Full
        $help.Synopsis | Should -Match 'after they signed in'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($p in 'Path', 'Identity', 'After', 'Before', 'Action') {
            ($help.Parameters.Parameter | Where-Object Name -eq $p).Description.Text | Should -Not -BeNullOrEmpty
        }
    }
}

AfterAll { Restore-NhiTestStore }
