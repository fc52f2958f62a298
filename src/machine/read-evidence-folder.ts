// Reads an evidence folder from disk and hands the bytes to the pure recogniser. Only the folder's
// own files are read (no recursion, no links followed out of it), each at most 64 MiB.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  evidenceFromFiles,
  type EvidenceFile,
  type EvidenceFolderResult,
} from '../core/formats/evidence-folder';
import { InvalidEvidence } from '../core/formats/invalid-evidence';

const MAX_FILE_BYTES = 64 * 1024 * 1024;

export function readEvidenceFolder(dir: string): EvidenceFolderResult {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InvalidEvidence(
      dir,
      code === 'ENOENT'
        ? 'no such evidence folder'
        : code === 'ENOTDIR'
          ? 'not a folder'
          : `cannot be read (${code ?? String(e)})`,
    );
  }
  const files: EvidenceFile[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isFile()) {
        skipped.push({
          file: name,
          reason: st.isDirectory() ? 'a folder (evidence folders are flat)' : 'not a regular file',
        });
        continue;
      }
      if (st.size > MAX_FILE_BYTES) {
        skipped.push({
          file: name,
          reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB: no export FipsFix reads is that big`,
        });
        continue;
      }
      files.push({ name, bytes: new Uint8Array(readFileSync(path)) });
    } catch (e) {
      throw new InvalidEvidence(
        name,
        `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); is it locked by another program?`,
      );
    }
  }
  const result = evidenceFromFiles(files, { sha256: (b) => createHash('sha256').update(b).digest('hex') });
  return { ...result, skipped: [...skipped, ...result.skipped] };
}
