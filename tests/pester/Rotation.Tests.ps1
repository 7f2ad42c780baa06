BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $report = Join-Path $TestDrive 'report.csv'
    New-CredentialReport $report
    $env:NHITOOLS_STORE = Join-Path $TestDrive 'store.db'
}

Describe 'Test-NhiRotation' {
    It 'gives one status per credential from identities on the pipeline' {
        $statuses = Get-NhiIdentity -Path $report | Test-NhiRotation -AsOf '2026-11-01T00:00:00Z'
        $byName = $statuses | Group-Object IdentityName -AsHashTable
        $byName['svc-old'].Status | Should -Be 'Overdue'
        $byName['svc-new'].Status | Should -Be 'Compliant'
        [int]$byName['svc-old'].Age.TotalDays | Should -Be 518
        $byName['svc-old'].NeverExpires | Should -BeTrue
    }

    It 'takes credentials as well as identities' {
        $credentials = (Get-NhiIdentity -Path $report -Name svc-old).Credentials
        $status = $credentials | Test-NhiRotation -AsOf '2026-11-01'
        $status.CredentialType | Should -Be 'AccessKey'
        $status.Status | Should -Be 'Overdue'
    }

    It 'reads a bare number as days for -MaxAge' {
        $status = Get-NhiIdentity -Path $report -Name svc-old | Test-NhiRotation -MaxAge 600 -AsOf '2026-11-01'
        $status.Status | Should -Be 'Compliant'
    }

    It 'replays the same answer for the same -AsOf' {
        $a = Get-NhiIdentity -Path $report | Test-NhiRotation -AsOf '2026-11-01' | ForEach-Object Status
        $b = Get-NhiIdentity -Path $report | Test-NhiRotation -AsOf '2026-11-01' | ForEach-Object Status
        $a | Should -Be $b
        $later = Get-NhiIdentity -Path $report -Name svc-new | Test-NhiRotation -AsOf '2027-06-01'
        $later.Status | Should -Be 'Overdue'
    }

    It 'rejects a zero or negative -MaxAge at binding' {
        { Get-NhiIdentity -Path $report | Test-NhiRotation -MaxAge 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,NhiTools.Commands.TestNhiRotationCommand'
        { Get-NhiIdentity -Path $report | Test-NhiRotation -ExpiryWarning -5 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,NhiTools.Commands.TestNhiRotationCommand'
    }

    It 'writes a non-terminating NhiUnsupportedInput error for other objects' {
        $out = 'not an identity' | Test-NhiRotation -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NhiUnsupportedInput*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidType'
    }

    It 'prints the rotation table view by default' {
        $text = Get-NhiIdentity -Path $report | Test-NhiRotation -AsOf '2026-11-01' | Out-String -Width 200
        $text | Should -Match 'Status\s+Provider\s+IdentityName'
        $text | Should -Match 'Overdue'
    }
}

AfterAll { Restore-NhiTestStore }
