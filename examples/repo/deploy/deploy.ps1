[CmdletBinding()]
param(
    [ValidateSet('dev', 'prod')] [string] $Environment = 'dev'
)
$ErrorActionPreference = 'Stop'

# The client secret comes from the pipeline's environment, never from this file.
$clientSecret = $env:CLIENT_SECRET
$tenantId = '3c5e8b21-7a94-4d6f-9b02-8e1f4c6d2a70'

# TODO: move to Key Vault before go-live
$AdminPassword = 'Vq7#mZ2!pLx9Rt4wKe8Jd3'

$secure = ConvertTo-SecureString -String $clientSecret -AsPlainText -Force
Write-Host "Deploying orders to $Environment"
& ./scripts/export_report.py --env $Environment
