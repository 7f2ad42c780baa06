BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $env:NHITOOLS_STORE = Join-Path $TestDrive 'store.db'
    $estate = Get-NhiIdentity -Path $EstatePath
    $findings = $estate | Get-NhiFinding -AsOf $EstateAsOf -ActivityPath (Join-Path $EstatePath 'activity')
}

Describe 'Get-NhiFinding on the example estate' {
    It 'finds every planted problem on its identity, with evidence' {
        $planted = Get-Content (Join-Path $RepoRoot 'tests/NhiTools.Estate/planted.json') -Raw | ConvertFrom-Json
        $byIdentity = $findings | Group-Object IdentityId -AsHashTable -AsString
        $checked = 0
        foreach ($case in $planted) {
            foreach ($rule in $case.rules) {
                $hits = @($byIdentity[$case.identityId] | Where-Object Rule -eq $rule)
                $hits.Count | Should -BeGreaterThan 0 -Because "$($case.name) is planted with $rule ($($case.note))"
                $hits[0].Evidence | Should -Not -BeNullOrEmpty
                $checked++
            }
        }
        $checked | Should -BeGreaterThan 40
    }

    It 'maps every finding to an OWASP category, a severity and a score in 0..100' {
        foreach ($f in $findings) {
            $f.Owasp | Should -Match '^NHI([1-9]|10)$'
            $f.Score | Should -BeGreaterOrEqual 0
            $f.Score | Should -BeLessOrEqual 100
            $f.AsOf | Should -Be $EstateAsOf
        }
    }

    It 'ranks admin, cross-account and unowned problems above a lone stale secret' {
        $top = $findings | Sort-Object Score -Descending | Select-Object -First 10
        $top.Severity | Should -Contain 'Critical'
        ($top | Where-Object Rule -eq 'NHI-OVERPRIVILEGED') | Should -Not -BeNullOrEmpty
        $lowest = ($findings | Where-Object Rule -eq 'NHI-EXPIRED-CREDENTIAL' | Measure-Object Score -Maximum).Maximum
        ($top | Measure-Object Score -Minimum).Minimum | Should -BeGreaterThan $lowest
    }

    It 'names the command that fixes an unowned identity' {
        $f = $findings | Where-Object Rule -eq 'NHI-UNOWNED' | Select-Object -First 1
        $f.Remediation | Should -Match 'Set-NhiOwner'
    }

    It 'filters by rule and minimum severity' {
        $only = $estate | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-UNOWNED, NHI-DORMANT
        ($only.Rule | Sort-Object -Unique) | Should -Be @('NHI-DORMANT', 'NHI-UNOWNED')
        $high = $estate | Get-NhiFinding -AsOf $EstateAsOf -MinimumSeverity High
        $high.Severity | Should -Not -Contain 'Medium'
        $high.Severity | Should -Not -Contain 'Low'
        @($high).Count | Should -BeLessThan @($findings).Count
    }

    It 'rejects an unknown rule before reading anything' {
        { $estate | Get-NhiFinding -Rule NHI-NOPE } | Should -Throw -ErrorId 'NhiRuleUnknown,NhiTools.Commands.GetNhiFindingCommand'
    }

    It 'takes thresholds from a policy file' {
        $policy = Join-Path $TestDrive 'lenient.psd1'
        Set-Content $policy "@{ DormantDays = 5000 } # nothing is dormant for 13 years"
        $dormant = $estate | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-DORMANT -Policy $policy
        $dormant | Should -BeNullOrEmpty
        ($findings | Where-Object Rule -eq 'NHI-DORMANT') | Should -Not -BeNullOrEmpty
    }

    It 'reports a bad policy file as NhiPolicyInvalid with its line' {
        $policy = Join-Path $TestDrive 'bad.psd1'
        Set-Content $policy "@{`n  DormantDays = 'soon'`n}"
        $err = { $estate | Get-NhiFinding -Policy $policy } | Should -Throw -ErrorId 'NhiPolicyInvalid,NhiTools.Commands.GetNhiFindingCommand' -PassThru
        $err.Exception.Message | Should -Match 'line 2'
    }

    It 'writes NhiUnsupportedInput for other objects' {
        $null = 'text' | Get-NhiFinding -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NhiUnsupportedInput*'
    }

    It 'prints the findings table by default' {
        ($findings | Select-Object -First 3 | Out-String -Width 200) | Should -Match 'Score\s+Severity\s+Rule'
    }
}

AfterAll { Restore-NhiTestStore }
