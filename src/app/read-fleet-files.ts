// The shell around the fleet summary: turns the paths on the command line (files, or folders read
// recursively, as Ansible's fetch lays them out) into classified documents. A path that cannot be
// read is one more named, unreadable entry; nothing here stops the others from being summarised.
import { existsSync, readdirSync, readSync, statSync, type Dirent } from 'node:fs';
import { openRegularFile, UnreadableFile, type OpenRegularFile } from '../machine/regular-file';
import { isAscii, isUtf8 } from 'node:buffer';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { tryDecodeText } from '../core/formats/text-encoding';
import {
  classifyFleetDocument,
  classifyForSummary,
  MAX_DOCUMENT_BYTES,
  tooLargeDocument,
  type FleetDocument,
  type FleetProblem,
  type FleetSummaryDocument,
  type TextDecoding,
} from '../core/fleet/fleet-document';
import { FleetSummaryBuilder, type FleetSummary, type SummaryOptions } from '../core/fleet/summarize';

function reason(e: unknown): string {
  if (e instanceof UnreadableFile) return e.problem;
  const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

/** Every file under the paths, in a stable order; hidden files in folders (.DS_Store, .git) are skipped. */
export function listFleetFiles(paths: readonly string[]): { files: string[]; problems: FleetProblem[] } {
  const files: string[] = [];
  const problems: FleetProblem[] = [];
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    } catch (e) {
      problems.push({ kind: 'unreadable', file: dir, reason: `folder: ${reason(e)}` });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const p = join(dir, entry.name);
      // The folder's own listing says what each entry is; only a link needs a look at what it points to.
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink())
        try {
          isDir = statSync(p).isDirectory();
        } catch (e) {
          problems.push({ kind: 'unreadable', file: p, reason: reason(e) });
          continue;
        }
      if (isDir) walk(p);
      else files.push(p);
    }
  };
  for (const p of paths) {
    try {
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    } catch (e) {
      problems.push({ kind: 'unreadable', file: p, reason: reason(e) });
    }
  }
  return { files, problems };
}

/**
 * Reads each file in turn into one reused buffer and hands its bytes to `classify`, then `each` the
 * result: only what `each` keeps stays in memory, so a fleet of any size streams. The bytes are valid
 * only during `classify` (the next file overwrites them). A file over the documents' size limit is
 * named without being read whole. Generic over what a file becomes, so any kind of fleet document can
 * be read this way.
 */
export function forEachFile<T>(
  files: readonly string[],
  classify: (file: string, bytes: Uint8Array) => T,
  problem: (file: string, reason: string) => T,
  each: (doc: T) => void,
): void {
  // One byte more than the limit: reading that many says the file is too large without its size.
  const buffer = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
  for (const file of files) {
    let opened: OpenRegularFile | undefined;
    let n = 0;
    try {
      // Opened first, then checked: a FIFO or device named in the fleet (or swapped in) is refused, never waited on.
      opened = openRegularFile(file);
      // Read to the size fstat gave: one read for a document, not a second one to see the end. A size
      // of 0 (some special files say so and have content) is read to the end.
      const size = opened.stats.size;
      for (let got = -1; got !== 0 && n < buffer.length && (size === 0 || n < size); n += got)
        got = readSync(opened.fd, buffer, n, buffer.length - n, null);
    } catch (e) {
      each(problem(file, reason(e)));
      continue;
    } finally {
      opened?.close();
    }
    each(classify(file, buffer.subarray(0, n)));
  }
}

/** Files as the summary reads them: only the fields it counts, each checked (classifyForSummary). */
export function readSummaryDocuments(
  files: readonly string[],
  each: (d: FleetSummaryDocument) => void,
): void {
  forEachFile<FleetSummaryDocument>(
    files,
    (file, bytes) => classifyForSummary(file, bytes, decodeFleetText),
    (file, why) => ({ kind: 'unreadable', file, reason: why }),
    each,
  );
}

