BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $report = Join-Path $TestDrive 'report.csv'
    New-CredentialReport $report
}

Describe 'Set-NhiOwner on offline identities' {
    BeforeEach {
        $store = Join-Path $TestDrive "store-$([guid]::NewGuid().ToString('N')).db"
    }

    It 'keeps owners in the store, seen by the next Get-NhiIdentity' {
        Get-NhiIdentity -Path $report -Name svc-old -StorePath $store | Set-NhiOwner -Owner 'alice@contoso.com' -StorePath $store
        (Get-NhiIdentity -Path $report -Name svc-old -StorePath $store).Owners | Should -Be @('alice@contoso.com')
        (Get-NhiIdentity -Path $report -Owner 'alice*' -StorePath $store).Name | Should -Be 'svc-old'
        (Get-NhiIdentity -Path $report -Unowned -StorePath $store).Name | Should -Be 'svc-new'
    }

    It 'adds by default and replaces with -Replace' {
        $id = Get-NhiIdentity -Path $report -Name svc-new -StorePath $store
        $id = $id | Set-NhiOwner -Owner a@x.com -StorePath $store -PassThru
        $id = $id | Set-NhiOwner -Owner b@x.com, a@x.com -StorePath $store -PassThru
        $id.Owners | Should -Be @('a@x.com', 'b@x.com')
        ($id | Set-NhiOwner -Owner c@x.com -Replace -StorePath $store -PassThru).Owners | Should -Be @('c@x.com')
        (Get-NhiIdentity -Path $report -Name svc-new -StorePath $store).Owners | Should -Be @('c@x.com')
    }

    It 'writes nothing under -WhatIf' {
        Get-NhiIdentity -Path $report -Name svc-old -StorePath $store | Set-NhiOwner -Owner 'x@y.z' -StorePath $store -WhatIf
        $store | Should -Not -Exist
        (Get-NhiIdentity -Path $report -Name svc-old -StorePath $store).Owners | Should -BeNullOrEmpty
    }

    It 'is seen by another process using the same store' {
        $env:NHITOOLS_STORE = $store
        try {
            $set = Invoke-FreshPwsh "Get-NhiIdentity -Path '$report' -Name svc-old | Set-NhiOwner -Owner 'team-billing'"
            $set.ExitCode | Should -Be 0
            $get = Invoke-FreshPwsh "(Get-NhiIdentity -Path '$report' -Name svc-old).Owners"
            $get.Output.Trim() | Should -Be 'team-billing'
        }
        finally { $env:NHITOOLS_STORE = $TestStore }
    }

    It 'keeps every owner added by overlapping processes working from stale copies' {
        # 4 processes x 5 rounds, each adding its own owner to the copy it read once; all start together.
        $go = Join-Path $TestDrive "go-$([guid]::NewGuid().ToString('N'))"
        $workers = foreach ($p in 1..4) {
            $script = "`$ErrorActionPreference='Stop'; Import-Module '$ManifestPath'; " +
                "`$id = Get-NhiIdentity -Path '$report' -Name svc-old -StorePath '$store'; " +
                "while (-not (Test-Path '$go')) { Start-Sleep -Milliseconds 20 }; " +
                "foreach (`$r in 1..5) { `$id | Set-NhiOwner -Owner ""p$p-r`$r"" -StorePath '$store' }"
            Start-Process dotnet -ArgumentList @('pwsh', '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', $script) -PassThru `
                -RedirectStandardError (Join-Path $TestDrive "err-$p.txt") -RedirectStandardOutput (Join-Path $TestDrive "out-$p.txt")
        }
        Start-Sleep -Seconds 1
        $null = New-Item -ItemType File $go
        $workers | ForEach-Object { $_.WaitForExit() }
        $workers | ForEach-Object { $_.ExitCode | Should -Be 0 }
        $expected = foreach ($p in 1..4) { foreach ($r in 1..5) { "p$p-r$r" } }
        $owners = (Get-NhiIdentity -Path $report -Name svc-old -StorePath $store).Owners
        $owners.Count | Should -Be 20
        @($owners | Sort-Object) | Should -Be @($expected | Sort-Object)
    }

    It 'rejects an empty owner and changes nothing' {
        $id = Get-NhiIdentity -Path $report -Name svc-old -StorePath $store
        { $id | Set-NhiOwner -Owner '' -StorePath $store } | Should -Throw -ErrorId 'ParameterArgumentValidationError,NhiTools.Commands.SetNhiOwnerCommand'
        { $id | Set-NhiOwner -Owner '  ' -StorePath $store } | Should -Throw -ErrorId 'NhiInvalidOwner,NhiTools.Commands.SetNhiOwnerCommand'
        $store | Should -Not -Exist
    }

    It 'reports an unwritable store as NhiStoreUnavailable' {
        $dirAsFile = Join-Path $TestDrive 'adir'
        $null = New-Item -ItemType Directory $dirAsFile
        $id = Get-NhiIdentity -Path $report -Name svc-old -StorePath $store
        { $id | Set-NhiOwner -Owner 'x' -StorePath $dirAsFile } | Should -Throw -ErrorId 'NhiStoreUnavailable,NhiTools.Commands.SetNhiOwnerCommand'
    }
}

AfterAll { Restore-NhiTestStore }
