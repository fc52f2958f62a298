// `npm run lint`: formatting (Prettier), the layers (dependency-cruiser, .dependency-cruiser.cjs) and
// ESLint (eslint.config.mjs), each run even when an earlier one failed, so one run shows every
// problem; exits non-zero if any failed. Each step's time is printed: the whole must stay fast.
// `node scripts/lint.mjs layers` (or prettier, eslint) runs the steps named.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);
/** @type {[name: string, args: string[]][]} */
const steps = [
  // Prettier's cache is keyed on each file's content, its config and its version, so it cannot go stale.
  [
    'prettier',
    [bin('prettier', 'bin/prettier.cjs'), '--check', '--cache', '--cache-strategy', 'content', '.'],
  ],
  [
    'layers',
    [
      bin('dependency-cruiser', 'bin/dependency-cruise.mjs'),
      ...['src', 'main', 'renderer', 'scripts', 'test'],
      ...['--config', '.dependency-cruiser.cjs'],
    ],
  ],
  // No --cache: the type-aware rules read other files than the one they report on.
  ['eslint', [bin('eslint', 'bin/eslint.js'), '.']],
];

const only = process.argv.slice(2);
const unknown = only.filter((n) => !steps.some(([name]) => name === n));
if (unknown.length > 0)
  throw new Error(`no lint step ${unknown.join(', ')}: ${steps.map(([n]) => n).join(', ')}`);
const failed = [];
for (const [name, args] of steps.filter(([n]) => only.length === 0 || only.includes(n))) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`lint: ${name} ${r.status === 0 ? 'passed' : 'FAILED'} in ${seconds} s`);
  if (r.status !== 0) failed.push(name);
}
if (failed.length > 0) console.log(`lint: failed: ${failed.join(', ')}`);
process.exit(failed.length > 0 ? 1 : 0);
