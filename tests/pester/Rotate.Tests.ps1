# Invoke-NhiRotate / Get-NhiRotation / Resume-NhiRotation through the BUILT module against the labs of
# tests/NhiTools.Labs.Host (IAM over http, Key Vault over https with its self-signed certificate exported as PEM),
# started here on free ports and stopped at the end.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force

    $script:Seed = Join-Path $TestDrive 'seed'
    New-Item -ItemType Directory -Path $Seed | Out-Null
    Copy-Item (Join-Path $RepoRoot 'tests/NhiTools.Aws.Tests/TestData/estate-aws/*') -Destination $Seed
    Copy-Item (Join-Path $RepoRoot 'tests/NhiTools.Entra.Tests/TestData/entra-seed/*.json') -Destination $Seed

    $script:Lab = Start-NhiTestLab -SeedPath $Seed -LogPath $TestDrive -TimeoutSeconds 90
    $script:GraphBase = $Lab.GraphBase
    $script:IamUrl = $Lab.IamUrl
    $script:Vault = $Lab.Vault
    $script:Authority = $Lab.Authority
    $script:Pem = $Lab.Pem

    # Not in TestDrive: Pester empties it after each Describe, and the journal must outlive them.
    $script:StoreDir = Join-Path ([System.IO.Path]::GetTempPath()) ('nhi-rotate-pester-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $StoreDir | Out-Null
    $script:Store = Join-Path $StoreDir 'nhitools.db'
    $script:UserId = 'aws:arn:aws:iam::123456789012:user/svc-deploy'
    $script:OldKey = 'AKIAEXAMPLEDEPLOY001'
    $script:SecretName = 'svc-deploy-aws'

    function Invoke-Vault([string] $Path, [string] $Method = 'Get', $Body) {
        Invoke-RestMethod "$($Vault.TrimEnd('/'))$Path" -Method $Method -Body $Body -ContentType 'application/json' -SkipCertificateCheck -Headers @{ Authorization = 'Bearer x' }
    }
    function Get-LabWrites {
        @((Invoke-RestMethod "$IamUrl/_lab/log").entries) + @((Invoke-Vault '/_lab/log').entries) + @((Invoke-RestMethod "$GraphBase/_lab/log").entries) |
            Where-Object { $_.isWrite }
    }
    function Clear-LabLogs {
        Invoke-RestMethod "$IamUrl/_lab/log" -Method Delete | Out-Null
        Invoke-RestMethod "$GraphBase/_lab/log" -Method Delete | Out-Null
        Invoke-Vault '/_lab/log' Delete | Out-Null
    }

    # The vault holds the current key, tagged as rotation expects (the value is the lab's derived secret is not needed:
    # rotation proves the NEW key, and the old one is only tracked by its id).
    $body = @{ value = '{"AccessKeyId":"AKIAEXAMPLEDEPLOY001","SecretAccessKey":"placeholder-old"}'; contentType = 'application/json'
        tags = @{ 'nhi-credential' = $OldKey; 'nhi-identity' = $UserId } } | ConvertTo-Json
    Invoke-Vault "/secrets/$($SecretName)?api-version=7.5" Put $body | Out-Null

    $env:AWS_ACCESS_KEY_ID = 'AKIANHITOOLSLABADMIN'
    $env:AWS_SECRET_ACCESS_KEY = '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'
    Connect-NhiAws -Endpoint $IamUrl | Out-Null
    Connect-NhiKeyVault -VaultUri $Vault -AccessToken (ConvertTo-SecureString 'lab-token' -AsPlainText -Force) -TrustedServerCertificate $Pem | Out-Null
    Clear-LabLogs
}

