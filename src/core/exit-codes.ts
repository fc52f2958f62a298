// Every exit code FipsFix gives, with its meaning, in one place: the CLI's --help and its last line
// print these tables, and the README's table says the same. Scripts, Intune/ConfigMgr detection and
// Ansible rely on these numbers; they do not change meaning.
import type { ApplyOutcome, RollbackOutcome } from './outcome';
import type { Diagnosis } from './diagnosis-schema';
import type { RemediationPlan } from './plan';
import { unprobed, type ProbeDocument } from './wire/probe-document';

export interface ExitCodeMeaning<C extends number> {
  readonly code: C;
  readonly meaning: string;
  /** What the same code means from `plan`, where one table serves two commands; --help adds it. */
  readonly plan?: string;
}

/** diagnose, verify and plan. */
export const ExitCode = {
  NothingBlocks: 0,
  BlockedFixableHere: 1,
  NotFixableHere: 2,
  InvalidInput: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_TABLE: readonly ExitCodeMeaning<ExitCode>[] = [
  { code: 0, meaning: 'nothing forces the FIPS encryption level', plan: 'nothing to do' },
  { code: 1, meaning: 'blocked, and every cause can be fixed on this server', plan: 'changes planned' },
  {
    code: 2,
    meaning:
      'blocked by something that cannot be fixed here (a domain GPO), a source that needs more evidence, or evidence that does not cover every setting',
    plan: 'refused',
  },
  {
    code: 3,
    meaning: 'unreadable or invalid input (evidence, machine file, arguments): nothing was concluded',
  },
];

/** apply, rollback and recover. */
export const FixExitCode = {
  Done: 0,
  Refused: 2,
  InvalidInput: 3,
  RolledBack: 4,
  RollbackIncomplete: 5,
} as const;
export type FixExitCode = (typeof FixExitCode)[keyof typeof FixExitCode];

export const FIX_EXIT_CODE_TABLE: readonly ExitCodeMeaning<FixExitCode>[] = [
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

/** fleet summarize. */
export const FleetExitCode = {
  NoServerBlocked: 0,
  BlockedAllFixableLocally: 1,
  SomeNotFixableHere: 2,
  NothingReadable: 3,
} as const;
export type FleetExitCode = (typeof FleetExitCode)[keyof typeof FleetExitCode];

export const FLEET_EXIT_CODE_TABLE: readonly ExitCodeMeaning<FleetExitCode>[] = [
  {
    code: 0,
    meaning:
      'no server in the documents is blocked (unreadable or foreign files are listed, and do not change the code)',
  },
  { code: 1, meaning: 'servers are blocked, and every one of them can be fixed on the server itself' },
  {
    code: 2,
    meaning: 'a server is blocked by a domain GPO or a source not known, or its evidence is incomplete',
  },
  {
    code: 3,
    meaning: 'no FipsFix document could be read at all (a probe document counts), or invalid arguments',
  },
];

/** export. */
export const ExportExitCode = { Written: 0, SomeRefused: 2, InvalidInput: 3 } as const;
export type ExportExitCode = (typeof ExportExitCode)[keyof typeof ExportExitCode];

export const EXPORT_EXIT_CODE_TABLE: readonly ExitCodeMeaning<ExportExitCode>[] = [
  {
    code: 0,
    meaning:
      'written for every server that needs it (servers that are not blocked need nothing and are named)',
  },
  {
    code: 2,
    meaning:
      'some or all servers were refused for this kind (their cause is set by another method): the reason is printed, the others were written',
  },
  { code: 3, meaning: 'invalid input or arguments, or the files could not be written: nothing concluded' },
];

/** probe. */
export const ProbeExitCode = {
  NoneDemandsFips: 0,
  DemandsFips: 1,
  SomeUnprobed: 2,
  InvalidArguments: 3,
} as const;
export type ProbeExitCode = (typeof ProbeExitCode)[keyof typeof ProbeExitCode];

export const PROBE_EXIT_CODE_TABLE: readonly ExitCodeMeaning<ProbeExitCode>[] = [
  {
    code: 0,
    meaning:
      'every target was probed and none answered with the FIPS level (under TLS alone the level is not visible: see each target)',
  },
  { code: 1, meaning: 'a target demands FIPS on the wire: it answered with the FIPS encryption level' },
  {
    code: 2,
    meaning:
      'none demands FIPS, but a target could not be probed (unreachable, no answer in time, or not an RDP answer)',
  },
  {
    code: 3,
    meaning: 'invalid arguments (a target, --hosts file, --timeout or --concurrency): nothing was probed',
  },
];

export function probeExitCode(doc: ProbeDocument): ProbeExitCode {
  if (doc.targets.some((t) => t.demandsFips === true)) return ProbeExitCode.DemandsFips;
  if (doc.targets.some(unprobed)) return ProbeExitCode.SomeUnprobed;
  return ProbeExitCode.NoneDemandsFips;
}

/** A table as --help prints it: one indented line a code. */
export function exitCodeLines<C extends number>(table: readonly ExitCodeMeaning<C>[]): string {
  return table.map((e) => `  ${e.code}  ${e.meaning}${e.plan ? ` (plan: ${e.plan})` : ''}`).join('\n');
}

/** The meaning for the command that just ran (a diagnosis's last line says nothing of `plan`). */
export function meaningOf<C extends number>(table: readonly ExitCodeMeaning<C>[], code: C): string {
  return table.find((e) => e.code === code)?.meaning ?? '';
}

export function exitCodeForDiagnosis(
  d: Pick<Diagnosis, 'verdict'> & {
    readonly causes: readonly Pick<Diagnosis['causes'][number], 'fixableLocally'>[];
    readonly evidenceGaps: readonly { readonly value?: string | undefined }[];
  },
): ExitCode {
  if (d.verdict === 'not-blocked') return ExitCode.NothingBlocks;
  if (d.verdict === 'incomplete') return ExitCode.NotFixableHere;
  // A setting not read may force FIPS too: fixing the causes found is not known to unblock.
  if (d.evidenceGaps.some((g) => g.value !== undefined)) return ExitCode.NotFixableHere;
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

/** The code each outcome of the fix engine ends with: the CLI's and the elevated step's alike. */
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
