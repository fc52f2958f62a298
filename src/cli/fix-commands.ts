// apply, verify, backups, rollback and recover: the CLI over the fix engine. Each step is printed as
// it happens (stderr), the outcome at the end (stdout, or one JSON document with --json).
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { diagnose } from '../core/diagnose';
import { describeChange, planRemediation, type RemediationPlan } from '../core/plan';
import { diagnosisText, planText } from '../core/diagnosis-text';
import { exitCodeForDiagnosis } from '../core/exit-codes';
import { InvalidEvidence } from '../core/formats/invalid-evidence';
import type { ApplyOutcome, RollbackOutcome, VerificationLine } from '../core/outcome';
import { applyPlan, rollback, verifyAfterRefresh, type EngineContext } from '../machine/fix-engine';
import type { JournalEntry } from '../machine/journal';
import { chooseSource, type Chosen, type SourceOptions } from '../app/machine-choice';
import { applyThroughElevatedStep, rollbackThroughElevatedStep } from '../app/elevated-step';

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

declare const FIPSFIX_VERSION: string;
export const TOOL_VERSION = typeof FIPSFIX_VERSION === 'string' ? FIPSFIX_VERSION : '0.0.0-dev';

type MachineChoice = Extract<Chosen, { kind: 'machine' }>;

export function machineOnly(opts: SourceOptions): MachineChoice {
  const c = chooseSource(opts);
  if (c.kind === 'evidence')
    throw new InvalidEvidence(
      opts.evidence ?? 'evidence',
      'an evidence folder is a record, not a machine: run this on the server itself, or on a simulated machine',
    );
  return c;
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** DOMAIN\user on Windows, user elsewhere: who made a change, for the backup and the report. */
export function currentAccount(env: NodeJS.ProcessEnv = process.env): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = env['USERNAME'] ?? env['USER'] ?? 'unknown';
  }
  const domain = process.platform === 'win32' ? env['USERDOMAIN'] : undefined;
  return domain ? `${domain}\\${user}` : user;
}

export function engineContext(c: MachineChoice): EngineContext {
  c.secureForWrites();
  return {
    machine: c.machine,
    store: c.store,
    journal: c.journal,
    toolVersion: TOOL_VERSION,
    ranBy: currentAccount(),
    onStep: (s) => say(`[${s.phase}] ${s.message}`),
  };
}

function describeInterrupted(e: JournalEntry): string {
  const done = e.steps.filter((s) => s.state === 'done').map((s) => s.description);
  const started = e.steps.find((s) => s.state === 'started');
  return [
    `An ${e.operation} on ${e.machine} started at ${e.startedAt} did not finish (backup ${e.backupId}).`,
    done.length > 0 ? `Done: ${done.join('; ')}.` : 'No step finished.',
    started ? `Interrupted during: ${started.description}.` : '',
    "Run 'fipsfix recover --rollback' to restore the backup, or 'fipsfix recover --complete' to finish the fix.",
  ]
    .filter((l) => l !== '')
    .join(' ');
}

/** An interrupted run must be settled before anything else writes. */
function interruptedRun(c: MachineChoice): JournalEntry | undefined {
  const j = c.journal.read();
  if (j.kind === 'interrupted') return j.entry;
  if (j.kind === 'unreadable')
    say(`fipsfix: the journal ${c.journal.file} is unreadable (${j.problem}); it is ignored.`);
  return undefined;
}

export function warnIfInterrupted(c: Chosen): void {
  if (c.kind !== 'machine') return;
  const e = interruptedRun(c);
  if (e) say(`fipsfix: WARNING: ${describeInterrupted(e)}`);
}

async function confirm(question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY)
    throw new InvalidEvidence(
      'confirmation',
      'no terminal to confirm on: review "fipsfix plan" and pass --yes',
    );
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

function verificationText(lines: readonly VerificationLine[]): string {
  return lines
    .map((v) => `  ${v.ok ? 'ok ' : 'BAD'} ${v.value}: expected ${v.expected}, found ${v.found}`)
    .join('\n');
}

