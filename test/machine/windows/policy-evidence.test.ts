// Evidence from a Windows machine, live (collectWindowsEvidence) and as an evidence folder
// (writeEvidenceFolder), for the three shared evidence samples: both must give the verdict the
// folder reader gives. The tools are a double of the spawn (windows-tools-double.ts) answering
// with the samples' own files; the registry is a model built from the samples' reg exports
// (registry-model.ts). The real registry and reg.exe are exercised under Wine (test/wine/).
import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { diagnose } from '../../../src/core/diagnose';
import type { Evidence } from '../../../src/core/evidence';
import { InvalidEvidence } from '../../../src/core/formats/invalid-evidence';
import { MachineFailure } from '../../../src/machine/machine';
import { readEvidenceFolder } from '../../../src/machine/read-evidence-folder';
import { localGpoPaths } from '../../../src/machine/windows/local-policy-store';
import { rsopCollectScript } from '../../../src/machine/windows/rsop-collect';
import { EVIDENCE_MANIFEST_FILE } from '../../../src/core/formats/evidence-manifest';
import { REGISTRY_PROCESSING_KEY } from '../../../src/core/settings';
import {
  COLLECT_NOTES_FILE,
  TERMDD_QUERY,
  collectRegistryEvidence,
  collectWindowsEvidence,
  writeEvidenceFolder,
} from '../../../src/machine/windows/policy-evidence';
import { RegistryModel } from './registry-model';
import {
  FORMATS,
  SECEDIT_EXPORTS,
  SHARED,
  WindowsToolsDouble,
  argAfter,
  encodedScript,
  exits,
  gpresultWriting,
  missing,
  powershellWritingRsop,
  timedOut,
  wevtutilPrinting,
} from './windows-tools-double';

const MACHINE = { name: 'APP-TS02', osVersion: '10.0.17763' };
/** Keys every Windows has; a sample that did not export them still has them, empty. */
const ALWAYS = [
  'SYSTEM\\CurrentControlSet\\Control\\Lsa',
  'SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
];

