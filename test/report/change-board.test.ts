// A report a change board accepts (issue 15), read back from the PDF page by page with pdftotext:
// the change ticket at the top, every page naming the server with "page N of M", no table clipped
// at the right edge, times in the server's local time with its offset and in UTC; a rollback report
// that reads as a rollback; a diagnosis report that says each thing once. And the window's export
// (the app service) takes the same change-ticket fields and names who rolled back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { schemaValidator } from '../schema-validator';
import { AppService } from '../../src/app/app-service';
import { openSimulated } from '../../src/app/machine-choice';
import { REPORT_PDF_MARGINS_MM } from '../../src/app/render-report';
import { ReportSchema, type Report } from '../../src/core/report';
import { serverTimeWords, utcOffsetText } from '../../src/core/words/time';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/fipsfix.cjs');
const ajv = schemaValidator();
const validReport = ajv.compile(
  JSON.parse(readFileSync(join(ROOT, 'docs/report.schema.json'), 'utf8')) as object,
);
const havePdfTools =
  spawnSync('sh', ['-c', 'command -v pdftotext && command -v chromium'], { stdio: 'ignore' }).status === 0;
const PDF = { skip: havePdfTools ? false : 'chromium or pdftotext missing (.ci/run installs them)' };

function cli(data: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', FIPSFIX_DATA_DIR: data, ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function applied(data: string, machine: string, env: Record<string, string> = {}): string {
  const r = cli(data, ['apply', '--machine', machine, '--yes', '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { backup: { id: string } }).backup.id;
}

function pageCount(file: string): number {
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
}

/** The text of each page, whitespace folded. */
function pages(file: string): string[] {
  const n = pageCount(file);
  assert.ok(n > 0, 'a PDF with pages');
  return Array.from({ length: n }, (_, i) => {
    const r = spawnSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), file, '-'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.replace(/\s+/g, ' ');
  });
}

/** Every word's box on every page (pdftotext -bbox), with the page's width, in points. */
function wordBoxes(
  file: string,
): { page: number; width: number; word: string; xMin: number; xMax: number }[] {
  const r = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  const out: { page: number; width: number; word: string; xMin: number; xMax: number }[] = [];
  let page = 0;
  let width = 0;
  for (const line of r.stdout.split('\n')) {
    const p = /<page width="([\d.]+)"/.exec(line);
    if (p) {
      page++;
      width = Number(p[1]);
      continue;
    }
    const w = /<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*)<\/word>/.exec(line);
    if (w) out.push({ page, width, xMin: Number(w[1]), xMax: Number(w[2]), word: w[3] ?? '' });
  }
  return out;
}

const MM = 72 / 25.4;
function assertNothingClipped(file: string): void {
  const boxes = wordBoxes(file);
  assert.ok(boxes.length > 100);
  const outside = boxes.filter(
    (b) =>
      b.xMax > b.width - REPORT_PDF_MARGINS_MM.right * MM + 1 || b.xMin < REPORT_PDF_MARGINS_MM.left * MM - 1,
  );
  assert.deepEqual(
    outside.map(
      (b) => `page ${b.page}: "${b.word}" at ${b.xMin.toFixed(0)}–${b.xMax.toFixed(0)} of ${b.width}`,
    ),
    [],
    'every word inside the printable width',
  );
}

function report(data: string, args: string[], env: Record<string, string> = {}): Report {
  const r = cli(data, ['report', ...args, '--format', 'json'], env);
  assert.equal(r.code, 0, r.stderr);
  const doc: unknown = JSON.parse(r.stdout);
  assert.ok(validReport(doc), JSON.stringify(validReport.errors));
  return ReportSchema.parse(doc);
}

const TICKET = [
  '--change-id',
  'CHG-4711',
  '--requested-by',
  'Ana <ops> & "team"',
  '--approved-by',
  'CAB 2026-05',
  '--stig-exception',
  'EXC-<script>alert(1)</script>',
];

