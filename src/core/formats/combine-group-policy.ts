// gpresult and rsop.json both describe the Resultant Set of Policy; when a folder has both, this
// decides what each contributes (docs/model.md, "RSoP and gpresult together"). RSoP names keys and
// values, the same in every language, so its rows decide which GPO sets a value; gpresult still
// supplies what RSoP does not log: Group Policy Preferences items.
import type { GpoRef, GroupPolicyResult } from '../evidence';

type Present = Extract<GroupPolicyResult, { computerResults: 'present' }>;

function mergedGpos(a: readonly GpoRef[], b: readonly GpoRef[]): GpoRef[] {
  const out = new Map<string, GpoRef>();
  for (const g of [...a, ...b]) if (!out.has(g.id.toUpperCase())) out.set(g.id.toUpperCase(), g);
  return [...out.values()];
}

/** RSoP without gpresult: Preferences items are not in it, so a rule must not rule them out. */
export function rsopAlone(rsop: GroupPolicyResult): GroupPolicyResult {
  return rsop.computerResults === 'present' ? { ...rsop, preferencesNotRead: true } : rsop;
}

export function combineGroupPolicy(
  rsop: GroupPolicyResult | undefined,
  gpresult: GroupPolicyResult | undefined,
): GroupPolicyResult | undefined {
  if (!rsop) return gpresult;
  if (!gpresult || gpresult.computerResults === 'missing')
    return rsop.computerResults === 'present' || !gpresult ? rsopAlone(rsop) : gpresult;
  // RSoP that could not be used (unelevated, logging off) settles nothing: gpresult alone decides.
  if (rsop.computerResults === 'missing') return gpresult;
  const both: Present = {
    ...rsop,
    gpos: mergedGpos(rsop.gpos, gpresult.gpos),
    // Every route the registry and security extensions take is in RSoP with its key; only the
    // Preferences items come from gpresult.
    settings: [...rsop.settings, ...gpresult.settings.filter((s) => s.kind === 'preference')],
    unusableSettings: [
      ...(rsop.unusableSettings ?? []),
      ...(gpresult.unusableSettings ?? []).filter((u) => u.kind === 'preference'),
    ],
  };
  return both;
}
