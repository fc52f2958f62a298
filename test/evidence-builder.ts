// Builds Evidence for pure core tests, so each rule is tested on exactly the facts it reads.
import type {
  Evidence,
  EvidenceOrigin,
  GpoRef,
  GroupPolicySetting,
  LocalGpoReading,
  RegistryReading,
  SecurityOptionReading,
  SecurityPolicyExport,
  SeceditExportKind,
} from '../src/core/evidence';
import type { WatchedValueId } from '../src/core/settings';

export const at = (location: string, format: EvidenceOrigin['format'] = 'reg-export'): EvidenceOrigin => ({
  file: 'test',
  format,
  location,
});

export const DOMAIN_GPO: GpoRef = {
  id: '{0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0}',
  name: 'Fabrikam Member Server Security',
  isLocal: false,
  linkedAt: 'fabrikam.local/Servers',
};
export const OTHER_GPO: GpoRef = {
  id: '{31B2F340-016D-11D2-945F-00C04FB984F9}',
  name: 'Default Domain Policy',
  isLocal: false,
  linkedAt: 'fabrikam.local',
};
export const LOCAL: GpoRef = { id: 'LocalGPO', name: 'Local Group Policy', isLocal: true };

export interface Facts {
  fips?: number | null;
  legacy?: number | null;
  policy?: number | null;
  tcp?: number | null;
  os?: string;
  /** A secedit export; `kind` absent: not recorded (as in a folder without a manifest). */
  secedit?: { fips?: number; legacy?: number; kind?: SeceditExportKind } | 'none';
  /** A second export, with /mergedpolicy, beside `secedit`. */
  merged?: { fips?: number; legacy?: number };
  /** NoGPOListChanges of "Configure registry policy processing"; null: read and absent. */
  noGpoListChanges?: number | null;
  gpresult?: 'unelevated' | 'none' | GroupPolicySetting[];
  registryPol?: LocalGpoReading['state'] | number | 'none';
  /**
   * The other RDP listeners (RDP-Tcp is `tcp`): by default the WinStations key was read and has no
   * other listener, so a rule is tested on the four values alone; 'not-read' when the evidence holds
   * RDP-Tcp only; or listeners with their level, layer and NLA.
   */
  listeners?: 'not-read' | readonly ListenerFacts[];
  /** The policy twins of SecurityLayer / UserAuthentication; undefined: the policy key was not read. */
  policyLayer?: { securityLayer?: number; userAuthentication?: number };
  /** ClusterSettings: a host joined to an RD Connection Broker. */
  sessionDirectory?: { active: number; location?: string; clusterName?: string };
}

export interface ListenerFacts {
  name: string;
  port: number;
  level?: number;
  securityLayer?: number;
  userAuthentication?: number;
}

const reading = (location: string, v: number | undefined): RegistryReading =>
  v === undefined
    ? { state: 'absent', origin: at(location) }
    : { state: 'dword', data: v, origin: at(location) };

function listenersOf(f: Facts): Pick<Evidence, 'listeners' | 'listenerPolicy' | 'sessionDirectory'> {
  const ws = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations';
  return {
    ...(f.listeners === 'not-read'
      ? {}
      : {
          listeners: {
            listeners: (f.listeners ?? []).map((l) => ({
              name: l.name,
              portNumber: l.port,
              minEncryptionLevel: reading(`[${ws}\\${l.name}] "MinEncryptionLevel"`, l.level),
              securityLayer: reading(`[${ws}\\${l.name}] "SecurityLayer"`, l.securityLayer),
              userAuthentication: reading(`[${ws}\\${l.name}] "UserAuthentication"`, l.userAuthentication),
            })),
            origin: at(`[${ws}]`),
          },
        }),
    ...(f.policyLayer
      ? {
          listenerPolicy: {
            securityLayer: reading('policy SecurityLayer', f.policyLayer.securityLayer),
            userAuthentication: reading('policy UserAuthentication', f.policyLayer.userAuthentication),
          },
        }
      : {}),
    ...(f.sessionDirectory
      ? {
          sessionDirectory: {
            active: reading('ClusterSettings SessionDirectoryActive', f.sessionDirectory.active),
            ...(f.sessionDirectory.location ? { location: f.sessionDirectory.location } : {}),
            ...(f.sessionDirectory.clusterName ? { clusterName: f.sessionDirectory.clusterName } : {}),
            origin: at('[ClusterSettings]'),
          },
        }
      : {}),
  };
}