describe('the change ticket', () => {
  let data: string;
  let id: string;
  before(() => {
    data = mkdtempSync(join(tmpdir(), 'fipsfix-ticket-'));
    id = applied(data, 'both-methods');
  });

  it('JSON: changeTicket with the four fields, validating against docs/report.schema.json', () => {
    const r = report(data, ['--machine', 'both-methods', '--from', id, ...TICKET]);
    assert.deepEqual(r.changeTicket, {
      changeId: 'CHG-4711',
      requestedBy: 'Ana <ops> & "team"',
      approvedBy: 'CAB 2026-05',
      stigException: 'EXC-<script>alert(1)</script>',
    });
    assert.match(r.changeBoardSummary, /under STIG exception EXC-<script>/);
    // Without the options there is no ticket, and the report still validates.
    assert.equal(report(data, ['--machine', 'both-methods', '--from', id]).changeTicket, undefined);
  });

  it('HTML: at the top, escaped', () => {
    const r = cli(data, ['report', '--machine', 'both-methods', '--from', id, '--format', 'html', ...TICKET]);
    assert.equal(r.code, 0, r.stderr);
    const html = r.stdout;
    assert.ok(html.indexOf('Change ID') < html.indexOf('Server:'), 'before everything but the title');
    assert.match(html, /<dt>Requested by<\/dt><dd>Ana &lt;ops&gt; &amp; &quot;team&quot;<\/dd>/);
    assert.match(html, /EXC-&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(html, /<script/i);
  });

  it('PDF: at the top of page 1, and the change id on every page', PDF, () => {
    const out = join(data, 'ticket.pdf');
    assert.equal(
      cli(data, [
        'report',
        '--machine',
        'both-methods',
        '--from',
        id,
        '--format',
        'pdf',
        '--out',
        out,
        ...TICKET,
      ]).code,
      0,
    );
    const text = pages(out);
    const first = text[0] ?? '';
    assert.ok(first.indexOf('Change ID CHG-4711') < first.indexOf('Server: APP-TS08'), first.slice(0, 400));
    assert.ok(first.includes('Requested by Ana <ops> & "team"'));
    assert.ok(first.includes('STIG exception EXC-<script>alert(1)</script>'));
    for (const [i, p] of text.entries()) assert.ok(p.includes('Change CHG-4711'), `page ${i + 1}`);
  });

  it('the window sends the same fields (the IPC contract and the app service)', async () => {
    const env = { ...process.env, FIPSFIX_DATA_DIR: mkdtempSync(join(tmpdir(), 'fipsfix-ticket-svc-')) };
    let saved: Uint8Array | undefined;
    const service = new AppService({
      choice: openSimulated('rdp-tcp-fips', false, env),
      saveReport: (_name, content) => {
        saved = content;
        return Promise.resolve('/dev/null');
      },
    });
    const r = await service.exportReport({
      backupId: null,
      format: 'json',
      changeTicket: { changeId: 'CHG-1', approvedBy: 'CAB' },
    });
    assert.equal(r.ok, true);
    const doc = ReportSchema.parse(JSON.parse(new TextDecoder().decode(saved)));
    assert.deepEqual(doc.changeTicket, { changeId: 'CHG-1', approvedBy: 'CAB' });
  });
});

describe('every page', () => {
  it('names the server and says "page N of M"; no table runs past the right edge', PDF, () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-pages-'));
    const id = applied(data, 'both-methods');
    const out = join(data, 'fix.pdf');
    assert.equal(
      cli(data, ['report', '--machine', 'both-methods', '--from', id, '--format', 'pdf', '--out', out]).code,
      0,
    );
    const text = pages(out);
    assert.ok(text.length >= 2, 'a report of several pages');
    text.forEach((p, i) => {
      assert.ok(p.includes('FipsFix fix report: APP-TS08'), `page ${i + 1} names the server`);
      assert.ok(p.includes(`page ${i + 1} of ${text.length}`), `page ${i + 1}: ${p.slice(-200)}`);
    });
    assertNothingClipped(out);
  });

  it('a GPO with a very long name and evidence with long paths still fits the page', PDF, () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-pages-'));
    const m = JSON.parse(
      readFileSync(join(ROOT, 'src/machine/simulated/scenarios/fips-domain-gpo.json'), 'utf8'),
    ) as { domainGpos: { name: string }[] };
    const last = m.domainGpos[m.domainGpos.length - 1];
    assert.ok(last);
    last.name = `Fabrikam-${'VeryLongGpoNameWithoutAnySpaces'.repeat(6)}`;
    const file = join(data, 'long.json');
    writeFileSync(file, JSON.stringify(m));
    const out = join(data, 'long.pdf');
    assert.equal(cli(data, ['report', '--machine', file, '--format', 'pdf', '--out', out]).code, 0);
    assertNothingClipped(out);
  });
});

