// Apply, rollback and the check after a policy refresh, as every shell runs them: in this process when
// it may write (elevated, or a simulated machine), otherwise through the one UAC prompt.
import type { RemediationPlan } from '../core/plan';
import type { ApplyOutcome, PolicyRefreshOutcome, RollbackOutcome } from '../core/outcome';
import type { Diagnosis } from '../core/diagnosis-schema';
import { applyPlan, rollback, verifyAfterRefresh } from '../machine/fix-engine';
import {
  applyThroughElevatedStep,
  rollbackThroughElevatedStep,
  windowsElevation,
  type ElevationDeps,
} from './elevated-step';
import { engineContext, type EngineContextOptions } from './engine-context';
import type { MachineChoice } from './machine-choice';

export interface FixOptions extends EngineContextOptions {
  /** How the UAC prompt is shown where this process may not write; default: Windows' own. */
  readonly elevation?: ElevationDeps;
}

/** Applies the plan the administrator confirmed; the engine re-checks it on fresh evidence first. */
export async function applyConfirmedPlan(
  choice: MachineChoice,
  plan: Extract<RemediationPlan, { kind: 'changes' }>,
  options: FixOptions = {},
): Promise<ApplyOutcome> {
  if (choice.writes === 'in-process') return applyPlan(await engineContext(choice, options), plan);
  return applyThroughElevatedStep(choice, plan, options.elevation ?? windowsElevation);
}

/** Restores a backup (an id, or a backup file's path). */
export async function rollbackToBackup(
  choice: MachineChoice,
  backup: string,
  options: FixOptions = {},
): Promise<RollbackOutcome> {
  if (choice.writes === 'in-process') return rollback(await engineContext(choice, options), backup);
  return rollbackThroughElevatedStep(choice, backup, options.elevation ?? windowsElevation);
}

/**
 * Refreshes policy as Windows would (gpupdate /target:computer /force), diagnoses again, and records
 * the result with the latest backup: the check that the fix survives a refresh.
 */
export async function verifyAfterPolicyRefresh(
  choice: MachineChoice,
  options: EngineContextOptions = {},
): Promise<{ refresh: PolicyRefreshOutcome; diagnosis: Diagnosis }> {
  const latest = choice.store.list().backups.at(-1);
  return verifyAfterRefresh(await engineContext(choice, options), latest?.id);
}
