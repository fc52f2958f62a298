// The routes by which a GPO may set a watched value that FipsFix cannot read as a value: templates
// it cannot map, an RDP level it cannot name, RSoP rows it cannot use. Each makes a source unknown
// rather than "written directly" (docs/model.md, "Every route a GPO can take").
import type {
  Evidence,
  GroupPolicyResult,
  GroupPolicySettingId,
  PolicyRegistryValue,
  UnmappedTemplate,
  UnnamedRdpPolicyLevel,
} from '../evidence';
import { managedValueAt } from '../settings';
import { winningSetting } from './value-in-force';

type PresentResult = Extract<GroupPolicyResult, { computerResults: 'present' }>;
type UnusableRow = PolicyRegistryValue & { readonly why: string };

/**
 * A GPO's row for this value that FipsFix cannot use, and that would win over every usable row (a
 * lower precedence number in its route, or no usable row at all): the value in force may be its.
 */
export function unusableSettingFor(gp: PresentResult, id: GroupPolicySettingId): UnusableRow | undefined {
  const winner = winningSetting(gp.settings, id);
  return (gp.unusableSettings ?? [])
    .filter((r) => managedValueAt(r.key, r.valueName) === id)
    .filter((r) => winner === undefined || r.precedence <= winner.precedence || r.kind !== winner.kind)
    .sort((a, b) => a.precedence - b.precedence)[0];
}

/**
 * Administrative Template policies gpresult names but FipsFix cannot map, that may be what writes a
 * value under SOFTWARE\Policies. The local GPO's are settled when its Registry.pol was read (it says
 * by key what the local GPO writes); a domain GPO's only by RSoP or that GPO's settings report.
 */
export function unmappedTemplateCandidates(ev: Evidence, gp: PresentResult): readonly UnmappedTemplate[] {
  return (gp.unmappedTemplates ?? []).filter((t) => !t.gpo.isLocal || ev.localGpo === undefined);
}

/** The RDP policy enabled at a level FipsFix cannot name, when it wins over every named one. */
export function unnamedRdpLevelWinner(gp: PresentResult): UnnamedRdpPolicyLevel | undefined {
  const named = winningSetting(gp.settings, 'rdp-encryption-policy');
  const unnamed = [...(gp.unnamedRdpLevels ?? [])].sort((a, b) => a.precedence - b.precedence)[0];
  if (!unnamed) return undefined;
  return named === undefined || unnamed.precedence < named.precedence ? unnamed : undefined;
}
