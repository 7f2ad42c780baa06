@{
    Synopsis    = 'Tests every credential against a rotation policy: Compliant, DueSoon, Overdue, Expired or Disabled.'
    Description = @'
Test-NhiRotation takes identities (or single credentials) from Get-NhiIdentity and returns one
NhiTools.RotationStatus per credential, with its age, expiry and a status:

Disabled  - the credential is inactive (it cannot be used, but is still attached).
Expired   - ExpiresOn is at or before AsOf.
Overdue   - it was created or last rotated longer than MaxAge ago.
DueSoon   - it will be Expired or Overdue within ExpiryWarning.
Compliant - none of the above.

The age counts from the last rotation where the source tells it, else from creation. A credential with no expiry
is flagged NeverExpires. Every answer is for -AsOf (default: now), so an audit can be replayed on the same exports
and give the same answer.
'@
    Parameters  = @{
        InputObject   = 'An NhiTools.Identity (all its credentials are tested) or an NhiTools.Credential, usually from the pipeline.'
        MaxAge        = 'The longest a credential may go unrotated. A number means days (-MaxAge 60); a TimeSpan works too. Default: 90 days.'
        ExpiryWarning = 'How far ahead to warn of expiry or of becoming overdue. A number means days. Default: 30 days.'
        AsOf          = 'The moment the verdict is for. Default: now. Use a fixed date to replay an audit.'
    }
    Inputs      = @(
        @{ Type = 'NhiTools.Identity'; Description = 'Identities from Get-NhiIdentity.' }
        @{ Type = 'NhiTools.Credential'; Description = 'Single credentials, for example (Get-NhiIdentity -Path ./exports).Credentials.' }
    )
    Outputs     = 'NhiTools.RotationStatus: IdentityId, IdentityName, Provider, CredentialId, CredentialType, Age, ExpiresOn, NeverExpires, Status, Reason.'
    Examples    = @(
        @{
            Title   = 'What needs rotating now'
            Code    = "Get-NhiIdentity -Path ./exports | Test-NhiRotation | Where-Object Status -ne 'Compliant'"
            Remarks = 'Every credential that is overdue, expired, disabled or about to be, with the reason in words.'
        }
        @{
            Title   = 'A rotation summary for an audit date, with a 60-day policy'
            Code    = "Get-NhiIdentity -Path ./exports | Test-NhiRotation -MaxAge 60 -AsOf '2026-11-01' | Group-Object Status -NoElement"
            Remarks = 'Counts credentials per status as they were on 1 November 2026; the same exports always give the same counts.'
        }
    )
    Notes       = 'AWS access keys never expire: their risk is age, which MaxAge measures. Entra client secrets and Key Vault secrets carry an expiry that Expired and DueSoon use.'
    Links       = @('Get-NhiIdentity', 'about_NhiTools')
}
