// Every parser of src/core/formats is linear in its input: on adversarial shapes of half a megabyte
// or more — runs of whitespace, newlines, `,\` continuations, `[`, `"`, `\`, `;`, NULs, markup — each
// returns (a parse or an InvalidEvidence) within a time bound the harness enforces: the parser runs
// in a worker thread, which is terminated when the bound passes. A super-linear regex or a growing
// string rebuilt per line takes minutes to hours on these inputs (issue 12: 20 KB of blank lines
// hung the .reg check; 200k continuation lines took 32 s; 300k blank lines took 40 s to sniff).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { PARSERS, type ParserName } from './parser-in-worker';

/** Wall-clock bound for one parse of one input; linear parsers take tens of milliseconds here. */
const BOUND_MS = 3000;
const TARGET_BYTES = 512 * 1024;

const HEADERS = [
  '',
  'Windows Registry Editor Version 5.00\r\n\r\n',
  'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n"v"=hex:00,\\\r\n',
  'REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\X]\r\n"',
  '[Unicode]\r\nUnicode=yes\r\n[Registry Values]\r\n',
  '[General]\r\nVersion=',
  '<?xml version="1.0"?><Rsop xmlns="http://www.microsoft.com/GroupPolicy/Rsop"><ComputerResults><Name>',
  '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Computer>',
  '<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
  '<!--',
  '<GPO xmlns="http://www.microsoft.com/GroupPolicy/Settings"><Name>',
  '{"fipsfixRsop":1,"computerName":"',
  '{"format":"fipsfix-evidence-manifest/1","machine":"',
  '<html><body>',
];

const PIECES = [
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '\r\n\r\n',
  ',\\\r\n',
  ',\\\n  ',
  '00,\\\r\n  ',
  '[',
  ']',
  '"',
  '\\',
  '\\\\',
  ';',
  '\0',
  '=',
  '<',
  '>',
  '<a>',
  '</a>',
  '<!--',
  '{',
  '[{',
  ':',
  'x',
  '\u00a0',
  '"x"=dword:00000001\r\n',
];

/** A header, then a unit of one to three pieces repeated to about TARGET_BYTES, then a tail. */
const adversarial = fc
  .record({
    header: fc.constantFrom(...HEADERS),
    unit: fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 3 }),
    tail: fc.constantFrom('', 'x', '\r\n', ']', '"', '>', '}'),
    utf16: fc.boolean(),
  })
  .map(({ header, unit, tail, utf16 }) => {
    const u = unit.join('');
    const body = header + u.repeat(Math.ceil(TARGET_BYTES / u.length)) + tail;
    return utf16
      ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')])
      : Buffer.from(body);
  });

/** The shapes the issue reported, always among the inputs. */
const REPORTED: Buffer[] = [
  Buffer.from('Windows Registry Editor Version 5.00\r\n' + '\r\n'.repeat(10_000) + 'x'),
  Buffer.from('\n'.repeat(300_000)),
  Buffer.from(
    'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\X]\r\n"v"=hex:00,\\\r\n' +
      '  00,\\\r\n'.repeat(200_000) +
      '  00\r\n\r\n',
  ),
];

class ParserWorker {
  private worker!: Worker;
  private ready!: Promise<void>;

  constructor() {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(
      `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'parser-in-worker.ts'))}); require('node:worker_threads').parentPort.postMessage('ready');`,
      { eval: true },
    );
    // Loading TypeScript in a fresh thread takes a while; the bound starts once it is loaded.
    this.ready = new Promise((resolve) => this.worker.once('message', () => resolve()));
  }

  /** Resolves with the parse's time, or rejects when it threw something else or outran the bound. */
  async run(parser: ParserName, bytes: Uint8Array): Promise<number> {
    await this.ready;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.worker.removeAllListeners('message');
        void this.worker.terminate();
        this.start();
        reject(new Error(`${parser} did not return within ${BOUND_MS} ms on ${bytes.length} bytes`));
      }, BOUND_MS);
      this.worker.once('message', (m: { ms: number; threw?: string }) => {
        clearTimeout(timer);
        if (m.threw) reject(new Error(`${parser} crashed: ${m.threw}`));
        else resolve(m.ms);
      });
      this.worker.postMessage({ parser, bytes });
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

describe('every parser is linear: adversarial shapes return within a bound the harness enforces', () => {
  const worker = new ParserWorker();
  after(() => worker.close());

  for (const parser of Object.keys(PARSERS) as ParserName[]) {
    it(`${parser}: ${TARGET_BYTES / 1024} KiB shapes, each within ${BOUND_MS} ms`, async () => {
      let slowest = 0;
      for (const bytes of REPORTED) slowest = Math.max(slowest, await worker.run(parser, bytes));
      await fc.assert(
        fc.asyncProperty(adversarial, async (bytes) => {
          slowest = Math.max(slowest, await worker.run(parser, bytes));
        }),
        { numRuns: 12 },
      );
      assert.ok(slowest < BOUND_MS);
      console.log(`${parser}: slowest ${slowest.toFixed(0)} ms`);
    });
  }
});
