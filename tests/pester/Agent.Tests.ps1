BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ManifestPath -Force
    $report = Join-Path $TestDrive 'report.csv'
    New-CredentialReport $report
    $oldId = 'aws:arn:aws:iam::123456789012:user/svc-old'
    $newId = 'aws:arn:aws:iam::123456789012:user/svc-new'
    $estate = Get-NhiIdentity -Path $EstatePath
}

Describe 'Register-NhiAgent, Get-NhiAgent, Unregister-NhiAgent' {
    BeforeEach {
        $store = Join-Path $TestDrive "store-$([guid]::NewGuid().ToString('N')).db"
    }

    It 'registers, lists, updates (saying so) and unregisters' {
        $a = Register-NhiAgent -Name claims-bot -Identity $oldId -Owner 'priya@contoso.com' -Purpose 'Sorts claims' -AllowedPermission 's3:Get*' -StorePath $store
        $a | Should -BeOfType NhiTools.Agent
        $a.Identities | Should -Be @($oldId)
        $a.AllowedPermissions | Should -Be @('s3:Get*')
        (Get-NhiAgent -StorePath $store).Name | Should -Be 'claims-bot'
        (Get-NhiAgent -Name 'claims*' -StorePath $store).Resolved | Should -BeFalse

        $u = Register-NhiAgent -Name CLAIMS-BOT -Identity $newId -StorePath $store -WarningVariable warned 3>$null
        $warned | Should -Match 'already registered'
        $u.Identities | Should -Be @($newId)
        $u.Owner | Should -Be 'priya@contoso.com'   # kept: not given again
        @(Get-NhiAgent -StorePath $store).Count | Should -Be 1

        Unregister-NhiAgent -Name claims-bot -StorePath $store -Confirm:$false
        Get-NhiAgent -StorePath $store | Should -BeNullOrEmpty
    }

    It 'binds identities from the pipeline by Id into one agent' {
        $a = Get-NhiIdentity -Path $report -Name 'svc-*' -StorePath $store | Register-NhiAgent -Name pipe-bot -StorePath $store
        @($a).Count | Should -Be 1
        $a.Identities | Sort-Object | Should -Be @($newId, $oldId)
        # Registrations pipe back in by property name.
        $b = Get-NhiAgent -Name pipe-bot -StorePath $store | Register-NhiAgent -Owner 'team-x' -StorePath $store 3>$null
        $b.Identities | Sort-Object | Should -Be @($newId, $oldId)
        $b.Owner | Should -Be 'team-x'
    }

    It 'writes nothing under -WhatIf' {
        Register-NhiAgent -Name what-bot -Identity $oldId -StorePath $store -WhatIf
        $store | Should -Not -Exist
        Register-NhiAgent -Name what-bot -Identity $oldId -StorePath $store | Out-Null
        Register-NhiAgent -Name what-bot -Identity $newId -Owner 'x' -StorePath $store -WhatIf
        (Get-NhiAgent -Name what-bot -StorePath $store).Identities | Should -Be @($oldId)
        Unregister-NhiAgent -Name what-bot -StorePath $store -WhatIf
        (Get-NhiAgent -Name what-bot -StorePath $store).Name | Should -Be 'what-bot'
    }

    It 'rejects bad input with stable error ids and changes nothing' {
        { Register-NhiAgent -Name 'bot*' -Identity $oldId -StorePath $store } | Should -Throw -ErrorId 'NhiInvalidAgentName,NhiTools.Commands.RegisterNhiAgentCommand'
        Register-NhiAgent -Name no-ids -StorePath $store -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'NhiAgentWithoutIdentity,NhiTools.Commands.RegisterNhiAgentCommand'
        $store | Should -Not -Exist
        Unregister-NhiAgent -Name nobody -StorePath $store -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'NhiAgentNotFound,NhiTools.Commands.UnregisterNhiAgentCommand'
        Get-NhiAgent -Name nobody -StorePath $store -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -Be 'NhiAgentNotFound,NhiTools.Commands.GetNhiAgentCommand'
        $store | Should -Not -Exist
        { Get-NhiAgent -Candidate -StorePath $store } | Should -Throw -ErrorId 'NhiIdentitiesRequired,NhiTools.Commands.GetNhiAgentCommand'
    }

    It 'is seen by another process using the same store' {
        $env:NHITOOLS_STORE = $store
        try {
            $set = Invoke-FreshPwsh "Register-NhiAgent -Name proc-bot -Identity '$oldId' -Owner 'team-a' | Out-Null"
            $set.ExitCode | Should -Be 0
            (Get-NhiAgent -Name proc-bot).Owner | Should -Be 'team-a'
            $get = Invoke-FreshPwsh "(Get-NhiAgent -Name proc-bot).Owner"
            $get.Output.Trim() | Should -Be 'team-a'
        }
        finally { $env:NHITOOLS_STORE = $TestStore }
    }

    It 'completes agent names from the store' {
        Register-NhiAgent -Name complete-me -Identity $oldId -StorePath $store | Out-Null
        $line = "Get-NhiAgent -StorePath '$store' -Name comp"
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Contain 'complete-me'
    }
}

