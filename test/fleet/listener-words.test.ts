// The fleet names a second listener's cause as that listener's own setting, as the diagnosis does,
// in the terminal table and the HTML page (through the built CLI, over the built-in machine).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const BIN = join(__dirname, '../../bin/fipsfix.cjs');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NODE_OPTIONS: '', FIPSFIX_FLEET_WORKERS: '0' },
  });

describe('fleet summarize: a cause on another listener', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fipsfix-fleet-listener-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is set by that listener's own setting, not RDP-Tcp's", () => {
    writeFileSync(join(dir, 'd.json'), run('diagnose', '--machine', 'listener-3390-fips', '--json').stdout);
    const html = join(dir, 'fleet.html');
    const r = run('fleet', 'summarize', join(dir, 'd.json'), '--html', html);
    assert.notEqual(r.status, null, r.stderr);
    assert.match(r.stdout, /the RDP-Tcp-3390 connection's own setting/);
    assert.doesNotMatch(r.stdout, /the RDP-Tcp connection's own setting/);
    assert.match(
      readFileSync(html, 'utf8'),
      /the RDP-Tcp-3390 connection&#39;s own setting|the RDP-Tcp-3390 connection's own setting/,
    );
  });
});
