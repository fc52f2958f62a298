// Evidence folders: files recognised by content (not name), the shared samples giving the verdict
// they must, files that are not evidence skipped by name, and bad evidence stopping everything.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnose } from '../../../src/core/diagnose';
import {
  evidenceFromFiles,
  recogniseEvidence,
  type EvidenceFile,
} from '../../../src/core/formats/evidence-folder';
import { InvalidEvidence } from '../../../src/core/formats/invalid-evidence';
import { decodeText } from '../../../src/core/formats/text-encoding';
import { encodePol, utf16leWithBom } from '../../fixture-writers';

const SHARED = join(__dirname, '../../fixtures/shared-evidence');
const FORMATS = join(__dirname, '../../fixtures/formats');

function folder(dir: string, rename: (n: string) => string = (n) => n): EvidenceFile[] {
  return readdirSync(dir)
    .filter((n) => n !== 'expected.json')
    .map((name) => ({ name: rename(name), bytes: new Uint8Array(readFileSync(join(dir, name))) }));
}

const file = (name: string, content: string | Uint8Array): EvidenceFile => ({
  name,
  bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content,
});
const shared = (p: string): EvidenceFile =>
  file(p.split('/').pop() ?? p, new Uint8Array(readFileSync(join(SHARED, p))));

function assertInvalid(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof InvalidEvidence && pattern.test(e.message));
}

interface Expected {
  blocksRemoteAssistance: boolean;
  causes: { setting: string; source: string; fixableLocally: boolean; gpo?: string }[];
}

describe('the shared sample evidence folders give their expected verdicts', () => {
  for (const name of readdirSync(SHARED)) {
    it(name, () => {
      const want = JSON.parse(readFileSync(join(SHARED, name, 'expected.json'), 'utf8')) as Expected;
      const d = diagnose(evidenceFromFiles(folder(join(SHARED, name))).evidence);
      assert.equal(d.blocksRemoteAssistance, want.blocksRemoteAssistance);
      assert.deepEqual(
        d.causes.map((c) => [
          c.setting,
          c.source,
          c.fixableLocally,
          c.source === 'domain-group-policy' ? c.gpo?.name : undefined,
        ]),
        want.causes.map((c) => [c.setting, c.source, c.fixableLocally, c.gpo]),
      );
    });
  }

  it('names do not matter: the same files renamed give the same verdict', () => {
    let i = 0;
    const renamed = folder(join(SHARED, 'fips-domain-gpo'), () => `evidence-${++i}.dat`);
    const d = diagnose(evidenceFromFiles(renamed).evidence);
    assert.deepEqual(
      d.causes.map((c) => [c.source, c.gpo?.name]),
      [['domain-group-policy', 'Fabrikam Member Server Security']],
    );
  });
});

describe('recognition by content', () => {
  it('recognises each format', () => {
    assert.deepEqual(recogniseEvidence(shared('listener-fips/rdp-tcp.reg')), { format: 'reg-export' });
    assert.deepEqual(recogniseEvidence(shared('listener-fips/secedit-export.inf')), {
      format: 'secedit-export',
    });
    assert.deepEqual(recogniseEvidence(shared('listener-fips/gpresult.xml')), { format: 'gpresult-xml' });
    assert.deepEqual(recogniseEvidence(shared('listener-fips/termdd-events.xml')), {
      format: 'wevtutil-xml',
    });
    assert.deepEqual(recogniseEvidence(shared('rdp-policy-local-gpo/Registry.pol')), {
      format: 'registry-pol',
    });
  });

  it('a README beside the exports is skipped and named', () => {
    const r = evidenceFromFiles([
      ...folder(join(SHARED, 'listener-fips')),
      file('README.txt', 'Collected by J. Doe on APP-TS02.\n'),
      file('notes.md', '# notes'),
    ]);
    assert.deepEqual(r.skipped.map((s) => s.file).sort(), ['README.txt', 'notes.md']);
    assert.equal(diagnose(r.evidence).verdict, 'blocked');
  });

  it('a file named like evidence whose content is not is an error, not a skip', () => {
    assertInvalid(() => recogniseEvidence(file('Registry.pol', 'hello')), /wrong header/);
    assertInvalid(() => recogniseEvidence(file('lsa.reg', 'hello world')), /named like a reg export/);
  });

  it('XML that is neither gpresult nor wevtutil is refused', () => {
    assertInvalid(
      () =>
        evidenceFromFiles([
          shared('listener-fips/rdp-tcp.reg'),
          file('config.xml', '<?xml version="1.0"?><configuration/>'),
        ]),
      /not gpresult's/,
    );
  });
});

