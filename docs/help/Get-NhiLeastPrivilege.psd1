@{
    Synopsis    = 'Suggests the smallest rights each identity needs, from what the activity logs show it used: an IAM policy for AWS, the app roles exercised for Entra.'
    Description = @'
Get-NhiLeastPrivilege reads activity logs (the same files and folders as Get-NhiFinding -ActivityPath, or the
connected live sources) and returns one NhiTools.LeastPrivilege per piped identity.

For an AWS identity it writes a ready IAM policy document (PolicyDocument, Version 2012-10-17), as IAM Access
Analyzer's policy generation does: each successful CloudTrail call is mapped from its eventSource and eventName to
the IAM action that authorises it (monitoring -> cloudwatch; s3 ListBuckets -> s3:ListAllMyBuckets, HeadObject ->
s3:GetObject, lambda Invoke -> lambda:InvokeFunction: a documented table of the irregular ones), the actions are
grouped by service into statements, and the resources are narrowed to the ARNs the calls named where the action
supports resource-level permissions (S3 objects to their top folder: arn:aws:s3:::bucket/daily/*), "*" otherwise.
An event of a service whose names NhiTools cannot vouch for is listed in Unmapped and left out: the document never
holds a name that is not a real IAM action. Where Access Advisor shows a service used that the trail does not
(data events not logged), the service is kept at service level (s3:*) and a note says so.

For an Entra application or service principal it lists the app roles (application permissions) on each resource
app it signed in to as kept, those on resource apps it never signed in to as removed, and directory write rights
as removed when the audit log shows it changed nothing; delegated scopes are kept and marked unknown, because
app-only sign-ins do not show what users did through the app.

Keep and Remove compare the suggestion with what the identity holds today, each entry naming the policy or grant
that gives it (GrantedBy) and how it is held (Via). WindowStart, WindowEnd and Sources name the period and the
logs: "CloudTrail 2026-08-03..2026-10-31 (90 days)", "Access Advisor, service level, ...".

Unknown is never unused: an identity no log names, or logs covering fewer days of the window than the policy's
UnusedPermissionMinCoverageDays (default 30), get Status Refused with the Reason and no suggestion.
'@
    Parameters  = @{
        InputObject  = 'Identities from Get-NhiIdentity (AWS IAM users and roles, Entra applications and service principals).'
        ActivityPath = 'Activity log files or folders: CloudTrail log files (.json, .json.gz) and lookup-events output, Access Advisor reports, Graph sign-in and directory audit logs. Formats are detected by content. Without it, the connected live sources are read (the last 90 days).'
        After        = 'Use only activity at or after this time (converted to UTC). Default: everything the logs hold.'
        Before       = 'Use only activity at or before this time (converted to UTC). Default: everything the logs hold.'
        AsJson       = 'Write only the IAM policy document (JSON text) of each AWS identity that has a suggestion; a refused or Entra identity gets a warning instead.'
        Policy       = 'A policy file (.psd1, see NhiTools.Policy.psd1 in the module folder); its UnusedPermissionMinCoverageDays is the fewest days the logs must cover.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
    )
    Outputs     = 'NhiTools.LeastPrivilege: IdentityId, IdentityName, Provider, Status (Ready or Refused), Reason, WindowStart, WindowEnd, WindowDays, Sources, PolicyDocument, Statements, Used, Keep, Remove, Unmapped, Notes. With -AsJson: the IAM policy document as a string.'
    Examples    = @(
        @{
            Title   = 'A ready policy for an over-privileged service user'
            Code    = "Get-NhiIdentity -Path ./examples/estate | Where-Object Name -eq svc-bi-exporter | Get-NhiLeastPrivilege -ActivityPath ./examples/estate/activity -AsJson | Set-Content ./svc-bi-exporter.policy.json"
            Remarks = 'svc-bi-exporter holds AdministratorAccess but in 90 days of CloudTrail only read and wrote objects in contoso-bi-exports, listed its buckets and read CloudWatch alarms: the file holds a policy with exactly those four actions.'
        }
        @{
            Title   = 'What to keep and what to remove, and from which policy'
            Code    = "Get-NhiIdentity -Path ./examples/estate | Get-NhiLeastPrivilege -ActivityPath ./examples/estate/activity | Where-Object Status -eq Ready | Select-Object IdentityName -ExpandProperty Remove"
            Remarks = 'Every right held today that the logs show unused, with the policy or grant that gives it (GrantedBy). Identities the logs do not cover are Refused and left out by the filter.'
        }
        @{
            Title   = 'A stricter minimum coverage, over the last quarter only'
            Code    = "Get-NhiIdentity -Path ./examples/estate | Get-NhiLeastPrivilege -ActivityPath ./examples/estate/activity -After 2026-08-01 -Before 2026-10-31 -Policy ./strict.psd1 | Format-Table IdentityName, Status, Reason"
            Remarks = 'With UnusedPermissionMinCoverageDays = 120 in strict.psd1, every identity is Refused: the logs cover 90 days.'
        }
    )
    Notes       = 'Review a suggestion before you apply it: a workload that runs quarterly, or an action whose data events your trail does not record, is invisible in a shorter window. Nothing is changed by this cmdlet.'
    Links       = @('Get-NhiActivity', 'Get-NhiFinding', 'Revoke-NhiPermission', 'about_NhiTools')
}
