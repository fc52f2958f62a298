// The Windows backend on a real Windows node.exe, native-reg, reg.exe and cmd.exe, under Wine:
// scripts/wine/setup-wine-env.sh prepares the prefix (~/.cache/fipsfix-wine), esbuild bundles
// src/machine/windows, and windows-backend-driver.js runs it all in one Windows process.
// Without Wine (or when the setup fails) the suite is skipped with one plain line saying why.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { z } from 'zod';
import { diagnose } from '../../src/core/diagnose';
import type { Evidence } from '../../src/core/evidence';
import { readEvidenceFolder } from '../../src/machine/read-evidence-folder';

const REPO = join(__dirname, '../..');
const WINE_SCRIPTS = join(REPO, 'scripts/wine');

/** Why the suite cannot run here, or undefined; also the Windows node.exe path when it can. */
function prepareWine(): { skip: string } | { node: string } {
  if (process.env['FIPSFIX_SKIP_WINE']) return { skip: 'FIPSFIX_SKIP_WINE is set' };
  if (spawnSync('sh', ['-c', 'command -v wine'], { stdio: 'ignore' }).status !== 0)
    return { skip: 'wine is not installed (scripts/wine/setup-wine-env.sh installs it)' };
  const r = spawnSync(join(WINE_SCRIPTS, 'setup-wine-env.sh'), [], { encoding: 'utf8', timeout: 240_000 });
  const node = r.stdout.trim();
  if (r.status !== 0 || !node.endsWith('node.exe')) {
    const why = `${r.stderr ?? ''}`.trim().split('\n').pop() ?? '';
    return {
      skip: `setup-wine-env.sh failed (${r.error ? r.error.message : `exit ${r.status}`}${why ? `: ${why}` : ''})`,
    };
  }
  return { node };
}

const Snapshot = z.union([
  z.object({ exists: z.literal(false) }).strict(),
  z.object({ exists: z.literal(true), type: z.literal('REG_DWORD'), data: z.number() }).strict(),
  z.object({ exists: z.literal(true), type: z.literal('other'), typeName: z.string() }).strict(),
]);
const Query = z.object({ type: z.string(), data: z.string() }).nullable();
const Attempt = z.union([
  z.object({ ok: z.literal(true), value: z.unknown().optional() }),
  z.object({ ok: z.literal(false), code: z.string().optional(), message: z.string() }),
]);
/** What the driver prints; checked before anything is believed. */
const Report = z.object({
  setup: z.array(z.number().nullable()),
  reads: z.record(z.string(), Snapshot),
  firstReadMs: z.number(),
  readMs: z.number(),
  elevated: z.boolean(),
  processesDuringReads: z.number(),
  afterWrites: z.object({ fips: Query, rdpTcp: Query, policy: Query }),
  afterDeletes: z.object({
    policy: Query,
    policyKeyExists: z.boolean(),
    legacy: Query,
    fipsUntouched: Query,
    secondDelete: Attempt,
    deleteInMissingKey: Attempt,
    readAfterDelete: Snapshot,
  }),
  liveEvidence: z.custom<Evidence>(
    (v) => typeof v === 'object' && v !== null && 'registry' in v && 'unavailable' in v,
  ),
  collectMs: z.number(),
  folder: z.object({
    dir: z.string(),
    written: z.array(z.object({ file: z.string(), holds: z.string() })),
    notWritten: z.array(z.object({ what: z.string(), reason: z.string() })),
  }),
  policyStore: z.object({
    readFips: Attempt,
    configureFips: Attempt,
    refresh: z.object({ ran: z.boolean(), reason: z.string().optional() }),
    localGpo: z.object({
      afterSet: z.unknown(),
      afterDelete: z.unknown(),
      files: z.array(z.string()),
      gptIni: z.string(),
    }),
  }),
  elevatedCommand: z.object({
    built: z.object({
      command: z.string(),
      argv: z.array(z.string()),
      file: z.string(),
      copiedFrom: z.string().optional(),
    }),
    status: z.number().nullable(),
    received: z.array(z.string()).nullable(),
  }),
  workingDirectory: z.object({
    batchCd: z.string(),
    hostile: z.string(),
    restored: z.string(),
    systemRoot: z.string(),
    elevatedCwd: z.string().nullable(),
    injected: z.boolean(),
  }),
});
type Report = z.infer<typeof Report>;

