// The fleet summary streamed (issue 15): the files are read one at a time and only what the summary
// counts is kept, yet it says what reading every document whole says; each server's data age, with
// what is older than --max-age flagged; one rule for duplicates in summarize and export; a terminal
// table that never cuts the setting's name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Diagnosis } from '../../src/core/diagnosis-schema';
import { classifyFleetDocument, classifyForSummary } from '../../src/core/fleet/fleet-document';
import { newestPerServer } from '../../src/core/fleet/newest-per-server';
import { fleetText } from '../../src/core/fleet/render';
import { summarizeFleet } from '../../src/core/fleet/summarize';
import { decodeFleetText, readFleetDocuments, summarizeFleetFiles } from '../../src/app/read-fleet-files';
import { encodeUtf16leWithBom } from '../../src/core/formats/text-encoding';
import { jsonDocument } from '../../src/core/json-document';
import { allDiagnoses, renamed, reportOf } from './fleet-documents';

const REPO = join(__dirname, '../..');
const BIN = join(REPO, 'bin/fipsfix.cjs');
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const DAY = 24 * 60 * 60 * 1000;
const dated = (d: Diagnosis, at: string): Diagnosis => ({ ...d, diagnosedAt: at });

describe('streamed fleet summary', () => {
  let diagnoses: Map<string, Diagnosis>;
  let dir: string;
  before(async () => {
    diagnoses = await allDiagnoses();
    dir = mkdtempSync(join(tmpdir(), 'fipsfix-fleet-stream-'));
    mkdirSync(join(dir, 'nested'));
    // Half as FipsFix writes them (ASCII, jsonDocument), half as raw UTF-8 (an older FipsFix, an editor).
    let i = 0;
    for (const [name, d] of diagnoses)
      writeFileSync(join(dir, `${name}.json`), i++ % 2 === 0 ? jsonDocument(d) : JSON.stringify(d, null, 2));
    writeFileSync(
      join(dir, 'nested', 'r.json'),
      reportOf(renamed(diagnoses.get('fips-domain-gpo')!, 'APP-TS77')),
    );
    writeFileSync(
      join(dir, 'nested', 'utf16.json'),
      encodeUtf16leWithBom(JSON.stringify(renamed(diagnoses.get('healthy')!, 'APP-TS78'))),
    );
    writeFileSync(
      join(dir, 'bad-verdict.json'),
      JSON.stringify({ ...diagnoses.get('healthy')!, verdict: 'maybe' }),
    );
    writeFileSync(join(dir, 'cut.json'), JSON.stringify(diagnoses.get('healthy')).slice(0, 80));
    writeFileSync(join(dir, 'facts.json'), '{"ansible_facts":{}}');
  });

  it('says what reading every document whole says', async () => {
    const streamed = await summarizeFleetFiles([dir]);
    const whole = summarizeFleet(readFleetDocuments([dir]));
    assert.deepEqual(streamed, whole);
    assert.equal(streamed.counts.servers, diagnoses.size + 2);
    assert.match(streamed.unreadable.map((u) => u.reason).join('\n'), /verdict/);
  });

  it('the built CLI reads in threads (as for a large fleet) and in one, and says the same', () => {
    const run = (threads: string): unknown => {
      const r = spawnSync(process.execPath, [BIN, 'fleet', 'summarize', dir, '--json'], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '', FIPSFIX_FLEET_WORKERS: threads },
      });
      assert.equal(r.status, 2, r.stderr);
      const {
        summarisedAt: _at,
        servers,
        ...rest
      } = JSON.parse(r.stdout) as Record<string, unknown> & {
        summarisedAt: string;
        servers: { ageDays?: number }[];
      };
      return { ...rest, servers: servers.map(({ ageDays: _age, ...l }) => l) };
    };
    assert.deepEqual(run('3'), run('0'));
  });

  it('checks every field it counts: a wrong one makes the file unreadable, as the full schema does', () => {
    const d = diagnoses.get('fips-domain-gpo')!;
    const wrong: [string, unknown][] = [
      ['verdict', { ...d, verdict: 'maybe' }],
      ['a cause source', { ...d, causes: d.causes.map((c) => ({ ...c, source: 'someone' })) }],
      ['fixableLocally', { ...d, causes: d.causes.map((c) => ({ ...c, fixableLocally: 'yes' })) }],
      ['diagnosedAt', { ...d, diagnosedAt: 'yesterday' }],
      ['a gap value', { ...d, evidenceGaps: [{ what: 'x', why: 'y', settleWith: 'z', value: 'nope' }] }],
    ];
    for (const [what, doc] of wrong) {
      const bytes = enc(JSON.stringify(doc));
      assert.equal(classifyForSummary('x.json', bytes).kind, 'unreadable', what);
      assert.equal(classifyFleetDocument('x.json', bytes).kind, 'unreadable', what);
    }
  });

  it('a report of an older FipsFix (no serverUtcOffset, commands or changeTicket) is still read whole and for the summary', () => {
    const older = JSON.parse(reportOf(diagnoses.get('rdp-tcp-fips')!)) as Record<string, unknown>;
    delete older['serverUtcOffset'];
    delete older['commands'];
    delete older['changeTicket'];
    const bytes = enc(JSON.stringify(older));
    assert.equal(classifyFleetDocument('old.json', bytes).kind, 'server');
    assert.equal(classifyForSummary('old.json', bytes).kind, 'server');
  });

  it('a document as FipsFix writes it (ASCII), in raw UTF-8 and in UTF-16 gives one view', () => {
    let nonAscii = 0;
    for (const [name, d] of diagnoses) {
      const raw = JSON.stringify(d, null, 2);
      if (/[\u0080-\uffff]/.test(raw)) nonAscii++;
      const ascii = jsonDocument(d);
      assert.doesNotMatch(ascii, /[\u0080-\uffff]/, name);
      const views = [enc(ascii), enc(raw), encodeUtf16leWithBom(raw)].map((b) =>
        classifyForSummary('a.json', b, decodeFleetText),
      );
      assert.equal(views[0]?.kind, 'server', name);
      assert.deepEqual(views[1], views[0], name);
      assert.deepEqual(views[2], views[0], name);
    }
    assert.ok(nonAscii > 0, 'some documents have characters beyond ASCII, so both paths are taken');
  });

  it('the fast decoder decides as the core does', () => {
    const json = JSON.stringify(diagnoses.get('healthy'));
    for (const bytes of [
      enc(jsonDocument(diagnoses.get('healthy'))),
      enc('{"format":"fipsfix-diagnosis/1",\u0000}'),
      enc(json),
      enc(`\uFEFF${json}`),
      encodeUtf16leWithBom(json),
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
      new Uint8Array([0x7b, 0x00, 0x22, 0x00]),
    ]) {
      const fast = decodeFleetText(bytes);
      const core = classifyFleetDocument('a.json', bytes);
      assert.equal('problem' in fast, core.kind === 'foreign' && /not text/.test(core.reason));
    }
  });
});

