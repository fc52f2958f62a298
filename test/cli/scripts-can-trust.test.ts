// What a script or a person pasting from the terminal relies on (issue 15): every command FipsFix
// suggests runs as printed, with `fipsfix` on the PATH; exit codes as the README's table says; a
// typo or a wrong file in a few plain lines; dated --json output; --rdp-level by name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { schemaValidator } from '../schema-validator';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/fipsfix.cjs');
const ajv = schemaValidator();
const validDiagnosis = ajv.compile(
  JSON.parse(readFileSync(join(ROOT, 'docs/diagnosis.schema.json'), 'utf8')) as object,
);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function cli(data: string, args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', FIPSFIX_DATA_DIR: data, ...env },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** A folder holding a `fipsfix` command, as `npm link` puts one on the PATH. */
function fipsfixOnPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fipsfix-path-'));
  const shim = join(dir, 'fipsfix');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(shim, 0o755);
  return dir;
}
const PATH_DIR = fipsfixOnPath();

/** A suggested command, pasted into a shell as printed (with --yes where it would ask at a terminal). */
function pasted(data: string, command: string, confirm = '', cwd?: string): Run {
  assert.match(command, /^fipsfix /, `a fipsfix command: ${command}`);
  const r = spawnSync('sh', ['-c', `${command}${confirm}`], {
    ...(cwd ? { cwd } : {}),
    encoding: 'utf8',
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      FIPSFIX_DATA_DIR: data,
      PATH: `${PATH_DIR}:${process.env['PATH'] ?? ''}`,
    },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The commands a line suggests, each between single quotes. */
function suggested(line: string): string[] {
  return [...line.matchAll(/'(fipsfix [^']+)'/g)].map((m) => m[1] ?? '');
}

describe('every command FipsFix suggests works when pasted', () => {
  it('apply on a built-in machine: the Next: line keeps --machine, and each of its commands runs (exit 0)', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-hints-'));
    const applied = cli(data, ['apply', '--machine', 'rdp-tcp-fips', '--yes']);
    assert.equal(applied.code, 0, applied.stderr);
    const next = applied.stdout.split('\n').find((l) => l.startsWith('Next:')) ?? '';
    const commands = suggested(next);
    assert.equal(commands.length, 2, next);
    for (const c of commands) {
      assert.match(c, /--machine rdp-tcp-fips/);
      const r = pasted(data, c, c.includes('rollback') ? ' --yes' : '');
      assert.equal(r.code, 0, `${c}: ${r.stderr}${r.stdout}`);
    }
    // The rollback it suggested restored the machine: blocked again, as before the fix.
    assert.equal(cli(data, ['diagnose', '--machine', 'rdp-tcp-fips']).code, 1);
  });

  it('a machine file whose path has spaces: the suggestions quote it, and still run', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-hints-'));
    const dir = join(data, 'my machines');
    mkdirSync(dir);
    const file = join(dir, 'app ts02.json');
    copyFileSync(join(ROOT, 'src/machine/simulated/scenarios/rdp-tcp-fips.json'), file);
    const applied = cli(data, ['apply', '--machine', file, '--yes']);
    assert.equal(applied.code, 0, applied.stderr);
    const commands = suggested(applied.stdout.split('\n').find((l) => l.startsWith('Next:')) ?? '');
    assert.equal(commands.length, 2);
    for (const c of commands) {
      assert.ok(c.includes(`"${file}"`), c);
      const r = pasted(data, c, c.includes('rollback') ? ' --yes' : '');
      assert.equal(r.code, 0, `${c}: ${r.stderr}${r.stdout}`);
    }
  });

  it('an interrupted run: the recovery it names runs on the same machine and settles it', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-hints-'));
    const killed = cli(data, ['apply', '--machine', 'both-methods', '--yes'], {
      FIPSFIX_SIMULATED_FAULTS: JSON.stringify({ killAfterWrites: 1 }),
    });
    assert.equal(killed.signal, 'SIGKILL');
    const warned = cli(data, ['diagnose', '--machine', 'both-methods']).stderr;
    const commands = suggested(warned);
    assert.deepEqual(
      commands.map((c) => c.replace(/ --machine both-methods$/, '')),
      ['fipsfix recover --rollback', 'fipsfix recover --complete'],
    );
    const r = pasted(data, commands[0] ?? '', ' --yes');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(cli(data, ['recover', '--machine', 'both-methods']).stdout, /nothing to recover/);
  });

  it('off a terminal, the plan it says to review is on the same machine', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-hints-'));
    const r = spawnSync(process.execPath, [BIN, 'apply', '--machine', 'rdp-tcp-fips'], {
      encoding: 'utf8',
      input: '',
      env: { ...process.env, NODE_OPTIONS: '', FIPSFIX_DATA_DIR: data },
    });
    assert.equal(r.status, 3);
    const [review] = suggested(r.stderr);
    assert.equal(review, 'fipsfix plan --machine rdp-tcp-fips');
    assert.equal(pasted(data, review ?? '').code, 1, 'the plan it names has changes (exit 1)');
  });
});

