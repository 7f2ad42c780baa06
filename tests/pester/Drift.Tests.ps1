BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force

    # Reads an export, lets $Edit change it, writes it back: dates stay the strings they were.
    function Edit-Json([string] $Path, [scriptblock] $Edit) {
        $json = Get-Content $Path -Raw | ConvertFrom-Json -AsHashtable -DateKind String
        & $Edit $json
        $json | ConvertTo-Json -Depth 100 | Set-Content $Path
    }

    # The example estate as it was, then a copy changed the way a week of real operations changes it.
    $baseline = Join-Path $TestDrive 'baseline'
    Copy-Item $EstatePath $baseline -Recurse
    $today = Join-Path $TestDrive 'today'
    Copy-Item $EstatePath $today -Recurse
    $prod = Join-Path $today 'aws/111122223333'

    # 1. Someone attached AdministratorAccess to svc-report-export.
    Edit-Json (Join-Path $prod 'authorization-details.json') {
        param($d)
        $user = $d.UserDetailList | Where-Object UserName -eq 'svc-report-export'
        $user.AttachedManagedPolicies = @($user.AttachedManagedPolicies) + @{ PolicyName = 'AdministratorAccess'; PolicyArn = 'arn:aws:iam::aws:policy/AdministratorAccess' }
        # 2. ...and removed the owner tag of svc-legacy-etl.
        $etl = $d.UserDetailList | Where-Object UserName -eq 'svc-legacy-etl'
        $etl.Tags = @($etl.Tags | Where-Object Key -ne 'owner')
    }

    # 3. svc-payments' older key was rotated: deleted, a new one created (list-access-keys and the credential report).
    Edit-Json (Join-Path $prod 'access-keys/svc-payments.json') {
        param($d)
        $d.AccessKeyMetadata = @(
            $d.AccessKeyMetadata | Where-Object AccessKeyId -ne 'AKIAYOC736Y4SPHSU64G'
            [ordered]@{ UserName = 'svc-payments'; AccessKeyId = 'AKIAZ2ROTATEDNEWKEY7'; Status = 'Active'; CreateDate = '2026-10-30T10:00:00+00:00' }
        )
    }
    $report = Join-Path $prod 'credential-report.csv'
    $lines = Get-Content $report
    $lines = $lines | ForEach-Object {
        if ($_ -like 'svc-payments,*') {
            'svc-payments,arn:aws:iam::111122223333:user/svc-payments,2021-06-07T09:00:00+00:00,false,N/A,N/A,N/A,false,true,2026-09-28T14:00:00+00:00,2026-10-31T22:05:00+00:00,us-east-1,dynamodb,true,2026-10-30T10:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A'
        }
        else { $_ }
    }
    $lines | Set-Content $report

    # 4. The app registration app-quotes-api was deleted (its service principal goes with it).
    $quotesAppId = 'b719d6d9-64ae-4d20-9519-87ff5ae51cca'
    Edit-Json (Join-Path $today 'entra/applications-002.json') { param($d) $d.value = @($d.value | Where-Object appId -ne $quotesAppId) }
    Edit-Json (Join-Path $today 'entra/servicePrincipals-002.json') { param($d) $d.value = @($d.value | Where-Object appId -ne $quotesAppId) }

    function New-Store { Join-Path $TestDrive "store-$([guid]::NewGuid().ToString('N')).db" }
}

