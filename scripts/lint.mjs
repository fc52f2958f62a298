// `npm run lint`: formatting (Prettier), the layers (dependency-cruiser, .dependency-cruiser.cjs) and
// ESLint (eslint.config.mjs), all at once (ESLint alone takes most of the time, on one core), each to
// its end even when another fails, so one run shows every problem; exits non-zero if any failed.
// Each step's output is printed whole, in this order, with its time: the whole must stay fast.
// `node scripts/lint.mjs layers` (or prettier, eslint) runs the steps named.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  // No --cache: the type-aware rules read other files than the one they report on. Instead the whole
  // tree is the key (below): ESLint is skipped only when no file it could read has changed since it
  // last passed, so a skipped run cannot differ from a full one.
  ['eslint', [bin('eslint', 'bin/eslint.js'), '.']],
];

/**
 * One hash of everything ESLint's result depends on: every file git sees (tracked or not ignored),
 * their contents, and the installed packages' lock. Any change, anywhere, means a full run.
 */
function treeKey() {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root })
    .toString('utf8')
    .split('\0')
    .filter((f) => f !== '')
    .sort();
  const h = createHash('sha256');
  for (const f of [...files, 'node_modules/.package-lock.json']) {
    h.update(f).update('\0');
    if (existsSync(join(root, f))) h.update(readFileSync(join(root, f)));
    h.update('\0');
  }
  return h.digest('hex');
}
const GREEN = join(root, 'node_modules', '.cache', 'fipsfix-lint', 'eslint-passed');
let key;
try {
  key = treeKey();
} catch {
  key = undefined; // not a git checkout: always a full run
}
const eslintAlreadyPassed = key !== undefined && existsSync(GREEN) && readFileSync(GREEN, 'utf8') === key;

const only = process.argv.slice(2);
const unknown = only.filter((n) => !steps.some(([name]) => name === n));
if (unknown.length > 0)
  throw new Error(`no lint step ${unknown.join(', ')}: ${steps.map(([n]) => n).join(', ')}`);
/** Runs one step to its end, its output kept to be printed whole. */
function run(name, args) {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = [];
  child.stdout.on('data', (b) => out.push(b));
  child.stderr.on('data', (b) => out.push(b));
  return new Promise((resolve) => {
    child.on('close', (status) =>
      resolve({
        name,
        ok: status === 0,
        output: Buffer.concat(out),
        seconds: (performance.now() - t0) / 1000,
      }),
    );
  });
}

const results = await Promise.all(
  steps
    .filter(([n]) => only.length === 0 || only.includes(n))
    .map(([name, args]) =>
      name === 'eslint' && eslintAlreadyPassed
        ? Promise.resolve({
            name,
            ok: true,
            output: Buffer.from('lint: eslint: no file changed since it last passed\n'),
            seconds: 0,
          })
        : run(name, args),
    ),
);
const eslintRun = results.find((r) => r.name === 'eslint');
if (key !== undefined && eslintRun?.ok && !eslintAlreadyPassed) {
  mkdirSync(join(GREEN, '..'), { recursive: true });
  writeFileSync(GREEN, key);
}
for (const r of results) {
  process.stdout.write(r.output);
  console.log(`lint: ${r.name} ${r.ok ? 'passed' : 'FAILED'} in ${r.seconds.toFixed(1)} s`);
}
const failed = results.filter((r) => !r.ok).map((r) => r.name);
if (failed.length > 0) console.log(`lint: failed: ${failed.join(', ')}`);
process.exit(failed.length > 0 ? 1 : 0);
