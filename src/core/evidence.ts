// Evidence: what was read on a server, where from, and what was not read. The diagnosis is a pure
// function of this; every reader (evidence folder, simulated machine, live Windows) produces it.
import type { WatchedValueId } from './settings';

export type EvidenceFormat =
  | 'reg-export'
  | 'secedit-export'
  | 'gpresult-xml'
  | 'registry-pol'
  | 'wevtutil-xml'
  | 'rsop-json'
  | 'simulated-machine'
  | 'live-registry';

export const EVIDENCE_FORMAT_LABEL: Readonly<Record<EvidenceFormat, string>> = {
  'reg-export': 'reg export (.reg)',
  'secedit-export': 'secedit /export /areas SECURITYPOLICY (.inf)',
  'gpresult-xml': 'gpresult /scope computer /x (XML)',
  'registry-pol': "local GPO's Registry.pol (PReg)",
  'wevtutil-xml': 'wevtutil qe System /f:xml',
  'rsop-json': 'Get-CimInstance -Namespace root\\rsop\\computer (JSON)',
  'simulated-machine': 'simulated machine',
  'live-registry': 'registry of this machine',
};

/** Where one fact came from: a file (or the live registry) and the place in it. */
export interface EvidenceOrigin {
  readonly file: string;
  readonly format: EvidenceFormat;
  readonly location: string;
}

export type RegistryReading =
  | { readonly state: 'dword'; readonly data: number; readonly origin: EvidenceOrigin }
  | { readonly state: 'absent'; readonly origin: EvidenceOrigin };

/** A security option as the local security database has it (secedit export). */
export type SecurityOptionReading =
  | { readonly state: 'defined'; readonly data: number; readonly origin: EvidenceOrigin }
  | { readonly state: 'not-defined'; readonly origin: EvidenceOrigin };

export interface SecurityPolicyExport {
  readonly fips: SecurityOptionReading;
  readonly fipsLegacy: SecurityOptionReading;
}

export interface GpoRef {
  /** GUID in braces for a domain GPO; `LocalGPO` for the local one. */
  readonly id: string;
  readonly name: string;
  readonly isLocal: boolean;
  /** Where the GPO is linked (gpresult's Link/SOMPath), e.g. `fabrikam.local/Servers`. */
  readonly linkedAt?: string;
  readonly domain?: string;
}

export type GroupPolicySettingId =
  'fips-algorithm-policy' | 'fips-algorithm-policy-legacy' | 'rdp-encryption-policy';

/** One GPO's value for a setting, as gpresult reports it. Precedence 1 wins. */
export interface GroupPolicySetting {
  readonly setting: GroupPolicySettingId;
  readonly gpo: GpoRef;
  readonly precedence: number;
  /** The value the GPO sets; `null` when the GPO removes it (an Administrative Template set to Disabled). */
  readonly data: number | null;
  /** How it was expressed: a security option, an Administrative Template policy, or a bare registry setting. */
  readonly kind: 'security-option' | 'administrative-template' | 'registry-setting';
  readonly origin: EvidenceOrigin;
}

/** What one GPO writes into one registry value, as RSoP logs it: any key, any type. */
export interface PolicyRegistryValue {
  /** The key under HKEY_LOCAL_MACHINE, hive stripped, in the casing the GPO used. */
  readonly key: string;
  readonly valueName: string;
  readonly value:
    | { readonly type: 'dword'; readonly data: number }
    | { readonly type: 'not-a-dword'; readonly valueType: number }
    /** A REG_DWORD whose data could not be read (wrong length, not a number). */
    | { readonly type: 'unreadable'; readonly why: string }
    | { readonly type: 'deleted' };
  readonly gpo: GpoRef;
  readonly precedence: number;
  readonly kind: 'security-option' | 'registry-setting';
  readonly origin: EvidenceOrigin;
}

export type GroupPolicyResult =
  | {
      readonly computerResults: 'present';
      readonly computerName?: string;
      readonly gpos: readonly GpoRef[];
      readonly settings: readonly GroupPolicySetting[];
      /**
       * Administrative Template names are localized; FipsFix recognises the RDP policy by its English
       * name. Set when the report is in another language and a domain GPO has Administrative Template
       * policies FipsFix did not recognise: one of them may be the RDP policy.
       */
      readonly unrecognisedDomainTemplates?: boolean;
      /**
       * RSoP only: a GPO's value for a watched setting that FipsFix cannot take as what it puts in force
       * (not a REG_DWORD, out of range, a `**soft.` record), with why. Kept out of `settings`, so
       * nothing reads it as a value; a rule must not call such a setting fixable here on the strength
       * of the other rows (diagnose does not read this field yet).
       */
      readonly unusableSettings?: readonly (PolicyRegistryValue & { readonly why: string })[];
      /**
       * RSoP only: every value a GPO sets under the Terminal Services policy key or the Terminal Server
       * key (SecurityLayer, UserAuthentication, listener values…), whatever its name, winning or not.
       */
      readonly terminalServicesValues?: readonly PolicyRegistryValue[];
      readonly origin: EvidenceOrigin;
    }
  | { readonly computerResults: 'missing'; readonly origin: EvidenceOrigin };

