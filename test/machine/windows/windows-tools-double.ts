// A stand-in for the process spawn only, for the tools that cannot run here: secedit, gpresult,
// gpupdate and wevtutil do not exist on Linux, and under Wine secedit and wevtutil are stubs that
// exit 0 and do nothing while gpresult and gpupdate are missing. Everything around the spawn (the
// command lines, temp folders, files written and read back, the parsers) is the real code.
// The double answers with fixture files in Windows' own formats, as the real tools would write them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseSeceditExport } from '../../../src/core/formats/secedit-inf';
import type { ProcessOutcome, ProcessRunner, RunOptions } from '../../../src/machine/windows/process-runner';

export const FORMATS = join(__dirname, '../../fixtures/formats');
export const SHARED = join(__dirname, '../../fixtures/shared-evidence');

export interface Call {
  readonly tool: string;
  readonly program: string;
  readonly args: readonly string[];
  readonly timeoutMs: number;
}

type Behaviour = (args: readonly string[]) => ProcessOutcome;

const ok = (stdout = ''): ProcessOutcome => ({ status: 0, stdout, stderr: '' });
export const missing: Behaviour = () => ({
  status: null,
  stdout: '',
  stderr: '',
  error: { code: 'ENOENT', message: 'spawn ENOENT' },
});
export const timedOut: Behaviour = () => ({
  status: null,
  stdout: '',
  stderr: '',
  error: { code: 'ETIMEDOUT', message: 'secedit did not finish within 1 ms' },
});
export const exits =
  (status: number, stdout = ''): Behaviour =>
  () => ({ status, stdout, stderr: '' });

/** The value after a switch such as /cfg, as the tool would read its command line. */
export function argAfter(args: readonly string[], name: string): string {
  const i = args.findIndex((a) => a.toLowerCase() === name.toLowerCase());
  const v = i >= 0 ? args[i + 1] : undefined;
  if (v === undefined) throw new Error(`no ${name} in ${args.join(' ')}`);
  return v;
}

export const SECEDIT_EXPORTS = {
  'not-defined': join(FORMATS, 'secedit-fips-not-defined.inf'),
  0: join(SHARED, 'listener-fips/secedit-export.inf'),
  1: join(SHARED, 'fips-domain-gpo/secedit-export.inf'),
} as const;

/** secedit with a local security database of its own: /export writes it, /configure changes it. */
export function seceditWithDatabase(db: {
  fips: 'not-defined' | 0 | 1;
  configured?: { dbExisted: boolean; template: Uint8Array };
}): Behaviour {
  return (args) => {
    const verb = (args[0] ?? '').toLowerCase();
    if (verb === '/export') {
      writeFileSync(argAfter(args, '/cfg'), readFileSync(SECEDIT_EXPORTS[db.fips]));
      return ok('The task has completed successfully.');
    }
    if (verb === '/configure') {
      const template = new Uint8Array(readFileSync(argAfter(args, '/cfg')));
      db.configured = { dbExisted: existsSync(argAfter(args, '/db')), template };
      const fips = parseSeceditExport('template', template).fips;
      if (fips.state === 'defined') db.fips = fips.data === 1 ? 1 : 0;
      return ok('The task has completed successfully.');
    }
    return exits(1)(args);
  };
}

export class WindowsToolsDouble implements ProcessRunner {
  readonly calls: Call[] = [];
  constructor(private readonly tools: Readonly<Record<string, Behaviour>>) {}

  /** Answers after a turn of the event loop, as a real spawn would: never synchronously. */
  async run(program: string, args: readonly string[], options: RunOptions): Promise<ProcessOutcome> {
    const tool = basename(program.replace(/\\/g, '/'))
      .replace(/\.exe$/i, '')
      .toLowerCase();
    this.calls.push({ tool, program, args: [...args], timeoutMs: options.timeoutMs });
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted)
      return {
        status: null,
        stdout: '',
        stderr: '',
        error: { code: 'ABORT_ERR', message: `${tool} was cancelled` },
      };
    const behaviour = this.tools[tool] ?? missing;
    return behaviour(args);
  }
}

/** gpresult /x FILE: writes the given report. */
export function gpresultWriting(file: string): Behaviour {
  return (args) => {
    writeFileSync(argAfter(args, '/x'), readFileSync(file));
    return ok();
  };
}

/** wevtutil qe: prints the given events (no root element, as wevtutil does). */
export function wevtutilPrinting(file: string | undefined): Behaviour {
  return () => ok(file === undefined ? '' : readFileSync(file, 'utf8'));
}

/** The script a -EncodedCommand carries (base64 of UTF-16LE), as powershell.exe decodes it. */
export function encodedScript(args: readonly string[]): string {
  return Buffer.from(argAfter(args, '-EncodedCommand'), 'base64').toString('utf16le');
}

/**
 * powershell.exe running the RSoP script: writes the given rsop.json where the script's first line
 * (`$OutFile = '…'`, a single-quoted literal) says. `computerName` replaces the fixture's, so one
 * fixture can stand for the machine under test (the folder reader refuses two computers' evidence).
 */
export function powershellWritingRsop(file: string, computerName?: string): Behaviour {
  return (args) => {
    const m = /^\$OutFile = '((?:[^']|'')*)'\n/.exec(encodedScript(args));
    if (!m?.[1]) return exits(1, 'no $OutFile')(args);
    const out = m[1].replace(/''/g, "'");
    if (computerName === undefined) writeFileSync(out, readFileSync(file));
    else {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      writeFileSync(out, JSON.stringify({ ...doc, computerName }, null, 2), 'utf8');
    }
    return ok();
  };
}