describe('data age', () => {
  let diagnoses: Map<string, Diagnosis>;
  before(async () => {
    diagnoses = await allDiagnoses();
  });

  it('each server has its age; older than --max-age is flagged, oldest first; undated ones are named', () => {
    const now = '2026-06-30T12:00:00.000Z';
    const at = (days: number): string => new Date(Date.parse(now) - days * DAY).toISOString();
    const docs = [
      classifyForSummary(
        'a.json',
        enc(JSON.stringify(dated(renamed(diagnoses.get('healthy')!, 'A'), at(1)))),
      ),
      classifyForSummary(
        'b.json',
        enc(JSON.stringify(dated(renamed(diagnoses.get('healthy')!, 'B'), at(9)))),
      ),
      classifyForSummary(
        'c.json',
        enc(JSON.stringify(dated(renamed(diagnoses.get('rdp-tcp-fips')!, 'C'), at(30)))),
      ),
      classifyForSummary('d.json', enc(JSON.stringify(renamed(diagnoses.get('healthy')!, 'D')))),
      classifyForSummary('e.json', enc(reportOf(renamed(diagnoses.get('healthy')!, 'E'), at(8)))),
    ];
    const s = summarizeFleet(docs, { now });
    assert.equal(s.maxAgeDays, 7);
    assert.deepEqual(
      s.servers.map((l) => [l.server, l.ageDays, l.old]),
      [
        ['A', 1, false],
        ['B', 9, true],
        ['C', 30, true],
        ['D', undefined, false],
        ['E', 8, true],
      ],
    );
    assert.deepEqual(s.olderThanMaxAge, ['C', 'B', 'E']);
    assert.deepEqual(s.notDated, ['D']);
    const text = fleetText(s);
    assert.match(text, /Data age: 1 day \(newest\) to 30 days \(oldest\)/);
    assert.match(text, /OLDER THAN 7 DAYS \(--max-age\).*: C \(30 days\), B \(9 days\), E \(8 days\)/);
    assert.match(text, /Not dated .*: D/);
    assert.deepEqual(summarizeFleet(docs, { now, maxAgeDays: 10 }).olderThanMaxAge, ['C']);
  });

  it('the CLI: --max-age, ages in the CSV and the HTML, and a bad --max-age is invalid input (3)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fipsfix-fleet-age-'));
    const old = new Date(Date.now() - 12 * DAY).toISOString();
    writeFileSync(
      join(dir, 'old.json'),
      JSON.stringify(dated(renamed(diagnoses.get('healthy')!, 'OLD-1'), old)),
    );
    writeFileSync(
      join(dir, 'new.json'),
      spawnSync(process.execPath, [BIN, 'diagnose', '--json', '--machine', 'healthy'], {
        encoding: 'utf8',
        env: { ...process.env, FIPSFIX_DATA_DIR: dir },
      }).stdout,
    );
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, 'fleet', 'summarize', dir, ...args], { encoding: 'utf8' });
    const r = run('--csv', join(dir, 'out', 'f.csv'), '--html', join(dir, 'out', 'f.html'));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /OLDER THAN 7 DAYS \(--max-age\).*OLD-1 \(12 days\)/);
    const csv = readFileSync(join(dir, 'out', 'f.csv'), 'utf8').split('\r\n');
    assert.match(csv[0] ?? '', /,data_seen_at,age_days,older_than_max_age$/);
    assert.ok(
      csv.some((l) => l.startsWith('OLD-1,') && l.endsWith(`,${old},12,yes`)),
      csv.join('\n'),
    );
    assert.match(readFileSync(join(dir, 'out', 'f.html'), 'utf8'), /12 days, older than 7 days/);
    assert.doesNotMatch(run('--max-age', '30').stdout, /OLDER THAN/);
    assert.equal(run('--max-age', 'soon').status, 3);
  });
});