Describe 'Agents on the example estate' {
    BeforeAll {
        $store = Join-Path $TestDrive 'estate-agents.db'
        & (Join-Path $RepoRoot 'examples/agents.ps1') -StorePath $store | Out-Null
        $agents = $estate | Get-NhiAgent -StorePath $store
        $findings = $estate | Get-NhiFinding -StorePath $store -AsOf $EstateAsOf -Rule NHI-AGENT-INHERITED, NHI-AGENT-UNSCOPED, NHI-AGENT-UNOWNED, NHI-AGENT-CHAINED
    }

    It 'shows an agent''s effective access across its identities' {
        $copilot = $agents | Where-Object Name -eq 'support-copilot'
        $copilot.Resolved | Should -BeTrue
        $copilot.MissingIdentities | Should -BeNullOrEmpty
        $copilot.EffectivePermissions.Name | Should -Be @('helpdesk-tickets', 'helpdesk-mail', 'invoke-model', 'read-attachments')
        ($copilot.EffectivePermissions | Where-Object Name -eq 'invoke-model').Via | Should -Be @('aws:arn:aws:iam::111122223333:role/role-support-copilot')
        ($copilot.EffectivePermissions | Where-Object Name -eq 'helpdesk-mail').Via | Should -Be @('aws:arn:aws:iam::111122223333:user/svc-helpdesk-legacy')
        $copilot.UndeclaredPermissions.Name | Should -Be @('helpdesk-tickets', 'helpdesk-mail')
        $copilot.InheritedIdentities.IdentityName | Should -Be 'svc-helpdesk-legacy'
        # One agent across Entra and AWS.
        $claims = $agents | Where-Object Name -eq 'claims-triage'
        $claims.EffectiveSystems | Should -Contain 'aws:111122223333'
        $claims.EffectiveSystems | Should -Contain 'entra:3c5e8b21-7a94-4d6f-9b02-8e1f4c6d2a70'
    }

    It 'names the inherited and undeclared rights with evidence' {
        $inherited = $findings | Where-Object { $_.Rule -eq 'NHI-AGENT-INHERITED' -and $_.IdentityName -eq 'support-copilot' }
        $inherited.Severity | Should -Be 'High'
        $inherited.Owasp | Should -Be 'NHI9'
        $inherited.Evidence | Should -Match 'svc-helpdesk-legacy'
        $inherited.Evidence | Should -Match 'helpdesk-portal'
        $inherited.Evidence | Should -Match 'ses:SendEmail'
        $unscoped = $findings | Where-Object { $_.Rule -eq 'NHI-AGENT-UNSCOPED' -and $_.IdentityName -eq 'support-copilot' }
        $unscoped.Evidence | Should -Match 'dynamodb:PutItem, dynamodb:DeleteItem'
        $unscoped.Evidence | Should -Not -Match 'invoke-model'
        $unscoped.IdentityId | Should -Be 'agent:support-copilot'
    }

    It 'fires chained and unowned for ops-agent, and nothing unowned for owned agents' {
        $ops = $findings | Where-Object IdentityName -eq 'ops-agent'
        $ops.Rule | Should -Contain 'NHI-AGENT-CHAINED'
        $ops.Rule | Should -Contain 'NHI-AGENT-UNOWNED'
        ($ops | Where-Object Rule -eq 'NHI-AGENT-CHAINED').Evidence | Should -Match 'role-ci-passrole'
        @($findings | Where-Object { $_.Rule -eq 'NHI-AGENT-UNOWNED' }).Count | Should -Be 1
    }

    It 'takes resolved agents from the pipeline in Get-NhiFinding without double counting' {
        $again = @($estate) + @($agents) | Get-NhiFinding -StorePath $store -AsOf $EstateAsOf -Rule NHI-AGENT-INHERITED, NHI-AGENT-UNSCOPED, NHI-AGENT-UNOWNED, NHI-AGENT-CHAINED
        @($again).Count | Should -Be @($findings).Count
        $piped = $agents | Get-NhiFinding -AsOf $EstateAsOf -StorePath (Join-Path $TestDrive 'none.db')
        @($piped | Where-Object Rule -like 'NHI-AGENT-*').Count | Should -Be @($findings).Count
    }

    It 'lists likely agents nobody registered' {
        $candidates = $estate | Get-NhiAgent -Candidate -StorePath (Join-Path $TestDrive 'empty.db')
        $candidates | ForEach-Object { $_.IsCandidate | Should -BeTrue }
        ($candidates | Where-Object Name -eq 'support-copilot').CandidateReason | Should -Match 'bedrock:InvokeModel'
        ($candidates | Where-Object Name -eq 'Claims Triage Agent').CandidateReason | Should -Match 'AgentIdentity'
        ($candidates | Where-Object Name -eq 'role-ops-agent').CandidateReason | Should -Match 'bedrock-agentcore'
        # Registered identities are no longer candidates.
        $left = $estate | Get-NhiAgent -Candidate -StorePath $store
        $left.Identities | Should -Not -Contain 'aws:arn:aws:iam::111122223333:role/role-ops-agent'
    }

    It 'draws each agent as one node acting through its identities, in the map and the report' {
        $json = @($estate) + @($agents) | Get-NhiAccessMap -As Json | ConvertFrom-Json
        ($json.nodes | Where-Object id -eq 'agent:support-copilot').kind | Should -Be 'Agent'
        ($json.edges | Where-Object { $_.from -eq 'agent:support-copilot' -and $_.kind -eq 'acts-through' }).to | Sort-Object |
            Should -Be @('aws:arn:aws:iam::111122223333:role/role-support-copilot', 'aws:arn:aws:iam::111122223333:user/svc-helpdesk-legacy')
        $html = Join-Path $TestDrive 'agents.html'
        @($estate) + @($agents) | Export-NhiReport -Path $html -AsOf $EstateAsOf
        $text = Get-Content $html -Raw
        $text | Should -Match '<section id="agents">'
        $text | Should -Match 'NHI-AGENT-INHERITED'
    }
}

AfterAll { Restore-NhiTestStore }
