// The per-machine key that authenticates backups (HMAC-SHA-256). A SHA-256 alone proves nothing: a
// forged backup carries a hash recomputed over its forged content. The key is 32 random bytes in
// the data folder's `keys` folder, created on the first backup; on Windows that folder is
// readable by Administrators and SYSTEM only (windows-machine-choice.ts, secureDataFolder), so a
// user who can read backups cannot sign one. Design, and what a lost key means: docs/fix-engine.md.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { canonicalJson, type BackupContent } from '../core/backup';
import { fileFailure } from './durable-files';
import { readRegularFile, UnreadableFile } from './regular-file';

const KEY_BYTES = 32;
/** Domain separation: this key signs backups and nothing else, in this format. */
const CONTEXT = 'fipsfix-backup/1\n';

export type KeyRead =
  | { readonly kind: 'key'; readonly key: Buffer }
  /** No key on this machine: none was ever made, or it was lost (the data folder was removed). */
  | { readonly kind: 'none' }
  /** The key is there but this process may not read it (unelevated on Windows). */
  | { readonly kind: 'unreadable'; readonly problem: string };

export class BackupKey {
  constructor(readonly file: string) {}

  read(): KeyRead {
    try {
      const key = readRegularFile(this.file, KEY_BYTES);
      if (key.length !== KEY_BYTES)
        return { kind: 'unreadable', problem: `${this.file} is not a ${KEY_BYTES}-byte key: it is damaged` };
      return { kind: 'key', key };
    } catch (e) {
      if (!(e instanceof UnreadableFile)) throw e;
      if (e.reason === 'missing') return { kind: 'none' };
      if (e.reason === 'too-large')
        return { kind: 'unreadable', problem: `${this.file} is not a ${KEY_BYTES}-byte key: it is damaged` };
      return { kind: 'unreadable', problem: e.message };
    }
  }

  /** The key, created (0600, in a 0700 folder) when this machine has none yet. */
  forWriting(): Buffer {
    const r = this.read();
    if (r.kind === 'key') return r.key;
    if (r.kind === 'unreadable')
      throw fileFailure(Object.assign(new Error(r.problem), { code: 'EACCES' }), `read ${this.file}`);
    const dir = dirname(this.file);
    const tmp = join(dir, `.backup.key.${randomBytes(6).toString('hex')}.tmp`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const fd = openSync(tmp, 'wx', 0o600);
      try {
        writeSync(fd, randomBytes(KEY_BYTES));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      // A hard link creates the key only if none exists, whole: two first backups at once agree on one.
      try {
        linkSync(tmp, this.file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    } catch (e) {
      throw fileFailure(e, `create the backup key ${this.file}`);
    } finally {
      rmSync(tmp, { force: true });
    }
    const again = this.read();
    if (again.kind !== 'key') throw new Error(`${this.file}: the backup key was not created`);
    return again.key;
  }
}

/** HMAC-SHA-256 of the backup's canonical JSON under the machine's key, as hex. */
export function backupMac(key: Buffer, content: BackupContent): string {
  return createHmac('sha256', key).update(CONTEXT).update(canonicalJson(content), 'utf8').digest('hex');
}

export function macMatches(key: Buffer, content: BackupContent, mac: string): boolean {
  const expected = Buffer.from(backupMac(key, content), 'hex');
  const given = Buffer.from(mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
