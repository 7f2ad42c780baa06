BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $report = Join-Path $TestDrive 'report.csv'
    New-CredentialReport $report
    $oldId = 'aws:arn:aws:iam::123456789012:user/svc-old'
    $asOf = [datetime]::new(2026, 11, 1, 0, 0, 0, [DateTimeKind]::Utc)
    # Exceptions must end in the future (of the real clock) when they are added.
    $ends = [datetime]::UtcNow.Date.AddDays(60)
}

Describe 'Add-NhiException, Get-NhiException, Remove-NhiException and suppressed findings' {
    BeforeEach {
        $store = Join-Path $TestDrive "store-$([guid]::NewGuid().ToString('N')).db"
    }

    It 'takes findings from the pipeline; covered findings are kept but Suppressed and hidden by default' {
        $before = @(Get-NhiIdentity -Path $report -StorePath $store | Get-NhiFinding -AsOf $asOf -Rule NHI-ROTATION-OVERDUE -StorePath $store | Where-Object IdentityId -eq $oldId)
        $before.Count | Should -Be 1
        $e = $before | Add-NhiException -Reason 'Vendor appliance, CHG-2211' -ExpiresOn $ends -ApprovedBy 'ciso@contoso.com' -StorePath $store
        $e | Should -BeOfType NhiTools.Exemption
        $e.Id | Should -BeGreaterThan 0
        $e.Rule | Should -Be 'NHI-ROTATION-OVERDUE'
        $e.IdentityId | Should -Be $oldId
        $e.State | Should -Be 'Active'

        $open = @(Get-NhiIdentity -Path $report -StorePath $store | Get-NhiFinding -AsOf $asOf -StorePath $store | Where-Object IdentityId -eq $oldId)
        $open.Rule | Should -Not -Contain 'NHI-ROTATION-OVERDUE'
        $all = @(Get-NhiIdentity -Path $report -StorePath $store | Get-NhiFinding -AsOf $asOf -StorePath $store -IncludeSuppressed | Where-Object IdentityId -eq $oldId)
        $hidden = @($all | Where-Object Rule -eq 'NHI-ROTATION-OVERDUE')
        $hidden.Count | Should -Be 1
        $hidden[0].Suppressed | Should -BeTrue
        $hidden[0].Exception | Should -Match 'ciso@contoso.com'
        $hidden[0].Exception | Should -Match 'CHG-2211'
        @($all | Where-Object Suppressed).Count | Should -Be 1
    }

    It 're-opens the finding once the exception has ended at -AsOf' {
        Add-NhiException -Rule NHI-ROTATION-OVERDUE -Identity $oldId -Reason 'Vendor appliance' -ExpiresOn $ends -ApprovedBy 'ciso@contoso.com' -StorePath $store | Out-Null
        # Still live on its last day (a date covers the whole day), ended the day after.
        $lastDay = $ends.AddHours(23)
        $f = @(Get-NhiIdentity -Path $report -StorePath $store | Get-NhiFinding -AsOf $lastDay -Rule NHI-ROTATION-OVERDUE -StorePath $store | Where-Object IdentityId -eq $oldId)
        $f.Count | Should -Be 0
        $after = $ends.AddDays(1)
        $f = @(Get-NhiIdentity -Path $report -StorePath $store | Get-NhiFinding -AsOf $after -Rule NHI-ROTATION-OVERDUE -StorePath $store | Where-Object IdentityId -eq $oldId)
        $f.Count | Should -Be 1
        $f[0].Suppressed | Should -BeFalse
        $f[0].Exception | Should -Match '^expired: '
        $f[0].ExceptionExpiresOn | Should -Be $ends
        $f[0].Evidence | Should -Match 'open again'
        (Get-NhiException -StorePath $store -AsOf $after).State | Should -Be 'Expired'
        (Get-NhiException -StorePath $store).State | Should -Be 'Active'
        @(Get-NhiException -StorePath $store -AsOf $after -State Active).Count | Should -Be 0
    }

    It 'refuses an exception without an approver, reason, rule or a future end, and writes nothing' {
        Add-NhiException -Rule NHI-ROTATION-OVERDUE -Identity $oldId -Reason 'r' -ExpiresOn $ends -ApprovedBy '' -StorePath $store -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Be 'NhiExceptionInvalid,NhiTools.Commands.AddNhiExceptionCommand'
        $e1[0].Exception.Message | Should -Match 'approver'
        Add-NhiException -Rule NHI-ROTATION-OVERDUE -Identity $oldId -Reason ' ' -ExpiresOn $ends -ApprovedBy 'x' -StorePath $store -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'NhiExceptionInvalid,NhiTools.Commands.AddNhiExceptionCommand'
        Add-NhiException -Rule NHI-NOPE -Identity $oldId -Reason 'r' -ExpiresOn $ends -ApprovedBy 'x' -StorePath $store -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -Be 'NhiExceptionInvalid,NhiTools.Commands.AddNhiExceptionCommand'
        Add-NhiException -Rule NHI-ROTATION-OVERDUE -Identity $oldId -Reason 'r' -ExpiresOn '2020-01-01' -ApprovedBy 'x' -StorePath $store -ErrorVariable e4 -ErrorAction SilentlyContinue
        $e4[0].Exception.Message | Should -Match 'has passed'
        $store | Should -Not -Exist
        # No end date at all: refused by the shell (mandatory), never an open-ended exception.
        $r = Invoke-FreshPwsh "Add-NhiException -Rule NHI-ROTATION-OVERDUE -Identity '$oldId' -Reason r -ApprovedBy x -StorePath '$store'"
        $r.ExitCode | Should -Not -Be 0
        $r.Output | Should -Match 'ExpiresOn'
        $store | Should -Not -Exist
    }

    It 'writes nothing under -WhatIf' {
        Add-NhiException -Rule NHI-ROTATION-OVERDUE -Identity $oldId -Reason 'r' -ExpiresOn $ends -ApprovedBy 'x' -StorePath $store -WhatIf
        $store | Should -Not -Exist
        $e = Add-NhiException -Rule NHI-ROTATION-OVERDUE -Identity $oldId -Reason 'r' -ExpiresOn $ends -ApprovedBy 'x' -StorePath $store
        $e | Remove-NhiException -StorePath $store -WhatIf
        @(Get-NhiException -StorePath $store).Count | Should -Be 1
    }

    It 'persists across processes, and removal (from the pipeline) re-opens the finding' {
        $r = Invoke-FreshPwsh "Add-NhiException -Rule NHI-ROTATION-OVERDUE -Identity '$oldId' -Reason 'in another process' -ExpiresOn '$($ends.ToString('yyyy-MM-dd'))' -ApprovedBy 'ciso@contoso.com' -StorePath '$store' | Out-Null"
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $e = Get-NhiException -StorePath $store -Identity $oldId
        $e.Reason | Should -Be 'in another process'
        $e.CreatedBy | Should -Not -BeNullOrEmpty
        Get-NhiException -StorePath $store | Remove-NhiException -StorePath $store -Confirm:$false
        Get-NhiException -StorePath $store | Should -BeNullOrEmpty
        Remove-NhiException -Id 99 -StorePath $store -ErrorVariable nf -ErrorAction SilentlyContinue
        $nf[0].FullyQualifiedErrorId | Should -Be 'NhiExceptionNotFound,NhiTools.Commands.RemoveNhiExceptionCommand'
    }

    It 'reads exceptions from the policy file and reports when they have become the norm' {
        $policy = Join-Path $TestDrive 'policy.psd1'
        @"
@{
    Exceptions = @(
        @{ Rule = 'NHI-ROTATION-OVERDUE'; Identity = 'aws:arn:aws:iam::123456789012:user/svc-*'; Reason = 'Legacy batch, CHG-1'; ExpiresOn = '2026-12-31'; ApprovedBy = 'ciso@contoso.com' }
    )
}
"@ | Set-Content $policy
        $f = @(Get-NhiIdentity -Path $report -StorePath $store | Get-NhiFinding -AsOf $asOf -Policy $policy -StorePath $store -IncludeSuppressed)
        @($f | Where-Object { $_.Rule -eq 'NHI-ROTATION-OVERDUE' -and $_.IdentityId -eq $oldId }).Suppressed | Should -BeTrue
        $norm = @($f | Where-Object Rule -eq 'NHI-EXCEPTION-NORM')
        $norm.Count | Should -Be 1
        $norm[0].IdentityName | Should -Be 'NHI-ROTATION-OVERDUE'
        $norm[0].Evidence | Should -Match '20%'
        (Get-NhiException -Policy $policy -StorePath $store -AsOf $asOf).Source | Should -Be $policy
        (Get-NhiException -Policy $policy -StorePath $store -AsOf '2027-01-01').State | Should -Be 'Expired'

        @"
@{ Exceptions = @( @{ Rule = 'NHI-ROTATION-OVERDUE'; Identity = '$oldId'; Reason = 'forever'; ApprovedBy = 'x' } ) }
"@ | Set-Content $policy
        { Get-NhiIdentity -Path $report -StorePath $store | Get-NhiFinding -AsOf $asOf -Policy $policy -StorePath $store } |
            Should -Throw -ErrorId 'NhiPolicyInvalid,NhiTools.Commands.GetNhiFindingCommand'
    }
}

AfterAll { Restore-NhiTestStore }
