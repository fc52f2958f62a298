// The built CLI, spawned as an administrator would run it: exit codes, --json documents that
// validate against the committed JSON Schemas, and one clear message (no stack) for bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { schemaValidator } from '../schema-validator';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/fipsfix.cjs');
const SHARED = join(ROOT, 'test/fixtures/shared-evidence');

function fipsfix(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ajv = schemaValidator();
const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(join(ROOT, 'docs', name), 'utf8')));
const validDiagnosis = schema('diagnosis.schema.json');
const validPlan = schema('plan.schema.json');

function noStack(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
}

describe('fipsfix diagnose', () => {
  it('runs on the default simulated machine where there is no Windows, and says so', () => {
    const r = fipsfix('diagnose');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /simulated machine "both-methods" — the default where there is no Windows/);
    assert.match(r.stdout, /Verdict: BLOCKED/);
  });

  const cases: [string, number][] = [
    ['healthy', 0],
    ['rdp-tcp-fips', 1],
    ['fips-domain-gpo', 2],
    ['fips-unelevated-gpresult', 2],
  ];
  for (const [machine, code] of cases) {
    it(`--machine ${machine} --json: exit ${code}, a document that fits docs/diagnosis.schema.json`, () => {
      const r = fipsfix('diagnose', '--machine', machine, '--json');
      assert.equal(r.code, code, r.stderr);
      const doc: unknown = JSON.parse(r.stdout);
      assert.ok(validDiagnosis(doc), JSON.stringify(validDiagnosis.errors));
    });
  }

  it('the domain GPO case names the GPO and says it cannot be fixed here', () => {
    const r = fipsfix('diagnose', '--machine', 'fips-domain-gpo');
    assert.equal(r.code, 2);
    assert.match(r.stdout, /NOT fixable on this server/);
    assert.match(
      r.stdout,
      /domain GPO "Fabrikam Member Server Security" \{0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0\}, linked at fabrikam\.local\/Servers/,
    );
  });

  it('--evidence on a shared sample gives its expected verdict', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fipsfix-ev-'));
    cpSync(join(SHARED, 'fips-domain-gpo'), dir, { recursive: true });
    writeFileSync(join(dir, 'README.txt'), 'collected by hand');
    const r = fipsfix('diagnose', '--evidence', dir, '--json');
    assert.equal(r.code, 2);
    const d = JSON.parse(r.stdout) as {
      blocksRemoteAssistance: boolean;
      causes: { source: string; gpo?: { name: string } }[];
    };
    assert.equal(d.blocksRemoteAssistance, true);
    assert.deepEqual(
      d.causes.map((c) => [c.source, c.gpo?.name]),
      [['domain-group-policy', 'Fabrikam Member Server Security']],
    );
    assert.match(r.stderr, /skipped README\.txt/);
    assert.match(r.stderr, /skipped expected\.json/);
  });
});