describe('one rule for duplicates', () => {
  let diagnoses: Map<string, Diagnosis>;
  before(async () => {
    diagnoses = await allDiagnoses();
  });

  it('the newest document per server counts, whichever order the files come in, in summarize and export alike', () => {
    const blocked = dated(diagnoses.get('rdp-tcp-fips')!, '2026-01-01T00:00:00.000Z');
    const fixed = dated(
      renamed(diagnoses.get('healthy')!, blocked.machine.name!),
      '2026-02-01T00:00:00.000Z',
    );
    const a = { server: 'S', file: 'z-new.json', seenAt: '2026-02-01T00:00:00+01:00' };
    const b = { server: 's', file: 'a-old.json', seenAt: '2026-01-31T23:30:00Z' };
    // +01:00 at midnight is 23:00 UTC: earlier than 23:30 UTC, whatever the text says.
    assert.equal(newestPerServer([a, b]).kept[0]?.file, 'a-old.json');
    assert.equal(newestPerServer([b, a]).kept[0]?.file, 'a-old.json');

    const dir = mkdtempSync(join(tmpdir(), 'fipsfix-fleet-dup-'));
    writeFileSync(join(dir, 'a-fixed-later.json'), JSON.stringify(fixed));
    writeFileSync(join(dir, 'b-blocked-before.json'), JSON.stringify(blocked));
    const s = spawnSync(process.execPath, [BIN, 'fleet', 'summarize', dir, '--json'], { encoding: 'utf8' });
    const summary = JSON.parse(s.stdout) as { counts: { servers: number; blocked: number } };
    assert.deepEqual([summary.counts.servers, summary.counts.blocked], [1, 0]);
    // export --as reg: the same server once, as its newest document saw it (fixed: nothing to export).
    const out = join(dir, 'out');
    const e = spawnSync(process.execPath, [BIN, 'export', '--as', 'reg', '--from', dir, '--out', out], {
      encoding: 'utf8',
    });
    assert.equal(e.status, 0, e.stderr);
    assert.match(
      e.stderr,
      /skipped .*b-blocked-before\.json: APP-TS02 again; .*a-fixed-later\.json is newer/,
    );
    assert.match(e.stderr, /skipped APP-TS02: not blocked/);
    assert.throws(() => readdirSync(out), 'nothing written for a server that is fixed now');
  });
});

describe('the terminal table', () => {
  it('never cuts the setting’s name', async () => {
    const diagnoses = await allDiagnoses();
    const s = summarizeFleet(
      [...diagnoses].map(([name, d]) => classifyForSummary(`${name}.json`, enc(JSON.stringify(d)))),
    );
    const text = fleetText(s);
    assert.doesNotMatch(text, /…\s/, 'no cell cut short');
    for (const b of s.byCause) assert.ok(text.includes(b.setting), b.setting);
  });
});
