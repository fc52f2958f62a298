// `fipsfix probe`, the built CLI spawned as an administrator runs it, against fake listeners on
// 127.0.0.4: the table, the --json document against docs/probe.schema.json, every exit code, and a
// clear message for each bad target.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Server } from 'node:net';
import { schemaValidator } from '../schema-validator';
import { fakeRdpServer } from '../machine/fake-rdp-server';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/fipsfix.cjs');
const HOST = '127.0.0.4';

function fipsfix(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, NODE_OPTIONS: '' } },
      (e, stdout, stderr) =>
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout, stderr }),
    );
  });
}

const validProbe = schemaValidator().compile(
  JSON.parse(readFileSync(join(ROOT, 'docs/probe.schema.json'), 'utf8')),
);

describe('fipsfix probe', () => {
  const servers: Server[] = [];
  let fips = 0;
  let high = 0;
  let tlsOnly = 0;
  before(async () => {
    for (const [o, set] of [
      [{ level: 4, method: 0x10 }, (p: number) => (fips = p)],
      [{ level: 3, method: 0x02 }, (p: number) => (high = p)],
      [{ level: 0, method: 0, rdp: false }, (p: number) => (tlsOnly = p)],
    ] as const) {
      const s = await fakeRdpServer(HOST, o);
      servers.push(s.server);
      set(s.port);
    }
  });
  after(() => servers.forEach((s) => s.close()));

  it('a FIPS listener: exit 1, the table says so', async () => {
    const r = await fipsfix('probe', `${HOST}:${fips}`, `${HOST}:${high}`);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, new RegExp(`${HOST}:${fips} +yes +RDP +4 \\(FIPS Compliant\\) +fips +FIPS`));
    assert.match(r.stdout, new RegExp(`${HOST}:${high} +yes +RDP +3 \\(High\\) +128-bit +no`));
    assert.match(r.stdout, /Exit code 1: a target demands FIPS on the wire/);
  });

  it('--json validates against docs/probe.schema.json; TLS only shows no level', async () => {
    const r = await fipsfix('probe', `${HOST}:${high}`, `${HOST}:${tlsOnly}`, '--json');
    assert.equal(r.code, 0, r.stderr);
    const doc: unknown = JSON.parse(r.stdout);
    assert.ok(validProbe(doc), JSON.stringify(validProbe.errors));
    const t = (
      doc as { targets: { encryptionLevel: unknown; demandsFips: unknown; refusals?: { rdp?: string } }[] }
    ).targets;
    assert.equal(t[0]!.encryptionLevel, 'high');
    assert.equal(t[1]!.encryptionLevel, null);
    assert.equal(t[1]!.demandsFips, null);
    assert.equal(t[1]!.refusals?.rdp, 'SSL_REQUIRED_BY_SERVER');
  });

  it('an unreachable target: exit 2 with the reason; --hosts reads a file, comments and all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fipsfix-probe-'));
    const hosts = join(dir, 'servers.txt');
    writeFileSync(hosts, `# two listeners\n${HOST}:${high}\n127.0.0.4:1   # nothing here\n`);
    const r = await fipsfix('probe', '--hosts', hosts, '--timeout', '2000');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /127\.0\.0\.4:1: unreachable: connection refused \(ECONNREFUSED\)/);
  });

  it('bad targets and options: exit 3, each named, nothing probed', async () => {
    const r = await fipsfix('probe', 'srv:0', '[::1', 'ok-host');
    assert.equal(r.code, 3);
    assert.match(r.stderr, /bad target "srv:0": port 0 is outside 1–65535/);
    assert.match(r.stderr, /bad target "\[::1": "\[" without "\]"/);
    assert.match(r.stderr, /Nothing was probed \(exit 3\)/);
    assert.equal(r.stdout, '');
    assert.equal((await fipsfix('probe', HOST, '--concurrency', '0')).code, 3);
    assert.equal((await fipsfix('probe')).code, 3);
    const missing = await fipsfix('probe', '--hosts', '/nonexistent/servers.txt');
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /--hosts \/nonexistent\/servers.txt: no such file/);
  });

  it('--help prints the exit codes', async () => {
    const r = await fipsfix('probe', '--help');
    assert.match(r.stdout, /1 {2}a target demands FIPS on the wire/);
    assert.match(r.stdout, /3 {2}invalid arguments/);
  });
});
