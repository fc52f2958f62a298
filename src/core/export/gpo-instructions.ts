// What to ask the domain administrator for, per responsible domain GPO: its name, GUID and link,
// the servers under it, the exact place of the setting in the Group Policy Management Editor (the
// core's texts), and PowerShell where a cmdlet can do it, by the route the GPO takes (the cause's
// `route`). The RDP level as an Administrative Template value: Set-GPRegistryValue sets it. The FIPS
// option as a security option lives in the GPO's GptTmpl.inf, which no GroupPolicy cmdlet edits. A
// registry value set with Set-GPRegistryValue ("Extra Registry Settings"): Remove-GPRegistryValue
// takes it out. A Group Policy Preferences item: no cmdlet changes one. What no cmdlet can do is
// said, not papered over.
import type { Cause } from '../diagnosis-schema';
import { domainGpoOf } from '../rules/domain-gpo';
import { WATCHED_VALUES, managedValue } from '../settings';
import { GPMC_PATH, STIG_FIPS_RULES } from '../windows-texts';
import type { ExportedFile, ExportTarget } from './exported-file';

interface GpoEntry {
  id: string;
  name: string;
  linkedAt?: string;
  causes: Map<Cause['id'], { cause: Cause; servers: string[] }>;
}

const bare = (guid: string): string => guid.replace(/^\{|\}$/g, '');
/** PowerShell single-quoted string: only ' needs doubling. */
const psQuote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Every script's start: who runs it, the GPO by GUID, and a Backup-GPO before anything changes. */
function backedUpGpoLines(g: GpoEntry, what: string): string[] {
  return [
    '# Run as a domain administrator with the GroupPolicy module (RSAT). Review before running.',
    '#Requires -Modules GroupPolicy',
    "$ErrorActionPreference = 'Stop'",
    `$gpo = ${psQuote(bare(g.id))}`,
    '',
    '# 1. A backup of the GPO first (Restore-GPO puts it back).',
    "$backupDir = Join-Path $env:USERPROFILE 'FipsFix-GPO-backups'",
    'New-Item -ItemType Directory -Force -Path $backupDir | Out-Null',
    `Backup-GPO -Guid $gpo -Path $backupDir -Comment 'Before FipsFix: ${what}'`,
  ];
}

function rdpScript(g: GpoEntry, level: number): string {
  const w = WATCHED_VALUES['rdp-encryption-policy'];
  return [
    `# FipsFix: lower the RDP encryption level that domain GPO "${g.name}" ${g.id} sets to FIPS Compliant (4).`,
    ...backedUpGpoLines(g, 'RDP encryption level'),
    '',
    '# 2. What it sets now.',
    `Get-GPRegistryValue -Guid $gpo -Key ${psQuote(`HKLM\\${w.key}`)} -ValueName ${psQuote(w.name)}`,
    '',
    `# 3. "Set client connection encryption level": Enabled, ${level === 3 ? 'High Level' : `level ${level}`} (${level}). The Administrative Template reads`,
    '#    this same Registry.pol value, so the editor shows the policy as Enabled with that level.',
    `Set-GPRegistryValue -Guid $gpo -Key ${psQuote(`HKLM\\${w.key}`)} -ValueName ${psQuote(w.name)} -Type DWord -Value ${level}`,
    '',
    '# 4. The servers pick it up at their next refresh (up to 90 minutes and a random offset), or now:',
    '#    Invoke-GPUpdate -Computer <server> -Target Computer -Force     then, on the server: fipsfix diagnose',
    '',
  ].join('\r\n');
}

type Route = NonNullable<Cause['route']>;

/** Causes from before routes were recorded are a security option (FIPS) or a template (the RDP level). */
function routeOf(cause: Cause): Route {
  return (
    cause.route ?? (cause.setting === 'fips-algorithm-policy' ? 'security-option' : 'administrative-template')
  );
}

