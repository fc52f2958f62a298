// Words for values and methods, for the administrator. Presentation only: every decision (causes,
// sources, plans, refusals) comes from the core through window.fipsfix.
import type { ResultOf } from '../src/ipc/contract';

export type DiagnoseValue = Extract<ResultOf<'diagnose'>, { ok: true }>['value'];
export type Diagnosis = DiagnoseValue['diagnosis'];
export type VerifyValue = Extract<ResultOf<'verify'>, { ok: true }>['value'];
export type Cause = Diagnosis['causes'][number];
export type PlanValue = Extract<ResultOf<'plan'>, { ok: true }>['value'];
export type Plan = PlanValue['plan'];
export type PlannedChange = Extract<Plan, { kind: 'changes' }>['changes'][number];
export type ApplyValue = Extract<ResultOf<'apply'>, { ok: true }>['value'];
export type RollbackValue = Extract<ResultOf<'rollback'>, { ok: true }>['value'];
export type BackupList = Extract<ResultOf<'listBackups'>, { ok: true }>['value'];

export const SETTING_WORDS: Readonly<Record<Cause['id'], string>> = {
  'fips-algorithm-policy': 'The FIPS security option ("System cryptography: Use FIPS compliant algorithms…")',
  'fips-algorithm-policy-legacy': 'The FIPS security option (Windows Server 2003 value)',
  'rdp-encryption-policy': 'The Group Policy "Set client connection encryption level"',
  'rdp-tcp-encryption-level': "The RDP-Tcp connection's own encryption level",
};

const RDP_LEVELS: Readonly<Record<number, string>> = {
  1: 'Low',
  2: 'Client Compatible',
  3: 'High',
  4: 'FIPS Compliant',
};

export function valueWords(id: Cause['id'], n: number | null): string {
  if (n === null) return 'absent';
  if (id.startsWith('fips')) return `${n} (${n === 1 ? 'Enabled' : 'Disabled'})`;
  return `${n} (${RDP_LEVELS[n] ?? 'unknown level'})`;
}

export const VERDICT_WORDS: Readonly<Record<Diagnosis['verdict'], string>> = {
  blocked: 'Blocked: Remote Assistance and RDP clients from Windows 10 are refused',
  'not-blocked': 'Not blocked by the FIPS encryption level',
  incomplete: 'Incomplete: the evidence does not cover every setting',
};

/** Which way FIPS was turned on, why the fix goes the same way, and what a refresh would do otherwise. */
export const METHOD_WORDS: Readonly<Record<Cause['source'], string>> = {
  'rdp-tcp-connection':
    'It was set on the RDP-Tcp connection itself (Remote Desktop Session Host configuration, WMI or the registry), and no policy defines it. FipsFix changes that same value, so nothing puts FIPS back.',
  registry:
    'It was written straight into the registry and no policy defines it. FipsFix changes the registry value itself; no policy refresh will undo it.',
  'local-security-policy':
    "It was turned on in this server's local security policy (secpol.msc), or left behind by a GPO that no longer applies. A registry edit alone would be put back at the next security policy refresh, so FipsFix turns it off through local security policy (a security template), and the policy database agrees.",
  'local-group-policy':
    "It is pinned by this server's local Group Policy (gpedit.msc). A registry edit alone would be put back at the next policy refresh, so FipsFix changes the local GPO itself and then refreshes policy.",
  'domain-group-policy':
    'It comes from a domain Group Policy Object. Anything changed on this server would be put back at the next policy refresh (within about 90 minutes), so FipsFix does not change it here: the GPO must be changed by a domain administrator.',
  unknown:
    'The evidence cannot tell who set it, and a domain GPO is not ruled out. FipsFix changes nothing until the evidence named below settles it.',
};

export const VIA_WORDS: Readonly<Record<PlannedChange['via'], string>> = {
  'rdp-tcp-value': "RDP-Tcp connection's value",
  registry: 'registry value',
  'local-security-policy': 'local security policy (security template, secedit)',
  'local-gpo': "local GPO's Registry.pol, then a policy refresh",
  'decided-when-elevated':
    'the method that set it, read in the elevated step (nothing is changed if a domain GPO sets it)',
};
