<#
.SYNOPSIS
    Registers the AI agents of the example estate (examples/estate) in an NhiTools store.
.DESCRIPTION
    Agent registrations are not an export format, so they live here, as the Register-NhiAgent calls an admin would run.
    Each agent acts through identities of the estate; what each one declares it needs (-AllowedSystem,
    -AllowedPermission) is what Get-NhiAgent and Get-NhiFinding compare its effective access with.
      support-copilot  an old service account shared with the helpdesk portal (svc-helpdesk-legacy, 2023) plus its
                       own new role: inherited rights beyond its purpose (NHI-AGENT-INHERITED, NHI-AGENT-UNSCOPED).
      ops-agent        a runtime role that may assume role-ci-passrole and role-partner-audit, and no owner
                       (NHI-AGENT-CHAINED, NHI-AGENT-UNOWNED, NHI-AGENT-UNSCOPED).
      claims-triage    one agent across Entra (Agent ID identity and blueprint) and AWS (an IAM user with bedrock:*):
                       it declares bedrock:InvokeModel only (NHI-AGENT-UNSCOPED).
    Re-running it updates the registrations (Register-NhiAgent warns that each one existed).
.EXAMPLE
    ./examples/agents.ps1 -StorePath ./demo.db
    Get-NhiIdentity -Path ./examples/estate | Get-NhiAgent -StorePath ./demo.db
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    # The NhiTools store to register in (default: $env:NHITOOLS_STORE, else the per-user store).
    [string] $StorePath
)
$ErrorActionPreference = 'Stop'
$store = if ($StorePath) { @{ StorePath = $StorePath } } else { @{} }
$prod = '111122223333'
$tenant = '3c5e8b21-7a94-4d6f-9b02-8e1f4c6d2a70'

Register-NhiAgent @store -Name 'support-copilot' -Owner 'ai-platform-team@contoso.com' -Purpose 'Drafts answers to support tickets' `
    -Identity "aws:arn:aws:iam::${prod}:user/svc-helpdesk-legacy", "aws:arn:aws:iam::${prod}:role/role-support-copilot" `
    -AllowedSystem "aws:$prod" -AllowedPermission 'bedrock:InvokeModel', 's3:GetObject', 'dynamodb:Query' `
    -RegisteredOn '2026-10-01T00:00:00Z'

Register-NhiAgent @store -Name 'ops-agent' -Purpose 'Runs operational runbooks from chat' `
    -Identity "aws:arn:aws:iam::${prod}:role/role-ops-agent" `
    -AllowedSystem "aws:$prod" -AllowedPermission 'bedrock-agentcore:*' `
    -RegisteredOn '2026-10-15T00:00:00Z'

Register-NhiAgent @store -Name 'claims-triage' -Owner 'priya.raman@contoso.com' -Purpose 'Sorts incoming insurance claims' `
    -Identity 'entra:sp:81d24499-0c33-4b87-88af-3ca6acb54d5d', 'entra:app:3ca3a021-d8b8-4ac0-bd94-267195839f1f', "aws:arn:aws:iam::${prod}:user/agent-claims-triage" `
    -AllowedSystem "aws:$prod", "entra:$tenant" -AllowedPermission 'bedrock:InvokeModel', 'User.Read.All' `
    -RegisteredOn '2026-08-21T00:00:00Z'
