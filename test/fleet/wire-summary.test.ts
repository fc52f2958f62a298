// `fleet summarize` with probe documents beside diagnoses: the servers that demand FIPS on the wire,
// the ones whose listener answers otherwise than their own diagnosis, matched by host name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProbeDocumentSchema, type ProbeTarget } from '../../src/core/wire/probe-document';
import { diagnosisOf } from './fleet-documents';
import { summarizeFleetFiles } from '../../src/app/read-fleet-files';
import { probedServerDocuments } from '../../src/app/read-probe-files';

const BIN = join(__dirname, '../../bin/fipsfix.cjs');

function target(
  t: string,
  level: ProbeTarget['encryptionLevel'],
  extra: Partial<ProbeTarget> = {},
): ProbeTarget {
  const [host, port] = t.split(':');
  return {
    target: t,
    host: host!,
    port: Number(port ?? 3389),
    time: '2026-12-01T10:00:00.000Z',
    durationMs: 80,
    reachable: true,
    securityLayers: { rdp: level !== null, tls: true, credssp: true },
    encryptionLevel: level,
    encryptionMethods: level === 'fips' ? ['fips'] : level === 'high' ? ['128-bit'] : [],
    demandsFips: level === null ? null : level === 'fips',
    ...extra,
  };
}

