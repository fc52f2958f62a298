// Which secedit export a file is, from the collect manifest (a plain export is the local database;
// only /mergedpolicy merges domain and local policy), "Configure registry policy processing" from a
// reg export, and drift read from an evidence folder in Windows' own formats, for diagnose and plan.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnose } from '../../../src/core/diagnose';
import { exitCodeForDiagnosis, exitCodeForPlan } from '../../../src/core/exit-codes';
import { evidenceFromFiles, type EvidenceFile } from '../../../src/core/formats/evidence-folder';
import {
  EVIDENCE_MANIFEST_FILE,
  EVIDENCE_MANIFEST_FORMAT,
  seceditExportKindOf,
  type EvidenceManifest,
} from '../../../src/core/formats/evidence-manifest';
import { InvalidEvidence } from '../../../src/core/formats/invalid-evidence';
import { planRemediation } from '../../../src/core/plan';

const FIXTURES = join(__dirname, '../../fixtures');
const fixture = (name: string, p: string): EvidenceFile => ({
  name,
  bytes: new Uint8Array(readFileSync(join(FIXTURES, p))),
});
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const PLAIN = 'secedit /export /cfg C:\\evidence\\secedit-export.inf /areas SECURITYPOLICY';
const MERGED = 'secedit /export /mergedpolicy /cfg C:\\evidence\\secedit-merged.inf /areas SECURITYPOLICY';

/** The manifest `fipsfix collect` writes, recording the command of each file given one. */
function withManifest(files: EvidenceFile[], commands: Record<string, string>): EvidenceFile[] {
  const manifest: EvidenceManifest = {
    format: EVIDENCE_MANIFEST_FORMAT,
    machine: 'APP-TS20',
    collectedAt: '2026-11-19T12:00:00.000Z',
    files: files.map((f) => ({
      name: f.name,
      bytes: f.bytes.length,
      sha256: sha256(f.bytes),
      ...(commands[f.name] ? { command: commands[f.name] } : {}),
    })),
    notCollected: [],
  };
  return [
    ...files,
    { name: EVIDENCE_MANIFEST_FILE, bytes: new TextEncoder().encode(JSON.stringify(manifest, null, 2)) },
  ];
}

const fipsOn = fixture('lsa.reg', 'shared-evidence/fips-domain-gpo/lsa.reg');
const fipsOff = fixture('lsa.reg', 'shared-evidence/listener-fips/fips.reg');
const rdpTcp = fixture('rdp-tcp.reg', 'shared-evidence/fips-domain-gpo/rdp-tcp.reg');
const policies = fixture('policies.reg', 'shared-evidence/fips-domain-gpo/policies.reg');
const unelevated = fixture('gpresult.xml', 'formats/gpresult-unelevated.xml');
const notDefined = (name: string): EvidenceFile => fixture(name, 'formats/secedit-fips-not-defined.inf');
const definesOn = (name: string): EvidenceFile => fixture(name, 'formats/secedit-merged-fips-enabled.inf');

const read = (files: EvidenceFile[]) => evidenceFromFiles(files, { sha256 });

