// Evidence: what was read on a server, where from, and what was not read. The diagnosis is a pure
// function of this; every reader (evidence folder, simulated machine, live Windows) produces it.
import type { ListenerLevelId, WatchedValueId } from './settings';
import type { ProbeTarget } from './wire/probe-document';

export type EvidenceFormat =
  | 'reg-export'
  | 'secedit-export'
  | 'gpresult-xml'
  | 'registry-pol'
  | 'wevtutil-xml'
  | 'rsop-json'
  | 'simulated-machine'
  | 'live-registry'
  | 'wire-probe';

export const EVIDENCE_FORMAT_LABEL: Readonly<Record<EvidenceFormat, string>> = {
  'reg-export': 'reg export (.reg)',
  'secedit-export': 'secedit /export /areas SECURITYPOLICY (.inf)',
  'gpresult-xml': 'gpresult /scope computer /x (XML)',
  'registry-pol': "local GPO's Registry.pol (PReg)",
  'wevtutil-xml': 'wevtutil qe System /f:xml',
  'rsop-json': 'Get-CimInstance -Namespace root\\rsop\\computer (JSON)',
  'simulated-machine': 'simulated machine',
  'live-registry': 'registry of this machine',
  'wire-probe': 'RDP listener probed on the wire',
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

/**
 * Which `secedit /export` wrote a file. A plain export is the local security database; only
 * `/mergedpolicy` "merges and exports domain and local policy security settings" (secedit's docs).
 * The INF itself does not say which (research-11 §8): the collect manifest records the command, and
 * a file without one is 'not-recorded', read like a plain export.
 */
export type SeceditExportKind = 'local-database' | 'merged-policy' | 'not-recorded';

export interface SecurityPolicyExport {
  readonly fips: SecurityOptionReading;
  readonly fipsLegacy: SecurityOptionReading;
  /** Absent: 'not-recorded' (evidence from before the kind was recorded). */
  readonly exportedWith?: SeceditExportKind;
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

/**
 * The watched values a GPO can set. A listener's own value (RDP-Tcp's or another's) has no policy of
 * its own, but a registry item (Set-GPRegistryValue) or a Group Policy Preferences registry item can
 * write it.
 */
export type GroupPolicySettingId =
  | 'fips-algorithm-policy'
  | 'fips-algorithm-policy-legacy'
  | 'rdp-encryption-policy'
  | 'rdp-tcp-encryption-level'
  | ListenerLevelId;

/** A Group Policy Preferences registry item's action (MS-GPPREF 2.2.1.17.1): Create, Replace, Update, Delete. */
export type PreferenceAction = 'C' | 'R' | 'U' | 'D';

/** One GPO's value for a setting, as gpresult reports it. Precedence 1 wins. */
export interface GroupPolicySetting {
  readonly setting: GroupPolicySettingId;
  readonly gpo: GpoRef;
  readonly precedence: number;
  /**
   * The value the GPO sets; `null` when the GPO removes it (an Administrative Template set to
   * Disabled, a preference item whose action is Delete).
   */
  readonly data: number | null;
  /**
   * How it was expressed: a security option, an Administrative Template policy, a bare registry
   * setting (Set-GPRegistryValue, "Extra Registry Settings"), or a Group Policy Preferences registry
   * item, which its own client-side extension applies.
   */
  readonly kind: 'security-option' | 'administrative-template' | 'registry-setting' | 'preference';
  /** A preference item's action. */
  readonly action?: PreferenceAction;
  readonly origin: EvidenceOrigin;
}

/**
 * An Administrative Template policy gpresult lists by its display name only (a `Policy` carries no
 * key), which FipsFix cannot map to a registry value: it may write anything under SOFTWARE\Policies.
 */
export interface UnmappedTemplate {
  readonly name: string;
  /** Enabled, Disabled (either may write values), or what the report says. */
  readonly state: string;
  readonly gpo: GpoRef;
  readonly precedence: number;
  readonly origin: EvidenceOrigin;
}

/**
 * "Set client connection encryption level" Enabled with a level FipsFix cannot name (a translated
 * drop-down text, a custom template with other items): it overrides the listener, at a level unknown.
 */
export interface UnnamedRdpPolicyLevel {
  /** The drop-down text as gpresult shows it. */
  readonly shown: string;
  readonly gpo: GpoRef;
  readonly precedence: number;
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
  /** `preference`: a Group Policy Preferences registry item, from gpresult (RSoP does not log them). */
  readonly kind: 'security-option' | 'registry-setting' | 'preference';
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
       * gpresult only: every Administrative Template policy FipsFix cannot map, with its GPO, in any
       * language. Absent from RSoP, which names keys instead of display names.
       */
      readonly unmappedTemplates?: readonly UnmappedTemplate[];
      /** gpresult only: the RDP policy enabled at a level FipsFix cannot name, per GPO. */
      readonly unnamedRdpLevels?: readonly UnnamedRdpPolicyLevel[];
      /**
       * RSoP without gpresult: Group Policy Preferences log no RSOP_RegistryPolicySetting rows
       * (research-11 §1a), so a preference item setting a watched value is not ruled out.
       */
      readonly preferencesNotRead?: true;
      /**
       * RSoP only: a GPO's value for a watched setting that FipsFix cannot take as what it puts in force
       * (not a REG_DWORD, out of range, a `**soft.` record), with why. Kept out of `settings`, so
       * nothing reads it as a value; a rule must not call such a setting fixable here on the strength
       * of the other rows: the source rules make it unknown (`unusableSettingFor`).
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

/**
 * "Configure registry policy processing" for the registry (Administrative Template) extension:
 * `NoGPOListChanges` under HKLM\SOFTWARE\Policies\Microsoft\Windows\Group Policy\{35378EAC-…}.
 * 0 = "Process even if the Group Policy objects have not changed" (every background refresh
 * reapplies template values); 1 or absent = only when a GPO changed (TechNet cc959482).
 */
export interface RegistryPolicyProcessing {
  readonly noGpoListChanges: RegistryReading;
}

/**
 * What probing the machine's listeners saw on the wire (`fipsfix probe`'s targets, each with the
 * listener it stands for when known). `encryptionLevel` is the server security data's
 * (MS-RDPBCGR 2.2.1.4.3); a listener that accepts only TLS or CredSSP does not show it.
 */
export interface WireEvidence {
  readonly targets: readonly ProbeTarget[];
  readonly origin: EvidenceOrigin;
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
  /** The secedit export (a plain one when the folder has both kinds). */
  readonly securityPolicy?: SecurityPolicyExport;
  /** A `secedit /export /mergedpolicy` beside a plain one in `securityPolicy`. */
  readonly mergedSecurityPolicy?: SecurityPolicyExport;
  readonly registryPolicyProcessing?: RegistryPolicyProcessing;
  readonly wire?: WireEvidence;
  readonly groupPolicy?: GroupPolicyResult;
  readonly localGpo?: LocalGpoPolicy;
  readonly termDd?: TermDdEvidence;
  /** Collectors that could not run (tool missing, access denied), recorded rather than fatal. */
  readonly unavailable: readonly UnavailableEvidence[];
}

export function describeOrigin(o: EvidenceOrigin): string {
  return `${o.file} — ${o.location}`;
}
