// The one elevated step: FipsFix's own executable, run through a UAC prompt by @vscode/sudo-prompt,
// in a headless mode, `apply-plan --plan FILE --sha256 HEX` or `rollback-backup --backup FILE
// --sha256 HEX`. Nothing else is ever elevated.
//
// sudo-prompt writes the command, unescaped, into a batch file that cmd.exe runs elevated. Inside
// double quotes cmd still expands %VAR% (and !VAR! under delayed expansion) and a stray quote ends
// the quoting, so a path is only put on that line if every character is plainly harmless: letters,
// digits, space, _ - . ( ) and the drive's colon and backslashes. A plan (or backup) in any other
// path is copied to a safe folder first; an executable in such a path cannot be moved for the user,
// so it is refused.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MachineFailure } from '../machine';
import { trustedInstallRoots } from './install-trust';
import { systemFolders } from './system-folders';
import { fileFailure, writeFileDurably } from '../durable-files';
import { readRegularFile, UnreadableFile } from '../regular-file';

/** The headless modes, and the option that names each one's input file. */
export const ELEVATED_MODES = { 'apply-plan': '--plan', 'rollback-backup': '--backup' } as const;
export type ElevatedMode = keyof typeof ELEVATED_MODES;

export interface ElevatedCommandInput {
  /** Default: apply-plan. */
  readonly mode?: ElevatedMode;
  /** The plan (or backup) the elevated step reads. */
  readonly file: string;
  /** Its SHA-256 as the user saw it; the elevated side checks it again before acting. */
  readonly sha256: string;
  /** Default: process.execPath. */
  readonly executable?: string;
  /** The CLI script when the executable is node; default: process.argv[1] when running under node. */
  readonly script?: string | undefined;
  /** Where an unsafely named file is copied. Default: defaultPendingDir(). */
  readonly pendingDir?: string;
  /** Path rules; always win32 in use. Tests on Linux pass path.posix to work with real temp files. */
  readonly paths?: path.PlatformPath;
  /**
   * A simulated machine for the elevated step (`--machine`): only where there is no Windows, so that
   * the whole elevated path can run with the prompt alone replaced. A built-in name or a safe path.
   */
  readonly simulatedMachine?: string;
  /**
   * Folders only administrators can change; the executable (and script) must be inside one, or a
   * process of the same user could swap what the prompt then runs elevated. Default on Windows:
   * FipsFix's install folder under each Program Files (read from HKLM), never the Windows folder
   * (install-trust.ts). Tests with posix paths pass their own.
   */
  readonly trustedRoots?: readonly string[];
}

export interface ElevatedCommand {
  /** The line sudo-prompt puts in its batch file. */
  readonly command: string;
  /** The same, unquoted: program first. */
  readonly argv: readonly string[];
  /** What runs elevated: the executable, and the script when it is node (install-trust.ts checks them). */
  readonly programs: readonly string[];
  /** The file the elevated step reads (the copy, when one was made). */
  readonly file: string;
  /** Set when the file was copied out of an unsafe path; the copy is the caller's to delete afterwards. */
  readonly copiedFrom?: string;
}

const ATTEMPTED = 'prepare the elevated step';
/** What the elevated step reads of a plan or backup (headless-modes.ts refuses more). */
const MAX_ELEVATED_INPUT_BYTES = 1024 * 1024;

/** True when `p` is absolute and every character in it is harmless on a batch file's command line. */
export function isSafeForElevatedBatch(p: string, paths: path.PlatformPath = path.win32): boolean {
  if (paths.sep === '\\') return /^[A-Za-z]:\\[A-Za-z0-9 _\-.()\\]*$/.test(p);
  return /^\/[A-Za-z0-9 _\-.()/]*$/.test(p);
}

function insideFolder(p: string, folder: string, paths: path.PlatformPath): boolean {
  const rel = paths.relative(folder, p);
  return rel !== '' && !rel.startsWith('..') && !paths.isAbsolute(rel);
}

/** The characters that make a path unsafe, for the message. */
function unsafeCharacters(p: string, paths: path.PlatformPath): string {
  const allowed = paths.sep === '\\' ? /[A-Za-z0-9 _\-.()\\:]/ : /[A-Za-z0-9 _\-.()/]/;
  const bad = [...new Set([...p].filter((c) => !allowed.test(c)))];
  if (bad.length > 0) return bad.map((c) => `"${c}"`).join(' ');
  return paths.sep === '\\'
    ? 'none, but it is not a local path such as C:\\…'
    : 'none, but it is not absolute';
}

/**
 * %ProgramData%\FipsFix-pending: written by the unelevated side (ProgramData lets users create
 * folders; %ProgramData%\FipsFix itself is writable by administrators only, since rollbacks trust
 * it), read by the elevated side. Anyone could write here, which is why the hash is checked.
 */
