// The exit codes of apply, rollback and recover (diagnose, verify and plan have theirs in exit-codes.ts),
// and the code each outcome of the fix engine ends with: the CLI's and the elevated step's alike.
import type { ApplyOutcome, RollbackOutcome } from './outcome';

export const FixExitCode = {
  Done: 0,
  Refused: 2,
  InvalidInput: 3,
  RolledBack: 4,
  RollbackIncomplete: 5,
} as const;
export type FixExitCode = (typeof FixExitCode)[keyof typeof FixExitCode];

export const FIX_EXIT_CODE_TABLE: readonly { code: FixExitCode; meaning: string }[] = [
  { code: 0, meaning: 'applied and verified, already fixed, restored, or already as in the backup' },
  {
    code: 2,
    meaning:
      'refused, nothing changed: a domain GPO or unknown source, a machine that changed since the plan, an untrustworthy backup, a declined UAC prompt, or an interrupted run to recover first',
  },
  { code: 3, meaning: 'invalid input or arguments' },
  { code: 4, meaning: 'a write or the verification failed, and the backup was restored: nothing is changed' },
  {
    code: 5,
    meaning: 'restoring did not complete: the machine differs from the backup; each value is listed',
  },
];

export function applyExitCode(o: ApplyOutcome): FixExitCode {
  switch (o.kind) {
    case 'already-fixed':
      return FixExitCode.Done;
    case 'applied':
      // The elevated step's word is checked by reading back here; a disagreement is not "done".
      return o.verification.every((v) => v.ok) ? FixExitCode.Done : FixExitCode.RollbackIncomplete;
    case 'refused':
      return FixExitCode.Refused;
    case 'rolled-back':
      return FixExitCode.RolledBack;
    case 'rollback-incomplete':
      return FixExitCode.RollbackIncomplete;
  }
}

export function rollbackExitCode(o: RollbackOutcome): FixExitCode {
  switch (o.kind) {
    case 'refused':
      return FixExitCode.Refused;
    case 'already-restored':
      return FixExitCode.Done;
    case 'restored':
      return o.verification.every((v) => v.ok) ? FixExitCode.Done : FixExitCode.RollbackIncomplete;
    case 'rollback-incomplete':
      return FixExitCode.RollbackIncomplete;
  }
}
