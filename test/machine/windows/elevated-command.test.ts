// The elevated step's command line. The builder runs for real on temporary files whose paths hold
// the characters that break a batch file; Linux paths stand in for Windows ones (path.posix, the
// same rules with "/" for "\"), and the Windows rules are checked on Windows-style strings.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MachineFailure, type MachineFailureCode } from '../../../src/machine/machine';
import {
  ELEVATION_DECLINED_MESSAGE,
  buildElevatedCommand,
  elevatedCommandFor,
  isSafeForElevatedBatch,
  runElevated,
  type ElevatedCommand,
  type SudoExec,
} from '../../../src/machine/windows/elevated-command';

const { posix } = path;
let root: string;
let pendingDir: string;
const PLAN = '{"format":"fipsfix-plan/1","kind":"changes"}\n';
const SHA = createHash('sha256').update(PLAN).digest('hex');
const NODE = '/opt/node/bin/node';
const SCRIPT = '/opt/fipsfix/dist/cli.cjs';

before(() => {
  root = mkdtempSync(posix.join(tmpdir(), 'fipsfix elevated '));
  pendingDir = posix.join(root, 'ProgramData', 'FipsFix', 'pending');
});
after(() => rmSync(root, { recursive: true, force: true }));

function planIn(folder: string): string {
  const dir = posix.join(root, folder);
  mkdirSync(dir, { recursive: true });
  const file = posix.join(dir, 'plan.json');
  writeFileSync(file, PLAN);
  return file;
}

