# Policy for the example estate, kept in git beside it: the built-in defaults (module/NhiTools.Policy.psd1) plus two
# exceptions. Use it with -Policy: Get-NhiIdentity -Path examples/estate | Get-NhiFinding -AsOf 2026-11-01 -Policy examples/governance/policy.psd1
@{
    Exceptions = @(
        # In force at 2026-11-01: the finding is kept but Suppressed (Get-NhiFinding -IncludeSuppressed shows it).
        @{ Rule = 'NHI-ROTATION-OVERDUE'; Identity = 'keyvault:kv-contoso-prod/sql-reporting-conn'
           Reason = 'Rotates with the reporting database move to the new SQL cluster in CHG-6120'; ExpiresOn = '2026-12-31'; ApprovedBy = 'ciso@contoso.com' }
        # Ended 2026-09-30: the finding is open again and says which exception ended.
        @{ Rule = 'NHI-ROTATION-OVERDUE'; Identity = 'aws:arn:aws:iam::111122223333:user/svc-legacy-etl'
           Reason = 'Vendor ETL appliance cannot take a new key before firmware 4.2 (CHG-5877)'; ExpiresOn = '2026-09-30'; ApprovedBy = 'ciso@contoso.com' }
    )
}
