// The report in its three formats, made by the built CLI for the cases a change board sees: a Method 1
// fix, a local security policy fix, a domain GPO refusal, and a rollback. JSON against the committed
// schema, HTML through html-validate, the PDF read back by pdftotext (Debian's poppler-utils).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { schemaValidator } from '../schema-validator';
import { HtmlValidate } from 'html-validate';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/fipsfix.cjs');
const ajv = schemaValidator();
const validReport = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'docs/report.schema.json'), 'utf8')));
const htmlValidate = new HtmlValidate({ extends: ['html-validate:recommended'] });
const havePdfTools =
  spawnSync('sh', ['-c', 'command -v pdftotext && command -v chromium'], { stdio: 'ignore' }).status === 0;

function cli(data: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', FIPSFIX_DATA_DIR: data },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pdfText(file: string): string {
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\s+/g, ' ');
}

async function assertValidHtml(html: string): Promise<void> {
  const report = await htmlValidate.validateString(html);
  assert.equal(
    report.valid,
    true,
    JSON.stringify(
      report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`)),
      null,
      1,
    ),
  );
  assert.doesNotMatch(
    html,
    /<script|<link|<img|https?:\/\//i,
    'self-contained: no scripts, no remote anything',
  );
}

interface Case {
  name: string;
  machine: string;
  steps: (data: string) => string[];
  kind: 'fix' | 'diagnosis' | 'rollback';
  pdfMust: string[];
}

function applied(data: string, machine: string): string {
  const r = cli(data, 'apply', '--machine', machine, '--yes', '--json');
  assert.equal(r.code, 0, r.stderr);
  const id = (JSON.parse(r.stdout) as { backup: { id: string } }).backup.id;
  assert.equal(cli(data, 'verify', '--machine', machine, '--after-refresh').code, 0);
  return id;
}

const CASES: Case[] = [
  {
    name: 'a Method 1 fix (RDP-Tcp)',
    machine: 'rdp-tcp-fips',
    steps: (d) => ['--from', applied(d, 'rdp-tcp-fips')],
    kind: 'fix',
    pdfMust: ['4 (FIPS Compliant)', '3 (High)', 'the fix held', 'RDP-Tcp'],
  },
  {
    name: 'a local security policy fix',
    machine: 'fips-local-security-policy',
    steps: (d) => ['--from', applied(d, 'fips-local-security-policy')],
    kind: 'fix',
    pdfMust: ['1 (Enabled)', '0 (Disabled)', 'local security policy', 'STIG'],
  },
  {
    name: 'a domain GPO refusal',
    machine: 'fips-domain-gpo',
    steps: () => [],
    kind: 'diagnosis',
    pdfMust: [
      'Fabrikam Member Server Security',
      'not fixable on this server',
      'Why FipsFix would change nothing',
    ],
  },
  {
    name: 'a rollback',
    machine: 'both-methods',
    steps: (d) => {
      const id = applied(d, 'both-methods');
      assert.equal(cli(d, 'rollback', id, '--machine', 'both-methods', '--yes').code, 0);
      return ['--from', id];
    },
    kind: 'rollback',
    pdfMust: ['Rollback', 'restored', 'REG_DWORD 4', 'REG_DWORD 1'],
  },
];

describe('fipsfix report', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      let data: string;
      let from: string[];
      before(() => {
        data = mkdtempSync(join(tmpdir(), 'fipsfix-report-'));
        from = c.steps(data);
      });

      it('JSON: validates against docs/report.schema.json', () => {
        const r = cli(data, 'report', '--machine', c.machine, ...from, '--format', 'json');
        assert.equal(r.code, 0, r.stderr);
        const doc = JSON.parse(r.stdout) as { kind: string; ranBy: string; machine: { name: string } };
        assert.ok(validReport(doc), JSON.stringify(validReport.errors));
        assert.equal(doc.kind, c.kind);
        assert.ok(doc.ranBy.length > 0 && doc.ranBy !== 'unknown');
      });

      it('HTML: one valid, self-contained file', async () => {
        const out = join(data, 'report.html');
        assert.equal(
          cli(data, 'report', '--machine', c.machine, ...from, '--format', 'html', '--out', out).code,
          0,
        );
        await assertValidHtml(readFileSync(out, 'utf8'));
      });

      it(
        'PDF: the same page printed by Chromium, with the key values in its text',
        { skip: havePdfTools ? false : 'chromium or pdftotext missing (.ci/run installs them)' },
        () => {
          const out = join(data, 'report.pdf');
          const r = cli(data, 'report', '--machine', c.machine, ...from, '--format', 'pdf', '--out', out);
          assert.equal(r.code, 0, r.stderr);
          assert.equal(readFileSync(out).subarray(0, 5).toString(), '%PDF-');
          const text = pdfText(out);
          for (const must of c.pdfMust) assert.ok(text.includes(must), `the PDF says "${must}"`);
        },
      );
    });
  }

  it(
    'hostile content in evidence stays inert and readable',
    { skip: havePdfTools ? false : 'chromium or pdftotext missing' },
    async () => {
      const data = mkdtempSync(join(tmpdir(), 'fipsfix-report-'));
      const m = JSON.parse(
        readFileSync(join(ROOT, 'src/machine/simulated/scenarios/fips-domain-gpo.json'), 'utf8'),
      ) as { domainGpos: { name: string }[] };
      const hostile = `<script>alert("x")</script> & "Sécurité" 'Ünïcödé' 中文 </td><img src=x onerror=1>`;
      const last = m.domainGpos[m.domainGpos.length - 1];
      assert.ok(last);
      last.name = hostile;
      const file = join(data, 'hostile.json');
      writeFileSync(file, JSON.stringify(m));
      const html = cli(data, 'report', '--machine', file, '--format', 'html');
      assert.equal(html.code, 0, html.stderr);
      await assertValidHtml(html.stdout);
      assert.ok(
        html.stdout.includes(
          '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Sécurité&quot; &#39;Ünïcödé&#39; 中文 &lt;/td&gt;&lt;img src=x onerror=1&gt;',
        ),
      );
      const pdf = join(data, 'hostile.pdf');
      assert.equal(cli(data, 'report', '--machine', file, '--format', 'pdf', '--out', pdf).code, 0);
      assert.ok(pdfText(pdf).includes('<script>alert("x")</script> & "Sécurité"'), 'shown as text, not run');
    },
  );

  it('a PDF needs --out, and a backup that does not exist is a clear error (exit 3)', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-report-'));
    assert.equal(cli(data, 'report', '--machine', 'healthy', '--format', 'pdf').code, 3);
    const r = cli(data, 'report', '--machine', 'healthy', '--from', '20260101T000000Z-00000000');
    assert.equal(r.code, 3);
    assert.match(r.stderr, /no such backup/);
  });
});