describe('exit codes as the README says', () => {
  it('rollback of a backup id that does not exist is invalid input (3), naming how to list them', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-codes-'));
    const r = cli(data, ['rollback', '20260101T000000Z-00000000', '--machine', 'rdp-tcp-fips', '--yes']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /no such backup on APP-TS02/);
    const [list] = suggested(r.stderr);
    assert.equal(pasted(data, list ?? '').code, 0);
    assert.equal(
      cli(data, ['rollback', '/no/such/backup.json', '--machine', 'rdp-tcp-fips', '--yes']).code,
      3,
    );
  });

  it('export --as gpo-instructions: 0 when every server that needs instructions has them; the fixable ones are listed as skipped', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-codes-'));
    const fleet = join(data, 'fleet');
    mkdirSync(fleet);
    for (const m of ['fips-domain-gpo', 'rdp-tcp-fips', 'healthy', 'rdp-policy-domain-gpo'])
      writeFileSync(join(fleet, `${m}.json`), cli(data, ['diagnose', '--json', '--machine', m]).stdout);
    const out = join(data, 'out');
    const r = cli(data, ['export', '--as', 'gpo-instructions', '--from', fleet, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /wrote .*gpo-instructions\.md/);
    assert.match(r.stderr, /skipped APP-TS02: no domain GPO sets it: fixable on the server itself/);
    assert.match(r.stderr, /skipped APP-TS01: not blocked/);
    assert.doesNotMatch(r.stderr, /not exported/);
    // A server whose source is not known needs instructions nobody can write yet: 2.
    writeFileSync(
      join(fleet, 'unelevated.json'),
      cli(data, ['diagnose', '--json', '--machine', 'fips-unelevated-gpresult']).stdout,
    );
    const some = cli(data, ['export', '--as', 'gpo-instructions', '--from', fleet, '--out', out]);
    assert.equal(some.code, 2);
    assert.match(some.stderr, /not exported as gpo-instructions: .*who set it is not known/);
  });
});

describe('arguments in the administrator’s words', () => {
  it('--rdp-level takes high, client-compatible and low as well as 3, 2 and 1', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-level-'));
    const after = (level: string, ...more: string[]): number | undefined => {
      const r = cli(data, ['plan', '--machine', 'rdp-tcp-fips', '--json', '--rdp-level', level, ...more]);
      const p = JSON.parse(r.stdout) as { changes?: { after: number }[] };
      return p.changes?.[0]?.after;
    };
    assert.equal(after('high'), 3);
    assert.equal(after('3'), 3);
    assert.equal(after('client-compatible'), 2);
    assert.equal(after('2'), 2);
    assert.equal(after('low', '--confirm-low'), 1);
    assert.equal(after('1', '--confirm-low'), 1);
    assert.equal(cli(data, ['plan', '--machine', 'rdp-tcp-fips', '--rdp-level', 'low']).code, 2);
    const bad = cli(data, ['plan', '--machine', 'rdp-tcp-fips', '--rdp-level', 'medium']);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /high, client-compatible, low/);
  });

  it('a mistyped command: a few lines with the suggestion, not the whole help (exit 3)', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-typo-'));
    const r = cli(data, ['diagnoze']);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines[0], "fipsfix: unknown command 'diagnoze'; did you mean 'diagnose'?");
    assert.ok(lines.length <= 3, r.stderr);
    assert.doesNotMatch(r.stderr, /Usage:|Exit codes/);
    const opt = cli(data, ['diagnose', '--machin', 'healthy']);
    assert.equal(opt.code, 3);
    assert.match(
      opt.stderr,
      /^fipsfix: unknown option '--machin'; did you mean '--machine'\?\n\(fipsfix diagnose --help/,
    );
  });

  for (const [what, args, is] of [
    [
      'a diagnosis',
      ['diagnose', '--json', '--machine', 'rdp-tcp-fips'],
      /a FipsFix diagnosis \(what fipsfix diagnose --json writes\), not a simulated machine/,
    ],
    [
      'a report',
      ['report', '--format', 'json', '--machine', 'rdp-tcp-fips'],
      /a FipsFix report \(what fipsfix report --format json writes\), not a simulated machine/,
    ],
  ] as const) {
    it(`${what} passed as --machine is named for what it is, with what to pass instead (exit 3)`, () => {
      const data = mkdtempSync(join(tmpdir(), 'fipsfix-wrong-file-'));
      const file = join(data, 'app-ts02.json');
      writeFileSync(file, cli(data, [...args]).stdout);
      const r = cli(data, ['diagnose', '--machine', file]);
      assert.equal(r.code, 3);
      assert.match(r.stderr, is);
      assert.match(r.stderr, new RegExp(`'fipsfix fleet summarize ${file}'`));
      assert.doesNotMatch(
        r.stderr,
        /\(top\)|Invalid input|expected .* received|invalid_type/i,
        'no schema words',
      );
      const [summarize] = suggested(r.stderr);
      assert.equal(pasted(data, summarize ?? '').code, 1, 'the command it suggests reads the file');
    });
  }
});

