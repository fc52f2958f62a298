// Every RDP listener by the same precedence as RDP-Tcp (docs/model.md, "Listeners"): the FIPS option,
// then the RDP policy value, then the listener's own level. SecurityLayer and UserAuthentication are
// read to be shown — their policy twin wins over the listener's value — and never change the verdict:
// a FIPS level under TLS still applies (MS-RDPBCGR 5.4.1 lists FIPS among the levels Enhanced RDP
// Security supports).
import type { Evidence, ListenerReading, RegistryReading, SessionDirectoryReading } from '../evidence';
import {
  CONSOLE_WINSTATION,
  DEFAULT_LISTENER,
  SECURITY_LAYER_SSL,
  isPlainListenerName,
  listenerLevelId,
  sameRegistryName,
  type ListenerLevelId,
} from '../settings';
import { valueInEvidence, type ValueInEvidence } from './value-in-force';

export interface ListenerInEvidence {
  readonly name: string;
  readonly id: 'rdp-tcp-encryption-level' | ListenerLevelId;
  /** null: the evidence does not say (RDP-Tcp read as a single value, not as a listener). */
  readonly portNumber: number | null;
  readonly level: ValueInEvidence;
  /** undefined: not read. */
  readonly securityLayer?: RegistryReading;
  readonly userAuthentication?: RegistryReading;
}

/**
 * RDP-Tcp first, its level taken from its fixed value as before; then every other listener read. A
 * listener whose name FipsFix would not put into a key path (see isPlainListenerName) is returned
 * apart, to be named in a note rather than diagnosed as a value FipsFix could write.
 */
export function listenersInEvidence(ev: Evidence): {
  readonly listeners: readonly ListenerInEvidence[];
  readonly unnamed: readonly ListenerReading[];
} {
  const read = ev.listeners?.listeners ?? [];
  const tcpReading = read.find((l) => sameRegistryName(l.name, DEFAULT_LISTENER));
  const tcpLevel = valueInEvidence(ev, 'rdp-tcp-encryption-level');
  const out: ListenerInEvidence[] = [];
  if (tcpLevel.known || tcpReading)
    out.push({
      name: DEFAULT_LISTENER,
      id: 'rdp-tcp-encryption-level',
      portNumber: tcpReading?.portNumber ?? null,
      level: tcpLevel,
      ...(tcpReading
        ? { securityLayer: tcpReading.securityLayer, userAuthentication: tcpReading.userAuthentication }
        : {}),
    });
  const unnamed: ListenerReading[] = [];
  for (const l of read) {
    if (sameRegistryName(l.name, DEFAULT_LISTENER) || sameRegistryName(l.name, CONSOLE_WINSTATION)) continue;
    if (!isPlainListenerName(l.name)) {
      unnamed.push(l);
      continue;
    }
    const r = l.minEncryptionLevel;
    out.push({
      name: l.name,
      id: listenerLevelId(l.name),
      portNumber: l.portNumber,
      level: {
        known: true,
        data: r.state === 'dword' ? r.data : null,
        basis: { kind: 'registry', reading: r },
      },
      securityLayer: l.securityLayer,
      userAuthentication: l.userAuthentication,
    });
  }
  return { listeners: out, unnamed };
}

export type ListenerSettingSource = 'group-policy' | 'listener' | 'not-set' | 'unknown';

export interface ListenerSettingInForce {
  readonly value: number | null;
  readonly setBy: ListenerSettingSource;
  readonly listenerValue: number | null;
  /** With setBy 'unknown': which part the evidence lacks. */
  readonly unread?: 'policy' | 'listener';
}

/** A listener setting in force: the policy twin when it is set, else the listener's own value. */
export function listenerSettingInForce(
  policy: RegistryReading | undefined,
  own: RegistryReading | undefined,
): {
  readonly value: number | null;
  readonly setBy: ListenerSettingSource;
  readonly listenerValue: number | null;
} {
  const listenerValue = own?.state === 'dword' ? own.data : null;
  if (policy?.state === 'dword') return { value: policy.data, setBy: 'group-policy', listenerValue };
  if (policy === undefined || own === undefined) return { value: null, setBy: 'unknown', listenerValue };
  return own.state === 'dword'
    ? { value: own.data, setBy: 'listener', listenerValue }
    : { value: null, setBy: 'not-set', listenerValue };
}

/** SSL (TLS) in force, or possibly in force (the listener says SSL and the policy was not read). */
export function mayBeSsl(s: {
  readonly value: number | null;
  readonly setBy: ListenerSettingSource;
  readonly listenerValue: number | null;
}): boolean {
  return s.value === SECURITY_LAYER_SSL || (s.setBy === 'unknown' && s.listenerValue === SECURITY_LAYER_SSL);
}

/**
 * The host is an RD Session Host in a collection when ClusterSettings' SessionDirectoryActive is 1
 * (WMI Win32_TSSessionDirectory reads it there), or the "Join RD Connection Broker" policy value is 1
 * (that value's name under the policy key is unverified).
 */
export function inSessionCollection(ev: Evidence): SessionDirectoryReading | undefined {
  const sd = ev.sessionDirectory;
  if (!sd) return undefined;
  const on = (r: RegistryReading | undefined): boolean => r?.state === 'dword' && r.data === 1;
  return on(sd.active) || on(sd.policyActive) ? sd : undefined;
}
