// Observed on the wire, joined to the diagnosis, against real xrdp listeners: a simulated machine
// declares where its RDP-Tcp listener answers (listenerAddresses), and `diagnose`, `apply` and
// `verify` probe it. The wire confirms a cause, contradicts the registry, or shows that Remote
// Desktop Services has not picked up a fix. An evidence folder's wire-probe.json is read back.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { schemaValidator } from '../schema-validator';
import { startXrdp, xrdpMissing } from '../../scripts/xrdp-listeners.mjs';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/fipsfix.cjs');
const missing = xrdpMissing();
if (missing) process.stdout.write(`# skipped: the wire diagnosis suite needs xrdp: ${missing}\n`);

function fipsfix(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, NODE_OPTIONS: '', FIPSFIX_DATA_DIR: dataDir } },
      (e, stdout, stderr) =>
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout, stderr }),
    ),
  );
}

const validDiagnosis = schemaValidator().compile(
  JSON.parse(readFileSync(join(ROOT, 'docs/diagnosis.schema.json'), 'utf8')),
);
const validMachine = schemaValidator().compile(
  JSON.parse(readFileSync(join(ROOT, 'docs/simulated-machine.schema.json'), 'utf8')),
);

function machineFile(dir: string, name: string, rdpTcpLevel: number, address: string): string {
  const m = JSON.parse(
    readFileSync(join(ROOT, 'src/machine/simulated/scenarios/rdp-tcp-fips.json'), 'utf8'),
  ) as {
    $schema?: string;
    registry: Record<string, Record<string, { type: string; data: number }>>;
    listenerAddresses?: Record<string, string>;
    termDdEvents: unknown[];
  };
  delete m.$schema;
  m.registry['SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp']![
    'MinEncryptionLevel'
  ]!.data = rdpTcpLevel;
  m.termDdEvents = [];
  m.listenerAddresses = { 'RDP-Tcp': address };
  assert.ok(validMachine(m), JSON.stringify(validMachine.errors));
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(m, null, 2));
  return file;
}

type Listener = Awaited<ReturnType<typeof startXrdp>>;
interface WireFinding {
  agreement: string;
  words: string;
  observedLevel: string | null;
  configuredLevel: number | null;
  listener?: string;
}
interface DiagnosisJson {
  verdict: string;
  confidence?: { level: string };
  wire?: WireFinding[];
  evidenceGaps: { what: string }[];
}

