// Reading and replacing the local GPO's files. A replacement is written beside the file and renamed
// over it, so Group Policy (which may read Registry.pol at any moment) sees the old file or the new
// one, never half of one.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { MachineFailure } from '../machine';

export function fileFailure(e: unknown, attempted: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return new MachineFailure('AccessDenied', attempted, 'access denied: run FipsFix from an elevated prompt (Run as administrator)');
  if (code === 'EBUSY') return new MachineFailure('FileLocked', attempted, 'the file is in use by another program (a policy refresh?); try again in a moment');
  return e;
}

/** The file's bytes, or undefined when it does not exist. */
export function readIfExists(path: string): Uint8Array | undefined {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fileFailure(e, `read ${path}`);
  }
}

export function writeFileAtomically(path: string, bytes: Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.fipsfix-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx');
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw fileFailure(e, `write ${path}`);
  }
}
