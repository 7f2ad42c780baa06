# The one rule for -Identity (about_NhiTools, IDENTITY PARAMETERS), checked on every cmdlet that has it, found through
# Get-Command so a new cmdlet that breaks the rule fails here.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $script:cases = @(Get-Command -Module NhiTools -CommandType Cmdlet |
        Where-Object { $_.Parameters.ContainsKey('Identity') } |
        ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $awsId = 'aws:arn:aws:iam::123456789012:user/svc-old'
    # Commands whose -Identity is Connect-* sign-in (a managed identity), not an NHI: another meaning, by design.
    $signIn = 'Connect-NhiEntra', 'Connect-NhiKeyVault'
    function Get-IdentityParameter([string] $Name) { (Get-Command $Name).Parameters['Identity'] }
    function Get-Transform([string] $Name) {
        (Get-IdentityParameter $Name).Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentTransformationAttribute] }
    }
    # Runs the parameter's own transformation attribute, the code the binder runs at a prompt.
    function Invoke-Transform([string] $Name, $Value) {
        $t = Get-Transform $Name
        $t.Transform($ExecutionContext, $Value)
    }
}

Describe 'the -Identity rule' {
    It 'at least the known cmdlets have -Identity' {
        $names = $cases | ForEach-Object Name
        foreach ($n in 'Find-NhiSecret', 'Get-NhiActivity', 'Register-NhiAgent', 'Get-NhiException', 'Get-NhiReview', 'Add-NhiException') {
            $names | Should -Contain $n
        }
    }

    It '<Name> binds -Identity through the one resolver' -ForEach $cases {
        if ($signIn -contains $Name) { Set-ItResult -Skipped -Because 'sign-in identity, not an NHI'; return }
        $t = @(Get-Transform $Name)
        $t.Count | Should -Be 1
        $t[0].GetType().Name | Should -BeIn 'IdentityObjectArgumentAttribute', 'IdentityIdArgumentAttribute'
    }

    It '<Name> takes an Identity object and an id string, and they mean the same identity' -ForEach $cases {
        if ($signIn -contains $Name) { Set-ItResult -Skipped -Because 'sign-in identity, not an NHI'; return }
        $object = [NhiTools.Identity]@{ Id = $awsId; Name = 'svc-old'; Provider = 'Aws' }
        $fromObject = @(Invoke-Transform $Name $object)
        $fromString = @(Invoke-Transform $Name $awsId)
        $fromObject.Count | Should -Be 1
        $fromString.Count | Should -Be 1
        "$($fromObject[0])" | Should -Be $awsId
        "$($fromString[0])" | Should -Be $awsId
    }

    It '<Name> refuses a string that is not an identity id with NhiIdentityNotFound' -ForEach $cases {
        if ($signIn -contains $Name) { Set-ItResult -Skipped -Because 'sign-in identity, not an NHI'; return }
        { Invoke-Transform $Name 'svc-old' } | Should -Throw -ExpectedMessage '*NhiIdentityNotFound*'
    }

    It 'wildcards only where the cmdlet filters' {
        Invoke-Transform 'Add-NhiException' 'aws:arn:aws:iam::123456789012:user/svc-*' | Should -Be 'aws:arn:aws:iam::123456789012:user/svc-*'
        Invoke-Transform 'Get-NhiException' 'aws:*' | Should -Be 'aws:*'
        { Invoke-Transform 'Register-NhiAgent' 'svc-*' } | Should -Throw -ExpectedMessage '*NhiIdentityNotFound*'
    }

    It 'a finding (IdentityId) binds as its identity' {
        $finding = [pscustomobject]@{ Rule = 'NHI-ROTATION-OVERDUE'; IdentityId = $awsId }
        Invoke-Transform 'Get-NhiReview' $finding | Should -Be $awsId
    }

    It 'refuses a name at the prompt through the real binder' {
        $store = Join-Path $TestDrive 'store.db'
        { Get-NhiException -Identity 'svc-old' -StorePath $store -ErrorAction Stop } | Should -Throw -ExpectedMessage '*NhiIdentityNotFound*'
        { Find-NhiSecret -Path $TestDrive -Identity 'svc-old' -ErrorAction Stop } | Should -Throw -ExpectedMessage '*NhiIdentityNotFound*'
    }

    It 'an Identity object and its id give the same exceptions through the real binder' {
        $store = Join-Path $TestDrive 'store-bind.db'
        $ends = [datetime]::UtcNow.Date.AddDays(30)
        Add-NhiException -Rule NHI-ROTATION-OVERDUE -Identity $awsId -Reason 'r' -ExpiresOn $ends -ApprovedBy 'x' -StorePath $store | Out-Null
        $object = [NhiTools.Identity]@{ Id = $awsId; Name = 'svc-old'; Provider = 'Aws' }
        $byObject = @(Get-NhiException -Identity $object -StorePath $store)
        $byString = @(Get-NhiException -Identity $awsId -StorePath $store)
        $byObject.Count | Should -Be 1
        $byString.Count | Should -Be 1
        $byObject[0].Id | Should -Be $byString[0].Id
    }

    It 'an id string reaches Get-NhiActivity as a reference identity' {
        $t = Get-Transform 'Get-NhiActivity'
        $r = @($t.Transform($ExecutionContext, 'entra:app:11111111-2222-3333-4444-555555555555'))
        $r[0] | Should -BeOfType NhiTools.Identity
        $r[0].Provider | Should -Be 'Entra'
        $r[0].NativeId | Should -Be '11111111-2222-3333-4444-555555555555'
    }
}

AfterAll { Restore-NhiTestStore }
