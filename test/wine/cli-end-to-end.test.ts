// The built CLI on a real Windows node.exe under Wine, against Wine's registry: diagnose → apply →
// verify → apply again (a no-op) → rollback, and after the rollback the touched keys, exported with
// reg export, are byte-identical to before. Wine has no UAC and runs as an administrator, so the
// already-elevated (in-process) path runs here; the UAC path is tested in test/cli/elevated-step.test.ts.
// Wine has no gpresult: this suite's own prefix gets test/wine/gpresult-stand-in.js as gpresult.exe
// (the real node.exe, preloading it), so the collector reads an elevated gpresult and can rule a
// domain GPO out before it calls the RDP-Tcp value fixable; without one it is "unknown" (issue 11).
// Without Wine the suite is skipped with one plain line saying why.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const REPO = join(__dirname, '../..');
const WINE_SCRIPTS = join(REPO, 'scripts/wine');
// Its own prefix: the gpresult stand-in must not reach the backend suite, which runs where gpresult is
// absent, as on a bare Wine.
const PREFIX = join(
  process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'),
  'fipsfix-wine',
  'prefix-cli-end-to-end',
);
const KEYS = {
  rdpTcp: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
  fips: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy',
  lsa: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa',
  policy: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services',
};

function prepare(): { skip: string } | { node: string } {
  if (process.env['FIPSFIX_SKIP_WINE']) return { skip: 'FIPSFIX_SKIP_WINE is set' };
  if (spawnSync('sh', ['-c', 'command -v wine'], { stdio: 'ignore' }).status !== 0)
    return { skip: 'wine is not installed (scripts/wine/setup-wine-env.sh installs it)' };
  const r = spawnSync(join(WINE_SCRIPTS, 'setup-wine-env.sh'), [PREFIX, '--keepalive'], {
    encoding: 'utf8',
    timeout: 240_000,
  });
  const node = r.stdout.trim();
  if (r.status !== 0 || !node.endsWith('node.exe'))
    return { skip: `setup-wine-env.sh failed (${r.error ? r.error.message : `exit ${r.status}`})` };
  return { node };
}

const wine = prepare();
if ('skip' in wine) console.log(`wine CLI suite skipped: ${wine.skip}`);
else suite(wine.node);

