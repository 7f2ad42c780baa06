# Connect-NhiKeyVault / Get-NhiIdentity -Provider KeyVault through the BUILT module against the KeyVault lab of
# tests/NhiTools.Labs.Host (started here on free ports, seeded with TestData/kv-seed plus the Entra seed, stopped at the end).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force

    $script:KvSeed = Join-Path $RepoRoot 'tests/NhiTools.KeyVault.Tests/TestData/kv-seed'
    $script:EntraSeed = Join-Path $RepoRoot 'tests/NhiTools.Entra.Tests/TestData/entra-seed'
    $script:Seed = Join-Path $TestDrive 'seed'
    New-Item -ItemType Directory -Path $Seed | Out-Null
    Copy-Item (Join-Path $KvSeed '*.json'), (Join-Path $EntraSeed '*.json') -Destination $Seed
    $script:LabToken = 'nhitools-lab-static-token'

    $script:Lab = Start-NhiTestLab -SeedPath $Seed -LogPath $TestDrive
    $script:Graph = $Lab.Graph
    $script:Vault = $Lab.Vault
    $script:Authority = $Lab.Authority
    $script:Pem = $Lab.Pem

    function Connect-Vault { Connect-NhiKeyVault -VaultUri $Vault -AccessToken (ConvertTo-SecureString $LabToken -AsPlainText -Force) -TrustedServerCertificate $Pem }
    # The lab's admin endpoints and raw REST (values included) over its self-signed TLS.
    function Invoke-Lab([string] $Path, [string] $Method = 'Get', $Body) {
        Invoke-RestMethod "$($Vault.TrimEnd('/'))$Path" -Method $Method -Body $Body -SkipCertificateCheck -Headers @{ Authorization = 'Bearer x' }
    }
    function Get-LabLog { (Invoke-Lab '/_lab/log').entries }
    function Clear-LabLog { Invoke-Lab '/_lab/log' Delete | Out-Null }
    # Every seeded value: the lab invents them (KeyVaultStore.InventedValue); checked against a GET where the secret is enabled.
    $hmac = [System.Security.Cryptography.HMACSHA256]::new([System.Text.Encoding]::UTF8.GetBytes('nhitools-kv:nhitools-lab'))
    $script:Values = foreach ($item in (Get-Content (Join-Path $KvSeed 'kv-nhi-lab.json') -Raw | ConvertFrom-Json)) {
        $v = 'lab-' + [Convert]::ToBase64String($hmac.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($item.name.ToLowerInvariant()))).Substring(0, 24)
        if ($item.attributes.enabled) {
            $got = (Invoke-Lab "/secrets/$($item.name)?api-version=7.6").value
            if ($got -ne $v) { throw "The lab's value of $($item.name) is not the invented one." }
        }
        $v
    }
    Clear-LabLog
}

AfterAll {
    Restore-NhiTestStore
    Disconnect-NhiKeyVault
    Disconnect-NhiEntra
    Stop-NhiTestLab $script:Lab
}