AfterAll {
    Restore-NhiTestStore
    Disconnect-NhiAws -ErrorAction SilentlyContinue
    Disconnect-NhiKeyVault -ErrorAction SilentlyContinue
    Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY -ErrorAction SilentlyContinue
    Stop-NhiTestLab $script:Lab
    if ($script:StoreDir) { Remove-Item $script:StoreDir -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Invoke-NhiRotate -WhatIf' {
    It 'says what it would do and sends no write request to any lab' {
        Clear-LabLogs
        $result = Invoke-NhiRotate -IdentityId $UserId -VaultUri $Vault -SecretName $SecretName -StorePath $Store -WhatIf
        $result | Should -BeNullOrEmpty
        @(Get-LabWrites) | Should -HaveCount 0
        @(Get-NhiRotation -StorePath $Store) | Should -HaveCount 0
    }
}

Describe 'Credentials that cannot be rotated' {
    It 'reports <Name> as NhiRotationUnsupported' -ForEach @(
        @{ Name = 'a root key'; Id = 'aws:arn:aws:iam::123456789012:root'; Provider = 'Aws' }
        @{ Name = 'a vault-only secret'; Id = 'keyvault:kv-prod/db-password'; Provider = 'KeyVault' }
        @{ Name = 'an IAM role'; Id = 'aws:arn:aws:iam::123456789012:role/app'; Provider = 'Aws' }
        @{ Name = 'a managed identity'; Id = 'entra:sp:11111111-1111-1111-1111-111111111111'; Provider = 'Entra' }
    ) {
        Clear-LabLogs
        $result = [pscustomobject]@{ IdentityId = $Id; Provider = $Provider } |
            Invoke-NhiRotate -VaultUri $Vault -StorePath $Store -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NhiRotationUnsupported*'
        @(Get-LabWrites) | Should -HaveCount 0
    }

    It 'reports a certificate credential from Test-NhiRotation-shaped input as unsupported' {
        $status = [pscustomobject]@{ IdentityId = 'entra:app:0b1ab000-0000-4000-8000-000000000001'; Provider = 'Entra'; CredentialId = 'c1'; CredentialType = 'Certificate' }
        $status | Invoke-NhiRotate -VaultUri $Vault -StorePath $Store -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NhiRotationUnsupported*'
        $errs[0].Exception.Message | Should -Match 'certificate'
    }
}

Describe 'A foreign second access key' {
    It 'blocks the rotation with NhiRotationBlocked and deletes nothing' {
        Clear-LabLogs
        $r = Invoke-NhiRotate -IdentityId 'aws:arn:aws:iam::123456789012:user/svc-billing' -VaultUri $Vault -SecretName 'svc-billing-aws' `
            -StorePath $Store -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $r.State | Should -Be 'Blocked'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NhiRotationBlocked*'
        @(Get-LabWrites | Where-Object operation -in 'DeleteAccessKey', 'UpdateAccessKey', 'CreateAccessKey') | Should -HaveCount 0
    }
}

Describe 'Rotating an access key end to end' {
    BeforeAll {
        Clear-LabLogs
        $script:Transcript = Join-Path $TestDrive 'rotate-transcript.txt'
        $script:Streams = Join-Path $TestDrive 'streams.txt'
        $InformationPreference = 'Continue'
        Start-Transcript -Path $Transcript -Force | Out-Null
        try {
            # Streams to the host (so the transcript has them) and, for the resumes, captured as records too.
            $script:First = Invoke-NhiRotate -IdentityId $UserId -VaultUri $Vault -SecretName $SecretName -StorePath $Store -GracePeriod '00:00:08' `
                -Confirm:$false -Verbose -Debug -InformationAction Continue
            $all1 = @($script:First)
            $script:Grace = Get-NhiRotation -StorePath $Store -IdentityId $UserId
            $script:Early = Resume-NhiRotation -StorePath $Store -Confirm:$false -Verbose -Debug *>&1 | Tee-Object -Variable all2
            $due = ($script:Grace.NextStepAfter - [datetime]::UtcNow).TotalSeconds
            if ($due -gt 0) { Start-Sleep -Seconds ([math]::Ceiling($due) + 1) }
            $script:Done = Resume-NhiRotation -StorePath $Store -Confirm:$false -Verbose -Debug
            $all3 = @($script:Done)
            $script:Table = Get-NhiRotation -StorePath $Store | Format-Table | Out-String
        }
        finally { Stop-Transcript | Out-Null }
        ($all1 + $all2 + $all3 | Out-String -Width 400) | Set-Content $Streams
        $script:Current = Invoke-Vault "/secrets/$($SecretName)?api-version=7.5"
        $script:NewValue = $Current.value | ConvertFrom-Json
    }

    It 'promotes a proved new key and waits out the grace period' {
        $result = @($First | Where-Object { $_ -is [NhiTools.RotationResult] })
        $result | Should -HaveCount 1
        $result[0].State | Should -Be 'Grace'
        $result[0].OldCredentialId | Should -Be $OldKey
        $result[0].NewCredentialId | Should -Be $NewValue.AccessKeyId
        $result[0].NextStepAfter | Should -Not -BeNullOrEmpty
        $Current.tags.'nhi-credential' | Should -Be $NewValue.AccessKeyId
        $Current.tags.'nhi-rotation' | Should -Be $result[0].RotationId
        $Current.contentType | Should -Be 'application/json'
        $Grace.State | Should -Be 'Grace'
        $Grace.InProgress | Should -BeTrue
    }

    It 'keeps the old key until the grace period is over, then deactivates and deletes it' {
        @($Early | Where-Object { $_ -is [NhiTools.RotationResult] })[0].State | Should -Be 'Grace'
        $done = @($Done | Where-Object { $_ -is [NhiTools.RotationResult] })
        $done | Should -HaveCount 1
        $done[0].State | Should -Be 'Retired'
        $iam = (Invoke-RestMethod "$IamUrl/_lab/log").entries
        @($iam | Where-Object { $_.operation -eq 'UpdateAccessKey' -and $_.status -eq 200 }) | Should -HaveCount 1
        @($iam | Where-Object { $_.operation -eq 'DeleteAccessKey' -and $_.status -eq 200 }) | Should -HaveCount 1
        (Get-NhiRotation -StorePath $Store -IdentityId $UserId).State | Should -Be 'Idle'
        { Invoke-Vault "/secrets/$($SecretName)--pending?api-version=7.5" } | Should -Throw
    }

    It 'lets the new key authenticate (sts:GetCallerIdentity as svc-deploy)' {
        $env:AWS_ACCESS_KEY_ID = $NewValue.AccessKeyId
        $env:AWS_SECRET_ACCESS_KEY = $NewValue.SecretAccessKey
        try {
            $info = Connect-NhiAws -Endpoint $IamUrl
            $info.Accounts.CallerArn | Should -Be 'arn:aws:iam::123456789012:user/svc-deploy'
        }
        finally {
            $env:AWS_ACCESS_KEY_ID = 'AKIANHITOOLSLABADMIN'
            $env:AWS_SECRET_ACCESS_KEY = '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'
            Connect-NhiAws -Endpoint $IamUrl | Out-Null
        }
    }

    It 'shows the journal as a table' {
        $Table | Should -Match 'svc-deploy'
        $Table | Should -Match 'Retired'
        $Table | Should -Match 'State'
    }

    It 'puts the new secret in no stream, transcript, store or journal (raw, Base64, URL-encoded)' {
        $secret = $NewValue.SecretAccessKey
        $forms = @($secret, [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($secret)), [Uri]::EscapeDataString($secret), [System.Net.WebUtility]::UrlEncode($secret)) | Select-Object -Unique
        $texts = @(
            (Get-Content $Transcript -Raw)
            (Get-Content $Streams -Raw)
            ([System.Text.Encoding]::Latin1.GetString([System.IO.File]::ReadAllBytes($Store)))
            (Get-NhiRotation -StorePath $Store | ConvertTo-Json -Depth 4)
        )
        (Get-Content $Transcript -Raw) | Should -Match 'Proved'
        foreach ($t in $texts) { foreach ($f in $forms) { $t.Contains($f) | Should -BeFalse } }
    }
}