Describe 'Save-NhiSnapshot and Compare-NhiSnapshot on the example estate' {
    BeforeAll {
        $store = New-Store
        Get-NhiIdentity -Path $baseline -StorePath $store -WarningAction SilentlyContinue | Save-NhiSnapshot -Name baseline -AsOf $EstateAsOf -StorePath $store
        $changes = @(Get-NhiIdentity -Path $today -StorePath $store -WarningAction SilentlyContinue | Compare-NhiSnapshot -Reference baseline -StorePath $store)
    }

    It 'records the estate' {
        $snapshot = Get-NhiSnapshot -StorePath $store
        $snapshot.Name | Should -Be 'baseline'
        $snapshot.TakenOn | Should -Be $EstateAsOf
        $snapshot.IdentityCount | Should -Be @(Get-NhiIdentity -Path $EstatePath -StorePath $store -WarningAction SilentlyContinue).Count
        $snapshot.Source | Should -Match '^Aws: \d+, Entra: \d+, KeyVault: \d+$'
    }

    It 'finds exactly the four changes made, and nothing else' {
        $changes | ForEach-Object { "$($_.IdentityName) | $($_.Property) | $($_.Change) | $($_.Detail)" } | Sort-Object |
            Should -Be @(
                'app-quotes-api | Identity | Removed | gone: Application app-quotes-api (1 credential, 4 permissions, owned by rupert.garcia@contoso.com)'
                'svc-legacy-etl | Owners | Removed | owner removed: data-team@contoso.com'
                'svc-payments | Credentials | Modified | rotated: AKIAYOC736Y4SPHSU64G replaced by AKIAZ2ROTATEDNEWKEY7'
                'svc-report-export | Permissions | Added | gained AdministratorAccess (ManagedPolicy) [admin]'
            )
    }

    It 'fills every property of a change' {
        $gained = $changes | Where-Object Property -eq Permissions
        $gained.IdentityId | Should -Be 'aws:arn:aws:iam::111122223333:user/svc-report-export'
        $gained.Provider | Should -Be 'Aws'
        $gained.Before | Should -BeNullOrEmpty
        $gained.After | Should -Be 'AdministratorAccess (ManagedPolicy) [admin]'
        $gained.ReferenceSnapshot | Should -Be 'baseline'
        $gained.DifferenceSnapshot | Should -BeNullOrEmpty
        $gained | Should -BeOfType ([NhiTools.IdentityChange])
        ($changes | Where-Object Property -eq Credentials).After | Should -Be 'AKIAZ2ROTATEDNEWKEY7 (AccessKey, created 2026-10-30)'
    }

    It 'finds no change when nothing changed' {
        @(Get-NhiIdentity -Path $baseline -StorePath $store -WarningAction SilentlyContinue | Compare-NhiSnapshot -StorePath $store) | Should -HaveCount 0
    }

    It 'compares two saved snapshots, by default the last two' {
        Get-NhiIdentity -Path $today -StorePath $store -WarningAction SilentlyContinue | Save-NhiSnapshot -Name today -AsOf $EstateAsOf.AddDays(7) -StorePath $store -PassThru |
            Select-Object -ExpandProperty IdentityCount | Should -Be ((Get-NhiSnapshot baseline -StorePath $store).IdentityCount - 1)
        $saved = @(Compare-NhiSnapshot -StorePath $store)
        $saved | Should -HaveCount 4
        ($saved | Sort-Object Detail | ForEach-Object Detail) | Should -Be ($changes | Sort-Object Detail | ForEach-Object Detail)
        $saved[0].DifferenceSnapshot | Should -Be 'today'
        @(Compare-NhiSnapshot -Reference today -Difference baseline -StorePath $store | Where-Object Property -eq Permissions).Detail |
            Should -Be 'lost AdministratorAccess (ManagedPolicy) [admin]'
        $id = (Get-NhiSnapshot baseline -StorePath $store).Id
        @(Compare-NhiSnapshot -Reference $id -StorePath $store) | Should -HaveCount 4
        @(Compare-NhiSnapshot -Reference (Get-NhiSnapshot baseline -StorePath $store) -Difference today -StorePath $store) | Should -HaveCount 4
    }

    It 'shows the changes as a table' {
        $text = $changes | Out-String -Width 200
        $text | Should -Match 'Change\s+Property\s+Provider\s+IdentityName\s+Detail'
        $text | Should -Match 'Added\s+Permissions\s+Aws\s+svc-report-export\s+gained AdministratorAccess'
    }
}

