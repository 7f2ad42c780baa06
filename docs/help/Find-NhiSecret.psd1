@{
    Synopsis    = 'Finds credentials written into scripts, configuration, pipelines and runbooks, without ever showing them.'
    Description = @'
Find-NhiSecret reads files and folders (recursively) and reports every credential written into them: AWS access key
ids (AKIA, ASIA, ABIA, ACCA) and secret keys, Entra client secrets, connection strings with passwords or account keys,
database and other URLs with a password (postgres://, mysql://, mongodb+srv://, redis://, https://user:pass@),
Azure storage account keys, PEM private keys (also inside JSON strings), Google Cloud service-account key files,
GitHub, GitLab and Slack tokens, Slack webhooks, OpenAI, Anthropic and npm keys, JWTs (signed or not), and password or
secret assignments that pass an entropy test. It reports where
(Path, Line, Column), what kind, a masked form (at most four real characters) and a fingerprint (the first 16 hex
digits of the value's SHA-256, so two hits can be compared without revealing either) - never the value, in no
property, message or error.

Documentation examples (AKIAIOSFODNN7EXAMPLE and the like), placeholders (<your-secret>, ${{ secrets.X }},
$env:X, %VAR%, {{ x }}), empty and low-entropy values are not reported. Binary files and files over -MaxFileSize
are skipped with a verbose message; .git, node_modules, bin and obj folders are not entered.

With -History, Path is a git repository and every commit reachable from any branch or tag is read through the git
executable (one streamed git log; nothing is checked out or written). A secret is reported once per value and path,
at the oldest commit that added it, with Commit, Author, CommitDate and InWorkingTree: False means it was removed
from the files but is still in the history, so it has leaked and must be rotated, not just deleted.

A file that cannot be read or scanned (vanished, unreadable, malformed) is one error record; every other file is
still scanned.

With -Identity, a hit is linked to the identity it belongs to: an AWS key id to the IAM user that holds that key,
an AWS secret key next to a linked key id to the same user, an Entra client secret to the app whose credential hint
matches its first three characters and whose application id appears in the same file. A Google Cloud key file
names its own identity: its hit's IdentityId is gcp:sa:<client_email>.
'@
    Parameters  = @{
        Path        = 'Files or folders to scan. Wildcards are resolved as in any file cmdlet. Accepts FullName from Get-ChildItem on the pipeline.'
        Include     = 'Only files whose path matches one of these globs (*, ?, **), for example *.ps1 or **/pipelines/**.'
        Exclude     = 'Skip files whose path matches one of these globs.'
        Identity    = 'Identities (from Get-NhiIdentity) to link hits to. An id string binds too, as an identity without credentials (see about_NhiTools, IDENTITY PARAMETERS); pipe Get-NhiIdentity when keys must link.'
        MaxFileSize = 'Files larger than this many bytes are skipped. Default: 10 MB.'
        AsSarif     = 'Write one SARIF 2.1.0 document (a string, for code-scanning tools) instead of objects. With -History each result also carries commit, author, commitDate, pathInCommit and inWorkingTree in its properties and commitSha/v1 in partialFingerprints.'
        History     = 'Scan every commit reachable in the git repository at Path (all branches and tags), through the git executable, streamed; adds Commit, Author, CommitDate and InWorkingTree to each hit. Needs git on PATH.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Paths, or objects with a FullName property such as the output of Get-ChildItem.' }
    )
    Outputs     = 'NhiTools.SecretFinding (Path, Line, Column, Kind, Masked, Fingerprint, IdentityId; with -History also Commit, Author, CommitDate, InWorkingTree), or a SARIF string with -AsSarif.'
    Examples    = @(
        @{
            Title   = 'Which identity''s key is sitting in this repository'
            Code    = @'
$ids = Get-NhiIdentity -Path ./exports
Find-NhiSecret -Path ./repo -Identity $ids | Where-Object IdentityId
'@
            Remarks = 'Every secret in ./repo that belongs to an inventoried identity, with file and line: rotate those credentials first.'
        }
        @{
            Title   = 'Secrets that were removed but are still in the git history'
            Code    = @'
Find-NhiSecret -Path ./repo -History |
    Where-Object { -not $_.InWorkingTree } |
    Select-Object Kind, Path, Commit, Author, CommitDate, Masked
'@
            Remarks = 'Every credential ever committed to any branch of ./repo and deleted since: deleting it did not un-leak it; rotate it.'
        }
        @{
            Title   = 'SARIF for a code-scanning upload, scripts and pipelines only'
            Code    = "Find-NhiSecret -Path . -Include '*.ps1', '*.yml', '*.yaml' -AsSarif | Set-Content ./secrets.sarif"
            Remarks = 'Writes one SARIF 2.1.0 file; results carry rule ids per secret kind and regions, never the values.'
        }
    )
    Notes       = 'Get-NhiFinding turns these hits into NHI-SECRET-EMBEDDED findings (OWASP NHI2) when they are piped to it, or with -SecretScanPath.'
    Links       = @('Get-NhiFinding', 'Get-NhiIdentity', 'about_NhiTools')
}
