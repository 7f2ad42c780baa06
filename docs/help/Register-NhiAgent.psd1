@{
    Synopsis    = 'Registers an AI agent: the identities it acts through, its owner, its purpose and what it is meant to reach.'
    Description = @'
AI agents do not get identities of their own: they act through existing ones - service accounts, roles, app
registrations, tokens and vault secrets - only more often and across more workflows. Register-NhiAgent records an
agent as one thing: its name, the ids of the identities it acts through, the person or team accountable for it,
its purpose, and what it is meant to reach (-AllowedSystem) and hold (-AllowedPermission; wildcards allowed, such
as bedrock:Invoke* or s3:Get*). Get-NhiAgent then shows the union of what those identities can do and which of
those rights were never meant for the agent; Get-NhiFinding runs the NHI-AGENT-* rules on every registered agent.

Registrations live in the NhiTools store (SQLite), with an audit row for every change. Registering a name that
exists updates it - a warning says so - and keeps what is not given again (its identities, owner, declarations
and RegisteredOn). Identities piped in bind by their Id and all join the one agent named with -Name.

-RegisteredOn says when the agent went into service (default: now, on the first registration). Identities created
well before it (AgentIdentityGraceDays in the policy, 30 days) that hold rights of their own are inherited, not
made for the agent (NHI-AGENT-INHERITED).

Register-NhiAgent supports -WhatIf and -Confirm. Under -WhatIf nothing is written and no store is created.
'@
    Parameters  = @{
        Name              = 'The agent''s name: unique in the store (case-insensitive), without wildcard characters or line breaks. Binds by property name, so Get-NhiAgent output pipes back in.'
        Identity          = 'Ids of the identities the agent acts through (aws:<arn>, entra:app:<appId>, entra:sp:<objectId>, keyvault:<vault>/<secret>), or NhiTools.Identity objects, whose Id binds from the pipeline. Required for a new agent; on an update, leaving it out keeps the stored identities.'
        Owner             = 'The person or team accountable for the agent (UPN, e-mail or team). An empty string removes it.'
        Purpose           = 'What the agent is for, in a sentence; shown with its findings.'
        AllowedSystem     = 'Systems the agent is meant to reach: aws:<account>, entra:<tenant>, keyvault:<vault>, ARNs or resource apps. Wildcards allowed. Permissions on resources outside them are undeclared.'
        AllowedPermission = 'Permissions, policy names or actions the agent is meant to hold (bedrock:InvokeModel, s3:Get*, User.Read.All). Wildcards allowed. A permission is declared when its name matches, or every action it grants does.'
        RegisteredOn      = 'When the agent went into service. Default: now on the first registration; kept on updates unless given.'
        StorePath         = 'The NhiTools store (SQLite) to write to. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity: their Id joins the agent named with -Name.' }
        @{ Type = 'NhiTools.Agent'; Description = 'Registrations from Get-NhiAgent, to update them (Name, Identities, Owner, Purpose, AllowedSystems, AllowedPermissions, RegisteredOn bind by property name).' }
    )
    Outputs     = 'NhiTools.Agent: the registration as stored.'
    Examples    = @(
        @{
            Title   = 'Register an agent that acts through an old shared service account and its own new role'
            Code    = @'
Register-NhiAgent -Name support-copilot -Owner 'ai-platform-team@contoso.com' -Purpose 'Answers support tickets' `
    -Identity 'aws:arn:aws:iam::111122223333:user/svc-helpdesk-legacy', 'aws:arn:aws:iam::111122223333:role/role-support-copilot' `
    -AllowedSystem 'aws:111122223333' -AllowedPermission 'bedrock:InvokeModel', 's3:GetObject' -RegisteredOn '2026-10-01'
'@
            Remarks = 'Get-NhiAgent with identities piped in then shows what both identities can do together, and which rights go beyond bedrock:InvokeModel and s3:GetObject.'
        }
        @{
            Title   = 'Pipe identities in, preview, then register'
            Code    = @'
Get-NhiIdentity -Path ./exports -Name 'svc-bot*' | Register-NhiAgent -Name claims-bot -WhatIf
Get-NhiIdentity -Path ./exports -Name 'svc-bot*' | Register-NhiAgent -Name claims-bot -Owner 'priya.raman@contoso.com'
'@
            Remarks = 'Every identity whose name starts with svc-bot joins the one agent claims-bot; the first line only says what would be written.'
        }
        @{
            Title   = 'Give a registered agent an owner, keeping everything else'
            Code    = "Get-NhiAgent -Name ops-agent | Register-NhiAgent -Owner 'platform-team@contoso.com'"
            Remarks = 'Re-registering updates the agent (a warning says so); what is not given again is kept.'
        }
    )
    Links       = @('Get-NhiAgent', 'Unregister-NhiAgent', 'Get-NhiFinding', 'about_NhiTools')
}
