@{
    Synopsis    = 'Rotates an Entra application client secret or an IAM user access key into a Key Vault secret, without ever losing a working credential.'
    Description = @'
Invoke-NhiRotate replaces one credential of an identity and puts the new one in a Key Vault secret, following a
resumable state machine: it takes a lease on the credential (a second run at the same time fails at once with
NhiRotationBusy and changes nothing), checks the live credentials against the vault secret's nhi-credential tag,
creates a new credential marked nhitools:<rotation id> (Entra addPassword, sent once; IAM CreateAccessKey), writes it
to "<secret>--pending", proves it for real (a client-credentials token from the tenant's authority; for AWS
sts:GetCallerIdentity returning the user's ARN, retried while IAM propagates the key), promotes it to the current
version of the secret (tags nhi-credential, nhi-identity, nhi-rotation; AWS: JSON {"AccessKeyId","SecretAccessKey"},
content type application/json), waits out the grace period - across runs: the journal remembers it - and then
retires the old credential (Entra removePassword; AWS deactivate, then delete; for AWS the old key's last use after
promotion stops retirement with a warning).

Every step is journaled before and after (SQLite store by default, Azure Table Storage with -JournalConnectionString
or NHITOOLS_JOURNAL). A rotation interrupted anywhere (killed, throttled, timed out after the server committed) is
finished or rolled back by the next Invoke-NhiRotate of that credential or by Resume-NhiRotation. It never removes a
credential it did not create other than the old one it replaced, never the one the vault holds as current, and
never decides on a list that failed. A second access key NhiTools did not create blocks (NhiRotationBlocked) and
nothing is deleted. Certificates, vault-only secrets, root keys and third-party apps get an NhiRotationUnsupported
error.

The vault secret is, in order: -SecretName; the secret already linked to the identity by its nhi-identity tag
(when Connect-NhiKeyVault is connected); else the convention entra-app-<appId> or aws-<account>-<user>.
Rotation needs live sessions: Connect-NhiEntra or Connect-NhiAws, and the vault through Connect-NhiKeyVault or
-VaultUri with the Connect-NhiEntra sign-in (else DefaultAzureCredential).

The new secret goes from the provider's answer to the vault and nowhere else: not to the output, any stream, the
journal, the store or an error message. The output is NhiTools.RotationResult. -WhatIf sends no request at all.
'@
    Parameters  = @{
        ActivityPath = 'Activity log files or folders (as Get-NhiFinding -ActivityPath): -WhatIf and -Confirm then say which workloads use the credential being rotated ("credential AKIA... used by 2 workloads in the last 30 days: ...", or "no log covers it: usage unknown"), the ones that must pick up the new secret. Use never refuses a rotation: rotating is for credentials in use.'
        IdentityId              = 'The identity whose credential is rotated (entra:app:<appId> or aws:arn:aws:iam::<account>:user/<name>). Binds from Id (Get-NhiIdentity) and IdentityId (Test-NhiRotation, Get-NhiFinding).'
        CredentialId            = 'The credential to replace (keyId or access key id). Default: the one the vault secret holds, else the identity''s only client secret or access key.'
        IdentityName            = 'The identity''s display name, for output and the journal. Binds from Name and IdentityName.'
        Provider                = 'Entra or Aws. Binds from the piped object; other providers are reported as unsupported.'
        Kind                    = 'The identity kind (from Get-NhiIdentity), used to refuse what cannot be rotated (managed identities, service principals, roots).'
        CredentialType          = 'The credential type (from Test-NhiRotation); only ClientSecret and AccessKey are rotated.'
        Credentials             = 'The identity''s credentials (from Get-NhiIdentity), used to choose the credential and to see whether it is expired.'
        ThirdParty              = 'Set for third-party applications (from Get-NhiIdentity); they are reported as unsupported.'
        Status                  = 'The rotation status (from Test-NhiRotation); Expired allows -Force to skip the grace period.'
        Rule                    = 'The finding rule (from Get-NhiFinding), recorded as the reason; NHI-SECRET-EMBEDDED and NHI-EXPIRED-CREDENTIAL allow -Force to skip the grace period.'
        VaultUri                = 'The Key Vault to write to: https://<vault>.vault.azure.net/.'
        SecretName              = 'The vault secret that holds the credential. Default: the secret linked by tags, else entra-app-<appId> / aws-<account>-<user>.'
        GracePeriod             = 'How long consumers get to pick up the new credential before the old one is retired. Default 24 hours; the wait is carried across runs.'
        Force                   = 'Skip the grace period, only for a credential that is already expired or leaked. The new credential is still proved before promotion.'
        JournalConnectionString = 'An Azure Table Storage connection string for a journal shared by several workers. Default: $env:NHITOOLS_JOURNAL, else the SQLite store.'
        StorePath               = 'The NhiTools store (SQLite) that holds the journal. Default: $env:NHITOOLS_STORE, else ~/.nhitools/nhitools.db.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity (by property name).' }
        @{ Type = 'NhiTools.RotationStatus'; Description = 'Statuses from Test-NhiRotation (by property name).' }
        @{ Type = 'NhiTools.Finding'; Description = 'Findings about a credential from Get-NhiFinding (by property name).' }
    )
    Outputs     = 'NhiTools.RotationResult'
    Examples    = @(
        @{
            Title   = 'Rotate every overdue credential of a tenant into a vault'
            Code    = @'
Connect-NhiEntra -ManagedIdentity
Get-NhiIdentity -Provider Entra | Test-NhiRotation | Where-Object Status -in Overdue, DueSoon, Expired |
    Invoke-NhiRotate -VaultUri https://kv-contoso-prod.vault.azure.net/ -Confirm:$false
'@
            Remarks = 'Each credential is replaced by a proved new one in its vault secret; the old ones are removed by a later run after 24 hours.'
        }
        @{
            Title   = 'Rotate one IAM user''s access key, preview first'
            Code    = @'
Connect-NhiAws
Invoke-NhiRotate -IdentityId 'aws:arn:aws:iam::123456789012:user/svc-billing' -VaultUri https://kv-ops.vault.azure.net/ -SecretName svc-billing-aws -WhatIf
Invoke-NhiRotate -IdentityId 'aws:arn:aws:iam::123456789012:user/svc-billing' -VaultUri https://kv-ops.vault.azure.net/ -SecretName svc-billing-aws -GracePeriod 2:00:00
'@
            Remarks = 'The first line says what would happen and sends nothing. The second creates and proves a new key, promotes it, and leaves the old key for two hours; Resume-NhiRotation deactivates and deletes it then.'
        }
        @{
            Title   = 'Emergency: a leaked secret'
            Code    = "Get-NhiFinding -Rule NHI-SECRET-EMBEDDED | Invoke-NhiRotate -VaultUri https://kv-contoso-prod.vault.azure.net/ -Force"
            Remarks = 'The grace period is skipped for a leaked or expired credential only; the new credential is still proved first.'
        }
    )
    Links       = @('Resume-NhiRotation', 'Get-NhiRotation', 'Test-NhiRotation', 'Connect-NhiEntra', 'Connect-NhiAws', 'about_NhiTools')
}