describe('times', () => {
  it('words: the server time with its offset and UTC; "not recorded" when nothing recorded it', () => {
    assert.equal(utcOffsetText(330), '+05:30');
    assert.equal(utcOffsetText(-300), '-05:00');
    assert.equal(
      serverTimeWords('2026-05-14T20:30:00.000Z', '+05:30'),
      '2026-05-15 02:00:00 +05:30 (2026-05-14 20:30:00 UTC)',
    );
    assert.equal(
      serverTimeWords('2026-05-14T11:02:07.000Z', '+02:00'),
      '2026-05-14 13:02:07 +02:00 (11:02:07 UTC)',
    );
    assert.equal(
      serverTimeWords('2026-05-14T11:02:07.000Z', null),
      "2026-05-14 11:02:07 UTC (server's UTC offset not recorded)",
    );
  });

  it(
    'a fix made on a server at +05:30: recorded with the backup, and every time given both ways',
    PDF,
    () => {
      const data = mkdtempSync(join(tmpdir(), 'fipsfix-times-'));
      const india = { TZ: 'Asia/Kolkata' };
      const id = applied(data, 'rdp-tcp-fips', india);
      // The report is made later, elsewhere (UTC): the server's recorded offset is what it uses.
      const r = report(data, ['--machine', 'rdp-tcp-fips', '--from', id], { TZ: 'UTC' });
      assert.equal(r.serverUtcOffset, '+05:30');
      const out = join(data, 'times.pdf');
      assert.equal(
        cli(data, ['report', '--machine', 'rdp-tcp-fips', '--from', id, '--format', 'pdf', '--out', out], {
          TZ: 'UTC',
        }).code,
        0,
      );
      const text = pages(out).join(' ');
      assert.ok(r.verification);
      assert.ok(
        text.includes(serverTimeWords(r.verification.at, '+05:30')),
        'the verification time, both ways',
      );
      // Made by separate runs, the JSON and the PDF differ in generatedAt; the backup's time is one.
      assert.ok(r.backup?.createdAt && text.includes(serverTimeWords(r.backup.createdAt, '+05:30')));
      assert.match(text, /\+05:30 \(\d\d:\d\d:\d\d UTC\)|\+05:30 \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)/);
    },
  );

  it('an evidence folder that does not record the offset says so, rather than guessing', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-times-'));
    const r = report(data, ['--evidence', join(ROOT, 'test/fixtures/shared-evidence/fips-domain-gpo')]);
    assert.equal(r.serverUtcOffset, null);
    const html = cli(data, [
      'report',
      '--evidence',
      join(ROOT, 'test/fixtures/shared-evidence/fips-domain-gpo'),
      '--format',
      'html',
    ]).stdout;
    assert.match(html, /UTC \(server&#39;s UTC offset not recorded\)/);
  });
});