describe('observed on the wire, against xrdp', { skip: missing }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fipsfix-wire-'));
  const listeners: Listener[] = [];
  const FIPS = '127.0.0.71:35711';
  const HIGH = '127.0.0.72:35712';
  const TLS = '127.0.0.73:35713';

  before(async () => {
    const { makeCertificate } = await import('../../scripts/xrdp-listeners.mjs');
    const cert = makeCertificate(dir);
    for (const [name, where, cryptLevel, securityLayer] of [
      ['fips', FIPS, 'fips', 'rdp'],
      ['high', HIGH, 'high', 'negotiate'],
      ['tls', TLS, 'fips', 'tls'],
    ] as const) {
      const [address, port] = where.split(':');
      listeners.push(
        await startXrdp({
          dir,
          name,
          address: address!,
          port: Number(port),
          securityLayer,
          cryptLevel,
          cert,
        }),
      );
    }
  });
  after(async () => {
    await Promise.all(listeners.map((l) => l.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('RDP-Tcp at FIPS, and the listener answers FIPS: the wire confirms the cause (seen on the wire)', async () => {
    const r = await fipsfix(dir, 'diagnose', '--machine', machineFile(dir, 'confirms', 4, FIPS), '--json');
    assert.equal(r.code, 1, r.stderr);
    const d = JSON.parse(r.stdout) as DiagnosisJson;
    assert.ok(validDiagnosis(d), JSON.stringify(validDiagnosis.errors));
    assert.equal(d.verdict, 'blocked');
    assert.equal(d.confidence?.level, 'seen-on-wire');
    assert.equal(d.wire?.[0]?.agreement, 'confirms');
    assert.equal(d.wire?.[0]?.listener, 'RDP-Tcp');
    const text = await fipsfix(dir, 'diagnose', '--machine', join(dir, 'confirms.json'));
    assert.match(
      text.stdout,
      /Observed on the wire:\n {2}- Observed on the wire: the RDP-Tcp listener on port 35711 \(probed on 127\.0\.0\.71\) answered with the FIPS encryption level/,
    );
    assert.match(
      text.stdout,
      /How sure: Seen on the wire: the listener on port 35711 \(RDP-Tcp\) answered with the FIPS encryption level\./,
    );
  });

  it('RDP-Tcp at FIPS, the listener answers High: the wire contradicts the registry', async () => {
    const r = await fipsfix(dir, 'diagnose', '--machine', machineFile(dir, 'high', 4, HIGH), '--json');
    const d = JSON.parse(r.stdout) as DiagnosisJson;
    assert.equal(d.verdict, 'blocked', 'the settings still force FIPS: the cause stays');
    assert.equal(d.confidence?.level, 'configured');
    assert.equal(d.wire?.[0]?.agreement, 'contradicts');
    assert.match(
      d.wire?.[0]?.words ?? '',
      /answered with 3 \(High\), though the settings read here give it 4 \(FIPS Compliant\)/,
    );
    assert.match(d.wire?.[0]?.words ?? '', /drops every session/);
  });

  it('a listener that requires TLS: its level is not visible on the wire, and nothing is claimed', async () => {
    const r = await fipsfix(dir, 'diagnose', '--machine', machineFile(dir, 'tls', 4, TLS), '--json');
    const d = JSON.parse(r.stdout) as DiagnosisJson;
    assert.equal(d.verdict, 'blocked');
    assert.equal(d.confidence?.level, 'configured');
    assert.equal(d.wire?.[0]?.agreement, 'not-visible');
    assert.match(
      d.wire?.[0]?.words ?? '',
      /accepts TLS but not Standard RDP Security, so its encryption level is not visible/,
    );
  });

  it('apply, then verify: the values changed but the listener still demands FIPS — not picked up, never restarted', async () => {
    const file = machineFile(dir, 'fixed', 4, FIPS);
    const applied = await fipsfix(dir, 'apply', '--machine', file, '--yes');
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const v = await fipsfix(dir, 'verify', '--machine', file, '--json');
    assert.equal(v.code, 2, v.stderr);
    const d = JSON.parse(v.stdout) as DiagnosisJson;
    assert.equal(d.verdict, 'incomplete');
    assert.equal(d.wire?.[0]?.agreement, 'contradicts');
    assert.equal(d.wire?.[0]?.configuredLevel, 3);
    assert.equal(d.wire?.[0]?.observedLevel, 'fips');
    assert.match(
      d.wire?.[0]?.words ?? '',
      /still answers with the FIPS encryption level, though the settings read here give it 3 \(High\)\. Remote Desktop Services has not picked up the change yet/,
    );
    assert.match(
      d.wire?.[0]?.words ?? '',
      /drops every session, the administrator's own included: FipsFix never restarts it/,
    );
    assert.match(
      d.evidenceGaps.map((g) => g.what).join('\n'),
      /still answers with the FIPS encryption level on the wire/,
    );
    // The report carries the wire from before the fix and after it.
    const backups = await fipsfix(dir, 'backups', '--machine', file, '--json');
    const id = (JSON.parse(backups.stdout) as { backups: { id: string }[] }).backups[0]?.id ?? '';
    const html = await fipsfix(dir, 'report', '--machine', file, '--from', id, '--format', 'html');
    assert.equal(html.code, 0, html.stderr);
    const section = /<h2>On the wire<\/h2>[\s\S]*?<\/table>/.exec(html.stdout)?.[0] ?? '';
    assert.match(
      section,
      /<td>Before the fix<\/td><td colspan="2">Observed on the wire: the RDP-Tcp listener on port 35711/,
    );
    assert.match(
      section,
      /<td>After the fix<\/td><td colspan="2">[^<]*still answers with the FIPS encryption level/,
    );
  });

  it('an evidence folder with a wire-probe.json: --evidence reads the probe back', async () => {
    const folder = join(dir, 'listener-fips');
    cpSync(join(ROOT, 'test/fixtures/shared-evidence/listener-fips'), folder, { recursive: true });
    rmSync(join(folder, 'expected.json'));
    const probe = await fipsfix(dir, 'probe', FIPS, '--json');
    assert.equal(probe.code, 1, probe.stderr);
    const doc = JSON.parse(probe.stdout) as { targets: { port: number }[] };
    // As collect writes it: the listener's port is RDP-Tcp's PortNumber in the folder's export.
    doc.targets[0]!.port = 3389;
    writeFileSync(
      join(folder, 'wire-probe.json'),
      JSON.stringify({ ...doc, targets: [{ ...doc.targets[0], listener: 'RDP-Tcp' }] }),
    );
    const r = await fipsfix(dir, 'diagnose', '--evidence', folder, '--json');
    const d = JSON.parse(r.stdout) as DiagnosisJson;
    assert.ok(validDiagnosis(d), JSON.stringify(validDiagnosis.errors));
    assert.equal(d.wire?.[0]?.agreement, 'confirms');
    assert.equal(d.confidence?.level, 'seen-on-wire');
    writeFileSync(join(folder, 'wire-probe.json'), '{"format":"fipsfix-probe/1","targets":[{"port":"x"}]}');
    const bad = await fipsfix(dir, 'diagnose', '--evidence', folder);
    assert.equal(bad.code, 3);
    assert.match(
      bad.stderr,
      /wire-probe\.json: a probe document that does not match docs\/probe\.schema\.json/,
    );
  });
});
