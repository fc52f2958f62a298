// No input may crash a parser: whatever the bytes, the result is a parse or an InvalidEvidence
// naming the file — never another exception. Inputs are random bytes and damaged real exports.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evidenceFromFiles } from '../../../src/core/formats/evidence-folder';
import { parseGpresultXml } from '../../../src/core/formats/gpresult-xml';
import { InvalidEvidence } from '../../../src/core/formats/invalid-evidence';
import { parseRegExport } from '../../../src/core/formats/reg-export';
import { localGpoPolicyFrom, parseRegistryPol } from '../../../src/core/formats/registry-pol';
import { parseSeceditExport } from '../../../src/core/formats/secedit-inf';
import { decodeText } from '../../../src/core/formats/text-encoding';
import { parseWevtutilEvents } from '../../../src/core/formats/wevtutil-events';
import { diagnose } from '../../../src/core/diagnose';

const SHARED = join(__dirname, '../../fixtures/shared-evidence');
const sample = (p: string): Uint8Array => new Uint8Array(readFileSync(join(SHARED, p)));

function neverCrashes(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof InvalidEvidence)) throw e;
    assert.ok(e.file.length > 0 && e.problem.length > 0);
  }
}

/** A real export, cut, with bytes overwritten, or with bytes inserted. */
function damaged(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.nat({ max: bytes.length }).map((n) => bytes.subarray(0, n)),
    fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
      const c = bytes.slice();
      c[i] = b;
      return c;
    }),
    fc
      .tuple(fc.nat({ max: bytes.length }), fc.uint8Array({ minLength: 1, maxLength: 16 }))
      .map(([i, ins]) => {
        const c = new Uint8Array(bytes.length + ins.length);
        c.set(bytes.subarray(0, i));
        c.set(ins, i);
        c.set(bytes.subarray(i), i + ins.length);
        return c;
      }),
  );
}

const text = (b: Uint8Array): string => {
  try {
    return decodeText('t', b).text;
  } catch {
    return new TextDecoder().decode(b);
  }
};

const RUNS = { numRuns: 300 };

describe('parsers never crash', () => {
  it('reg export: random bytes and damaged real exports', () => {
    const real = sample('listener-fips/rdp-tcp.reg');
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 512 }), damaged(real)), (b) =>
        neverCrashes(() => parseRegExport('x.reg', b)),
      ),
      RUNS,
    );
  });

  it('secedit export', () => {
    const real = sample('fips-domain-gpo/secedit-export.inf');
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 512 }), damaged(real)), (b) =>
        neverCrashes(() => parseSeceditExport('x.inf', b)),
      ),
      RUNS,
    );
  });

  it('gpresult XML', () => {
    const real = sample('fips-domain-gpo/gpresult.xml');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), damaged(real).map(text)), (t) =>
        neverCrashes(() => parseGpresultXml('x.xml', t)),
      ),
      RUNS,
    );
  });

  it('Registry.pol', () => {
    const real = sample('rdp-policy-local-gpo/Registry.pol');
    const withHeader = fc
      .uint8Array({ maxLength: 256 })
      .map((b) => new Uint8Array([0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0, ...b]));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 256 }), withHeader, damaged(real)), (b) =>
        neverCrashes(() => localGpoPolicyFrom('x.pol', parseRegistryPol('x.pol', b))),
      ),
      RUNS,
    );
  });

  it('wevtutil events', () => {
    const real = sample('listener-fips/termdd-events.xml');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), damaged(real).map(text)), (t) =>
        neverCrashes(() => parseWevtutilEvents('x.xml', t)),
      ),
      RUNS,
    );
  });

  it('a whole folder of damaged files: a verdict or one InvalidEvidence, never a crash', () => {
    const names = [
      'listener-fips/rdp-tcp.reg',
      'listener-fips/fips.reg',
      'listener-fips/gpresult.xml',
      'listener-fips/secedit-export.inf',
      'rdp-policy-local-gpo/Registry.pol',
    ];
    fc.assert(
      fc.property(
        fc.nat({ max: names.length - 1 }),
        fc.constantFrom(...names).chain((n) => damaged(sample(n))),
        (which, bad) => {
          const files = names.map((n, i) => ({ name: `f${i}`, bytes: i === which ? bad : sample(n) }));
          neverCrashes(() => diagnose(evidenceFromFiles(files).evidence));
        },
      ),
      { numRuns: 150 },
    );
  });
});
