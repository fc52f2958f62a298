// Files a command writes where the administrator asked (--out, --html, --csv): the folder is made if
// needed. A report is written durably (flushed before it is said to be written).
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileDurably } from '../machine/durable-files';

export function writeOutputFile(file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

export function writeReportFile(file: string, content: Uint8Array): void {
  writeFileDurably(file, content);
}

/** A large page written as it is made, a few hundred kilobytes at a time, never as one string. */
export function writeOutputPieces(file: string, pieces: Iterable<string>): void {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  const flush = (text: string): void => {
    const bytes = Buffer.from(text, 'utf8');
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
  };
  try {
    let batch: string[] = [];
    let size = 0;
    for (const p of pieces) {
      batch.push(p);
      size += p.length;
      if (size >= 256 * 1024) {
        flush(batch.join(''));
        batch = [];
        size = 0;
      }
    }
    flush(batch.join(''));
  } finally {
    closeSync(fd);
  }
}
