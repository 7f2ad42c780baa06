BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
}

Describe 'The built module' {
    It 'passes Test-ModuleManifest' {
        $manifest = Test-ModuleManifest -Path $ManifestPath
        $manifest.Name | Should -Be 'NhiTools'
        $manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
    }

    It 'lists its exports explicitly, without wildcards' {
        $data = Import-PowerShellDataFile $ManifestPath
        foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'VariablesToExport', 'AliasesToExport') {
            $data.ContainsKey($key) | Should -BeTrue -Because "$key must be explicit"
            @($data[$key]) -join ',' | Should -Not -Match '\*'
        }
        $data.FormatsToProcess | Should -Contain 'NhiTools.Format.ps1xml'
    }

    It 'exports exactly the listed cmdlets in a fresh session' {
        $expected = (Import-PowerShellDataFile $ManifestPath).CmdletsToExport | Sort-Object
        $result = Invoke-FreshPwsh '(Get-Command -Module NhiTools).Name | Sort-Object'
        $result.ExitCode | Should -Be 0
        ($result.Output -split "`r?`n" | Where-Object { $_ }) | Should -Be $expected
    }

    It 'keeps only NhiTools.dll and the model in the root, everything else under Dependencies' {
        (Get-ChildItem $ModulePath -Filter *.dll).Name | Sort-Object | Should -Be @('NhiTools.dll', 'NhiTools.Model.dll')
        Join-Path $ModulePath 'Dependencies/NhiTools.Engine.dll' | Should -Exist
        Join-Path $ModulePath 'Dependencies/Microsoft.Data.Sqlite.dll' | Should -Exist
        Get-ChildItem (Join-Path $ModulePath 'Dependencies/runtimes') -Recurse -Filter '*e_sqlite3*' | Should -Not -BeNullOrEmpty
    }

    It 'loads the engine and SQLite into a private load context, the model into the default one' {
        $report = Join-Path $TestDrive 'alc-report.csv'
        New-CredentialReport $report
        $store = Join-Path $TestDrive 'alc.db'
        # Reading an export and setting an owner loads the engine and SQLite (native library included).
        $script = @"
Get-NhiIdentity -Path '$report' -StorePath '$store' | Set-NhiOwner -Owner o -StorePath '$store'
"@ + "`n" + @'
$alc = [System.Runtime.Loader.AssemblyLoadContext]
foreach ($name in 'NhiTools.Model', 'NhiTools.Engine', 'Microsoft.Data.Sqlite') {
    $asm = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $name } | Select-Object -First 1
    $context = $alc::GetLoadContext($asm)
    '{0}={1}' -f $name, $(if ($context -eq $alc::Default) { 'Default' } else { $context.GetType().Name })
}
'@
        $result = Invoke-FreshPwsh $script
        $result.Output | Should -Match 'NhiTools\.Model=Default'
        $result.Output | Should -Match 'NhiTools\.Engine=NhiLoadContext'
        $result.Output | Should -Match 'Microsoft\.Data\.Sqlite=NhiLoadContext'
    }
}

Describe 'Side by side with other versions of its SDKs' {
    It 'keeps its own Azure.Core and MSAL when a session already loaded other versions' {
        $packages = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
        $core = Join-Path $packages 'azure.core/1.64.0/lib/net8.0/Azure.Core.dll'
        $msal = Join-Path $packages 'microsoft.identity.client/4.90.0/lib/net8.0/Microsoft.Identity.Client.dll'
        $core | Should -Exist -Because 'tools/pester/Pester.Restore.csproj downloads it'
        # As Az.Accounts would: newer Azure.Core and MSAL in the default context before NhiTools is imported.
        $script = @"
[Reflection.Assembly]::LoadFrom('$core') | Out-Null
[Reflection.Assembly]::LoadFrom('$msal') | Out-Null
`$token = ConvertTo-SecureString 'lab-token' -AsPlainText -Force
Connect-NhiEntra -AccessToken `$token -Endpoint http://127.0.0.1:9/v1.0 | Out-Null
"@ + "`n" + @'
$alc = [System.Runtime.Loader.AssemblyLoadContext]
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'Azure.Core', 'Microsoft.Identity.Client' } | ForEach-Object {
    $context = $alc::GetLoadContext($_)
    '{0} {1} in {2}' -f $_.GetName().Name, $_.GetName().Version, $(if ($context -eq $alc::Default) { 'Default' } else { $context.GetType().Name })
}
'@
        $result = Invoke-FreshPwsh $script
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'Azure\.Core 1\.64\.0\.0 in Default'
        $result.Output | Should -Match 'Azure\.Core 1\.53\.0\.0 in NhiLoadContext'
    }
}

Describe 'Help' {
    It 'has synopsis, described parameters and at least two examples for <_>' -ForEach @((Import-PowerShellDataFile (Join-Path ($env:NHITOOLS_MODULE ?? (Join-Path $PSScriptRoot '../../out/NhiTools')) 'NhiTools.psd1')).CmdletsToExport) {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -Match '^\s*$'
        $help.Synopsis | Should -Not -Match "^$_"   # not the auto-generated syntax stub
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($p in $help.Parameters.Parameter) {
            ($p.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$($p.Name) must be described"
        }
    }

    It 'ships about_NhiTools' {
        (Get-Help about_NhiTools | Out-String) | Should -Match 'non-human'
    }

    It 'declares an output type on every cmdlet' {
        foreach ($command in Get-Command -Module NhiTools) {
            $command.OutputType | Should -Not -BeNullOrEmpty -Because "$($command.Name) needs [OutputType]"
        }
    }

    It 'gives state-changing cmdlets -WhatIf and -Confirm' {
        foreach ($command in Get-Command -Module NhiTools -Verb Set, New, Remove, Invoke, Register, Unregister, Add, Save -ErrorAction SilentlyContinue) {
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
        }
    }
}

Describe 'The test suite never touches the real store' {
    It 'runs every file on a private store, seen by child processes, and leaves the real one as it was' {
        $real = Get-RealStorePath
        $env:NHITOOLS_STORE | Should -Not -BeNullOrEmpty
        [IO.Path]::GetFullPath($env:NHITOOLS_STORE) | Should -Not -Be ([IO.Path]::GetFullPath($real))
        $before = if (Test-Path $real) { (Get-Item $real).LastWriteTimeUtc } else { $null }

        $report = Join-Path $TestDrive 'isolation.csv'
        New-CredentialReport $report
        # No -StorePath anywhere: the default store is what a careless test would write to.
        $set = Invoke-FreshPwsh "Get-NhiIdentity -Path '$report' -Name svc-old | Set-NhiOwner -Owner 'isolation-check'"
        $set.ExitCode | Should -Be 0
        (Get-NhiIdentity -Path $report -Name svc-old -StorePath $env:NHITOOLS_STORE).Owners | Should -Be 'isolation-check'
        $after = if (Test-Path $real) { (Get-Item $real).LastWriteTimeUtc } else { $null }
        $after | Should -Be $before
    }

    It 'has every test file put NHITOOLS_STORE back and none remove it' {
        foreach ($file in Get-ChildItem $PSScriptRoot -Filter '*.Tests.ps1') {
            $text = Get-Content $file.FullName -Raw
            $text | Should -Match 'Restore-NhiTestStore' -Because "$($file.Name) must restore NHITOOLS_STORE in its AfterAll"
            $text | Should -Not -Match 'Remove-Item\s+Env:NHITOOLS_STORE' -Because "$($file.Name) would leave the user's real store as the default"
        }
    }
}

AfterAll { Restore-NhiTestStore }
