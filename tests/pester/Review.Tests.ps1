BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $activity = Join-Path $EstatePath 'activity'
    $exporterId = 'aws:arn:aws:iam::111122223333:user/svc-bi-exporter'
    $estate = Get-NhiIdentity -Path $EstatePath -StorePath (Join-Path $TestDrive 'none.db') 3>$null
    $exporter = $estate | Where-Object Id -eq $exporterId
    $others = @($estate | Where-Object { $_.Provider -eq 'Aws' -and $_.Id -ne $exporterId -and $_.Owners.Count -gt 0 -and $_.Kind -eq 'IamUser' } | Select-Object -First 2)
}

Describe 'Set-NhiPurpose' {
    BeforeEach { $store = Join-Path $TestDrive "p-$([guid]::NewGuid().ToString('N')).db" }

    It 'records a purpose from the pipeline, shown by Get-NhiIdentity in another process; -WhatIf writes nothing' {
        $exporter | Set-NhiPurpose 'BI nightly export to S3' -StorePath $store -WhatIf
        $store | Should -Not -Exist
        $out = $exporter | Set-NhiPurpose 'BI nightly export to S3 (finance dashboards)' -StorePath $store -PassThru
        $out.Purpose | Should -Be 'BI nightly export to S3 (finance dashboards)'
        $r = Invoke-FreshPwsh "(Get-NhiIdentity -Path '$EstatePath' -StorePath '$store' 3>`$null | Where-Object Id -eq '$exporterId').Purpose"
        $r.Output.Trim() | Should -Be 'BI nightly export to S3 (finance dashboards)'
        $f = Get-NhiIdentity -Path $EstatePath -StorePath $store 3>$null | Where-Object Id -eq $exporterId | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-NO-PURPOSE -StorePath $store
        $f | Should -BeNullOrEmpty
        # Without the store's purpose (another store), the same identity is a finding.
        $none = Join-Path $TestDrive 'empty.db'
        $open = Get-NhiIdentity -Path $EstatePath -StorePath $none 3>$null | Where-Object Id -eq $exporterId | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-NO-PURPOSE -StorePath $none
        @($open).Count | Should -Be 1
        $open.Evidence | Should -Match 'AdministratorAccess'
    }
}