export function defaultPendingDir(): string {
  return path.win32.join(process.env['ProgramData'] ?? 'C:\\ProgramData', 'FipsFix-pending');
}

function runsUnderNode(executable: string, paths: path.PlatformPath): boolean {
  return /^node(\.exe)?$/i.test(paths.basename(executable));
}

export function buildElevatedCommand(input: ElevatedCommandInput): ElevatedCommand {
  const paths = input.paths ?? path.win32;
  const mode = input.mode ?? 'apply-plan';
  const what = mode === 'apply-plan' ? 'plan' : 'backup';
  const executable = input.executable ?? process.execPath;
  const script = input.script ?? (runsUnderNode(executable, paths) ? process.argv[1] : undefined);
  const sha256 = input.sha256.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw new MachineFailure(
      'Unsupported',
      ATTEMPTED,
      `"${input.sha256}" is not a SHA-256 (64 hexadecimal digits)`,
    );

  const roots =
    input.trustedRoots ?? (paths.sep === '\\' ? trustedInstallRoots(systemFolders(), paths) : undefined);
  for (const [whose, p] of [
    ['FipsFix itself', executable],
    ["FipsFix's script", script],
  ] as const) {
    if (p === undefined) continue;
    if (roots && !roots.some((r) => insideFolder(p, r, paths))) {
      throw new MachineFailure(
        'Unsupported',
        ATTEMPTED,
        `${whose} is at ${p}, outside the folders only administrators can change that FipsFix trusts (${roots.join(', ')}): the UAC prompt would run whatever is there then. Install FipsFix per machine (the installer puts it in Program Files\\FipsFix), or run it from an elevated prompt, where it writes with no prompt`,
      );
    }
    if (!isSafeForElevatedBatch(p, paths)) {
      throw new MachineFailure(
        'Unsupported',
        ATTEMPTED,
        `${whose} is at ${p}, a path with characters the administrator prompt cannot pass on safely (${unsafeCharacters(p, paths)}). Move FipsFix to a folder such as C:\\Program Files\\FipsFix and run it from there`,
      );
    }
  }

  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(input.file, MAX_ELEVATED_INPUT_BYTES);
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    throw new MachineFailure('Unsupported', ATTEMPTED, `the ${what} ${e.message}`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256)
    throw new MachineFailure(
      'Unsupported',
      ATTEMPTED,
      `the ${what} ${input.file} changed after it was shown (SHA-256 ${actual}, expected ${sha256}); start again`,
    );

  let file = input.file;
  let copiedFrom: string | undefined;
  if (!isSafeForElevatedBatch(file, paths)) {
    const pendingDir = input.pendingDir ?? defaultPendingDir();
    if (!isSafeForElevatedBatch(pendingDir, paths)) {
      throw new MachineFailure(
        'Unsupported',
        ATTEMPTED,
        `the ${what} ${input.file} and the folder it would be copied to (${pendingDir}) both have characters the administrator prompt cannot pass on safely (${unsafeCharacters(input.file, paths)}; ${unsafeCharacters(pendingDir, paths)}). Set TEMP to a plain path such as C:\\Temp and try again`,
      );
    }
    try {
      mkdirSync(pendingDir, { recursive: true });
    } catch (e) {
      throw fileFailure(e, `copy the ${what} to ${pendingDir}`);
    }
    // The bytes that were hashed, not the file again: it cannot change between check and copy.
    file = paths.join(pendingDir, `${sha256}.json`);
    writeFileDurably(file, bytes);
    copiedFrom = input.file;
  }

  const machine = input.simulatedMachine;
  if (machine !== undefined && !/^[a-z0-9-]+$/.test(machine) && !isSafeForElevatedBatch(machine, paths)) {
    throw new MachineFailure(
      'Unsupported',
      ATTEMPTED,
      `the simulated machine ${machine} has characters the prompt cannot pass on safely (${unsafeCharacters(machine, paths)})`,
    );
  }
  const q = (p: string): string => `"${p}"`;
  const argv = [
    executable,
    ...(script !== undefined ? [script] : []),
    mode,
    ELEVATED_MODES[mode],
    file,
    '--sha256',
    sha256,
    ...(machine !== undefined ? ['--machine', machine] : []),
  ];
  const command = [
    q(executable),
    ...(script !== undefined ? [q(script)] : []),
    mode,
    ELEVATED_MODES[mode],
    q(file),
    '--sha256',
    sha256,
    ...(machine !== undefined ? ['--machine', q(machine)] : []),
  ].join(' ');
  const programs = [executable, ...(script !== undefined ? [script] : [])];
  return { command, argv, programs, file, ...(copiedFrom !== undefined ? { copiedFrom } : {}) };
}

