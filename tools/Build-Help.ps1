<#
.SYNOPSIS
    Generates MAML help (en-US/NhiTools.dll-Help.xml) for the built module. platyPS is not available, so the
    prose lives in docs/help/<Cmdlet>.psd1 and syntax, types and pipeline facts come from the cmdlets' own
    metadata: help cannot drift from the code. Fails when a cmdlet, a parameter or two examples are missing.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $HelpSource
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$module = Import-Module (Join-Path $ModulePath 'NhiTools.psd1') -PassThru -Force
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
$problems = [System.Collections.Generic.List[string]]::new()

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$helpDir = Join-Path $ModulePath 'en-US'
$null = New-Item -ItemType Directory -Force $helpDir
$writer = [System.Xml.XmlWriter]::Create((Join-Path $helpDir 'NhiTools.dll-Help.xml'), $settings)

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paras([string] $Text) {
    foreach ($para in ($Text -split "\r?\n\s*\r?\n")) {
        $writer.WriteElementString('para', $maml, ($para.Trim() -replace '\s*\r?\n\s*', ' '))
    }
}

function Get-TypeName([type] $Type) {
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    $Type.FullName -replace '^System\.', ''
}

function Write-Parameter($Parameter, $SetParameter, [string] $Description) {
    $pipeline = @()
    $attr = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
    if ($attr | Where-Object ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($attr | Where-Object ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $pipelineText = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
    $required = if ($SetParameter) { $SetParameter.IsMandatory } else { [bool]($attr | Where-Object Mandatory) }
    $position = if ($SetParameter -and $SetParameter.Position -ge 0) { [string]$SetParameter.Position } else { 'named' }
    $globbing = [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $aliases = if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }

    $writer.WriteStartElement('command', 'parameter', $cmd)
    $writer.WriteAttributeString('required', $required.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('globbing', $globbing.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('pipelineInput', $pipelineText)
    $writer.WriteAttributeString('position', $position)
    $writer.WriteAttributeString('aliases', $aliases)
    $writer.WriteElementString('name', $maml, $Parameter.Name)
    $writer.WriteStartElement('description', $maml); Write-Paras $Description; $writer.WriteEndElement()
    $validateSet = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
    $enumValues = if ($Parameter.ParameterType.IsEnum) { [enum]::GetNames($Parameter.ParameterType) }
        elseif ($Parameter.ParameterType.IsArray -and $Parameter.ParameterType.GetElementType().IsEnum) { [enum]::GetNames($Parameter.ParameterType.GetElementType()) }
    $values = if ($validateSet) { $validateSet.ValidValues } else { $enumValues }
    if ($values) {
        $writer.WriteStartElement('parameterValueGroup', $cmd)
        foreach ($v in $values) {
            $writer.WriteStartElement('parameterValue', $cmd); $writer.WriteAttributeString('required', 'false'); $writer.WriteAttributeString('variableLength', 'false'); $writer.WriteString($v); $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
    }
    if ($Parameter.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
        $writer.WriteStartElement('parameterValue', $cmd)
        $writer.WriteAttributeString('required', 'true'); $writer.WriteAttributeString('variableLength', 'false')
        $writer.WriteString((Get-TypeName $Parameter.ParameterType)); $writer.WriteEndElement()
    }
    $writer.WriteStartElement('type', $dev); $writer.WriteElementString('name', $maml, (Get-TypeName $Parameter.ParameterType)); $writer.WriteEndElement()
    $writer.WriteElementString('defaultValue', $dev, 'None')
    $writer.WriteEndElement()
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')

foreach ($command in ($module.ExportedCmdlets.Values | Sort-Object Name)) {
    $sourceFile = Join-Path $HelpSource "$($command.Name).psd1"
    if (-not (Test-Path $sourceFile)) { $problems.Add("$($command.Name): no help source $sourceFile"); continue }
    $help = Import-PowerShellDataFile $sourceFile
    $parameters = $command.Parameters.Values | Where-Object { $_.Name -notin $common }
    foreach ($p in $parameters) { if (-not $help.Parameters.ContainsKey($p.Name)) { $problems.Add("$($command.Name): parameter -$($p.Name) is not described") } }
    foreach ($name in $help.Parameters.Keys) { if ($name -notin $parameters.Name) { $problems.Add("$($command.Name): help describes -$name, which the cmdlet does not have") } }
    if (@($help.Examples).Count -lt 2) { $problems.Add("$($command.Name): fewer than two examples") }

    $writer.WriteStartElement('command', 'command', $cmd)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('details', $cmd)
    $writer.WriteElementString('name', $cmd, $command.Name)
    $writer.WriteElementString('verb', $cmd, $command.Verb)
    $writer.WriteElementString('noun', $cmd, $command.Noun)
    $writer.WriteStartElement('description', $maml); Write-Paras $help.Synopsis; $writer.WriteEndElement()
    $writer.WriteEndElement()
    $writer.WriteStartElement('description', $maml); Write-Paras $help.Description; $writer.WriteEndElement()

    $writer.WriteStartElement('syntax', $cmd)
    foreach ($set in $command.ParameterSets) {
        $writer.WriteStartElement('syntaxItem', $cmd)
        $writer.WriteElementString('name', $maml, $command.Name)
        foreach ($sp in ($set.Parameters | Where-Object { $_.Name -notin $common } | Sort-Object { if ($_.Position -ge 0) { $_.Position } else { 1000 } })) {
            Write-Parameter $command.Parameters[$sp.Name] $sp ([string]$help.Parameters[$sp.Name])
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('parameters', $cmd)
    foreach ($p in ($parameters | Sort-Object Name)) { Write-Parameter $p $null ([string]$help.Parameters[$p.Name]) }
    $writer.WriteEndElement()

    $writer.WriteStartElement('inputTypes', $cmd)
    foreach ($input in @($help.Inputs)) {
        $writer.WriteStartElement('inputType', $cmd)
        $writer.WriteStartElement('type', $dev); $writer.WriteElementString('name', $maml, $input.Type); $writer.WriteEndElement()
        $writer.WriteStartElement('description', $maml); Write-Paras $input.Description; $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteStartElement('returnValues', $cmd)
    foreach ($output in $command.OutputType) {
        $writer.WriteStartElement('returnValue', $cmd)
        $writer.WriteStartElement('type', $dev); $writer.WriteElementString('name', $maml, $output.Name); $writer.WriteEndElement()
        $writer.WriteStartElement('description', $maml); Write-Paras ([string]$help.Outputs); $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    if ($help.ContainsKey('Notes')) {
        $writer.WriteStartElement('alertSet', $maml); $writer.WriteStartElement('alert', $maml); Write-Paras $help.Notes; $writer.WriteEndElement(); $writer.WriteEndElement()
    }

    $writer.WriteStartElement('examples', $cmd)
    $i = 0
    foreach ($example in $help.Examples) {
        $i++
        $writer.WriteStartElement('example', $cmd)
        $writer.WriteElementString('title', $maml, "-------------------------- Example ${i}: $($example.Title) --------------------------")
        $writer.WriteElementString('code', $dev, $example.Code.Trim())
        $writer.WriteStartElement('remarks', $dev); Write-Paras $example.Remarks; $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('relatedLinks', $cmd)
    foreach ($link in @($help.Links)) {
        $writer.WriteStartElement('navigationLink', $maml); $writer.WriteElementString('linkText', $maml, $link); $writer.WriteElementString('uri', $maml, ''); $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}

$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Dispose()

if ($problems.Count) {
    $problems | ForEach-Object { Write-Error -Message $_ -ErrorAction Continue }
    exit 1
}
exit 0
