// One table of exit codes, used by the CLI and printed in its --help. Scripts, Intune/ConfigMgr
// detection and Ansible rely on these numbers; they do not change meaning.
import type { Diagnosis } from './diagnosis-schema';
import type { RemediationPlan } from './plan';

export const ExitCode = {
  NothingBlocks: 0,
  BlockedFixableHere: 1,
  NotFixableHere: 2,
  InvalidInput: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_TABLE: readonly { code: ExitCode; meaning: string }[] = [
  { code: 0, meaning: 'nothing forces the FIPS encryption level (plan: nothing to do)' },
  { code: 1, meaning: 'blocked, and every cause can be fixed on this server (plan: changes planned)' },
  {
    code: 2,
    meaning:
      'blocked by something that cannot be fixed here (a domain GPO), a source that needs more evidence, or evidence that does not cover every setting (plan: refused)',
  },
  {
    code: 3,
    meaning: 'unreadable or invalid input (evidence, machine file, arguments): nothing was concluded',
  },
];

export function exitCodeForDiagnosis(d: Diagnosis): ExitCode {
  if (d.verdict === 'not-blocked') return ExitCode.NothingBlocks;
  if (d.verdict === 'incomplete') return ExitCode.NotFixableHere;
  return d.causes.every((c) => c.fixableLocally) ? ExitCode.BlockedFixableHere : ExitCode.NotFixableHere;
}

export function exitCodeForPlan(p: RemediationPlan): ExitCode {
  switch (p.kind) {
    case 'nothing-to-do':
      return ExitCode.NothingBlocks;
    case 'changes':
      return ExitCode.BlockedFixableHere;
    case 'refused':
      return ExitCode.NotFixableHere;
  }
}
