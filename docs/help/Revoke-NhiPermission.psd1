@{
    Synopsis    = 'Revokes a permission of AWS users and roles or Entra service principals, keeping what was removed so Undo-NhiChange can put it back.'
    Description = @'
Revoke-NhiPermission -Permission <name> removes one permission from each identity piped to it: a managed policy is
detached, an inline policy is deleted (its document is kept in the change journal first), and group:<GroupName>
removes an IAM user from that group. Undo-NhiChange puts it back exactly (re-attach, put the same document, re-add
to the group). A policy held through a group is refused with the group to name, because removing it from the group
would change every member.

On an Entra application or service principal, an application permission (an app role such as
Directory.Read.All) is an app role assignment, which is deleted; a delegated permission (a scope such as User.Read)
is removed from its oauth2PermissionGrant, and the grant is deleted when it was its only scope. The journal keeps
what was removed (resourceId, appRoleId / clientId, consentType, principalId, scope) and Undo-NhiChange re-creates
it. A name held both as an app role and as a delegated scope is refused until approle:<name> or delegated:<name>
says which. Least permissions: AppRoleAssignment.ReadWrite.All and DelegatedPermissionGrant.ReadWrite.All.

The cleanup guardrails apply as for Disable-NhiIdentity (protection, live connection, -MaximumChanges,
re-check on live data, -WhatIf sends no write request).
'@
    Parameters  = @{
        ActivityPath = 'Activity log files or folders (as Get-NhiFinding -ActivityPath). -WhatIf and -Confirm then say who uses each target ("used by 2 workloads in the last 30 days: 10.20.1.7 aws-cli/2.17, ...", or "no log covers it: usage unknown"), and a target whose identity or credential was used after its finding was made (Finding.AsOf) is refused with NhiIdentityInUse and nothing is written.'
        InputObject = 'An identity (Get-NhiIdentity) or a finding (Get-NhiFinding: NHI-OVERPRIVILEGED, NHI-UNUSED-PERMISSION...), or an identity id.'
        IdentityId = 'Identity ids such as aws:arn:aws:iam::<account>:user/<name> or :role/<name>, entra:app:<appId> or entra:sp:<objectId>. Identity.Id and Finding.IdentityId bind by property name.'
        Permission = 'What to revoke: a managed policy name or ARN (detached), an inline policy name (deleted, its document kept in the journal), or group:<GroupName> (the user is removed from the group). A policy held through a group is refused with the group to name instead. Entra: an app role or delegated scope name (Permission.Name), optionally approle:<name> or delegated:<name>. Binds by property name from a review item''s UnusedPermissions.'
        Reason = 'Why, recorded in the journal with the finding''s rule and evidence (a ticket number, a note).'
        MaximumChanges = 'The most permissions this invocation may revoke (default 25). When the pipeline holds more, the cmdlet stops with NhiBlastRadius before its first write and nothing is changed.'
        Policy = 'A policy file (.psd1): ProtectedIdentities and ProtectedTagKeys name identities that are never touched, and the rule thresholds are those the reasons are re-checked with.'
        StorePath = 'The NhiTools store (SQLite) that holds the change journal. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db.'
        JournalConnectionString = 'A shared journal for many workers (Azure Table Storage). Default: $env:NHITOOLS_JOURNAL, else the SQLite store. Never echoed.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
        @{ Type = 'NhiTools.Finding'; Description = 'Findings from Get-NhiFinding.' }
    )
    Outputs     = 'NhiTools.Change: one per permission revoked.'
    Examples    = @(
        @{
            Title   = 'Take AdministratorAccess away from a service user'
            Code    = "Get-NhiIdentity -Provider Aws -Name svc-deployer | Revoke-NhiPermission -Permission AdministratorAccess -Reason 'CHG-2001' -Confirm:$false"
            Remarks = 'Detaches the managed policy; Get-NhiChange shows its ARN, Undo-NhiChange re-attaches it.'
        }
        @{
            Title   = 'Carry out the Reduce decisions of an access review'
            Code    = "Get-NhiReview -Name 2026-Q4 | Where-Object Decision -eq Reduce | Where-Object UnusedPermissions | Revoke-NhiPermission -WhatIf"
            Remarks = 'A review item binds by property name: IdentityId, and UnusedPermissions (what the logs showed unused) to -Permission. Drop -WhatIf to revoke.'
        }
        @{
            Title   = 'Remove an inline policy and a group membership, then put them back'
            Code    = @'
$c = Get-NhiIdentity -Provider Aws -Name svc-legacy | Revoke-NhiPermission -Permission legacy-s3-write, group:Admins -Confirm:$false
$c | Undo-NhiChange -Confirm:$false
'@
            Remarks = 'The inline document is kept in the journal, so the undo puts back the same policy.'
        }
        @{
            Title   = 'Take an application permission away from an Entra app, then re-create it'
            Code    = @'
$c = Get-NhiIdentity -Provider Entra -Name app-ledger-api | Revoke-NhiPermission -Permission approle:Directory.ReadWrite.All -Confirm:$false
$c | Undo-NhiChange -Confirm:$false
'@
            Remarks = 'The app role assignment is deleted; its resourceId and appRoleId are in the change''s Before, from which Undo-NhiChange re-creates it.'
        }
    )
    Links       = @('Get-NhiChange', 'Undo-NhiChange', 'Get-NhiFinding')
}
