// The local policy stores: secedit through a double of the spawn (see windows-tools-double.ts),
// the local GPO's files for real, in a temporary stand-in for %SystemRoot%.
import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { InvalidEvidence } from '../../../src/core/formats/invalid-evidence';
import { gptIniVersionOf } from '../../../src/core/formats/registry-pol-writer';
import { MachineFailure, type MachineFailureCode } from '../../../src/machine/machine';
import { WindowsLocalPolicyStore, localGpoPaths } from '../../../src/machine/windows/local-policy-store';
import {
  FORMATS,
  SHARED,
  WindowsToolsDouble,
  exits,
  missing,
  seceditWithDatabase,
  timedOut,
} from './windows-tools-double';

let root: string;
let windowsDir: string;
let tempDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fipsfix-store-'));
  windowsDir = join(root, 'Windows');
  tempDir = join(root, 'Temp');
  mkdirSync(windowsDir);
  mkdirSync(tempDir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function assertFailure(
  fn: () => Promise<unknown>,
  code: MachineFailureCode,
  pattern?: RegExp,
): Promise<void> {
  await assert.rejects(fn, (e: unknown) => {
    assert.ok(e instanceof MachineFailure, `expected MachineFailure, got ${String(e)}`);
    assert.equal(e.code, code);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

describe('local security database (secedit)', () => {
  it('reads the FIPS option from secedit /export into a private folder it removes afterwards', async () => {
    for (const [fips, want] of [
      ['not-defined', { state: 'not-defined' }],
      [0, { state: 'defined', data: 0 }],
      [1, { state: 'defined', data: 1 }],
    ] as const) {
      const tools = new WindowsToolsDouble({ secedit: seceditWithDatabase({ fips }) });
      const store = new WindowsLocalPolicyStore({ runner: tools, windowsDir, tempDir });
      assert.deepEqual(await store.readFipsSecurityOption(), want);
      const [call] = tools.calls;
      assert.equal(call?.program, join(windowsDir, 'System32', 'secedit.exe'));
      assert.deepEqual(
        call?.args.filter((_, i) => i !== 2),
        ['/export', '/cfg', '/areas', 'SECURITYPOLICY'],
      );
      assert.ok(call?.args[2]?.startsWith(join(tempDir, 'fipsfix-')));
    }
    assert.deepEqual(readdirSync(tempDir), []);
  });

  it('configures with the template and a database path that does not exist yet, then checks the database', async () => {
    const db: Parameters<typeof seceditWithDatabase>[0] = { fips: 1 };
    const tools = new WindowsToolsDouble({ secedit: seceditWithDatabase(db) });
    await new WindowsLocalPolicyStore({ runner: tools, windowsDir, tempDir }).configureFipsSecurityOption(0);
    assert.equal(db.fips, 0);
    assert.equal(db.configured?.dbExisted, false);
    const configure = tools.calls.find((c) => c.args[0] === '/configure');
    assert.deepEqual(
      configure?.args.filter((_, i) => i !== 2 && i !== 4),
      ['/configure', '/db', '/cfg', '/areas', 'SECURITYPOLICY'],
    );
    assert.match(configure?.args[2] ?? '', /fipsfix\.sdb$/);
    assert.equal(
      Buffer.from(db.configured?.template ?? []).toString('hex'),
      readFileSync(join(FORMATS, 'secedit-configure-fips-disabled.inf')).toString('hex'),
    );
    assert.deepEqual(readdirSync(tempDir), []);
  });

  it('a secedit that exits 0 and changes nothing is a failure that names the log', async () => {
    const tools = new WindowsToolsDouble({
      secedit: (args) => (args[0] === '/configure' ? exits(0)(args) : seceditWithDatabase({ fips: 1 })(args)),
    });
    const store = new WindowsLocalPolicyStore({ runner: tools, windowsDir, tempDir });
    await assertFailure(
      () => store.configureFipsSecurityOption(0),
      'ToolFailed',
      /not changed \(it says Enabled\).*scesrv\.log/,
    );
  });

  it('missing, failing, silent and timed-out secedit each say so', async () => {
    const store = (b: ConstructorParameters<typeof WindowsToolsDouble>[0]) =>
      new WindowsLocalPolicyStore({ runner: new WindowsToolsDouble(b), windowsDir, tempDir });
    await assertFailure(
      () => store({ secedit: missing }).readFipsSecurityOption(),
      'ToolMissing',
      /secedit is not on this machine/,
    );
    await assertFailure(
      () =>
        store({ secedit: exits(1, 'Task is completed. An error occurred.') }).configureFipsSecurityOption(1),
      'ToolFailed',
      /code 1: Task is completed.*security[/\\]logs[/\\]scesrv\.log/,
    );
    await assertFailure(
      () => store({ secedit: exits(0) }).readFipsSecurityOption(),
      'ToolFailed',
      /wrote no export/,
    );
    await assertFailure(
      () => store({ secedit: timedOut }).readFipsSecurityOption(),
      'ToolFailed',
      /did not finish in time/,
    );
  });
});

describe('local GPO (Registry.pol and gpt.ini)', () => {
  const store = (): WindowsLocalPolicyStore =>
    new WindowsLocalPolicyStore({ runner: new WindowsToolsDouble({}), windowsDir, tempDir });

  it('with no local GPO: not defined; setting a level creates Registry.pol and gpt.ini', () => {
    const { registryPol, gptIni } = localGpoPaths(windowsDir);
    assert.deepEqual(store().readLocalGpoRdpLevel(), { state: 'not-defined' });
    store().writeLocalGpoRdpLevel({ state: 'not-defined' });
    assert.deepEqual(readdirSync(windowsDir), [], 'nothing to write, nothing written');
    store().writeLocalGpoRdpLevel({ state: 'set', data: 3 });
    assert.deepEqual(store().readLocalGpoRdpLevel(), { state: 'set', data: 3 });
    assert.deepEqual(gptIniVersionOf(readFileSync(gptIni, 'latin1')), { user: 0, machine: 1 });
    store().writeLocalGpoRdpLevel({ state: 'deleted' });
    assert.deepEqual(store().readLocalGpoRdpLevel(), { state: 'deleted' });
    assert.deepEqual(gptIniVersionOf(readFileSync(gptIni, 'latin1')), { user: 0, machine: 2 });
    assert.deepEqual(
      readdirSync(join(registryPol, '..')),
      ['Registry.pol'],
      'no temporary file left beside it',
    );
  });

  it('changes the shared local-GPO evidence to not defined, keeping its other record and the user version', () => {
    const { registryPol, gptIni } = localGpoPaths(windowsDir);
    mkdirSync(join(registryPol, '..'), { recursive: true });
    copyFileSync(join(SHARED, 'rdp-policy-local-gpo/Registry.pol'), registryPol);
    copyFileSync(join(FORMATS, 'gpt-local.ini'), gptIni);
    assert.deepEqual(store().readLocalGpoRdpLevel(), { state: 'set', data: 4 });
    store().writeLocalGpoRdpLevel({ state: 'not-defined' });
    assert.deepEqual(store().readLocalGpoRdpLevel(), { state: 'not-defined' });
    assert.match(Buffer.from(readFileSync(registryPol)).toString('utf16le'), /UserAuthentication/);
    assert.equal(
      readFileSync(gptIni, 'latin1'),
      readFileSync(join(FORMATS, 'gpt-local.ini'), 'latin1').replace('Version=65539', 'Version=65540'),
    );
    const before = readFileSync(gptIni);
    store().writeLocalGpoRdpLevel({ state: 'not-defined' });
    assert.deepEqual(readFileSync(gptIni), before, 'an edit that changes nothing does not bump the version');
  });

  it('never rewrites a Registry.pol it cannot read', () => {
    const { registryPol } = localGpoPaths(windowsDir);
    mkdirSync(join(registryPol, '..'), { recursive: true });
    const corrupt = readFileSync(join(SHARED, 'rdp-policy-local-gpo/Registry.pol')).subarray(0, 100);
    writeFileSync(registryPol, corrupt);
    assert.throws(() => store().writeLocalGpoRdpLevel({ state: 'set', data: 3 }), InvalidEvidence);
    assert.deepEqual(readFileSync(registryPol), corrupt);
  });
});

describe('policy refresh (gpupdate)', () => {
  it('runs gpupdate /target:computer /force from System32 with a timeout', async () => {
    const tools = new WindowsToolsDouble({
      gpupdate: exits(0, 'Computer Policy update has completed successfully.'),
    });
    const outcome = await new WindowsLocalPolicyStore({
      runner: tools,
      windowsDir,
      tempDir,
      gpupdateTimeoutMs: 1234,
    }).refreshPolicy();
    assert.deepEqual(outcome, { ran: true });
    assert.deepEqual(tools.calls, [
      {
        tool: 'gpupdate',
        program: join(windowsDir, 'System32', 'gpupdate.exe'),
        args: ['/target:computer', '/force'],
        timeoutMs: 1234,
      },
    ]);
  });

  it('reports, rather than throws, a missing, failing or hung gpupdate', async () => {
    const run = (b: ConstructorParameters<typeof WindowsToolsDouble>[0]) =>
      new WindowsLocalPolicyStore({ runner: new WindowsToolsDouble(b), windowsDir, tempDir }).refreshPolicy();
    assert.deepEqual(await run({}), {
      ran: false,
      reason:
        'gpupdate is not on this machine. Policy is applied again at the next refresh (within 90 minutes), or run gpupdate /target:computer /force',
    });
    const failed = await run({ gpupdate: exits(1, 'Computer policy could not be updated successfully.') });
    assert.match(failed.ran ? '' : failed.reason, /exited with code 1: Computer policy could not be updated/);
    const hung = await run({ gpupdate: timedOut });
    assert.match(hung.ran ? '' : hung.reason, /did not finish in time/);
  });
});
