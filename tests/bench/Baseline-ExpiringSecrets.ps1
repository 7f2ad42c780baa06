# Baseline for tests/bench/entra.md: the per-app pattern of Microsoft's "export apps with expiring secrets and
# certificates" sample (list every application, then ask Graph for each application's owners one by one), with
# Invoke-RestMethod instead of the Graph modules so that module load time does not count against it.
param(
    [Parameter(Mandatory)] [string] $Graph,
    [Parameter(Mandatory)] [string] $Token,
    [int] $Limit = [int]::MaxValue
)
$ErrorActionPreference = 'Stop'
$headers = @{ Authorization = "Bearer $Token" }

$apps = [System.Collections.Generic.List[object]]::new()
$url = "$Graph/applications"
while ($url) {
    $page = Invoke-RestMethod -Uri $url -Headers $headers
    $apps.AddRange(@($page.value))
    $url = $page.'@odata.nextLink'
}

$rows = 0
foreach ($app in ($apps | Select-Object -First $Limit)) {
    $owners = (Invoke-RestMethod -Uri "$Graph/applications/$($app.id)/owners" -Headers $headers).value
    $ownerNames = ($owners | ForEach-Object { $_.userPrincipalName }) -join ';'
    foreach ($s in @($app.passwordCredentials) + @($app.keyCredentials)) {
        if (-not $s) { continue }
        $row = [pscustomobject]@{ App = $app.displayName; AppId = $app.appId; KeyId = $s.keyId; End = $s.endDateTime; Owners = $ownerNames }
        $rows++
    }
}
"$($apps.Count) apps listed, $rows credential rows"