describe('dated output', () => {
  it('diagnose --json carries diagnosedAt and the tool, and validates against docs/diagnosis.schema.json', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-dated-'));
    const before = Date.now();
    const r = cli(data, ['diagnose', '--json', '--machine', 'healthy']);
    assert.equal(r.code, 0);
    const d = JSON.parse(r.stdout) as {
      format: string;
      diagnosedAt: string;
      tool: { name: string; version: string };
    };
    assert.ok(validDiagnosis(d), JSON.stringify(validDiagnosis.errors));
    // The schema's formats are checked too: a time that is not ISO 8601 fails it.
    assert.equal(validDiagnosis({ ...d, diagnosedAt: 'Tuesday, 1 December 2026 10:00' }), false);
    assert.deepEqual(Object.keys(d).slice(0, 3), ['format', 'diagnosedAt', 'tool']);
    const at = Date.parse(d.diagnosedAt);
    assert.ok(at >= before - 1000 && at <= Date.now() + 1000, d.diagnosedAt);
    assert.equal(d.tool.name, 'fipsfix');
    assert.match(d.tool.version, /^\d+\.\d+\.\d+/);
    const v = JSON.parse(cli(data, ['verify', '--json', '--machine', 'healthy']).stdout) as {
      diagnosedAt?: string;
    };
    assert.ok(v.diagnosedAt, 'verify --json is dated too');
  });

  it('plain diagnose ends with its own exit code meaning, not the plan’s; --help keeps both', () => {
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-dated-'));
    for (const m of ['healthy', 'rdp-tcp-fips', 'fips-domain-gpo']) {
      const last = cli(data, ['diagnose', '--machine', m]).stdout.trimEnd().split('\n').at(-1) ?? '';
      assert.match(last, /^Exit code \d: /);
      assert.doesNotMatch(last, /\(plan:/);
    }
    assert.match(
      cli(data, ['--help']).stdout,
      /1 {2}blocked, and every cause can be fixed on this server \(plan: changes planned\)/,
    );
  });
});

describe('the README’s examples', () => {
  it('start with fipsfix on the PATH, never npx, and run as written (placeholders filled in)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.doesNotMatch(readme, /npx fipsfix/);
    const examples = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
      .flatMap((m) => (m[1] ?? '').split('\n'))
      .filter((l) => l.startsWith('fipsfix '))
      .map((l) => l.replace(/\s+#.*$/, '').replace(/\s*\[-[^\]]*\]/g, ''));
    assert.ok(examples.length >= 15, examples.join('\n'));
    const data = mkdtempSync(join(tmpdir(), 'fipsfix-readme-'));
    const cwd = join(data, 'work');
    mkdirSync(join(cwd, 'reports'), { recursive: true });
    copyFileSync(
      join(ROOT, 'src/machine/simulated/scenarios/rdp-tcp-fips.json'),
      join(cwd, 'my-server.json'),
    );
    const evidence = join(ROOT, 'test/fixtures/shared-evidence/fips-domain-gpo');
    mkdirSync(join(cwd, 'APP-TS02'));
    for (const f of readdirSync(evidence)) copyFileSync(join(evidence, f), join(cwd, 'APP-TS02', f));
    for (const m of ['fips-domain-gpo', 'rdp-tcp-fips'])
      writeFileSync(
        join(cwd, 'reports', `${m}.json`),
        cli(data, ['diagnose', '--json', '--machine', m]).stdout,
      );
    // A backup to report on: the default machine fixed once.
    const backup = (JSON.parse(cli(data, ['apply', '--yes', '--json']).stdout) as { backup: { id: string } })
      .backup.id;
    // Tests send traffic to loopback only: the probe examples' servers become closed loopback ports
    // (127.0.0.1 port 9 answers nothing here), which probe reports as not reachable (exit 2).
    writeFileSync(join(cwd, 'servers.txt'), '127.0.0.1:9\n[::1]:9\n');
    const loopback = (command: string): string =>
      command.startsWith('fipsfix probe ') && !command.includes('--hosts')
        ? 'fipsfix probe 127.0.0.1:9 [::1]:9' + (command.includes('--json') ? ' --json' : '')
        : command;
    for (const example of examples) {
      const command = loopback(example)
        .replaceAll('BACKUP', backup)
        .replaceAll(' DIR', ' out')
        .replaceAll(' FILE', ' out/file');
      const r = pasted(data, command, /^fipsfix (apply|rollback|recover)/.test(command) ? ' --yes' : '', cwd);
      assert.doesNotMatch(r.stderr, /unknown (command|option)|not found/, `${command}: ${r.stderr}`);
      // collect needs Windows; the others answer with one of the documented codes.
      if (command.startsWith('fipsfix collect')) assert.equal(r.code, 3, command);
      else
        assert.ok(r.code !== null && [0, 1, 2].includes(r.code), `${command}: exit ${r.code}\n${r.stderr}`);
    }
  });
});
