@{
    Synopsis    = 'Tests every credential against a rotation policy: Compliant, DueSoon, Overdue, Expired or Disabled.'
    Description = @'
Test-NhiRotation takes identities (or single credentials) from Get-NhiIdentity and returns one
NhiTools.RotationStatus per credential, with its age, expiry and a status:

Disabled  - the credential is inactive (it cannot be used, but is still attached).
Expired   - ExpiresOn is at or before AsOf.
Overdue   - it was created or last rotated longer ago than the maximum age for its type.
DueSoon   - it will be Expired or Overdue within the expiry window for its type.
Compliant - none of the above.

Limits are per credential type. Keys, client secrets and vault secrets are judged by age (default 90 days).
A certificate is replaced before it expires, so it is judged by its expiry window and a maximum age of its own
(default 397 days, the longest validity a public TLS certificate may have): a six-month-old certificate with
months of validity left is Compliant, not Overdue. The limits come from the policy file (RotationMaxAgeDays,
RotationMaxAgeDaysByType, RotationExpiryWarningDays, RotationExpiryWarningDaysByType in NhiTools.Policy.psd1, or
-Policy); -MaxAge and -ExpiryWarning set the limit for types without one of their own; -MaxAgeByType and
-ExpiryWarningByType set it per type, e.g. -MaxAgeByType @{ Certificate = 180; ClientSecret = 60 }.

The age counts from the last rotation where the source tells it, else from creation. A credential with no expiry
is flagged NeverExpires. Every answer is for -AsOf (default: now), so an audit can be replayed on the same exports
and give the same answer.
'@
    Parameters  = @{
        InputObject   = 'An NhiTools.Identity (all its credentials are tested) or an NhiTools.Credential, usually from the pipeline.'
        MaxAge        = 'The longest a credential may go unrotated, for credential types without a limit of their own (see -MaxAgeByType). A number means days (-MaxAge 60); a TimeSpan works too. Default: RotationMaxAgeDays of the policy, 90 days.'
        ExpiryWarning = 'How far ahead to warn of expiry or of becoming overdue, for types without a window of their own. A number means days. Default: RotationExpiryWarningDays of the policy, 30 days.'
        MaxAgeByType  = 'Maximum age per credential type, a hashtable of type name (Certificate, ClientSecret, AccessKey, Secret, Token, Password, FederatedCredential) to days or TimeSpan: @{ Certificate = 180; ClientSecret = 60 }. Over -MaxAge and the policy. Default: RotationMaxAgeDaysByType of the policy, @{ Certificate = 397 }.'
        ExpiryWarningByType = 'Expiry window per credential type, a hashtable of type name to days or TimeSpan: @{ Certificate = 60 }. Over -ExpiryWarning and the policy. Default: RotationExpiryWarningDaysByType of the policy (empty).'
        Policy        = 'A policy file (.psd1, the shape of NhiTools.Policy.psd1 in the module folder) whose rotation keys are the limits; keys it leaves out keep their defaults. -MaxAge, -ExpiryWarning and the ByType tables still apply over it.'
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
        @{
            Title   = 'Limits per credential type'
            Code    = "Get-NhiIdentity -Path ./exports | Test-NhiRotation -MaxAgeByType @{ Certificate = 180; ClientSecret = 60 } -ExpiryWarningByType @{ Certificate = 60 }"
            Remarks = 'Certificates older than 180 days or expiring within 60 days, client secrets older than 60 days; other types keep the 90-day default. The same keys in a policy file work with -Policy.'
        }
    )
    Notes       = 'Defaults and why: keys and secrets 90 days (the common audit limit); certificates 397 days and their expiry window, since a certificate is renewed before it expires rather than rotated on a clock. AWS access keys never expire: their risk is age, which MaxAge measures. Entra client secrets and Key Vault secrets carry an expiry that Expired and DueSoon use.'
    Links       = @('Get-NhiIdentity', 'about_NhiTools')
}
