# Connect-NhiAws / Get-NhiIdentity -Provider Aws / Set-NhiOwner against the IAM lab (standalone host, signatures checked).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force

    $script:SeedPath = Join-Path $RepoRoot 'tests/NhiTools.Aws.Tests/TestData/estate-aws'
    $hostProject = Join-Path $RepoRoot 'tests/NhiTools.Labs.Host/NhiTools.Labs.Host.csproj'
    $hostOut = Join-Path $TestDrive 'labhost'
    & dotnet build $hostProject -c Debug -o $hostOut --nologo -v q | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "Building the lab host failed ($LASTEXITCODE)." }

    $basePort = Get-Random -Minimum 20000 -Maximum 40000
    $script:IamUrl = "http://127.0.0.1:$($basePort + 1)"
    $script:LabProcess = Start-Process dotnet -PassThru -NoNewWindow `
        -ArgumentList (Join-Path $hostOut 'NhiTools.Labs.Host.dll'), '--port', $basePort, '--seed-path', $SeedPath `
        -RedirectStandardOutput (Join-Path $TestDrive 'lab.out') -RedirectStandardError (Join-Path $TestDrive 'lab.err')
    $deadline = [datetime]::UtcNow.AddSeconds(60)
    while ($true) {
        try { $null = Invoke-RestMethod "$IamUrl/_lab/log"; break }
        catch {
            if ($LabProcess.HasExited -or [datetime]::UtcNow -gt $deadline) { throw "The lab did not start: $(Get-Content (Join-Path $TestDrive 'lab.err') -Raw)" }
            Start-Sleep -Milliseconds 200
        }
    }

    # The lab's fixed root key, read by AWSSDK.Core's default credential chain (environment variables).
    $script:LabSecret = 'NhiToolsLabAdminSecretKeyForLoopbackOnly'
    $env:AWS_ACCESS_KEY_ID = 'AKIANHITOOLSLABADMIN'
    $env:AWS_SECRET_ACCESS_KEY = $LabSecret

    function Get-LabLog { (Invoke-RestMethod "$IamUrl/_lab/log").entries }
    function Clear-LabLog { $null = Invoke-RestMethod -Method Delete "$IamUrl/_lab/log" }
    # Everything but where it was read from (the seed files vs the live endpoint).
    function ConvertTo-Comparable($Identity) {
        $Identity | Select-Object -Property * -ExcludeProperty Source, ServicesLastAccessed | ConvertTo-Json -Depth 6 -Compress
    }
}

AfterAll {
    Restore-NhiTestStore
    Disconnect-NhiAws -ErrorAction SilentlyContinue
    Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY -ErrorAction SilentlyContinue
    if ($script:LabProcess -and -not $script:LabProcess.HasExited) { Stop-Process -Id $script:LabProcess.Id }
}

