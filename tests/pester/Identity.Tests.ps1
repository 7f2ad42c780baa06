BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $report = Join-Path $TestDrive 'exports/report.data'   # the name says nothing: formats are detected by content
    $null = New-Item -ItemType Directory (Join-Path $TestDrive 'exports')
    New-CredentialReport $report
    $env:NHITOOLS_STORE = Join-Path $TestDrive 'store.db'
}

Describe 'Get-NhiIdentity offline' {
    It 'reads a credential report by content and leaves out people' {
        $ids = Get-NhiIdentity -Path $report
        $ids.Name | Should -Contain 'svc-old'
        $ids.Name | Should -Contain 'svc-new'
        $ids.Name | Should -Not -Contain 'alice'
        $ids.Name | Should -Not -Contain '<root_account>'   # the root has no access keys here
        ($ids | Where-Object Name -eq 'svc-old').Id | Should -Be 'aws:arn:aws:iam::123456789012:user/svc-old'
    }

    It 'includes people with -IncludeHuman' {
        (Get-NhiIdentity -Path $report -IncludeHuman).Name | Should -Contain 'alice'
    }

    It 'binds paths from Get-ChildItem by property name' {
        $ids = Get-ChildItem (Join-Path $TestDrive 'exports') | Get-NhiIdentity
        @($ids).Count | Should -Be 2
    }

    It 'filters by name wildcard, provider and kind' {
        (Get-NhiIdentity -Path $report -Name 'svc-o*').Name | Should -Be 'svc-old'
        Get-NhiIdentity -Path $report -Provider Entra | Should -BeNullOrEmpty
        @(Get-NhiIdentity -Path $report -Kind IamUser).Count | Should -Be 2
    }

    It 'rejects an unknown provider at binding' {
        { Get-NhiIdentity -Path $report -Provider Gcp } | Should -Throw -ErrorId 'ParameterArgumentValidationError,NhiTools.Commands.GetNhiIdentityCommand'
    }

    It 'rejects -Owner with -Unowned' {
        { Get-NhiIdentity -Path $report -Owner x -Unowned } | Should -Throw -ErrorId 'NhiConflictingParameters,NhiTools.Commands.GetNhiIdentityCommand'
    }

    It 'warns about a file in a folder that is no export, errs on one named alone, and still reads the others' {
        $dir = Join-Path $TestDrive 'mixed'
        $null = New-Item -ItemType Directory $dir
        Copy-Item $report (Join-Path $dir 'a.csv')
        Set-Content (Join-Path $dir 'notes.json') '{"hello":"world"}'
        $ids = Get-NhiIdentity -Path $dir -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable warns -WarningAction SilentlyContinue
        @($ids).Count | Should -Be 2
        $errs.Count | Should -Be 0
        @($warns | Where-Object { $_.Message -match 'notes\.json' }).Count | Should -Be 1

        $null = Get-NhiIdentity -Path (Join-Path $dir 'notes.json') -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NhiUnknownFormat*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[0].Exception.Message | Should -Match 'notes\.json'
    }

    It 'reports malformed JSON as NhiMalformedInput with the file' {
        $bad = Join-Path $TestDrive 'bad.json'
        Set-Content $bad "{`"UserDetailList`": [ {`"UserName`": `"x`", "
        $null = Get-NhiIdentity -Path $bad -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NhiMalformedInput*'
        $errs[0].Exception.Message | Should -Match 'bad\.json'
    }

    It 'reports a missing path as NhiPathNotFound' {
        $null = Get-NhiIdentity -Path (Join-Path $TestDrive 'nope') -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NhiPathNotFound*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'prints the identity table view by default' {
        $text = Get-NhiIdentity -Path $report | Out-String -Width 200
        $text | Should -Match 'Provider\s+Kind\s+Name\s+Owners'
        $text | Should -Match '\(none\)'
    }
}

Describe 'Get-NhiIdentity on the example estate' -Skip:(-not (Test-Path (Join-Path $PSScriptRoot '../../examples/estate/aws'))) {
    BeforeAll {
        $estate = Get-NhiIdentity -Path $EstatePath -ErrorVariable estateErrors -ErrorAction SilentlyContinue
    }

    It 'reads every file without an error' {
        $estateErrors | Should -BeNullOrEmpty
    }

    It 'has at least 200 identities over AWS, Entra and Key Vault' {
        @($estate).Count | Should -BeGreaterOrEqual 200
        ($estate.Provider | Sort-Object -Unique) | Should -Be @('Aws', 'Entra', 'KeyVault')
    }

    It 'reports the root account only for its access keys' {
        $root = $estate | Where-Object Kind -eq 'RootAccount'
        $root | Should -Not -BeNullOrEmpty
        @($root.Credentials).Count | Should -BeGreaterOrEqual 1
    }

    It 'gives every credential an id and its identity id' {
        foreach ($c in $estate.Credentials) {
            $c.Id | Should -Not -BeNullOrEmpty
            $c.IdentityId | Should -Not -BeNullOrEmpty
        }
    }

    It 'gives every planted case its planted rotation status as of 2026-11-01' {
        $planted = Get-Content (Join-Path $RepoRoot 'tests/NhiTools.Estate/planted.json') -Raw | ConvertFrom-Json
        $cases = @($planted | Where-Object rotationStatus)
        $cases.Count | Should -BeGreaterThan 10
        $statuses = $estate | Test-NhiRotation -AsOf $EstateAsOf | Group-Object IdentityId -AsHashTable -AsString
        foreach ($case in $cases) {
            $statuses.ContainsKey($case.identityId) | Should -BeTrue -Because "$($case.identityId) is planted with credentials"
            $got = @($statuses[$case.identityId].Status | ForEach-Object ToString)
            $got | Should -Contain $case.rotationStatus -Because "$($case.name): $($case.note)"
            if ($got.Count -eq 1) { $got[0] | Should -Be $case.rotationStatus }
        }
    }

    It 'finds every planted identity' {
        $planted = Get-Content (Join-Path $RepoRoot 'tests/NhiTools.Estate/planted.json') -Raw | ConvertFrom-Json
        $ids = @{}; foreach ($i in $estate) { $ids[$i.Id] = $true }
        $humans = @(Get-NhiIdentity -Path $EstatePath -IncludeHuman -Kind Human).Id
        foreach ($case in $planted) {
            ($ids.ContainsKey($case.identityId) -or $humans -contains $case.identityId) | Should -BeTrue -Because "$($case.name) is planted"
        }
    }

    It 'leaves people out unless -IncludeHuman' {
        $estate.Kind | Should -Not -Contain 'Human'
        @(Get-NhiIdentity -Path $EstatePath -IncludeHuman -Kind Human).Count | Should -BeGreaterOrEqual 1
    }
}

AfterAll { Restore-NhiTestStore }
