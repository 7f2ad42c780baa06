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

The file is written beside the target and then moved into place, so a failed export never leaves half a report.
No secret value is ever written: there is none in the objects.
'@
    Parameters  = @{
        InputObject = 'Identities (and optionally findings, rotation statuses, secret hits and agents from Get-NhiAgent), usually from the pipeline. Agents get an AI agents section and one node each on the access map; resolved agents add their NHI-AGENT-* findings when no findings are piped.'
        Path        = 'The file to write. Its folder must exist.'
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