function suite(node: string): void {
  const gpresultExe = join(PREFIX, 'drive_c', 'windows', 'system32', 'gpresult.exe');
  if (!existsSync(gpresultExe)) {
    try {
      linkSync(node, gpresultExe);
    } catch {
      copyFileSync(node, gpresultExe);
    }
  }
  // Wine maps / to Z:. Only a process whose executable is gpresult.exe acts on the preload.
  const standIn = `Z:${join(__dirname, 'gpresult-stand-in.js').replace(/\\/g, '/')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WINEPREFIX: PREFIX,
    WINEDEBUG: '-all',
    WINDOWS_NODE: node,
    NODE_OPTIONS: `--require "${standIn}"`,
  };
  delete env['NODE_EXTRA_CA_CERTS'];

  function reg(...args: string[]): number | null {
    return spawnSync('wine', ['reg', ...args], { env, stdio: 'ignore', timeout: 30_000 }).status;
  }
  function fipsfix(...args: string[]): { code: number | null; stdout: string; stderr: string; ms: number } {
    return fipsfixIn({ ...env, FIPSFIX_TIMING: '1' }, args);
  }
  function fipsfixIn(
    runEnv: NodeJS.ProcessEnv,
    args: string[],
  ): { code: number | null; stdout: string; stderr: string; ms: number } {
    const t0 = Date.now();
    const r = spawnSync(join(WINE_SCRIPTS, 'run-windows-node.sh'), [join(REPO, 'bin/fipsfix.cjs'), ...args], {
      encoding: 'utf8',
      env: runEnv,
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
  }
  function exportKeys(dir: string): Record<string, Buffer> {
    const out: Record<string, Buffer> = {};
    for (const [name, key] of Object.entries(KEYS)) {
      const file = join(dir, `${name}.reg`);
      const status = reg('export', key, file, '/y');
      out[name] = status === 0 ? readFileSync(file) : Buffer.from(`missing (reg export exit ${status})`);
    }
    return out;
  }

  describe('fipsfix CLI on Windows node.exe under Wine', { timeout: 300_000 }, () => {
    let work: string;
    let before_: Record<string, Buffer>;
    let backupId = '';

    before(() => {
      work = mkdtempSync(join(tmpdir(), 'fipsfix-wine-cli-'));
      // A server whose RDP-Tcp connection was set to FIPS Compliant by hand; nothing else forces FIPS.
      assert.equal(
        reg('add', KEYS.rdpTcp, '/v', 'MinEncryptionLevel', '/t', 'REG_DWORD', '/d', '4', '/f'),
        0,
      );
      assert.equal(reg('add', KEYS.rdpTcp, '/v', 'PortNumber', '/t', 'REG_DWORD', '/d', '3389', '/f'), 0);
      assert.equal(reg('add', KEYS.fips, '/v', 'Enabled', '/t', 'REG_DWORD', '/d', '0', '/f'), 0);
      reg('delete', KEYS.lsa, '/v', 'FIPSAlgorithmPolicy', '/f');
      reg('delete', KEYS.policy, '/f');
      rmSync(join(PREFIX, 'drive_c', 'ProgramData', 'FipsFix'), { recursive: true, force: true });
      before_ = exportKeys(join(work, 'before'));
    });
    after(() => {
      if (work) rmSync(work, { recursive: true, force: true });
      // The keepalive only kept Wine warm for these runs; nothing of the suite may outlive it.
      try {
        process.kill(Number(readFileSync(join(PREFIX, '.fipsfix-keepalive.pid'), 'utf8').trim()));
      } catch {
        /* already gone */
      }
    });

    it('with no gpresult result: who set RDP-Tcp is unknown (exit 2), apply refuses and writes nothing', () => {
      const bare = { ...env };
      delete bare['NODE_OPTIONS']; // gpresult.exe is then a node.exe that fails, as a missing gpresult would
      const d = fipsfixIn(bare, ['diagnose', '--json']);
      assert.equal(d.code, 2, d.stderr);
      const causes = (JSON.parse(d.stdout) as { causes: { id: string; source: string }[] }).causes;
      assert.deepEqual(
        causes.map((c) => [c.id, c.source]),
        [['rdp-tcp-encryption-level', 'unknown']],
      );
      const a = fipsfixIn(bare, ['apply', '--yes']);
      assert.equal(a.code, 2, a.stderr + a.stdout);
      assert.match(a.stdout + a.stderr, /a domain GPO is not ruled out/);
      assert.ok(exportKeys(join(work, 'after-refused')).rdpTcp?.equals(before_['rdpTcp'] ?? Buffer.alloc(0)));
    });

    it('diagnose: the RDP-Tcp connection, fixable here (exit 1); the registry verdict comes first', () => {
      const text = fipsfix('diagnose');
      assert.equal(text.code, 1, text.stderr);
      const at = /from the registry alone: .*\[(\d+) ms after start\]/.exec(text.stderr);
      assert.ok(at, text.stderr);
      console.log(`wine: registry verdict ${at[1]} ms after node started; whole diagnose ${text.ms} ms wall`);
      const r = fipsfix('diagnose', '--json');
      assert.equal(r.code, 1, r.stderr);
      const d = JSON.parse(r.stdout) as {
        causes: { id: string; source: string; fixableLocally: boolean }[];
        machine: { name?: string };
      };
      assert.deepEqual(
        d.causes.map((c) => [c.id, c.source, c.fixableLocally]),
        [['rdp-tcp-encryption-level', 'rdp-tcp-connection', true]],
      );
    });

    it('apply --yes: backed up, written in-process (Wine is already elevated), verified', () => {
      const r = fipsfix('apply', '--yes', '--json');
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const o = JSON.parse(r.stdout) as {
        kind: string;
        backup: { id: string; file: string };
        verification: { ok: boolean }[];
      };
      assert.equal(o.kind, 'applied');
      assert.ok(o.verification.every((v) => v.ok));
      assert.match(o.backup.file, /ProgramData\\FipsFix\\backups\\/i);
      backupId = o.backup.id;
      assert.equal(
        spawnSync('wine', ['reg', 'query', KEYS.rdpTcp, '/v', 'MinEncryptionLevel'], {
          env,
          encoding: 'utf8',
        }).stdout.includes('0x3'),
        true,
      );
    });

    it('verify: not blocked any more (exit 0); a second apply is a no-op', () => {
      assert.equal(fipsfix('verify').code, 0);
      const again = fipsfix('apply', '--yes');
      assert.equal(again.code, 0);
      assert.match(again.stdout, /Already fixed/);
    });

    it("the backup's .reg, imported with reg import, restores the touched keys byte for byte", () => {
      const list = JSON.parse(fipsfix('backups', '--json').stdout) as {
        backups: { id: string; regFile: string }[];
      };
      assert.deepEqual(
        list.backups.map((b) => b.id),
        [backupId],
      );
      const regFile = join(PREFIX, 'drive_c', 'ProgramData', 'FipsFix', 'backups', `${backupId}.reg`);
      assert.equal(reg('import', regFile), 0);
      const after_ = exportKeys(join(work, 'after-import'));
      for (const name of Object.keys(KEYS))
        assert.ok(
          before_[name]?.equals(after_[name] ?? Buffer.alloc(0)),
          `${name}.reg differs after reg import`,
        );
    });

    it('apply again, then fipsfix rollback: reg export of the touched keys is byte-identical to before', () => {
      const applied = fipsfix('apply', '--yes', '--json');
      assert.equal(applied.code, 0, applied.stderr);
      const id = (JSON.parse(applied.stdout) as { backup: { id: string } }).backup.id;
      const r = fipsfix('rollback', id, '--yes', '--json');
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.equal((JSON.parse(r.stdout) as { kind: string }).kind, 'restored');
      const after_ = exportKeys(join(work, 'after-rollback'));
      for (const name of Object.keys(KEYS))
        assert.ok(
          before_[name]?.equals(after_[name] ?? Buffer.alloc(0)),
          `${name}.reg differs after rollback`,
        );
      assert.equal(fipsfix('diagnose').code, 1);
    });
  });
}