/** Backup-GPO, then Remove-GPRegistryValue of the one value the cause names. */
function removeValueScript(g: GpoEntry, cause: Cause): string {
  const w = managedValue(cause.id);
  const key = psQuote(`HKLM\\${w.key}`);
  return [
    `# FipsFix: remove the registry value ${cause.registryValue} (${cause.valueLabel}) that domain GPO "${g.name}" ${g.id} sets.`,
    '# It is a registry-based setting no Administrative Template describes ("Extra Registry Settings" in the GPO report).',
    ...backedUpGpoLines(g, `remove ${w.key.split('\\').at(-1) ?? ''}\\${w.name}`),
    '',
    '# 2. What it sets now.',
    `Get-GPRegistryValue -Guid $gpo -Key ${key} -ValueName ${psQuote(w.name)}`,
    '',
    '# 3. Take the value out of the GPO.',
    `Remove-GPRegistryValue -Guid $gpo -Key ${key} -ValueName ${psQuote(w.name)}`,
    '',
    '# 4. The servers stop receiving it at their next refresh, or now:',
    '#    Invoke-GPUpdate -Computer <server> -Target Computer -Force',
    '#    A value outside SOFTWARE\\Policies stays on each server after the GPO stops writing it:',
    '#    then, on each server: fipsfix plan, and fipsfix apply (the value is no longer set by a GPO).',
    '',
  ].join('\r\n');
}

function securityOptionLines(g: GpoEntry): string[] {
  return [
    'What to change: set it to **Disabled** (not "Not Defined": a security option stays on the servers — "tattooed" — after the',
    'GPO stops defining it, so only Disabled turns it off). This turns FIPS mode off for the whole server, not only RDP:',
    `DISA STIGs require it Enabled (${STIG_FIPS_RULES}); a documented exception is needed where they apply.`,
    '',
    "PowerShell: **there is no GroupPolicy cmdlet for this.** Security options live in the GPO's",
    `\`\\\\<domain>\\SYSVOL\\<domain>\\Policies\\${g.id}\\Machine\\Microsoft\\Windows NT\\SecEdit\\GptTmpl.inf\` (line`,
    '`MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled=4,1`), not in Registry.pol, so',
    '`Set-GPRegistryValue` cannot change it: writing that registry path with it would add a second, conflicting setting',
    'beside the security option. Editing GptTmpl.inf by hand also needs the GPO version raised in gpt.ini and in Active',
    'Directory, or clients ignore it. Use the editor above. What can be scripted around it:',
    '',
    '```powershell',
    `Backup-GPO -Guid ${psQuote(bare(g.id))} -Path "$env:USERPROFILE\\FipsFix-GPO-backups"   # before`,
    `Get-GPOReport -Guid ${psQuote(bare(g.id))} -ReportType Xml | Select-String 'FIPSAlgorithmPolicy'   # after: SettingNumber 0`,
    'Invoke-GPUpdate -Computer <server> -Target Computer -Force   # then, on the server: fipsfix diagnose',
    '```',
  ];
}

function templateLines(g: GpoEntry, cause: Cause, scripts: Map<string, string>): string[] {
  const level = 3;
  const script = `gpo-${bare(g.id).toLowerCase()}-rdp-encryption-level.ps1`;
  scripts.set(script, rdpScript(g, level));
  return [
    'What to change: keep it **Enabled** and choose **High Level** (3) in "Encryption Level". High is what DISA STIGs ask for',
    '(WN16-CC-000410, WN19-CC-000380); "Not Configured" would also unblock, but leaves the level to each server.',
    ...(cause.value === 4
      ? [
          '',
          'The template offers only 1 to 3, so a 4 was written into the GPO as a registry value (Set-GPRegistryValue, LGPO…):',
          'the editor may show no value under the path above; the GPO report lists it under "Extra Registry Settings".',
          'The cmdlet below overwrites that same value, which the template then shows as Enabled, High Level.',
        ]
      : []),
    '',
    `PowerShell (also written as \`${script}\`, with a Backup-GPO first):`,
    '',
    '```powershell',
    `Set-GPRegistryValue -Guid ${psQuote(bare(g.id))} -Key ${psQuote(`HKLM\\${WATCHED_VALUES['rdp-encryption-policy'].key}`)} -ValueName 'MinEncryptionLevel' -Type DWord -Value ${level}`,
    '```',
  ];
}

