# Disable-NhiIdentity / Enable-NhiIdentity / Get-NhiChange / Undo-NhiChange through the BUILT module against the labs
# (tests/NhiTools.Labs.Host seeded with the example estate: Graph on the base port, IAM on base + 1), with a private store.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force

    $hostProject = Join-Path $RepoRoot 'tests/NhiTools.Labs.Host/NhiTools.Labs.Host.csproj'
    $hostOut = Join-Path $TestDrive 'labhost'
    & dotnet build $hostProject -c Debug -o $hostOut --nologo -v q | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "Building the lab host failed ($LASTEXITCODE)." }

    function Test-PortFree([int] $Port) {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $Port)
        try { $l.Start(); $true } catch { $false } finally { $l.Stop() }
    }
    $rng = [System.Random]::new()
    do { $basePort = $rng.Next(20000, 60000) } until ((0..4 | ForEach-Object { Test-PortFree ($basePort + $_) }) -notcontains $false)
    $script:GraphBase = "http://127.0.0.1:$basePort"
    $script:IamUrl = "http://127.0.0.1:$($basePort + 1)"
    $script:LabProcess = Start-Process dotnet -PassThru `
        -ArgumentList (Join-Path $hostOut 'NhiTools.Labs.Host.dll'), '--port', $basePort, '--seed-path', $EstatePath `
        -RedirectStandardOutput (Join-Path $TestDrive 'lab.out') -RedirectStandardError (Join-Path $TestDrive 'lab.err')
    $deadline = [datetime]::UtcNow.AddSeconds(60)
    while ($true) {
        try { $null = Invoke-RestMethod "$IamUrl/_lab/log"; $null = Invoke-RestMethod "$GraphBase/_lab/log"; break }
        catch {
            if ($LabProcess.HasExited -or [datetime]::UtcNow -gt $deadline) { throw "The lab did not start: $(Get-Content (Join-Path $TestDrive 'lab.err') -Raw)" }
            Start-Sleep -Milliseconds 200
        }
    }

    $script:LabToken = 'nhitools-lab-static-token'
    $env:AWS_ACCESS_KEY_ID = 'AKIANHITOOLSLABADMIN'
    $env:AWS_SECRET_ACCESS_KEY = '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'
    $script:Store = Join-Path $TestDrive 'cleanup.db'
    $PSDefaultParameterValues = @{
        'Disable-NhiIdentity:StorePath' = $Store; 'Enable-NhiIdentity:StorePath' = $Store
        'Get-NhiChange:StorePath' = $Store; 'Undo-NhiChange:StorePath' = $Store
        'Remove-NhiCredential:StorePath' = $Store; 'Remove-NhiCredential:Confirm' = $false
        'Remove-NhiIdentity:StorePath' = $Store; 'Remove-NhiIdentity:Confirm' = $false
        'Revoke-NhiPermission:StorePath' = $Store; 'Revoke-NhiPermission:Confirm' = $false
        'Disable-NhiIdentity:Confirm' = $false; 'Enable-NhiIdentity:Confirm' = $false; 'Undo-NhiChange:Confirm' = $false
        'Get-NhiIdentity:StorePath' = (Join-Path $TestDrive 'owners.db'); 'Get-NhiFinding:StorePath' = (Join-Path $TestDrive 'owners.db')
        'Set-NhiOwner:StorePath' = (Join-Path $TestDrive 'owners.db')
    }

    function Connect-Labs {
        Connect-NhiEntra -Endpoint "$GraphBase/v1.0" -AccessToken (ConvertTo-SecureString $LabToken -AsPlainText -Force) | Out-Null
        Connect-NhiAws -Endpoint $IamUrl | Out-Null
    }
    function Get-Writes { @(@((Invoke-RestMethod "$GraphBase/_lab/log").entries) + @((Invoke-RestMethod "$IamUrl/_lab/log").entries) | Where-Object isWrite) }
    function Get-IamLog([string] $Action) { @((Invoke-RestMethod "$IamUrl/_lab/log").entries | Where-Object operation -eq $Action) }
    function Clear-Logs { Invoke-RestMethod "$GraphBase/_lab/log" -Method Delete | Out-Null; Invoke-RestMethod "$IamUrl/_lab/log" -Method Delete | Out-Null }
    function Set-Fault([string] $Base, [string] $Rule) { Invoke-RestMethod "$Base/_lab/faults" -Method Post -Body $Rule -ContentType 'text/plain' | Out-Null }
    function Clear-Faults { Invoke-RestMethod "$GraphBase/_lab/faults" -Method Delete | Out-Null; Invoke-RestMethod "$IamUrl/_lab/faults" -Method Delete | Out-Null }
    $script:Headers = @{ Authorization = "Bearer $LabToken" }
    function Get-SpEnabled([string] $AppId) {
        (Invoke-RestMethod "$GraphBase/v1.0/servicePrincipals(appId='$AppId')?`$select=accountEnabled" -Headers $Headers).accountEnabled
    }
    function Get-Findings([string[]] $Rule) { Get-NhiIdentity -Provider Entra, Aws | Get-NhiFinding -Rule $Rule }

    Connect-Labs
}

