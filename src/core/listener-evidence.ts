// The listeners under WinStations, their security layer and NLA with the policy twins, and the broker
// settings of an RD Session Host, from any view of the registry: an evidence folder's reg exports, the
// live registry, a simulated machine. Pure: the caller says how a key is looked up.
import type {
  EvidenceOrigin,
  ListenerEvidence,
  ListenerPolicyTwins,
  ListenerReading,
  RegistryReading,
  SessionDirectoryReading,
} from './evidence';
import { InvalidEvidence } from './formats/invalid-evidence';
import {
  CLUSTER_SETTINGS_KEY,
  CONSOLE_WINSTATION,
  DEFAULT_LISTENER,
  WATCHED_VALUES,
  WINSTATIONS_KEY,
  sameRegistryName,
} from './settings';

export type KeyValue =
  | { readonly type: 'REG_DWORD'; readonly data: number }
  | { readonly type: 'REG_SZ'; readonly data: string }
  | { readonly type: 'other'; readonly typeName: string };

/** One key as a source shows it. */
export interface KeyView {
  /** The key under HKLM as the source spells it. */
  readonly path: string;
  readonly subkeys: readonly string[];
  /** The value of that name (compared as the registry does), if any. */
  value(name: string): KeyValue | undefined;
  /** Where a value was read (present) or found missing, for the evidence lines. */
  origin(name: string, present: boolean): EvidenceOrigin;
}

/** A key as a source shows it; `absent` when the source covers it and it does not exist; undefined: not read. */
export type KeyLookup = (keyUnderHklm: string) => KeyView | { readonly absent: EvidenceOrigin } | undefined;

const POLICY_KEY = WATCHED_VALUES['rdp-encryption-policy'].key;

function dwordReading(
  view: KeyView,
  name: string,
  where: string,
  range?: { readonly min: number; readonly max: number },
): RegistryReading {
  const v = view.value(name);
  if (v === undefined) return { state: 'absent', origin: view.origin(name, false) };
  if (v.type !== 'REG_DWORD')
    throw new InvalidEvidence(
      where,
      `[${view.path}] "${name}" is ${v.type === 'other' ? v.typeName : v.type}; it must be a REG_DWORD`,
    );
  if (range && (v.data < range.min || v.data > range.max))
    throw new InvalidEvidence(
      where,
      `[${view.path}] "${name}" is ${v.data}, out of range (${range.min} to ${range.max})`,
    );
  return { state: 'dword', data: v.data, origin: view.origin(name, true) };
}

function text(view: KeyView, name: string): string | undefined {
  const v = view.value(name);
  return v?.type === 'REG_SZ' && v.data.trim() !== '' ? v.data.trim() : undefined;
}

function listenerAt(lookup: KeyLookup, name: string, where: string): ListenerReading | undefined {
  const key = lookup(`${WINSTATIONS_KEY}\\${name}`);
  if (key === undefined || 'absent' in key) return undefined;
  const port = key.value('PortNumber');
  if (port === undefined) return undefined;
  if (port.type !== 'REG_DWORD')
    throw new InvalidEvidence(where, `[${key.path}] "PortNumber" is not a REG_DWORD`);
  return {
    name,
    portNumber: port.data,
    minEncryptionLevel: dwordReading(key, 'MinEncryptionLevel', where, { min: 1, max: 4 }),
    securityLayer: dwordReading(key, 'SecurityLayer', where),
    userAuthentication: dwordReading(key, 'UserAuthentication', where),
  };
}

/**
 * Every subkey of WinStations with a REG_DWORD PortNumber, other than Console, is a listener. When
 * only RDP-Tcp's key was read, it alone is returned, marked so.
 */
function listenersFrom(lookup: KeyLookup, where: string): ListenerEvidence | undefined {
  const ws = lookup(WINSTATIONS_KEY);
  if (ws === undefined) {
    const tcp = listenerAt(lookup, DEFAULT_LISTENER, where);
    return tcp ? { listeners: [tcp], onlyRdpTcp: true, origin: tcp.minEncryptionLevel.origin } : undefined;
  }
  if ('absent' in ws) return { listeners: [], origin: ws.absent };
  const listeners: ListenerReading[] = [];
  for (const name of ws.subkeys) {
    if (sameRegistryName(name, CONSOLE_WINSTATION)) continue;
    const l = listenerAt(lookup, name, where);
    if (l) listeners.push(l);
  }
  return { listeners, origin: ws.origin('', true) };
}

export function listenerEvidenceFrom(
  lookup: KeyLookup,
  /** Named in a refusal: the folder, or the registry of this machine. */
  where: string,
): {
  readonly listeners?: ListenerEvidence;
  readonly listenerPolicy?: ListenerPolicyTwins;
  readonly sessionDirectory?: SessionDirectoryReading;
} {
  const listeners = listenersFrom(lookup, where);
  const policy = lookup(POLICY_KEY);
  const listenerPolicy: ListenerPolicyTwins | undefined =
    policy === undefined
      ? undefined
      : 'absent' in policy
        ? {
            securityLayer: { state: 'absent', origin: policy.absent },
            userAuthentication: { state: 'absent', origin: policy.absent },
          }
        : {
            securityLayer: dwordReading(policy, 'SecurityLayer', where),
            userAuthentication: dwordReading(policy, 'UserAuthentication', where),
          };
  const policyActive = policy && !('absent' in policy) && policy.value('SessionDirectoryActive');
  const cluster = lookup(CLUSTER_SETTINGS_KEY);
  let sessionDirectory: SessionDirectoryReading | undefined;
  if (cluster !== undefined) {
    const extra =
      policyActive && policy && !('absent' in policy)
        ? { policyActive: dwordReading(policy, 'SessionDirectoryActive', where) }
        : {};
    if ('absent' in cluster)
      sessionDirectory = {
        active: { state: 'absent', origin: cluster.absent },
        ...extra,
        origin: cluster.absent,
      };
    else {
      const location = text(cluster, 'SessionDirectoryLocation');
      const clusterName = text(cluster, 'SessionDirectoryClusterName');
      sessionDirectory = {
        active: dwordReading(cluster, 'SessionDirectoryActive', where),
        ...extra,
        ...(location ? { location } : {}),
        ...(clusterName ? { clusterName } : {}),
        origin: cluster.origin('', true),
      };
    }
  }
  return {
    ...(listeners ? { listeners } : {}),
    ...(listenerPolicy ? { listenerPolicy } : {}),
    ...(sessionDirectory ? { sessionDirectory } : {}),
  };
}
