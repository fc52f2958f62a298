// Which FipsFix, and who runs it: written into every backup and report, by the CLI and the app alike.
import { userInfo } from 'node:os';
import type { Diagnosis } from '../core/diagnosis-schema';

declare const FIPSFIX_VERSION: string;
/** package.json's version, put in by the bundler; unbundled (tests, tsx) a development mark. */
export const TOOL_VERSION = typeof FIPSFIX_VERSION === 'string' ? FIPSFIX_VERSION : '0.0.0-dev';

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

/** A diagnosis as it leaves the process: with when it was made and by which FipsFix. */
export function datedDiagnosis(d: Diagnosis, now: Date = new Date()): Diagnosis {
  // format stays first, then when and by what: a person reading the file sees its date at the top.
  const { format, diagnosedAt: _earlier, tool: _tool, ...rest } = d;
  return {
    format,
    diagnosedAt: now.toISOString(),
    tool: { name: 'fipsfix', version: TOOL_VERSION },
    ...rest,
  };
}