function assertRefused(fn: () => unknown, code: MachineFailureCode, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof MachineFailure, `expected MachineFailure, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('Windows path rules for the batch line', () => {
  const safe = [
    'C:\\Program Files\\nodejs\\node.exe',
    'C:\\Program Files (x86)\\FipsFix\\FipsFix.exe',
    'D:\\plans\\plan-2024_01.json',
    'C:\\',
  ];
  const unsafe = [
    "C:\\Users\\O'Brien\\plan.json",
    'C:\\a&b\\plan.json',
    'C:\\100%\\plan.json',
    'C:\\%USERPROFILE%\\plan.json',
    'C:\\a^b\\plan.json',
    'C:\\wow!\\plan.json',
    'C:\\Users\\张伟\\plan.json',
    'C:\\a"b\\plan.json',
    'C:\\a|b\\plan.json',
    'C:\\a>b\\plan.json',
    'C:\\file.json:stream',
    '\\\\server\\share\\plan.json',
    'plans\\plan.json',
    'C:/forward/slashes.json',
  ];
  for (const p of safe) it(`safe: ${p}`, () => assert.equal(isSafeForElevatedBatch(p), true));
  for (const p of unsafe) it(`unsafe: ${p}`, () => assert.equal(isSafeForElevatedBatch(p), false));
});

describe('the elevated command', () => {
  it('under node: node, the CLI script, apply-plan with the plan and its hash, every path quoted', () => {
    const plan = planIn('plans with spaces');
    const c = buildElevatedCommand({
      file: plan,
      sha256: SHA.toUpperCase(),
      executable: NODE,
      script: SCRIPT,
      pendingDir,
      paths: posix,
    });
    assert.equal(c.command, `"${NODE}" "${SCRIPT}" apply-plan --plan "${plan}" --sha256 ${SHA}`);
    assert.deepEqual(c.argv, [NODE, SCRIPT, 'apply-plan', '--plan', plan, '--sha256', SHA]);
    assert.equal(c.copiedFrom, undefined, 'spaces are fine: no copy');
    assert.equal(existsSync(pendingDir), false);
  });

  it('rollback-backup names its file with --backup', () => {
    const backup = planIn('backups');
    const c = buildElevatedCommand({
      mode: 'rollback-backup',
      file: backup,
      sha256: SHA,
      executable: NODE,
      script: SCRIPT,
      pendingDir,
      paths: posix,
    });
    assert.equal(c.command, `"${NODE}" "${SCRIPT}" rollback-backup --backup "${backup}" --sha256 ${SHA}`);
  });

  it('starts only an executable inside a folder only administrators can change', () => {
    const plan = planIn('plain');
    assert.throws(
      () =>
        buildElevatedCommand({
          file: plan,
          sha256: SHA,
          executable: NODE,
          script: SCRIPT,
          pendingDir,
          paths: posix,
          trustedRoots: ['/opt/program-files'],
        }),
      (e: unknown) =>
        e instanceof MachineFailure && /outside the folders only administrators can change/.test(e.message),
    );
    const ok = buildElevatedCommand({
      file: plan,
      sha256: SHA,
      executable: NODE,
      script: SCRIPT,
      pendingDir,
      paths: posix,
      trustedRoots: [posix.dirname(NODE), posix.dirname(SCRIPT)],
    });
    assert.ok(ok.command.includes('apply-plan'));
  });

  it('elevatedCommandFor gives the command, or the refusal in words', () => {
    const plan = planIn('plain');
    const where = { executable: NODE, script: SCRIPT, pendingDir, paths: posix };
    const ok = elevatedCommandFor('apply-plan', plan, SHA, where);
    assert.equal(ok.ok, true);
    assert.equal(ok.ok && ok.argv.slice(-5).join(' '), `apply-plan --plan ${plan} --sha256 ${SHA}`);
    const refused = elevatedCommandFor('apply-plan', plan, '0'.repeat(64), where);
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.reason, /changed after it was shown/);
  });

  it('packaged (not node): the executable alone, no script', () => {
    const c = buildElevatedCommand({
      file: planIn('plain'),
      sha256: SHA,
      executable: '/opt/FipsFix/FipsFix.exe',
      pendingDir,
      paths: posix,
    });
    assert.equal(c.argv[1], 'apply-plan');
  });

  for (const folder of [
    'quote"d',
    'this & that',
    '100%',
    '%TEMP%',
    'caret^',
    "O'Brien",
    '张伟的计划',
    'wow!',
  ]) {
    it(`a plan under "${folder}" is copied to the pending folder and named by its hash`, () => {
      const plan = planIn(folder);
      const c = buildElevatedCommand({
        file: plan,
        sha256: SHA,
        executable: NODE,
        script: SCRIPT,
        pendingDir,
        paths: posix,
      });
      assert.equal(c.file, posix.join(pendingDir, `${SHA}.json`));
      assert.equal(c.copiedFrom, plan);
      assert.equal(readFileSync(c.file, 'utf8'), PLAN);
      assert.ok(isSafeForElevatedBatch(c.file, posix));
      assert.equal(c.command.includes(folder), false, 'the unsafe path never reaches the batch line');
      assert.deepEqual(readdirSync(pendingDir), [`${SHA}.json`], 'no temporary file left');
    });
  }

  it('refuses when the pending folder is unsafe too', () => {
    assertRefused(
      () =>
        buildElevatedCommand({
          file: planIn('a&b'),
          sha256: SHA,
          executable: NODE,
          script: SCRIPT,
          pendingDir: posix.join(root, '50% off'),
          paths: posix,
        }),
      'Unsupported',
      /both have characters .*"%"/,
    );
  });

  for (const [what, input] of [
    ['executable', { executable: posix.join(root, 'Tom & Jerry', 'node'), script: SCRIPT }],
    ['CLI script', { executable: NODE, script: posix.join(root, '工具', 'cli.cjs') }],
  ] as const) {
    it(`refuses an unsafe ${what} path, naming it and what to do`, () => {
      assertRefused(
        () =>
          buildElevatedCommand({ file: planIn('plain'), sha256: SHA, pendingDir, paths: posix, ...input }),
        'Unsupported',
        /a path with characters .*Move FipsFix to a folder such as C:\\Program Files\\FipsFix/,
      );
    });
  }

  it('refuses a plan that changed since it was shown, or a hash that is not one, and copies nothing', () => {
    const plan = planIn('changed & unsafe');
    writeFileSync(plan, PLAN.replace('changes', 'nothing-to-do'));
    const fresh = posix.join(root, 'pending-unused');
    assertRefused(
      () =>
        buildElevatedCommand({
          file: plan,
          sha256: SHA,
          executable: NODE,
          script: SCRIPT,
          pendingDir: fresh,
          paths: posix,
        }),
      'Unsupported',
      /changed after it was shown/,
    );
    assert.equal(existsSync(fresh), false);
    assertRefused(
      () =>
        buildElevatedCommand({
          file: plan,
          sha256: 'abc',
          executable: NODE,
          script: SCRIPT,
          pendingDir,
          paths: posix,
        }),
      'Unsupported',
      /not a SHA-256/,
    );
  });
});

describe('running it elevated', () => {
  // A UAC prompt cannot be shown here: this double replaces only sudo-prompt's exec and answers
  // as sudo-prompt does (its messages and error shapes are taken from @vscode/sudo-prompt/index.js).
  const COMMAND: ElevatedCommand = {
    command: '"C:\\FipsFix\\FipsFix.exe" apply-plan --plan "C:\\p.json" --sha256 ' + SHA,
    argv: [],
    programs: [],
    file: 'C:\\p.json',
  };
  function sudo(answer: (cb: Parameters<SudoExec>[2]) => void): {
    exec: SudoExec;
    seen: { command: string; name: string }[];
  } {
    const seen: { command: string; name: string }[] = [];
    return {
      seen,
      exec: (command, options, cb) => {
        seen.push({ command, name: options.name });
        answer(cb);
      },
    };
  }

  it("passes the command as built, named FipsFix, and returns the step's output", async () => {
    const s = sudo((cb) => cb(undefined, 'applied 2 changes\r\n', ''));
    assert.deepEqual(await runElevated(COMMAND, {}, s.exec), {
      stdout: 'applied 2 changes\r\n',
      stderr: '',
      exitCode: 0,
    });
    assert.deepEqual(s.seen, [{ command: COMMAND.command, name: 'FipsFix' }]);
    await runElevated(COMMAND.command, {}, s.exec);
    assert.deepEqual(
      s.seen[1],
      { command: COMMAND.command, name: 'FipsFix' },
      'a command line given as a string goes as it is',
    );
  });

  it('a declined prompt is ElevationDeclined', async () => {
    const s = sudo((cb) => cb(new Error(ELEVATION_DECLINED_MESSAGE)));
    await assert.rejects(
      runElevated(COMMAND, {}, s.exec),
      (e: unknown) =>
        e instanceof MachineFailure &&
        e.code === 'ElevationDeclined' &&
        /nothing was changed/.test(e.message),
    );
  });

  it('a step that exits non-zero is its own answer, with its output', async () => {
    const s = sudo((cb) =>
      cb(
        Object.assign(new Error(`Command failed: ${COMMAND.command}\r\nrefused`), { code: 3 }),
        '{"ok":false}',
        'refused',
      ),
    );
    assert.deepEqual(await runElevated(COMMAND, {}, s.exec), {
      stdout: '{"ok":false}',
      stderr: 'refused',
      exitCode: 3,
    });
  });

  it('anything else is ToolFailed', async () => {
    const s = sudo((cb) => cb(new Error('process.cwd() cannot contain double-quotes.')));
    await assert.rejects(
      runElevated(COMMAND, {}, s.exec),
      (e: unknown) => e instanceof MachineFailure && e.code === 'ToolFailed',
    );
  });

  it('starts the step from the safe working directory, which sudo-prompt reads later, then restores this one', async () => {
    const safe = mkdtempSync(posix.join(tmpdir(), 'fipsfix-system32-'));
    const hostile = mkdtempSync(posix.join(tmpdir(), 'fipsfix-%FIPSFIX_EVIL%-'));
    const before = process.cwd();
    process.chdir(hostile);
    const written: string[] = [];
    try {
      // As sudo-prompt's WindowsWriteCommandScript: process.cwd() is read once its folder exists.
      const exec: SudoExec = (_command, _options, cb) => {
        setImmediate(() => {
          written.push(`cd /d "${process.cwd()}"`);
          cb(undefined, '', '');
        });
      };
      await runElevated(COMMAND, { workingDirectory: safe }, exec);
      assert.deepEqual(written, [`cd /d "${safe}"`]);
      assert.equal(process.cwd(), hostile, 'the working directory before is back');
    } finally {
      process.chdir(before);
      rmSync(safe, { recursive: true, force: true });
      rmSync(hostile, { recursive: true, force: true });
    }
  });

  it('sudo-prompt itself is loaded only when no exec is given', () => {
    assert.equal(
      Object.keys(require.cache).some((p) => p.includes('sudo-prompt')),
      false,
    );
  });
});
