// The PowerShell that `fipsfix collect` runs, elevated, to write rsop.json from WMI's
// root\rsop\computer: the GPOs that applied, and every registry value they set through the
// registry extension (RSOP_RegistryPolicySetting) and the security extension (RSOP_RegistryValue).
// What it reads and why, and what is unverified: docs/rsop-evidence.md, which quotes
// RSOP_COLLECT_BODY verbatim (a test keeps the two equal). The reader is src/core/formats/rsop-json.ts.
import { join } from 'node:path';
import { RSOP_JSON_FILE } from '../../core/formats/rsop-json';

export { RSOP_JSON_FILE };

/**
 * The script, reading `$OutFile`. Select-Object keeps only named properties: a raw CIM instance
 * also serialises CimClass and CimInstanceProperties. Dates become ISO strings and bytes number
 * arrays, so Windows PowerShell 5.1 and PowerShell 7 write the same JSON. The file is UTF-8 without
 * a BOM whatever the edition's default. A class WMI refuses is recorded in `errors`, not fatal.
 */
export const RSOP_COLLECT_BODY = String.raw`# Windows PowerShell 5.1 serialises a wrapped array as {"value":[...],"Count":n} unless this goes.
if ($PSVersionTable.PSVersion.Major -lt 6) { Remove-TypeData -TypeName System.Array -ErrorAction Ignore }
$ns = 'root\rsop\computer'
$errors = @()
function Get-RsopRows([string]$Class, [object[]]$Property) {
  try { @(Get-CimInstance -Namespace $ns -ClassName $Class -ErrorAction Stop | Select-Object -Property $Property) }
  catch { $script:errors += "$($Class): $($_.Exception.Message)"; @() }
}
$created = @{ n = 'creationTime'; e = { if ($_.creationTime) { $_.creationTime.ToUniversalTime().ToString('o') } } }
$bytes = @{ n = 'value'; e = { if ($null -ne $_.value) { , ([int[]]$_.value) } } }
$me = New-Object Security.Principal.WindowsPrincipal ([Security.Principal.WindowsIdentity]::GetCurrent())
$doc = [ordered]@{
  fipsfixRsop = 1
  namespace = $ns
  computerName = $env:COMPUTERNAME
  collectedAt = [DateTime]::UtcNow.ToString('o')
  elevated = $me.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
  rsopLoggingPolicy = (Get-ItemProperty -Path 'HKLM:\Software\Policies\Microsoft\Windows\System' -Name RSoPLogging -ErrorAction SilentlyContinue).RSoPLogging
  sessions = @(Get-RsopRows RSOP_Session @('targetName', 'SOM', 'Site', 'slowLink', 'version', $created))
  gpos = @(Get-RsopRows RSOP_GPO @('id', 'name', 'guidName', 'fileSystemPath', 'enabled', 'accessDenied', 'filterAllowed', 'version'))
  registryPolicySettings = @(Get-RsopRows RSOP_RegistryPolicySetting @('GPOID', 'SOMID', 'id', 'precedence', 'registryKey', 'valueName', 'valueType', $bytes, 'deleted', 'command', $created))
  securityRegistryValues = @(Get-RsopRows RSOP_RegistryValue @('GPOID', 'SOMID', 'id', 'precedence', 'Path', 'Type', 'Data', 'Status', 'ErrorCode', $created))
}
$doc.errors = @($errors)
[IO.File]::WriteAllText($OutFile, (ConvertTo-Json -InputObject $doc -Depth 5), (New-Object Text.UTF8Encoding $false))
`;

/** A PowerShell single-quoted literal. PowerShell also ends one at the typographic quotes ‘ ’ ‚ ‛. */
export function powershellLiteral(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** The whole script for one output file. */
export function rsopCollectScript(outFile: string): string {
  return `$OutFile = ${powershellLiteral(outFile)}\n${RSOP_COLLECT_BODY}`;
}

export interface RsopCollectCommand {
  readonly program: string;
  readonly args: readonly string[];
  readonly timeoutMs: number;
}

/**
 * How `collect` runs it: Windows PowerShell from System32 by full path, like every other tool, the
 * script passed as -EncodedCommand (base64 of UTF-16LE) so no quoting of the path can break it, and
 * no profile, which could change what the script sees. Run it elevated; exit 0 means the file was
 * written (its `errors` and `elevated` still say how much it holds).
 */
export function rsopCollectCommand(windowsDir: string, folder: string): RsopCollectCommand {
  const script = rsopCollectScript(join(folder, RSOP_JSON_FILE));
  return {
    program: join(windowsDir, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'),
    args: [
      '-NoProfile',
      '-NonInteractive',
      '-EncodedCommand',
      Buffer.from(script, 'utf16le').toString('base64'),
    ],
    timeoutMs: 120_000,
  };
}