/** The same, as a value: the command, or the reason it cannot be built (for the CLI's elevated step). */
export function elevatedCommandFor(
  mode: ElevatedMode,
  file: string,
  sha256: string,
  where: Omit<ElevatedCommandInput, 'mode' | 'file' | 'sha256'> = {},
): ({ readonly ok: true } & ElevatedCommand) | { readonly ok: false; readonly reason: string } {
  try {
    return { ok: true, ...buildElevatedCommand({ ...where, mode, file, sha256 }) };
  } catch (e) {
    if (e instanceof MachineFailure) return { ok: false, reason: e.message };
    throw e;
  }
}

export type SudoExec = (
  command: string,
  options: { readonly name: string },
  callback: (error?: Error, stdout?: string | Buffer, stderr?: string | Buffer) => void,
) => void;

export interface ElevatedResult {
  readonly stdout: string;
  readonly stderr: string;
  /** The elevated step's exit code (apply-plan's own result; 0 when all was applied). */
  readonly exitCode: number;
}

/** sudo-prompt's words when the UAC prompt is declined or closed (it cannot tell them apart). */
export const ELEVATION_DECLINED_MESSAGE = 'User did not grant permission.';

function loadSudoExec(): SudoExec {
  // Loaded only when an elevation is actually asked for.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: most runs never elevate
  const sudoPrompt = require('@vscode/sudo-prompt') as typeof import('@vscode/sudo-prompt');
  const exec: SudoExec = sudoPrompt.exec;
  return exec;
}

/**
 * Where the elevated step starts: System32 (from HKLM, system-folders.ts). sudo-prompt writes
 * `cd /d "<this process's working directory>"` into its batch file, where cmd expands %VAR% even
 * inside the quotes: a directory named `%X%`, with X set to `" & … & rem "`, ran an extra command
 * elevated. cmd also looks in the working directory first for every command the batch names
 * (its `chcp`), so it must be a folder only administrators can write. Off Windows: none (tests pass one).
 */
export function elevatedWorkingDirectory(): string | undefined {
  return process.platform === 'win32' ? path.win32.join(systemFolders().windows, 'System32') : undefined;
}

/**
 * Makes `dir` the working directory until the returned function restores the one before. The
 * whole process changes directory while the prompt is up: FipsFix uses absolute paths throughout.
 */
function enterDirectory(dir: string | undefined): () => void {
  if (dir === undefined) return () => undefined;
  let previous: string | undefined;
  try {
    previous = process.cwd();
  } catch {
    previous = undefined; // Removed under us: nothing to return to.
  }
  process.chdir(dir);
  return () => {
    try {
      if (previous !== undefined) process.chdir(previous);
    } catch {
      // The old directory is gone; staying in the safe one is harmless.
    }
  };
}

/**
 * Runs the command through one UAC prompt, from a safe working directory (elevatedWorkingDirectory).
 * Resolves with the step's output and exit code (a non-zero code is the step's own answer, not a
 * failure here); rejects with MachineFailure('ElevationDeclined') when the prompt is declined,
 * 'ToolFailed' when it could not run.
 */
export function runElevated(
  command: ElevatedCommand | string,
  options: { readonly name?: string; readonly workingDirectory?: string } = {},
  sudoExec: SudoExec = loadSudoExec(),
): Promise<ElevatedResult> {
  const name = options.name ?? 'FipsFix';
  const line = typeof command === 'string' ? command : command.command;
  return new Promise((resolve, reject) => {
    // sudo-prompt reads process.cwd() when it writes its batch file, after it has made its folder:
    // the safe directory stays until it calls back.
    let restore: () => void;
    try {
      restore = enterDirectory(options.workingDirectory ?? elevatedWorkingDirectory());
    } catch (e) {
      reject(
        new MachineFailure(
          'ToolFailed',
          'run the elevated step',
          `cannot start it from a safe folder: ${String(e)}`,
        ),
      );
      return;
    }
    const run: SudoExec = (l, o, cb) => {
      try {
        sudoExec(l, o, cb);
      } catch (e) {
        cb(e instanceof Error ? e : new Error(String(e)));
      }
    };
    run(line, { name }, (error, stdout, stderr) => {
      restore();
      const out = {
        stdout: stdout === undefined ? '' : String(stdout),
        stderr: stderr === undefined ? '' : String(stderr),
      };
      if (!error) return resolve({ ...out, exitCode: 0 });
      if (error.message === ELEVATION_DECLINED_MESSAGE) {
        return reject(
          new MachineFailure(
            'ElevationDeclined',
            'run the elevated step',
            'the administrator prompt was declined or closed; nothing was changed',
          ),
        );
      }
      const code = (error as Error & { code?: unknown }).code;
      if (typeof code === 'number') return resolve({ ...out, exitCode: code });
      reject(new MachineFailure('ToolFailed', 'run the elevated step', error.message));
    });
  });
}
