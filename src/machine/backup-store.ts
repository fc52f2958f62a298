// Where backups live and how they are trusted: one JSON file per backup holding the content, its
// SHA-256 and its HMAC-SHA-256 under this machine's backup key (backup-key.ts), a .reg beside it for
// a person, and a run record saying what happened after. A backup that fails its schema, its hash or
// its HMAC, or names a value FipsFix does not manage, is refused whole. Only regular files are read
// from the store (regular-file.ts): a link or a FIFO put there is named, never followed or opened.
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { encodeUtf16leWithBom } from '../core/formats/text-encoding';
import { visible } from '../core/visible-text';
import { DiagnosisSchema } from '../core/diagnosis-schema';
import { UTC_OFFSET_PATTERN } from '../core/words/time';
import {
  BackupFileSchema,
  backupAsRegText,
  canonicalJson,
  type BackupContent,
  type BackupFile,
} from '../core/backup';
import { describeSchemaIssues } from './simulated/load-simulated-machine';
import { BackupKey, backupMac, macMatches } from './backup-key';
import { writeFileDurably } from './durable-files';
import { readRegularFile, UnreadableFile } from './regular-file';

export class BackupRefused extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${visible(file)}: ${visible(problem)}`);
    this.name = 'BackupRefused';
  }
}

export interface StoredBackup {
  readonly id: string;
  readonly file: string;
  readonly regFile: string;
  readonly sha256: string;
  readonly content: BackupContent;
  /**
   * `verified`: its HMAC checks out under this machine's key. `key-unreadable`: this process may not
   * read the key (unelevated on Windows), so only the hash was checked: it can be shown, and the
   * elevated step, which can read the key, verifies it before restoring. The engine restores only a
   * verified backup.
   */
  readonly authenticity: 'verified' | 'key-unreadable';
}

export const RunRecordSchema = z
  .object({
    format: z.literal('fipsfix-run/1'),
    backupId: z.string(),
    operation: z.enum(['apply', 'rollback']),
    finishedAt: z.iso.datetime(),
    outcome: z.enum(['applied', 'rolled-back', 'rollback-incomplete', 'restored']),
    message: z.string(),
    verification: z.array(
      z.object({ value: z.string(), expected: z.string(), found: z.string(), ok: z.boolean() }).strict(),
    ),
    afterRefresh: z
      .object({ checkedAt: z.iso.datetime(), ok: z.boolean(), message: z.string() })
      .strict()
      .optional(),
    diagnosisAfter: DiagnosisSchema.optional(),
    /** Who ran it (DOMAIN\\user): for a rollback, not necessarily who made the fix. */
    ranBy: z.string().optional(),
    /** The server's offset from UTC when it finished. */
    utcOffset: z.string().regex(UTC_OFFSET_PATTERN).optional(),
  })
  .strict();
export type RunRecord = z.infer<typeof RunRecordSchema>;

export const MAX_BACKUP_BYTES = 1024 * 1024;

export function sha256Of(content: BackupContent): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

export function newBackupId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

export class BackupStore {
  readonly key: BackupKey;

  /** `keyFile`: this machine's backup key; by default `keys/backup.key` beside the store's folder. */
  constructor(
    readonly dir: string,
    keyFile: string = join(dirname(dir), 'keys', 'backup.key'),
  ) {
    this.key = new BackupKey(keyFile);
  }

  write(content: BackupContent): StoredBackup {
    const sha256 = sha256Of(content);
    const file = join(this.dir, `${content.id}.json`);
    const regFile = join(this.dir, `${content.id}.reg`);
    const doc: BackupFile = { content, sha256, hmacSha256: backupMac(this.key.forWriting(), content) };
    // The JSON is what rollback trusts; it is written last, so a backup that exists is complete.
    writeFileDurably(regFile, encodeUtf16leWithBom(backupAsRegText(content)));
    writeFileDurably(file, JSON.stringify(doc, null, 2) + '\n');
    return { id: content.id, file, regFile, sha256, content, authenticity: 'verified' };
  }

  /** A backup by id (in this store) or by path; refused with the reason when it cannot be trusted. */
  read(idOrPath: string): StoredBackup {
    const file = /^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$/.test(idOrPath)
      ? join(this.dir, `${idOrPath}.json`)
      : idOrPath;
    return this.parse(file, readBackupBytes(file).toString('utf8'));
  }

  /** A store folder that is itself a link could be anyone's folder: refused like a linked backup. */
  private checkFolder(): void {
    try {
      if (lstatSync(this.dir).isSymbolicLink())
        throw new BackupRefused(this.dir, 'the backup folder is a symbolic link: FipsFix does not follow it');
    } catch (e) {
      if (e instanceof BackupRefused) throw e;
    }
  }

  /** A backup from text already read (the elevated step parses the very bytes whose hash it checked). */
  parse(file: string, text: string): StoredBackup {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new BackupRefused(file, 'not valid JSON: the backup is corrupt or truncated');
    }
    const parsed = BackupFileSchema.safeParse(raw);
    if (!parsed.success)
      throw new BackupRefused(file, `not a valid FipsFix backup: ${describeSchemaIssues(parsed.error)}`);
    const actual = sha256Of(parsed.data.content);
    if (actual !== parsed.data.sha256) {
      throw new BackupRefused(
        file,
        `its SHA-256 does not match its content (recorded ${parsed.data.sha256.slice(0, 12)}…, computed ${actual.slice(0, 12)}…): it was changed or damaged after it was written`,
      );
    }
    const content = parsed.data.content;
    const authenticity = this.authenticate(file, content, parsed.data.hmacSha256);
    return {
      id: content.id,
      file,
      regFile: join(this.dir, `${content.id}.reg`),
      sha256: actual,
      content,
      authenticity,
    };
  }

  /** The HMAC under this machine's key: anything that does not verify is refused, naming why. */
  private authenticate(
    file: string,
    content: BackupContent,
    mac: string | undefined,
  ): StoredBackup['authenticity'] {
    this.checkFolder();
    const key = this.key.read();
    if (key.kind === 'unreadable') return 'key-unreadable';
    const unverified = 'FipsFix restores only backups this machine wrote';
    if (key.kind === 'none')
      throw new BackupRefused(
        file,
        `not verified: this machine has no backup key (${this.key.file}), so no backup can be verified here; it was written on another machine, or before the key was lost. ${unverified}; the .reg beside it shows the values for a person to check`,
      );
    if (mac === undefined)
      throw new BackupRefused(
        file,
        `not verified: it carries no HMAC (written by a FipsFix that did not sign backups, or stripped). ${unverified}`,
      );
    if (!macMatches(key.key, content, mac))
      throw new BackupRefused(
        file,
        `not verified: its HMAC does not match under this machine's backup key: it was forged or edited, or written on another machine or under a key since lost. ${unverified}`,
      );
    return 'verified';
  }

  list(): { backups: StoredBackup[]; unreadable: { file: string; problem: string }[] } {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return { backups: [], unreadable: [] };
    }
    try {
      this.checkFolder();
    } catch (e) {
      if (e instanceof BackupRefused)
        return { backups: [], unreadable: [{ file: this.dir, problem: e.problem }] };
      throw e;
    }
    const backups: StoredBackup[] = [];
    const unreadable: { file: string; problem: string }[] = [];
    for (const n of names.filter((x) => /^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}\.json$/.test(x)).sort()) {
      try {
        backups.push(this.read(join(this.dir, n)));
      } catch (e) {
        if (!(e instanceof BackupRefused)) throw e;
        unreadable.push({ file: basename(e.file), problem: e.problem });
      }
    }
    return { backups, unreadable };
  }

  writeRun(record: RunRecord): string {
    const file = join(this.dir, `${record.backupId}.${record.operation}.run.json`);
    writeFileDurably(file, JSON.stringify(RunRecordSchema.parse(record), null, 2) + '\n');
    return file;
  }

  readRun(backupId: string, operation: RunRecord['operation']): RunRecord | undefined {
    try {
      const r = RunRecordSchema.safeParse(
        JSON.parse(readBackupBytes(join(this.dir, `${backupId}.${operation}.run.json`)).toString('utf8')),
      );
      return r.success ? r.data : undefined;
    } catch {
      return undefined;
    }
  }
}

/** A backup's (or run record's) bytes: a regular file of at most MAX_BACKUP_BYTES, opened then checked. */
function readBackupBytes(file: string): Buffer {
  try {
    return readRegularFile(file, MAX_BACKUP_BYTES);
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    throw new BackupRefused(
      file,
      e.reason === 'missing'
        ? 'no such backup'
        : e.reason === 'too-large'
          ? 'far larger than any FipsFix backup: not a backup'
          : e.problem,
    );
  }
}