Describe 'Connect-NhiKeyVault' {
    It 'connects to the lab and returns the connection, never the token' {
        $c = Connect-Vault
        $c | Should -BeOfType NhiTools.KeyVaultConnectionInfo
        $c.VaultUri | Should -Be @($Vault)
        $c.AuthenticationMethod | Should -Be 'AccessToken'
        ($c | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($LabToken))
        ($c | Out-String) | Should -Match 'AccessToken'
    }

    It 'signs in with a client secret at the lab''s token endpoint, trusting only the lab certificate' {
        $secret = ConvertTo-SecureString 'NhiLab8Q~admin.lab-secret_0123456789abcdef' -AsPlainText -Force
        $c = Connect-NhiKeyVault -VaultUri $Vault -TenantId 3c5e8b21-7a94-4d6f-9b02-8e1f4c6d2a70 -ClientId 0b1ab000-ad31-4c00-8000-00000000a001 `
            -ClientSecret $secret -AuthorityHost $Authority -TrustedServerCertificate $Pem
        $c.AuthenticationMethod | Should -Be 'ClientSecret'
        (Get-NhiIdentity -Provider KeyVault).Count | Should -Be 31
    }

    It 'rejects a vault URI that is not https, with a stable ErrorId' {
        { Connect-NhiKeyVault -VaultUri 'http://kv.vault.azure.net/' -AccessToken (ConvertTo-SecureString x -AsPlainText -Force) -ErrorAction Stop } |
            Should -Throw -ErrorId 'NhiKeyVaultInvalidArgument,NhiTools.Commands.ConnectNhiKeyVaultCommand'
    }

    It 'fails at once, with an error, when the lab certificate is not trusted' {
        $err = $null
        try { Connect-NhiKeyVault -VaultUri $Vault -AccessToken (ConvertTo-SecureString x -AsPlainText -Force) -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'NhiKeyVaultRequestFailed,NhiTools.Commands.ConnectNhiKeyVaultCommand'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -Match 'TrustedServerCertificate'
        $err.Exception.Message | Should -Not -Match 'after \d+ attempts'
    }
}

Describe 'Get-NhiIdentity -Provider KeyVault (live)' {
    BeforeAll { Connect-Vault | Out-Null }

    It 'lists every secret with metadata, as the offline importer reads the same seed' {
        $live = Get-NhiIdentity -Provider KeyVault
        $offline = Get-NhiIdentity -Path (Join-Path $KvSeed 'kv-nhi-lab.json')
        $live.Count | Should -Be 31
        $strip = { $c = $_ | ConvertTo-Json -Depth 6 | ConvertFrom-Json; $c.Source = @(); $c | ConvertTo-Json -Depth 6 -Compress }
        ($live | Sort-Object Id | ForEach-Object $strip) | Should -Be ($offline | Sort-Object Id | ForEach-Object $strip)
        $live[0].Source[0] | Should -Be "live:keyvault:$Vault"
        $billing = $live | Where-Object Name -eq 'billing-app-secret'
        $billing.Id | Should -Be 'keyvault:kv-nhi-lab/billing-app-secret'
        $billing.Owners | Should -Be @('billing-team@contoso.com')
        $billing.Credentials[0].ExpiresOn | Should -Be ([datetime]::new(2027, 3, 1, 8, 0, 0, [DateTimeKind]::Utc))
        $billing.Credentials[0].ContentType | Should -Be 'text/plain'
        ($live | Where-Object Name -eq 'legacy-ftp-password').Enabled | Should -BeFalse
        ($live | Format-Table | Out-String) | Should -Match 'KeyVault\s+Certificate\s+web-tls'
    }

    It 'shows a certificate''s backing secret as the certificate, not as a secret of its own' {
        $live = Get-NhiIdentity -Provider KeyVault
        ($live | Where-Object Name -eq 'web-tls').Kind | Should -Be 'Certificate'
        @($live | Where-Object Kind -eq 'Secret').Count | Should -Be 30
        (Get-NhiIdentity -Provider KeyVault -Kind Certificate).Name | Should -Be 'web-tls'
    }

    It 'puts no secret value in any object, stream or request: the listing never reads a value' {
        $Values.Count | Should -Be 31
        Clear-LabLog
        $all = & { Get-NhiIdentity -Provider KeyVault -Verbose -Debug | ConvertTo-Json -Depth 8 } 4>&1 5>&1 3>&1 2>&1 6>&1 | Out-String
        $all | Should -Match 'kv-nhi-lab/bulk-25'
        foreach ($v in $Values) { $all | Should -Not -Match ([regex]::Escape($v)) }
        @(Get-LabLog | Where-Object Operation -eq 'GetSecret').Count | Should -Be 0
        @(Get-LabLog | Where-Object IsWrite).Count | Should -Be 0
    }

    It 'follows empty pages that carry a nextLink to the end of the list' {
        Invoke-Lab '/_kvlab/emptypages/2' Put | Out-Null
        try {
            Clear-LabLog
            (Get-NhiIdentity -Provider KeyVault).Count | Should -Be 31
            @(Get-LabLog | Where-Object Operation -eq 'ListSecrets').Count | Should -Be 6
        }
        finally { Invoke-Lab '/_kvlab/emptypages/0' Put | Out-Null }
    }

    It 'fails with an error, not a shorter list, when a page fails' {
        Invoke-Lab '/_lab/faults' Post 'op=ListSecrets after=1 status=503 retryafter=0' | Out-Null
        try {
            $got = $null
            { $script:got = Get-NhiIdentity -Provider KeyVault -ErrorAction Stop } |
                Should -Throw -ErrorId 'NhiKeyVaultListFailed,NhiTools.Commands.GetNhiIdentityCommand'
            $script:got | Should -BeNullOrEmpty
        }
        finally { Invoke-Lab '/_lab/faults' Delete | Out-Null }
    }
}

Describe 'Tags link a vault secret to the credential it holds' {
    BeforeAll {
        Connect-Vault | Out-Null
        Connect-NhiEntra -Endpoint $Graph -AccessToken (ConvertTo-SecureString $LabToken -AsPlainText -Force) | Out-Null
    }

    It 'marks the Entra credential named by nhi-identity / nhi-credential as stored in the secret' {
        $all = Get-NhiIdentity -WarningAction SilentlyContinue
        $app = $all | Where-Object Id -eq 'entra:app:000000a1-5eed-4000-8000-000000000003'
        $app | Should -Not -BeNullOrEmpty
        ($app.Credentials | Where-Object Id -eq '000000c1-5eed-4000-8000-000000000002').StoredIn | Should -Be @('keyvault:kv-nhi-lab/billing-app-secret')
        ($app.Credentials | Where-Object Id -eq '000000c1-5eed-4000-8000-000000000001').StoredIn | Should -BeNullOrEmpty
        $app.Systems | Should -Contain 'keyvault:kv-nhi-lab'
        @($all | Where-Object Provider -eq 'KeyVault').Count | Should -Be 31
    }

    It 'reads only Entra when asked, without the vault' {
        Clear-LabLog
        $app = Get-NhiIdentity -Provider Entra -WarningAction SilentlyContinue | Where-Object Id -eq 'entra:app:000000a1-5eed-4000-8000-000000000003'
        $app | Should -Not -BeNullOrEmpty
        @(Get-LabLog).Count | Should -Be 0
    }
}

Describe 'Set-NhiPurpose on a live vault secret' {
    BeforeAll { Connect-Vault | Out-Null }

    It 'writes the purpose tag on the secret (other tags kept); -WhatIf sends zero writes and touches no store' {
        $store = Join-Path $TestDrive 'purpose.db'
        $secret = Get-NhiIdentity -Provider KeyVault | Where-Object Name -eq 'billing-app-secret'
        Clear-LabLog
        $secret | Set-NhiPurpose 'Billing app client secret (invoice API)' -StorePath $store -WhatIf
        @(Get-LabLog | Where-Object IsWrite).Count | Should -Be 0
        $store | Should -Not -Exist
        $out = $secret | Set-NhiPurpose 'Billing app client secret (invoice API)' -StorePath $store -PassThru
        $out.Purpose | Should -Be 'Billing app client secret (invoice API)'
        @(Get-LabLog | Where-Object IsWrite).Count | Should -Be 1
        $store | Should -Not -Exist
        $again = Get-NhiIdentity -Provider KeyVault -StorePath $store | Where-Object Name -eq 'billing-app-secret'
        $again.Purpose | Should -Be 'Billing app client secret (invoice API)'
        $again.Tags['purpose'] | Should -Be 'Billing app client secret (invoice API)'
        $again.Owners | Should -Be @('billing-team@contoso.com')
    }
}

Describe 'Disconnect-NhiKeyVault' {
    It 'forgets the connection: -Provider KeyVault then needs a connection' {
        Connect-Vault | Out-Null
        Disconnect-NhiKeyVault
        { Get-NhiIdentity -Provider KeyVault -ErrorAction Stop } | Should -Throw -ErrorId 'NhiNoSource,NhiTools.Commands.GetNhiIdentityCommand'
    }
}