function registrySettingLines(g: GpoEntry, cause: Cause, scripts: Map<string, string>): string[] {
  const w = managedValue(cause.id);
  // A listener's id carries its name after a colon, which a Windows file name cannot hold.
  const script = `gpo-${bare(g.id).toLowerCase()}-remove-${cause.id.replace(/[^A-Za-z0-9-]/g, '-')}.ps1`;
  scripts.set(script, removeValueScript(g, cause));
  const outsidePolicies = !/^SOFTWARE\\Policies\\/i.test(w.key);
  return [
    `What to change: remove the registry value \`${cause.registryValue}\` from the GPO. It was set as a registry value`,
    '(Set-GPRegistryValue, LGPO, an imported Registry.pol), not through a security option or a template, so the Group Policy',
    'Management Editor does not show it and cannot change it; the report above lists it, and Remove-GPRegistryValue removes it.',
    ...(outsidePolicies
      ? [
          '',
          `The value is outside SOFTWARE\\Policies, so it stays on each server after the GPO stops writing it. After the refresh,`,
          'run `fipsfix plan` and `fipsfix apply` on each server: the value is then no longer set by a GPO and can be fixed there.',
        ]
      : []),
    '',
    `PowerShell (also written as \`${script}\`, with a Backup-GPO first):`,
    '',
    '```powershell',
    `Remove-GPRegistryValue -Guid ${psQuote(bare(g.id))} -Key ${psQuote(`HKLM\\${w.key}`)} -ValueName ${psQuote(w.name)}`,
    '```',
  ];
}

function preferenceLines(g: GpoEntry, cause: Cause): string[] {
  const w = managedValue(cause.id);
  const isFips = cause.setting === 'fips-algorithm-policy';
  const fixed = isFips ? '0' : '3 (High Level)';
  return [
    `What to change: the Group Policy Preferences registry item that writes \`${cause.registryValue}\`. In the editor, under`,
    `**${GPMC_PATH.preferences}**, open the item for key \`${w.key}\`, value \`${w.name}\`, and set its value data to ${fixed},`,
    'or delete the item. A deleted item leaves its value on the servers unless "Remove this item when it is no longer applied"',
    "was checked on its Common tab (Preferences' common options; not verified here): run `fipsfix diagnose` on each server",
    'after the refresh, and `fipsfix plan` if the value is still there.',
    '',
    'PowerShell: **no GroupPolicy cmdlet changes an existing Preferences item** (Set-GPPrefRegistryValue only adds new ones).',
    'Remove-GPPrefRegistryValue deletes every Registry item for the value, after a backup:',
    '',
    '```powershell',
    `Backup-GPO -Guid ${psQuote(bare(g.id))} -Path "$env:USERPROFILE\\FipsFix-GPO-backups"   # before`,
    `Remove-GPPrefRegistryValue -Guid ${psQuote(bare(g.id))} -Context Computer -Key ${psQuote(`HKLM\\${w.key}`)} -ValueName ${psQuote(w.name)}`,
    '```',
  ];
}

