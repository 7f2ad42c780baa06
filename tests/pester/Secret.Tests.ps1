BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $env:NHITOOLS_STORE = Join-Path $TestDrive 'store.db'
    # Fake AWS key ids made at test time (nothing key-shaped is committed).
    function New-FakeKeyId { 'AKIA' + -join (1..16 | ForEach-Object { 'ABCDEFGHJKLMNPQRSTUVWXYZ234567'[(Get-Random -Maximum 30)] }) }
}

Describe 'Find-NhiSecret never aborts a scan' {
    BeforeAll {
        $tree = Join-Path $TestDrive 'odd'
        $null = New-Item -ItemType Directory -Path $tree
        $key = New-FakeKeyId
        Set-Content -Path (Join-Path $tree 'a-key.ps1') -Value "`$AccessKeyId = '$key'"
        Set-Content -Path (Join-Path $tree '__init__.py') -Value '' -NoNewline
        Set-Content -Path (Join-Path $tree 'empty.json') -Value '[]' -NoNewline
        foreach ($len in 1..31) { Set-Content -Path (Join-Path $tree "short$len.txt") -Value ('Q~xoxb-eyJpassword=AKIA0123456789'.Substring(0, $len)) -NoNewline }
        [IO.File]::WriteAllBytes((Join-Path $tree 'blob.bin'), [byte[]](0, 1, 2, 255, 0, 80, 75))
        [IO.File]::WriteAllBytes((Join-Path $tree 'bad-utf8.txt'), [byte[]](0xC3, 0x28, 0xFF, 0xE2, 0x82, 0x0A) + [Text.Encoding]::ASCII.GetBytes("id=$key"))
        Set-Content -Path (Join-Path $tree 'huge.min.js') -Value (('token=a password: Key= Q~ eyJhbGc ' * 60000) + "k='$key'") -NoNewline
    }

    It 'scans every odd file and still reports the keys beside them, with no error' {
        $hits = @(Find-NhiSecret -Path $tree -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs | Should -BeNullOrEmpty
        @($hits | Where-Object Kind -eq 'AwsAccessKeyId' | ForEach-Object { Split-Path $_.Path -Leaf } | Sort-Object) |
            Should -Be @('a-key.ps1', 'bad-utf8.txt', 'huge.min.js')
    }

    It 'turns an unreadable file into one error record and scans the rest' {
        $locked = Join-Path $TestDrive 'locked.txt'
        Set-Content -Path $locked -Value "x = '$key'"
        if ($IsLinux -and [Environment]::UserName -eq 'root') { $locked = '/proc/self/mem' }   # root reads any mode; this fails with EIO
        elseif ($IsWindows) { Set-ItResult -Skipped -Because 'no chmod on Windows' ; return }
        else { chmod 000 $locked }
        $hits = @(Find-NhiSecret -Path (Join-Path $tree 'a-key.ps1'), $locked -ErrorVariable errs -ErrorAction SilentlyContinue)
        $hits.Count | Should -Be 1
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'SecretScanFileUnreadable*'
    }
}
