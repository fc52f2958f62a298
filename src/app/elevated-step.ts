// The one UAC prompt. The unelevated CLI (or app) writes the confirmed plan to a file, then starts its
// own executable elevated in the headless `apply-plan` mode with only that file's path and SHA-256 on
// the command line — never a registry path or value (sudo-prompt pastes the command into a batch file
// unescaped). The elevated side reads the file once, checks the hash, the schema and the allow-list,
// re-reads the machine, writes, verifies, and prints one JSON outcome, which is checked here.
import { exec } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { dirname, join, resolve } from 'node:path';
import type { RemediationPlan } from '../core/plan';
import { BackupRefused, MAX_BACKUP_BYTES } from '../machine/backup-store';
import { MachineFailure } from '../machine/machine';
import { readRegularFile, UnreadableFile } from '../machine/regular-file';
import {
  ApplyOutcomeSchema,
  RollbackOutcomeSchema,
  type ApplyOutcome,
  type RollbackOutcome,
  type VerificationLine,
} from '../core/outcome';
import { elevatedCommandFor, runElevated } from '../machine/windows/elevated-command';
import { installProblemFor } from '../machine/windows/install-trust';
import { systemFolders } from '../machine/windows/system-folders';
import type { MachineChoice } from './machine-choice';

export { ELEVATED_MODES } from '../machine/windows/elevated-command';

/** The elevated process ended without a result it could vouch for: the machine may be half-changed. */
export class ElevatedStepLost extends Error {
  constructor(detail: string) {
    super(
      `the elevated step ended without a result (${detail}); the machine may be half-changed: run "fipsfix recover" to see and settle it`,
    );
    this.name = 'ElevatedStepLost';
  }
}

export interface ElevationDeps {
  /** Builds the command line, copying the input file to a safe path or refusing. */
  readonly commandFor: typeof elevatedCommandFor;
  /** Shows the UAC prompt and runs the command; throws MachineFailure('ElevationDeclined') when declined. */
  readonly run: (command: string) => Promise<{ stdout: string; stderr: string }>;
  /**
   * Before the prompt: why what would run elevated is not safe to (its install folder's access
   * lists let others change it, install-trust.ts), or undefined. Absent: no check (the test shells).
   */
  readonly installProblem?: (programs: readonly string[]) => Promise<string | undefined>;
}

export const windowsElevation: ElevationDeps = {
  commandFor: elevatedCommandFor,
  run: (command) => runElevated(command, { name: 'FipsFix' }),
  installProblem: (programs) => installProblemFor(programs, systemFolders()),
};

/**
 * The prompt as the app shows it: its own executable is the elevated step; unpackaged, Electron needs
 * `script` (the app folder) after it.
 */
export function appElevation(script: string | undefined): ElevationDeps {
  return {
    ...windowsElevation,
    commandFor: (mode, file, sha256) => elevatedCommandFor(mode, file, sha256, script ? { script } : {}),
  };
}

/**
 * For the Electron E2E suite only (unpackaged, a simulated machine): the UAC prompt alone is
 * replaced. The command the real builder made runs in a shell, as the prompt's batch file would once
 * answered yes.
 */
export function promptAcceptedInShell(opts: {
  readonly executable: string;
  readonly script: string | undefined;
  readonly pendingDir: string;
  readonly simulatedMachine: string;
  readonly env: NodeJS.ProcessEnv;
}): ElevationDeps {
  return {
    commandFor: (mode, file, sha256) =>
      elevatedCommandFor(mode, file, sha256, {
        paths: path,
        executable: opts.executable,
        ...(opts.script ? { script: opts.script } : {}),
        pendingDir: opts.pendingDir,
        simulatedMachine: opts.simulatedMachine,
      }),
    run: (command) =>
      runElevated(command, { name: 'FipsFix' }, (line, _o, cb) =>
        exec(line, { env: opts.env }, (err, stdout, stderr) => cb(err ?? undefined, stdout, stderr)),
      ),
  };
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The elevated step's outcome, checked against its schema; without one, nothing can be vouched for. */
function outcomeOf<T extends z.ZodType>(schema: T, stdout: string): z.infer<T> {
  const parsed = schema.safeParse(lastJson(stdout));
  if (!parsed.success) throw new ElevatedStepLost('no valid outcome on its output');
  return parsed.data;
}

/** The last line that parses as JSON: the elevated side prints its outcome last. */
function lastJson(stdout: string): unknown {
  const lines = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'));
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(lines[i] ?? '');
    } catch {
      /* not this one */
    }
  }
  return undefined;
}

