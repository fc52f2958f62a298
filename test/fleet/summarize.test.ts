// The fleet summary over generated report sets: every built-in machine's diagnosis, reports beside
// bare diagnoses, and the files a fleet run really leaves behind — corrupt, truncated, foreign JSON,
// huge, binary, empty, another tool's output — each named with its reason, never fatal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after, describe, it } from 'node:test';
import type { Diagnosis } from '../../src/core/diagnosis-schema';
import { encodeUtf16leWithBom } from '../../src/core/formats/text-encoding';
import { classifyFleetDocument, MAX_DOCUMENT_BYTES } from '../../src/core/fleet/fleet-document';
import { readFleetDocuments } from '../../src/app/read-fleet-files';
import { csvCell, fleetCsv, fleetHtml } from '../../src/core/fleet/render';
import { summarizeFleet } from '../../src/core/fleet/summarize';
import { allDiagnoses, renamed, reportOf } from './fleet-documents';

const REPO = join(__dirname, '../..');
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('fleet documents: each file is a server, foreign, or unreadable, with the reason', () => {
  let diagnoses: Map<string, Diagnosis>;
  before(async () => {
    diagnoses = await allDiagnoses();
  });

  it('reads a diagnosis (UTF-8, UTF-8 with BOM, UTF-16LE as PowerShell 5 redirects it) and a report', () => {
    const d = diagnoses.get('fips-domain-gpo')!;
    const json = JSON.stringify(d);
    for (const bytes of [enc(json), enc('\uFEFF' + json), encodeUtf16leWithBom(json)]) {
      const doc = classifyFleetDocument('a.json', bytes);
      assert.equal(doc.kind, 'server');
      if (doc.kind === 'server') assert.equal(doc.server, d.machine.name);
    }
    const r = classifyFleetDocument('r.json', enc(reportOf(d)));
    assert.equal(r.kind, 'server');
    if (r.kind === 'server') {
      assert.equal(r.from, 'report');
      assert.equal(r.exitCode, 2);
    }
  });

  it('names the server after the file when the diagnosis has no name (an evidence folder without gpresult)', () => {
    const d = diagnoses.get('rdp-tcp-fips')!;
    const nameless = { ...d, machine: {} };
    const doc = classifyFleetDocument(
      '/reports/app-ts09.corp.example.com.json',
      enc(JSON.stringify(nameless)),
    );
    assert.equal(doc.kind === 'server' && doc.server, 'app-ts09.corp.example.com');
  });

  const bad: [string, Uint8Array, 'foreign' | 'unreadable', RegExp][] = [
    [
      'truncated diagnosis',
      enc('{"format":"fipsfix-diagnosis/1","machine":{"name":"X"'),
      'unreadable',
      /FipsFix document that is truncated or corrupt/,
    ],
    ['corrupt JSON', enc('{"a": 1,, }'), 'unreadable', /corrupt or truncated JSON/],
    ['empty file', new Uint8Array(0), 'unreadable', /empty/],
    [
      'diagnosis with a wrong field',
      enc(JSON.stringify({ format: 'fipsfix-diagnosis/1', verdict: 'maybe' })),
      'unreadable',
      /does not match its schema/,
    ],
    [
      'report with a wrong field',
      enc(JSON.stringify({ format: 'fipsfix-report/1', kind: 'fix' })),
      'unreadable',
      /report that does not match its schema/,
    ],
    ['foreign JSON object', enc('{"hostname":"x","facts":{}}'), 'foreign', /without a "format" field/],
    ['another format', enc('{"format":"nessus/2"}'), 'foreign', /another format \("nessus\/2"\)/],
    [
      'a FipsFix plan',
      enc('{"format":"fipsfix-plan/1","kind":"refused","reasons":["x"]}'),
      'foreign',
      /another kind or version/,
    ],
    ['JSON array', enc('[1,2,3]'), 'foreign', /JSON array/],
    ['plain text', enc('ok: [app-ts01]\n'), 'foreign', /not JSON/],
    [
      'binary',
      new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x01]),
      'foreign',
      /not text|not JSON/,
    ],
    [
      'huge',
      new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(0x20),
      'foreign',
      /far larger than any FipsFix document/,
    ],
  ];
  for (const [name, bytes, kind, reason] of bad) {
    it(`${name} → ${kind}`, () => {
      const doc = classifyFleetDocument(`${name}.json`, bytes);
      assert.equal(doc.kind, kind);
      assert.match('reason' in doc ? doc.reason : '', reason);
    });
  }
});

