# One rule for every DateTime parameter (issue 12 item 10): UTC stays, Local or Unspecified is local time converted once.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
}

AfterAll { Restore-NhiTestStore }

Describe 'Dates' {
    It 'reads -AsOf and -After the same way: local time, converted to UTC once (in a UTC+9 zone)' {
        $tzBefore = $env:TZ
        $env:TZ = 'Asia/Tokyo'
        try {
            $result = Invoke-FreshPwsh @"
`$p = '$EstatePath'
`$offset = [TimeZoneInfo]::Local.GetUtcOffset([datetime]::new(2026, 11, 1))
`$all = @(Get-NhiActivity -Path `$p -WarningAction SilentlyContinue | Sort-Object When)
`$mid = `$all[[int](`$all.Count / 2)].When.ToUniversalTime()
`$instant = [datetime]::new(`$mid.Ticks - (`$mid.Ticks % 10000000), [DateTimeKind]::Utc)
`$local = `$instant.ToLocalTime().ToString('yyyy-MM-ddTHH:mm:ss')   # a string: Kind Unspecified once bound
`$after = @(Get-NhiActivity -Path `$p -After `$local -WarningAction SilentlyContinue)
`$snap = Get-NhiIdentity -Path `$p -WarningAction SilentlyContinue | Save-NhiSnapshot -AsOf `$local -PassThru
[pscustomobject]@{
    Offset = `$offset.TotalHours
    After = `$after.Count
    AfterExpected = @(`$all | Where-Object { `$_.When.ToUniversalTime() -ge `$instant }).Count
    AfterIfUtc = @(`$all | Where-Object { `$_.When.ToUniversalTime() -ge [datetime]::SpecifyKind(`$instant.ToLocalTime(), 'Utc') }).Count
    AsOf = `$snap.TakenOn.ToUniversalTime().ToString('o')
    Expected = `$instant.ToString('o')
    Name = `$snap.Name
    NameExpected = `$instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
} | ConvertTo-Json -Compress | Write-Output
"@
        }
        finally { $env:TZ = $tzBefore }

        $result.ExitCode | Should -Be 0 -Because $result.Output
        $r = ($result.Output -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1) | ConvertFrom-Json
        $r.Offset | Should -Be 9                     # the child really ran in a non-UTC zone
        $r.AsOf | Should -Be $r.Expected             # -AsOf: the same instant as -After
        $r.Name | Should -Be $r.NameExpected
        $r.After | Should -Be $r.AfterExpected
        $r.AfterIfUtc | Should -Not -Be $r.AfterExpected  # the sample date tells the two readings apart
    }

    It 'keeps a UTC value as it is' {
        $attribute = (Get-Command Get-NhiFinding).Parameters['AsOf'].Attributes | Where-Object { $_ -is [NhiTools.Host.UtcDateAttribute] }
        $utc = [datetime]::new(2026, 11, 1, 0, 0, 0, [DateTimeKind]::Utc)
        $attribute.Transform($null, $utc) | Should -Be $utc
        $attribute.Transform($null, $utc).Kind | Should -Be 'Utc'
        $local = [datetime]::new(2026, 11, 1, 0, 0, 0, [DateTimeKind]::Unspecified)
        $attribute.Transform($null, $local) | Should -Be $local.ToUniversalTime()
    }

    It 'puts the rule on every DateTime parameter of every cmdlet' {
        $missing = foreach ($c in Get-Command -Module NhiTools -CommandType Cmdlet) {
            foreach ($p in $c.Parameters.Values) {
                if ($p.ParameterType -in [datetime], [Nullable[datetime]] -and -not ($p.Attributes | Where-Object { $_ -is [NhiTools.Host.UtcDateAttribute] })) {
                    "$($c.Name) -$($p.Name)"
                }
            }
        }
        @($missing) | Should -BeNullOrEmpty
    }
}