describe('the kind of a secedit export, from the manifest', () => {
  it('the command decides: /mergedpolicy, a plain export, or not recorded', () => {
    const m = JSON.parse(
      new TextDecoder().decode(
        withManifest([notDefined('a.inf'), notDefined('b.inf'), notDefined('c.inf')], {
          'a.inf': MERGED,
          'b.inf': PLAIN,
        }).at(-1)?.bytes,
      ),
    ) as EvidenceManifest;
    assert.equal(seceditExportKindOf(m, 'a.inf'), 'merged-policy');
    assert.equal(seceditExportKindOf(m, 'b.inf'), 'local-database');
    assert.equal(seceditExportKindOf(m, 'c.inf'), 'not-recorded');
    assert.equal(seceditExportKindOf(undefined, 'a.inf'), 'not-recorded');
  });

  it('FIPS on, gpresult unelevated, a plain export without the option: unknown, not "registry" (exit 2)', () => {
    for (const files of [
      [fipsOn, rdpTcp, policies, unelevated, notDefined('secedit-export.inf')],
      withManifest([fipsOn, rdpTcp, policies, unelevated, notDefined('secedit-export.inf')], {
        'secedit-export.inf': PLAIN,
      }),
    ]) {
      const d = diagnose(read(files).evidence);
      assert.deepEqual(
        d.causes.map((c) => [c.id, c.source]),
        [['fips-algorithm-policy', 'unknown']],
      );
      assert.equal(exitCodeForDiagnosis(d), 2);
      assert.ok(d.causes[0]?.remedy.settleWith?.some((s) => s.includes('/mergedpolicy')));
      assert.equal(planRemediation(d).kind, 'refused');
    }
  });

  it('the same with a merged export that does not define it either: written directly → registry (exit 1)', () => {
    const files = withManifest(
      [
        fipsOn,
        rdpTcp,
        policies,
        unelevated,
        notDefined('secedit-export.inf'),
        notDefined('secedit-merged.inf'),
      ],
      { 'secedit-export.inf': PLAIN, 'secedit-merged.inf': MERGED },
    );
    const ev = read(files).evidence;
    assert.equal(ev.securityPolicy?.exportedWith, 'local-database');
    assert.equal(ev.mergedSecurityPolicy?.exportedWith, 'merged-policy');
    const d = diagnose(ev);
    assert.deepEqual(
      d.causes.map((c) => [c.id, c.source]),
      [['fips-algorithm-policy', 'registry']],
    );
    assert.ok(
      d.causes[0]?.evidence.some(
        (e) => e.file === 'secedit-merged.inf' && /mergedpolicy\) does not define it/.test(e.read),
      ),
    );
    assert.equal(exitCodeForDiagnosis(d), 1);
    const p = planRemediation(d);
    assert.deepEqual(p.kind === 'changes' ? p.changes.map((c) => [c.via, c.before, c.after]) : p.kind, [
      ['registry', 1, 0],
    ]);
  });

  it('a merged export that defines it while the plain one does not: a GPO sets it, unknown which (exit 2)', () => {
    const files = withManifest(
      [
        fipsOn,
        rdpTcp,
        policies,
        unelevated,
        notDefined('secedit-export.inf'),
        definesOn('secedit-merged.inf'),
      ],
      { 'secedit-export.inf': PLAIN, 'secedit-merged.inf': MERGED },
    );
    const d = diagnose(read(files).evidence);
    assert.equal(d.causes[0]?.source, 'unknown');
    assert.equal(exitCodeForDiagnosis(d), 2);
  });

  it('two secedit exports whose kinds are not recorded are refused: which is which cannot be told', () => {
    assert.throws(
      () => read([fipsOn, notDefined('one.inf'), definesOn('two.inf')]),
      (e: unknown) => e instanceof InvalidEvidence && /a second secedit export/.test(e.message),
    );
  });
});

describe('"Configure registry policy processing" from a reg export', () => {
  it('NoGPOListChanges=0 makes a drifted template value come back at every background refresh', () => {
    const pol = fixture('Registry.pol', 'shared-evidence/rdp-policy-local-gpo/Registry.pol');
    const processing = fixture('gp-processing.reg', 'formats/reg-export-registry-processing.reg');
    // The policy value is High in the registry (policies.reg of the domain sample has none: absent),
    // while the local GPO's Registry.pol says 4.
    const ev = read([fipsOff, rdpTcp, policies, pol, processing, notDefined('secedit-export.inf')]).evidence;
    const r = ev.registryPolicyProcessing?.noGpoListChanges;
    assert.deepEqual(r && r.state === 'dword' ? [r.data, r.origin.file] : r, [0, 'gp-processing.reg']);
    const d = diagnose(ev);
    const c = d.causes.find((x) => x.id === 'rdp-encryption-policy');
    assert.equal(c?.source, 'local-group-policy');
    assert.equal(c?.drift?.registryNow, null);
    assert.equal(c?.refresh?.rule, 'administrative-template-every-refresh');
  });
});

describe('drift and incomplete evidence from a folder', () => {
  it('FIPS 0 in the registry while the winning domain GPO enables it: exit 2, plan refused', () => {
    const gpresult = fixture('gpresult.xml', 'shared-evidence/fips-domain-gpo/gpresult.xml');
    const d = diagnose(read([fipsOff, rdpTcp, policies, gpresult]).evidence);
    assert.deepEqual(
      d.causes.map((c) => [c.id, c.source, c.gpo?.name, c.forcesFipsNow, c.drift?.registryNow]),
      [['fips-algorithm-policy', 'domain-group-policy', 'Fabrikam Member Server Security', false, 0]],
    );
    assert.equal(exitCodeForDiagnosis(d), 2);
    assert.equal(exitCodeForPlan(planRemediation(d)), 2);
  });

  it('a folder without the FIPS option: a fixable local-GPO cause, but exit 2 and no plan', () => {
    const dir = 'shared-evidence/rdp-policy-local-gpo';
    const d = diagnose(
      read([fixture('Registry.pol', `${dir}/Registry.pol`), fixture('policies.reg', `${dir}/policies.reg`)])
        .evidence,
    );
    assert.deepEqual(
      d.causes.map((c) => [c.source, c.fixableLocally]),
      [['local-group-policy', true]],
    );
    assert.equal(exitCodeForDiagnosis(d), 2);
    assert.equal(exitCodeForPlan(planRemediation(d)), 2);
  });
});
