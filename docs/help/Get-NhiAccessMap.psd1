@{
    Synopsis    = 'Draws who can reach what: identities, credentials, systems, owners, and the edges between them.'
    Description = @'
Get-NhiAccessMap builds the estate's access graph from identities (and, optionally, their findings, which mark each
identity with its highest severity) and writes it as Mermaid, Graphviz DOT or JSON. Nodes are identities,
credentials, systems (AWS accounts, the Entra tenant, vaults, resource applications such as Microsoft Graph, OIDC
issuers and foreign accounts that can assume a role), owners and agents; edges are owns, has-credential, reaches,
can-assume, stored-in and acts-through. A registered agent piped in (NhiTools.Agent from Get-NhiAgent) is one node,
agent:<name>, with an acts-through edge to each identity it acts through and an owns edge from its owner.
Output is deterministic: the same input always gives the same text.
'@
    Parameters  = @{
        InputObject = 'Identities from Get-NhiIdentity, and optionally findings from Get-NhiFinding and agents from Get-NhiAgent.'
        As          = 'Mermaid (default), Dot or Json.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
        @{ Type = 'NhiTools.Finding'; Description = 'Findings from Get-NhiFinding (optional: they colour identities by risk).' }
        @{ Type = 'NhiTools.Agent'; Description = 'Agents from Get-NhiAgent (optional: each is drawn as one node over its identities).' }
    )
    Outputs     = 'System.String: the map in the chosen format.'
    Examples    = @(
        @{
            Title   = 'A Mermaid map of one AWS account for a wiki page'
            Code    = "Get-NhiIdentity -Path ./exports -Provider Aws | Get-NhiAccessMap | Set-Content ./aws-access.mmd"
            Remarks = 'Paste the file into any Mermaid renderer: roles other accounts or GitHub can assume show as can-assume edges.'
        }
        @{
            Title   = 'A Graphviz picture coloured by risk'
            Code    = @'
$ids = Get-NhiIdentity -Path ./exports
@($ids) + @($ids | Get-NhiFinding) | Get-NhiAccessMap -As Dot | Set-Content ./estate.dot
dot -Tsvg ./estate.dot -o ./estate.svg
'@
            Remarks = 'Findings mark each identity with its highest severity in the DOT output.'
        }
    )
    Links       = @('Export-NhiReport', 'Get-NhiFinding', 'about_NhiTools')
}