describe('a rollback report reads as a rollback', () => {
  let data: string;
  let id: string;
  before(() => {
    data = mkdtempSync(join(tmpdir(), 'fipsfix-rollback-report-'));
    id = applied(data, 'both-methods');
    assert.equal(cli(data, ['rollback', id, '--machine', 'both-methods', '--yes']).code, 0);
  });

  it('JSON: the state after the rollback, who rolled back, warnings about the rollback, no rollback command', () => {
    const r = report(data, ['--machine', 'both-methods', '--from', id]);
    assert.equal(r.kind, 'rollback');
    assert.equal(r.rollback?.diagnosisAfter?.verdict, 'blocked');
    assert.notEqual(r.ranBy, 'unknown');
    assert.ok(r.fixedBy);
    assert.deepEqual(r.rollbackInstructions, []);
    assert.equal(r.commands?.rollback, undefined);
    assert.match(r.warnings[0] ?? '', /^The rollback put back the values from before the fix/);
    assert.ok(r.warnings.some((w) => /refused again/.test(w)));
    assert.ok(!r.warnings.some((w) => /document an exception first/.test(w)), 'not the fix’s warnings');
  });

  it(
    'PDF, page by page: headed by the state after the rollback; nothing says to roll back again',
    PDF,
    () => {
      const out = join(data, 'rollback.pdf');
      assert.equal(
        cli(data, ['report', '--machine', 'both-methods', '--from', id, '--format', 'pdf', '--out', out])
          .code,
        0,
      );
      const text = pages(out);
      const first = text[0] ?? '';
      assert.match(
        first,
        /After the rollback: Blocked — Remote Assistance and RDP clients from Windows 10 are refused/,
      );
      assert.ok(first.indexOf('After the rollback:') < first.indexOf('What happened when') >>> 0);
      assert.match(first, /Rolled back by: (?!unknown)\S+/);
      assert.doesNotMatch(first, /After the fix: Not blocked/);
      for (const [i, p] of text.entries()) {
        assert.doesNotMatch(
          p,
          /fipsfix rollback|reg import/,
          `page ${i + 1} does not tell you to roll back again`,
        );
        assert.doesNotMatch(p, /: Blocked:|Blocked: Remote/, `page ${i + 1}: no double colon`);
      }
      assert.ok(text.some((p) => p.includes('What the rollback did')));
    },
  );

  it('from the window: the rollback is recorded with who ran it, and the report names them', async () => {
    const env = { ...process.env, FIPSFIX_DATA_DIR: mkdtempSync(join(tmpdir(), 'fipsfix-rollback-svc-')) };
    let saved: Uint8Array | undefined;
    const service = new AppService({
      choice: openSimulated('rdp-tcp-fips', false, env),
      commandTarget: { machine: 'rdp-tcp-fips' },
      saveReport: (_n, content) => {
        saved = content;
        return Promise.resolve('/dev/null');
      },
    });
    const plan = await service.plan({ rdpLevel: 3, confirmLow: false });
    assert.ok(plan.ok && plan.value.planId);
    // The confirmation step's count, in words the window shows as they come (never "1 value(s)").
    assert.equal(plan.value.backupValues, 'this value');
    const fix = await service.apply({ planId: plan.value.planId });
    assert.ok(fix.ok && fix.value.kind === 'applied');
    // The fix report names the rollback command for this machine, as it would be pasted.
    assert.equal((await service.exportReport({ backupId: fix.value.backup.id, format: 'json' })).ok, true);
    const fixReport = ReportSchema.parse(JSON.parse(new TextDecoder().decode(saved)));
    assert.equal(
      fixReport.commands?.rollback,
      `fipsfix rollback ${fix.value.backup.id} --machine rdp-tcp-fips`,
    );
    const back = await service.rollback({ backupId: fix.value.backup.id });
    assert.ok(back.ok && back.value.kind === 'restored');
    assert.equal((await service.exportReport({ backupId: fix.value.backup.id, format: 'json' })).ok, true);
    const doc = ReportSchema.parse(JSON.parse(new TextDecoder().decode(saved)));
    assert.equal(doc.kind, 'rollback');
    assert.notEqual(doc.ranBy, 'unknown');
    assert.equal(doc.rollback?.diagnosisAfter?.verdict, 'blocked');
  });
});

describe('a diagnosis-only report', () => {
  it('is headed as a diagnosis and says each thing once', PDF, () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-diagnosis-report-'));
    const out = join(data, 'diagnosis.pdf');
    assert.equal(
      cli(data, ['report', '--machine', 'fips-domain-gpo', '--format', 'pdf', '--out', out]).code,
      0,
    );
    const r = report(data, ['--machine', 'fips-domain-gpo']);
    const text = pages(out);
    const all = text.join(' ');
    assert.match(text[0] ?? '', /FipsFix: diagnosis of APP-TS04 .*Diagnosis: Blocked — Remote Assistance/);
    assert.doesNotMatch(all, /What was changed and why|Outcome:|Before the fix|After the fix/);
    assert.ok(all.includes('What FipsFix would do'));
    const once = (s: string): void => {
      const folded = s.replace(/\s+/g, ' ');
      assert.equal(all.split(folded).length - 1, 1, `said once: ${folded.slice(0, 80)}…`);
    };
    once(r.diagnosis.summary);
    for (const n of r.diagnosis.notes) once(n.message);
    once('Ask a domain administrator to edit GPO');
    assert.doesNotMatch(all, /: Blocked:|GPO “Fabrikam Member Server Security” \{0B1C/);
  });
});
