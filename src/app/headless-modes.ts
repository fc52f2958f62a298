// The headless modes `apply-plan` and `rollback-backup`: the elevated process that the one UAC prompt
// starts, as the CLI (`fipsfix apply-plan …`) or the packaged app (`FipsFix.exe apply-plan …`). They
// trust nothing on their command line but a file path and its SHA-256: the file is read once, its
// hash checked, then its schema and the allow-list, before the fix engine re-reads the machine and
// writes. The outcome is printed as one JSON line, for the unelevated side (elevated-step.ts).
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { InvalidEvidence } from '../core/formats/invalid-evidence';
import { BackupRefused } from '../machine/backup-store';
import type { ApplyOutcome, RollbackOutcome } from '../core/outcome';
import { applyPlan, rollbackStored } from '../machine/fix-engine';
import { applyExitCode, FixExitCode, rollbackExitCode } from '../core/exit-codes';
import { readRegularFile, UnreadableFile } from '../machine/regular-file';
import { engineContext } from './engine-context';
import { chooseSource, openSimulated, type MachineChoice } from './machine-choice';

const MAX_INPUT_BYTES = 1024 * 1024;

function readOnceChecked(
  file: string,
  sha256: string,
): { ok: true; bytes: Buffer } | { ok: false; reason: string } {
  if (!/^[0-9a-fA-F]{64}$/.test(sha256))
    return { ok: false, reason: 'the SHA-256 on the command line is not 64 hex digits' };
  let bytes: Buffer;
  try {
    // Opened, then checked by its descriptor: a FIFO, device or link given as the file is refused
    // at once, never waited on.
    bytes = readRegularFile(file, MAX_INPUT_BYTES, () => 'larger than any plan or backup');
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    return { ok: false, reason: `${e.message}. Nothing was changed.` };
  }
  // The hash is of the bytes read, once: a file swapped after this read is never used.
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256.toLowerCase())
    return {
      ok: false,
      reason: `${file} does not have the SHA-256 the unelevated side computed: it changed in between. Nothing was changed.`,
    };
  return { ok: true, bytes };
}

function elevatedMachine(machine: string | undefined): MachineChoice {
  if (machine) return openSimulated(machine, false, process.env, true);
  const c = chooseSource({});
  if (c.kind !== 'machine') throw new InvalidEvidence('apply-plan', 'no machine to write');
  if (c.writes !== 'in-process')
    throw new InvalidEvidence(
      'apply-plan',
      'this mode writes the registry and must run elevated; it is started by FipsFix through the UAC prompt',
    );
  return c;
}

/** The steps go to stderr, which the unelevated side does not read as the outcome. */
function printStep(s: { phase: string; message: string }): void {
  process.stderr.write(`[${s.phase}] ${s.message}\n`);
}

function printOutcome(o: ApplyOutcome | RollbackOutcome): void {
  // One line: the unelevated side takes the last JSON line of this output as the outcome.
  process.stdout.write(`${JSON.stringify(o)}\n`);
}

export async function runApplyPlanElevated(opts: {
  plan: string;
  sha256: string;
  machine?: string | undefined;
}): Promise<number> {
  const read = readOnceChecked(opts.plan, opts.sha256);
  if (!read.ok) {
    printOutcome({ kind: 'refused', reasons: [read.reason] });
    return FixExitCode.Refused;
  }
  let plan: unknown;
  try {
    plan = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    printOutcome({ kind: 'refused', reasons: [`${opts.plan} is not valid JSON`] });
    return FixExitCode.Refused;
  }
  const c = elevatedMachine(opts.machine);
  const outcome = await applyPlan(await engineContext(c, { onStep: printStep }), plan);
  printOutcome(outcome);
  return applyExitCode(outcome);
}

export async function runRollbackElevated(opts: {
  backup: string;
  sha256: string;
  machine?: string | undefined;
}): Promise<number> {
  const read = readOnceChecked(opts.backup, opts.sha256);
  if (!read.ok) {
    printOutcome({ kind: 'refused', reasons: [read.reason] });
    return FixExitCode.Refused;
  }
  const c = elevatedMachine(opts.machine);
  // Only backups in this machine's own store, which only administrators can write, are restored here.
  if (dirname(resolve(opts.backup)) !== resolve(c.store.dir)) {
    printOutcome({
      kind: 'refused',
      reasons: [`${opts.backup} is not in FipsFix's backup folder (${c.store.dir}). Nothing was changed.`],
    });
    return FixExitCode.Refused;
  }
  let backup;
  try {
    // The bytes whose hash was checked, not the file again: it may have changed since.
    backup = c.store.parse(opts.backup, read.bytes.toString('utf8'));
  } catch (e) {
    if (!(e instanceof BackupRefused)) throw e;
    printOutcome({ kind: 'refused', reasons: [`${e.message}. Nothing was changed.`] });
    return FixExitCode.Refused;
  }
  const outcome = await rollbackStored(await engineContext(c, { onStep: printStep }), backup);
  printOutcome(outcome);
  return rollbackExitCode(outcome);
}