/** `sha256` is of the bytes the administrator's choice was made from, never of a second read. */
async function runStep(
  deps: ElevationDeps,
  mode: 'apply-plan' | 'rollback-backup',
  file: string,
  sha256: string,
): Promise<{ refused: string } | { stdout: string }> {
  const command = deps.commandFor(mode, file, sha256);
  if (!command.ok) return { refused: `${command.reason}. Nothing was changed.` };
  const unsafe = await deps.installProblem?.(command.programs);
  if (unsafe !== undefined) {
    if (command.copiedFrom !== undefined) rmSync(command.file, { force: true });
    return {
      refused: `${unsafe}. Nothing was changed: run FipsFix from an elevated prompt instead, where it needs no UAC prompt.`,
    };
  }
  try {
    return await deps.run(command.command);
  } catch (e) {
    if (e instanceof MachineFailure && e.code === 'ElevationDeclined')
      return { refused: 'The UAC prompt was declined (or timed out): nothing was changed.' };
    throw e;
  } finally {
    // A copy made into the pending folder (the original path was unsafe) has served its purpose.
    if (command.copiedFrom !== undefined) rmSync(command.file, { force: true });
  }
}

/** What the unelevated reader sees afterwards: the elevated step's word is checked, not trusted. */
function rereadUnelevated(
  c: MachineChoice,
  lines: readonly VerificationLine[],
  expectations: readonly {
    id: Parameters<MachineChoice['machine']['registry']['readValue']>[0];
    expected: number | null;
    label: string;
  }[],
): VerificationLine[] {
  return [
    ...lines,
    ...expectations.map((x) => {
      const s = c.machine.registry.readValue(x.id);
      const found = s.exists ? (s.type === 'REG_DWORD' ? `REG_DWORD ${s.data}` : s.typeName) : 'absent';
      const ok =
        x.expected === null ? !s.exists : s.exists && s.type === 'REG_DWORD' && s.data === x.expected;
      return {
        value: `${x.label} (read again, unelevated)`,
        expected: x.expected === null ? 'absent' : `REG_DWORD ${x.expected}`,
        found,
        ok,
      };
    }),
  ];
}

export async function applyThroughElevatedStep(
  c: MachineChoice,
  plan: Extract<RemediationPlan, { kind: 'changes' }>,
  deps: ElevationDeps = windowsElevation,
): Promise<ApplyOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'fipsfix-'));
  try {
    const file = join(dir, 'plan.json');
    const bytes = Buffer.from(JSON.stringify(plan), 'utf8');
    writeFileSync(file, bytes, { mode: 0o600 });
    const r = await runStep(deps, 'apply-plan', file, sha256Of(bytes));
    if ('refused' in r) return { kind: 'refused', reasons: [r.refused] };
    const outcome = outcomeOf(ApplyOutcomeSchema, r.stdout);
    if (outcome.kind !== 'applied') return outcome;
    const verification = rereadUnelevated(
      c,
      outcome.verification,
      plan.changes.map((ch) => ({ id: ch.id, expected: ch.after, label: ch.registryValue })),
    );
    return { ...outcome, verification };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function rollbackThroughElevatedStep(
  c: MachineChoice,
  backup: string,
  deps: ElevationDeps = windowsElevation,
): Promise<RollbackOutcome> {
  // Only a backup in FipsFix's own folder (administrators-only) goes through the prompt, read once:
  // the bytes checked here are the bytes whose hash the elevated step checks again.
  const file = /^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$/.test(backup)
    ? join(c.store.dir, `${backup}.json`)
    : resolve(backup);
  if (dirname(resolve(file)) !== resolve(c.store.dir)) {
    return {
      kind: 'refused',
      reasons: [
        `${backup} is not in FipsFix's backup folder (${c.store.dir}); through the UAC prompt only those are restored. Nothing was changed.`,
      ],
    };
  }
  let bytes: Buffer;
  let stored;
  try {
    bytes = readRegularFile(file, MAX_BACKUP_BYTES);
    stored = c.store.parse(file, bytes.toString('utf8'));
  } catch (e) {
    if (e instanceof BackupRefused)
      return { kind: 'refused', reasons: [`${e.message}. Nothing was changed.`] };
    if (!(e instanceof UnreadableFile)) throw e;
    return {
      kind: 'refused',
      reasons: [`${file}: ${e.reason === 'missing' ? 'no such backup' : e.problem}. Nothing was changed.`],
    };
  }
  const r = await runStep(deps, 'rollback-backup', stored.file, sha256Of(bytes));
  if ('refused' in r) return { kind: 'refused', reasons: [r.refused] };
  const outcome = outcomeOf(RollbackOutcomeSchema, r.stdout);
  if (outcome.kind !== 'restored') return outcome;
  const verification = rereadUnelevated(
    c,
    outcome.verification,
    stored.content.values.map((v) => ({
      id: v.id,
      expected: v.existed ? v.data : null,
      label: `${v.path}\\${v.name}`,
    })),
  );
  return { ...outcome, verification };
}
