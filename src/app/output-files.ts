// Files a command writes where the administrator asked (--out, --html, --csv): the folder is made if
// needed. A report is written durably (flushed before it is said to be written).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileDurably } from '../machine/durable-files';

export function writeOutputFile(file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

export function writeReportFile(file: string, content: Uint8Array): void {
  writeFileDurably(file, content);
}
