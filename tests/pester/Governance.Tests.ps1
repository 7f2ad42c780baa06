# The example estate's governance (examples/governance): purposes at the source, a finished review imported from its file,
# a policy with one live and one ended exception, the default and strict GovernanceScope, and the HTML report's table.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $script:Gov = Join-Path $RepoRoot 'examples/governance'
    $script:ReviewFile = Join-Path $Gov 'review-2026-Q3.json'
    $script:PolicyFile = Join-Path $Gov 'policy.psd1'
    $script:Empty = Join-Path $TestDrive 'empty.db'
    $script:Estate = Get-NhiIdentity -Path $EstatePath -StorePath $Empty 3>$null
}

AfterAll {
    Restore-NhiTestStore
}

Describe 'Purposes at the source in the example estate' {
    It 'reads an IAM purpose tag, Entra application notes and a vault purpose tag' {
        ($Estate | Where-Object Name -eq 'svc-order-history').Purpose | Should -Be 'Order history API for the customer portal: reads the orders queue'
        ($Estate | Where-Object Name -eq 'app-invoice-sync').Purpose | Should -Be 'Syncs approved invoices from the billing system to the finance SharePoint site.'
        ($Estate | Where-Object Id -eq 'keyvault:kv-contoso-prod/sql-reporting-conn').Purpose | Should -Be 'Connection string of the reporting SQL database read by Power BI'
        $Empty | Should -Not -Exist
    }
}

Describe 'GovernanceScope' {
    It 'reports NHI-NO-PURPOSE / NHI-NOT-REVIEWED only on exposed identities by default, and on every identity with All' {
        $default = @($Estate | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-NOT-REVIEWED, NHI-NO-PURPOSE -StorePath $Empty)
        $strictPolicy = Join-Path $TestDrive 'strict.psd1'
        Set-Content $strictPolicy "@{ GovernanceScope = @('All') }"
        $strict = @($Estate | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-NOT-REVIEWED, NHI-NO-PURPOSE -Policy $strictPolicy -StorePath $Empty)
        $defaultNotReviewed = @($default | Where-Object Rule -eq NHI-NOT-REVIEWED).Count
        $strictNotReviewed = @($strict | Where-Object Rule -eq NHI-NOT-REVIEWED).Count
        $defaultNotReviewed | Should -BeGreaterThan 0
        ($defaultNotReviewed * 4) | Should -BeLessThan $strictNotReviewed
        $strictNotReviewed | Should -BeGreaterThan ($Estate.Count - 5)
        $default.IdentityId | Should -Contain 'aws:arn:aws:iam::111122223333:user/svc-bi-exporter'
        # The purpose at the source keeps an identity out even under the strict scope.
        @($strict | Where-Object { $_.Rule -eq 'NHI-NO-PURPOSE' -and $_.IdentityName -eq 'svc-order-history' }).Count | Should -Be 0
    }

    It 'refuses an unknown scope' {
        $bad = Join-Path $TestDrive 'bad.psd1'
        Set-Content $bad "@{ GovernanceScope = @('Everyone') }"
        { $Estate | Select-Object -First 1 | Get-NhiFinding -Policy $bad -ErrorAction Stop } | Should -Throw -ExpectedMessage '*GovernanceScope*'
    }
}