describe('summarizeFleet', () => {
  let diagnoses: Map<string, Diagnosis>;
  before(async () => {
    diagnoses = await allDiagnoses();
  });

  it('counts servers by verdict, cause and source; names the domain GPOs with their servers; lists what can be fixed locally', () => {
    const docs = [...diagnoses].map(([name, d]) =>
      classifyFleetDocument(`${name}.json`, enc(JSON.stringify(d))),
    );
    // Two more servers under the same domain GPO, one as a report.
    docs.push(
      classifyFleetDocument(
        'x1.json',
        enc(JSON.stringify(renamed(diagnoses.get('fips-domain-gpo')!, 'APP-TS90'))),
      ),
    );
    docs.push(
      classifyFleetDocument('x2.json', enc(reportOf(renamed(diagnoses.get('fips-domain-gpo')!, 'APP-TS91')))),
    );
    const s = summarizeFleet(docs);
    const blocked = [...diagnoses.values()].filter((d) => d.verdict === 'blocked').length + 2;
    assert.equal(s.counts.servers, diagnoses.size + 2);
    assert.equal(s.counts.blocked, blocked);
    assert.equal(s.counts.fixableLocally + s.counts.notFixableHere, blocked + s.counts.incomplete);
    const fabrikam = s.domainGpos.find((g) => g.name === 'Fabrikam Member Server Security');
    assert.ok(fabrikam);
    assert.deepEqual([...fabrikam.servers].sort(), ['APP-TS04', 'APP-TS90', 'APP-TS91']);
    assert.equal(s.domainGpos[0], fabrikam, 'the GPO with the most servers comes first');
    const byLocalPolicy = s.byCause.find(
      (b) => b.id === 'fips-algorithm-policy' && b.source === 'local-security-policy',
    );
    assert.ok(byLocalPolicy && byLocalPolicy.fixableLocally);
    assert.ok(s.fixableLocally.includes(diagnoses.get('rdp-tcp-fips')!.machine.name!));
    assert.ok(!s.fixableLocally.includes('APP-TS04'));
    assert.equal(s.exitCode, 2);
  });

  it('exit code: 0 when nothing is blocked, 1 when every blocked server is fixable locally, 3 when nothing is readable', () => {
    const healthy = classifyFleetDocument('h.json', enc(JSON.stringify(diagnoses.get('healthy')!)));
    const local = classifyFleetDocument('l.json', enc(JSON.stringify(diagnoses.get('rdp-tcp-fips')!)));
    const junk = classifyFleetDocument('j.json', enc('nope'));
    assert.equal(summarizeFleet([healthy, junk]).exitCode, 0);
    assert.equal(summarizeFleet([healthy, local]).exitCode, 1);
    assert.equal(summarizeFleet([junk]).exitCode, 3);
    assert.equal(summarizeFleet([]).exitCode, 3);
  });

  it('a server seen twice counts once: the newest report wins, and the other file is named', () => {
    const d = diagnoses.get('rdp-tcp-fips')!;
    const older = classifyFleetDocument('a-old.json', enc(reportOf(d, '2026-01-01T00:00:00.000Z')));
    const newer = classifyFleetDocument(
      'b-new.json',
      enc(
        reportOf(
          diagnoses.get('healthy')!.machine.name === d.machine.name
            ? d
            : renamed(diagnoses.get('healthy')!, d.machine.name!),
          '2026-02-01T00:00:00.000Z',
        ),
      ),
    );
    const s = summarizeFleet([newer, older]);
    assert.equal(s.counts.servers, 1);
    assert.equal(s.servers[0]?.file, 'b-new.json');
    assert.equal(s.counts.blocked, 0);
    assert.deepEqual(
      s.superseded.map((x) => x.file),
      ['a-old.json'],
    );
  });

  it('the same documents in any order give the same summary', () => {
    const docs = [...diagnoses].map(([name, d]) =>
      classifyFleetDocument(`${name}.json`, enc(JSON.stringify(d))),
    );
    assert.deepEqual(summarizeFleet(docs), summarizeFleet([...docs].reverse()));
  });

  it('HTML escapes every text and has no script; CSV quotes and defuses formulas', () => {
    const evil = renamed(diagnoses.get('rdp-tcp-fips')!, '<script>alert(1)</script>');
    const formula = renamed(diagnoses.get('healthy')!, '=HYPERLINK("http://x","y")');
    const s = summarizeFleet([
      classifyFleetDocument('e.json', enc(JSON.stringify(evil))),
      classifyFleetDocument('f.json', enc(JSON.stringify(formula))),
      classifyFleetDocument('<b>.json', enc('x')),
    ]);
    const html = fleetHtml(s, '2026-01-01T00:00:00Z');
    assert.ok(!/<script/i.test(html));
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /&lt;b&gt;\.json/);
    const csv = fleetCsv(s);
    assert.ok(csv.includes(`"'=HYPERLINK(""http://x"",""y"")"`), csv);
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('-1'), "'-1");
  });
});