export function applyOutcomeText(o: ApplyOutcome): string {
  switch (o.kind) {
    case 'already-fixed':
      return `${o.message}\n`;
    case 'refused':
      return `Nothing was changed:\n${o.reasons.map((r) => `  - ${r}`).join('\n')}\n`;
    case 'applied':
      if (!o.verification.every((v) => v.ok)) {
        return `ATTENTION: the elevated step reported the fix applied, but reading the values back does not agree:\n${verificationText(o.verification)}\nCheck the server; the backup is ${o.backup.file} ("fipsfix rollback ${o.backup.id}" restores it).\n`;
      }
      return (
        [
          `Applied and verified. Backup ${o.backup.id}: ${o.backup.file} (SHA-256 ${o.backup.sha256}); for a person: ${o.backup.regFile}`,
          verificationText(o.verification),
          `Now: ${o.diagnosisAfter.summary}`,
          o.refresh && !o.refresh.ran ? `Policy refresh did not run: ${o.refresh.reason}` : '',
          "Next: 'fipsfix verify --after-refresh' proves the fix survives a policy refresh; 'fipsfix rollback " +
            o.backup.id +
            "' undoes it.",
        ]
          .filter((l) => l !== '')
          .join('\n') + '\n'
      );
    case 'rolled-back':
      return `The fix failed and was undone: ${o.failure}\nThe backup ${o.backup.id} was restored and verified:\n${verificationText(o.verification)}\n`;
    case 'rollback-incomplete':
      return `ATTENTION: the fix failed and restoring the backup did not complete: ${o.failure}\n${verificationText(o.verification)}\nThe backup is ${o.backup.file}; for a person: ${o.backup.regFile} (reg import restores the registry values).\n`;
  }
}

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

