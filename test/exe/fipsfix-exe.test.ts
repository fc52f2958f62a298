// fipsfix.exe (Node's single executable application, built here by scripts/build-exe.mjs) under Wine:
// on the same Wine registry, `fipsfix.exe diagnose --json` gives the same diagnosis and exit code as
// the Node CLI (bin/fipsfix.cjs on the Windows node.exe), for a healthy server, RDP-Tcp at FIPS and
// the FIPS option on. The exe's addon travels beside it; without it the exe says so in one line.
// It uses its own Wine prefix, so it never races test/wine/ over the registry.
// Without Wine the suite is skipped with one plain line saying why.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiagnosisSchema } from '../../src/core/diagnosis-schema';

const REPO = join(__dirname, '../..');
const PREFIX = join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'fipsfix-wine', 'prefix-exe');
const KEYS = {
  rdpTcp: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
  fips: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy',
  policy: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services',
};

function prepare(): { skip: string } | { node: string; exe: string } {
  if (process.env['FIPSFIX_SKIP_WINE']) return { skip: 'FIPSFIX_SKIP_WINE is set' };
  if (spawnSync('sh', ['-c', 'command -v wine'], { stdio: 'ignore' }).status !== 0)
    return { skip: 'wine is not installed (scripts/wine/setup-wine-env.sh installs it)' };
  const setup = spawnSync(join(REPO, 'scripts/wine/setup-wine-env.sh'), [PREFIX, '--keepalive'], {
    encoding: 'utf8',
    timeout: 240_000,
  });
  const node = setup.stdout.trim();
  if (setup.status !== 0 || !node.endsWith('node.exe'))
    return {
      skip: `setup-wine-env.sh failed (${setup.error ? setup.error.message : `exit ${setup.status}`})`,
    };
  const t0 = Date.now();
  const b = spawnSync(process.execPath, [join(REPO, 'scripts/build-exe.mjs'), '--print-path'], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (b.status !== 0) throw new Error(`npm run build:exe failed: ${b.stderr}`);
  console.log(`fipsfix.exe built (or taken from the cache) in ${Date.now() - t0} ms`);
  return { node, exe: b.stdout.trim() };
}

const wine = prepare();
if ('skip' in wine) console.log(`fipsfix.exe suite skipped: ${wine.skip}`);
else suite(wine.node, wine.exe);

function suite(node: string, exe: string): void {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WINEPREFIX: PREFIX,
    WINEDEBUG: '-all',
    WINDOWS_NODE: node,
  };
  delete env['NODE_EXTRA_CA_CERTS'];
  let work = '';

  function reg(...args: string[]): number | null {
    return spawnSync('wine', ['reg', ...args], { env, stdio: 'ignore', timeout: 30_000 }).status;
  }
  /** The Windows node dies with EBADF on a Unix pipe: stdout and stderr go to plain files. */
  function wineRun(
    program: string,
    args: readonly string[],
  ): { code: number | null; stdout: string; stderr: string; ms: number } {
    const out = join(work, 'out.txt');
    const err = join(work, 'err.txt');
    const fds = [openSync('/dev/null', 'r'), openSync(out, 'w'), openSync(err, 'w')] as const;
    const t0 = Date.now();
    const r = spawnSync('wine', [program, ...args], { env, stdio: [...fds], timeout: 60_000 });
    const ms = Date.now() - t0;
    fds.forEach((fd) => closeSync(fd));
    return { code: r.status, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8'), ms };
  }
  const viaExe = (...args: string[]) => wineRun(exe, args);
  const viaNode = (...args: string[]) => wineRun(node, [join(REPO, 'bin/fipsfix.cjs'), ...args]);

  describe('fipsfix.exe (single executable) under Wine', { timeout: 300_000 }, () => {
    before(() => {
      work = mkdtempSync(join(tmpdir(), 'fipsfix-exe-'));
      reg('delete', KEYS.policy, '/f');
    });
    after(() => {
      if (work) rmSync(work, { recursive: true, force: true });
      try {
        process.kill(Number(readFileSync(join(PREFIX, '.fipsfix-keepalive.pid'), 'utf8').trim()));
      } catch {
        /* already gone */
      }
    });

    it(`is one file of about the size of node.exe (${(statSync(exe).size / 1e6).toFixed(1)} MB) with the addon beside it`, () => {
      assert.ok(statSync(exe).size > statSync(node).size, 'the exe holds node.exe and the blob');
      assert.ok(statSync(join(exe, '..', 'prebuilds', 'win32-x64', 'node.napi.node')).size > 10_000);
      const v = viaExe('--version');
      assert.equal(v.code, 0, v.stderr);
      assert.equal(
        v.stdout.trim(),
        (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version,
      );
    });

    const cases: { name: string; set: () => void; code: number; verdict: string }[] = [
      {
        name: 'healthy: RDP-Tcp at High, FIPS option off',
        set: () => {
          reg('add', KEYS.rdpTcp, '/v', 'MinEncryptionLevel', '/t', 'REG_DWORD', '/d', '3', '/f');
          reg('add', KEYS.fips, '/v', 'Enabled', '/t', 'REG_DWORD', '/d', '0', '/f');
        },
        code: 0,
        verdict: 'not-blocked',
      },
      {
        // Wine has no gpresult: a domain GPO writing the value is not ruled out, so who set it is unknown.
        name: 'RDP-Tcp at FIPS Compliant (Wine has no gpresult: its source is not known)',
        set: () => reg('add', KEYS.rdpTcp, '/v', 'MinEncryptionLevel', '/t', 'REG_DWORD', '/d', '4', '/f'),
        code: 2,
        verdict: 'blocked',
      },
      {
        name: 'the FIPS option on as well (Wine has no secedit: its source is not known)',
        set: () => reg('add', KEYS.fips, '/v', 'Enabled', '/t', 'REG_DWORD', '/d', '1', '/f'),
        code: 2,
        verdict: 'blocked',
      },
    ];
    for (const c of cases) {
      it(`diagnose --json: same diagnosis and exit code as the Node CLI — ${c.name}`, () => {
        c.set();
        const a = viaExe('diagnose', '--json');
        const b = viaNode('diagnose', '--json');
        assert.equal(a.code, c.code, a.stderr);
        assert.equal(b.code, c.code, b.stderr);
        const fromExe = DiagnosisSchema.parse(JSON.parse(a.stdout));
        const fromNode = DiagnosisSchema.parse(JSON.parse(b.stdout));
        assert.equal(fromExe.verdict, c.verdict);
        // Each run dates its own document: the same diagnosis, made a moment apart.
        assert.ok(fromExe.diagnosedAt && fromNode.diagnosedAt);
        assert.deepEqual({ ...fromExe, diagnosedAt: '' }, { ...fromNode, diagnosedAt: '' });
        console.log(
          `fipsfix.exe diagnose --json: ${a.ms} ms wall under Wine (Node CLI on node.exe: ${b.ms} ms)`,
        );
      });
    }

    it('without its addon beside it, says so in one line and exits 3', () => {
      const lonely = join(work, 'lonely');
      spawnSync('mkdir', ['-p', lonely]);
      copyFileSync(exe, join(lonely, 'fipsfix.exe'));
      const r = wineRun(join(lonely, 'fipsfix.exe'), ['diagnose']);
      assert.equal(r.code, 3);
      assert.match(
        r.stderr,
        /native-reg's addon is missing: fipsfix\.exe needs prebuilds\\win32-x64\\node\.napi\.node beside it/,
      );
      assert.equal(r.stderr.trim().split('\n').length, 2, r.stderr);
    });
  });
}
