// The fix engine's steps, named before they run: the window lists them (pending, running, done,
// failed) while the engine reports each one as it starts (src/machine/fix-engine.ts's phases).
import type { RemediationPlan } from '../plan';
import { settingWords } from './setting';
import { describeValue } from './evidence';

export type PlannedStepPhase = 'recheck' | 'backup' | 'write' | 'refresh' | 'verify' | 'rollback';
export interface PlannedStep {
  readonly phase: PlannedStepPhase;
  readonly what: string;
}

/** The steps applyPlan takes for this plan, in its order; none for a plan without changes. */
export function applySteps(plan: RemediationPlan): PlannedStep[] {
  if (plan.kind !== 'changes') return [];
  return [
    { phase: 'recheck', what: 'Read the registry and the policy sources again; stop if anything changed' },
    {
      phase: 'backup',
      what: `Back up the ${plan.changes.length} value(s), and the policy store each method touches`,
    },
    ...plan.changes.map((c) => ({
      phase: 'write' as const,
      what: `Write ${settingWords(c.id)}: ${describeValue(c.id, c.before)} → ${describeValue(c.id, c.after)}`,
    })),
    ...(plan.refreshPolicyAfter
      ? [{ phase: 'refresh' as const, what: 'Refresh policy, so the local GPO change applies' }]
      : []),
    { phase: 'verify', what: 'Read every changed value back' },
  ];
}