Describe 'Rotating an Entra client secret end to end' {
    BeforeAll {
        Connect-NhiEntra -TenantId 3c5e8b21-7a94-4d6f-9b02-8e1f4c6d2a70 -ClientId 0b1ab000-ad31-4c00-8000-00000000a001 `
            -ClientSecret (ConvertTo-SecureString 'NhiLab8Q~admin.lab-secret_0123456789abcdef' -AsPlainText -Force) `
            -Endpoint "$GraphBase/v1.0" -AuthorityHost $Authority `
            -TrustedServerCertificate $Pem | Out-Null
        Clear-LabLogs
        $script:App = Get-NhiIdentity -Provider Entra -Name orphan-registration
        $script:EntraResult = $App | Invoke-NhiRotate -VaultUri $Vault -GracePeriod 0 -StorePath $Store -Confirm:$false
        $script:EntraSecret = Invoke-Vault "/secrets/entra-app-000000a1-5eed-4000-8000-000000000006?api-version=7.5"
    }
    AfterAll { Disconnect-NhiEntra -ErrorAction SilentlyContinue }

    It 'proves the new secret with a real token, promotes it and removes the old one' {
        $EntraResult.State | Should -Be 'Retired'
        $EntraResult.OldCredentialId | Should -Be '000000c1-5eed-4000-8000-000000000006'
        $EntraSecret.tags.'nhi-credential' | Should -Be $EntraResult.NewCredentialId
        $graph = (Invoke-RestMethod "$GraphBase/_lab/log").entries
        @($graph | Where-Object { $_.operation -eq 'token' -and $_.status -eq 200 }).Count | Should -BeGreaterOrEqual 1
        $ids = (Get-NhiIdentity -Provider Entra -Name orphan-registration).Credentials.Id
        $ids | Should -Not -Contain '000000c1-5eed-4000-8000-000000000006'
        $ids | Should -Contain $EntraResult.NewCredentialId
        ($EntraResult | Out-String) | Should -Not -Match ([regex]::Escape($EntraSecret.value))
    }

    It 'lets the vault value sign in as the application' {
        $form = @{ grant_type = 'client_credentials'; client_id = '000000a1-5eed-4000-8000-000000000006'; client_secret = $EntraSecret.value; scope = 'https://graph.microsoft.com/.default' }
        $token = Invoke-RestMethod "$Authority/3c5e8b21-7a94-4d6f-9b02-8e1f4c6d2a70/oauth2/v2.0/token" -Method Post -Body $form -SkipCertificateCheck
        $token.access_token | Should -Not -BeNullOrEmpty
    }
}

Describe 'Get-NhiRotation' {
    It 'filters by state' {
        @(Get-NhiRotation -StorePath $Store -State Blocked).IdentityId | Should -Contain 'aws:arn:aws:iam::123456789012:user/svc-billing'
        @(Get-NhiRotation -StorePath $Store -InProgress | Where-Object IdentityId -eq 'aws:arn:aws:iam::123456789012:user/svc-billing') | Should -HaveCount 0
    }
}
