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

Describe 'Find-NhiSecret -History' {
    BeforeAll {
        $repo = Join-Path $TestDrive 'repo'
        $null = New-Item -ItemType Directory -Path $repo
        function Invoke-Git { & git -C $repo -c user.name='Build Bot' -c user.email='bot@example.invalid' -c commit.gpgsign=false @args 2>&1; if ($LASTEXITCODE) { throw "git $args failed" } }
        $env:GIT_AUTHOR_DATE = $env:GIT_COMMITTER_DATE = '2026-03-01T10:00:00+00:00'
        Invoke-Git init -q -b main
        $key = New-FakeKeyId
        Set-Content -Path (Join-Path $repo 'deploy.ps1') -Value "# deploy`n`$AccessKeyId = '$key'"
        Invoke-Git add -A
        Invoke-Git commit -q -m 'add deploy script'
        $leaked = (Invoke-Git rev-parse HEAD | Out-String).Trim()
        Set-Content -Path (Join-Path $repo 'deploy.ps1') -Value "# deploy`n`$AccessKeyId = `$env:AWS_ACCESS_KEY_ID"
        Invoke-Git add -A
        Invoke-Git commit -q -m 'read the key from the environment'
        Remove-Item Env:GIT_AUTHOR_DATE, Env:GIT_COMMITTER_DATE
        $identity = [NhiTools.Identity]@{ Id = 'aws:arn:aws:iam::111122223333:user/svc-deploy'; Provider = 'Aws'; Kind = 'IamUser'
            Credentials = [NhiTools.Credential[]]@([NhiTools.Credential]@{ Id = $key; Type = 'AccessKey' }) }
    }

    It 'finds nothing in the working tree: the key was removed' {
        @(Find-NhiSecret -Path $repo).Count | Should -Be 0
    }

    It 'still reports the removed key from history, with its commit, author and date, not in the working tree, linked to its user' {
        $hits = @(Find-NhiSecret -Path $repo -History -Identity $identity)
        $hits.Count | Should -Be 1
        $hits[0].Kind | Should -Be 'AwsAccessKeyId'
        $hits[0].Path | Should -Be 'deploy.ps1'
        $hits[0].Line | Should -Be 2
        $hits[0].Commit | Should -Be $leaked
        $hits[0].Author | Should -Be 'Build Bot <bot@example.invalid>'
        $hits[0].CommitDate | Should -Be ([datetimeoffset]'2026-03-01T10:00:00+00:00')
        $hits[0].InWorkingTree | Should -BeFalse
        $hits[0].IdentityId | Should -Be 'aws:arn:aws:iam::111122223333:user/svc-deploy'
        ($hits | ConvertTo-Json -Depth 3) | Should -Not -Match $key
    }

    It 'says clearly when the folder is not a git repository' {
        { Find-NhiSecret -Path $TestDrive -History -ErrorAction Stop } | Should -Throw -ErrorId 'SecretScanNotGitRepository*'
    }
}

AfterAll { Restore-NhiTestStore }