const wine = prepareWine();
// Skipped, the suite says why in one plain line and registers nothing (no reporter noise).
if ('skip' in wine) console.log(`wine suite skipped: ${wine.skip}`);
else suite(wine.node);

function suite(windowsNode: string): void {
  describe('Windows backend under Wine', { timeout: 120_000 }, () => {
    let work: string;
    let report: Report;
    let driverMs: number;

    before(async () => {
      work = mkdtempSync(join(tmpdir(), 'fipsfix-wine-'));
      const bundle = join(work, 'windows-backend.cjs');
      await build({
        stdin: {
          contents: [
            "export { WindowsRegistry } from './native-registry';",
            "export { isElevated } from './elevation-check';",
            "export { collectWindowsEvidence, writeEvidenceFolder } from './policy-evidence';",
            "export { spawnRunner } from './process-runner';",
            "export { WindowsLocalPolicyStore } from './local-policy-store';",
            "export { buildElevatedCommand, runElevated } from './elevated-command';",
          ].join('\n'),
          resolveDir: join(REPO, 'src/machine/windows'),
          loader: 'ts',
        },
        outfile: bundle,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        external: ['native-reg'],
        logLevel: 'warning',
      });
      const started = Date.now();
      const r = spawnSync(
        join(WINE_SCRIPTS, 'run-windows-node.sh'),
        [join(__dirname, 'windows-backend-driver.js'), bundle, work],
        {
          encoding: 'utf8',
          timeout: 90_000,
          env: { ...process.env, WINDOWS_NODE: windowsNode },
        },
      );
      driverMs = Date.now() - started;
      assert.equal(
        r.status,
        0,
        `the driver failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`,
      );
      report = Report.parse(JSON.parse(r.stdout));
      if (process.env['FIPSFIX_WINE_REPORT']) console.log(JSON.stringify(report, null, 1));
      console.log(
        `wine: driver ${driverMs} ms; first read ${report.firstReadMs.toFixed(2)} ms, then ${(report.readMs * 1000).toFixed(0)} µs per read; live collection ${report.collectMs.toFixed(0)} ms`,
      );
    });
    after(() => {
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('reads what reg.exe wrote, in-process, starting no child process', () => {
      assert.deepEqual(report.setup, [0, 0, 0, 0]);
      assert.deepEqual(report.reads, {
        'fips-algorithm-policy': { exists: true, type: 'REG_DWORD', data: 1 },
        'fips-algorithm-policy-legacy': { exists: true, type: 'other', typeName: 'REG_SZ' },
        'rdp-encryption-policy': { exists: true, type: 'REG_DWORD', data: 3 },
        'rdp-tcp-encryption-level': { exists: true, type: 'REG_DWORD', data: 4 },
      });
      assert.equal(report.processesDuringReads, 0);
      assert.ok(report.readMs < 5, `a read takes ${report.readMs} ms`);
      assert.equal(report.elevated, true, 'Wine treats every process as elevated');
    });

    it('writes and deletes what reg query then shows, creating a missing key', () => {
      assert.deepEqual(report.afterWrites, {
        fips: { type: 'REG_DWORD', data: '0x0' },
        rdpTcp: { type: 'REG_DWORD', data: '0x2' },
        policy: { type: 'REG_DWORD', data: '0x3' },
      });
      const d = report.afterDeletes;
      assert.equal(d.policy, null);
      assert.equal(d.policyKeyExists, false);
      assert.equal(d.legacy, null);
      assert.deepEqual(d.fipsUntouched, { type: 'REG_DWORD', data: '0x0' }, 'a delete touches nothing else');
      assert.deepEqual(d.secondDelete, { ok: true }, 'deleting a deleted value is a no-op');
      assert.deepEqual(d.deleteInMissingKey, { ok: true }, 'deleting in a missing key is a no-op');
      assert.deepEqual(d.readAfterDelete, { exists: false });
    });

    it('collects live evidence with the real tools, and an evidence folder that reads back to the same verdict', () => {
      const live = report.liveEvidence;
      assert.equal(live.registry['rdp-tcp-encryption-level']?.state, 'dword');
      assert.equal(live.registry['rdp-encryption-policy']?.state, 'absent');
      // The whole WinStations key, enumerated through the real native-reg (no listener under Wine has a PortNumber).
      assert.ok(live.listeners, 'WinStations was read');
      assert.equal(live.listeners?.onlyRdpTcp, undefined);
      assert.deepEqual(
        live.unavailable.map((u) => [u.what, u.reason]),
        [
          ['security-policy', 'secedit exited 0 but wrote no export'],
          ['group-policy-result', 'gpresult is not on this machine'],
          // Wine's powershell.exe is a stub that exits 0 and writes nothing: recorded, not fatal.
          ['group-policy-result', 'powershell (RSoP) exited 0 but wrote no rsop.json'],
        ],
      );
      // Read through the real native-reg key enumeration; Wine has no such policy key.
      assert.equal(live.registryPolicyProcessing?.noGpoListChanges.state, 'absent');
      assert.deepEqual(live.termDd?.events, [], "Wine's wevtutil prints no events");
      assert.equal(live.localGpo?.rdpEncryptionPolicy.state, 'not-defined');
      const back = readEvidenceFolder(join(work, 'collected'));
      const verdict = (ev: Evidence) => {
        const d = diagnose(ev);
        return { verdict: d.verdict, causes: d.causes.map((c) => `${c.id}/${c.source}`) };
      };
      // Wine has no gpresult, so a domain GPO writing RDP-Tcp's level is not ruled out: unknown, not
      // "the connection's own setting" (the CLI suite gives its prefix a gpresult and gets that).
      assert.deepEqual(verdict(live), {
        verdict: 'blocked',
        causes: ['rdp-tcp-encryption-level/unknown'],
      });
      assert.deepEqual(verdict(back.evidence), verdict(live));
      assert.deepEqual(report.folder.written.map((w) => w.file).sort(), [
        'cluster-settings.reg',
        'gp-processing.reg',
        'lsa.reg',
        'policies.reg',
        'rdp-tcp.reg',
        'winstations.reg',
      ]);
      assert.equal(back.evidence.registryPolicyProcessing?.noGpoListChanges.state, 'absent');
      assert.deepEqual(
        back.used.map((u) => u.format),
        [
          'reg-export',
          'reg-export',
          'reg-export',
          'reg-export',
          'reg-export',
          'reg-export',
          'evidence-manifest',
        ],
        'the folder carries its manifest, and it checked out',
      );
    });

    it("the policy store does not believe Wine's stub secedit, reports the missing gpupdate, and edits the local GPO", () => {
      const s = report.policyStore;
      assert.deepEqual(
        [s.readFips.ok, s.readFips.ok ? '' : s.readFips.message],
        [
          false,
          'read the FIPS security option from the local security database (secedit /export): secedit exited 0 but wrote no export. Details are in C:\\windows\\security\\logs\\scesrv.log',
        ],
      );
      assert.match(
        s.configureFips.ok ? '' : s.configureFips.message,
        /^set the FIPS security option to Disabled \(secedit \/configure\): secedit finished, but reading the database back failed/,
      );
      assert.equal(s.refresh.ran, false);
      assert.match(s.refresh.reason ?? '', /^gpupdate is not on this machine/);
      assert.deepEqual(s.localGpo.afterSet, { state: 'set', data: 3 });
      assert.deepEqual(s.localGpo.afterDelete, { state: 'deleted' });
      assert.deepEqual(s.localGpo.files, ['Registry.pol'], 'renamed into place, no temporary file left');
      assert.match(s.localGpo.gptIni, /\r\nVersion=2\r\n/);
    });

    it('the elevated command line reaches the program intact through a real cmd.exe batch file', () => {
      const c = report.elevatedCommand;
      assert.match(c.built.copiedFrom ?? '', /plan dir & 100% \^ caret/);
      assert.equal(c.status, 0);
      assert.deepEqual(c.received, c.built.argv);
    });

    it("starts the elevated step from System32, whatever the current folder's name makes of sudo-prompt's cd line", () => {
      const w = report.workingDirectory;
      assert.equal(w.injected, false, `the folder's name ran a command: ${w.batchCd}`);
      assert.equal(w.batchCd.toLowerCase(), `cd /d "${w.systemRoot}\\system32"`.toLowerCase());
      assert.equal(
        (w.elevatedCwd ?? '').toLowerCase().replace(/\\$/, ''),
        `${w.systemRoot}\\system32`.toLowerCase(),
      );
      assert.equal(w.restored, w.hostile, 'the process is back where it was');
    });

    it('stays within the time budget', () => {
      assert.ok(driverMs < 30_000, `the Windows driver took ${driverMs} ms`);
    });
  });
}
