# Get-NhiActivity without -Path: CloudTrail LookupEvents of the IAM lab (seeded from the example estate's trail,
# signatures checked) equals Get-NhiActivity -Path on the same events.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force

    $hostProject = Join-Path $RepoRoot 'tests/NhiTools.Labs.Host/NhiTools.Labs.Host.csproj'
    $hostOut = Join-Path $TestDrive 'labhost'
    & dotnet build $hostProject -c Debug -o $hostOut --nologo -v q | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "Building the lab host failed ($LASTEXITCODE)." }

    $basePort = Get-Random -Minimum 20000 -Maximum 40000
    $script:IamUrl = "http://127.0.0.1:$($basePort + 1)"
    $script:LabProcess = Start-Process dotnet -PassThru -NoNewWindow `
        -ArgumentList (Join-Path $hostOut 'NhiTools.Labs.Host.dll'), '--port', $basePort, '--seed-path', $EstatePath `
        -RedirectStandardOutput (Join-Path $TestDrive 'lab.out') -RedirectStandardError (Join-Path $TestDrive 'lab.err')
    $deadline = [datetime]::UtcNow.AddSeconds(60)
    while ($true) {
        try { $null = Invoke-RestMethod "$IamUrl/_lab/log"; break }
        catch {
            if ($LabProcess.HasExited -or [datetime]::UtcNow -gt $deadline) { throw "The lab did not start: $(Get-Content (Join-Path $TestDrive 'lab.err') -Raw)" }
            Start-Sleep -Milliseconds 200
        }
    }
    $env:AWS_ACCESS_KEY_ID = 'AKIANHITOOLSLABADMIN'
    $env:AWS_SECRET_ACCESS_KEY = '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'

    # LookupEvents serves management events only: the offline side reads the same ones, the trail's management
    # records written to one trail file, plus the estate's lookup-events output.
    $trailDir = Join-Path $EstatePath 'activity/aws'
    $records = foreach ($gz in Get-ChildItem $trailDir -Recurse -Filter '*.json.gz') {
        $stream = [IO.Compression.GZipStream]::new([IO.File]::OpenRead($gz.FullName), [IO.Compression.CompressionMode]::Decompress)
        $reader = [IO.StreamReader]::new($stream)
        try { ($reader.ReadToEnd() | ConvertFrom-Json -Depth 20).Records | Where-Object managementEvent } finally { $reader.Dispose() }
    }
    $script:ManagementDir = Join-Path $TestDrive 'management'
    $null = New-Item -ItemType Directory $ManagementDir
    @{ Records = @($records) } | ConvertTo-Json -Depth 20 -Compress | Set-Content (Join-Path $ManagementDir 'trail.json')
    Copy-Item (Get-ChildItem $trailDir -Recurse -Filter 'lookup-events*.json').FullName $ManagementDir

    $script:Window = @{ After = [datetime]::new(2026, 7, 1, 0, 0, 0, [DateTimeKind]::Utc); Before = [datetime]::new(2026, 12, 1, 0, 0, 0, [DateTimeKind]::Utc) }
    function Get-LabLog { (Invoke-RestMethod "$IamUrl/_lab/log").entries }
    function Clear-LabLog { $null = Invoke-RestMethod -Method Delete "$IamUrl/_lab/log" }
    function ConvertTo-Comparable($Activity) {
        @($Activity | ForEach-Object { $_ | Select-Object -Property * -ExcludeProperty Source | ConvertTo-Json -Compress }) | Sort-Object
    }
}

AfterAll {
    Restore-NhiTestStore
    Disconnect-NhiAws -ErrorAction SilentlyContinue
    Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY -ErrorAction SilentlyContinue
    if ($script:LabProcess -and -not $script:LabProcess.HasExited) { Stop-Process -Id $script:LabProcess.Id }
}

Describe 'Get-NhiActivity against CloudTrail LookupEvents' {
    BeforeAll { Connect-NhiAws -Endpoint $IamUrl | Out-Null }

    It 'returns for an identity what -Path returns for the same events' {
        $id = Get-NhiIdentity -Provider Aws -Name svc-bi-exporter
        $id | Should -Not -BeNullOrEmpty
        Clear-LabLog
        $live = @(Get-NhiActivity -Identity $id @Window)
        $offline = @(Get-NhiActivity -Path $ManagementDir -Identity $id @Window)
        $live.Count | Should -BeGreaterThan 100
        $live.Count | Should -Be $offline.Count
        ConvertTo-Comparable $live | Should -Be (ConvertTo-Comparable $offline)
        $live.IdentityName | Sort-Object -Unique | Should -Be 'svc-bi-exporter'
        $live.Source | Sort-Object -Unique | Should -Be 'live:aws:cloudtrail:us-east-1:111122223333'
        $log = @(Get-LabLog | Where-Object Operation -eq LookupEvents)
        $log.Count | Should -Be ([math]::Ceiling($live.Count / 50))
        ($log | Where-Object Status -ne 200) | Should -BeNullOrEmpty
    }

    It 'reads the whole account when no identity is given' {
        $live = @(Get-NhiActivity @Window)
        $offline = @(Get-NhiActivity -Path $ManagementDir @Window)
        $live.Count | Should -Be $offline.Count
        ConvertTo-Comparable $live | Should -Be (ConvertTo-Comparable $offline)
        $live.Action | Should -Not -Contain 's3:GetObject'
    }

    It 'reads every -ActivityRegion, each signed for its region' {
        Connect-NhiAws -Endpoint $IamUrl -ActivityRegion us-east-1, eu-west-1 | Out-Null
        try {
            Clear-LabLog
            $live = @(Get-NhiActivity @Window)
            $live.Region | Sort-Object -Unique | Should -Be 'us-east-1'
            $log = @(Get-LabLog | Where-Object Operation -eq LookupEvents)
            $log.Count | Should -Be ([math]::Ceiling($live.Count / 50) + 1) # eu-west-1: one empty page
            ($log | Where-Object Status -ne 200) | Should -BeNullOrEmpty
        }
        finally { Connect-NhiAws -Endpoint $IamUrl | Out-Null }
    }

    It 'fails, never returns a shorter list, when a page keeps failing' {
        $null = Invoke-RestMethod -Method Post "$IamUrl/_lab/faults" -Body "op=LookupEvents status=500 after=1"
        try {
            $got = [Collections.Generic.List[object]]::new()
            { Get-NhiActivity @Window | ForEach-Object { $got.Add($_) } } | Should -Throw -ErrorId 'NhiAwsInternalFailure,NhiTools.Commands.GetNhiActivityCommand'
            $got.Count | Should -Be 50 # page 1 streamed, then page 2 failed after its retries: an error, not the end
        }
        finally { $null = Invoke-RestMethod -Method Delete "$IamUrl/_lab/faults" }
    }
}