describe('fleet summarize with probe documents', () => {
  it('names the servers that demand FIPS on the wire and those that disagree with their diagnosis', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fipsfix-fleet-wire-'));
    // APP-TS02: RDP-Tcp at 4 on port 3389 (blocked); healthy's server: nothing forces FIPS.
    const blocked = await diagnosisOf('rdp-tcp-fips');
    const healthy = await diagnosisOf('healthy');
    writeFileSync(join(dir, 'app-ts02.json'), JSON.stringify(blocked));
    writeFileSync(join(dir, 'healthy.json'), JSON.stringify(healthy));
    const healthyName = healthy.machine.name!.toLowerCase();
    const doc = ProbeDocumentSchema.parse({
      format: 'fipsfix-probe/1',
      generatedAt: '2026-12-01T10:00:00.000Z',
      targets: [
        target('app-ts02.fabrikam.local:3389', 'high'),
        target(`${healthyName}:3389`, 'fips'),
        target('10.0.0.9:3389', 'fips'),
        target('10.0.0.10:3389', null),
        target('10.0.0.11', null, {
          reachable: false,
          securityLayers: { rdp: null, tls: null, credssp: null },
          error: { kind: 'unreachable', message: 'connection refused (ECONNREFUSED)' },
        }),
      ],
    });
    writeFileSync(join(dir, 'probes.json'), JSON.stringify(doc, null, 2));
    const r = spawnSync(process.execPath, [BIN, 'fleet', 'summarize', dir], { encoding: 'utf8' });
    assert.match(
      r.stdout,
      /On the wire: 5 listeners probed in 1 probe document; 2 demand FIPS, 1 do not show their level \(TLS or CredSSP only\), 1 could not be probed\./,
    );
    assert.match(
      r.stdout,
      new RegExp(
        `Demand FIPS on the wire:\\n  ${healthyName}:3389 \\(${healthy.machine.name}\\)\\n  10\\.0\\.0\\.9:3389\\n`,
      ),
    );
    assert.match(
      r.stdout,
      /Disagree with their own diagnosis:\n {2}app-ts02\.fabrikam\.local:3389 \(APP-TS02\): its diagnosis \(blocked\) says the listener is at FIPS, but it answered high on the wire/,
    );
    assert.match(
      r.stdout,
      new RegExp(
        `  ${healthyName}:3389 \\(${healthy.machine.name}\\): answers with the FIPS level on the wire, but its diagnosis \\(not-blocked\\)`,
      ),
    );
    assert.match(r.stdout, /Not probed:\n {2}10\.0\.0\.11: connection refused/);
    assert.doesNotMatch(r.stderr, /could not be used/, 'a probe document is not foreign');
    // The diagnoses decide the code, as before: APP-TS02 is blocked and fixable there.
    assert.equal(r.status, 1);

    const json = spawnSync(process.execPath, [BIN, 'fleet', 'summarize', dir, '--json'], {
      encoding: 'utf8',
    });
    const s = JSON.parse(json.stdout) as {
      wire: { demandFips: unknown[]; disagree: unknown[] };
      foreign: unknown[];
    };
    assert.equal(s.wire.demandFips.length, 2);
    assert.equal(s.wire.disagree.length, 2);
    assert.deepEqual(s.foreign, []);

    // The HTML page and the CSV carry the wire too: a row per listener worth one, with its server.
    const html = join(dir, 'out', 'fleet.html');
    const csv = join(dir, 'out', 'fleet.csv');
    const files = spawnSync(
      process.execPath,
      [BIN, 'fleet', 'summarize', dir, '--html', html, '--csv', csv],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(files.status, 1, files.stderr);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /<h2>On the wire<\/h2>\n<p>5 listeners probed in 1 probe document; 2 demand FIPS/);
    assert.match(
      page,
      /<tr><td>app-ts02\.fabrikam\.local:3389<\/td><td>APP-TS02<\/td><td>disagrees with its own diagnosis<\/td><td>its diagnosis \(blocked\) says the listener is at FIPS/,
    );
    assert.match(
      page,
      /<tr><td>10\.0\.0\.9:3389<\/td><td>no diagnosis matched<\/td><td>demands FIPS on the wire<\/td>/,
    );
    assert.match(
      page,
      /<td>10\.0\.0\.11<\/td><td>no diagnosis matched<\/td><td>could not be probed<\/td><td>connection refused/,
    );
    const rows = readFileSync(csv, 'utf8').split('\r\n');
    const probesFile = join(dir, 'probes.json');
    assert.ok(
      rows.includes(
        `APP-TS02,wire-disagrees,,,,,${probesFile},"app-ts02.fabrikam.local:3389: its diagnosis (blocked) says the listener is at FIPS, but it answered high on the wire: a change Remote Desktop Services has not picked up yet",,,`,
      ),
      rows.join('\n'),
    );
    assert.ok(rows.some((l) => l.startsWith(',wire-demands-fips,,,,,') && l.includes('10.0.0.9:3389')));
    assert.ok(rows.some((l) => l.startsWith(',wire-level-not-shown,,,,,') && l.includes('10.0.0.10:3389')));
    assert.ok(
      rows.some((l) => l.startsWith(',wire-not-probed,,,,,') && l.includes('10.0.0.11: connection refused')),
    );
  });

  it('reads again whole only the diagnoses of the servers the probes name, the newest of each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fipsfix-fleet-wire-'));
    const blocked = await diagnosisOf('rdp-tcp-fips');
    const healthy = await diagnosisOf('healthy');
    writeFileSync(
      join(dir, 'a-old.json'),
      JSON.stringify({ ...blocked, diagnosedAt: '2026-11-01T00:00:00.000Z' }),
    );
    writeFileSync(
      join(dir, 'b-new.json'),
      JSON.stringify({ ...blocked, diagnosedAt: '2026-11-30T00:00:00.000Z' }),
    );
    writeFileSync(join(dir, 'healthy.json'), JSON.stringify(healthy));
    const summary = await summarizeFleetFiles([dir]);
    const probes = [
      {
        file: 'p.json',
        document: ProbeDocumentSchema.parse({
          format: 'fipsfix-probe/1',
          generatedAt: '2026-12-01T10:00:00.000Z',
          targets: [target('app-ts02.fabrikam.local:3389', 'fips'), target('10.0.0.9:3389', 'fips')],
        }),
      },
    ];
    const read = probedServerDocuments(summary, probes);
    assert.deepEqual(
      read.map((d) => [d.server, d.file]),
      [['APP-TS02', join(dir, 'b-new.json')]],
    );
    assert.ok(read[0]?.diagnosis.listeners && read[0].diagnosis.listeners.length > 0, 'the whole diagnosis');
    assert.deepEqual(probedServerDocuments(summary, []), []);
  });

  it('probe documents alone are read (exit 0), and a broken one is named unreadable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fipsfix-fleet-wire-'));
    writeFileSync(
      join(dir, 'p.json'),
      JSON.stringify({ format: 'fipsfix-probe/1', generatedAt: 'x', targets: [target('srv1:3389', 'fips')] }),
    );
    writeFileSync(join(dir, 'bad.json'), '{"format":"fipsfix-probe/1","targets":[{"port":0}]}');
    const r = spawnSync(process.execPath, [BIN, 'fleet', 'summarize', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Demand FIPS on the wire:\n {2}srv1:3389/);
    assert.match(r.stdout, /bad\.json/);
    assert.match(r.stdout + r.stderr, /probe document that does not match its schema/);
  });
});
