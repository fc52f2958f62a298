// Files that must never be half-written (backups, the journal, the local GPO's Registry.pol and
// gpt.ini, a plan copied for the elevated step, the simulated machine's state):
// written to a temporary file in the same folder, flushed to disk, then renamed over the target,
// so a crash leaves the old file or the new one, never a mix.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MachineFailure } from './machine';

/** A file operation's error in the administrator's terms; other errors are returned as they are. */
export function fileFailure(e: unknown, attempted: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM')
    return new MachineFailure(
      'AccessDenied',
      attempted,
      'access denied: run FipsFix from an elevated prompt (Run as administrator), or check the folder’s permissions',
    );
  if (code === 'EBUSY' || code === 'EROFS')
    return new MachineFailure(
      'FileLocked',
      attempted,
      `${code}: the file or folder is locked by another program or read-only; try again in a moment`,
    );
  if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'ENOENT')
    return new MachineFailure(
      'FileLocked',
      attempted,
      `${code}: the folder cannot be created or written there`,
    );
  return e;
}

export function writeFileDurably(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.fipsfix-${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw fileFailure(e, `write ${path}`);
  }
  // The rename is durable once the folder is flushed; not every platform can open a folder.
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* Windows cannot fsync a directory; NTFS journals the rename itself. */
  }
}
