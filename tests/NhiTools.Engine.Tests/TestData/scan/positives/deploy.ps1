# Deploys the billing job. Everything below is a planted fake for the scanner tests.
$accessKey = '@@AWS_KEY_ID@@'
$secretKey = '@@AWS_SECRET@@'
$cred = New-Object PSCredential('svc-billing', (ConvertTo-SecureString '@@PASSWORD@@' -AsPlainText -Force))
Connect-Billing -TenantId 'contoso.onmicrosoft.com' -ClientSecret '@@ENTRA_SECRET@@'
Write-Output "done"
