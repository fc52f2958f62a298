// What only real Windows can show: secedit, gpresult, wevtutil and gpupdate themselves, a security
// template applied to the real security database, the local GPO applied by a real policy refresh,
// and the CLI's apply → verify after refresh → rollback on a real registry. It changes the machine
// and puts it back, so it runs on a throw-away elevated runner (docs/windows-suite.md); everywhere
// else, and under Wine (whose secedit and gpresult are stubs), it says in one line that it was skipped.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin', 'fipsfix.cjs');

function whyNotHere(): string | undefined {
  if (process.platform !== 'win32')
    return 'not on Windows (run it on a Windows runner: npm run test:windows, see docs/windows-suite.md)';
  const wine = spawnSync('reg', ['query', 'HKLM\\Software\\Wine'], { stdio: 'ignore' });
  if (wine.status === 0) return 'this is Wine, whose secedit, gpresult and gpupdate are stubs';
  if (!process.env['FIPSFIX_REAL_WINDOWS_SUITE'])
    return 'FIPSFIX_REAL_WINDOWS_SUITE is not set: this suite changes the machine, so it runs only where asked (a throw-away runner)';
  return undefined;
}

const skip = whyNotHere();
if (skip) console.log(`real Windows suite skipped: ${skip}`);
else suite();

function suite(): void {
  // Loaded only here, synchronously (describe needs the machine now): these modules load native-reg,
  // which exists only on Windows, so a top-level import would fail everywhere else.
  const { createWindowsMachine } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../src/machine/windows/windows-machine') as typeof import('../../src/machine/windows/windows-machine');
  const { isElevated } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../src/machine/windows/elevation-check') as typeof import('../../src/machine/windows/elevation-check');
  const machine = createWindowsMachine();

  function fipsfix(...args: string[]): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 600_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  const reg = (...args: string[]): number | null => spawnSync('reg', args, { stdio: 'ignore' }).status;
  const RDP_TCP = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';

  describe('on real Windows (elevated, throw-away runner)', { timeout: 900_000 }, () => {
    let fipsBefore: Awaited<ReturnType<typeof machine.policy.readFipsSecurityOption>>;
    let tcpBefore: ReturnType<typeof machine.registry.readValue>;
    let gpoBefore: ReturnType<typeof machine.policy.readLocalGpoRdpLevel>;

    before(async () => {
      assert.equal(isElevated(), true, 'the runner must be elevated (GitHub windows-latest is)');
      fipsBefore = await machine.policy.readFipsSecurityOption();
      tcpBefore = machine.registry.readValue('rdp-tcp-encryption-level');
      gpoBefore = machine.policy.readLocalGpoRdpLevel();
    });
    after(async () => {
      // Put back what the suite found, by the same routes it used.
      if (fipsBefore.state === 'defined') await machine.policy.configureFipsSecurityOption(fipsBefore.data);
      machine.policy.writeLocalGpoRdpLevel(gpoBefore);
      await machine.policy.refreshPolicy();
      if (tcpBefore.exists && tcpBefore.type === 'REG_DWORD')
        machine.registry.setDword('rdp-tcp-encryption-level', tcpBefore.data);
      else machine.registry.deleteValue('rdp-tcp-encryption-level');
    });

    it('collects every policy source with the real tools (nothing recorded as unavailable)', async () => {
      const ev = await machine.evidence.collectAll();
      assert.deepEqual(ev.unavailable, []);
      assert.ok(ev.securityPolicy, 'secedit /export was parsed');
      assert.equal(ev.groupPolicy?.computerResults, 'present', 'elevated gpresult has a computer part');
    });

    it('a security template applied with secedit sets the database and the registry, and a policy refresh keeps it', async () => {
      await machine.policy.configureFipsSecurityOption(1);
      assert.deepEqual(await machine.policy.readFipsSecurityOption(), { state: 'defined', data: 1 });
      assert.deepEqual(machine.registry.readValue('fips-algorithm-policy'), {
        exists: true,
        type: 'REG_DWORD',
        data: 1,
      });
      await machine.policy.configureFipsSecurityOption(0);
      assert.deepEqual(machine.registry.readValue('fips-algorithm-policy'), {
        exists: true,
        type: 'REG_DWORD',
        data: 0,
      });
      assert.deepEqual(await machine.policy.refreshPolicy(), { ran: true });
      assert.deepEqual(machine.registry.readValue('fips-algorithm-policy'), {
        exists: true,
        type: 'REG_DWORD',
        data: 0,
      });
    });

    it("the local GPO's Registry.pol, applied by a real gpupdate, sets the policy value", async () => {
      machine.policy.writeLocalGpoRdpLevel({ state: 'set', data: 3 });
      assert.deepEqual(await machine.policy.refreshPolicy(), { ran: true });
      assert.deepEqual(machine.registry.readValue('rdp-encryption-policy'), {
        exists: true,
        type: 'REG_DWORD',
        data: 3,
      });
      machine.policy.writeLocalGpoRdpLevel({ state: 'not-defined' });
      await machine.policy.refreshPolicy();
    });

    it('the CLI: apply → verify --after-refresh → rollback on the real registry', () => {
      assert.equal(reg('add', RDP_TCP, '/v', 'MinEncryptionLevel', '/t', 'REG_DWORD', '/d', '4', '/f'), 0);
      assert.equal(fipsfix('diagnose').code, 1);
      const applied = fipsfix('apply', '--yes', '--json');
      assert.equal(applied.code, 0, applied.stderr + applied.stdout);
      const id = (JSON.parse(applied.stdout) as { backup: { id: string } }).backup.id;
      // The backups folder: administrators and SYSTEM may write, users only read.
      const acl = spawnSync('icacls', [`${process.env['ProgramData'] ?? 'C:\\ProgramData'}\\FipsFix`], {
        encoding: 'utf8',
      }).stdout;
      assert.match(acl, /BUILTIN\\Administrators:\(OI\)\(CI\)\(F\)/);
      assert.match(acl, /BUILTIN\\Users:\(OI\)\(CI\)\(RX\)/);
      assert.doesNotMatch(acl, /Everyone|Authenticated Users/);
      assert.equal(fipsfix('verify', '--after-refresh').code, 0);
      const back = fipsfix('rollback', id, '--yes');
      assert.equal(back.code, 0, back.stderr + back.stdout);
      assert.deepEqual(machine.registry.readValue('rdp-tcp-encryption-level'), {
        exists: true,
        type: 'REG_DWORD',
        data: 4,
      });
    });
  });
}
