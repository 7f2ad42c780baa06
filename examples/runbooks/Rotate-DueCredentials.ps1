<#
.SYNOPSIS
    Azure Automation runbook: rotates every Entra application client secret and IAM user access key that is due
    into Key Vault, then finishes what earlier runs left in progress. Safe to schedule every hour, and to run on
    several workers at once: each credential has a lease in a shared journal, so it is rotated exactly once.

.DESCRIPTION
    Runs with the Automation account's system-assigned managed identity. Least permissions:
      - Microsoft Graph application permission Application.ReadWrite.OwnedBy (make the managed identity an owner of
        the applications it rotates), to read applications and add/remove their password credentials;
      - Key Vault Secrets Officer on the vault (RBAC), to read secret metadata, write versions, delete and purge
        the "<name>--pending" secrets;
      - AWS (optional): iam:ListAccessKeys, iam:CreateAccessKey, iam:UpdateAccessKey, iam:DeleteAccessKey,
        iam:GetAccessKeyLastUsed on the rotated users (plus the read actions Get-NhiIdentity uses), through a role
        the runbook assumes (-AwsRoleArn) with the credentials in the AWS_* variables of the Automation account;
      - Storage Table Data Contributor on the journal's storage account when -JournalConnectionString names one
        (needed when more than one worker or job runs the runbook).
    Import the module zip built by `build.ps1 -Task Package` (Automation account > Modules > Add a module), import
    this runbook as a PowerShell 7.4 runbook, and link it to an hourly schedule.

.PARAMETER VaultUri
    The Key Vault that holds the rotated credentials: https://<vault>.vault.azure.net/.

.PARAMETER GracePeriod
    How long consumers get before an old credential is retired. Default 24 hours.

.PARAMETER JournalConnectionString
    Azure Table Storage journal shared by every worker (omit on a single worker: the SQLite store is used).

.PARAMETER AwsRoleArn
    An IAM role to assume for the AWS part; omit to rotate Entra secrets only.
#>
param(
    [Parameter(Mandatory)] [uri] $VaultUri,
    [timespan] $GracePeriod = '1.00:00:00',
    [string] $JournalConnectionString = $env:NHITOOLS_JOURNAL,
    [string] $AwsRoleArn
)

$ErrorActionPreference = 'Stop'
Import-Module NhiTools

Connect-NhiEntra -ManagedIdentity | Out-Null
Connect-NhiKeyVault -VaultUri $VaultUri -ManagedIdentity | Out-Null
$identities = @(Get-NhiIdentity -Provider Entra)
if ($AwsRoleArn) {
    Connect-NhiAws -RoleArn $AwsRoleArn | Out-Null
    $identities += @(Get-NhiIdentity -Provider Aws)
}

$journal = @{}
if ($JournalConnectionString) { $journal.JournalConnectionString = $JournalConnectionString }

# Rotate what is due. Unsupported credentials (certificates, third-party apps, root keys) are reported, not skipped silently;
# a credential another worker is rotating right now fails fast with NhiRotationBusy and is left to it.
$due = $identities | Test-NhiRotation | Where-Object Status -in Overdue, DueSoon, Expired
$due | Invoke-NhiRotate -VaultUri $VaultUri -GracePeriod $GracePeriod -Confirm:$false -ErrorAction Continue @journal |
    Select-Object IdentityName, Provider, State, OldCredentialId, NewCredentialId, NextStepAfter

# Retire old credentials whose grace period is over; finish or roll back anything an interrupted job left behind.
Resume-NhiRotation -GracePeriod $GracePeriod -Confirm:$false -ErrorAction Continue @journal |
    Select-Object IdentityName, Provider, State, OldCredentialId, NewCredentialId, NextStepAfter
