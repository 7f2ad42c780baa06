@{
    Synopsis    = 'Lists AI agents with their effective access across every identity they act through, or finds likely agents nobody registered.'
    Description = @'
Get-NhiAgent lists the agents registered with Register-NhiAgent. Without identities it returns the registrations
only (Resolved is false). Pipe identities in (Get-NhiIdentity -Path ./exports | Get-NhiAgent) and each agent comes
back with what it can do as one thing:

- EffectiveSystems and EffectivePermissions: the union across its identities, without duplicates; each permission's
  Via names every identity that grants it.
- UndeclaredPermissions and UndeclaredSystems: what goes beyond its AllowedPermissions / AllowedSystems (all of it
  when the agent declares nothing), each with the reason.
- InheritedIdentities: identities it shares with other agents or workloads (workload tags), or that existed more
  than AgentIdentityGraceDays before the agent went into service and kept their own rights.
- Chains: further identities its identities can become - roles it may assume (sts:AssumeRole on * or on roles of
  the estate), roles whose trust names one of its identities, other identities' credentials in vault secrets it reads.
- MissingIdentities: registered ids that were not among the identities given; a warning says its access is
  incomplete (a missing identity is never read as one without rights).

-Candidate instead lists likely agents nobody registered, each with CandidateReason: Entra Agent ID identities and
blueprints (kind AgentIdentity), identities tagged as an agent's (agent, ai ... tags; one agent name in the tag
makes its identities one candidate), identities whose rights reach AI model endpoints (Azure OpenAI / Cognitive
Services roles, bedrock:InvokeModel, bedrock:*, bedrock-agentcore:*), and names with agent words (weak evidence).
Candidates are never registered: register the real ones with Register-NhiAgent.

The store is read, never created.
'@
    Parameters  = @{
        Name        = 'Only agents whose name matches one of these patterns (wildcards allowed; tab completes registered names). A plain name that is not registered is an NhiAgentNotFound error.'
        InputObject = 'Identities from Get-NhiIdentity, usually from the pipeline: effective access is worked out from them, and -Candidate looks among them.'
        Candidate   = 'List likely agents that are not registered, with why, instead of the registered ones. Needs identities.'
        Policy      = 'A policy file (.psd1) overriding AgentTagKeys, AgentWords, ModelEndpointPermissions, ModelEndpointActions, AgentIdentityGraceDays and the workload tag keys (SharedTagKeys).'
        StorePath   = 'The NhiTools store (SQLite) to read registrations from. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
    )
    Outputs     = 'NhiTools.Agent: Name, Identities, Owner, Purpose, AllowedSystems, AllowedPermissions, RegisteredOn, EffectiveSystems, EffectivePermissions, UndeclaredPermissions, UndeclaredSystems, InheritedIdentities, Chains, MissingIdentities, Resolved, IsCandidate, CandidateReason.'
    Examples    = @(
        @{
            Title   = 'What one agent can do across all its identities, and what it never declared'
            Code    = @'
$agent = Get-NhiIdentity -Path ./examples/estate | Get-NhiAgent -Name support-copilot
$agent.EffectivePermissions | Format-Table
$agent.UndeclaredPermissions | Select-Object Name, Resource, Via, Reason
'@
            Remarks = 'One row per permission with the identities that grant it, then the rights beyond what the agent was registered for.'
        }
        @{
            Title   = 'Find agents nobody registered'
            Code    = 'Get-NhiIdentity -Path ./exports | Get-NhiAgent -Candidate | Format-Table Name, Identities, CandidateReason -Wrap'
            Remarks = 'Entra Agent ID identities, identities tagged agent=..., and identities that can call Bedrock or Azure OpenAI, each with the reason.'
        }
        @{
            Title   = 'Findings and the access map for agents'
            Code    = @'
$ids = Get-NhiIdentity -Path ./exports
$agents = $ids | Get-NhiAgent
$agents | Get-NhiFinding
@($ids) + @($agents) | Get-NhiAccessMap -As Mermaid
'@
            Remarks = 'Agents piped into Get-NhiFinding get the NHI-AGENT-* rules; on the map each agent is one node with acts-through arrows to its identities.'
        }
    )
    Links       = @('Register-NhiAgent', 'Unregister-NhiAgent', 'Get-NhiFinding', 'Get-NhiAccessMap', 'about_NhiTools')
}
