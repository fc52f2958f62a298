// Reads an evidence folder from disk and hands the bytes to the pure recogniser. Only the folder's
// own files are read (no recursion, no links followed out of it), each at most 64 MiB.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  evidenceFromFiles,
  type EvidenceFile,
  type EvidenceFolderResult,
  type SkippedFile,
} from '../core/formats/evidence-folder';
import { gpoBackupIsNotEvidence, recogniseGroupPolicyDocument } from '../core/formats/group-policy-documents';
import { InvalidEvidence } from '../core/formats/invalid-evidence';
import { tryDecodeText } from '../core/formats/text-encoding';

const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Backup-GPO writes one folder per GPO, named by the backup's GUID, holding these two files. */
const GPO_BACKUP_FILES = ['bkupinfo.xml', 'backup.xml'];

/** Why a sub-folder is skipped: a GPO backup is named as one (Backup-GPO -All writes one per GPO). */
function subfolderSkip(name: string, path: string): SkippedFile {
  let inside: string[] = [];
  try {
    inside = readdirSync(path);
  } catch {
    // Unreadable: skipped like any other folder.
  }
  const marker = inside.find((n) => GPO_BACKUP_FILES.includes(n.toLowerCase()));
  if (marker) {
    let gpo: { name?: string; id?: string } | undefined;
    try {
      const st = lstatSync(join(path, marker));
      if (st.isFile() && st.size <= 1024 * 1024) {
        const d = tryDecodeText(new Uint8Array(readFileSync(join(path, marker))));
        const doc = 'problem' in d ? undefined : recogniseGroupPolicyDocument(d.text);
        if (doc?.kind === 'gpo-backup') gpo = doc.gpo;
      }
    } catch {
      // The folder is still named as a GPO backup, only without the GPO's name.
    }
    return { file: name, reason: `a folder holding ${gpoBackupIsNotEvidence(gpo)}`, describesGpo: true };
  }
  return { file: name, reason: 'a folder (evidence folders are flat)' };
}

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
  const skipped: SkippedFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isFile()) {
        skipped.push(
          st.isDirectory() ? subfolderSkip(name, path) : { file: name, reason: 'not a regular file' },
        );
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
  return evidenceFromFiles(files, {
    sha256: (b) => createHash('sha256').update(b).digest('hex'),
    skipped,
  });
}
