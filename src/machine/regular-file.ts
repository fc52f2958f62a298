// Reading a file FipsFix is handed (evidence, a backup, a plan, the journal) without being fooled by
// what is at its path: open first, then check what was opened. Checking the path (lstat) and then
// reading it leaves a moment in which a FIFO or a link can be swapped in, and reading a FIFO or a
// device blocks forever (3 of 150 runs hung that way). So the path is opened O_NONBLOCK (a FIFO
// opens at once instead of waiting for a writer) and O_NOFOLLOW (a symbolic link as the last part is
// refused by the kernel), and the descriptor, not the path, is checked with fstat: only a regular
// file is read, and at most `maxBytes` of it. Windows has neither flag (fs.constants lacks them);
// there a link is refused by lstat before the open, and fstat checks the rest.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { visible } from '../core/visible-text';

export type UnreadableReason = 'missing' | 'link' | 'folder' | 'not-regular' | 'too-large' | 'unreadable';

/** Why a file was not read, in words that name it; `reason` for callers that answer each differently. */
export class UnreadableFile extends Error {
  constructor(
    readonly path: string,
    readonly reason: UnreadableReason,
    readonly problem: string,
  ) {
    super(`${visible(path)}: ${problem}`);
    this.name = 'UnreadableFile';
  }
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function refusal(path: string, e: unknown): UnreadableFile {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UnreadableFile(path, 'missing', 'does not exist');
  // Linux answers O_NOFOLLOW on a link with ELOOP, the BSDs and macOS with EMLINK or EFTYPE.
  if (code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE')
    return new UnreadableFile(
      path,
      'link',
      'a symbolic link: FipsFix reads only the file itself, never a link',
    );
  if (code === 'EISDIR') return new UnreadableFile(path, 'folder', 'a folder, not a file');
  return new UnreadableFile(path, 'unreadable', `cannot be read (${code ?? String(e)})`);
}

/** An open regular file: its descriptor and what fstat said of it. Close it with `close()`. */
export interface OpenRegularFile {
  readonly fd: number;
  readonly stats: Stats;
  /** Reads from the start, at most `max` bytes (fewer when the file is shorter). */
  read(max: number): Buffer;
  close(): void;
}

/** Opens `path` for reading if, once open, it is a regular file; throws UnreadableFile otherwise. */
export function openRegularFile(path: string): OpenRegularFile {
  if (constants.O_NOFOLLOW === undefined) {
    // No O_NOFOLLOW (Windows): the link check is on the path, before the open.
    try {
      if (lstatSync(path).isSymbolicLink())
        throw refusal(path, Object.assign(new Error(), { code: 'ELOOP' }));
    } catch (e) {
      throw e instanceof UnreadableFile ? e : refusal(path, e);
    }
  }
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    throw refusal(path, e);
  }
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch (e) {
    closeSync(fd);
    throw refusal(path, e);
  }
  if (!stats.isFile()) {
    closeSync(fd);
    if (stats.isDirectory()) throw new UnreadableFile(path, 'folder', 'a folder, not a file');
    throw new UnreadableFile(
      path,
      'not-regular',
      `${kindOf(stats)}, not a regular file: FipsFix does not read it`,
    );
  }
  return {
    fd,
    stats,
    read: (max) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(max, stats.size + 1)));
      let off = 0;
      try {
        while (off < buf.length) {
          const n = readSync(fd, buf, off, buf.length - off, off);
          if (n === 0) break;
          off += n;
        }
      } catch (e) {
        throw refusal(path, e);
      }
      return buf.subarray(0, off);
    },
    close: () => closeSync(fd),
  };
}

/**
 * The whole of a regular file of at most `maxBytes`; larger is refused (`tooLarge` says why, in the
 * caller's words) before anything is read, and a file that grows past it while read is refused too.
 */
export function readRegularFile(
  path: string,
  maxBytes: number,
  tooLarge: (size: number) => string = (size) => `${size} bytes, more than the ${maxBytes} FipsFix reads`,
): Buffer {
  const f = openRegularFile(path);
  try {
    if (f.stats.size > maxBytes) throw new UnreadableFile(path, 'too-large', tooLarge(f.stats.size));
    const bytes = f.read(maxBytes + 1);
    if (bytes.length > maxBytes) throw new UnreadableFile(path, 'too-large', tooLarge(bytes.length));
    return bytes;
  } finally {
    f.close();
  }
}
