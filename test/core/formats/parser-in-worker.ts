// The worker side of parsers-linear.property.test.ts: runs one parser of src/core/formats on the
// bytes it is sent and answers how long it took. It runs in a worker so that the test can stop a
// parser that does not return (a super-linear one takes hours) by terminating the thread.
import { parentPort } from 'node:worker_threads';
import { computersNamedBy } from '../../../src/core/formats/evidence-computers';
import { evidenceFromFiles, recogniseEvidence } from '../../../src/core/formats/evidence-folder';
import { parseManifest } from '../../../src/core/formats/evidence-manifest';
import { parseGpresultXml } from '../../../src/core/formats/gpresult-xml';
import { recogniseGroupPolicyDocument } from '../../../src/core/formats/group-policy-documents';
import { InvalidEvidence } from '../../../src/core/formats/invalid-evidence';
import { parseRegExport } from '../../../src/core/formats/reg-export';
import { localGpoPolicyFrom, parseRegistryPol } from '../../../src/core/formats/registry-pol';
import {
  gptIniAfterMachinePolicyChange,
  gptIniVersionOf,
} from '../../../src/core/formats/registry-pol-writer';
import { parseRsopJson } from '../../../src/core/formats/rsop-json';
import { parseSeceditExport } from '../../../src/core/formats/secedit-inf';
import { sniffedText, tryDecodeText } from '../../../src/core/formats/text-encoding';
import { parseWevtutilEvents } from '../../../src/core/formats/wevtutil-events';

const text = (b: Uint8Array): string => {
  const d = tryDecodeText(b);
  return 'problem' in d ? new TextDecoder().decode(b) : d.text;
};

export const PARSERS = {
  'reg export': (b: Uint8Array) => parseRegExport('x.reg', b),
  'secedit export': (b: Uint8Array) => parseSeceditExport('x.inf', b),
  'gpresult XML': (b: Uint8Array) => parseGpresultXml('x.xml', text(b)),
  'wevtutil events': (b: Uint8Array) => parseWevtutilEvents('x.xml', text(b)),
  'Registry.pol': (b: Uint8Array) => localGpoPolicyFrom('x.pol', parseRegistryPol('x.pol', b)),
  'rsop.json': (b: Uint8Array) => parseRsopJson('rsop.json', b),
  'evidence manifest': (b: Uint8Array) => parseManifest('m.json', text(b)),
  'GPO documents': (b: Uint8Array) => recogniseGroupPolicyDocument(text(b)),
  'gpt.ini': (b: Uint8Array) => [
    gptIniVersionOf(text(b)),
    gptIniAfterMachinePolicyChange('gpt.ini', text(b)),
  ],
  'content sniffing': (b: Uint8Array) => [
    sniffedText(b),
    recogniseEvidence({ name: 'README', bytes: b }),
    computersNamedBy([{ name: 'README', bytes: b }]),
  ],
  'a whole folder': (b: Uint8Array) => evidenceFromFiles([{ name: 'notes', bytes: b }]),
} as const;
export type ParserName = keyof typeof PARSERS;

parentPort?.on('message', (m: { parser: ParserName; bytes: Uint8Array }) => {
  const t0 = performance.now();
  let threw: string | undefined;
  try {
    PARSERS[m.parser](m.bytes);
  } catch (e) {
    // Refusing is fine; any other exception is a crash the test reports.
    if (!(e instanceof InvalidEvidence)) threw = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  parentPort?.postMessage({ ms: performance.now() - t0, ...(threw ? { threw } : {}) });
});
