@{
    Synopsis    = 'Removes an AI agent''s registration from the NhiTools store.'
    Description = @'
Unregister-NhiAgent deletes an agent's registration (and writes an audit row). The identities the agent acted through
are not touched: disable or remove them with their own tools. A name that is not registered is an NhiAgentNotFound
error, and a store that does not exist is not created to find that out.

Unregister-NhiAgent supports -WhatIf and -Confirm (ConfirmImpact Medium). Under -WhatIf nothing is written.
'@
    Parameters  = @{
        Name      = 'The agent to unregister (case-insensitive; tab completes registered names). Binds by property name, so Get-NhiAgent output pipes in.'
        StorePath = 'The NhiTools store (SQLite). Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db (%LOCALAPPDATA%\NhiTools\nhitools.db on Windows).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Agent'; Description = 'Registrations from Get-NhiAgent (Name binds by property name).' }
    )
    Outputs     = 'None.'
    Examples    = @(
        @{
            Title   = 'Preview, then unregister one agent'
            Code    = @'
Unregister-NhiAgent -Name support-copilot -WhatIf
Unregister-NhiAgent -Name support-copilot
'@
            Remarks = 'The first line only says what would be removed.'
        }
        @{
            Title   = 'Unregister every test agent'
            Code    = "Get-NhiAgent -Name 'test-*' | Unregister-NhiAgent -Confirm:`$false"
            Remarks = 'Each registration whose name starts with test- is removed without a prompt.'
        }
    )
    Links       = @('Register-NhiAgent', 'Get-NhiAgent', 'about_NhiTools')
}