function section(g: GpoEntry, scripts: Map<string, string>): string[] {
  const out: string[] = [];
  out.push(
    `## Domain GPO "${g.name}"`,
    '',
    `- GUID: \`${g.id}\``,
    `- Linked at: ${g.linkedAt ?? 'not in the evidence (gpresult names it as Path/SOM); see Group Policy Management → the GPO → Scope'}`,
  );
  for (const { cause, servers } of g.causes.values()) {
    const isFips = cause.setting === 'fips-algorithm-policy';
    out.push(
      '',
      `### ${managedValue(cause.id).label}: ${cause.valueLabel}`,
      '',
      `Servers under it (${servers.length}): ${servers.join(', ')}`,
      '',
    );
    const route = routeOf(cause);
    const removed = route === 'registry-setting' && cause.id !== 'rdp-encryption-policy';
    out.push(
      removed
        ? `Where: Group Policy Management → "${g.name}" → Settings tab → **${GPMC_PATH.extraRegistrySettings}** (the report lists it; the editor does not show it)`
        : `Where: Group Policy Management → right-click "${g.name}" → Edit → **${
            route === 'preference'
              ? GPMC_PATH.preferences
              : (cause.remedy.gpmcPath ?? (isFips ? GPMC_PATH.fipsDomain : GPMC_PATH.rdpDomain))
          }**`,
      '',
    );
    if (route === 'preference') out.push(...preferenceLines(g, cause));
    // The RDP policy's own value set as a registry value is overwritten in place: the template reads it.
    else if (removed) out.push(...registrySettingLines(g, cause, scripts));
    else if (isFips) out.push(...securityOptionLines(g));
    else out.push(...templateLines(g, cause, scripts));
    if (cause.remedy.steps.length > 0)
      out.push('', 'From the diagnosis:', ...cause.remedy.steps.map((s) => `- ${s}`));
  }
  out.push('');
  return out;
}

export function gpoInstructions(targets: readonly ExportTarget[]): {
  files: ExportedFile[];
  refused: { server: string; reason: string }[];
  skipped: { server: string; reason: string }[];
} {
  const gpos = new Map<string, GpoEntry>();
  const refused: { server: string; reason: string }[] = [];
  // Servers that need no instructions: not blocked, or fixable on the server itself.
  const skipped: { server: string; reason: string }[] = [];
  for (const t of targets) {
    const domain = t.diagnosis.causes.filter((c) => domainGpoOf(c) !== undefined);
    for (const c of t.diagnosis.causes) {
      if (c.source === 'unknown') {
        refused.push({
          server: t.server,
          reason: `${c.registryValue}: who set it is not known, so no GPO can be named yet; collect: ${(c.remedy.settleWith ?? c.remedy.steps).join('; ')}`,
        });
      }
    }
    if (domain.length === 0) {
      if (!t.diagnosis.causes.some((c) => c.source === 'unknown')) {
        skipped.push({
          server: t.server,
          reason:
            t.diagnosis.causes.length === 0
              ? 'not blocked: nothing to ask for'
              : 'no domain GPO sets it: fixable on the server itself (fipsfix apply, the .reg or the Ansible role)',
        });
      }
      continue;
    }
    for (const c of domain) {
      const gpo = domainGpoOf(c);
      if (!gpo) continue;
      const key = gpo.id.toUpperCase();
      const g: GpoEntry = gpos.get(key) ?? {
        id: gpo.id,
        name: gpo.name,
        ...(gpo.linkedAt ? { linkedAt: gpo.linkedAt } : {}),
        causes: new Map(),
      };
      const entry = g.causes.get(c.id) ?? { cause: c, servers: [] };
      if (!entry.servers.includes(t.server)) entry.servers.push(t.server);
      g.causes.set(c.id, entry);
      gpos.set(key, g);
    }
  }
  if (gpos.size === 0) return { files: [], refused, skipped };
  const scripts = new Map<string, string>();
  const doc = [
    '# What to ask the domain administrator for',
    '',
    'FipsFix found the FIPS encryption level set by these domain GPOs. A change on the servers would be undone at the next',
    'policy refresh, so each must be changed in the GPO. After the change and a refresh, run `fipsfix diagnose` on a server',
    '(exit code 0 means nothing forces FIPS any more).',
    '',
    ...[...gpos.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .flatMap((g) => section(g, scripts)),
  ].join('\n');
  return {
    files: [
      { path: 'gpo-instructions.md', content: doc },
      ...[...scripts].map(([path, content]) => ({ path, content })),
    ],
    refused,
    skipped,
  };
}