describe('bad input: exit 3, one clear message naming what is wrong, nothing concluded', () => {
  it('an evidence folder that does not exist', () => {
    const r = fipsfix('diagnose', '--evidence', '/nonexistent/evidence');
    assert.equal(r.code, 3);
    assert.match(r.stderr, /\/nonexistent\/evidence: no such evidence folder/);
    assert.equal(r.stdout, '');
    noStack(r.stderr);
  });

  it('a truncated file in the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fipsfix-ev-'));
    const reg = readFileSync(join(SHARED, 'listener-fips/rdp-tcp.reg'));
    writeFileSync(join(dir, 'rdp-tcp.reg'), reg.subarray(0, 900));
    const r = fipsfix('diagnose', '--evidence', dir, '--json');
    assert.equal(r.code, 3);
    assert.match(r.stderr, /rdp-tcp\.reg: .*truncated/);
    assert.equal(r.stdout, '');
    noStack(r.stderr);
  });

  it('a simulated machine file that fails its schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fipsfix-m-'));
    const m = JSON.parse(
      readFileSync(join(ROOT, 'src/machine/simulated/scenarios/rdp-tcp-fips.json'), 'utf8'),
    ) as { registry: Record<string, Record<string, { data: number }>> };
    const key = Object.keys(m.registry).find((k) => k.endsWith('RDP-Tcp')) ?? '';
    const value = m.registry[key]?.['MinEncryptionLevel'];
    if (value) value.data = 9;
    writeFileSync(join(dir, 'machine.json'), JSON.stringify(m));
    const r = fipsfix('diagnose', '--machine', join(dir, 'machine.json'));
    assert.equal(r.code, 3);
    assert.match(
      r.stderr,
      /machine\.json: not a valid simulated machine: .*MinEncryptionLevel is 9, out of range 1 to 4/,
    );
    noStack(r.stderr);
  });

  it('a machine that is neither built in nor a file', () => {
    const r = fipsfix('diagnose', '--machine', 'no-such-machine');
    assert.equal(r.code, 3);
    assert.match(r.stderr, /not a built-in machine \(built-in: both-methods/);
  });

  it('--machine and --evidence together, and an unknown option', () => {
    assert.equal(fipsfix('diagnose', '--machine', 'healthy', '--evidence', '.').code, 3);
    const r = fipsfix('diagnose', '--frobnicate');
    assert.equal(r.code, 3);
    assert.match(r.stderr, /unknown option '--frobnicate'/);
  });
});

describe('fipsfix plan', () => {
  it('plans by the same method and validates against docs/plan.schema.json', () => {
    const r = fipsfix('plan', '--machine', 'both-methods', '--json');
    assert.equal(r.code, 1);
    const p = JSON.parse(r.stdout) as { changes: { via: string; before: number; after: number }[] };
    assert.ok(validPlan(p), JSON.stringify(validPlan.errors));
    assert.deepEqual(
      p.changes.map((c) => [c.via, c.before, c.after]),
      [
        ['local-security-policy', 1, 0],
        ['rdp-tcp-value', 4, 3],
      ],
    );
  });

  it('refuses for a domain GPO (exit 2), and Low without confirmation', () => {
    assert.equal(fipsfix('plan', '--machine', 'rdp-policy-domain-gpo').code, 2);
    const low = fipsfix('plan', '--machine', 'rdp-tcp-fips', '--rdp-level', '1');
    assert.equal(low.code, 2);
    assert.match(low.stdout, /explicit confirmation \(--confirm-low\)/);
    assert.equal(fipsfix('plan', '--machine', 'rdp-tcp-fips', '--rdp-level', '1', '--confirm-low').code, 1);
    assert.equal(fipsfix('plan', '--machine', 'rdp-tcp-fips', '--rdp-level', '4').code, 3);
    // RDP-Tcp-3390 uses SSL (TLS), by policy: Low is refused even when confirmed, and High offered.
    const ssl = fipsfix('plan', '--machine', 'listener-tls-fips', '--rdp-level', '1', '--confirm-low');
    assert.equal(ssl.code, 2);
    assert.match(
      ssl.stdout,
      /RDP-Tcp-3390 listener's security layer is 2 \(SSL \(TLS\)\).*incompatible with the Low \(1\).*Choose High \(3\)/,
    );
  });
});

describe('fipsfix --help', () => {
  it('prints the exit-code table', () => {
    const r = fipsfix('--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Exit codes of diagnose, verify and plan:\n\s+0 .*\n\s+1 .*\n\s+2 .*\n\s+3 /);
    assert.match(
      r.stdout,
      /Exit codes of apply, rollback and recover:\n\s+0 .*\n\s+2 .*\n\s+3 .*\n\s+4 .*\n\s+5 /,
    );
  });
});

describe('a reader that stops early', () => {
  it('fipsfix diagnose | true (the reader is gone before the first write): no stack trace, the verdict is still the exit code', () => {
    const b = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${BIN}" diagnose --machine rdp-tcp-fips | true; echo "\${PIPESTATUS[0]}"`,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(b.stdout.trim(), '1');
    assert.doesNotMatch(b.stderr, /EPIPE|\n\s+at /);
  });
});
