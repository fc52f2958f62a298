// Start-up benchmark of the CLI's diagnose path on the built-in simulated machine, measured against
// `node -e 0` on the same machine, so the figure means the same on a slow or a busy host.
// Budget (issue 3): at most 150 ms wall for `fipsfix diagnose`. Prints figures; does not assert.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 21);

function median(cmd, args, env = {}, beforeEach = () => {}) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    beforeEach();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '', ...env } });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status === null) throw new Error(`${args.join(' ')} did not exit`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const baseline = median(process.execPath, ['-e', '0']);
const rows = [
  ['diagnose (default simulated machine)', ['diagnose']],
  ['diagnose --json (default simulated machine)', ['diagnose', '--json']],
  ['diagnose --evidence (shared sample, 6 files)', ['diagnose', '--evidence', join(root, 'test/fixtures/shared-evidence/fips-domain-gpo'), '--json']],
];
console.log(`node -e 0: ${baseline.toFixed(1)} ms (median of ${RUNS})`);
for (const [label, args] of rows) {
  const t = median(process.execPath, [join(root, 'bin/fipsfix.cjs'), ...args]);
  console.log(`fipsfix ${label}: ${t.toFixed(1)} ms wall = ${(t / baseline).toFixed(2)} × node -e 0 (+${(t - baseline).toFixed(1)} ms); budget 150 ms: ${t <= 150 ? 'within' : 'OVER'}`);
}

// Issue 4's budget: apply + verify on the simulated machine under 300 ms. `apply` backs up, journals,
// writes, and verifies by reading back; each run starts from the pristine machine.
const data = mkdtempSync(join(tmpdir(), 'fipsfix-bench-'));
const apply = median(process.execPath, [join(root, 'bin/fipsfix.cjs'), 'apply', '--machine', 'both-methods', '--yes'], { FIPSFIX_DATA_DIR: data }, () =>
  rmSync(join(data, 'simulated'), { recursive: true, force: true }),
);
console.log(`fipsfix apply --yes (backup, journal, 2 writes, verify; simulated machine): ${apply.toFixed(1)} ms wall; budget 300 ms: ${apply <= 300 ? 'within' : 'OVER'}`);

// Issue 6's budget: HTML and JSON reports under 200 ms from the CLI, the PDF under 3 s including
// Chromium's start (a fix report, from its backup).
spawnSync(process.execPath, [join(root, 'bin/fipsfix.cjs'), 'apply', '--machine', 'both-methods', '--yes'], { env: { ...process.env, FIPSFIX_DATA_DIR: data }, stdio: 'ignore' });
const backups = spawnSync(process.execPath, [join(root, 'bin/fipsfix.cjs'), 'backups', '--machine', 'both-methods', '--json'], { env: { ...process.env, FIPSFIX_DATA_DIR: data }, encoding: 'utf8' });
const backupId = JSON.parse(backups.stdout).backups.at(-1).id;
for (const format of ['json', 'html', 'pdf']) {
  const runs = format === 'pdf' ? 3 : RUNS;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, [join(root, 'bin/fipsfix.cjs'), 'report', '--machine', 'both-methods', '--from', backupId, '--format', format, '--out', join(data, `report.${format}`)], { env: { ...process.env, FIPSFIX_DATA_DIR: data, NODE_OPTIONS: '' }, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const t = times[Math.floor(times.length / 2)];
  const budget = format === 'pdf' ? 3000 : 200;
  console.log(`fipsfix report --format ${format}: ${t.toFixed(1)} ms wall (median of ${runs}); budget ${budget} ms: ${t <= budget ? 'within' : 'OVER'}`);
}
rmSync(data, { recursive: true, force: true });
