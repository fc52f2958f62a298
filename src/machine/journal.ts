// The journal: each step of an apply or rollback is recorded before it runs, so a process killed in
// the middle leaves a record that the next start finds and offers to roll back or complete.
import { rmSync } from 'node:fs';
import { z } from 'zod';
import { writeFileDurably } from './durable-files';
import { readRegularFile, UnreadableFile } from './regular-file';

/** A journal lists a handful of steps; anything far larger is not one. */
const MAX_JOURNAL_BYTES = 1024 * 1024;

export const JournalSchema = z
  .object({
    format: z.literal('fipsfix-journal/1'),
    operation: z.enum(['apply', 'rollback']),
    backupId: z.string(),
    backupFile: z.string(),
    machine: z.string(),
    startedAt: z.iso.datetime(),
    pid: z.number().int(),
    steps: z.array(
      z.object({ description: z.string(), state: z.enum(['pending', 'started', 'done']) }).strict(),
    ),
  })
  .strict();
export type JournalEntry = z.infer<typeof JournalSchema>;

export type JournalRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'interrupted'; readonly entry: JournalEntry }
  | { readonly kind: 'unreadable'; readonly problem: string };

export class Journal {
  private entry: JournalEntry | undefined;

  constructor(readonly file: string) {}

  read(): JournalRead {
    let text: string;
    try {
      // Opened, then checked: a FIFO or link put in its place is reported, never waited on or followed.
      text = readRegularFile(this.file, MAX_JOURNAL_BYTES).toString('utf8');
    } catch (e) {
      if (e instanceof UnreadableFile && e.reason !== 'missing')
        return { kind: 'unreadable', problem: e.problem };
      return { kind: 'none' };
    }
    try {
      const r = JournalSchema.safeParse(JSON.parse(text));
      return r.success
        ? { kind: 'interrupted', entry: r.data }
        : { kind: 'unreadable', problem: r.error.issues[0]?.message ?? 'invalid' };
    } catch {
      return { kind: 'unreadable', problem: 'not valid JSON' };
    }
  }

  begin(entry: Omit<JournalEntry, 'format' | 'pid' | 'steps'>, steps: readonly string[]): void {
    this.entry = {
      format: 'fipsfix-journal/1',
      pid: process.pid,
      ...entry,
      steps: steps.map((description) => ({ description, state: 'pending' })),
    };
    this.save();
  }

  mark(index: number, state: 'started' | 'done'): void {
    const step = this.entry?.steps[index];
    if (!this.entry || !step) return;
    this.entry = {
      ...this.entry,
      steps: this.entry.steps.map((s, i) => (i === index ? { ...s, state } : s)),
    };
    this.save();
  }

  finish(): void {
    this.entry = undefined;
    rmSync(this.file, { force: true });
  }

  private save(): void {
    if (this.entry) writeFileDurably(this.file, JSON.stringify(this.entry, null, 2) + '\n');
  }
}
