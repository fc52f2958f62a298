// Running Windows' own tools (secedit, gpresult, gpupdate, wevtutil, reg). One choke point, so
// tests can replace only the spawn, and every tool is taken from System32 by full path: the
// elevated step must not run whatever a writable PATH entry calls "secedit.exe".
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { MachineFailure } from '../machine';
import { systemFolders } from './system-folders';

export interface ProcessOutcome {
  /** The exit code; null when the program did not run to its end (see `error`). */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Why the program did not run or finish: ENOENT (no such program), ETIMEDOUT, or another spawn error. */
  readonly error?: { readonly code: string; readonly message: string };
}

export interface ProcessRunner {
  run(program: string, args: readonly string[], options: { readonly timeoutMs: number }): ProcessOutcome;
}

/** Console tools write UTF-16LE when they say so with a BOM, otherwise (here) ASCII or UTF-8. */
export function decodeToolOutput(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

export const spawnRunner: ProcessRunner = {
  run(program, args, { timeoutMs }) {
    const r = spawnSync(program, [...args], {
      timeout: timeoutMs,
      windowsHide: true,
      // A tool that asks a question (gpupdate's "OK to restart?") reads end of input and goes on.
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 32 * 1024 * 1024,
    });
    const error = r.error as NodeJS.ErrnoException | undefined;
    return {
      status: r.status,
      stdout: r.stdout ? decodeToolOutput(r.stdout) : '',
      stderr: r.stderr ? decodeToolOutput(r.stderr) : '',
      ...(error ? { error: { code: error.code ?? 'ERROR', message: error.message } } : {}),
    };
  },
};

/** %SystemRoot%, where Windows and its tools live: from HKLM, never from the user's environment. */
export function windowsDirectory(): string {
  return systemFolders().windows;
}

export function systemTool(windowsDir: string, name: string): string {
  return join(windowsDir, 'System32', `${name}.exe`);
}

/** The tool's own words for a failure: its last non-empty output lines (Wine prints errors on stdout). */
export function toolMessage(r: ProcessOutcome): string {
  const lines = `${r.stderr}\n${r.stdout}`
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.slice(-3).join(' / ').slice(0, 400);
}

/** Why a finished run is no use, in words; undefined when it exited with an accepted code. */
export function runProblem(
  tool: string,
  r: ProcessOutcome,
  okStatuses: readonly number[] = [0],
): string | undefined {
  if (r.error?.code === 'ENOENT') return `${tool} is not on this machine`;
  if (r.error?.code === 'ETIMEDOUT') return `${tool} did not finish in time and was stopped`;
  if (r.error) return `${tool} could not be started (${r.error.code}: ${r.error.message})`;
  if (r.status === null) return `${tool} was stopped before it finished`;
  if (!okStatuses.includes(r.status)) {
    const said = toolMessage(r);
    return `${tool} exited with code ${r.status}${said ? `: ${said}` : ''}`;
  }
  return undefined;
}

/** The same, as the MachineFailure an operation that needs the tool throws. */
export function runFailure(
  tool: string,
  attempted: string,
  r: ProcessOutcome,
  okStatuses: readonly number[] = [0],
  hint = '',
): MachineFailure | undefined {
  const problem = runProblem(tool, r, okStatuses);
  if (problem === undefined) return undefined;
  const code = r.error?.code === 'ENOENT' ? 'ToolMissing' : 'ToolFailed';
  return new MachineFailure(code, attempted, `${problem}${hint ? `. ${hint}` : ''}`);
}
