// Where the Electron binary is, without require('electron'): that module downloads the binary from
// GitHub when it is missing, which must never happen by surprise (and cannot here).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** The binary's path, or undefined with the reason in one line. */
export function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    );
    return existsSync(p)
      ? { path: p }
      : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary (${p})` };
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile))
    return {
      reason:
        'no Electron binary is installed (its download is skipped: ELECTRON_SKIP_BINARY_DOWNLOAD, and GitHub is not reachable from here)',
    };
  const p = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(p)
    ? { path: p }
    : { reason: `the Electron binary named in node_modules/electron/path.txt is missing (${p})` };
}
