// The backups FipsFix took on this machine, one row each, with what each apply and rollback did:
// listed by `fipsfix backups` and by the window's Backups step.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeChange } from '../core/words/method';
import type { MachineChoice } from './machine-choice';

export interface BackupRow {
  readonly id: string;
  readonly createdAt: string;
  readonly machine: string;
  readonly changes: readonly string[];
  readonly file: string;
  readonly regFile: string;
  readonly sha256: string;
  /** The recorded outcome of the apply that took it, of a rollback to it; null when none is recorded. */
  readonly applied: string | null;
  readonly rolledBack: string | null;
}

export interface BackupList {
  readonly dir: string;
  readonly rows: readonly BackupRow[];
  readonly unreadable: readonly { readonly file: string; readonly problem: string }[];
}

export function listBackups(choice: MachineChoice): BackupList {
  const { store } = choice;
  const { backups, unreadable } = store.list();
  return {
    dir: store.dir,
    rows: backups.map((b) => ({
      id: b.id,
      createdAt: b.content.createdAt,
      machine: b.content.machine,
      changes: b.content.plan.kind === 'changes' ? b.content.plan.changes.map(describeChange) : [],
      file: b.file,
      regFile: b.regFile,
      sha256: b.sha256,
      applied: store.readRun(b.id, 'apply')?.outcome ?? null,
      rolledBack: store.readRun(b.id, 'rollback')?.outcome ?? null,
    })),
    unreadable,
  };
}

/** A backup named by id (in this machine's store) or by path exists: else it is a mistyped argument, not a refusal. */
export function backupExists(choice: MachineChoice, idOrPath: string): boolean {
  return /^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$/.test(idOrPath)
    ? existsSync(join(choice.store.dir, `${idOrPath}.json`))
    : existsSync(idOrPath);
}
