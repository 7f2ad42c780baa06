@{
    Synopsis    = 'Writes the estate report: one self-contained HTML page that opens offline, or CSV, JSON or SARIF.'
    Description = @'
Export-NhiReport writes what an auditor reads without a prompt. The HTML report is a single file with everything
inlined (no CDN, no script from anywhere; it opens offline): summary tiles, charts of credential age, findings by
OWASP category, by severity and by provider, the "fix these first" table with evidence and remediation, the
unowned identities, the credentials to rotate, secrets found in files (masked) and the access map.

Pipe identities in; findings and rotation statuses are computed with the default policy unless you pipe your own
(for example Get-NhiFinding -Policy ... output) along with the identities. CSV holds the findings, JSON the
identities and findings, SARIF the findings with OWASP tags and severities for code-scanning tools.

With -Review, Export-NhiReport renders an access review campaign (New-NhiReview) instead: -Path is a folder that gets
one self-contained HTML page per owner (what they own, what it uses, what to decide, decisions taken), unowned.html for
identities nobody owns, and index.html, the summary for the auditor: states, decisions with who, when and why, keeps of
unused rights or of unowned identities with their justification, and the exceptions on the campaign's identities.

The file is written beside the target and then moved into place, so a failed export never leaves half a report.
No secret value is ever written: there is none in the objects.
'@
    Parameters  = @{
        InputObject = 'Identities (and optionally findings, rotation statuses, secret hits and agents from Get-NhiAgent), usually from the pipeline. Agents get an AI agents section and one node each on the access map; resolved agents add their NHI-AGENT-* findings when no findings are piped.'
        Path        = 'The file to write. Its folder must exist. With -Review: the folder to write the pages into (created if needed).'
        Review      = 'The name of an access review campaign (New-NhiReview) to render as one page per owner and an auditor summary.'
        StorePath   = 'The store holding review campaigns and exceptions: with -Review, the campaign to render; otherwise the HTML report shows each identity''s last review decision, next due date and exceptions in force from it. Read only, never created. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db.'
        Format      = 'Html, Csv, Json or Sarif. Default: from the extension of -Path (.html, .csv, .json, .sarif), else Html.'
        AsOf        = 'The moment the report is for. Default: now.'
        Title       = 'The report title. Default: NhiTools report.'
        NoClobber   = 'Do not overwrite an existing file (error NhiFileExists).'
        PassThru    = 'Return the written file.'
        Policy      = 'A policy file (.psd1, the shape of NhiTools.Policy.psd1 in the module folder) for the findings the report computes itself, when no findings are piped. Default: the built-in policy.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
        @{ Type = 'NhiTools.Finding'; Description = 'Findings, when you want your own policy''s instead of the defaults.' }
        @{ Type = 'NhiTools.SecretFinding'; Description = 'Secrets from Find-NhiSecret, shown masked.' }
        @{ Type = 'NhiTools.Agent'; Description = 'Agents from Get-NhiAgent: a section of their own and one node each on the access map.' }
    )
    Outputs     = 'None, or System.IO.FileInfo with -PassThru.'
    Examples    = @(
        @{
            Title   = 'One page per owner for the quarterly review'
            Code    = 'Export-NhiReport -Review 2026-Q4 -Path ./review-2026-Q4 -PassThru'
            Remarks = 'Writes index.html (the auditor''s summary) and one owner-*.html page per owner, each opening offline.'
        }
        @{
            Title   = 'An offline HTML report of the whole estate'
            Code    = "Get-NhiIdentity -Path ./exports | Export-NhiReport -Path ./nhi-report.html -Title 'Contoso NHI audit'"
            Remarks = 'Open nhi-report.html in any browser, with or without a network.'
        }
        @{
            Title   = 'SARIF with a stricter policy and the secrets found in a repository'
            Code    = @'
$ids = Get-NhiIdentity -Path ./exports
$hits = Find-NhiSecret -Path ./repo -Identity $ids
@($ids) + @($ids | Get-NhiFinding -Policy ./strict.psd1) + @($hits) | Export-NhiReport -Path ./nhi.sarif
'@
            Remarks = 'Because findings were piped, the report uses them instead of the default policy''s.'
        }
    )
    Links       = @('Get-NhiFinding', 'Get-NhiAccessMap', 'Find-NhiSecret', 'about_NhiTools')
}
