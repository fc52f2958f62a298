// What a source rule decides: who set a value, and the facts it rested on, in the order they are
// shown. The facts are data; ../words/evidence.ts says each one in words.
import type { FipsPolicySource } from '../diagnosis-schema';
import type {
  EvidenceOrigin,
  GpoRef,
  GroupPolicySetting,
  LocalGpoReading,
  PolicyRegistryValue,
  SecurityOptionReading,
  SeceditExportKind,
  UnmappedTemplate,
  UnnamedRdpPolicyLevel,
} from '../evidence';
import type { WatchedValueId } from '../settings';

export type SourceFact =
  /** The winning GPO's setting of the value. */
  | { readonly kind: 'winning-gpo'; readonly setting: GroupPolicySetting }
  /** gpresult has a computer part, and no GPO, domain or local, sets the value. */
  | { readonly kind: 'no-gpo-sets'; readonly value: WatchedValueId; readonly origin: EvidenceOrigin }
  /** gpresult was run unelevated: domain GPOs are not visible. */
  | { readonly kind: 'no-computer-part'; readonly origin: EvidenceOrigin }
  | {
      readonly kind: 'security-database';
      readonly value: WatchedValueId;
      readonly reading: SecurityOptionReading;
      /** Absent: read as 'not-recorded'. */
      readonly exportedWith?: SeceditExportKind;
    }
  | { readonly kind: 'local-gpo'; readonly reading: LocalGpoReading }
  /** A non-English report whose domain GPOs carry Administrative Templates FipsFix cannot name. */
  | { readonly kind: 'unnamed-domain-templates'; readonly origin: EvidenceOrigin }
  /** Administrative Template policies FipsFix cannot map, in GPOs that apply: any may write the value. */
  | { readonly kind: 'unmapped-templates'; readonly templates: readonly UnmappedTemplate[] }
  /** The winning RDP policy is enabled at a level FipsFix cannot name. */
  | { readonly kind: 'unnamed-level'; readonly level: UnnamedRdpPolicyLevel }
  /** A GPO sets the value in a way FipsFix cannot take as a value (RSoP: not a DWORD, `**soft.`…). */
  | { readonly kind: 'unusable-setting'; readonly row: PolicyRegistryValue & { readonly why: string } }
  /** RSoP without gpresult: Group Policy Preferences items are not in it. */
  | { readonly kind: 'preferences-not-read'; readonly origin: EvidenceOrigin };

/** What would settle an unknown source. */
export type SettleWith =
  | 'elevated-gpresult'
  | 'secedit-export'
  | 'merged-secedit-export'
  | 'registry-pol'
  | 'english-gpresult'
  | 'rsop-json'
  | 'gpo-settings-report'
  | 'rdp-policy-registry-value';

/** Something the administrator should know beside the source. */
export type SourceFinding =
  /** The winning GPO sets another value than the one in force: it was changed since the last refresh. */
  | { readonly kind: 'gpo-disagrees'; readonly setting: GroupPolicySetting }
  /** The local GPO explains the value, but without an elevated gpresult a domain GPO is not ruled out. */
  | { readonly kind: 'domain-gpo-not-ruled-out' };

export interface SourceDecision {
  readonly source: FipsPolicySource;
  readonly gpo?: GpoRef;
  readonly via?: GroupPolicySetting['kind'];
  /**
   * The security database holds the option and gpresult (or RSoP) shows no GPO defining it: left
   * behind by a GPO that no longer applies (docs/model.md, "Tattoos").
   */
  readonly tattoo?: true;
  readonly basis: readonly SourceFact[];
  readonly findings: readonly SourceFinding[];
  readonly settleWith?: readonly SettleWith[];
}