Describe 'Connect-NhiAws against the IAM lab' {
    It 'connects with the default credential chain and names the account' {
        $info = Connect-NhiAws -Endpoint $IamUrl
        $info | Should -BeOfType ([NhiTools.AwsConnectionInfo])
        $info.Accounts.AccountId | Should -Be '123456789012'
        $info.Accounts.CallerArn | Should -Be 'arn:aws:iam::123456789012:root'
        $info.Accounts.Via | Should -Be 'default chain'
        $info.OwnerTagKey | Should -Be 'owner'
    }

    It 'returns the same users, keys, roles and owners as the seed files read offline' {
        Connect-NhiAws -Endpoint $IamUrl | Out-Null
        Clear-LabLog
        $live = @(Get-NhiIdentity -Provider Aws -IncludeHuman | Where-Object Kind -ne RootAccount | Sort-Object Id)
        $offline = @(Get-NhiIdentity -Path $SeedPath -IncludeHuman -StorePath (Join-Path $TestDrive 'empty.db') | Sort-Object Id)
        $live.Count | Should -Be $offline.Count
        $live.Count | Should -BeGreaterThan 5
        for ($i = 0; $i -lt $live.Count; $i++) {
            ConvertTo-Comparable $live[$i] | Should -Be (ConvertTo-Comparable $offline[$i])
        }
        $live.Source | Sort-Object -Unique | Should -Be "live:aws:$IamUrl/"
        $live.Account | Sort-Object -Unique | Should -Be '123456789012'
        (Get-LabLog | Where-Object Status -eq 403) | Should -BeNullOrEmpty
        (Get-LabLog | Where-Object IsWrite) | Should -BeNullOrEmpty
    }

    It 'reports the root account''s access key and leaves people out unless asked' {
        $ids = Get-NhiIdentity -Provider Aws
        ($ids | Where-Object Kind -eq RootAccount).Credentials.Count | Should -Be 1
        $ids.Name | Should -Not -Contain 'alice'
        (Get-NhiIdentity -Provider Aws -IncludeHuman -Name alice).Kind | Should -Be 'Human'
    }

    It 'adds Access Advisor data with -IncludeActivity' {
        $deploy = Get-NhiIdentity -Provider Aws -Name svc-deploy -IncludeActivity
        $deploy.ServicesLastAccessed.ServiceNamespace | Should -Contain 'cloudformation'
        (Get-NhiIdentity -Provider Aws -Name svc-deploy).ServicesLastAccessed | Should -BeNullOrEmpty
    }

    It 'sends no write under -WhatIf' {
        $id = Get-NhiIdentity -Provider Aws -Name svc-deploy
        Clear-LabLog
        $id | Set-NhiOwner -Owner 'ops@example.com' -WhatIf
        @(Get-LabLog | Where-Object IsWrite).Count | Should -Be 0
        (Get-NhiIdentity -Provider Aws -Name svc-deploy).Owners | Should -BeNullOrEmpty
    }

    It 'writes the owner tag with Set-NhiOwner and reads it back' {
        Clear-LabLog
        Get-NhiIdentity -Provider Aws -Name svc-deploy | Set-NhiOwner -Owner 'ops@example.com'
        Get-NhiIdentity -Provider Aws -Name partner-audit | Set-NhiOwner -Owner 'sec@example.com' -Replace
        $writes = @(Get-LabLog | Where-Object IsWrite)
        $writes.Operation | Sort-Object | Should -Be @('TagRole', 'TagUser')
        (Get-NhiIdentity -Provider Aws -Name svc-deploy).Owners | Should -Be 'ops@example.com'
        (Get-NhiIdentity -Provider Aws -Owner 'sec@*').Name | Should -Be 'partner-audit'
    }

    It 'refuses a second owner on an AWS identity with a stable error id' {
        $billing = Get-NhiIdentity -Provider Aws -Name svc-billing
        { $billing | Set-NhiOwner -Owner 'someone@example.com' } | Should -Throw -ErrorId 'NhiAwsOneOwnerPerTag,NhiTools.Commands.SetNhiOwnerCommand'
    }

    It 'Set-NhiPurpose -WhatIf sends nothing' {
        $id = Get-NhiIdentity -Provider Aws -Name svc-billing
        Clear-LabLog
        $id | Set-NhiPurpose 'Bills customers nightly' -WhatIf
        @(Get-LabLog | Where-Object IsWrite).Count | Should -Be 0
        (Get-NhiIdentity -Provider Aws -Name svc-billing).Purpose | Should -Not -Be 'Bills customers nightly'
    }

    It 'Set-NhiPurpose writes the IAM tag purpose on a live identity and Get-NhiIdentity shows it' {
        Clear-LabLog
        Get-NhiIdentity -Provider Aws -Name svc-billing | Set-NhiPurpose 'Bills customers nightly'
        Get-NhiIdentity -Provider Aws -Name partner-audit | Set-NhiPurpose 'Partner audit: read-only'
        (@(Get-LabLog | Where-Object IsWrite).Operation | Sort-Object) | Should -Be @('TagRole', 'TagUser')
        $billing = Get-NhiIdentity -Provider Aws -Name svc-billing
        $billing.Purpose | Should -Be 'Bills customers nightly'
        $billing.Tags['purpose'] | Should -Be 'Bills customers nightly'
        (Get-NhiIdentity -Provider Aws -Name partner-audit).Purpose | Should -Be 'Partner audit: read-only'
        # At the source, not in the store: a fresh process reading the lab sees it.
        (Invoke-FreshPwsh "`$env:AWS_ACCESS_KEY_ID='AKIANHITOOLSLABADMIN'; `$env:AWS_SECRET_ACCESS_KEY='$LabSecret'; `$env:NHITOOLS_STORE='$(Join-Path $TestDrive 'other.db')'; `$null = Connect-NhiAws -Endpoint '$IamUrl'; (Get-NhiIdentity -Provider Aws -Name svc-billing).Purpose").Output | Should -Match 'Bills customers nightly'
    }

    It 'never shows the secret in any stream' {
        $all = & {
            Connect-NhiAws -Endpoint $IamUrl -Verbose -Debug
            Get-NhiIdentity -Provider Aws -Verbose -Debug | Format-List * | Out-String
        } *>&1 | Out-String
        $all | Should -Not -Match ([regex]::Escape($LabSecret))
        $all | Should -Match '123456789012'
    }

    It 'fails clearly with bad credentials' {
        $env:AWS_SECRET_ACCESS_KEY = 'not-the-secret'
        try {
            { Connect-NhiAws -Endpoint $IamUrl } | Should -Throw -ErrorId 'NhiAwsSignatureDoesNotMatch,NhiTools.Commands.ConnectNhiAwsCommand'
        }
        finally { $env:AWS_SECRET_ACCESS_KEY = $LabSecret }
    }

    It 'disconnects' {
        Connect-NhiAws -Endpoint $IamUrl | Out-Null
        Disconnect-NhiAws
        { Get-NhiIdentity -Provider Aws } | Should -Throw -ErrorId 'NhiNoSource,NhiTools.Commands.GetNhiIdentityCommand'
    }

    It 'imports and connects in a fresh pwsh' {
        $r = Invoke-FreshPwsh "(Connect-NhiAws -Endpoint '$IamUrl').Accounts.AccountId; (Get-NhiIdentity -Provider Aws).Count"
        $r.ExitCode | Should -Be 0
        $r.Output | Should -Match '123456789012'
    }
}