export function gpSetting(
  setting: GroupPolicySetting['setting'],
  gpo: GpoRef,
  data: number | null,
  precedence = 1,
  kind: GroupPolicySetting['kind'] = setting === 'rdp-encryption-policy'
    ? 'administrative-template'
    : 'security-option',
): GroupPolicySetting {
  return { setting, gpo, data, precedence, kind, origin: at(`${setting} in ${gpo.name}`, 'gpresult-xml') };
}

/** `undefined` in Facts means "not read"; null means "read, and absent". */
export function evidence(f: Facts): Evidence {
  const registry: Evidence['registry'] = {};
  const put = (id: WatchedValueId, v: number | null | undefined): void => {
    if (v === undefined) return;
    registry[id] =
      v === null ? { state: 'absent', origin: at(id) } : { state: 'dword', data: v, origin: at(id) };
  };
  put('fips-algorithm-policy', f.fips);
  put('fips-algorithm-policy-legacy', f.legacy);
  put('rdp-encryption-policy', f.policy);
  put('rdp-tcp-encryption-level', f.tcp);
  const sec = (d: number | undefined): SecurityOptionReading =>
    d === undefined
      ? { state: 'not-defined', origin: at('secedit', 'secedit-export') }
      : { state: 'defined', data: d, origin: at('secedit', 'secedit-export') };
  const exported = (
    x: { fips?: number; legacy?: number },
    kind: SeceditExportKind | undefined,
  ): SecurityPolicyExport => ({
    fips: sec(x.fips),
    fipsLegacy: sec(x.legacy),
    ...(kind ? { exportedWith: kind } : {}),
  });
  const pol = f.registryPol ?? 'none';
  const ngc = f.noGpoListChanges;
  return {
    machine: f.os ? { name: 'TEST', osVersion: f.os } : { name: 'TEST' },
    registry,
    ...listenersOf(f),
    ...(f.secedit && f.secedit !== 'none' ? { securityPolicy: exported(f.secedit, f.secedit.kind) } : {}),
    ...(f.merged ? { mergedSecurityPolicy: exported(f.merged, 'merged-policy') } : {}),
    ...(ngc === undefined
      ? {}
      : {
          registryPolicyProcessing: {
            noGpoListChanges:
              ngc === null
                ? { state: 'absent', origin: at('NoGPOListChanges') }
                : { state: 'dword', data: ngc, origin: at('NoGPOListChanges') },
          },
        }),
    ...(f.gpresult === undefined || f.gpresult === 'none'
      ? {}
      : f.gpresult === 'unelevated'
        ? { groupPolicy: { computerResults: 'missing', origin: at('gpresult', 'gpresult-xml') } }
        : {
            groupPolicy: {
              computerResults: 'present',
              gpos: [LOCAL, DOMAIN_GPO, OTHER_GPO],
              settings: f.gpresult,
              origin: at('gpresult', 'gpresult-xml'),
            },
          }),
    ...(pol === 'none'
      ? {}
      : {
          localGpo: {
            rdpEncryptionPolicy:
              typeof pol === 'number'
                ? { state: 'set', data: pol, origin: at('pol', 'registry-pol') }
                : pol === 'set'
                  ? { state: 'set', data: 4, origin: at('pol', 'registry-pol') }
                  : { state: pol, origin: at('pol', 'registry-pol') },
          },
        }),
    unavailable: [],
  };
}
