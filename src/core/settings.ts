// The registry values that decide the RDP encryption level, named once, with the words the
// administrator sees in the consoles beside them. Sources: ../../docs/model.md.

export enum RdpEncryptionLevel {
  Low = 1,
  ClientCompatible = 2,
  High = 3,
  FipsCompliant = 4,
}

export const RDP_ENCRYPTION_LEVEL_LABEL: Readonly<Record<RdpEncryptionLevel, string>> = {
  [RdpEncryptionLevel.Low]: 'Low',
  [RdpEncryptionLevel.ClientCompatible]: 'Client Compatible',
  [RdpEncryptionLevel.High]: 'High',
  [RdpEncryptionLevel.FipsCompliant]: 'FIPS Compliant',
};

export function isRdpEncryptionLevel(n: number): n is RdpEncryptionLevel {
  return Number.isInteger(n) && n >= 1 && n <= 4;
}

export function rdpLevelLabel(n: number): string {
  return isRdpEncryptionLevel(n) ? `${n} (${RDP_ENCRYPTION_LEVEL_LABEL[n]})` : String(n);
}

/** The values FipsFix reads and may write. Nothing outside this list is ever written. */
export type WatchedValueId =
  | 'fips-algorithm-policy'
  | 'fips-algorithm-policy-legacy'
  | 'rdp-encryption-policy'
  | 'rdp-tcp-encryption-level';

export const WATCHED_VALUE_IDS: readonly WatchedValueId[] = [
  'fips-algorithm-policy',
  'fips-algorithm-policy-legacy',
  'rdp-encryption-policy',
  'rdp-tcp-encryption-level',
];

export interface WatchedValue {
  readonly id: WatchedValueId;
  /** Key under HKEY_LOCAL_MACHINE, in the casing Windows shows. */
  readonly key: string;
  readonly name: string;
  /** What the administrator calls it. */
  readonly label: string;
  readonly min: number;
  readonly max: number;
  describe(data: number): string;
}

const enabledDisabled = (data: number): string =>
  data === 1 ? '1 (Enabled)' : data === 0 ? '0 (Disabled)' : String(data);

export const WATCHED_VALUES: Readonly<Record<WatchedValueId, WatchedValue>> = {
  'fips-algorithm-policy': {
    id: 'fips-algorithm-policy',
    key: 'SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy',
    name: 'Enabled',
    label: 'System cryptography: Use FIPS compliant algorithms for encryption, hashing, and signing',
    min: 0,
    max: 1,
    describe: enabledDisabled,
  },
  'fips-algorithm-policy-legacy': {
    id: 'fips-algorithm-policy-legacy',
    key: 'SYSTEM\\CurrentControlSet\\Control\\Lsa',
    name: 'FIPSAlgorithmPolicy',
    label: 'System cryptography: Use FIPS compliant algorithms (Windows XP / Server 2003 value)',
    min: 0,
    max: 1,
    describe: enabledDisabled,
  },
  'rdp-encryption-policy': {
    id: 'rdp-encryption-policy',
    key: 'SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services',
    name: 'MinEncryptionLevel',
    label: 'Group Policy: Set client connection encryption level',
    min: 1,
    max: 4,
    describe: rdpLevelLabel,
  },
  'rdp-tcp-encryption-level': {
    id: 'rdp-tcp-encryption-level',
    key: 'SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
    name: 'MinEncryptionLevel',
    label: 'RDP-Tcp connection: Encryption level',
    min: 1,
    max: 4,
    describe: rdpLevelLabel,
  },
};

/**
 * The registry (Administrative Template) extension's processing options, set by "Configure registry
 * policy processing": read, never written. NoGPOListChanges=0 is "Process even if the Group Policy
 * objects have not changed" (TechNet cc959482).
 */
export const REGISTRY_PROCESSING_KEY =
  'SOFTWARE\\Policies\\Microsoft\\Windows\\Group Policy\\{35378EAC-683F-11D2-A89A-00C04FBBCFA2}';

export function registryPathOf(id: WatchedValueId): string {
  const v = WATCHED_VALUES[id];
  return `HKLM\\${v.key}`;
}

export function fullValuePathOf(id: WatchedValueId): string {
  const v = WATCHED_VALUES[id];
  return `HKLM\\${v.key}\\${v.name}`;
}

/** Strips the hive in any of the spellings the exports use, so keys compare as Windows does. */
export function keyUnderLocalMachine(key: string): string | undefined {
  const m = /^(?:HKEY_LOCAL_MACHINE|HKLM|MACHINE)\\(.*)$/i.exec(key.trim());
  return m ? (m[1] ?? '').replace(/\\+$/, '') : undefined;
}

/** Registry paths and value names compare case-insensitively, as the registry does. */
export function sameRegistryName(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

/** Which watched value (if any) a key (under HKLM, hive stripped) and a value name refer to. */
export function watchedValueAt(keyUnderHklm: string, valueName: string): WatchedValueId | undefined {
  for (const id of WATCHED_VALUE_IDS) {
    const v = WATCHED_VALUES[id];
    if (sameRegistryName(v.key, keyUnderHklm) && sameRegistryName(v.name, valueName)) return id;
  }
  return undefined;
}

/** True when `ancestor` is the key itself or one of its parents (an export rooted there covers it). */
export function keyCovers(ancestor: string, key: string): boolean {
  const a = ancestor.toUpperCase();
  const k = key.toUpperCase();
  return k === a || k.startsWith(a + '\\');
}

export function inRange(id: WatchedValueId, data: number): boolean {
  const v = WATCHED_VALUES[id];
  return Number.isInteger(data) && data >= v.min && data <= v.max;
}
