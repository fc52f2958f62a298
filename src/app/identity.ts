// Which FipsFix, and who runs it: written into every backup and report, by the CLI and the app alike.
import { userInfo } from 'node:os';

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
