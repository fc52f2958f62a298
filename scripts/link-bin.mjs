// npm links the bins of dependencies into node_modules/.bin, not the project's own. Linking ours
// there makes `npx fipsfix …` work in a fresh checkout after `npm ci` and `npm run build`.
import { chmodSync, existsSync, lstatSync, mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const binDir = join(root, 'node_modules', '.bin');
const target = join(root, 'bin', 'fipsfix.cjs');
mkdirSync(binDir, { recursive: true });
const link = join(binDir, 'fipsfix');
try {
  if (existsSync(link) || lstatSync(link, { throwIfNoEntry: false })) unlinkSync(link);
} catch {
  // Nothing there, or not ours to remove: symlinkSync below fails loudly if it matters.
}
if (process.platform === 'win32') {
  // Windows has no symlinks for ordinary users; npm's own shims are .cmd files.
  writeFileSync(`${link}.cmd`, `@node "%~dp0\\${relative(binDir, target)}" %*\r\n`);
} else {
  symlinkSync(relative(binDir, target), link);
  chmodSync(target, 0o755);
}
