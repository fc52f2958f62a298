// Where backups live and how they are trusted: one JSON file per backup holding the content and
// its SHA-256, a .reg beside it for a person, and a run record saying what happened after. A backup
// that fails its schema or its hash, or names a value FipsFix does not manage, is refused whole.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { encodeUtf16leWithBom } from '../core/formats/text-encoding';
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
import { writeFileDurably } from './durable-files';

export class BackupRefused extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'BackupRefused';
  }
}

export interface StoredBackup {
  readonly id: string;
  readonly file: string;
  readonly regFile: string;
  readonly sha256: string;
  readonly content: BackupContent;
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

const MAX_BACKUP_BYTES = 1024 * 1024;

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
  constructor(readonly dir: string) {}

  write(content: BackupContent): StoredBackup {
    const sha256 = sha256Of(content);
    const file = join(this.dir, `${content.id}.json`);
    const regFile = join(this.dir, `${content.id}.reg`);
    const doc: BackupFile = { content, sha256 };
    // The JSON is what rollback trusts; it is written last, so a backup that exists is complete.
    writeFileDurably(regFile, encodeUtf16leWithBom(backupAsRegText(content)));
    writeFileDurably(file, JSON.stringify(doc, null, 2) + '\n');
    return { id: content.id, file, regFile, sha256, content };
  }

  /** A backup by id (in this store) or by path; refused with the reason when it cannot be trusted. */
  read(idOrPath: string): StoredBackup {
    const file = /^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$/.test(idOrPath)
      ? join(this.dir, `${idOrPath}.json`)
      : idOrPath;
    let text: string;
    try {
      if (statSync(file).size > MAX_BACKUP_BYTES)
        throw new BackupRefused(file, 'far larger than any FipsFix backup: not a backup');
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if (e instanceof BackupRefused) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new BackupRefused(
        file,
        code === 'ENOENT' ? 'no such backup' : `cannot be read (${code ?? String(e)})`,
      );
    }
    return this.parse(file, text);
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
    return { id: content.id, file, regFile: join(this.dir, `${content.id}.reg`), sha256: actual, content };
  }

  list(): { backups: StoredBackup[]; unreadable: { file: string; problem: string }[] } {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return { backups: [], unreadable: [] };
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
        JSON.parse(readFileSync(join(this.dir, `${backupId}.${operation}.run.json`), 'utf8')),
      );
      return r.success ? r.data : undefined;
    } catch {
      return undefined;
    }
  }
}