export type LocalGpoReading =
  | {
      readonly state: 'set';
      readonly data: number;
      /**
       * A `**soft.` record (Registry.pol): Group Policy writes the value only when the server has
       * none, and never overwrites one. The value in force is then the server's if it had one.
       */
      readonly soft?: true;
      readonly origin: EvidenceOrigin;
    }
  | { readonly state: 'deleted'; readonly origin: EvidenceOrigin }
  | { readonly state: 'not-defined'; readonly origin: EvidenceOrigin };

/** The local GPO's Administrative Template value for the RDP encryption level. */
export interface LocalGpoPolicy {
  readonly rdpEncryptionPolicy: LocalGpoReading;
}

export interface TermDdEvent {
  readonly time: string;
  readonly component: string;
  readonly recordId?: number;
  readonly computer?: string;
}

export interface TermDdEvidence {
  readonly events: readonly TermDdEvent[];
  readonly origin: EvidenceOrigin;
}

export type EvidenceKind =
  'registry' | 'security-policy' | 'group-policy-result' | 'local-gpo' | 'termdd-events';

export interface UnavailableEvidence {
  readonly what: EvidenceKind;
  readonly reason: string;
}

/**
 * One RDP listener: a key under WinStations with a PortNumber, other than Console. Its level is the
 * one diagnosed; SecurityLayer and UserAuthentication are read to be shown (and to refuse Low under
 * SSL), never written.
 */
export interface ListenerReading {
  /** The key's name under WinStations, as Windows spells it (RDP-Tcp, RDP-Tcp-3390…). */
  readonly name: string;
  readonly portNumber: number;
  readonly minEncryptionLevel: RegistryReading;
  readonly securityLayer: RegistryReading;
  readonly userAuthentication: RegistryReading;
}

/** Every listener, read from the whole WinStations key (an export rooted there or above, the registry). */
export interface ListenerEvidence {
  readonly listeners: readonly ListenerReading[];
  /**
   * Set when only RDP-Tcp's own key was read (an export rooted at it), not the whole WinStations
   * key: another listener may exist that the evidence does not show.
   */
  readonly onlyRdpTcp?: true;
  readonly origin: EvidenceOrigin;
}

/** The policy twins of SecurityLayer and UserAuthentication, machine-wide, under the Terminal Services policy key. */
export interface ListenerPolicyTwins {
  readonly securityLayer: RegistryReading;
  readonly userAuthentication: RegistryReading;
}

/**
 * The RD Connection Broker settings of an RD Session Host (Terminal Server\ClusterSettings, which WMI's
 * Win32_TSSessionDirectory reads): a host in a collection has SessionDirectoryActive = 1.
 */
export interface SessionDirectoryReading {
  readonly active: RegistryReading;
  /** The "Join RD Connection Broker" policy value, when the policy key was read. */
  readonly policyActive?: RegistryReading;
  /** SessionDirectoryLocation: the broker(s), `;`-separated. */
  readonly location?: string;
  /** SessionDirectoryClusterName: the farm (collection) name the host reports. */
  readonly clusterName?: string;
  readonly origin: EvidenceOrigin;
}

export interface MachineFacts {
  readonly name?: string;
  /** `major.minor.build`, e.g. `10.0.17763`; decides whether the pre-Vista FIPS value counts. */
  readonly osVersion?: string;
  readonly osCaption?: string;
}

export interface Evidence {
  readonly machine: MachineFacts;
  /** A watched value missing from this map was not read at all (not the same as absent). */
  readonly registry: Partial<Record<WatchedValueId, RegistryReading>>;
  /** Every listener under WinStations; missing when the evidence does not hold the whole key. */
  readonly listeners?: ListenerEvidence;
  /** Missing when the Terminal Services policy key was not read. */
  readonly listenerPolicy?: ListenerPolicyTwins;
  /** Missing when Terminal Server\ClusterSettings was not read. */
  readonly sessionDirectory?: SessionDirectoryReading;
  readonly securityPolicy?: SecurityPolicyExport;
  readonly groupPolicy?: GroupPolicyResult;
  readonly localGpo?: LocalGpoPolicy;
  readonly termDd?: TermDdEvidence;
  /** Collectors that could not run (tool missing, access denied), recorded rather than fatal. */
  readonly unavailable: readonly UnavailableEvidence[];
}

export function describeOrigin(o: EvidenceOrigin): string {
  return `${o.file} — ${o.location}`;
}
