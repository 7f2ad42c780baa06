<#
    Azure Automation runbook (PowerShell 7.4): rotates the orders storage account keys.
    Runs as the Automation account's system-assigned managed identity.
#>
param([string] $StorageAccount = 'contosoordersprod')

Connect-AzAccount -Identity | Out-Null
$vaultName = Get-AutomationVariable -Name 'VaultName'
$Password = 'changeme'

# Signing key for the rotation receipt (should live in Key Vault)
$signingKey = @'
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAxLFvPEC0DVpFcKdzANBugP2+zpWixo/Z9gjoOzWI7YlK7BXb
GFpSsDRpCHqSzxrO17ooW+5CV72RpFjvPWxERlh+faeKoQgjAC+nNLjT122uhFDZ
Pawn0WI4DqUgP5Ar44SJfK0Rd4Va6z6iH9YCntRkIYDGJ8Qx6v+NoJag1f8lMFWR
ohq4v41E5KnKwMr0qScWzL/ddhd00+UnFDYfezdRRCsuCg8Ho+udg222Q1nVM6iz
XF3qk8JzCyiKi4zD3xFOpm4d5oJ2tTsikfE2Y3PmLweoG8BtDdBB8zd4eQqCrp9f
kaStfaRv4uwN4wiLBXGcGv+iMeCnvhAj8c1H4wIDAQABAoIBAF37Md0mRWHD6j4D
pG2VKde0ZoEq+lXJ0ik+5Ee2MrDc0tGvN7qRHcVXpYAJoTAX7REiv7n9Q/HMgFR4
sgc1PgImsnmzngeHbcHfAxOr5HygyawrPUG8imH/fi1xNNFqP648W70YrKnhLCoP
CUQQ67ucXCOt9gB2PCu+45sBnePhaRe3rVRauxSmnG9oKutns8XL0YHqhbepI6ns
EVu6gLcAFB+ds7LnohGWsGF7A+LHhncBDinIOMQUsdhDdn82+a6BwqYllDqADBv3
e22iUDYGEjolqSkQzJU33NjJya9KInFR/5lU3wg97vs+pnleP/xyC/niwBTcsjBf
MK0OcPECgYEA5JyqxKz/2WSe9pfQNmNujXiQwVpFFHUxS7crohSOwgTmQYOfey7F
1szWpPsLbBrR4sQiTSUlInK5qTJpZiwfN/vVYVAClJp4q1Da9ltjigKtSecUC0NA
9CJQd4B3F4zO9TTfr5FDTDolP0uYmeRWjUZEe12/a0TA1QxGPPbcjxcCgYEA3EHX
yeZOqL/hqHTvu1kKEZD15FH1TXUgu9ESs3wdceNV3AFYHk6k7PFeCqGiUs82hxLn
O9xsm8BTUJErdUDS9hrUlRg4iTbxn5r1AAIvUNhYRnBnWOdDRcquGE3X2qS/6YiP
CYapz0skF1Hnm39iXpXPKHUOsGnr4px00mz1rRUCgYBCqw2B3ZGfLCDPeOZXdhe/
WfGc8V5D4QlHM1ueILChFByx7liL68/2HDZcVnm2RPwATYJTTQnPSfWqyfDCwws3
oFFR16to+sNF8oZoYa5diPpQGvtVbX97sqYUs3oHfCC+kXTKFmqxyCMkmj8eYeB7
woomD+jKt3okpze0f6lCcQKBgQDH/dUlE0Sq/we0APHIiBGXX6uVtEFrIoYlY7J6
XKETzxsf1+yeIESqjIMaXidYz6OwRB7IAN5xEdHUnuv53HFxW21ZL5PuK4B7rqT1
bAZwfvCwjNGaLOqtjVpE4TG06tEDCKbwPGElwxGzRwBo9eJpBdgC4T8EOjkgG3YL
tznf/QKBgCFiX5gEfpDvUaj4g6QyD8Fizy8ml4Iy6hP2uLYiJlbcTuqwSPTDsGXw
N6Wm+qLYQN3fqC9Jh+TeU3FKxHVRdX7lXgrguHZDy2mhh9HC4DGpp3usTw1G0BhI
F4Jw6GMK+3ckWJCYzZh/mMbAzKuYXFe1DiFkUVUWe+SuMAf5lSDb
-----END RSA PRIVATE KEY-----
'@

$keys = Get-AzStorageAccountKey -ResourceGroupName 'rg-orders-prod' -Name $StorageAccount
New-AzStorageAccountKey -ResourceGroupName 'rg-orders-prod' -Name $StorageAccount -KeyName key2 | Out-Null
Write-Output "Rotated key2 of $StorageAccount"
