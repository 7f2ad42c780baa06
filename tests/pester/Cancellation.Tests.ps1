BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    # A synthetic estate big enough that reading it is still under way when the pipeline is stopped.
    $estate = Join-Path $TestDrive 'estate'
    & dotnet run -c Release --project (Join-Path $RepoRoot 'tests/NhiTools.Estate') -- --out $estate --identities 30000 --seed 7 | Out-Null
    $LASTEXITCODE | Should -Be 0
}

Describe 'Stopping a pipeline (Ctrl+C)' {
    It 'stops Get-NhiIdentity mid-read, promptly, as a stopped pipeline rather than an error' {
        $ps = [powershell]::Create()
        try {
            $env:NHITOOLS_STORE = Join-Path $TestDrive 'store.db'
            $null = $ps.AddScript("Import-Module '$ManifestPath'; Get-NhiIdentity -Path '$estate' | Test-NhiRotation | Measure-Object")
            $async = $ps.BeginInvoke()
            # Wait until the read has begun (its first progress record), then stop as Ctrl+C would.
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ($ps.Streams.Progress.Count -eq 0 -and -not $async.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $async.IsCompleted | Should -BeFalse -Because 'the read must still be running when it is stopped'
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Streams.Error.Count | Should -Be 0
            # Generous: the point is that it does not read on to the end (that takes several seconds here).
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        }
        finally { $ps.Dispose() }
    }
}