describe('fipsfix fleet summarize (the built CLI) on a folder as Ansible leaves it', () => {
  let dir: string;
  let diagnoses: Map<string, Diagnosis>;
  before(async () => {
    diagnoses = await allDiagnoses();
    dir = mkdtempSync(join(tmpdir(), 'fipsfix-fleet-cli-'));
    mkdirSync(join(dir, 'reports', 'nested'), { recursive: true });
    for (const [name, d] of diagnoses)
      writeFileSync(join(dir, 'reports', `${name}.json`), JSON.stringify(d, null, 2));
    writeFileSync(
      join(dir, 'reports', 'nested', 'report.json'),
      reportOf(renamed(diagnoses.get('fips-domain-gpo')!, 'APP-TS77')),
    );
    writeFileSync(
      join(dir, 'reports', 'truncated.json'),
      JSON.stringify(diagnoses.get('healthy')).slice(0, 100),
    );
    writeFileSync(join(dir, 'reports', 'ansible-facts.json'), '{"ansible_facts": {}}');
    writeFileSync(join(dir, 'reports', 'notes.txt'), 'changed: [app-ts01]\n');
    writeFileSync(join(dir, 'reports', '.hidden.json'), 'not read');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the table, writes HTML and CSV, names the bad files, and exits 2 (a domain GPO)', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(REPO, 'bin/fipsfix.cjs'),
        'fleet',
        'summarize',
        join(dir, 'reports'),
        join(dir, 'missing.json'),
        '--html',
        join(dir, 'out', 'fleet.html'),
        '--csv',
        join(dir, 'out', 'fleet.csv'),
      ],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stdout, new RegExp(`${diagnoses.size + 1} servers from ${diagnoses.size + 5} files`));
    assert.match(
      r.stdout,
      /"Fabrikam Member Server Security" \{0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0\}.*: 2 servers/,
    );
    assert.match(r.stdout, /unreadable .*truncated\.json: a FipsFix document that is truncated/);
    assert.match(r.stdout, /unreadable .*missing\.json: no such file or folder/);
    assert.match(r.stdout, /foreign +.*ansible-facts\.json/);
    assert.match(r.stdout, /foreign +.*notes\.txt: not JSON/);
    assert.doesNotMatch(r.stdout, /hidden/);
    assert.match(r.stderr, /4 files could not be used/);
    const html = readFileSync(join(dir, 'out', 'fleet.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(!/<script|<link|src=/i.test(html), 'self-contained, no scripts');
    const csv = readFileSync(join(dir, 'out', 'fleet.csv'), 'utf8')
      .trimEnd()
      .split('\r\n');
    assert.equal(csv.length, 1 + diagnoses.size + 1 + 4);
  });

  it('exits 3 with nothing readable, and reads documents given as files', () => {
    const none = spawnSync(
      process.execPath,
      [join(REPO, 'bin/fipsfix.cjs'), 'fleet', 'summarize', join(dir, 'reports', 'notes.txt')],
      { encoding: 'utf8' },
    );
    assert.equal(none.status, 3);
    const one = spawnSync(
      process.execPath,
      [
        join(REPO, 'bin/fipsfix.cjs'),
        'fleet',
        'summarize',
        join(dir, 'reports', 'rdp-tcp-fips.json'),
        '--json',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(one.status, 1, one.stderr);
    assert.equal((JSON.parse(one.stdout) as { counts: { fixableLocally: number } }).counts.fixableLocally, 1);
  });

  it('summarises 2 000 generated files in-process well within budget', () => {
    const many = mkdtempSync(join(tmpdir(), 'fipsfix-fleet-many-'));
    try {
      const list = [...diagnoses.values()];
      for (let i = 0; i < 2000; i++)
        writeFileSync(join(many, `s${i}.json`), JSON.stringify(renamed(list[i % list.length]!, `SRV-${i}`)));
      const t0 = Date.now();
      const s = summarizeFleet(readFleetDocuments([many]));
      const ms = Date.now() - t0;
      assert.equal(s.counts.servers, 2000);
      assert.ok(ms < 3000, `${ms} ms`);
    } finally {
      rmSync(many, { recursive: true, force: true });
    }
  });
});