export function rollbackOutcomeText(o: RollbackOutcome): string {
  switch (o.kind) {
    case 'refused':
      return `Nothing was changed:\n${o.reasons.map((r) => `  - ${r}`).join('\n')}\n`;
    case 'already-restored':
      return `The machine already holds the values of backup ${o.backup.id}; nothing was changed.\n`;
    case 'restored':
      return `Restored backup ${o.backup.id} and verified:\n${verificationText(o.verification)}\n`;
    case 'rollback-incomplete':
      return `ATTENTION: restoring backup ${o.backup.id} did not complete: ${o.failure}\n${verificationText(o.verification)}\n`;
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

function print(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text);
}

function rdpLevelOf(plan: RemediationPlan): 1 | 2 | 3 {
  const c =
    plan.kind === 'changes'
      ? plan.changes.find((x) => x.id === 'rdp-encryption-policy' || x.id === 'rdp-tcp-encryption-level')
      : undefined;
  return c && (c.after === 1 || c.after === 2 || c.after === 3) ? c.after : 3;
}

export interface ApplyOptions extends SourceOptions {
  readonly rdpLevel: 1 | 2 | 3;
  readonly confirmLow: boolean;
  readonly yes: boolean;
  readonly json: boolean;
}

export async function runApply(opts: ApplyOptions, completing?: JournalEntry): Promise<FixExitCode> {
  const c = machineOnly(opts);
  const interrupted = interruptedRun(c);
  if (interrupted && interrupted.backupId !== completing?.backupId) {
    print(
      opts.json,
      { kind: 'refused', reasons: [describeInterrupted(interrupted)] },
      `${describeInterrupted(interrupted)}\n`,
    );
    return FixExitCode.Refused;
  }
  say(`fipsfix: ${c.origin}`);
  const diagnosis = diagnose(await c.machine.evidence.collectAll());
  // Unelevated, the elevated step reads the policy sources and settles what is unknown here.
  const plan: RemediationPlan = planRemediation(diagnosis, {
    rdpTargetLevel: opts.rdpLevel,
    confirmLowLevel: opts.confirmLow,
    elevatedStepDecidesUnknown: c.writes === 'elevated-step',
  });
  if (plan.kind !== 'changes') {
    const outcome: ApplyOutcome =
      plan.kind === 'nothing-to-do'
        ? { kind: 'already-fixed', message: plan.message }
        : { kind: 'refused', reasons: plan.reasons };
    if (completing && outcome.kind === 'already-fixed') c.journal.finish();
    print(opts.json, outcome, applyOutcomeText(outcome));
    return applyExitCode(outcome);
  }
  if (!opts.json || !opts.yes) process.stderr.write(planText(plan));
  if (!(await confirm(`Apply these ${plan.changes.length} change(s) to ${c.machine.name}?`, opts.yes))) {
    print(
      opts.json,
      { kind: 'refused', reasons: ['not confirmed'] },
      'Not confirmed; nothing was changed.\n',
    );
    return FixExitCode.Refused;
  }
  const outcome =
    c.writes === 'in-process'
      ? await applyPlan(engineContext(c), plan)
      : await applyThroughElevatedStep(c, plan);
  // Completing an interrupted run: its journal goes only once the machine is fixed.
  if (completing && outcome.kind === 'applied' && c.journal.read().kind === 'interrupted') c.journal.finish();
  print(opts.json, outcome, applyOutcomeText(outcome));
  return applyExitCode(outcome);
}

export async function runRollback(
  backup: string,
  opts: SourceOptions & { yes: boolean; json: boolean },
): Promise<FixExitCode> {
  const c = machineOnly(opts);
  const interrupted = interruptedRun(c);
  if (interrupted && interrupted.backupId !== backup && !backup.includes(interrupted.backupId)) {
    print(
      opts.json,
      { kind: 'refused', reasons: [describeInterrupted(interrupted)] },
      `${describeInterrupted(interrupted)}\n`,
    );
    return FixExitCode.Refused;
  }
  if (!(await confirm(`Restore backup ${backup} on ${c.machine.name}?`, opts.yes))) {
    print(
      opts.json,
      { kind: 'refused', reasons: ['not confirmed'] },
      'Not confirmed; nothing was changed.\n',
    );
    return FixExitCode.Refused;
  }
  // The engine settles the interrupted run's journal itself (elevated where the folder is admin-only).
  const outcome =
    c.writes === 'in-process'
      ? rollback(engineContext(c), backup)
      : await rollbackThroughElevatedStep(c, backup);
  print(opts.json, outcome, rollbackOutcomeText(outcome));
  return rollbackExitCode(outcome);
}

export async function runRecover(
  mode: 'rollback' | 'complete' | undefined,
  opts: SourceOptions & { yes: boolean; json: boolean },
): Promise<FixExitCode> {
  const c = machineOnly(opts);
  const interrupted = interruptedRun(c);
  if (!interrupted) {
    print(
      opts.json,
      { kind: 'nothing-to-recover' },
      'No interrupted apply or rollback: nothing to recover.\n',
    );
    return FixExitCode.Done;
  }
  if (!mode) {
    print(opts.json, { kind: 'interrupted', entry: interrupted }, `${describeInterrupted(interrupted)}\n`);
    return FixExitCode.Refused;
  }
  // By id: the backup is read from this machine's own (administrators-only) store, not from a path.
  if (mode === 'rollback') return runRollback(interrupted.backupId, opts);
  if (c.writes !== 'in-process') {
    const why =
      'Completing an interrupted fix re-plans from the machine as it is and settles its journal, which only administrators may change: run "fipsfix recover --complete" from an elevated prompt.';
    print(opts.json, { kind: 'refused', reasons: [why] }, `${why}\n`);
    return FixExitCode.Refused;
  }
  // Completing means finishing the fix from what the machine holds now, at the level the interrupted
  // run chose: a fresh plan contains only what is still to do; its backup stays available.
  const level = rdpLevelOf(c.store.read(interrupted.backupId).content.plan);
  say(
    `fipsfix: completing the interrupted ${interrupted.operation}; its backup ${interrupted.backupId} stays available.`,
  );
  return runApply({ ...opts, rdpLevel: level, confirmLow: level === 1 }, interrupted);
}

export async function runVerify(
  opts: SourceOptions & { afterRefresh: boolean; json: boolean },
): Promise<number> {
  const c = machineOnly(opts);
  warnIfInterrupted(c);
  if (opts.afterRefresh) {
    const latest = c.store.list().backups.at(-1);
    const { refresh, diagnosis } = await verifyAfterRefresh(engineContext(c), latest?.id);
    const head = refresh.ran
      ? 'After a policy refresh (gpupdate /target:computer /force):'
      : `The policy refresh did not run (${refresh.reason}); the check below is without it:`;
    print(opts.json, { refresh, diagnosis }, `${head}\n${diagnosisText(diagnosis, c.origin)}`);
    return exitCodeForDiagnosis(diagnosis);
  }
  const d = diagnose(await c.machine.evidence.collectAll());
  print(opts.json, d, diagnosisText(d, c.origin));
  return exitCodeForDiagnosis(d);
}

export function runBackups(opts: SourceOptions & { json: boolean }): number {
  const c = machineOnly(opts);
  const { backups, unreadable } = c.store.list();
  const rows = backups.map((b) => ({
    id: b.id,
    createdAt: b.content.createdAt,
    machine: b.content.machine,
    changes: b.content.plan.kind === 'changes' ? b.content.plan.changes.map(describeChange) : [],
    file: b.file,
    regFile: b.regFile,
    sha256: b.sha256,
    applied: c.store.readRun(b.id, 'apply')?.outcome,
    rolledBack: c.store.readRun(b.id, 'rollback')?.outcome,
  }));
  const text =
    (rows.length === 0
      ? `No backups in ${c.store.dir}.\n`
      : rows
          .map(
            (r) =>
              `${r.id}  ${r.createdAt}  ${r.machine}  apply: ${r.applied ?? '?'}${r.rolledBack ? `, rollback: ${r.rolledBack}` : ''}\n${r.changes.map((x) => `    ${x}`).join('\n')}\n`,
          )
          .join('')) + unreadable.map((u) => `UNREADABLE ${u.file}: ${u.problem}\n`).join('');
  print(opts.json, { dir: c.store.dir, backups: rows, unreadable }, text);
  return 0;
}
