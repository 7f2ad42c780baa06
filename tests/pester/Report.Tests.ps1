BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $env:NHITOOLS_STORE = Join-Path $TestDrive 'store.db'
    $estate = Get-NhiIdentity -Path $EstatePath
    $repo = Join-Path $RepoRoot 'examples/repo'
    $expected = Get-Content (Join-Path $RepoRoot 'tests/NhiTools.Estate/secrets-expected.json') -Raw | ConvertFrom-Json
}

Describe 'Find-NhiSecret' {
    BeforeAll { $hits = Find-NhiSecret -Path $repo -Identity $estate }

    It 'finds every planted secret in the example repository, at its line' {
        @($hits).Count | Should -Be @($expected).Count
        foreach ($e in $expected) {
            $match = $hits | Where-Object { $_.Path -like "*$([IO.Path]::GetFileName($e.path))" -and $_.Line -eq $e.line }
            $match | Should -Not -BeNullOrEmpty -Because "$($e.path):$($e.line) holds a $($e.kind)"
        }
    }

    It 'links the planted keys to the identities they belong to' {
        foreach ($e in $expected | Where-Object identityId) {
            $match = $hits | Where-Object { $_.Path -like "*$([IO.Path]::GetFileName($e.path))" -and $_.Line -eq $e.line }
            $match.IdentityId | Should -Contain $e.identityId
        }
    }

    It 'never shows more than four characters of a value' {
        foreach ($h in $hits) {
            ($h.Masked -replace '\*|\(\d+\)$', '').Length | Should -BeLessOrEqual 4
            $h.Fingerprint | Should -Match '^[0-9a-f]{16}$'
        }
    }

    It 'writes SARIF 2.1.0' {
        $sarif = Find-NhiSecret -Path $repo -AsSarif | ConvertFrom-Json
        $sarif.version | Should -Be '2.1.0'
        @($sarif.runs[0].results).Count | Should -Be @($expected).Count
    }

    It 'binds paths from Get-ChildItem and reports a missing path' {
        @(Get-ChildItem $repo -Recurse -Filter '*.ps1' | Find-NhiSecret).Count | Should -Be @($expected | Where-Object path -like '*.ps1').Count
        $null = Find-NhiSecret -Path (Join-Path $TestDrive 'none') -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NhiPathNotFound*'
    }

    It 'turns hits into NHI-SECRET-EMBEDDED findings with -SecretScanPath' {
        $f = $estate | Get-NhiFinding -AsOf $EstateAsOf -Rule NHI-SECRET-EMBEDDED -SecretScanPath $repo
        @($f).Count | Should -Be @($expected).Count
        ($f | Where-Object IdentityId).IdentityId | Should -Contain (($expected | Where-Object identityId)[0].identityId)
        $f[0].Owasp | Should -Be 'NHI2'
    }
}

Describe 'Get-NhiAccessMap' {
    It 'draws Mermaid, DOT and JSON of the same graph' {
        $mermaid = $estate | Get-NhiAccessMap
        $mermaid | Should -Match '^(flowchart|graph) '
        ($estate | Get-NhiAccessMap -As Dot) | Should -Match '^\s*digraph'
        $json = $estate | Get-NhiAccessMap -As Json | ConvertFrom-Json
        @($json.nodes).Count | Should -BeGreaterThan @($estate).Count
        ($json.edges.kind | Sort-Object -Unique) | Should -Contain 'can-assume'
    }

    It 'is deterministic' {
        ($estate | Get-NhiAccessMap -As Dot) | Should -BeExactly ($estate | Sort-Object { Get-Random } | Get-NhiAccessMap -As Dot)
    }
}

Describe 'Export-NhiReport' {
    It 'writes one self-contained HTML file with the estate in it' {
        $file = $estate | Export-NhiReport -Path (Join-Path $TestDrive 'report.html') -AsOf $EstateAsOf -PassThru
        $file.Name | Should -Be 'report.html'
        $html = Get-Content $file -Raw
        $html | Should -Match 'svc-terraform'
        $html | Should -Match 'NHI-OVERPRIVILEGED'
        $html | Should -Not -Match '<script[^>]+src='
        $html | Should -Not -Match '<link[^>]+href="?https?:'
    }

    It 'picks the format from the extension' {
        $estate | Export-NhiReport -Path (Join-Path $TestDrive 'r.json') -AsOf $EstateAsOf
        (Get-Content (Join-Path $TestDrive 'r.json') -Raw | ConvertFrom-Json) | Should -Not -BeNullOrEmpty
        $estate | Export-NhiReport -Path (Join-Path $TestDrive 'r.sarif') -AsOf $EstateAsOf
        (Get-Content (Join-Path $TestDrive 'r.sarif') -Raw | ConvertFrom-Json).version | Should -Be '2.1.0'
        $estate | Export-NhiReport -Path (Join-Path $TestDrive 'r.csv') -AsOf $EstateAsOf
        (Import-Csv (Join-Path $TestDrive 'r.csv')).Count | Should -BeGreaterThan 100
    }

    It 'honours -Policy when it computes findings itself' {
        $policy = Join-Path $TestDrive 'lenient.psd1'
        '@{ DormantDays = 100000; RotationMaxAgeDays = 100000; UnusedCredentialDays = 100000; MaxLifetimeDays = 100000 }' | Set-Content $policy
        $estate | Export-NhiReport -Path (Join-Path $TestDrive 'default.sarif') -AsOf $EstateAsOf
        $estate | Export-NhiReport -Path (Join-Path $TestDrive 'lenient.sarif') -AsOf $EstateAsOf -Policy $policy
        $default = @((Get-Content (Join-Path $TestDrive 'default.sarif') -Raw | ConvertFrom-Json).runs[0].results).Count
        $lenient = @((Get-Content (Join-Path $TestDrive 'lenient.sarif') -Raw | ConvertFrom-Json).runs[0].results).Count
        $lenient | Should -BeLessThan $default
        $lenient | Should -Be @($estate | Get-NhiFinding -AsOf $EstateAsOf -Policy $policy).Count
    }

    It 'writes nothing under -WhatIf' {
        $target = Join-Path $TestDrive 'whatif.html'
        $estate | Export-NhiReport -Path $target -WhatIf
        $target | Should -Not -Exist
    }

    It 'refuses to overwrite with -NoClobber and to write into a missing folder' {
        $target = Join-Path $TestDrive 'keep.html'
        Set-Content $target 'mine'
        { $estate | Export-NhiReport -Path $target -NoClobber } | Should -Throw -ErrorId 'NhiFileExists,NhiTools.Commands.ExportNhiReportCommand'
        Get-Content $target | Should -Be 'mine'
        { $estate | Export-NhiReport -Path (Join-Path $TestDrive 'no/such/dir/r.html') } | Should -Throw -ErrorId 'NhiPathNotFound,NhiTools.Commands.ExportNhiReportCommand'
    }
}

AfterAll { Restore-NhiTestStore }