describe('bad evidence stops everything: no verdict from partly unreadable evidence', () => {
  it('one truncated file among good ones', () => {
    const good = folder(join(SHARED, 'listener-fips'));
    const lsa = decodeText(
      'fips.reg',
      new Uint8Array(readFileSync(join(SHARED, 'listener-fips/fips.reg'))),
    ).text;
    // Cut inside the FIPSAlgorithmPolicy key, as a copy interrupted mid-file leaves it.
    const cut = utf16leWithBom(lsa.slice(0, lsa.indexOf('"Enabled"=dword:0000') + 12));
    assertInvalid(
      () => evidenceFromFiles([...good.filter((f) => f.name !== 'fips.reg'), file('fips.reg', cut)]),
      /fips\.reg: .*truncated/,
    );
  });

  it('a DWORD out of range in a reg export', () => {
    const t = decodeText(
      'x',
      new Uint8Array(readFileSync(join(SHARED, 'listener-fips/rdp-tcp.reg'))),
    ).text.replace('"MinEncryptionLevel"=dword:00000004', '"MinEncryptionLevel"=dword:00000007');
    assertInvalid(
      () => evidenceFromFiles([file('rdp-tcp.reg', utf16leWithBom(t))]),
      /is 7, out of range \(1 to 4\)/,
    );
  });

  it('a watched value of the wrong type', () => {
    const t = decodeText(
      'x',
      new Uint8Array(readFileSync(join(SHARED, 'listener-fips/rdp-tcp.reg'))),
    ).text.replace('"MinEncryptionLevel"=dword:00000004', '"MinEncryptionLevel"="4"');
    assertInvalid(
      () => evidenceFromFiles([file('rdp-tcp.reg', utf16leWithBom(t))]),
      /REG_SZ; it must be a REG_DWORD/,
    );
  });

  it('two exports that disagree about the same value', () => {
    const t = decodeText('x', new Uint8Array(readFileSync(join(SHARED, 'listener-fips/rdp-tcp.reg')))).text;
    assertInvalid(
      () =>
        evidenceFromFiles([
          file('a.reg', utf16leWithBom(t)),
          file('b.reg', utf16leWithBom(t.replace('dword:00000004', 'dword:00000002'))),
        ]),
      /disagrees with/,
    );
  });

  it('a Registry.pol cut short', () => {
    const pol = encodePol([
      {
        key: 'Software\\Policies\\Microsoft\\Windows NT\\Terminal Services',
        value: 'MinEncryptionLevel',
        dword: 4,
      },
    ]);
    assertInvalid(
      () => evidenceFromFiles([file('Registry.pol', pol.subarray(0, pol.length - 3))]),
      /Registry\.pol: .*cut short|expected/,
    );
  });

  it('a folder with no usable evidence', () => {
    assertInvalid(() => evidenceFromFiles([file('README.txt', 'nothing here')]), /no usable evidence/);
    assertInvalid(() => evidenceFromFiles([]), /no usable evidence/);
    const unelevated = new Uint8Array(readFileSync(join(FORMATS, 'gpresult-unelevated.xml')));
    assertInvalid(
      () => evidenceFromFiles([file('gpresult.xml', unelevated)]),
      /no usable evidence.*gpresult\.xml/,
    );
  });
});

describe('what an evidence folder says about where each key was exported from', () => {
  it('a key missing under an exported parent is absent; outside any export it is not read', () => {
    const r = evidenceFromFiles(folder(join(SHARED, 'listener-fips')));
    assert.equal(r.evidence.registry['rdp-encryption-policy']?.state, 'absent');
    const policyOnly = evidenceFromFiles([shared('rdp-policy-local-gpo/policies.reg')]);
    assert.equal(policyOnly.evidence.registry['rdp-tcp-encryption-level'], undefined);
    assert.equal(policyOnly.evidence.registry['rdp-encryption-policy']?.state, 'dword');
  });
});
