// apply, verify, backups, rollback and recover: the CLI over the fix engine. Each step is printed as
// it happens (stderr), the outcome at the end (stdout, or one JSON document with --json).
import { createInterface } from 'node:readline/promises';
import { jsonDocument } from '../core/json-document';
import { diagnose } from '../core/diagnose';
import { planRemediation, type RemediationPlan } from '../core/plan';
import { diagnosisText, planText } from '../core/diagnosis-text';
import { InvalidEvidence } from '../core/formats/invalid-evidence';
import { applyExitCode, exitCodeForDiagnosis, FixExitCode, rollbackExitCode } from '../core/exit-codes';
import type { ApplyOutcome, RollbackOutcome, VerificationLine } from '../core/outcome';
import { backupExists, listBackups } from '../app/backups';
import { datedDiagnosis } from '../app/identity';
import { applyConfirmedPlan, rollbackToBackup, verifyAfterPolicyRefresh } from '../app/fix';
import {
  describeInterrupted,
  interruptedRun as journalInterruptedRun,
  type JournalEntry,
} from '../app/interrupted-run';
import { openMachine, type Chosen, type MachineChoice, type SourceOptions } from '../app/machine-choice';
import { visible, visibleStrings } from '../core/visible-text';
import { printErr, printOut } from './terminal';
import { fipsfixCommand, type CommandTarget } from '../core/words/command-line';
import { theseCounted } from '../core/words/count';

function say(line: string): void {
  printErr(`${line}\n`);
}

/** Each engine step, as it happens, on stderr. */
const printStep = {
  onStep: (s: { phase: string; message: string }) => say(`[${s.phase}] ${visible(s.message)}`),
};

/** The interrupted run, with the CLI's next step on the same machine. */
function interruptedText(e: JournalEntry, target: CommandTarget): string {
  return `${describeInterrupted(e)} Run '${fipsfixCommand('recover --rollback', target)}' to restore the backup, or '${fipsfixCommand('recover --complete', target)}' to finish the fix.`;
}

/** An interrupted run must be settled before anything else writes. */
function interruptedRun(c: MachineChoice): JournalEntry | undefined {
  return journalInterruptedRun(c, (problem) => say(`fipsfix: ${problem}`));
}

export function warnIfInterrupted(c: Chosen, target: CommandTarget): void {
  if (c.kind !== 'machine') return;
  const e = interruptedRun(c);
  if (e) say(`fipsfix: WARNING: ${interruptedText(e, target)}`);
}

async function confirm(question: string, yes: boolean, review: string): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY)
    throw new InvalidEvidence('confirmation', `no terminal to confirm on: review '${review}' and pass --yes`);
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

