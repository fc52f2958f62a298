// Reading the local GPO's files. Replacing them goes through writeFileDurably (../durable-files),
// so Group Policy, which may read Registry.pol at any moment, sees the old file or the new one.
import { readFileSync } from 'node:fs';
import { fileFailure } from '../durable-files';

/** The file's bytes, or undefined when it does not exist. */
export function readIfExists(path: string): Uint8Array | undefined {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fileFailure(e, `read ${path}`);
  }
}