let root: string;
let windowsDir: string;
let tempDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fipsfix-evidence-'));
  windowsDir = join(root, 'Windows');
  tempDir = join(root, 'Temp');
  mkdirSync(windowsDir);
  mkdirSync(tempDir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A machine whose registry, tools and local GPO are what one shared sample shows. */
function machineFrom(
  sample: string,
  override: ConstructorParameters<typeof WindowsToolsDouble>[0] = {},
): { registry: RegistryModel; tools: WindowsToolsDouble } {
  const dir = join(SHARED, sample);
  const files = readdirSync(dir);
  const registry = RegistryModel.fromExports(
    files.filter((f) => f.endsWith('.reg')).map((f) => join(dir, f)),
    ALWAYS,
  );
  const has = (f: string): string | undefined => (files.includes(f) ? join(dir, f) : undefined);
  const gpresult = has('gpresult.xml');
  const inf = has('secedit-export.inf');
  if (has('Registry.pol')) {
    const { registryPol } = localGpoPaths(windowsDir);
    mkdirSync(join(registryPol, '..'), { recursive: true });
    copyFileSync(join(dir, 'Registry.pol'), registryPol);
  }
  const tools = new WindowsToolsDouble({
    reg: registry.regTool(),
    secedit: inf
      ? (args) => {
          writeFileSync(argAfter(args, '/cfg'), readFileSync(inf));
          return { status: 0, stdout: '', stderr: '' };
        }
      : missing,
    gpresult: gpresult ? gpresultWriting(gpresult) : missing,
    wevtutil: wevtutilPrinting(has('termdd-events.xml')),
    ...override,
  });
  return { registry, tools };
}

function verdictOf(ev: Evidence): { verdict: string; causes: string[] } {
  const d = diagnose(ev);
  return { verdict: d.verdict, causes: d.causes.map((c) => [c.id, c.source, c.gpo?.name ?? ''].join('/')) };
}

describe('evidence from this Windows machine', () => {
  for (const sample of ['fips-domain-gpo', 'listener-fips', 'rdp-policy-local-gpo']) {
    it(`${sample}: live evidence, the evidence folder it writes, and the sample folder agree`, async () => {
      const fromSample = verdictOf(readEvidenceFolder(join(SHARED, sample)).evidence);
      assert.ok(fromSample.causes.length > 0, 'each sample is blocked by something');
      const { registry, tools } = machineFrom(sample);
      const live = await collectWindowsEvidence(registry, tools, { windowsDir, tempDir, machine: MACHINE });
      assert.deepEqual(verdictOf(live), fromSample);
      const expected = JSON.parse(readFileSync(join(SHARED, sample, 'expected.json'), 'utf8')) as {
        blocksRemoteAssistance: boolean;
      };
      assert.equal(fromSample.verdict === 'blocked', expected.blocksRemoteAssistance);

      const out = join(root, 'collected');
      const written = await writeEvidenceFolder(out, tools, { windowsDir, tempDir, machine: MACHINE });
      const back = readEvidenceFolder(out);
      assert.deepEqual(verdictOf(back.evidence), fromSample);
      assert.deepEqual(
        back.skipped.map((s) => s.file),
        [COLLECT_NOTES_FILE],
        'every other file is evidence',
      );
      assert.deepEqual(
        readdirSync(out).sort(),
        [...written.written.map((w) => w.file), COLLECT_NOTES_FILE, EVIDENCE_MANIFEST_FILE].sort(),
      );
      assert.ok(back.used.some((u) => u.file === EVIDENCE_MANIFEST_FILE && u.format === 'evidence-manifest'));

      // The manifest vouches for every file: one cut short, changed or removed since is refused.
      const first = written.written[0]?.file ?? '';
      const original = readFileSync(join(out, first));
      writeFileSync(join(out, first), original.subarray(0, original.length - 4));
      assert.throws(
        () => readEvidenceFolder(out),
        (e: unknown) => e instanceof InvalidEvidence && /cut short or changed/.test(e.message),
      );
      const changed = Buffer.from(original);
      changed[changed.length - 6] = changed[changed.length - 6] === 0x30 ? 0x31 : 0x30;
      writeFileSync(join(out, first), changed);
      assert.throws(
        () => readEvidenceFolder(out),
        (e: unknown) => e instanceof InvalidEvidence && /SHA-256 differs/.test(e.message),
      );
      rmSync(join(out, first));
      assert.throws(
        () => readEvidenceFolder(out),
        (e: unknown) => e instanceof InvalidEvidence && /missing from the folder/.test(e.message),
      );
      writeFileSync(join(out, first), original);
      assert.deepEqual(verdictOf(readEvidenceFolder(out).evidence), fromSample);
      assert.deepEqual(readdirSync(tempDir), [], 'the live collection cleaned up after itself');
    });
  }

  it('exports secedit twice, plain and /mergedpolicy, and the manifest records which file is which', async () => {
    // A machine whose local database does not define the FIPS option but whose merged policy does,
    // gpresult unelevated: only the merged export shows a GPO (or local policy) turning it on.
    const secedit = (args: readonly string[]) => {
      const merged = args.some((a) => a.toLowerCase() === '/mergedpolicy');
      writeFileSync(argAfter(args, '/cfg'), readFileSync(SECEDIT_EXPORTS[merged ? 1 : 'not-defined']));
      return { status: 0, stdout: '', stderr: '' };
    };
    const unelevated = join(__dirname, '../../fixtures/formats/gpresult-unelevated.xml');
    const { registry, tools } = machineFrom('fips-domain-gpo', {
      secedit,
      gpresult: gpresultWriting(unelevated),
      wevtutil: wevtutilPrinting(undefined),
    });
    const live = await collectWindowsEvidence(registry, tools, { windowsDir, tempDir, machine: MACHINE });
    assert.deepEqual(
      tools.calls.filter((c) => c.tool === 'secedit').map((c) => c.args.filter((a) => !a.endsWith('.inf'))),
      [
        ['/export', '/cfg', '/areas', 'SECURITYPOLICY'],
        ['/export', '/mergedpolicy', '/cfg', '/areas', 'SECURITYPOLICY'],
      ],
    );
    assert.equal(live.securityPolicy?.exportedWith, 'local-database');
    assert.equal(live.mergedSecurityPolicy?.exportedWith, 'merged-policy');
    assert.equal(diagnose(live).causes[0]?.source, 'unknown');

    const out = join(root, 'collected');
    await writeEvidenceFolder(out, tools, { windowsDir, tempDir, machine: MACHINE });
    const manifest = JSON.parse(readFileSync(join(out, EVIDENCE_MANIFEST_FILE), 'utf8')) as {
      files: { name: string; command?: string }[];
    };
    const commandOf = (n: string): string | undefined => manifest.files.find((f) => f.name === n)?.command;
    assert.equal(
      commandOf('secedit-export.inf'),
      'secedit /export /cfg secedit-export.inf /areas SECURITYPOLICY',
    );
    assert.equal(
      commandOf('secedit-merged.inf'),
      'secedit /export /mergedpolicy /cfg secedit-merged.inf /areas SECURITYPOLICY',
    );
    assert.match(
      commandOf('lsa.reg') ?? '',
      /^reg export "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa" lsa\.reg \/y$/,
    );
    const back = readEvidenceFolder(out).evidence;
    assert.equal(back.mergedSecurityPolicy?.exportedWith, 'merged-policy');
    assert.deepEqual(verdictOf(back), verdictOf(live));
  });

  it('runs each tool from System32 with the documented command line', async () => {
    const { registry, tools } = machineFrom('listener-fips');
    await collectWindowsEvidence(registry, tools, {
      windowsDir,
      tempDir,
      machine: MACHINE,
      timeoutsMs: { gpresult: 5000 },
    });
    const byTool = new Map(tools.calls.map((c) => [c.tool, c]));
    assert.deepEqual(
      byTool.get('gpresult')?.args.filter((_, i) => i !== 3),
      ['/scope', 'computer', '/x', '/f'],
    );
    assert.equal(byTool.get('gpresult')?.timeoutMs, 5000);
    assert.deepEqual(byTool.get('wevtutil')?.args, [
      'qe',
      'System',
      `/q:${TERMDD_QUERY}`,
      '/f:xml',
      '/c:50',
      '/rd:true',
    ]);
    assert.equal(TERMDD_QUERY, "*[System[Provider[@Name='TermDD'] and (EventID=50)]]");
    for (const c of tools.calls)
      assert.equal(
        c.program,
        c.tool === 'powershell'
          ? join(windowsDir, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe')
          : join(windowsDir, 'System32', `${c.tool}.exe`),
      );
    assert.equal(byTool.has('reg'), false, 'the live registry is read in-process, never through reg.exe');
  });

  it('records tools that are missing, fail, time out or write nothing readable, and throws none of it', async () => {
    const { registry } = machineFrom('listener-fips');
    const tools = new WindowsToolsDouble({
      secedit: (args) => {
        writeFileSync(argAfter(args, '/cfg'), 'not an export at all');
        return { status: 0, stdout: '', stderr: '' };
      },
      gpresult: timedOut,
      wevtutil: exits(15007, 'Failed to read events. The specified channel could not be found.'),
    });
    const ev = await collectWindowsEvidence(registry, tools, { windowsDir, tempDir, machine: MACHINE });
    assert.deepEqual(
      ev.unavailable.map((u) => u.what),
      // Both secedit exports (plain and /mergedpolicy) wrote nothing readable: each is recorded;
      // so is gpresult's time-out and the missing Windows PowerShell (RSoP).
      ['group-policy-result', 'group-policy-result', 'termdd-events', 'security-policy', 'security-policy'],
    );
    assert.match(
      ev.unavailable.map((u) => u.reason).join('\n'),
      /gpresult did not finish in time[^]*wevtutil exited with code 15007: Failed to read events[^]*secedit \/export.*not a secedit export/,
    );
    assert.equal(ev.securityPolicy, undefined);
    assert.equal(ev.groupPolicy, undefined);
    assert.equal(ev.localGpo?.rdpEncryptionPolicy.state, 'not-defined');
    assert.equal(Object.keys(ev.registry).length, 4);
    const none = await collectWindowsEvidence(registry, new WindowsToolsDouble({}), {
      windowsDir,
      tempDir,
      machine: MACHINE,
    });
    assert.deepEqual(
      none.unavailable.map((u) => u.reason),
      [
        'secedit is not on this machine (it needs an elevated prompt)',
        'gpresult is not on this machine',
        'powershell (RSoP) is not on this machine',
        'wevtutil is not on this machine',
      ],
    );
  });

  it('an unelevated gpresult (no computer part) is evidence that the computer part is unknown', async () => {
    const { registry, tools } = machineFrom('listener-fips', {
      gpresult: gpresultWriting(join(__dirname, '../../fixtures/formats/gpresult-unelevated.xml')),
    });
    const ev = await collectWindowsEvidence(registry, tools, { windowsDir, tempDir, machine: MACHINE });
    assert.equal(ev.groupPolicy?.computerResults, 'missing');
  });

  it('a missing policy key is exported through its parent, so the folder still shows it absent', async () => {
    const registry = RegistryModel.fromExports(
      [join(SHARED, 'listener-fips/rdp-tcp.reg')],
      [...ALWAYS, 'SOFTWARE\\Policies\\Microsoft'],
    );
    const tools = new WindowsToolsDouble({ reg: registry.regTool() });
    const out = join(root, 'collected');
    const written = await writeEvidenceFolder(out, tools, { windowsDir, tempDir, machine: MACHINE });
    assert.deepEqual(
      tools.calls.filter((c) => c.tool === 'reg').map((c) => c.args[1]),
      [
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa',
        'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services',
        'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT',
        'HKLM\\SOFTWARE\\Policies\\Microsoft',
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
        // Every listener; and the broker settings, through their parent when the host has none.
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations',
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\ClusterSettings',
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server',
        // "Configure registry policy processing", through its parents up to one that exists.
        `HKLM\\${REGISTRY_PROCESSING_KEY}`,
        'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Group Policy',
        'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows',
        'HKLM\\SOFTWARE\\Policies\\Microsoft',
      ],
    );
    assert.match(
      written.written.find((w) => w.file === 'policies.reg')?.holds ?? '',
      /of HKLM\\SOFTWARE\\Policies\\Microsoft: .*Terminal Services does not exist/,
    );
    const back = readEvidenceFolder(out).evidence;
    assert.equal(back.registry['rdp-encryption-policy']?.state, 'absent');
    assert.equal(back.registryPolicyProcessing?.noGpoListChanges.state, 'absent');
    assert.equal(back.registry['rdp-tcp-encryption-level']?.state, 'dword');
    const notes = readFileSync(join(out, COLLECT_NOTES_FILE), 'utf8');
    assert.match(
      notes,
      /Not collected:[^]*security-policy: secedit is not on this machine[^]*local-gpo: .*Registry\.pol does not exist/,
    );
    assert.equal(existsSync(join(out, 'termdd-events.xml')), false);
  });

  it('refuses to write into a folder that already holds something', async () => {
    const out = join(root, 'old');
    mkdirSync(out);
    writeFileSync(join(out, 'gpresult.xml'), 'old');
    await assert.rejects(
      () => writeEvidenceFolder(out, new WindowsToolsDouble({}), { windowsDir, tempDir, machine: MACHINE }),
      (e: unknown) => e instanceof MachineFailure && /not empty/.test(e.message),
    );
  });

  it('registry readings: a read that is denied is recorded; a value of the wrong type is refused', () => {
    const denied = collectRegistryEvidence(
      {
        readValue: (id) => {
          if (id === 'rdp-tcp-encryption-level')
            throw new MachineFailure('AccessDenied', `read ${id}`, 'access denied');
          return { exists: false };
        },
      },
      MACHINE,
    );
    assert.deepEqual(denied.unavailable, [
      { what: 'registry', reason: 'read rdp-tcp-encryption-level: access denied' },
    ]);
    assert.equal(denied.registry['rdp-tcp-encryption-level'], undefined);
    assert.equal(denied.registry['fips-algorithm-policy']?.origin.format, 'live-registry');
    assert.throws(
      () =>
        collectRegistryEvidence(
          { readValue: () => ({ exists: true, type: 'other', typeName: 'REG_SZ' }) },
          MACHINE,
        ),
      InvalidEvidence,
    );
    assert.throws(
      () =>
        collectRegistryEvidence({ readValue: () => ({ exists: true, type: 'REG_DWORD', data: 9 }) }, MACHINE),
      /out of range/,
    );
  });

  describe('RSoP through Windows PowerShell', () => {
    const RSOP = join(FORMATS, 'rsop-domain-fips-rdp.json');
    const manifestOf = (dir: string) =>
      JSON.parse(readFileSync(join(dir, EVIDENCE_MANIFEST_FILE), 'utf8')) as {
        files: { name: string; command?: string }[];
        notCollected: { what: string; reason: string }[];
      };

    it('runs after gpresult into the same folder, and the group policy comes from RSoP where present', async () => {
      // The sample's gpresult names "Fabrikam Member Server Security" for FIPS; RSoP (the same
      // computer) says the Default Domain Policy does it and Contoso RDS Hardening pins the RDP level.
      const gpresultOnly = verdictOf(readEvidenceFolder(join(SHARED, 'fips-domain-gpo')).evidence);
      const { registry, tools } = machineFrom('fips-domain-gpo', {
        powershell: powershellWritingRsop(RSOP, MACHINE.name),
        wevtutil: wevtutilPrinting(undefined),
      });
      const live = await collectWindowsEvidence(registry, tools, {
        windowsDir,
        tempDir,
        machine: MACHINE,
        timeoutsMs: { rsop: 7000 },
      });
      const order = tools.calls.map((c) => c.tool);
      assert.equal(order[order.indexOf('gpresult') + 1], 'powershell', 'RSoP is read right after gpresult');
      const gp = tools.calls.find((c) => c.tool === 'gpresult');
      const ps = tools.calls.find((c) => c.tool === 'powershell');
      assert.ok(gp && ps);
      assert.equal(ps.program, join(windowsDir, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'));
      assert.deepEqual(ps.args.slice(0, 3), ['-NoProfile', '-NonInteractive', '-EncodedCommand']);
      assert.equal(ps.args.length, 4);
      assert.equal(ps.timeoutMs, 7000);
      // UTF-16LE base64 of the script that writes rsop.json beside gpresult.xml, in the temp folder.
      const folder = dirname(argAfter(gp.args, '/x'));
      assert.equal(dirname(folder), tempDir);
      assert.equal(encodedScript(ps.args), rsopCollectScript(join(folder, 'rsop.json')));

      assert.equal(live.groupPolicy?.computerResults, 'present');
      if (live.groupPolicy?.computerResults !== 'present') return;
      assert.ok(live.groupPolicy.settings.length > 0);
      for (const setting of live.groupPolicy.settings) assert.equal(setting.origin.format, 'rsop-json');
      assert.deepEqual(live.unavailable, []);
      const fromRsop = verdictOf(live);
      assert.deepEqual(fromRsop.causes, [
        'fips-algorithm-policy/domain-group-policy/Default Domain Policy',
        'rdp-encryption-policy/domain-group-policy/Contoso RDS Hardening',
      ]);
      assert.notDeepEqual(fromRsop, gpresultOnly, 'without RSoP the sample names another GPO');
      assert.deepEqual(readdirSync(tempDir), [], 'rsop.json went with the temp folder');

      const out = join(root, 'collected');
      const written = await writeEvidenceFolder(out, tools, { windowsDir, tempDir, machine: MACHINE });
      const inFolder = tools.calls.filter((c) => c.tool === 'powershell').at(-1);
      assert.equal(encodedScript(inFolder?.args ?? []), rsopCollectScript(join(out, 'rsop.json')));
      assert.ok(written.written.some((w) => w.file === 'rsop.json'));
      assert.match(
        manifestOf(out).files.find((f) => f.name === 'rsop.json')?.command ?? '',
        /^powershell\.exe -NoProfile -NonInteractive -EncodedCommand .*docs\/rsop-evidence\.md.*'rsop\.json'/,
      );
      const back = readEvidenceFolder(out);
      assert.deepEqual(
        back.used.filter((u) => u.file === 'rsop.json'),
        [{ file: 'rsop.json', format: 'rsop-json' }],
      );
      assert.deepEqual(verdictOf(back.evidence), fromRsop);
    });

    const failures: [string, Parameters<typeof powershellWritingRsop>[0] | null, RegExp, boolean][] = [
      ['missing', null, /^powershell \(RSoP\) is not on this machine$/, false],
      ['refused', null, /^powershell \(RSoP\) exited with code 1/, false],
      ['timed out', null, /^powershell \(RSoP\) did not finish in time/, false],
      ['unelevated', join(FORMATS, 'rsop-unelevated.json'), /collected without elevation/, true],
      ['cut short', join(FORMATS, 'rsop-truncated.json'), /cut short/, false],
    ];
    for (const [name, fixture, reason, kept] of failures) {
      it(`PowerShell ${name}: recorded with the reason, the verdict rests on gpresult as before`, async () => {
        const fromSample = verdictOf(readEvidenceFolder(join(SHARED, 'fips-domain-gpo')).evidence);
        const powershell =
          name === 'missing'
            ? missing
            : name === 'refused'
              ? exits(1, 'Get-CimInstance : Access denied')
              : name === 'timed out'
                ? timedOut
                : powershellWritingRsop(
                    fixture ?? '',
                    // The truncated file is written as it is: it cannot be parsed to rename it.
                    name === 'cut short' ? undefined : MACHINE.name,
                  );
        const { registry, tools } = machineFrom('fips-domain-gpo', {
          powershell,
          wevtutil: wevtutilPrinting(undefined),
        });
        const live = await collectWindowsEvidence(registry, tools, { windowsDir, tempDir, machine: MACHINE });
        assert.deepEqual(verdictOf(live), fromSample);
        const rsopGaps = live.unavailable.filter((u) => u.what === 'group-policy-result');
        assert.equal(rsopGaps.length, 1);
        assert.match(rsopGaps[0]?.reason ?? '', reason);
        assert.equal(live.groupPolicy?.computerResults, 'present', "gpresult's evidence is intact");
        assert.ok(live.securityPolicy && live.mergedSecurityPolicy && live.localGpo);
        assert.equal(Object.keys(live.registry).length, 4);

        const out = join(root, 'collected');
        const written = await writeEvidenceFolder(out, tools, { windowsDir, tempDir, machine: MACHINE });
        assert.equal(existsSync(join(out, 'rsop.json')), kept);
        assert.equal(
          written.written.some((w) => w.file === 'rsop.json'),
          kept,
        );
        assert.match(
          manifestOf(out).notCollected.find((n) => n.what === 'group-policy-result')?.reason ?? '',
          reason,
        );
        assert.deepEqual(verdictOf(readEvidenceFolder(out).evidence), fromSample);
      });
    }
  });

  describe('"Configure registry policy processing" (NoGPOListChanges)', () => {
    it('is read in-process, exported as gp-processing.reg, and read back the same', async () => {
      const registry = RegistryModel.fromExports(
        [join(SHARED, 'listener-fips/rdp-tcp.reg'), join(FORMATS, 'reg-export-registry-processing.reg')],
        [...ALWAYS, 'SOFTWARE\\Policies\\Microsoft'],
      );
      const live = collectRegistryEvidence(registry, MACHINE);
      assert.deepEqual(live.registryPolicyProcessing?.noGpoListChanges, {
        state: 'dword',
        data: 0,
        origin: {
          file: 'registry of this machine',
          format: 'live-registry',
          location: `HKLM\\${REGISTRY_PROCESSING_KEY}\\NoGPOListChanges`,
        },
      });
      const tools = new WindowsToolsDouble({ reg: registry.regTool() });
      const full = await collectWindowsEvidence(registry, tools, { windowsDir, tempDir, machine: MACHINE });
      assert.equal(full.registryPolicyProcessing?.noGpoListChanges.state, 'dword');
      assert.equal(
        tools.calls.some((c) => c.tool === 'reg'),
        false,
        'read in-process, never through reg.exe',
      );

      const out = join(root, 'collected');
      const written = await writeEvidenceFolder(out, tools, { windowsDir, tempDir, machine: MACHINE });
      assert.equal(
        written.written.find((w) => w.file === 'gp-processing.reg')?.command,
        `reg export "HKLM\\${REGISTRY_PROCESSING_KEY}" gp-processing.reg /y`,
      );
      const back = readEvidenceFolder(out).evidence;
      assert.equal(back.registryPolicyProcessing?.noGpoListChanges.state, 'dword');
      assert.equal(
        back.registryPolicyProcessing?.noGpoListChanges.state === 'dword' &&
          back.registryPolicyProcessing.noGpoListChanges.data,
        0,
      );
      assert.equal(back.registryPolicyProcessing?.noGpoListChanges.origin.file, 'gp-processing.reg');
      assert.deepEqual(verdictOf(back), verdictOf(full));
    });

    it('absent key or value is absent; a denied read is recorded; another type is refused', () => {
      const keyReading = (contents: ReturnType<RegistryModel['readKey']>) =>
        collectRegistryEvidence({ readValue: () => ({ exists: false }), readKey: () => contents }, MACHINE);
      assert.deepEqual(keyReading(undefined).registryPolicyProcessing?.noGpoListChanges, {
        state: 'absent',
        origin: {
          file: 'registry of this machine',
          format: 'live-registry',
          location: `HKLM\\${REGISTRY_PROCESSING_KEY} does not exist`,
        },
      });
      const other = keyReading({
        subkeys: [],
        values: new Map([['NoBackgroundPolicy', { type: 'REG_DWORD', data: 0 }]]),
      });
      assert.equal(other.registryPolicyProcessing?.noGpoListChanges.state, 'absent');
      // Windows' value names are case-insensitive.
      const lower = keyReading({
        subkeys: [],
        values: new Map([['nogpolistchanges', { type: 'REG_DWORD', data: 1 }]]),
      });
      assert.equal(
        lower.registryPolicyProcessing?.noGpoListChanges.state === 'dword' &&
          lower.registryPolicyProcessing.noGpoListChanges.data,
        1,
      );
      const denied = collectRegistryEvidence(
        {
          readValue: () => ({ exists: false }),
          readKey: (key) => {
            throw new MachineFailure('AccessDenied', `read HKLM\\${key}`, 'access denied');
          },
        },
        MACHINE,
      );
      assert.equal(denied.registryPolicyProcessing, undefined);
      // Every key read that is denied is recorded: the listeners' (WinStations) and this one.
      assert.deepEqual(denied.unavailable, [
        {
          what: 'registry',
          reason:
            'read HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations: access denied',
        },
        { what: 'registry', reason: `read HKLM\\${REGISTRY_PROCESSING_KEY}: access denied` },
      ]);
      assert.throws(
        () =>
          keyReading({ subkeys: [], values: new Map([['NoGPOListChanges', { type: 'REG_SZ', data: '0' }]]) }),
        (e: unknown) => e instanceof InvalidEvidence && /REG_SZ; it must be a REG_DWORD/.test(e.message),
      );
    });
  });
});
