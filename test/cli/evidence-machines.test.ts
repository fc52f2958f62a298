// The built CLI on an evidence folder whose files name different computers: diagnose and plan
// refuse it (exit 3), naming each computer and its files, and conclude nothing; the same server's
// files named in different ways are read together.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/fipsfix.cjs');
const SAMPLE = join(ROOT, 'test/fixtures/shared-evidence/listener-fips');
const MACHINES = join(ROOT, 'test/fixtures/machines');

function fipsfix(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** APP-TS02's sample folder, with fixture files added (target name → fixture) and files removed. */
function folder(add: Record<string, string>, remove: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'fipsfix-machines-'));
  cpSync(SAMPLE, dir, { recursive: true });
  for (const name of ['expected.json', ...remove]) rmSync(join(dir, name));
  for (const [name, fixture] of Object.entries(add)) copyFileSync(join(MACHINES, fixture), join(dir, name));
  return dir;
}

describe('diagnose --evidence and plan --evidence on files from two computers', () => {
  const mixed = folder({ 'gpresult-app-ts07.xml': 'gpresult-app-ts07.xml' });

  for (const command of ['diagnose', 'plan'])
    for (const json of [[], ['--json']])
      it(`${[command, ...json].join(' ')}: exit 3, both computers and their files named, nothing concluded`, () => {
        const r = fipsfix(command, '--evidence', mixed, ...json);
        assert.equal(r.code, 3, r.stderr);
        assert.equal(r.stdout, '', 'no verdict and no plan');
        assert.match(r.stderr, /^fipsfix: evidence folder: its files name 2 different computers/);
        assert.match(
          r.stderr,
          /\n {2}APP-TS02: gpresult\.xml \(gpresult's computer FABRIKAM\\APP-TS02\$\), termdd-events\.xml/,
        );
        assert.match(
          r.stderr,
          /\n {2}APP-TS07: gpresult-app-ts07\.xml \(gpresult's computer FABRIKAM\\APP-TS07\$\)\n/,
        );
        assert.match(r.stderr, /Put each server's files in a folder of its own and diagnose each folder\./);
        assert.match(r.stderr, /Nothing was concluded or changed \(exit 3\)\./);
        assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
      });

  it('a renamed server: refused too, with what to export instead', () => {
    const r = fipsfix(
      'diagnose',
      '--evidence',
      folder({ 'termdd-events.xml': 'termdd-events-renamed.xml' }, ['termdd-events.xml']),
    );
    assert.equal(r.code, 3);
    assert.match(r.stderr, /FILESRV09: termdd-events\.xml \(events logged by FILESRV09\.fabrikam\.local\)/);
    assert.match(r.stderr, /If FILESRV09 is an earlier name of APP-TS02/);
    assert.match(r.stderr, /TimeCreated\[@SystemTime>='2026-10-30T16:48:02\.911Z'\]/);
  });

  it('split per server, each folder gives its own verdict', () => {
    const ts02 = fipsfix('diagnose', '--evidence', folder({}), '--json');
    assert.equal(ts02.code, 1, ts02.stderr);
    assert.equal((JSON.parse(ts02.stdout) as { machine: { name?: string } }).machine.name, 'APP-TS02');
    const ts07 = fipsfix(
      'diagnose',
      '--evidence',
      folder({ 'gpresult.xml': 'gpresult-app-ts07.xml' }, ['gpresult.xml', 'termdd-events.xml']),
      '--json',
    );
    assert.equal(ts07.code, 1, ts07.stderr);
    assert.equal((JSON.parse(ts07.stdout) as { machine: { name?: string } }).machine.name, 'APP-TS07');
  });

  it('the same server named in another case is read as one: the verdict of the sample', () => {
    const r = fipsfix(
      'diagnose',
      '--evidence',
      folder({ 'termdd-events.xml': 'termdd-events-lowercase.xml' }, ['termdd-events.xml']),
      '--json',
    );
    assert.equal(r.code, 1, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { machine: { name?: string } }).machine.name, 'APP-TS02');
  });
});