/** The outcome in words; its strings (file names, values, reasons) escaped before they are laid out. */
export function applyOutcomeText(raw: ApplyOutcome, target: CommandTarget = {}): string {
  const o = visibleStrings(raw);
  switch (o.kind) {
    case 'already-fixed':
      return `${o.message}\n`;
    case 'refused':
      return `Nothing was changed:\n${o.reasons.map((r) => `  - ${r}`).join('\n')}\n`;
    case 'applied':
      if (!o.verification.every((v) => v.ok)) {
        return `ATTENTION: the elevated step reported the fix applied, but reading the values back does not agree:\n${verificationText(o.verification)}\nCheck the server; the backup is ${o.backup.file} ('${fipsfixCommand(`rollback ${o.backup.id}`, target)}' restores it).\n`;
      }
      return (
        [
          `Applied and verified. Backup ${o.backup.id}: ${o.backup.file} (SHA-256 ${o.backup.sha256}); for a person: ${o.backup.regFile}`,
          verificationText(o.verification),
          `Now: ${o.diagnosisAfter.summary}`,
          o.refresh && !o.refresh.ran ? `Policy refresh did not run: ${o.refresh.reason}` : '',
          `Next: '${fipsfixCommand('verify --after-refresh', target)}' proves the fix survives a policy refresh; '${fipsfixCommand(`rollback ${o.backup.id}`, target)}' undoes it.`,
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

export function rollbackOutcomeText(raw: RollbackOutcome): string {
  const o = visibleStrings(raw);
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

function print(json: boolean, value: unknown, text: string): void {
  if (json) process.stdout.write(jsonDocument(value));
  else printOut(text);
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
  const c = openMachine(opts);
  const interrupted = interruptedRun(c);
  if (interrupted && interrupted.backupId !== completing?.backupId) {
    print(
      opts.json,
      { kind: 'refused', reasons: [interruptedText(interrupted, opts)] },
      `${interruptedText(interrupted, opts)}\n`,
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
    print(opts.json, outcome, applyOutcomeText(outcome, opts));
    return applyExitCode(outcome);
  }
  if (!opts.json || !opts.yes) printErr(planText(plan));
  const question = `Apply ${theseCounted(plan.changes.length, 'change')} to ${c.machine.name}?`;
  if (!(await confirm(question, opts.yes, fipsfixCommand('plan', opts)))) {
    print(
      opts.json,
      { kind: 'refused', reasons: ['not confirmed'] },
      'Not confirmed; nothing was changed.\n',
    );
    return FixExitCode.Refused;
  }
  const outcome = await applyConfirmedPlan(c, plan, printStep);
  // Completing an interrupted run: its journal goes only once the machine is fixed.
  if (completing && outcome.kind === 'applied' && c.journal.read().kind === 'interrupted') c.journal.finish();
  print(opts.json, outcome, applyOutcomeText(outcome, opts));
  return applyExitCode(outcome);
}

export async function runRollback(
  backup: string,
  opts: SourceOptions & { yes: boolean; json: boolean },
): Promise<FixExitCode> {
  const c = openMachine(opts);
  const interrupted = interruptedRun(c);
  if (interrupted && interrupted.backupId !== backup && !backup.includes(interrupted.backupId)) {
    print(
      opts.json,
      { kind: 'refused', reasons: [interruptedText(interrupted, opts)] },
      `${interruptedText(interrupted, opts)}\n`,
    );
    return FixExitCode.Refused;
  }
  if (!backupExists(c, backup))
    throw new InvalidEvidence(
      backup,
      `no such backup on ${c.machine.name} ('${fipsfixCommand('backups', opts)}' lists them)`,
    );
  if (
    !(await confirm(
      `Restore backup ${backup} on ${c.machine.name}?`,
      opts.yes,
      fipsfixCommand('backups', opts),
    ))
  ) {
    print(
      opts.json,
      { kind: 'refused', reasons: ['not confirmed'] },
      'Not confirmed; nothing was changed.\n',
    );
    return FixExitCode.Refused;
  }
  // The engine settles the interrupted run's journal itself (elevated where the folder is admin-only).
  const outcome = await rollbackToBackup(c, backup, printStep);
  print(opts.json, outcome, rollbackOutcomeText(outcome));
  return rollbackExitCode(outcome);
}

export async function runRecover(
  mode: 'rollback' | 'complete' | undefined,
  opts: SourceOptions & { yes: boolean; json: boolean },
): Promise<FixExitCode> {
  const c = openMachine(opts);
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
    print(opts.json, { kind: 'interrupted', entry: interrupted }, `${interruptedText(interrupted, opts)}\n`);
    return FixExitCode.Refused;
  }
  // By id: the backup is read from this machine's own (administrators-only) store, not from a path.
  if (mode === 'rollback') return runRollback(interrupted.backupId, opts);
  if (c.writes !== 'in-process') {
    const why = `Completing an interrupted fix re-plans from the machine as it is and settles its journal, which only administrators may change: run '${fipsfixCommand('recover --complete', opts)}' from an elevated prompt.`;
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
  const c = openMachine(opts);
  warnIfInterrupted(c, opts);
  if (opts.afterRefresh) {
    const { refresh, diagnosis } = await verifyAfterPolicyRefresh(c, printStep);
    const head = refresh.ran
      ? 'After a policy refresh (gpupdate /target:computer /force):'
      : `The policy refresh did not run (${refresh.reason}); the check below is without it:`;
    print(
      opts.json,
      { refresh, diagnosis: datedDiagnosis(diagnosis) },
      `${head}\n${diagnosisText(diagnosis, c.origin)}`,
    );
    return exitCodeForDiagnosis(diagnosis);
  }
  const d = diagnose(await c.machine.evidence.collectAll());
  print(opts.json, datedDiagnosis(d), diagnosisText(d, c.origin));
  return exitCodeForDiagnosis(d);
}

export function runBackups(opts: SourceOptions & { json: boolean }): number {
  const listed = listBackups(openMachine(opts));
  const { dir, rows, unreadable } = listed;
  const shown = visibleStrings(listed);
  const text =
    (shown.rows.length === 0
      ? `No backups in ${shown.dir}.\n`
      : shown.rows
          .map(
            (r) =>
              `${r.id}  ${r.createdAt}  ${r.machine}  apply: ${r.applied ?? '?'}${r.rolledBack ? `, rollback: ${r.rolledBack}` : ''}\n${r.changes.map((x) => `    ${x}`).join('\n')}\n`,
          )
          .join('')) + shown.unreadable.map((u) => `UNREADABLE ${u.file}: ${u.problem}\n`).join('');
  // An outcome not recorded is left out of the JSON, as before (not written as null).
  const backups = rows.map(({ applied, rolledBack, ...r }) => ({
    ...r,
    ...(applied !== null ? { applied } : {}),
    ...(rolledBack !== null ? { rolledBack } : {}),
  }));
  print(opts.json, { dir, backups, unreadable }, text);
  return 0;
}
