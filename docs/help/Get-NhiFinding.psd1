@{
    Synopsis    = 'Names each risky non-human identity, says why with evidence, maps it to the OWASP NHI Top 10 and ranks it.'
    Description = @'
Get-NhiFinding runs the NhiTools rules over identities from Get-NhiIdentity (and over secret hits from
Find-NhiSecret) and returns one NhiTools.Finding per problem: the rule id, its OWASP Non-Human Identities Top 10
(2025) category, a severity, a score from 0 to 100, a title, the evidence - the concrete facts that made the rule
fire: dates, ages, key ids, policy names, trust principals, tag values - and the NhiTools command that fixes it
where one exists.

The score weighs the severity by exposure: admin-equivalent rights, reach across accounts, tenants or
environments, no owner, production, use by automation or AI agents. Get-NhiFinding | Sort-Object Score
-Descending is "fix these first".

Rules: NHI-UNOWNED, NHI-OWNER-GONE, NHI-DORMANT, NHI-TEMP-ACCESS-EXPIRED (NHI1); NHI-SECRET-EMBEDDED (NHI2);
NHI-THIRD-PARTY (NHI3); NHI-WEAK-AUTH (NHI4); NHI-OVERPRIVILEGED, NHI-CROSS-SYSTEM (NHI5); NHI-INSECURE-DEPLOY
(NHI6); NHI-UNUSED-PERMISSION (NHI5, with -ActivityPath); NHI-ANOMALOUS-USE (NHI2, with -ActivityPath); NHI-EXPIRED-CREDENTIAL, NHI-ROTATION-OVERDUE, NHI-LONG-LIVED, NHI-UNUSED-CREDENTIAL (NHI7); NHI-ENV-REUSE
(NHI8); NHI-MULTIPLE-ACTIVE-KEYS, NHI-SHARED (NHI9); NHI-HUMAN-USE (NHI10).

AI agents: for every agent registered in the store (Register-NhiAgent; -StorePath), and every agent piped in from
Get-NhiAgent, the NHI-AGENT-* rules run once the identities have streamed past: NHI-AGENT-INHERITED (NHI9: acts
through an identity shared with other agents or workloads, or older than the agent with rights of its own),
NHI-AGENT-UNSCOPED (NHI5: effective rights beyond its declared systems and permissions), NHI-AGENT-UNOWNED (NHI1)
and NHI-AGENT-CHAINED (NHI5: its identities can become further identities). Their IdentityId is agent:<name>
and their Provider is Agent; the evidence names the identities and the rights.

Per-identity rules answer as identities stream in; rules that compare identities (one credential stored in
several vaults, one key in production and test) answer once the input ends. Unknown usage is never read as
unused. Thresholds and lists come from a policy file: NhiTools.Policy.psd1 in the module folder documents every
default; copy it, keep the keys you change and pass it with -Policy.

With activity logs (-ActivityPath, or activities from Get-NhiActivity in the pipeline) Get-NhiFinding compares
what each identity is granted with what it used: NHI-UNUSED-PERMISSION names the AWS services, Entra resource
apps and directory write rights it never used in the last UnusedPermissionDays (90), with the services it did use
and the period the logs cover. An identity that no log names gets no such finding: unknown is not unused; nor
does one whose logs cover less than UnusedPermissionMinCoverageDays (30) of the window. Console logins
(CloudTrail ConsoleLogin) and interactive sign-ins by an NHI are added to NHI-HUMAN-USE as evidence.
NHI-ANOMALOUS-USE compares the last AnomalyRecentDays (7) of the logs with the older part, the baseline: use from a
new /24 or /48 network, a new sign-in country or AWS region, a first call of a high-risk action (AnomalyHighRiskActions:
iam:*, sts:AssumeRole into another account, secretsmanager:GetSecretValue, Graph role and credential writes), or a use
after AnomalyDormantDays (30) without any, when the baseline covers AnomalyMinBaselineDays (30). Any use of a
credential rotated away (the change journal in the store or NHITOOLS_JOURNAL, Inactive in the inventory, or gone after
a newer one was issued) or of an identity cleanup quarantined fires High whatever the baseline. These rules answer
once the input ends.

Exceptions that end (Add-NhiException, or the policy file's Exceptions key): a finding covered by an exception
that is live at -AsOf is kept but marked Suppressed and hidden unless -IncludeSuppressed is given; its Exception
property names the approver, the end and the reason. Once the exception's ExpiresOn has passed, the finding is open
again and its evidence says which exception ended. When live exceptions cover more than ExceptionSharePercent (20)
of one rule's findings in the run, NHI-EXCEPTION-NORM reports that rule: exceptions have become the norm.
'@
    Parameters  = @{
        InputObject     = 'Identities from Get-NhiIdentity, agents from Get-NhiAgent (resolved: identities piped into it), secret hits from Find-NhiSecret, or activities from Get-NhiActivity, usually from the pipeline.'
        AsOf            = 'The moment the findings are for. Default: now. Use a fixed date to replay an audit.'
        Rule            = 'Only these rules (ids such as NHI-UNOWNED; tab completes). An unknown id is an error before anything is read.'
        MinimumSeverity = 'Only findings of at least this severity: Info, Low, Medium, High or Critical.'
        SecretScanPath  = 'Also scan these files and folders for embedded secrets (as Find-NhiSecret does) and report each as NHI-SECRET-EMBEDDED, linked to the piped identities where the secret belongs to one.'
        ActivityPath    = 'Activity log files or folders: CloudTrail log files (.json or .json.gz) and aws cloudtrail lookup-events output, aws iam get-service-last-accessed-details (Access Advisor) output, Graph auditLogs/signIns and auditLogs/directoryAudits JSON. Used for NHI-UNUSED-PERMISSION, NHI-ANOMALOUS-USE and as NHI-HUMAN-USE evidence; other export files among them are ignored.'
        StorePath       = 'The NhiTools store whose registered agents get the NHI-AGENT-* rules, whose exceptions (Add-NhiException) apply and whose change journal says which credentials were retired (NHI-ANOMALOUS-USE). Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db. A store that does not exist has no agents and is not created.'
        IncludeSuppressed = 'Also output findings covered by a live exception (Suppressed = True). By default they are counted but not output.'
        Policy          = 'A policy file (.psd1, data only) overriding thresholds and lists. Keys left out keep their default; an unknown key or a wrong type is an NhiPolicyInvalid error naming the key and line.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
        @{ Type = 'NhiTools.SecretFinding'; Description = 'Secrets found in files by Find-NhiSecret (rule NHI-SECRET-EMBEDDED).' }
        @{ Type = 'NhiTools.Activity'; Description = 'What identities did, from Get-NhiActivity (rules NHI-UNUSED-PERMISSION and NHI-HUMAN-USE).' }
        @{ Type = 'NhiTools.Agent'; Description = 'Agents from Get-NhiAgent with identities piped into it (rules NHI-AGENT-*).' }
    )
    Outputs     = 'NhiTools.Finding: IdentityId, IdentityName, Provider, Rule, Owasp, Severity, Score, Title, Evidence, Remediation, CredentialId, AsOf, Suppressed, Exception, ExceptionExpiresOn.'
    Examples    = @(
        @{
            Title   = 'Fix these first'
            Code    = 'Get-NhiIdentity -Path ./exports | Get-NhiFinding | Sort-Object Score -Descending | Select-Object -First 20'
            Remarks = 'The twenty highest-scored problems across every provider, each with the evidence and the command that fixes it.'
        }
        @{
            Title   = 'Only critical and high offboarding and privilege problems, for an audit date'
            Code    = "Get-NhiIdentity -Path ./exports | Get-NhiFinding -Rule NHI-UNOWNED, NHI-OWNER-GONE, NHI-OVERPRIVILEGED -MinimumSeverity High -AsOf '2026-11-01'"
            Remarks = 'Replays the findings as of 1 November 2026, restricted to three rules and to High or Critical severity.'
        }
        @{
            Title   = 'Include secrets left in a repository, linked to their identities'
            Code    = 'Get-NhiIdentity -Path ./exports | Get-NhiFinding -SecretScanPath ./repo -Rule NHI-SECRET-EMBEDDED'
            Remarks = 'An AWS key id found in ./repo is reported against the IAM user it belongs to; the value itself is never shown.'
        }
        @{
            Title   = 'Rights granted but never used'
            Code    = "Get-NhiIdentity -Path ./examples/estate | Get-NhiFinding -ActivityPath ./examples/estate/activity -Rule NHI-UNUSED-PERMISSION -AsOf '2026-11-01' | Format-List IdentityName, Severity, Evidence"
            Remarks = 'svc-bi-exporter holds AdministratorAccess but its CloudTrail shows only s3 and cloudwatch calls: the evidence lists both, and the period the trail covers.'
        }
        @{
            Title   = 'Behaviour that changed: an old key used again, a new network'
            Code    = "Get-NhiIdentity -Path ./examples/estate | Get-NhiFinding -ActivityPath ./examples/estate/activity -Rule NHI-ANOMALOUS-USE -AsOf '2026-11-01' | Format-List IdentityName, Severity, CredentialId, Evidence"
            Remarks = 'svc-bi-exporter''s key from before its rotation of 2026-09-20 is used on 2026-10-29 from 203.0.113.77: one High finding names the retired key and the call, another the new network 203.0.113.0/24 against its baseline (198.51.100.0/24 on 83 days).'
        }
        @{
            Title   = 'A stricter policy: rotate every 60 days'
            Code    = @'
Set-Content ./strict.psd1 "@{ RotationMaxAgeDays = 60; DormantDays = 30 }"
Get-NhiIdentity -Path ./exports | Get-NhiFinding -Policy ./strict.psd1 | Group-Object Rule -NoElement
'@
            Remarks = 'Keys the file leaves out keep their defaults (see NhiTools.Policy.psd1 in the module folder).'
        }
    )
    Notes       = 'Findings never contain a secret value: an embedded secret is shown masked, with a fingerprint.'
    Links       = @('Get-NhiIdentity', 'Get-NhiActivity', 'Test-NhiRotation', 'Set-NhiOwner', 'about_NhiTools')
}