AfterAll {
    Restore-NhiTestStore
    Disconnect-NhiEntra -ErrorAction SilentlyContinue
    Disconnect-NhiAws -ErrorAction SilentlyContinue
    Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY -ErrorAction SilentlyContinue
    if ($script:LabProcess -and -not $script:LabProcess.HasExited) { Stop-Process -Id $script:LabProcess.Id }
}

Describe 'Disable-NhiIdentity guardrails' {
    BeforeEach { Connect-Labs; Clear-Faults; Clear-Logs }

    It '-WhatIf sends zero write requests' {
        $findings = Get-Findings NHI-DORMANT
        $findings.Count | Should -BeGreaterThan 1
        Clear-Logs
        $out = $findings | Disable-NhiIdentity -WhatIf
        $out | Should -BeNullOrEmpty
        Get-Writes | Should -BeNullOrEmpty
        Get-NhiChange | Where-Object Action -eq Disable | Where-Object IdentityId -in $findings.IdentityId | Should -BeNullOrEmpty
    }

    It '-MaximumChanges stops the whole pipeline with NhiBlastRadius before any read or write' {
        $findings = Get-Findings NHI-DORMANT
        $findings.Count | Should -Be 4
        Clear-Logs
        { $findings | Disable-NhiIdentity -MaximumChanges 3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'NhiBlastRadius,NhiTools.Commands.DisableNhiIdentityCommand'
        try { $findings | Disable-NhiIdentity -MaximumChanges 3 } catch { $_.Exception.Message | Should -Match 'disable 4 targets .*more than -MaximumChanges 3' }
        @((Invoke-RestMethod "$GraphBase/_lab/log").entries) + @((Invoke-RestMethod "$IamUrl/_lab/log").entries) | Should -BeNullOrEmpty
    }

    It 'never touches an identity tagged nhi-protected or listed in the policy file' {
        $webhook = Get-NhiIdentity -Provider Entra | Where-Object Name -eq 'app-webhook-relay'
        $appId = $webhook.Id.Substring(10)
        Invoke-RestMethod "$GraphBase/v1.0/servicePrincipals(appId='$appId')" -Method Patch -Headers $Headers -ContentType 'application/json' -Body '{"tags":["nhi-protected"]}' | Out-Null
        $policy = Join-Path $TestDrive 'protect.psd1'
        "@{ ProtectedIdentities = @('svc-old-*') }" | Set-Content $policy
        $findings = Get-Findings NHI-DORMANT | Where-Object IdentityName -in 'app-webhook-relay', 'svc-old-batch'
        $findings.Count | Should -Be 2
        Clear-Logs
        $out = $findings | Disable-NhiIdentity -Policy $policy -WarningVariable warnings -WarningAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        ($warnings -join "`n") | Should -Match 'e5f6d2e8.*tagged nhi-protected'
        ($warnings -join "`n") | Should -Match 'svc-old-batch: it is protected \(the policy lists it'
        Get-Writes | Should -BeNullOrEmpty
        Get-SpEnabled $appId | Should -BeTrue
    }

    It 'skips a target that changed since it was read (owner restored), with a warning and no write' {
        $sync = Get-NhiIdentity -Provider Aws | Where-Object Name -eq 'svc-inventory-sync'
        # Someone else restores an owner after $sync was read (Set-NhiOwner updates the object it is given: use another read).
        Get-NhiIdentity -Provider Aws | Where-Object Name -eq 'svc-inventory-sync' | Set-NhiOwner -Owner 'restored-owner@contoso.com' -Replace -Confirm:$false
        Clear-Logs
        $out = $sync | Disable-NhiIdentity -WarningVariable warnings -WarningAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        ($warnings -join "`n") | Should -Match 'owners of .*svc-inventory-sync changed since it was read'
        Get-IamLog PutUserPolicy | Should -BeNullOrEmpty
    }

    It 'fails with NhiNotConnected for an identity read from an export while its account is not connected, and acts once it is' {
        Disconnect-NhiAws
        $exported = Get-NhiIdentity -Path (Join-Path $EstatePath 'aws/111122223333') | Where-Object Name -eq 'svc-old-batch'
        $exported | Should -Not -BeNullOrEmpty
        $exported | Disable-NhiIdentity -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'NhiNotConnected,NhiTools.Commands.DisableNhiIdentityCommand'
        $errs[0].Exception.Message | Should -Match 'Connect-NhiAws'
        Connect-NhiAws -Endpoint $IamUrl | Out-Null
        Clear-Logs
        $change = $exported | Disable-NhiIdentity
        $change.Outcome | Should -Be 'Done'
        (Get-IamLog PutUserPolicy).Count | Should -Be 1
        $change | Undo-NhiChange | Select-Object -ExpandProperty Outcome | Should -Be 'Done'
    }
}

Describe 'Quarantine, change log and undo against the example estate' {
    BeforeEach { Connect-Labs; Clear-Faults; Clear-Logs }

    It 'quarantines the temporary-access findings (Entra accountEnabled, AWS deny-all policy), journals them, and undoes them' {
        $findings = Get-Findings NHI-TEMP-ACCESS-EXPIRED
        $findings.IdentityName | Sort-Object | Should -Be @('app-migration-temp', 'svc-migration-temp')
        $appId = ($findings | Where-Object Provider -eq Entra).IdentityId.Substring(10)
        Get-SpEnabled $appId | Should -BeTrue
        Clear-Logs

        $changes = @($findings | Disable-NhiIdentity -Reason 'CHG-1042')
        $changes.Count | Should -Be 2
        $changes.Outcome | Should -Be @('Done', 'Done')
        Get-SpEnabled $appId | Should -BeFalse
        (Get-IamLog PutUserPolicy).Count | Should -Be 1
        @((Invoke-RestMethod "$GraphBase/_lab/log").entries | Where-Object operation -eq 'servicePrincipals.update').Count | Should -Be 1

        # Quarantined identities read as disabled, so the findings are gone; a rerun by id sends nothing.
        Get-Findings NHI-TEMP-ACCESS-EXPIRED | Should -BeNullOrEmpty
        (Get-NhiIdentity -Provider Aws | Where-Object Name -eq 'svc-migration-temp').Enabled | Should -BeFalse
        Clear-Logs
        @(Disable-NhiIdentity -IdentityId $findings.IdentityId).Outcome | Should -Be @('Unchanged', 'Unchanged')
        Get-Writes | Should -BeNullOrEmpty

        $logged = @(Get-NhiChange -Action Disable | Where-Object IdentityId -in $findings.IdentityId | Where-Object Outcome -eq Done)
        $logged.Count | Should -Be 2
        $logged | ForEach-Object {
            $_.Reason | Should -Match '^NHI-TEMP-ACCESS-EXPIRED: .*; CHG-1042$'
            $_.Actor | Should -Not -BeNullOrEmpty
            $_.CanUndo | Should -BeTrue
        }
        ($logged | Where-Object Provider -eq Aws).After | Should -Match 'NhiTools-Quarantine'
        ($logged | Where-Object Provider -eq Entra).Before | Should -Be 'accountEnabled=true'

        Clear-Logs
        $undone = @($logged | Undo-NhiChange)
        $undone.Action | Should -Be @('Undo', 'Undo')
        $undone.Outcome | Should -Be @('Done', 'Done')
        Get-SpEnabled $appId | Should -BeTrue
        (Get-IamLog DeleteUserPolicy).Count | Should -Be 1
        Get-NhiChange -Action Disable | Where-Object Id -in $logged.Id | ForEach-Object { $_.UndoneBy | Should -Not -BeNullOrEmpty; $_.CanUndo | Should -BeFalse }
        { $logged[0] | Undo-NhiChange -WarningAction Stop } | Should -Throw '*already undone*'
    }

    It 'Enable-NhiIdentity releases exactly what Disable-NhiIdentity did' {
        $old = Get-NhiIdentity -Provider Aws | Where-Object Name -eq 'svc-old-batch'
        (Disable-NhiIdentity -IdentityId $old.Id).Outcome | Should -Be 'Done'
        Clear-Logs
        (Enable-NhiIdentity -IdentityId $old.Id).Outcome | Should -Be 'Done'
        (Get-IamLog DeleteUserPolicy).Count | Should -Be 1
        (Enable-NhiIdentity -IdentityId $old.Id).Outcome | Should -Be 'Unchanged'
    }

    It 'says plainly what it cannot undo' {
        $undo = Get-NhiChange -Action Undo | Select-Object -First 1
        $undo.CanUndo | Should -BeFalse
        $undo.UndoNote | Should -Match 'not undone'
        { $undo | Undo-NhiChange -ErrorAction Stop } | Should -Throw -ErrorId 'NhiCannotUndo,NhiTools.Commands.UndoNhiChangeCommand'
        { Undo-NhiChange -Id 'no-such-change' -ErrorAction Stop } | Should -Throw -ErrorId 'NhiChangeNotFound,NhiTools.Commands.UndoNhiChangeCommand'
    }
}

Describe 'Faults at the write' {
    BeforeEach { Connect-Labs; Clear-Faults; Clear-Logs }
    AfterEach { Clear-Faults }

    It 'a 403 leaves a Failed change that Undo-NhiChange handles (nothing was applied)' {
        $id = (Get-NhiIdentity -Provider Aws | Where-Object Name -eq 'svc-old-batch').Id
        Set-Fault $IamUrl 'op=PutUserPolicy status=403 code=AccessDenied'
        Disable-NhiIdentity -IdentityId $id -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Match '^NhiAwsAccessDenied'
        $failed = Get-NhiChange -IdentityId $id -Action Disable | Select-Object -Last 1
        $failed.Outcome | Should -Be 'Failed'
        $failed.Error | Should -Match 'AccessDenied'
        $failed.CanUndo | Should -BeTrue
        Clear-Faults
        ($failed | Undo-NhiChange).Outcome | Should -Be 'Unchanged'
    }

    It 'a write committed but answered by a dropped connection is retried once and recorded Done; Undo restores' {
        $findings = Get-Findings NHI-DORMANT | Where-Object IdentityName -eq 'app-quarterly-audit'
        $appId = $findings.IdentityId.Substring(10)
        Set-Fault $GraphBase 'op=servicePrincipals.update action=commit-drop times=1'
        $change = $findings | Disable-NhiIdentity
        $change.Outcome | Should -Be 'Done'
        Get-SpEnabled $appId | Should -BeFalse
        ($change | Undo-NhiChange).Outcome | Should -Be 'Done'
        Get-SpEnabled $appId | Should -BeTrue
    }
}

Describe 'Remove-NhiCredential' {
    BeforeEach { Connect-Labs; Clear-Faults; Clear-Logs }

    It 'removes the expired Entra client secrets of the example estate, journals what they were, and says it cannot undo that' {
        $findings = Get-Findings NHI-EXPIRED-CREDENTIAL
        $findings.Count | Should -Be 2
        Clear-Logs
        $changes = @($findings | Remove-NhiCredential -Reason 'expired')
        $changes.Action | Should -Be @('DeleteCredential', 'DeleteCredential')
        $changes.Outcome | Should -Be @('Done', 'Done')
        @((Invoke-RestMethod "$GraphBase/_lab/log").entries | Where-Object operation -like '*.removePassword').Count | Should -Be 2
        $live = Get-NhiIdentity -Provider Entra | Where-Object Id -in $findings.IdentityId
        $live.Credentials.Id | Should -Not -Contain $findings[0].CredentialId
        $live.Credentials.Id | Should -Not -Contain $findings[1].CredentialId
        $changes[0].Before | Should -Match "^ClientSecret $($findings[0].CredentialId)"
        $changes[0].CanUndo | Should -BeFalse
        $changes[0].UndoNote | Should -Match 'cannot be restored'
        { $changes[0] | Undo-NhiChange -ErrorAction Stop } | Should -Throw -ErrorId 'NhiCannotUndo,NhiTools.Commands.UndoNhiChangeCommand'
    }

    It 'deactivates an unused AWS key first, undoes that, then deletes it only after the hold' {
        $finding = Get-Findings NHI-UNUSED-CREDENTIAL | Where-Object IdentityName -eq 'svc-report-export'
        $key = $finding.CredentialId
        Clear-Logs
        $first = $finding | Remove-NhiCredential
        $first.Action | Should -Be 'DeactivateCredential'
        $first.After | Should -Be "AccessKey $key Inactive"
        (Get-IamLog UpdateAccessKey).Count | Should -Be 1
        Get-IamLog DeleteAccessKey | Should -BeNullOrEmpty

        ($first | Undo-NhiChange).Outcome | Should -Be 'Done'
        ((Get-NhiIdentity -Provider Aws | Where-Object Name -eq 'svc-report-export').Credentials | Where-Object Id -eq $key).Enabled | Should -BeTrue

        $id = $finding.IdentityId
        (Remove-NhiCredential -IdentityId $id -CredentialId $key).Action | Should -Be 'DeactivateCredential'
        Clear-Logs
        Remove-NhiCredential -IdentityId $id -CredentialId $key -WarningVariable held -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        ($held -join "`n") | Should -Match "access key $key was deactivated .*; a run after .* deletes it"
        Get-Writes | Should -BeNullOrEmpty

        $deleted = Remove-NhiCredential -IdentityId $id -CredentialId $key -HoldFor 0
        $deleted.Action | Should -Be 'DeleteCredential'
        $deleted.Outcome | Should -Be 'Done'
        (Get-IamLog DeleteAccessKey).Count | Should -Be 1
        (Get-NhiIdentity -Provider Aws | Where-Object Name -eq 'svc-report-export').Credentials.Id | Should -Not -Contain $key
    }

    It 'never removes the last working credential of an identity used in the last 30 days without -Force' {
        $busy = Get-NhiIdentity -Provider Aws | Where-Object {
            $_.LastUsedOn -gt [datetime]::UtcNow.AddDays(-30) -and @($_.Credentials | Where-Object { $_.Enabled -and (-not $_.ExpiresOn -or $_.ExpiresOn -gt [datetime]::UtcNow) }).Count -eq 1
        } | Select-Object -First 1
        $busy | Should -Not -BeNullOrEmpty
        $key = ($busy.Credentials | Where-Object Enabled).Id
        Clear-Logs
        $busy | Remove-NhiCredential -CredentialId $key -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'NhiLastCredential,NhiTools.Commands.RemoveNhiCredentialCommand'
        $errs[0].Exception.Message | Should -Match 'Invoke-NhiRotate.*-Force'
        Get-Writes | Should -BeNullOrEmpty
        # -Force with -WhatIf: it would go ahead, and still sends nothing.
        $busy | Remove-NhiCredential -CredentialId $key -Force -WhatIf | Should -BeNullOrEmpty
        Get-Writes | Should -BeNullOrEmpty
    }
}

Describe 'Remove-NhiIdentity' {
    BeforeEach { Connect-Labs; Clear-Faults; Clear-Logs }

    It 'deletes only what NhiTools quarantined past the hold; restores the Entra app; keeps what the AWS user had' {
        $entra = Get-NhiIdentity -Provider Entra | Where-Object Name -eq 'app-notify-gateway'
        $aws = Get-NhiIdentity -Provider Aws | Where-Object Name -eq 'svc-report-export'
        $appId = $entra.Id.Substring(10)

        # Not quarantined: refused, nothing sent.
        Remove-NhiIdentity -IdentityId $entra.Id, $aws.Id -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs.FullyQualifiedErrorId | Should -Be @('NhiNotQuarantined,NhiTools.Commands.RemoveNhiIdentityCommand', 'NhiNotQuarantined,NhiTools.Commands.RemoveNhiIdentityCommand')
        Get-Writes | Should -BeNullOrEmpty

        @(Disable-NhiIdentity -IdentityId $entra.Id, $aws.Id).Outcome | Should -Be @('Done', 'Done')
        # Within the hold: skipped with the date, nothing sent.
        Clear-Logs
        Remove-NhiIdentity -IdentityId $entra.Id, $aws.Id -WarningVariable held -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        ($held -join "`n") | Should -Match 'quarantined since .*; a run after .* deletes it'
        Get-Writes | Should -BeNullOrEmpty

        $deleted = @(Get-NhiChange -Action Disable -Undoable | Where-Object IdentityId -in $entra.Id, $aws.Id | Remove-NhiIdentity -HoldFor 0)
        $deleted.Action | Should -Be @('DeleteIdentity', 'DeleteIdentity')
        $deleted.Outcome | Should -Be @('Done', 'Done')
        { Invoke-RestMethod "$GraphBase/v1.0/applications(appId='$appId')" -Headers $Headers } | Should -Throw
        (Get-IamLog DeleteUser).Count | Should -Be 1
        $awsChange = $deleted | Where-Object Provider -eq Aws
        $before = $awsChange.Before | ConvertFrom-Json
        $before.UserName | Should -Be 'svc-report-export'
        $before.InlinePolicies.'NhiTools-Quarantine' | Should -Match '"Effect":"Deny"'
        $awsChange.CanUndo | Should -BeFalse
        $awsChange.UndoNote | Should -Match 'IAM cannot restore'
        Get-NhiIdentity -Provider Aws | Where-Object Name -eq 'svc-report-export' | Should -BeNullOrEmpty

        $restored = $deleted | Where-Object Provider -eq Entra | Undo-NhiChange
        $restored.Outcome | Should -Be 'Done'
        (Invoke-RestMethod "$GraphBase/v1.0/applications(appId='$appId')?`$select=appId" -Headers $Headers).appId | Should -Be $appId
        { $awsChange | Undo-NhiChange -ErrorAction Stop } | Should -Throw -ErrorId 'NhiCannotUndo,NhiTools.Commands.UndoNhiChangeCommand'
    }
}

Describe 'Review decisions flow down the pipeline' {
    BeforeEach { Connect-Labs; Clear-Faults; Clear-Logs }

    It 'Remove items bind to Disable-NhiIdentity and Reduce items to Revoke-NhiPermission by property name; -WhatIf writes nothing' {
        $user = Get-NhiIdentity -Provider Aws | Where-Object Name -eq 'svc-metrics-push'
        $dormant = @(Get-Findings NHI-DORMANT)[0]
        # Review items as Get-NhiReview emits them (IdentityId, Provider, Decision, UnusedPermissions).
        $items = @(
            [NhiTools.ReviewItem]@{ Review = 'q'; IdentityId = $dormant.IdentityId; IdentityName = $dormant.IdentityName; Provider = $dormant.Provider; Decision = 'Remove' }
            [NhiTools.ReviewItem]@{ Review = 'q'; IdentityId = $user.Id; IdentityName = $user.Name; Provider = 'Aws'; Decision = 'Reduce'; UnusedPermissions = @('CloudWatchAgentServerPolicy', 'put-metrics') }
        )
        Clear-Logs
        $items | Where-Object Decision -eq Remove | Disable-NhiIdentity -WhatIf | Should -BeNullOrEmpty
        $items | Where-Object Decision -eq Reduce | Revoke-NhiPermission -WhatIf | Should -BeNullOrEmpty
        Get-Writes | Should -BeNullOrEmpty
        # The targets were bound: the blast-radius guard counts them (one per identity, one per identity and permission).
        try { $items | Where-Object Decision -eq Remove | Disable-NhiIdentity -MaximumChanges 0 -ErrorAction Stop; throw 'not stopped' }
        catch { $_.FullyQualifiedErrorId | Should -Be 'NhiBlastRadius,NhiTools.Commands.DisableNhiIdentityCommand'; $_.Exception.Message | Should -Match 'disable 1 target' }
        try { $items | Where-Object Decision -eq Reduce | Revoke-NhiPermission -MaximumChanges 1 -ErrorAction Stop; throw 'not stopped' }
        catch { $_.FullyQualifiedErrorId | Should -Be 'NhiBlastRadius,NhiTools.Commands.RevokeNhiPermissionCommand'; $_.Exception.Message | Should -Match '2 targets' }
        Get-Writes | Should -BeNullOrEmpty
    }
}

Describe 'Revoke-NhiPermission' {
    BeforeEach { Connect-Labs; Clear-Faults; Clear-Logs }

    It 'detaches a managed policy and deletes an inline one (document journaled), and Undo-NhiChange puts both back' {
        $user = Get-NhiIdentity -Provider Aws | Where-Object Name -eq 'svc-metrics-push'
        $user.Permissions.Name | Should -Contain 'CloudWatchAgentServerPolicy'
        $user.Permissions.Name | Should -Contain 'put-metrics'
        Clear-Logs
        $user | Revoke-NhiPermission -Permission CloudWatchAgentServerPolicy, put-metrics -WhatIf
        Get-Writes | Should -BeNullOrEmpty

        $changes = @($user | Revoke-NhiPermission -Permission CloudWatchAgentServerPolicy, put-metrics -Reason 'least privilege')
        $changes.Action | Should -Be @('RevokePermission', 'RevokePermission')
        $changes.Outcome | Should -Be @('Done', 'Done')
        (Get-IamLog DetachUserPolicy).Count | Should -Be 1
        (Get-IamLog DeleteUserPolicy).Count | Should -Be 1
        ($changes | Where-Object Target -eq 'put-metrics').Before | Should -Match '(?s)^inline put-metrics\n\{.*"Statement"'
        ($changes | Where-Object Target -eq 'CloudWatchAgentServerPolicy').Before | Should -Match '^managed arn:aws:iam::aws:policy/'
        (Get-NhiIdentity -Provider Aws | Where-Object Name -eq 'svc-metrics-push').Permissions.Name | Should -Not -Contain 'put-metrics'

        $undone = @($changes | Undo-NhiChange)
        $undone.Outcome | Should -Be @('Done', 'Done')
        (Get-IamLog AttachUserPolicy).Count | Should -Be 1
        (Get-IamLog PutUserPolicy).Count | Should -Be 1
        $after = (Get-NhiIdentity -Provider Aws | Where-Object Name -eq 'svc-metrics-push').Permissions.Name
        $after | Should -Contain 'CloudWatchAgentServerPolicy'
        $after | Should -Contain 'put-metrics'
    }

    It 'removes a user from a group with group:<name>, refuses a policy held through the group, and puts the membership back' {
        $alice = Get-NhiIdentity -Provider Aws -IncludeHuman | Where-Object Name -eq 'alice.martin'
        $viaGroup = $alice.Permissions | Where-Object Via -eq 'group:developers' | Select-Object -First 1
        if ($viaGroup) {
            $alice | Revoke-NhiPermission -Permission $viaGroup.Name -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs[0].FullyQualifiedErrorId | Should -Be 'NhiInvalidTarget,NhiTools.Commands.RevokeNhiPermissionCommand'
            $errs[0].Exception.Message | Should -Match "revoke 'group:developers'"
        }
        $change = $alice | Revoke-NhiPermission -Permission group:developers
        $change.Outcome | Should -Be 'Done'
        $change.Before | Should -Be 'group developers'
        (Get-IamLog RemoveUserFromGroup).Count | Should -Be 1
        ($change | Undo-NhiChange).Outcome | Should -Be 'Done'
        (Get-IamLog AddUserToGroup).Count | Should -Be 1
    }

    It 'deletes an Entra app role assignment (what it was journaled), and Undo-NhiChange re-creates it' {
        $app = Get-NhiIdentity -Provider Entra | Where-Object Name -eq 'app-ledger-api' | Where-Object { $_.Permissions } | Select-Object -First 1
        $role = ($app.Permissions | Where-Object Type -eq 'AppRole' | Select-Object -First 1).Name
        $role | Should -Not -BeNullOrEmpty
        Clear-Logs
        $app | Revoke-NhiPermission -Permission $role -WhatIf
        Get-Writes | Should -BeNullOrEmpty

        $change = $app | Revoke-NhiPermission -Permission $role -Reason 'least privilege'
        $change.Outcome | Should -Be 'Done'
        $kept = $change.Before | ConvertFrom-Json
        $kept.kind | Should -Be 'appRoleAssignment'
        $kept.appRoleId | Should -Not -BeNullOrEmpty
        @((Invoke-RestMethod "$GraphBase/_lab/log").entries | Where-Object operation -eq 'servicePrincipals.appRoleAssignments.delete').Count | Should -Be 1
        (Get-NhiIdentity -Provider Entra | Where-Object Id -eq $app.Id).Permissions.Name | Should -Not -Contain $role

        ($change | Undo-NhiChange).Outcome | Should -Be 'Done'
        @((Invoke-RestMethod "$GraphBase/_lab/log").entries | Where-Object operation -eq 'servicePrincipals.appRoleAssignments.create').Count | Should -Be 1
        (Get-NhiIdentity -Provider Entra | Where-Object Id -eq $app.Id).Permissions.Name | Should -Contain $role
    }
}

Describe 'Key Vault cleanup' {
    BeforeAll {
        $port = ([uri]$GraphBase).Port + 2
        $script:Vault = "https://127.0.0.1:$port/"
        $pem = Join-Path ([System.IO.Path]::GetTempPath()) "nhitools-lab-$port.pem"
        $deadline = [datetime]::UtcNow.AddSeconds(60)
        while (-not (Test-Path $pem)) {
            if ([datetime]::UtcNow -gt $deadline) { throw "The Key Vault lab did not write its certificate ($pem)." }
            Start-Sleep -Milliseconds 200
        }
        Connect-NhiKeyVault -VaultUri $Vault -AccessToken (ConvertTo-SecureString 'lab-token' -AsPlainText -Force) -TrustedServerCertificate $pem | Out-Null
        function Invoke-Vault([string] $Path, [string] $Method = 'Get') {
            Invoke-RestMethod "$($Vault.TrimEnd('/'))$Path" -Method $Method -SkipCertificateCheck -Headers @{ Authorization = 'Bearer x' }
        }
        function Get-VaultWrites { @((Invoke-Vault '/_lab/log').entries | Where-Object isWrite) }
        function Get-Versions([string] $Name) { @((Invoke-Vault "/secrets/$Name/versions?api-version=7.5").value) }
    }
    AfterAll { Disconnect-NhiKeyVault -ErrorAction SilentlyContinue }

    It 'disables the current version of a secret (Disable-NhiIdentity, Remove-NhiCredential), -WhatIf writes nothing, and Undo/Enable re-enable that version' {
        $secret = Get-NhiIdentity -Provider KeyVault | Where-Object Name -eq 'scratch-api-key' | Select-Object -First 1
        $secret | Should -Not -BeNullOrEmpty
        Invoke-Vault '/_lab/log' Delete | Out-Null
        $secret | Disable-NhiIdentity -WhatIf
        $secret | Remove-NhiCredential -CredentialId $secret.Credentials[0].Id -WhatIf
        Get-VaultWrites | Should -BeNullOrEmpty

        $change = $secret | Disable-NhiIdentity -Reason 'leaked in a log'
        $change.Outcome | Should -Be 'Done'
        $change.Before | Should -Match '^version=\S+ enabled=true$'
        $version = $change.Before -replace '^version=(\S+) .*$', '$1'
        (Get-Versions 'scratch-api-key' | Where-Object { $_.id -like "*/$version" }).attributes.enabled | Should -BeFalse
        ($secret | Enable-NhiIdentity).After | Should -Be "version=$version enabled=true"

        $removed = $secret | Remove-NhiCredential -CredentialId $secret.Credentials[0].Id -Force
        $removed.Action | Should -Be 'DeactivateCredential'
        $removed.After | Should -Be "version=$version enabled=false"
        ($removed | Undo-NhiChange).Outcome | Should -Be 'Done'
        (Get-Versions 'scratch-api-key' | Where-Object { $_.id -like "*/$version" }).attributes.enabled | Should -BeTrue
    }
}

Describe 'examples/runbooks/Invoke-NhiCleanup.ps1' {
    BeforeEach { Clear-Faults; Clear-Logs }

    It 'previews with zero writes, runs, and a rerun changes nothing' {
        $runbook = Join-Path $RepoRoot 'examples/runbooks/Invoke-NhiCleanup.ps1'
        $a = @{ GraphEndpoint = "$GraphBase/v1.0"; GraphAccessToken = $LabToken; AwsEndpoint = $IamUrl; StorePath = (Join-Path $TestDrive 'runbook.db') }
        $preview = & $runbook @a -WhatIf 6>$null
        $preview.WhatIf | Should -BeTrue
        $preview.Problems | Should -BeNullOrEmpty
        Get-Writes | Should -BeNullOrEmpty

        $report = Join-Path $TestDrive 'cleanup.html'
        $run = & $runbook @a -ReportPath $report
        $run.Problems | Should -BeNullOrEmpty
        $run.Providers | Should -Be @('Entra', 'Aws')
        $run.Changed | Should -BeGreaterThan 0
        $run.Report | Should -Be $report
        Test-Path $report | Should -BeTrue

        $again = & $runbook @a
        $again.Problems | Should -BeNullOrEmpty
        $again.Changed | Should -Be 0
    }
}
