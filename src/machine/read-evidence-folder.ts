// Reads an evidence folder from disk and hands the bytes to the pure recogniser. Only the folder's
// own regular files are read (no recursion, no links, no FIFOs or devices: each is opened first and
// checked by its descriptor, src/machine/regular-file.ts), and only as far as the caps of
// src/core/formats/evidence-limits.ts allow: every file's first SNIFF_BYTES, then the rest only of a
// file in an evidence format, up to that format's cap, and never more than MAX_FOLDER_BYTES in all.
// A file or folder beyond a cap is refused, naming it and the cap; it is never read whole first.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  evidenceFromFiles,
  recogniseEvidence,
  type EvidenceFile,
  type EvidenceFolderResult,
  type SkippedFile,
} from '../core/formats/evidence-folder';
import {
  MAX_BYTES_BY_FORMAT,
  MAX_FOLDER_BYTES,
  MAX_FOLDER_ENTRIES,
  SNIFF_BYTES,
  mebibytes,
  tooLargeProblem,
} from '../core/formats/evidence-limits';
import { looksLikeManifest, parseManifest } from '../core/formats/evidence-manifest';
import { gpoBackupIsNotEvidence, recogniseGroupPolicyDocument } from '../core/formats/group-policy-documents';
import { InvalidEvidence } from '../core/formats/invalid-evidence';
import { sniffedText, tryDecodeText } from '../core/formats/text-encoding';
import { openRegularFile, readRegularFile, UnreadableFile } from './regular-file';

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
      const d = tryDecodeText(new Uint8Array(readRegularFile(join(path, marker), 1024 * 1024)));
      const doc = 'problem' in d ? undefined : recogniseGroupPolicyDocument(d.text);
      if (doc?.kind === 'gpo-backup') gpo = doc.gpo;
    } catch {
      // The folder is still named as a GPO backup, only without the GPO's name.
    }
    return { file: name, reason: `a folder holding ${gpoBackupIsNotEvidence(gpo)}`, describesGpo: true };
  }
  return { file: name, reason: 'a folder (evidence folders are flat)' };
}

function unreadable(name: string, e: UnreadableFile): InvalidEvidence {
  return new InvalidEvidence(
    name,
    e.reason === 'unreadable' ? `${e.problem}; is it locked by another program?` : e.problem,
  );
}

/** A file whose first part says it is not evidence: only that part was read. */
interface BigSkip {
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly skip: SkippedFile;
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
  if (names.length > MAX_FOLDER_ENTRIES)
    throw new InvalidEvidence(
      dir,
      `${names.length} entries, more than the ${MAX_FOLDER_ENTRIES} FipsFix looks at in one evidence folder: an evidence folder holds a dozen files (limits in docs/evidence-folder.md)`,
    );
  const files: EvidenceFile[] = [];
  const skipped: SkippedFile[] = [];
  const bigSkips: BigSkip[] = [];
  let total = 0;
  const count = (name: string, bytes: number): void => {
    total += bytes;
    if (total > MAX_FOLDER_BYTES)
      throw new InvalidEvidence(
        name,
        `reading it brings the folder past the ${mebibytes(MAX_FOLDER_BYTES)} FipsFix reads of one evidence folder, all files together: no server's evidence is that large, so the folder is refused (limits in docs/evidence-folder.md)`,
      );
  };
  for (const name of names.sort()) {
    const path = join(dir, name);
    let f;
    try {
      f = openRegularFile(path);
    } catch (e) {
      if (!(e instanceof UnreadableFile)) throw e;
      // A FIFO or a device is never opened again; a link is not followed.
      if (e.reason === 'folder') skipped.push(subfolderSkip(name, path));
      else if (e.reason === 'link') skipped.push({ file: name, reason: 'a symbolic link (not followed)' });
      else if (e.reason === 'not-regular') skipped.push({ file: name, reason: e.problem });
      else throw unreadable(name, e);
      continue;
    }
    try {
      const size = f.stats.size;
      const head = f.read(SNIFF_BYTES);
      count(name, head.length);
      const prefix: EvidenceFile = { name, bytes: new Uint8Array(head.buffer, head.byteOffset, head.length) };
      if (head.length >= size && size <= SNIFF_BYTES) {
        // Read whole already; the core recognises (or skips) it with everything else.
        files.push(prefix);
        continue;
      }
      const r = recogniseEvidence(prefix);
      const sniffed = sniffedText(prefix.bytes);
      const format =
        'format' in r
          ? r.format
          : !('problem' in sniffed) && looksLikeManifest(sniffed.text)
            ? 'evidence-manifest'
            : undefined;
      if (format === undefined) {
        if ('skip' in r)
          bigSkips.push({
            name,
            path,
            size,
            skip: { file: name, reason: r.skip, ...(r.describesGpo ? { describesGpo: true as const } : {}) },
          });
        continue;
      }
      const cap = MAX_BYTES_BY_FORMAT[format];
      if (size > cap) throw new InvalidEvidence(name, tooLargeProblem(format, size));
      count(name, size - head.length);
      const bytes = f.read(cap + 1);
      if (bytes.length > cap) throw new InvalidEvidence(name, tooLargeProblem(format, bytes.length));
      files.push({ name, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) });
    } catch (e) {
      if (e instanceof UnreadableFile) throw unreadable(name, e);
      throw e;
    } finally {
      f.close();
    }
  }
  // A file the collect manifest lists is read whole even when it does not look like evidence, so the
  // manifest's check says what happened to it (changed, cut short) rather than that it is missing.
  const listed = listedByManifest(files);
  for (const b of bigSkips) {
    if (!listed.has(b.name)) {
      skipped.push(b.skip);
      continue;
    }
    const cap = Math.max(...Object.values(MAX_BYTES_BY_FORMAT));
    if (b.size > cap)
      throw new InvalidEvidence(b.name, `${mebibytes(b.size)}, more than FipsFix reads of any evidence file`);
    count(b.name, b.size);
    try {
      const bytes = readRegularFile(b.path, cap);
      files.push({ name: b.name, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) });
    } catch (e) {
      if (e instanceof UnreadableFile) throw unreadable(b.name, e);
      throw e;
    }
  }
  return evidenceFromFiles(files, {
    sha256: (b) => createHash('sha256').update(b).digest('hex'),
    skipped,
  });
}

/** The names in the folder's collect manifest, if it has a readable one. */
function listedByManifest(files: readonly EvidenceFile[]): Set<string> {
  for (const f of files) {
    const d = sniffedText(f.bytes);
    if ('problem' in d || !looksLikeManifest(d.text)) continue;
    try {
      return new Set(parseManifest(f.name, d.text).files.map((x) => x.name));
    } catch {
      return new Set();
    }
  }
  return new Set();
}