Describe 'Snapshots in the store' {
    BeforeEach { $store = New-Store }

    It 'writes nothing under -WhatIf, not even the store file' {
        Get-NhiIdentity -Path $baseline -StorePath $store -WarningAction SilentlyContinue | Save-NhiSnapshot -Name baseline -StorePath $store -WhatIf
        $store | Should -Not -Exist
        Get-NhiSnapshot -StorePath $store | Should -BeNullOrEmpty
        $store | Should -Not -Exist
    }

    It 'refuses an existing name unless -Force, and changes nothing' {
        $ids = Get-NhiIdentity -Path $baseline -Provider KeyVault -StorePath $store -WarningAction SilentlyContinue
        $ids | Save-NhiSnapshot -Name s1 -StorePath $store
        { $ids | Select-Object -First 1 | Save-NhiSnapshot -Name S1 -StorePath $store } | Should -Throw -ErrorId 'NhiSnapshotExists,NhiTools.Commands.SaveNhiSnapshotCommand'
        (Get-NhiSnapshot s1 -StorePath $store).IdentityCount | Should -Be $ids.Count
        ($ids | Select-Object -First 1 | Save-NhiSnapshot -Name s1 -Force -StorePath $store -PassThru).IdentityCount | Should -Be 1
        @(Get-NhiSnapshot -StorePath $store) | Should -HaveCount 1
    }

    It 'names a snapshot by its -AsOf when no name is given' {
        $info = Get-NhiIdentity -Path $baseline -Provider KeyVault -StorePath $store -WarningAction SilentlyContinue | Save-NhiSnapshot -AsOf ([datetime]'2026-11-01') -StorePath $store -PassThru
        $info.Name | Should -Be '2026-11-01T00:00:00Z'
        $info.TakenOn.Kind | Should -Be 'Utc'
    }

    It 'reports unknown and bad names with stable error ids, listing the snapshots there are' {
        Get-NhiIdentity -Path $baseline -Provider KeyVault -StorePath $store -WarningAction SilentlyContinue | Save-NhiSnapshot -Name baseline -StorePath $store
        $err = { Compare-NhiSnapshot -Reference nope -StorePath $store } | Should -Throw -ErrorId 'NhiSnapshotNotFound,NhiTools.Commands.CompareNhiSnapshotCommand' -PassThru
        $err.Exception.Message | Should -Match "'nope'.*Snapshots there: baseline\."
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        { Compare-NhiSnapshot -Difference nope -StorePath $store } | Should -Throw -ErrorId 'NhiSnapshotNotFound,NhiTools.Commands.CompareNhiSnapshotCommand'
        # One snapshot only: nothing to compare it with.
        { Compare-NhiSnapshot -StorePath $store } | Should -Throw -ErrorId 'NhiSnapshotNotFound,NhiTools.Commands.CompareNhiSnapshotCommand'
        { Get-NhiIdentity -Path $baseline -Provider KeyVault  -WarningAction SilentlyContinue| Compare-NhiSnapshot -Difference baseline -StorePath $store } | Should -Throw -ErrorId 'NhiConflictingParameters,NhiTools.Commands.CompareNhiSnapshotCommand'
        { Get-NhiIdentity -Path $baseline -Provider KeyVault  -WarningAction SilentlyContinue| Save-NhiSnapshot -Name 'daily-*' -StorePath $store } | Should -Throw -ErrorId 'NhiInvalidSnapshotName,NhiTools.Commands.SaveNhiSnapshotCommand'
        Get-NhiSnapshot nope -StorePath $store -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'NhiSnapshotNotFound,NhiTools.Commands.GetNhiSnapshotCommand'
        Get-NhiSnapshot 'no*' -StorePath $store -ErrorVariable e2 | Should -BeNullOrEmpty
        $e2 | Should -BeNullOrEmpty
        @(Get-NhiSnapshot -StorePath $store) | Should -HaveCount 1
    }

    It 'says there are no snapshots when the store does not exist, and does not create it' {
        $err = { Get-NhiIdentity -Path $baseline -Provider KeyVault  -WarningAction SilentlyContinue| Compare-NhiSnapshot -StorePath $store } | Should -Throw -ErrorId 'NhiSnapshotNotFound,NhiTools.Commands.CompareNhiSnapshotCommand' -PassThru
        $err.Exception.Message | Should -Match 'holds no snapshot'
        $store | Should -Not -Exist
    }

    It 'removes snapshots by name or from Get-NhiSnapshot, honouring -WhatIf' {
        $ids = Get-NhiIdentity -Path $baseline -Provider KeyVault -StorePath $store -WarningAction SilentlyContinue
        foreach ($n in 'daily-1', 'daily-2', 'keep') { $ids | Save-NhiSnapshot -Name $n -StorePath $store }
        Remove-NhiSnapshot 'daily-*' -StorePath $store -WhatIf
        @(Get-NhiSnapshot -StorePath $store) | Should -HaveCount 3
        (Get-NhiSnapshot 'daily-*' -StorePath $store | Remove-NhiSnapshot -Confirm:$false -PassThru).Name | Should -Be @('daily-1', 'daily-2')
        (Get-NhiSnapshot -StorePath $store).Name | Should -Be 'keep'
        Remove-NhiSnapshot gone -StorePath $store -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'NhiSnapshotNotFound,NhiTools.Commands.RemoveNhiSnapshotCommand'
        (Get-NhiSnapshot -StorePath $store).Name | Should -Be 'keep'
    }

    It 'saves in one process and compares in another' {
        $env:NHITOOLS_STORE = $store
        try {
            $save = Invoke-FreshPwsh "Get-NhiIdentity -Path '$baseline' -WarningAction SilentlyContinue | Save-NhiSnapshot -Name baseline -AsOf '2026-11-01'"
            $save.ExitCode | Should -Be 0 -Because $save.Output
            $compare = Invoke-FreshPwsh "Get-NhiIdentity -Path '$today' -WarningAction SilentlyContinue | Compare-NhiSnapshot -Reference baseline | Sort-Object Detail | ForEach-Object Detail"
            $compare.ExitCode | Should -Be 0 -Because $compare.Output
            ($compare.Output.Trim() -split '\r?\n') | Should -Be @(
                'gained AdministratorAccess (ManagedPolicy) [admin]'
                'gone: Application app-quotes-api (1 credential, 4 permissions, owned by rupert.garcia@contoso.com)'
                'owner removed: data-team@contoso.com'
                'rotated: AKIAYOC736Y4SPHSU64G replaced by AKIAZ2ROTATEDNEWKEY7'
            )
        }
        finally { $env:NHITOOLS_STORE = $TestStore }
    }
}

AfterAll { Restore-NhiTestStore }
