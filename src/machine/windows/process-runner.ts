// Running Windows' own tools (secedit, gpresult, gpupdate, wevtutil, reg, icacls). One choke point, so
// tests can replace only the spawn, and every tool is taken from System32 by full path: the
// elevated step must not run whatever a writable PATH entry calls "secedit.exe".
// The tools run without blocking: gpresult on a domain member or gpupdate takes seconds to minutes,
// and the Electron main process must keep answering the window meanwhile. A caller may cancel.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { MachineFailure } from '../machine';
import { systemFolders } from './system-folders';

export interface ProcessOutcome {
  /** The exit code; null when the program did not run to its end (see `error`). */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /**
   * Why the program did not run or finish: ENOENT (no such program), ETIMEDOUT (stopped at the
   * timeout), ABORT_ERR (cancelled by the caller), ENOBUFS (too much output), or another spawn error.
   */
  readonly error?: { readonly code: string; readonly message: string };
}

export interface RunOptions {
  readonly timeoutMs: number;
  /** Aborting it kills the program; the run then ends with error ABORT_ERR. */
  readonly signal?: AbortSignal | undefined;
}

export interface ProcessRunner {
  run(program: string, args: readonly string[], options: RunOptions): Promise<ProcessOutcome>;
}

/** Console tools write UTF-16LE when they say so with a BOM, otherwise (here) ASCII or UTF-8. */
export function decodeToolOutput(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/** More than any tool FipsFix runs writes (gpresult's XML of a large domain is a few MiB). */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;
/** A program asked to stop that is still there after this long is killed outright. */
const KILL_GRACE_MS = 5_000;

const cancelled = (program: string) => ({ code: 'ABORT_ERR', message: `${program} was cancelled` });

export const spawnRunner: ProcessRunner = {
  run(program, args, { timeoutMs, signal }) {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve({ status: null, stdout: '', stderr: '', error: cancelled(program) });
        return;
      }
      const child = spawn(program, [...args], {
        windowsHide: true,
        // A tool that asks a question (gpupdate's "OK to restart?") reads end of input and goes on.
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let size = 0;
      let stopped: { code: string; message: string } | undefined;
      let spawnError: NodeJS.ErrnoException | undefined;
      let settled = false;
      let killTimer: NodeJS.Timeout | undefined;

      const stop = (why: { code: string; message: string }): void => {
        if (stopped || settled) return;
        stopped = why;
        child.kill();
        killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      };
      const timer = setTimeout(
        () => stop({ code: 'ETIMEDOUT', message: `${program} did not finish within ${timeoutMs} ms` }),
        timeoutMs,
      );
      const onAbort = (): void => stop(cancelled(program));
      signal?.addEventListener('abort', onAbort, { once: true });
      const collect =
        (into: Buffer[]) =>
        (chunk: Buffer): void => {
          size += chunk.length;
          if (size > MAX_OUTPUT_BYTES)
            stop({ code: 'ENOBUFS', message: `${program} wrote more than ${MAX_OUTPUT_BYTES} bytes` });
          else into.push(chunk);
        };
      child.stdout.on('data', collect(stdout));
      child.stderr.on('data', collect(stderr));

      const settle = (status: number | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        signal?.removeEventListener('abort', onAbort);
        const error =
          stopped ??
          (spawnError ? { code: spawnError.code ?? 'ERROR', message: spawnError.message } : undefined);
        resolve({
          status: error ? null : status,
          stdout: decodeToolOutput(Buffer.concat(stdout)),
          stderr: decodeToolOutput(Buffer.concat(stderr)),
          ...(error ? { error } : {}),
        });
      };
      child.on('error', (e: NodeJS.ErrnoException) => {
        spawnError = e;
        // Never started (ENOENT, EACCES): there is no process to wait for.
        if (child.pid === undefined) settle(null);
      });
      // A program that was stopped may leave a child holding its output open: its exit is enough.
      child.on('exit', (code) => {
        if (stopped) settle(code);
      });
      child.on('close', (code) => settle(code));
    });
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
  if (r.error?.code === 'ABORT_ERR') return `${tool} was cancelled before it finished (FipsFix was closed)`;
  if (r.error?.code === 'ENOBUFS') return `${tool} wrote more output than FipsFix reads and was stopped`;
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
