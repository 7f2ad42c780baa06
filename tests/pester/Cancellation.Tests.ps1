BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    # A synthetic estate big enough that reading it is still under way when the pipeline is stopped.
    $estate = Join-Path $TestDrive 'estate'
    & dotnet run -c Release --project (Join-Path $RepoRoot 'tests/NhiTools.Estate') -- --out $estate --identities 30000 --seed 7 | Out-Null
    $LASTEXITCODE | Should -Be 0
}

Describe 'Stopping a pipeline (Ctrl+C)' {
    It 'stops Get-NhiIdentity mid-read as a stopped pipeline rather than an error, nothing read after the stop' {
        # No race and no clock: the pipeline holds itself at its 100th identity until it is stopped, so the read is
        # certainly under way when Stop() comes; then order and counts say what happened.
        $ready = [Threading.ManualResetEventSlim]::new($false)
        $seen = [Collections.Concurrent.ConcurrentQueue[string]]::new()
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($ManifestPath, $Estate, $Ready, $Seen)
                Import-Module $ManifestPath
                Get-NhiIdentity -Path $Estate | Test-NhiRotation | ForEach-Object {
                    $Seen.Enqueue($_.IdentityId)
                    if ($Seen.Count -eq 100) { $Ready.Set(); Start-Sleep -Seconds 3600 }
                }
            }).AddArgument($ManifestPath).AddArgument($estate).AddArgument($ready).AddArgument($seen)
            $async = $ps.BeginInvoke()
            $ready.Wait([TimeSpan]::FromMinutes(5)) | Should -BeTrue -Because 'the read reaches its 100th identity'
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            # Stop() returns once the pipeline stopped; the async result is signalled just after, so wait for it.
            $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromMinutes(1)) | Should -BeTrue
            $ps.Streams.Error.Count | Should -Be 0
            # Stopped at the 100th: nothing more came down the pipeline after the stop.
            $seen.Count | Should -Be 100
        }
        finally { $ps.Dispose(); $ready.Dispose() }
    }
}

AfterAll { Restore-NhiTestStore }
