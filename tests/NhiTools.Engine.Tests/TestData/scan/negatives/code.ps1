$password = Read-Host -AsSecureString -Prompt 'Password'
$token = $response.access_token
$secret = Get-Secret -Name 'billing-api'
$secretName = 'billing-api-client-secret'
$tokenUrl = 'https://login.microsoftonline.com/contoso/oauth2/v2.0/token'
$cred = Get-Credential
Connect-MgGraph -ClientSecretCredential $cred -TenantId $env:TENANT_ID
Set-Secret -Name 'db' -Secret $env:DB_PASSWORD
$clientSecret = $env:CLIENT_SECRET
