// Which value each watched setting has as far as the evidence tells, and which of them decides the
// RDP encryption level (docs/model.md, "Precedence"). Rules only: the words are in ../words/.
import type {
  Evidence,
  GroupPolicySetting,
  GroupPolicySettingId,
  LocalGpoReading,
  RegistryReading,
  SecurityOptionReading,
  SecurityPolicyExport,
  SeceditExportKind,
} from '../evidence';
import { RdpEncryptionLevel, type ManagedValueId, type WatchedValueId } from '../settings';

// A number, not the enum member: it is compared with DWORDs read from the registry.
export const FIPS_LEVEL: number = RdpEncryptionLevel.FipsCompliant;

export type FipsValueId = 'fips-algorithm-policy' | 'fips-algorithm-policy-legacy';

export function isFipsValue(id: ManagedValueId): id is FipsValueId {
  return id === 'fips-algorithm-policy' || id === 'fips-algorithm-policy-legacy';
}

/** The value that forces FIPS: the security option enabled (1), an RDP level of FIPS Compliant (4). */
export function forcesFips(id: ManagedValueId, data: number | null): boolean {
  return data !== null && data === (isFipsValue(id) ? 1 : FIPS_LEVEL);
}

/** Windows XP / Server 2003 read the legacy FIPS value; Vista and later read FIPSAlgorithmPolicy\Enabled. */
export function isPreVista(osVersion: string | undefined): boolean {
  const major = osVersion ? Number.parseInt(osVersion.split('.')[0] ?? '', 10) : Number.NaN;
  return Number.isFinite(major) && major < 6;
}

/** gpresult's Precedence 1 is the GPO applied last, which wins. */
export function winningSetting(
  settings: readonly GroupPolicySetting[],
  id: GroupPolicySettingId,
): GroupPolicySetting | undefined {
  return settings
    .filter((s) => s.setting === id)
    .reduce<GroupPolicySetting | undefined>(
      (best, s) => (best === undefined || s.precedence < best.precedence ? s : best),
      undefined,
    );
}

/** One secedit export's reading of a security option, and which export it is. */
export interface SecurityExportReading {
  readonly reading: SecurityOptionReading;
  readonly exportedWith: SeceditExportKind;
}

function readingOf(
  x: SecurityPolicyExport | undefined,
  id: WatchedValueId,
): SecurityExportReading | undefined {
  if (!x) return undefined;
  const reading =
    id === 'fips-algorithm-policy'
      ? x.fips
      : id === 'fips-algorithm-policy-legacy'
        ? x.fipsLegacy
        : undefined;
  return reading && { reading, exportedWith: x.exportedWith ?? 'not-recorded' };
}

/**
 * The plain export (the local database, or of a kind not recorded) and the merged one, each when the
 * evidence has it (docs/model.md, "Which secedit export").
 */
export function seceditReadings(
  ev: Evidence,
  id: WatchedValueId,
): { readonly local?: SecurityExportReading; readonly merged?: SecurityExportReading } {
  const first = readingOf(ev.securityPolicy, id);
  const second = readingOf(ev.mergedSecurityPolicy, id);
  const merged = [first, second].find((r) => r?.exportedWith === 'merged-policy');
  const local = [first, second].find((r) => r && r.exportedWith !== 'merged-policy');
  return { ...(local ? { local } : {}), ...(merged ? { merged } : {}) };
}

/** Where a value was read from, when the registry itself was not. */
export type ValueBasis =
  | { readonly kind: 'registry'; readonly reading: RegistryReading }
  | { readonly kind: 'winning-gpo'; readonly setting: GroupPolicySetting }
  | {
      readonly kind: 'security-database';
      readonly reading: Extract<SecurityOptionReading, { state: 'defined' }>;
      readonly exportedWith?: SeceditExportKind;
    }
  | { readonly kind: 'local-gpo'; readonly reading: Extract<LocalGpoReading, { state: 'set' }> };

/** A setting's value as far as the evidence tells: a number, absent (null), or not known. */
export type ValueInEvidence =
  | { readonly known: true; readonly data: number | null; readonly basis: ValueBasis }
  | { readonly known: false };

/**
 * The registry when it was read; else what the policies say the value is (the winning GPO, the
 * security database, the local GPO). The RDP-Tcp value has no policy behind it: unread, it is unknown.
 */
export function valueInEvidence(ev: Evidence, id: WatchedValueId): ValueInEvidence {
  const reg = ev.registry[id];
  if (reg)
    return {
      known: true,
      data: reg.state === 'dword' ? reg.data : null,
      basis: { kind: 'registry', reading: reg },
    };
  if (id === 'rdp-tcp-encryption-level') return { known: false };
  const gp = ev.groupPolicy;
  if (gp?.computerResults === 'present') {
    const w = winningSetting(gp.settings, id);
    // An RDP policy enabled at a level FipsFix cannot name, winning over the named ones: its value
    // is not known from gpresult (docs/model.md, "A level FipsFix cannot name").
    const unnamed =
      id === 'rdp-encryption-policy' &&
      (gp.unnamedRdpLevels ?? []).some((u) => w === undefined || u.precedence < w.precedence);
    if (unnamed) return { known: false };
    if (w) return { known: true, data: w.data, basis: { kind: 'winning-gpo', setting: w } };
  }
  const { local, merged } = seceditReadings(ev, id);
  const sec = merged?.reading.state === 'defined' ? merged : local;
  if (sec?.reading.state === 'defined')
    return {
      known: true,
      data: sec.reading.data,
      basis: { kind: 'security-database', reading: sec.reading, exportedWith: sec.exportedWith },
    };
  const pol = ev.localGpo?.rdpEncryptionPolicy;
  // A `**soft.` record is the value only where the server had none: unread, the value is not known.
  if (id === 'rdp-encryption-policy' && pol?.state === 'set' && pol.soft !== true)
    return { known: true, data: pol.data, basis: { kind: 'local-gpo', reading: pol } };
  return { known: false };
}

export type LevelDecidedBy =
  'fips-algorithm-policy' | 'rdp-encryption-policy' | 'rdp-tcp-encryption-level' | 'default' | 'unknown';

/**
 * The RDP encryption level in force: the FIPS option when on, then the Group Policy value, then the
 * RDP-Tcp value (absent: the Windows default, not FIPS). Each argument is `undefined` when the
 * evidence does not tell, and a level that depends on an unknown above it is unknown — unless what
 * is known already forces FIPS.
 */
export function rdpLevelInForce(known: {
  readonly fipsOn: boolean | undefined;
  readonly policyLevel: number | null | undefined;
  readonly tcpLevel: number | null | undefined;
}): { readonly level: number | null; readonly decidedBy: LevelDecidedBy } {
  const { fipsOn, policyLevel, tcpLevel } = known;
  if (fipsOn === true) return { level: FIPS_LEVEL, decidedBy: 'fips-algorithm-policy' };
  const rdp =
    policyLevel !== undefined && policyLevel !== null
      ? { level: policyLevel, decidedBy: 'rdp-encryption-policy' as const }
      : policyLevel === null && tcpLevel !== undefined
        ? tcpLevel === null
          ? { level: null, decidedBy: 'default' as const }
          : { level: tcpLevel, decidedBy: 'rdp-tcp-encryption-level' as const }
        : undefined;
  if (rdp && (fipsOn === false || rdp.level === FIPS_LEVEL)) return rdp;
  return { level: null, decidedBy: 'unknown' };
}