Describe 'Import-NhiReview with the example review' {
    It '-WhatIf writes nothing; the import keeps who decided and when, in another process too, and closes NHI-NOT-REVIEWED' {
        $store = Join-Path $TestDrive "review-$([guid]::NewGuid().ToString('N')).db"
        Import-NhiReview $ReviewFile -StorePath $store -WhatIf
        $store | Should -Not -Exist
        $items = @(Get-Item $ReviewFile | Import-NhiReview -StorePath $store)
        $items.Count | Should -Be 3
        $items | ForEach-Object { $_ | Should -BeOfType NhiTools.ReviewItem }
        ($items | Where-Object IdentityName -eq 'svc-terraform').DecidedBy | Should -Be 'platform-team@contoso.com'
        $r = Invoke-FreshPwsh "Get-NhiReview -Name 2026-Q3 -State Decided -StorePath '$store' | ForEach-Object { `$_.IdentityName + '|' + `$_.Decision + '|' + `$_.DecidedBy + '|' + `$_.DecidedOn.ToString('yyyy-MM-dd') }"
        $r.Output | Should -Match 'role-shipping-api\|Reduce\|payments-team@contoso.com\|2026-09-24'
        $reviewed = Get-NhiIdentity -Path $EstatePath -StorePath $store 3>$null
        $before = @($Estate | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-NOT-REVIEWED -StorePath $Empty)
        $after = @($reviewed | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-NOT-REVIEWED -StorePath $store)
        $after.Count | Should -Be ($before.Count - 3)
        $after.IdentityName | Should -Not -Contain 'svc-terraform'
        # A second import of the same campaign is refused, and changes nothing.
        Import-NhiReview $ReviewFile -StorePath $store -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Match 'NhiReviewExists'
        @(Get-NhiReview -Name 2026-Q3 -StorePath $store).Count | Should -Be 3
    }

    It 'refuses a file holding a blind keep, and writes nothing' {
        $bad = Join-Path $TestDrive 'blind.json'
        $items = Get-Content $ReviewFile -Raw | ConvertFrom-Json
        $items[0].Justification = 'ok'
        $items[0] | Add-Member -NotePropertyName UnusedRights -NotePropertyValue $true -Force
        $items | ConvertTo-Json -Depth 4 | Set-Content $bad
        $store = Join-Path $TestDrive 'blind.db'
        Import-NhiReview $bad -StorePath $store -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Match 'NhiReviewBlindApproval'
        $store | Should -Not -Exist
    }
}

Describe 'The example policy''s exceptions at 2026-11-01' {
    It 'suppresses the live one and re-opens the ended one, saying which exception ended' {
        $f = @($Estate | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-ROTATION-OVERDUE -Policy $PolicyFile -IncludeSuppressed -StorePath $Empty)
        $live = $f | Where-Object IdentityId -eq 'keyvault:kv-contoso-prod/sql-reporting-conn'
        $live.Suppressed | Should -BeTrue
        $live.Exception | Should -Match 'until 2026-12-31'
        $ended = $f | Where-Object IdentityId -eq 'aws:arn:aws:iam::111122223333:user/svc-legacy-etl'
        $ended.Suppressed | Should -BeFalse
        $ended.Exception | Should -Match '^expired: .*2026-09-30'
        $ended.Evidence | Should -Match 'open again'
        # Without -IncludeSuppressed the live one is hidden; 1 of 7 excused is under the 20% share, so no NHI-EXCEPTION-NORM.
        $open = @($Estate | Get-NhiFinding -AsOf $EstateAsOf -Policy $PolicyFile -StorePath $Empty)
        @($open | Where-Object { $_.IdentityId -eq 'keyvault:kv-contoso-prod/sql-reporting-conn' -and $_.Rule -eq 'NHI-ROTATION-OVERDUE' }).Count | Should -Be 0
        @($open | Where-Object { $_.IdentityId -eq 'aws:arn:aws:iam::111122223333:user/svc-legacy-etl' -and $_.Rule -eq 'NHI-ROTATION-OVERDUE' }).Count | Should -Be 1
        @($open | Where-Object Rule -eq NHI-EXCEPTION-NORM).Count | Should -Be 0
        # Before the end date (2026-09-01) the ended one was suppressed too.
        $earlier = $Estate | Where-Object Name -eq 'svc-legacy-etl' | Get-NhiFinding -AsOf 2026-09-01 -Rule NHI-ROTATION-OVERDUE -Policy $PolicyFile -IncludeSuppressed -StorePath $Empty
        $earlier.Suppressed | Should -BeTrue
    }
}

Describe 'Export-NhiReport -Format Html governance table' {
    It 'shows purpose, the imported review decision and the exceptions per identity' {
        $store = Join-Path $TestDrive "report-$([guid]::NewGuid().ToString('N')).db"
        Import-NhiReview $ReviewFile -StorePath $store | Out-Null
        $html = Join-Path $TestDrive 'estate.html'
        Get-NhiIdentity -Path $EstatePath -StorePath $store 3>$null | Export-NhiReport -Path $html -AsOf $EstateAsOf -Policy $PolicyFile -StorePath $store
        $text = Get-Content $html -Raw
        $section = [regex]::Match($text, '<section id="governance">.*?</section>', 'Singleline').Value
        $section | Should -Match 'Keep</b> by platform-team@contoso.com on 2026-09-22'
        $section | Should -Match 'until 2026-12-31: Rotates with the reporting database'
        $section | Should -Match 'ended 2026-09-30, finding open again'
        $section | Should -Match 'Connection string of the reporting SQL database read by Power BI'
        $section | Should -Match '2026-12-21' # svc-terraform decided 2026-09-22 + 90 days
    }
}
