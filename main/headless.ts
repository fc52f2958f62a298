// The packaged app's own executable is the elevated step: started by the one UAC prompt as
// `FipsFix.exe apply-plan --plan FILE --sha256 HEX` (or `rollback-backup --backup FILE --sha256 HEX`),
// it opens no window, runs the headless mode (src/app/headless-modes.ts) and exits with its
// code. Only these exact shapes are accepted; anything else after the mode word is refused.
import { z } from 'zod';
import { ELEVATED_MODES } from '../src/app/elevated-step';

const Sha = z.string().regex(/^[0-9a-fA-F]{64}$/);
const Machine = z.string().regex(/^[A-Za-z0-9 _\-.()/\\:]+$/);

export type HeadlessRequest =
  | { readonly mode: 'apply-plan'; readonly file: string; readonly sha256: string; readonly machine?: string }
  | {
      readonly mode: 'rollback-backup';
      readonly file: string;
      readonly sha256: string;
      readonly machine?: string;
    };

export type HeadlessParse =
  | { readonly kind: 'window' }
  | { readonly kind: 'headless'; readonly request: HeadlessRequest }
  | { readonly kind: 'invalid'; readonly reason: string };

/** argv as Electron gives it: the mode word may follow the executable, the app folder and Chromium switches. */
export function parseHeadlessArgs(argv: readonly string[]): HeadlessParse {
  const at = argv.findIndex((a) => a === 'apply-plan' || a === 'rollback-backup');
  if (at < 0) return { kind: 'window' };
  const mode = argv[at] as keyof typeof ELEVATED_MODES;
  const rest = argv.slice(at + 1);
  const opts = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const k = rest[i];
    const v = rest[i + 1];
    if (
      k === undefined ||
      v === undefined ||
      !['--plan', '--backup', '--sha256', '--machine'].includes(k) ||
      opts.has(k)
    ) {
      return {
        kind: 'invalid',
        reason: `${mode} takes ${ELEVATED_MODES[mode]} FILE --sha256 HEX, and nothing else`,
      };
    }
    opts.set(k, v);
  }
  const file = opts.get(ELEVATED_MODES[mode]);
  const sha = Sha.safeParse(opts.get('--sha256'));
  const other = mode === 'apply-plan' ? '--backup' : '--plan';
  if (!file || !sha.success || opts.has(other))
    return { kind: 'invalid', reason: `${mode} takes ${ELEVATED_MODES[mode]} FILE --sha256 HEX` };
  const machine = opts.get('--machine');
  if (machine !== undefined && !Machine.safeParse(machine).success)
    return {
      kind: 'invalid',
      reason: '--machine names a simulated machine: a built-in name or a plain path',
    };
  return {
    kind: 'headless',
    request: { mode, file, sha256: sha.data, ...(machine !== undefined ? { machine } : {}) },
  };
}
