// Files that must never be half-written (backups, the journal, the simulated machine's state):
// written to a temporary file in the same folder, flushed to disk, then renamed over the target,
// so a crash leaves the old file or the new one, never a mix.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MachineFailure } from './machine';

export function writeFileDurably(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
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
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    const locked = code === 'EACCES' || code === 'EPERM' || code === 'EBUSY' || code === 'EROFS';
    throw new MachineFailure(locked ? 'FileLocked' : 'ToolFailed', `write ${path}`, `${code}${locked ? ': the folder is read-only or locked by another program' : ''}`);
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
