@{
    Synopsis    = 'Shows who or what uses each non-human identity, for what, and over which window the logs cover.'
    Description = @'
Get-NhiUsage reads activity logs (offline with -ActivityPath, or the connected sources live) in one streaming pass
and returns one NhiTools.Usage per identity: the workloads that use it, the services, actions and resources it
touched (successful calls only, with counts and last use), its first and last event, and the window the logs that
name it cover (WindowStart, WindowEnd, Logs).

A workload is a cluster of callers: a source address, or its /24 (IPv4) or /48 (IPv6) network when several
addresses of that network share the user agent family; the user agent normalised to its family (aws-cli/2.17,
Boto3/1.34, python-requests); for Entra the client app; the credential ids it used; first and last seen; events;
and whether a person was at the keyboard (Interactive). Denied calls count as a workload trying, not as use.

Unknown stays unknown: an identity that no log names comes out with Known = $false and nothing else filled in. It
is not "unused": the logs may not cover its account, or may be too short. CloudWatch events
(monitoring.amazonaws.com) count under the IAM prefix cloudwatch, so the services match the actions a policy
names. Access Advisor reports are not events and are not counted here (Get-NhiFinding -ActivityPath uses them).

Trail files are read in parallel, one reader per core; memory follows identities times distinct workloads, actions
and resources (each capped per identity), never the number of events.
'@
    Parameters  = @{
        Identity     = 'Identities to report on: NhiTools.Identity objects from Get-NhiIdentity (their credentials and Entra ids also link the logs), objects with an IdentityId (findings), or identity ids (aws:arn:..., entra:app:...); a name is refused as on every cmdlet (about_NhiTools, IDENTITY PARAMETERS): pipe Get-NhiIdentity for names. Without any, every identity the logs name is reported.'
        ActivityPath = 'Activity log files or folders, as Get-NhiFinding -ActivityPath: CloudTrail trail files (.json, .json.gz), lookup-events output, Graph auditLogs/signIns and directoryAudits. Folders are read recursively; inventory files among them are ignored. Without it, the connected sources (Connect-NhiAws, Connect-NhiEntra) are read live.'
        After        = 'Only activity at or after this time (converted to UTC). Live reads default to 90 days back.'
        Before       = 'Only activity at or before this time (converted to UTC).'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
        @{ Type = 'System.String'; Description = 'Identity ids.' }
    )
    Outputs     = 'NhiTools.Usage: IdentityId, Name, Provider, Known, WindowStart, WindowEnd, Logs, FirstSeen, LastSeen, Events, Workloads (NhiTools.Workload: Address, Addresses, UserAgent, ClientApp, CredentialIds, FirstSeen, LastSeen, Events, Interactive), Services, Actions, Resources (NhiTools.UsageCount: Name, Count, LastUsed), ResourcesCapped.'
    Examples    = @(
        @{
            Title   = 'What uses svc-bi-exporter, and for what'
            Code    = "Get-NhiIdentity -Path ./examples/estate | Where-Object Name -eq svc-bi-exporter | Get-NhiUsage -ActivityPath ./examples/estate/activity | Select-Object -ExpandProperty Workloads"
            Remarks = 'Two workloads: 198.51.100.40 aws-cli/2.17 and the 10.20.4.0/24 Boto3/1.34 fleet; its Services are only s3 and cloudwatch.'
        }
        @{
            Title   = 'Identities the logs know nothing about'
            Code    = "Get-NhiIdentity -Path ./examples/estate -Provider Aws | Get-NhiUsage -ActivityPath ./examples/estate/activity | Where-Object { -not `$_.Known } | Select-Object Name"
            Remarks = 'Usage unknown, not unused: check that the trail covers their account before cleaning them up.'
        }
        @{
            Title   = 'One identity over the last 30 days, live'
            Code    = "Connect-NhiAws; Get-NhiUsage -Identity 'aws:arn:aws:iam::111122223333:user/svc-billing' -After (Get-Date).AddDays(-30)"
            Remarks = 'Reads CloudTrail LookupEvents of the connected account.'
        }
    )
    Notes       = 'A usage never carries a secret, a request body or a response: only actions, their targets, source addresses, user agents and credential ids.'
    Links       = @('Get-NhiActivity', 'Get-NhiFinding', 'Disable-NhiIdentity', 'about_NhiTools')
}
