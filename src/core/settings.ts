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

export function registryPathOf(id: ManagedValueId): string {
  const v = managedValue(id);
  return `HKLM\\${v.key}`;
}

export function fullValuePathOf(id: ManagedValueId): string {
  const v = managedValue(id);
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

/**
 * The managed value a registry path names: a watched value, or another listener's MinEncryptionLevel
 * (WinStations\<name>, a plain key name), which a GPO's registry item may write as well.
 */
export function managedValueAt(keyUnderHklm: string, valueName: string): ManagedValueId | undefined {
  const watched = watchedValueAt(keyUnderHklm, valueName);
  if (watched) return watched;
  const prefix = `${WINSTATIONS_KEY}\\`;
  if (keyUnderHklm.length <= prefix.length || !sameRegistryName(keyUnderHklm.slice(0, prefix.length), prefix))
    return undefined;
  const listener = keyUnderHklm.slice(prefix.length);
  const level = WATCHED_VALUES['rdp-tcp-encryption-level'].name;
  if (!sameRegistryName(valueName, level) || !isPlainListenerName(listener)) return undefined;
  return listenerLevelId(listener);
}

/** True when `ancestor` is the key itself or one of its parents (an export rooted there covers it). */
export function keyCovers(ancestor: string, key: string): boolean {
  const a = ancestor.toUpperCase();
  const k = key.toUpperCase();
  return k === a || k.startsWith(a + '\\');
}

export function inRange(id: ManagedValueId, data: number): boolean {
  const v = managedValue(id);
  return Number.isInteger(data) && data >= v.min && data <= v.max;
}

// Every RDP listener, not only RDP-Tcp: each key under WinStations with a PortNumber (not Console) has
// its own MinEncryptionLevel (WMI Win32_TSGeneralSetting, one instance per TerminalName). RDP-Tcp keeps
// its fixed id above, so the JSON of earlier versions reads the same; any other listener's level is
// named by a parameterised id. docs/model.md, "Listeners".

export const WINSTATIONS_KEY = 'SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations';
export const DEFAULT_LISTENER = 'RDP-Tcp';
/** The local console session's key: it has no PortNumber and is no listener. */
export const CONSOLE_WINSTATION = 'Console';
/** winsta.h: `#define WINSTATIONNAME_LENGTH 32`, the longest name a WinStation can have. */
export const WINSTATION_NAME_MAX = 32;

const LISTENER_LEVEL_PREFIX = 'listener-encryption-level:';
/** Another listener's MinEncryptionLevel, e.g. `listener-encryption-level:RDP-Tcp-3390`. */
export type ListenerLevelId = `listener-encryption-level:${string}`;
/** A value FipsFix reads and may write: the fixed list above, plus each other listener's level. */
export type ManagedValueId = WatchedValueId | ListenerLevelId;

/**
 * A listener name FipsFix will put into a key path: one plain key name under WinStations, never a
 * path. No backslash (it would reach another key), no `..`, no control character, no space at either
 * end, at most WINSTATION_NAME_MAX characters, and not Console.
 */
export function isPlainListenerName(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= WINSTATION_NAME_MAX &&
    name === name.trim() &&
    !name.includes('\\') &&
    !name.includes('..') &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f]/.test(name) &&
    !sameRegistryName(name, CONSOLE_WINSTATION)
  );
}

/** The id of a listener's level: RDP-Tcp's fixed id for RDP-Tcp (in any casing), else the parameterised one. */
export function listenerLevelId(listener: string): 'rdp-tcp-encryption-level' | ListenerLevelId {
  if (sameRegistryName(listener, DEFAULT_LISTENER)) return 'rdp-tcp-encryption-level';
  if (!isPlainListenerName(listener))
    throw new RangeError(`not a listener name FipsFix accepts: ${listener}`);
  return `${LISTENER_LEVEL_PREFIX}${listener}`;
}

/** The listener a value id belongs to: RDP-Tcp for its fixed id, the name for a parameterised one. */
export function listenerOf(id: ManagedValueId): string | undefined {
  if (id === 'rdp-tcp-encryption-level') return DEFAULT_LISTENER;
  return id.startsWith(LISTENER_LEVEL_PREFIX) ? id.slice(LISTENER_LEVEL_PREFIX.length) : undefined;
}

/** A parameterised listener id whose name passes isPlainListenerName (RDP-Tcp has its fixed id). */
export function isListenerLevelId(id: string): id is ListenerLevelId {
  if (!id.startsWith(LISTENER_LEVEL_PREFIX)) return false;
  const name = id.slice(LISTENER_LEVEL_PREFIX.length);
  return isPlainListenerName(name) && !sameRegistryName(name, DEFAULT_LISTENER);
}

export function isManagedValueId(id: string): id is ManagedValueId {
  return (WATCHED_VALUE_IDS as readonly string[]).includes(id) || isListenerLevelId(id);
}

export type ManagedValue = Omit<WatchedValue, 'id'> & { readonly id: ManagedValueId };

/** The value an id names: one of the fixed list, or a listener's MinEncryptionLevel under WinStations. */
export function managedValue(id: ManagedValueId): ManagedValue {
  if (!id.startsWith(LISTENER_LEVEL_PREFIX)) return WATCHED_VALUES[id as WatchedValueId];
  if (!isListenerLevelId(id)) throw new RangeError(`not a value FipsFix manages: ${id}`);
  const listener = id.slice(LISTENER_LEVEL_PREFIX.length);
  return {
    ...WATCHED_VALUES['rdp-tcp-encryption-level'],
    id,
    key: `${WINSTATIONS_KEY}\\${listener}`,
    label: `${listener} connection: Encryption level`,
  };
}

/** Values FipsFix reads and shows beside a listener's level, but never writes. */
export const LISTENER_SHOWN_VALUES = ['PortNumber', 'SecurityLayer', 'UserAuthentication'] as const;

/** SecurityLayer (Win32_TSGeneralSetting; the policy "Require use of specific security layer…"). */
export const SECURITY_LAYER_LABEL: Readonly<Record<number, string>> = {
  0: 'RDP Security Layer',
  1: 'Negotiate',
  2: 'SSL (TLS)',
};
export const SECURITY_LAYER_SSL = 2;

export function securityLayerLabel(n: number): string {
  const l = SECURITY_LAYER_LABEL[n];
  return l ? `${n} (${l})` : String(n);
}

/** UserAuthentication: 1 requires Network Level Authentication. */
export function userAuthenticationLabel(n: number): string {
  return n === 1
    ? '1 (Network Level Authentication required)'
    : n === 0
      ? '0 (Network Level Authentication not required)'
      : String(n);
}

/**
 * RD Session Host in a collection: the session directory (connection broker) settings, which WMI's
 * Win32_TSSessionDirectory exposes from the Terminal Server key. Read and shown, never written.
 */
export const CLUSTER_SETTINGS_KEY = 'SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\ClusterSettings';
