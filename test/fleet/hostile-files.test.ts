// A fleet folder is handed in by whoever fetched it: a FIFO (or a device) in it, or named on the
// command line, is named as unreadable and never waited on (issue 12, point 4, for the fleet's reader:
// opened first, then checked by descriptor). Through the built CLI, each run bounded by a timeout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const BIN = join(__dirname, '../../bin/fipsfix.cjs');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NODE_OPTIONS: '', FIPSFIX_FLEET_WORKERS: '0' },
  });

describe('fleet summarize: a FIFO among the files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fipsfix-fleet-fifo-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const d = run('diagnose', '--machine', 'rdp-tcp-fips', '--json');
  writeFileSync(join(dir, 'APP-TS02.json'), d.stdout);
  const fifo = join(dir, 'zz-pipe.json');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);

  for (const [what, args, read] of [
    ['in a folder', ['fleet', 'summarize', dir], /APP-TS02/],
    ['named on the command line', ['fleet', 'summarize', join(dir, 'APP-TS02.json'), fifo], /APP-TS02/],
    [
      'for export --from',
      ['export', '--as', 'reg', '--from', dir, '--out', join(dir, 'out')],
      /wrote .*fipsfix-fix\.reg/,
    ],
  ] as const) {
    it(`${what}: named, not waited on; the real diagnosis is still read`, () => {
      const r = run(...args);
      assert.equal(r.error, undefined, `it hung: ${String(r.error)}`);
      assert.notEqual(r.status, null);
      assert.match(r.stderr + r.stdout, /zz-pipe\.json.*(FIFO|not a regular file)/i);
      assert.match(r.stdout + r.stderr, read);
    });
  }
});