export function readFleetDocument(file: string): FleetDocument {
  try {
    const f = openRegularFile(file);
    try {
      if (f.stats.size > MAX_DOCUMENT_BYTES) return tooLargeDocument(file, f.stats.size);
      const bytes = f.read(MAX_DOCUMENT_BYTES + 1);
      if (bytes.length > MAX_DOCUMENT_BYTES) return tooLargeDocument(file, bytes.length);
      return classifyFleetDocument(file, bytes);
    } finally {
      f.close();
    }
  } catch (e) {
    return { kind: 'unreadable', file, reason: reason(e) };
  }
}

/** Every document whole, each checked against its full schema: for export, which plans from them. */
export function readFleetDocuments(paths: readonly string[]): FleetDocument[] {
  const { files, problems } = listFleetFiles(paths);
  return [...problems, ...files.map(readFleetDocument)];
}

/**
 * tryDecodeText's answer, sooner for the common case: UTF-8 without a BOM or NUL is checked and
 * decoded by Node's own routines; anything else goes to the core's decoder, which says why not.
 */
export function decodeFleetText(bytes: Uint8Array): ReturnType<TextDecoding> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // What FipsFix writes (jsonDocument): ASCII, a one-byte string at once, which JSON.parse reads fastest.
  if (isAscii(bytes))
    return buffer.includes(0) ? tryDecodeText(bytes) : { text: buffer.toString('latin1'), encoding: 'utf-8' };
  const bom = bytes[0] === 0xef || bytes[0] === 0xff || bytes[0] === 0xfe;
  if (!bom && isUtf8(bytes)) {
    const text = buffer.toString('utf8');
    if (!text.includes('\u0000')) return { text, encoding: 'utf-8' };
  }
  return tryDecodeText(bytes);
}

/** The reader threads' script, beside the bundled CLI; absent when FipsFix runs from its sources. */
function workerScript(): string | undefined {
  const file = join(__dirname, 'fleet-reader-worker.cjs');
  return existsSync(file) ? file : undefined;
}

/**
 * How many threads read the files: FIPSFIX_FLEET_WORKERS when set (0: this thread alone); else one per
 * processor (at most 4) for a fleet large enough that starting them pays, none for a few files.
 */
function readerThreads(files: number, env: NodeJS.ProcessEnv): number {
  const chosen = env['FIPSFIX_FLEET_WORKERS'];
  if (chosen !== undefined && /^\d+$/.test(chosen)) return Math.min(Number(chosen), 16);
  return files >= 2000 ? Math.min(availableParallelism(), 4) : 0;
}

/** Reads the files in `threads` worker threads, handing each document to `each` on this thread. */
async function readInThreads(
  script: string,
  files: readonly string[],
  threads: number,
  each: (d: FleetSummaryDocument) => void,
): Promise<void> {
  const share = Math.ceil(files.length / threads);
  await Promise.all(
    Array.from({ length: threads }, (_, i) => {
      const mine = files.slice(i * share, (i + 1) * share);
      return new Promise<void>((resolve, reject) => {
        // A reader keeps one document and one batch at a time: a small heap collects often and stays small.
        const w = new Worker(script, {
          workerData: { files: mine },
          resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 48 },
        });
        w.on('message', (batch: FleetSummaryDocument[]) => {
          for (const d of batch) each(d);
        });
        w.on('error', reject);
        w.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`a fleet reader thread stopped (exit ${code})`)),
        );
      });
    }),
  );
}

/**
 * The fleet summary of the paths, streamed: each document is read, reduced to what the summary
 * counts, and dropped. A large fleet is read by several threads at once; the summary is the same
 * whichever thread read which file (it does not depend on the order documents arrive in).
 */
export async function summarizeFleetFiles(
  paths: readonly string[],
  options: SummaryOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<FleetSummary> {
  const builder = new FleetSummaryBuilder();
  const { files, problems } = listFleetFiles(paths);
  for (const p of problems) builder.add(p);
  const threads = readerThreads(files.length, env);
  const script = threads > 0 ? workerScript() : undefined;
  if (script) await readInThreads(script, files, threads, (d) => builder.add(d));
  else readSummaryDocuments(files, (d) => builder.add(d));
  return builder.summary(options);
}
