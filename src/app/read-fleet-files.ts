// The shell around the fleet summary: turns the paths on the command line (files, or folders read
// recursively, as Ansible's fetch lays them out) into classified documents. A path that cannot be
// read is one more named, unreadable entry; nothing here stops the others from being summarised.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  classifyFleetDocument,
  MAX_DOCUMENT_BYTES,
  tooLargeDocument,
  type FleetDocument,
} from '../core/fleet/fleet-document';

function reason(e: unknown): string {
  const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

/** Every file under the paths, in a stable order; hidden files in folders (.DS_Store, .git) are skipped. */
export function listFleetFiles(paths: readonly string[]): { files: string[]; problems: FleetDocument[] } {
  const files: string[] = [];
  const problems: FleetDocument[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      problems.push({ kind: 'unreadable', file: dir, reason: `folder: ${reason(e)}` });
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      let isDir: boolean;
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

export function readFleetDocument(file: string): FleetDocument {
  try {
    const size = statSync(file).size;
    if (size > MAX_DOCUMENT_BYTES) return tooLargeDocument(file, size);
    return classifyFleetDocument(file, readFileSync(file));
  } catch (e) {
    return { kind: 'unreadable', file, reason: reason(e) };
  }
}

export function readFleetDocuments(paths: readonly string[]): FleetDocument[] {
  const { files, problems } = listFleetFiles(paths);
  return [...problems, ...files.map(readFleetDocument)];
}