Describe 'New-NhiReview, Get-NhiReview, Set-NhiReviewDecision' {
    BeforeEach { $store = Join-Path $TestDrive "r-$([guid]::NewGuid().ToString('N')).db" }

    It 'gathers evidence per identity at creation: owners, credentials and age, rights granted and used with the window' {
        $items = @($exporter, $others[0]) | New-NhiReview -Name 2026-Q4 -DueOn 2026-12-31 -ActivityPath $activity -AsOf $EstateAsOf -StorePath $store 3>$null
        $items.Count | Should -Be 2
        $items[0] | Should -BeOfType NhiTools.ReviewItem
        $x = $items | Where-Object IdentityId -eq $exporterId
        $x.UnusedRights | Should -BeTrue
        # AdministratorAccess was used (s3, cloudwatch): too broad, not unused, so nothing to hand to Revoke-NhiPermission.
        $x.UnusedPermissions | Should -BeNullOrEmpty
        $x.Usage | Should -Match 'CloudTrail 2026-08-03\.\.2026-10-31'
        $x.Granted | Should -Contain 'AdministratorAccess (admin)'
        $x.Credentials[0] | Should -Match 'AccessKey, \d+ days old'
        $x.Findings | Should -Contain 'NHI-UNUSED-PERMISSION (High)'
        $x.State | Should -Be 'Pending'
        (Get-NhiReview -Name 2026-Q4 -StorePath $store).Count | Should -Be 2
        (Get-NhiReview -Name 2026-Q4 -StorePath $store -AsOf 2027-01-01 -State Overdue).Count | Should -Be 2
        { @($exporter) | New-NhiReview -Name 2026-q4 -DueOn 2026-12-31 -StorePath $store } | Should -Throw -ErrorId 'NhiReviewExists,NhiTools.Commands.NewNhiReviewCommand'
    }

    It 'names the permissions the logs show unused, kept in the store for Revoke-NhiPermission -Permission' {
        $sync = $estate | Where-Object Name -eq 'app-sync-everything'
        $item = $sync | New-NhiReview -Name unused -DueOn 2026-12-31 -ActivityPath $activity -AsOf $EstateAsOf -StorePath $store 3>$null
        $item.UnusedPermissions | Should -Be @('Directory.ReadWrite.All')
        $r = Invoke-FreshPwsh "(Get-NhiReview -Name unused -StorePath '$store').UnusedPermissions"
        $r.Output.Trim() | Should -Be 'Directory.ReadWrite.All'
    }

    It 'writes nothing under -WhatIf' {
        @($exporter) | New-NhiReview -Name what -DueOn 2026-12-31 -StorePath $store -WhatIf
        $store | Should -Not -Exist
        @($exporter) | New-NhiReview -Name what -DueOn 2026-12-31 -ActivityPath $activity -AsOf $EstateAsOf -StorePath $store 3>$null | Out-Null
        Get-NhiReview -Name what -StorePath $store | Set-NhiReviewDecision Remove 'BI moved to the new warehouse, not needed' -StorePath $store -WhatIf
        (Get-NhiReview -Name what -StorePath $store).State | Should -Be 'Pending'
    }

    It 'refuses a blind keep of unused admin rights and records nothing; a keep that says why is recorded' {
        @($exporter) | New-NhiReview -Name blind -DueOn 2026-12-31 -ActivityPath $activity -AsOf $EstateAsOf -StorePath $store 3>$null | Out-Null
        $item = Get-NhiReview -Name blind -StorePath $store
        $item | Set-NhiReviewDecision Keep -DecidedBy 'owner@contoso.com' -StorePath $store -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Be 'NhiReviewBlindApproval,NhiTools.Commands.SetNhiReviewDecisionCommand'
        $e1[0].Exception.Message | Should -Match 'never used'
        $item | Set-NhiReviewDecision Keep 'still needed' -DecidedBy 'owner@contoso.com' -StorePath $store -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'NhiReviewBlindApproval,NhiTools.Commands.SetNhiReviewDecisionCommand'
        (Get-NhiReview -Name blind -StorePath $store).State | Should -Be 'Pending'
        $kept = $item | Set-NhiReviewDecision Keep 'Quarter-end restatement job needs IAM; rights cut after CHG-7001' -DecidedBy 'owner@contoso.com' -StorePath $store
        $kept.Decision | Should -Be 'Keep'
        $kept.DecidedBy | Should -Be 'owner@contoso.com'
        $kept.State | Should -Be 'Decided'
    }

    It 'keeps the decisions of two owners made in two processes, and the identity counts as reviewed' {
        @($others[0], $others[1]) | New-NhiReview -Name two -DueOn 2026-12-31 -AsOf $EstateAsOf -StorePath $store 3>$null | Out-Null
        $a = $others[0].Id; $b = $others[1].Id
        $p1 = Start-Job { param($m, $s, $id) Import-Module $m; Set-NhiReviewDecision -Review two -IdentityId $id -Decision Remove -Justification 'Replaced by the role; no use seen' -DecidedBy 'alice@contoso.com' -StorePath $s | Out-Null } -ArgumentList $ManifestPath, $store, $a
        $p2 = Start-Job { param($m, $s, $id) Import-Module $m; Set-NhiReviewDecision -Review two -IdentityId $id -Decision Reduce -Justification 'Drop s3:* and keep s3:GetObject on the bucket' -DecidedBy 'bob@contoso.com' -StorePath $s | Out-Null } -ArgumentList $ManifestPath, $store, $b
        $null = $p1, $p2 | Wait-Job | Receive-Job
        $items = Get-NhiReview -Name two -StorePath $store
        ($items | Where-Object IdentityId -eq $a).DecidedBy | Should -Be 'alice@contoso.com'
        ($items | Where-Object IdentityId -eq $a).Decision | Should -Be 'Remove'
        ($items | Where-Object IdentityId -eq $b).DecidedBy | Should -Be 'bob@contoso.com'
        ($items | Where-Object IdentityId -eq $b).Decision | Should -Be 'Reduce'
        (Get-NhiReview -Owner '*' -State Decided -StorePath $store).Count | Should -Be 2
        $reviewed = Get-NhiIdentity -Path $EstatePath -StorePath $store 3>$null | Where-Object Id -eq $a
        $reviewed.LastReviewedOn | Should -Not -BeNullOrEmpty
        $reviewed | Get-NhiFinding -Rule NHI-NOT-REVIEWED -StorePath $store | Should -BeNullOrEmpty
        $reviewed | Get-NhiFinding -Rule NHI-NOT-REVIEWED -AsOf ([datetime]::UtcNow.AddDays(200)) -StorePath $store | Should -Not -BeNullOrEmpty
    }

    It 'renders a campaign as one self-contained page per owner and a summary for the auditor' {
        @($exporter, $others[0]) | New-NhiReview -Name html -DueOn 2026-12-31 -ActivityPath $activity -AsOf $EstateAsOf -StorePath $store 3>$null | Out-Null
        Set-NhiReviewDecision -Review html -IdentityId $others[0].Id -Decision Remove -Justification 'Replaced by the role <svc-new>' -DecidedBy 'alice@contoso.com' -StorePath $store | Out-Null
        $out = Join-Path $TestDrive "pages-$([guid]::NewGuid().ToString('N'))"
        Export-NhiReport -Review html -Path $out -StorePath $store -WhatIf
        $out | Should -Not -Exist
        $files = Export-NhiReport -Review html -Path $out -StorePath $store -AsOf $EstateAsOf -PassThru
        $files.Name | Should -Contain 'index.html'
        @($files).Count | Should -BeGreaterOrEqual 2
        $index = Get-Content (Join-Path $out 'index.html') -Raw
        $index | Should -Match 'alice@contoso.com'
        $index | Should -Match 'Replaced by the role &lt;svc-new&gt;'
        foreach ($f in $files) { Get-Content $f.FullName -Raw | Should -Not -Match '<script|https?://' }
        $ownerPage = $files | Where-Object Name -like 'owner-*' | Select-Object -First 1
        $ownerPage | Should -Not -BeNullOrEmpty
        { Export-NhiReport -Review nope -Path $out -StorePath $store } | Should -Throw -ErrorId 'NhiReviewNotFound,NhiTools.Commands.ExportNhiReportCommand'
    }
}

AfterAll { Restore-NhiTestStore }
